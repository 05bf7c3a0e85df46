-- The provider's data, as its warehouse holds it: one row per property, one per property and day.
-- Read-only for the api-service and the export workers.
CREATE TABLE properties (
    id                 integer PRIMARY KEY,
    property_name      text    NOT NULL,
    address            text,
    city               text,
    state              text,
    zip_code           text,
    latitude           double precision,
    longitude          double precision,
    total_units        integer,
    year_built         integer,
    management_company text
);

CREATE TABLE property_daily_metrics (
    property_id        integer NOT NULL REFERENCES properties (id),
    date               date    NOT NULL,
    asking_rent        numeric(10, 2),
    net_effective_rent numeric(10, 2),
    occupancy_percent  numeric(5, 2),
    available_units    integer,
    concession_text    text,
    PRIMARY KEY (property_id, date)
);
