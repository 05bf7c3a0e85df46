-- The shards of a job (issue 14): every job is handed to the workers as shards, groups of its properties in
-- property order. A job below the fan-out threshold has one shard, the whole job, which travels as the
-- JobSubmitted of before. Only the api-service writes these rows: the dispatcher moves QUEUED to RUNNING when it
-- publishes a shard (within its account's running cap), a worker's ShardCompleted (or the job's outcome) moves
-- RUNNING to DONE, FAILED or CANCELLED.
CREATE TABLE job_shards (
    job_id          uuid        NOT NULL REFERENCES jobs (id),
    shard_index     integer     NOT NULL,
    shard_count     integer     NOT NULL,
    account_id      uuid        NOT NULL,
    property_ids    bigint[]    NOT NULL,
    status          text        NOT NULL,
    queued_at       timestamptz NOT NULL,
    dispatched_at   timestamptz,
    finished_at     timestamptz,
    rows_written    bigint      NOT NULL DEFAULT 0,
    properties_done integer     NOT NULL DEFAULT 0,
    version         integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, shard_index)
);
-- The dispatcher reads the queue in order and counts each account's running shards at every round.
CREATE INDEX job_shards_queued ON job_shards (queued_at, job_id, shard_index) WHERE status = 'QUEUED';
CREATE INDEX job_shards_running ON job_shards (account_id) WHERE status = 'RUNNING';

-- The files of each finished shard (its checkpoint), numbered from 1 within the shard; the job's files are
-- these in (shard, file) order once every shard is done.
CREATE TABLE job_shard_files (
    job_id          uuid    NOT NULL,
    shard_index     integer NOT NULL,
    file_index      integer NOT NULL,
    file_name       text    NOT NULL,
    object_key      text    NOT NULL,
    row_count       bigint  NOT NULL,
    file_size_bytes bigint  NOT NULL,
    sha256          text    NOT NULL,
    PRIMARY KEY (job_id, shard_index, file_index),
    FOREIGN KEY (job_id, shard_index) REFERENCES job_shards (job_id, shard_index)
);
