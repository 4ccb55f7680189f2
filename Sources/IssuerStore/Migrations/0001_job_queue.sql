-- The durable job queue (IssuerEngine). One row per job; the state machine is docs/job-states.md.
-- Every statement runs inside the migration's transaction, in the schema named by search_path.

CREATE TABLE jobs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind <> ''),
    args             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    state            text        NOT NULL DEFAULT 'available'
                     CHECK (state IN ('available', 'running', 'retryable', 'completed', 'discarded', 'needs_consent', 'cancelled')),
    -- 1 (first) … 4 (last); claims take the lowest number first.
    priority         smallint    NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4),
    attempt          integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts     integer     NOT NULL DEFAULT 25 CHECK (max_attempts > 0),
    scheduled_at     timestamptz NOT NULL DEFAULT now(),
    -- A hard deadline (a write grant's not_usable_after): past it the job waits for the user's consent.
    deadline         timestamptz,
    attempted_at     timestamptz,
    attempted_by     text,
    -- The running attempt's lease; the worker extends it (heartbeat), the rescuer takes back expired ones.
    lease_expires_at timestamptz,
    -- One object per failed attempt: {"attempt", "at", "error", "reason"?}.
    errors           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    -- Why a job is a dead letter: transient_exhausted, rejected_by_node, consent_expired, key_mismatch, poison.
    dead_reason      text CHECK (dead_reason IN ('transient_exhausted', 'rejected_by_node', 'consent_expired', 'key_mismatch', 'poison')),
    -- Jobs with the same unique key exist once (e.g. one delivery per credential).
    unique_key       text,
    -- The API request that enqueued the job (log correlation).
    request_id       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    finalized_at     timestamptz
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.05,
        autovacuum_analyze_scale_factor = 0.05);

-- Claims: due jobs in priority order. Partial, so finished rows cost nothing here.
CREATE INDEX jobs_due ON jobs (priority, scheduled_at, id) WHERE state IN ('available', 'retryable');
-- The rescuer: running jobs whose lease expired.
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE state = 'running';
-- The pruner and the console's per-state views.
CREATE INDEX jobs_finalized ON jobs (state, finalized_at) WHERE finalized_at IS NOT NULL;
-- Dead letters by reason (console, redrive).
CREATE INDEX jobs_dead ON jobs (dead_reason, id) WHERE dead_reason IS NOT NULL;
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL;
