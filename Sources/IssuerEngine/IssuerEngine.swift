/// IssuerEngine: the durable job queue and the node writer.
///
/// Jobs are rows of the store's `jobs` table, inserted in the same transaction as the state they belong to
/// (`StoreSession.insertJobs`). A `QueueWorker` per process claims them in batches (SKIP LOCKED), runs them
/// through `JobHandler`s, and records results in batches; `JobStateMachine` is the one place that turns a
/// handler's `JobOutcome` into a state change (docs/job-states.md). `JobRescuer` and `JobPruner` maintain
/// the table. Several processes on one database scale out with no coordinator beyond PostgreSQL.
public enum IssuerEngine {}
