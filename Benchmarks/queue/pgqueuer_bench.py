#!/usr/bin/env python3
"""The reference beside `idos-issuer bench queue`: N no-op jobs burnt down by pgqueuer at its defaults.

    .venv/bin/python Benchmarks/queue/pgqueuer_bench.py --database-url URL --jobs N [--workers W] [--batch-size B]

Does what `idos-issuer bench queue` does, with pgqueuer (PyPI, in the Makefile's .venv) on the same PostgreSQL:
installs pgqueuer's tables into a throwaway schema of that database (PGQUEUER_SCHEMA), enqueues N no-op jobs
with its batch enqueue (a list per call, 5,000 jobs per call as ours inserts), runs W QueueManager processes
(default 1) with a no-op entrypoint in drain mode (they stop once the queue is empty) at pgqueuer's defaults
(batch_size 10, one asyncpg connection per process, durable tables), and measures jobs/s from the first dequeue
(the first call of the entrypoint in any process) to the last completion (the latest `successful` row pgqueuer
logs, a database timestamp on the same machine's clock). Then it drops the schema, also on failure or Ctrl-C.

Prints as its last stdout line `queue jobs_per_s=<float> enqueue_per_s=<float>`; a line about the job table
(dead tuples, size) right after the burn-down goes to stderr. --batch-size B overrides pgqueuer's default
batch size (e.g. 50), to compare with a tuned pgqueuer by hand.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

ENQUEUE_BATCH = 5000
ENTRYPOINT = "noop"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("ISSUER_DATABASE_URL"), help="postgres:// URL")
    p.add_argument("--jobs", type=int, required=True, help="number of no-op jobs")
    p.add_argument("--workers", type=int, default=1, help="QueueManager processes (default 1)")
    p.add_argument("--batch-size", type=int, default=None, help="QueueManager.run batch_size (default: pgqueuer's)")
    a = p.parse_args()
    if not a.database_url:
        p.error("--database-url (or ISSUER_DATABASE_URL) is required")
    if a.jobs <= 0 or not 1 <= a.workers <= 64:
        p.error("--jobs must be positive and --workers between 1 and 64")
    return a


def queries_for(connection):
    from pgqueuer.db import AsyncpgDriver
    from pgqueuer.queries import Queries

    return Queries(AsyncpgDriver(connection))


async def install_and_enqueue(url: str, jobs: int) -> float:
    """Installs pgqueuer's schema; enqueues the jobs; returns the enqueue rate (jobs/s)."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        queries = queries_for(connection)
        await queries.install()
        start = time.perf_counter()
        done = 0
        while done < jobs:
            n = min(ENQUEUE_BATCH, jobs - done)
            await queries.enqueue([ENTRYPOINT] * n, [None] * n, [0] * n)
            done += n
        return jobs / max(time.perf_counter() - start, 1e-9)
    finally:
        await connection.close()


async def consume(url: str, batch_size: int | None) -> float | None:
    """One QueueManager in drain mode; returns the wall-clock time of its first job (None if it got none)."""
    import asyncpg
    from pgqueuer.qm import QueueManager
    from pgqueuer.domain.types import QueueExecutionMode

    connection = await asyncpg.connect(url)
    first: list[float] = []
    try:
        qm = QueueManager(queries_for(connection))

        @qm.entrypoint(ENTRYPOINT)
        async def noop(job) -> None:  # noqa: ARG001 - the job is the point: nothing to do
            if not first:
                first.append(time.time())

        kwargs = {"mode": QueueExecutionMode.drain}
        if batch_size is not None:
            kwargs["batch_size"] = batch_size
        await qm.run(**kwargs)
    finally:
        await connection.close()
    return first[0] if first else None


def consume_in_process(url: str, batch_size: int | None) -> float | None:
    return asyncio.run(consume(url, batch_size))


async def outcome(url: str, schema: str) -> tuple[int, float, int, int, int]:
    """(successful jobs, last completion as epoch seconds, live rows, dead tuples, bytes) of the job table."""
    import asyncpg
    from pgqueuer.domain.settings import db_settings

    names = db_settings().qualified
    connection = await asyncpg.connect(url)
    try:
        row = await connection.fetchrow(
            f"SELECT count(*) AS n, extract(epoch FROM max(created))::float8 AS last "
            f"FROM {names.queue_table_log} WHERE status = 'successful'")
        await asyncio.sleep(1.0)  # table statistics reach pg_stat_* within about a second
        table = names.queue_table.split(".")[-1]
        stats = await connection.fetchrow(
            "SELECT n_live_tup, n_dead_tup, pg_total_relation_size(relid) AS bytes "
            "FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2", schema, table)
        live, dead, size = (stats["n_live_tup"], stats["n_dead_tup"], stats["bytes"]) if stats else (-1, -1, -1)
        return row["n"], row["last"] or 0.0, live, dead, size
    finally:
        await connection.close()


async def drop_schema(url: str, schema: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await connection.close()


def main() -> int:
    args = parse_args()
    schema = "pgq_bench_" + uuid.uuid4().hex[:16]
    # pgqueuer reads its settings from the environment once; the worker processes inherit it.
    os.environ["PGQUEUER_SCHEMA"] = schema
    try:
        enqueue_rate = asyncio.run(install_and_enqueue(args.database_url, args.jobs))
        with ProcessPoolExecutor(max_workers=args.workers, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(consume_in_process, args.database_url, args.batch_size) for _ in range(args.workers)]
            firsts = [t for t in (f.result() for f in futures) if t is not None]
        completed, last, live, dead, size = asyncio.run(outcome(args.database_url, schema))
        if completed != args.jobs or not firsts:
            print(f"pgqueuer_bench: only {completed} of {args.jobs} jobs completed", file=sys.stderr)
            return 1
        span = max(last - min(firsts), 1e-6)
        print(f"pgqueuer_bench: {args.jobs} jobs, {args.workers} process(es), "
              f"batch_size {args.batch_size or 'default'}; job table after: {live} live rows, "
              f"{dead} dead tuples, {size} bytes", file=sys.stderr)
        print(f"queue jobs_per_s={args.jobs / span:.1f} enqueue_per_s={enqueue_rate:.1f}", flush=True)
        return 0
    finally:
        try:
            asyncio.run(drop_schema(args.database_url, schema))
        except Exception as e:  # the cluster may be gone already; say so, keep the first error
            print(f"pgqueuer_bench: could not drop schema {schema}: {e}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
