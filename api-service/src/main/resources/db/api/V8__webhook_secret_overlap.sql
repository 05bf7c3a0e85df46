-- Rotation with an overlap window (Standard Webhooks): after a rotation the previous secret stays valid until
-- previous_webhook_secret_until, and every delivery meanwhile carries a signature under each secret, so a
-- receiver can switch to the new secret at any moment of the window without failing a single verification.
ALTER TABLE accounts
    ADD COLUMN previous_webhook_secret text,
    ADD COLUMN previous_webhook_secret_until timestamptz;

-- The notifier's read model gains the previous secret while its window is open (null otherwise).
CREATE OR REPLACE VIEW webhook_signing_keys AS
SELECT id AS account_id,
       webhook_secret AS secret,
       CASE WHEN previous_webhook_secret_until > now() THEN previous_webhook_secret END AS previous_secret
FROM accounts;
