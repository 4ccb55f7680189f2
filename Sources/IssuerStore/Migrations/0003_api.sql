-- The KYC-provider API: hashed API keys with scopes, a rate-limit bucket per provider shared by every API
-- replica, and the lookups the API's lists need.

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    provider_id  uuid NOT NULL REFERENCES providers (id),
    -- The public part of the key (idos_<prefix>_<secret>), for lookup; the secret is only stored hashed.
    prefix       text NOT NULL UNIQUE CHECK (prefix ~ '^[0-9a-f]{16}$'),
    secret_hash  text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['issue', 'read', 'admin']::text[] AND cardinality(scopes) > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_keys_provider ON api_keys (provider_id);

-- A token bucket per provider: `tokens` at `updated_at`, refilled at the configured rate up to the burst.
CREATE TABLE rate_limits (
    provider_id uuid PRIMARY KEY REFERENCES providers (id),
    tokens      double precision NOT NULL,
    -- Whether the last request took a token (the statement's answer).
    allowed     boolean NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX credentials_user_status ON credentials (user_id, status, created_at, id);
CREATE INDEX credentials_provider_created ON credentials (provider_id, created_at, id);
