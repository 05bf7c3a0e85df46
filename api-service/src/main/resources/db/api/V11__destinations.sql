-- Destinations (DESIGN §9): a customer's own S3 bucket that jobs are written to. The secret access key is
-- stored sealed (AES-GCM, SecretCipher: "v1:{key id}:{base64(nonce || ciphertext)}", bound to the row's id),
-- never in plain text; prefix has no leading or trailing slash ("" for the bucket's root). V11 follows V10
-- (shards).
CREATE TABLE destinations (
    id                       uuid PRIMARY KEY,
    account_id               uuid        NOT NULL REFERENCES accounts (id),
    name                     text        NOT NULL,
    type                     text        NOT NULL,
    bucket                   text        NOT NULL,
    prefix                   text        NOT NULL,
    region                   text        NOT NULL,
    endpoint                 text,
    access_key_id            text        NOT NULL,
    sealed_secret_access_key text        NOT NULL,
    created_at               timestamptz NOT NULL
);
CREATE INDEX destinations_account ON destinations (account_id, created_at);

-- A job written to a destination keeps where it was written (shown as result.destination, also after the
-- destination is deleted) and, while it is unfinished, its own copy of the sealed credentials, which the
-- shards' events carry to the workers; the copy is cleared when the job ends.
ALTER TABLE jobs ADD COLUMN destination_id uuid;
ALTER TABLE jobs ADD COLUMN destination_bucket text;
ALTER TABLE jobs ADD COLUMN destination_prefix text;
ALTER TABLE jobs ADD COLUMN destination_region text;
ALTER TABLE jobs ADD COLUMN destination_endpoint text;
ALTER TABLE jobs ADD COLUMN destination_access_key_id text;
ALTER TABLE jobs ADD COLUMN destination_sealed_secret text;
