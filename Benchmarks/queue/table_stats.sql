-- Installed by Benchmarks/queue/queue_bench.sh into the throwaway benchmark database, as the superuser.
-- `idos-issuer bench queue` and pgqueuer_bench.py drop their schema when they are done; just before that
-- (an event trigger on DROP SCHEMA), this records the job table as the burn-down left it: exact live and dead
-- tuples (pgstattuple), the statistics collector's estimates, and the table's size with and without indexes.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgstattuple;

CREATE TABLE IF NOT EXISTS public.bench_table_stats (
    captured_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    schema_name  text NOT NULL,
    table_name   text NOT NULL,
    live_tuples  bigint,   -- pgstattuple: exact
    dead_tuples  bigint,   -- pgstattuple: exact
    n_live_tup   bigint,   -- pg_stat_user_tables: estimate, may lag by a second or so
    n_dead_tup   bigint,
    table_bytes  bigint,   -- pg_relation_size
    total_bytes  bigint    -- pg_total_relation_size (indexes and TOAST included)
);

CREATE OR REPLACE FUNCTION public.bench_capture_job_tables() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO public.bench_table_stats
        (schema_name, table_name, live_tuples, dead_tuples, n_live_tup, n_dead_tup, table_bytes, total_bytes)
    SELECT s.schemaname, s.relname, t.tuple_count, t.dead_tuple_count, s.n_live_tup, s.n_dead_tup,
           pg_relation_size(s.relid), pg_total_relation_size(s.relid)
    FROM pg_stat_user_tables s, LATERAL pgstattuple(s.relid) t
    WHERE (s.schemaname LIKE 'bench\_%' AND s.relname = 'jobs')
       OR (s.schemaname LIKE 'pgq\_bench\_%' AND s.relname = 'pgqueuer');
END
$$;

DROP EVENT TRIGGER IF EXISTS bench_capture_job_tables;
CREATE EVENT TRIGGER bench_capture_job_tables ON ddl_command_start WHEN TAG IN ('DROP SCHEMA')
    EXECUTE FUNCTION public.bench_capture_job_tables();
