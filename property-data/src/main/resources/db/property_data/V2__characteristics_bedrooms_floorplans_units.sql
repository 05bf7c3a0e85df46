-- Extends the model toward what the provider tracks (issue 3): market, classification, ownership and area
-- demographics on properties; more metrics and a bedroom-level breakdown per property and day; floorplans
-- and units with their own daily series.
ALTER TABLE properties
    ADD COLUMN market                  text,
    ADD COLUMN msa                     text,
    ADD COLUMN property_type           text,
    ADD COLUMN property_class          text,
    ADD COLUMN year_renovated          integer,
    ADD COLUMN stories                 integer,
    ADD COLUMN owner_name              text,
    ADD COLUMN amenities               text,
    ADD COLUMN median_household_income integer,
    ADD COLUMN population_3mi          integer,
    ADD COLUMN median_age              numeric(4, 1);

ALTER TABLE property_daily_metrics
    ADD COLUMN rent_per_sq_ft                        numeric(6, 2),
    ADD COLUMN leased_percent                        numeric(5, 2),
    ADD COLUMN exposure_percent                      numeric(5, 2),
    ADD COLUMN concession_value                      numeric(10, 2),
    ADD COLUMN concession_percent                    numeric(5, 2),
    ADD COLUMN days_on_market                        integer,
    ADD COLUMN studio_asking_rent                    numeric(10, 2),
    ADD COLUMN studio_net_effective_rent             numeric(10, 2),
    ADD COLUMN studio_available_units                integer,
    ADD COLUMN studio_days_on_market                 integer,
    ADD COLUMN one_bedroom_asking_rent               numeric(10, 2),
    ADD COLUMN one_bedroom_net_effective_rent        numeric(10, 2),
    ADD COLUMN one_bedroom_available_units           integer,
    ADD COLUMN one_bedroom_days_on_market            integer,
    ADD COLUMN two_bedroom_asking_rent               numeric(10, 2),
    ADD COLUMN two_bedroom_net_effective_rent        numeric(10, 2),
    ADD COLUMN two_bedroom_available_units           integer,
    ADD COLUMN two_bedroom_days_on_market            integer,
    ADD COLUMN three_bedroom_asking_rent             numeric(10, 2),
    ADD COLUMN three_bedroom_net_effective_rent      numeric(10, 2),
    ADD COLUMN three_bedroom_available_units         integer,
    ADD COLUMN three_bedroom_days_on_market          integer,
    ADD COLUMN four_plus_bedroom_asking_rent         numeric(10, 2),
    ADD COLUMN four_plus_bedroom_net_effective_rent  numeric(10, 2),
    ADD COLUMN four_plus_bedroom_available_units     integer,
    ADD COLUMN four_plus_bedroom_days_on_market      integer;

CREATE TABLE floorplans (
    id             integer PRIMARY KEY,
    property_id    integer      NOT NULL REFERENCES properties (id),
    floorplan_name text         NOT NULL,
    bedroom_count  integer      NOT NULL,
    bathroom_count numeric(3, 1) NOT NULL,
    sq_ft          integer,
    unit_count     integer      NOT NULL
);
CREATE INDEX floorplans_property ON floorplans (property_id);

CREATE TABLE floorplan_daily_metrics (
    floorplan_id       integer NOT NULL REFERENCES floorplans (id),
    date               date    NOT NULL,
    available_count    integer,
    asking_rent_min    numeric(10, 2),
    asking_rent_avg    numeric(10, 2),
    asking_rent_max    numeric(10, 2),
    net_effective_rent numeric(10, 2),
    rent_per_sq_ft     numeric(6, 2),
    days_on_market     integer,
    unit_mix_percent   numeric(5, 2),
    PRIMARY KEY (floorplan_id, date)
);

CREATE TABLE units (
    id             integer PRIMARY KEY,
    property_id    integer       NOT NULL REFERENCES properties (id),
    floorplan_id   integer       REFERENCES floorplans (id),
    unit_name      text          NOT NULL,
    bedroom_count  integer       NOT NULL,
    bathroom_count numeric(3, 1) NOT NULL,
    sq_ft          integer,
    floor          integer,
    amenities      text
);
CREATE INDEX units_property ON units (property_id);

-- lease_terms: asking rent per lease length in months, as JSON text ({"6": 1950.00, "12": 1850.00}).
CREATE TABLE unit_daily_listings (
    unit_id                integer NOT NULL REFERENCES units (id),
    date                   date    NOT NULL,
    asking_rent            numeric(10, 2),
    net_effective_rent     numeric(10, 2),
    is_available           boolean NOT NULL,
    available_date         date,
    is_leased              boolean NOT NULL,
    leased_date            date,
    days_on_market         integer,
    concession_text        text,
    concession_value       numeric(10, 2),
    lease_terms            text,
    last_rent_change       numeric(10, 2),
    last_rent_change_date  date,
    PRIMARY KEY (unit_id, date)
);
