-- One delivery per job outcome, keyed by its Standard Webhooks id (stable across retries and
-- redeliveries). The schedule lives in next_attempt_at, so a restarted notifier resumes it; a replica
-- claims due rows with FOR UPDATE SKIP LOCKED and leases them by moving next_attempt_at forward.
CREATE TABLE deliveries (
    webhook_id           text PRIMARY KEY,
    job_id               uuid        NOT NULL,
    account_id           uuid        NOT NULL,
    callback_url         text        NOT NULL,
    payload              text        NOT NULL,
    status               text        NOT NULL,
    attempts             integer     NOT NULL,
    round_attempts       integer     NOT NULL,
    next_attempt_at      timestamptz,
    last_attempt_at      timestamptz,
    last_response_status integer,
    last_error           text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_job ON deliveries (job_id);

-- Every attempt, once (attempt numbers never repeat for a delivery). Also the notifier's outbox: rows are
-- published to export.webhook.attempts by AttemptRelay and marked published.
CREATE TABLE attempts (
    id              bigserial PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    webhook_id      text        NOT NULL REFERENCES deliveries (webhook_id),
    job_id          uuid        NOT NULL,
    account_id      uuid        NOT NULL,
    attempt         integer     NOT NULL,
    attempted_at    timestamptz NOT NULL,
    response_status integer,
    error           text,
    delivery_status text        NOT NULL,
    next_attempt_at timestamptz,
    payload         text        NOT NULL,
    published_at    timestamptz,
    UNIQUE (webhook_id, attempt)
);
CREATE INDEX attempts_unpublished ON attempts (id) WHERE published_at IS NULL;
