-- Standard Webhooks signing secret per account: "whsec_" + base64 of 32 random bytes. PostgreSQL has no
-- gen_random_bytes() without pgcrypto, so the bytes come from two gen_random_uuid() values (v4 UUIDs:
-- 244 random bits in all, from the server's cryptographic random source). The default fills existing rows
-- (a volatile default is evaluated per row) and every new account, including the bootstrap one.
ALTER TABLE accounts
    ADD COLUMN webhook_secret text NOT NULL
        DEFAULT 'whsec_' || encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
                                   'base64');

-- The one read model the notifier-service may read from the api schema: secrets never travel through Kafka
-- (the status topic is public), they stay in the database that already holds them.
CREATE VIEW webhook_signing_keys AS
SELECT id AS account_id, webhook_secret AS secret
FROM accounts;
