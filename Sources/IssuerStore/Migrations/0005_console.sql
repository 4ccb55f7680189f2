-- The operator console: operator accounts, their sessions, login throttling, and what its pages need to stay
-- fast on a large jobs table (job counts kept by triggers, jobs found by credential or user id).

-- An operator of the console. viewer: reads every page; operator: also retries, redrives and cancels jobs.
CREATE TABLE operators (
    id            uuid PRIMARY KEY,
    name          text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9._@-]{1,64}$'),
    role          text NOT NULL CHECK (role IN ('viewer', 'operator')),
    -- $scrypt$ln=…,r=…,p=…$<salt>$<hash> (IdosCrypto.PasswordHash); never the password.
    password_hash text NOT NULL CHECK (password_hash LIKE '$scrypt$%'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    disabled_at   timestamptz
);

-- A signed-in console session. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
-- table opens no session. csrf_token is the value every form of the session must send back.
CREATE TABLE operator_sessions (
    token_hash   text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    operator_id  uuid NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operator_sessions_expiry ON operator_sessions (expires_at);
CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id);

-- Failed console logins per key (an operator name, or a client address), shared by every replica.
CREATE TABLE console_login_failures (
    key               text PRIMARY KEY,
    failures          integer NOT NULL,
    window_started_at timestamptz NOT NULL,
    locked_until      timestamptz
);

-- The console's user and job pages find jobs by the ids in their arguments.
CREATE INDEX jobs_credential_arg ON jobs ((args ->> 'credentialId')) WHERE args ? 'credentialId';
CREATE INDEX jobs_user_arg ON jobs ((args ->> 'userId')) WHERE args ? 'userId';
-- The dead-letters page lists dead letters of every reason by id (jobs_dead serves one reason).
CREATE INDEX jobs_dead_by_id ON jobs (id) WHERE dead_reason IS NOT NULL;
-- The queue page's error rate counts jobs that failed an attempt lately and now wait to retry.
CREATE INDEX jobs_retryable_attempted ON jobs (attempted_at) WHERE state = 'retryable';

-- Jobs per (kind, state) without counting the table: statement-level triggers append the change of each
-- statement to job_count_deltas (insert-only, so concurrent workers never wait on a counter row), and
-- compaction (StoreSession.compactJobCounts, run by the pruner and before each read) folds the deltas into
-- job_counts. The count of a (kind, state) is its job_counts row plus its deltas.
CREATE TABLE job_counts (
    kind  text   NOT NULL,
    state text   NOT NULL,
    n     bigint NOT NULL,
    PRIMARY KEY (kind, state)
);
CREATE TABLE job_count_deltas (
    kind  text   NOT NULL,
    state text   NOT NULL,
    n     bigint NOT NULL
);

CREATE FUNCTION job_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_count_deltas (kind, state, n) SELECT kind, state, count(*) FROM new_jobs GROUP BY kind, state;
    RETURN NULL;
END
$$;

CREATE FUNCTION job_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_count_deltas (kind, state, n)
    SELECT kind, state, sum(n) FROM (SELECT kind, state, 1 AS n FROM new_jobs
                                     UNION ALL
                                     SELECT kind, state, -1 FROM old_jobs) AS changes
    GROUP BY kind, state HAVING sum(n) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION job_counts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_count_deltas (kind, state, n) SELECT kind, state, -count(*) FROM old_jobs GROUP BY kind, state;
    RETURN NULL;
END
$$;

CREATE FUNCTION job_counts_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM job_count_deltas;
    DELETE FROM job_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_counts_after_insert();
CREATE TRIGGER jobs_count_update AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_counts_after_update();
CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs REFERENCING OLD TABLE AS old_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_counts_after_delete();
CREATE TRIGGER jobs_count_truncate AFTER TRUNCATE ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_counts_after_truncate();

-- The jobs already there (the triggers above hold a lock on jobs until this migration commits, so no write
-- falls between the count and the triggers).
INSERT INTO job_counts (kind, state, n) SELECT kind, state, count(*) FROM jobs GROUP BY kind, state;
