-- The audit log: one append-only row per action that changed issuance state (API calls by providers, queue
-- actions by operators, node confirmations), hash-chained so that an edited, deleted or inserted row is found
-- by `idos-issuer audit verify`.
--
-- hash = lower-case hex SHA-256( prev_hash (64 hex characters, as ASCII) ‖ canonical JSON of the row ), and
-- prev_hash is the previous row's hash (64 zeros for the first row). The canonical JSON (keys action, actor,
-- at, details, id, subject; sorted, no whitespace) is defined in Sources/IssuerStore/Audit/AuditCanonical.swift.
--
-- Rows are only ever inserted by IssuerStore's appendAudit, which takes a transaction-level advisory lock,
-- reads the last row and inserts id = last id + 1 (ids have no gaps: a rolled-back append gives its id back;
-- the sequence of the bigserial is not used by appends). details never carry personal data: ids, kinds, tx
-- hashes and statuses only.
CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL,
    actor     text NOT NULL CHECK (actor <> ''),
    action    text NOT NULL CHECK (action <> ''),
    subject   text NOT NULL,
    details   jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
    prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash      text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
-- A user's trail: rows about her, her credentials and jobs (subject), or naming her in details.
CREATE INDEX audit_log_subject ON audit_log (subject, id);
CREATE INDEX audit_log_user ON audit_log ((details ->> 'userId'), id);
