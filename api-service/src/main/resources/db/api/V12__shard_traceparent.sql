-- The W3C traceparent of the create that queued the shard, so that the shard's event, written later by the
-- dispatcher, continues the job's trace (as the create's own outbox rows do, V5) rather than the dispatcher's.
ALTER TABLE job_shards ADD COLUMN traceparent text;
