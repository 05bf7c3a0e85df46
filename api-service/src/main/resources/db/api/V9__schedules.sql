-- Schedules (DESIGN §9): recurring exports. job_options is the JSON of a create-job body without its dates,
-- read again by the job-creation parser for every run, so that a new job member works for schedules too.
-- run_window is the wire form of the window (JSON). next_run_at is the next due moment, null while paused.
CREATE TABLE schedules (
    id          uuid PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES accounts (id),
    name        text        NOT NULL,
    job_options text        NOT NULL,
    cadence     text        NOT NULL,
    time_zone   text        NOT NULL,
    run_window  text        NOT NULL,
    paused      boolean     NOT NULL,
    next_run_at timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX schedules_account ON schedules (account_id, created_at);
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE next_run_at IS NOT NULL;

-- One row per schedule and period (run_at: the moment the period ended): the primary key is what makes a
-- period run once, whatever the replicas and restarts. A run is pending (waiting for a slot under the
-- account's unfinished-jobs cap), created (job_id set) or rejected (job creation refused it: error_message).
CREATE TABLE schedule_runs (
    schedule_id   uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    run_at        timestamptz NOT NULL,
    start_date    date        NOT NULL,
    end_date      date        NOT NULL,
    backfill      boolean     NOT NULL,
    status        text        NOT NULL,
    job_id        uuid REFERENCES jobs (id),
    error_message text,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (schedule_id, run_at)
);
CREATE INDEX schedule_runs_pending ON schedule_runs (backfill, created_at) WHERE status = 'pending';

ALTER TABLE jobs ADD COLUMN schedule_id uuid;
