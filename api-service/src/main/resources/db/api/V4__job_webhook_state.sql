-- The outcome webhook's state as the notifier reports it on export.webhook.attempts, shown on the job.
ALTER TABLE jobs
    ADD COLUMN webhook_status               text,
    ADD COLUMN webhook_attempts             integer,
    ADD COLUMN webhook_last_attempt_at      timestamptz,
    ADD COLUMN webhook_last_response_status integer;
