-- The retention sweep (RetentionService) finds old rows by these columns in short batches.
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
