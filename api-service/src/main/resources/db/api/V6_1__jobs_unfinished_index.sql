-- The per-account cap of unfinished jobs counts these at every create.
CREATE INDEX jobs_account_unfinished ON jobs (account_id) WHERE status = 'SUBMITTED';
