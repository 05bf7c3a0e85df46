-- What an account may export and how much: all properties or a listed set; a monthly quota of distinct
-- property records; a request rate per API key.
ALTER TABLE accounts
    ADD COLUMN all_properties        boolean NOT NULL DEFAULT true,
    ADD COLUMN monthly_quota         integer NOT NULL DEFAULT 10000,
    ADD COLUMN rate_limit_per_minute integer NOT NULL DEFAULT 600;

CREATE TABLE account_properties (
    account_id  uuid   NOT NULL REFERENCES accounts (id),
    property_id bigint NOT NULL,
    PRIMARY KEY (account_id, property_id)
);

-- Permissions of a key: exports:write (create, cancel), exports:read (list, get, download),
-- properties:read (lookup).
ALTER TABLE api_keys
    ADD COLUMN permissions text[] NOT NULL DEFAULT '{exports:write,exports:read,properties:read}';

-- Each distinct property an account exports counts once per calendar month (UTC), charged to the job that
-- first exported it that month; a failed or cancelled job gives its rows back.
CREATE TABLE quota_usage (
    account_id  uuid   NOT NULL REFERENCES accounts (id),
    month       date   NOT NULL,
    property_id bigint NOT NULL,
    job_id      uuid   NOT NULL REFERENCES jobs (id),
    PRIMARY KEY (account_id, month, property_id)
);
CREATE INDEX quota_usage_job ON quota_usage (job_id);

-- Idempotency-Key of job creation: the same key and body give back the original job for 24 hours.
CREATE TABLE idempotency_keys (
    account_id   uuid        NOT NULL REFERENCES accounts (id),
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    job_id       uuid        NOT NULL REFERENCES jobs (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (account_id, key)
);
