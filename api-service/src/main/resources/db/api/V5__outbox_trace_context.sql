-- The W3C traceparent of the change that wrote the event, so that a trace continues through the outbox.
ALTER TABLE outbox ADD COLUMN traceparent text;
