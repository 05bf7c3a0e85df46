-- An account's own caps of work in flight: unfinished jobs (a create beyond it is a 429) and shards handed to
-- the workers at once. NULL takes the configured default (export.jobs.max-unfinished-per-account,
-- export.shards.max-running-per-account).
ALTER TABLE accounts
    ADD COLUMN max_unfinished_jobs integer CHECK (max_unfinished_jobs > 0),
    ADD COLUMN max_running_shards  integer CHECK (max_running_shards > 0);
