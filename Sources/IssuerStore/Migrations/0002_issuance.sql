-- What the issuer accepted from KYC providers and what it wrote to the idOS nodes. Credentials are kept as the
-- encrypted pair exactly as sent to the node (never the plaintext), so every retry resends identical bytes.

CREATE TABLE providers (
    id          uuid PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (name <> ''),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- An idOS user this issuer created (or is creating) on the nodes.
CREATE TABLE users (
    id                              uuid PRIMARY KEY,
    provider_id                     uuid NOT NULL REFERENCES providers (id),
    recipient_encryption_public_key text NOT NULL,
    encryption_password_store       text NOT NULL CHECK (encryption_password_store IN ('user', 'mpc')),
    -- pending: the node writes are queued; created: the node confirmed user and wallet; failed: a dead letter.
    status                          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'created', 'failed')),
    -- Bumped by every key rotation; each version is one node write (intent user-key:<id>:<version>).
    key_version                     integer NOT NULL DEFAULT 0,
    created_at                      timestamptz NOT NULL DEFAULT now(),
    confirmed_at                    timestamptz
);
CREATE INDEX users_provider ON users (provider_id, created_at);

-- Wallets in their one canonical spelling per type, with the ownership proof the node checks again.
CREATE TABLE wallets (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id),
    provider_id uuid NOT NULL REFERENCES providers (id),
    wallet_type text NOT NULL CHECK (wallet_type IN ('EVM', 'NEAR', 'XRPL', 'Stellar', 'FaceSign')),
    address     text NOT NULL,
    public_key  text,
    message     text NOT NULL,
    signature   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider_id, wallet_type, address)
);
CREATE INDEX wallets_user ON wallets (user_id);
CREATE INDEX wallets_address ON wallets (address);

-- A single-use message a wallet signs to prove ownership.
CREATE TABLE wallet_challenges (
    id          uuid PRIMARY KEY,
    provider_id uuid NOT NULL REFERENCES providers (id),
    user_id     uuid NOT NULL,
    wallet_type text NOT NULL,
    address     text NOT NULL,
    public_key  text,
    message     text NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wallet_challenges_expiry ON wallet_challenges (expires_at) WHERE used_at IS NULL;

-- A delegated write grant: the fields of the node's dwg_message text, and the owner's signature once given.
CREATE TABLE write_grants (
    id                        uuid PRIMARY KEY,
    provider_id               uuid NOT NULL REFERENCES providers (id),
    user_id                   uuid NOT NULL REFERENCES users (id),
    owner_wallet_identifier   text NOT NULL,
    grantee_wallet_identifier text NOT NULL,
    issuer_public_key         text NOT NULL,
    access_grant_timelock     text NOT NULL,
    not_usable_before         text NOT NULL,
    not_usable_after          text NOT NULL,
    not_usable_after_at       timestamptz NOT NULL,
    message                   text NOT NULL,
    signature                 text,
    credential_id             uuid UNIQUE,
    created_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX write_grants_user ON write_grants (user_id);

-- A credential: its public notes, the encrypted pair as written to the node, and its delivery status.
CREATE TABLE credentials (
    id                              uuid PRIMARY KEY,
    provider_id                     uuid NOT NULL REFERENCES providers (id),
    user_id                         uuid NOT NULL REFERENCES users (id),
    public_notes_id                 uuid NOT NULL UNIQUE,
    -- The notes now (edited by PATCH/revoke), and the notes the original's signatures cover (written first).
    public_notes                    text NOT NULL,
    signed_public_notes             text NOT NULL,
    content_hash                    text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    issuer_auth_public_key          text NOT NULL,
    -- The original (to the user) and the copy (to the issuer or a consumer), as sent.
    node_original_id                uuid NOT NULL UNIQUE,
    original_encryptor_public_key   text NOT NULL,
    original_content                text NOT NULL,
    original_public_notes_signature text NOT NULL,
    original_broader_signature      text NOT NULL,
    node_copy_id                    uuid UNIQUE,
    copy_encryptor_public_key       text,
    copy_content                    text,
    copy_public_notes_signature     text,
    copy_broader_signature          text,
    -- dwg: create_credentials_by_dwg with write_grant_id; inserter: upsert_credential_as_inserter.
    delivery                        text NOT NULL CHECK (delivery IN ('dwg', 'inserter')),
    write_grant_id                  uuid REFERENCES write_grants (id),
    -- The user key the original is sealed to (a rotation makes undelivered credentials stale).
    recipient_encryption_public_key text NOT NULL,
    status                          text NOT NULL DEFAULT 'pending'
                                    CHECK (status IN ('pending', 'delivered', 'revoked', 'needs_consent', 'failed')),
    level                           text,
    -- Bumped by every edit of the public notes; each version is one node write (intent notes:<id>:<version>).
    notes_version                   integer NOT NULL DEFAULT 0,
    last_error                      text,
    created_at                      timestamptz NOT NULL DEFAULT now(),
    delivered_at                    timestamptz,
    revoked_at                      timestamptz,
    CHECK (delivery = 'inserter' OR write_grant_id IS NOT NULL)
);
CREATE INDEX credentials_user ON credentials (user_id, created_at);
CREATE INDEX credentials_provider_status ON credentials (provider_id, status, created_at);

-- Every transaction the issuer signed: stored before it is broadcast, resent byte for byte, confirmed by hash.
-- (sender, nonce) identifies a write as well as the hash does (secp256k1_ep hashes are malleable).
CREATE TABLE node_transactions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- What the write is for (credential:<id>, user:<id>, …): one live (not abandoned) tx per intent, so an
    -- intent is never signed twice while an earlier signature may still land.
    intent       text   NOT NULL,
    job_id       bigint,
    signer       text   NOT NULL,
    nonce        bigint NOT NULL CHECK (nonce > 0),
    action       text   NOT NULL,
    tx_hash      text   NOT NULL UNIQUE CHECK (tx_hash ~ '^[0-9a-f]{64}$'),
    tx_json      text   NOT NULL,
    -- signed: stored, not yet accepted by a node; broadcast: a node accepted it; mined: in a block with code 0;
    -- failed: in a block with a non-zero code; abandoned: provably never accepted and its nonce reused.
    state        text   NOT NULL DEFAULT 'signed' CHECK (state IN ('signed', 'broadcast', 'mined', 'failed', 'abandoned')),
    height       bigint,
    code         integer,
    log          text,
    node         text,
    broadcasts   integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    broadcast_at timestamptz,
    confirmed_at timestamptz
);
CREATE UNIQUE INDEX node_transactions_signer_nonce ON node_transactions (signer, nonce) WHERE state <> 'abandoned';
CREATE UNIQUE INDEX node_transactions_live_intent ON node_transactions (intent) WHERE state <> 'abandoned';
CREATE INDEX node_transactions_open ON node_transactions (signer, nonce) WHERE state IN ('signed', 'broadcast');
CREATE INDEX node_transactions_job ON node_transactions (job_id);

-- The next nonce per signing key; the row lock serializes allocation across processes, and a rolled-back
-- allocation gives the nonce back (no gaps).
CREATE TABLE signer_nonces (
    signer      text PRIMARY KEY,
    next_nonce  bigint NOT NULL CHECK (next_nonce > 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key records, kept apart from jobs with their own retention.
CREATE TABLE idempotency_keys (
    provider_id     uuid NOT NULL REFERENCES providers (id),
    key             text NOT NULL,
    request_hash    text NOT NULL,
    -- in_progress while the first request runs; done with its response.
    state           text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'done')),
    response_status integer,
    response_body   bytea,
    response_headers jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (provider_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
