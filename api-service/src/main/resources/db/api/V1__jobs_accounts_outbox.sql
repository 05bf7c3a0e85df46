CREATE TABLE accounts (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);

-- Keys are shown once; only their SHA-256 is kept. The prefix identifies a key in lists and logs.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES accounts (id),
    prefix     text        NOT NULL,
    key_hash   text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz
);

CREATE TABLE jobs (
    id                     uuid PRIMARY KEY,
    account_id             uuid        NOT NULL REFERENCES accounts (id),
    report_type            text        NOT NULL,
    output_format          text        NOT NULL,
    property_ids           bigint[]    NOT NULL,
    start_date             date        NOT NULL,
    end_date               date        NOT NULL,
    status                 text        NOT NULL,
    callback_url           text,
    error_message          text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    started_at             timestamptz,
    completed_at           timestamptz,
    rows_written           bigint,
    properties_done        integer,
    properties_total       integer,
    result_row_count       bigint,
    result_file_size_bytes bigint,
    result_sha256          text,
    result_object_key      text,
    result_file_name       text,
    version                integer     NOT NULL
);
CREATE INDEX jobs_account_created ON jobs (account_id, created_at DESC);

-- Transactional outbox: written with the job change, published by OutboxRelay.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    event_id    uuid        NOT NULL UNIQUE,
    event_type  text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Events already applied, so that a redelivered event changes nothing.
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL
);
