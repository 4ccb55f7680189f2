-- Webhooks (issue 14): a provider's receiver endpoints, the events the issuer emits to them, and one delivery
-- per (endpoint, event). An event is written in the same transaction as the state change that causes it,
-- together with one `webhook_delivery` job per subscribed endpoint (the outbox); its body is stored once, so
-- every retry and redelivery sends the same bytes (only the timestamp and signature headers are fresh).

CREATE TABLE webhook_endpoints (
    id                         uuid PRIMARY KEY,
    provider_id                uuid NOT NULL REFERENCES providers (id),
    url                        text NOT NULL CHECK (url ~* '^https?://'),
    -- Event types it subscribes to (IssuerEngine.WebhookEventType).
    events                     text[] NOT NULL CHECK (cardinality(events) > 0),
    -- The signing secret exactly as shown to the provider once; its UTF-8 bytes are the HMAC-SHA256 key. Kept
    -- as-is (not hashed: the worker must sign with it; not sealed: every worker would need the opening key,
    -- so a database-only leak is the one case sealing would cover, and a leaked secret is answered by
    -- rotation). Never logged, never returned after creation or rotation.
    secret                     text NOT NULL CHECK (secret <> ''),
    -- After a rotation the previous secret still signs (a second `v1=` signature) until this time.
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    secret_rotated_at          timestamptz,
    CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX webhook_endpoints_provider ON webhook_endpoints (provider_id, created_at, id);

-- One event: what happened (type, subject) and the exact JSON body its deliveries send.
CREATE TABLE webhook_events (
    id          uuid PRIMARY KEY,
    provider_id uuid NOT NULL REFERENCES providers (id),
    type        text NOT NULL CHECK (type <> ''),
    -- What it is about: user:<id>, credential:<id>, campaign:<id>.
    subject     text NOT NULL,
    payload     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_subject ON webhook_events (subject, created_at);

-- One event to one endpoint. `round` counts redeliveries (each round is one job, unique key
-- webhook_delivery:<endpoint>:<event>:<round>); `job_id` is the current round's job.
CREATE TABLE webhook_deliveries (
    endpoint_id     uuid    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        uuid    NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    round           integer NOT NULL DEFAULT 0 CHECK (round >= 0),
    job_id          bigint,
    -- pending until an attempt is acknowledged (delivered) or the round gives up (failed).
    status          text    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- The last attempt's HTTP status (null: no answer) and what went wrong (never the body).
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz,
    delivered_at    timestamptz,
    PRIMARY KEY (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (endpoint_id, created_at DESC, event_id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
