-- Re-issuance campaigns and the VC signing keys they rotate.

-- The VC signing keys `<vcIssuer>/keys/N` the service was configured with. `GET /v1/issuer` publishes every
-- key not retired; a key is retired when a rotation campaign ends and no live credential is signed with it.
CREATE TABLE vc_keys (
    version              integer PRIMARY KEY CHECK (version > 0),
    public_key_multibase text NOT NULL UNIQUE,
    retired_at           timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now()
);

-- Which key signed a credential's VC, and the campaign credential it replaces (a re-issue).
ALTER TABLE credentials
    ADD COLUMN vc_key_version         integer NOT NULL DEFAULT 1,
    ADD COLUMN campaign_id            uuid,
    ADD COLUMN replaces_credential_id uuid REFERENCES credentials (id);
-- One re-issue per (campaign, credential), whatever a retried or rescued tick does.
CREATE UNIQUE INDEX credentials_campaign_replaces ON credentials (campaign_id, replaces_credential_id)
    WHERE campaign_id IS NOT NULL;

-- A provider's re-issuance campaign: a snapshot of selected credentials, re-issued at a rate budget.
CREATE TABLE reissue_campaigns (
    id                   uuid PRIMARY KEY,
    provider_id          uuid NOT NULL REFERENCES providers (id),
    status               text NOT NULL DEFAULT 'planned'
                         CHECK (status IN ('planned', 'running', 'paused', 'finished', 'cancelled', 'halted')),
    -- The filter as given (JSON text), kept for the record; the selection is the items below.
    filter               text NOT NULL,
    -- A JSON object merged into each new credential's public notes (null: the old notes, a new id).
    public_notes         text,
    -- A JSON object replacing top-level fields of each VC (level, expirationDate, …).
    credential_fields    text,
    -- Credentials per second (null: as fast as the cap allows).
    rate_per_second      double precision CHECK (rate_per_second IS NULL OR rate_per_second > 0),
    -- New credentials on their way to the nodes at once, per node.
    concurrency_per_node integer NOT NULL DEFAULT 500 CHECK (concurrency_per_node > 0),
    -- Halt when failed / (reissued + failed) passes this after halt_min_items results.
    halt_error_rate      double precision NOT NULL DEFAULT 0.2 CHECK (halt_error_rate > 0 AND halt_error_rate <= 1),
    halt_min_items       integer NOT NULL DEFAULT 20 CHECK (halt_min_items > 0),
    -- A rotation: retire this VC key version when the campaign finishes (if no live credential uses it).
    retire_vc_key_version integer,
    selected             integer NOT NULL,
    -- The token bucket of the rate budget, and the tick generation (each start/resume queues a new tick job).
    budget_tokens        double precision NOT NULL DEFAULT 0,
    budget_at            timestamptz,
    run_generation       integer NOT NULL DEFAULT 0,
    halt_reason          text,
    created_by           text NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    started_at           timestamptz,
    ended_at             timestamptz
);
CREATE INDEX reissue_campaigns_provider ON reissue_campaigns (provider_id, created_at);

-- One selected credential of a campaign. pending → issued (its new credential exists) or failed (it could not
-- be rebuilt) or skipped (the campaign was cancelled first). Delivery and revocation are read from the
-- credentials themselves, so the counts cannot drift from the truth.
CREATE TABLE reissue_items (
    campaign_id       uuid NOT NULL REFERENCES reissue_campaigns (id),
    credential_id     uuid NOT NULL REFERENCES credentials (id),
    state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'issued', 'failed', 'skipped')),
    new_credential_id uuid REFERENCES credentials (id),
    error             text,
    processed_at      timestamptz,
    PRIMARY KEY (campaign_id, credential_id)
);
CREATE INDEX reissue_items_pending ON reissue_items (campaign_id, credential_id) WHERE state = 'pending';
CREATE INDEX reissue_items_credential ON reissue_items (credential_id);
CREATE INDEX reissue_items_new ON reissue_items (new_credential_id) WHERE new_credential_id IS NOT NULL;
