-- Webhook signing secrets are made by the api-service and stored sealed (AES-GCM, SecretCipher, bound to the
-- account: "v2:{key id}:{base64(nonce || ciphertext)}"), so the database no longer makes one in plain text. Values
-- still in plain text are sealed by the api at start (WebhookSecretSealing): a migration cannot hold the key.
ALTER TABLE accounts ALTER COLUMN webhook_secret DROP DEFAULT;
