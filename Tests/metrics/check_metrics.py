#!/usr/bin/env python3
"""Checks a live issuer's GET /metrics with an independent parser (prometheus_client's text-format parser).

    .venv/bin/python Tests/metrics/check_metrics.py http://127.0.0.1:8080/metrics [--expect-activity]

Fetches the URL, parses the whole text with prometheus_client.parser.text_string_to_metric_families (a
parse error fails), and checks that every idos_issuer_* family of the README exists with its type and
label names (those that need activity — jobs, claims, node calls, deliveries — only with --expect-activity), that series are unique, values finite and not negative, and histograms consistent (buckets
cumulative, a +Inf bucket equal to _count). With --expect-activity (after seed.py has run), it also checks
that the counters moved: HTTP requests, job claims, node calls, delivered credentials and completed jobs.
Exits 0 when everything holds, 1 with one line per problem otherwise, 2 when the URL cannot be read.
"""
import argparse
import math
import re
import sys
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

# family (as prometheus_client names it: counters without _total) -> (type, label names)
EXPECTED = {
    "idos_issuer_http_requests": ("counter", {"method", "route", "status"}),
    "idos_issuer_http_request_duration_seconds": ("histogram", {"method", "route", "status"}),
    "idos_issuer_jobs": ("gauge", {"kind", "state"}),
    "idos_issuer_queue_oldest_due_age_seconds": ("gauge", set()),
    "idos_issuer_dead_letters": ("gauge", {"reason"}),
    "idos_issuer_dwg_deadlines_at_risk": ("gauge", set()),
    "idos_issuer_job_claim_duration_seconds": ("histogram", set()),
    "idos_issuer_node_request_duration_seconds": ("histogram", {"node"}),
    "idos_issuer_node_errors": ("counter", {"node"}),
    "idos_issuer_node_up": ("gauge", {"node"}),
    "idos_issuer_credential_delivery_seconds": ("histogram", {"delivery"}),
    "idos_issuer_metrics_sample_errors": ("counter", set()),
    "idos_issuer_webhook_deliveries": ("counter", {"outcome"}),
}
# Families that exist only once something happened (a job row, a claim, a node call, a delivery): required
# with --expect-activity; without it they are checked when present.
AFTER_ACTIVITY = {"idos_issuer_jobs", "idos_issuer_job_claim_duration_seconds", "idos_issuer_node_request_duration_seconds",
                  "idos_issuer_credential_delivery_seconds"}
JOB_STATES = {"available", "running", "retryable", "completed", "discarded", "needs_consent", "cancelled"}
DEAD_REASONS = {"transient_exhausted", "rejected_by_node", "consent_expired", "key_mismatch", "poison"}
WEBHOOK_OUTCOMES = {"delivered", "rejected", "unreachable", "blocked"}
NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
HISTOGRAM_SUFFIXES = ("_bucket", "_count", "_sum", "_created")


def fetch(url: str) -> tuple[str, str, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read().decode("utf-8")
        return body, response.headers.get("Content-Type", ""), time.monotonic() - started


def check(text: str, content_type: str, expect_activity: bool) -> list[str]:
    problems: list[str] = []
    if not content_type.startswith("text/plain"):
        problems.append(f"content type is {content_type!r}, not text/plain")
    try:
        families = {family.name: family for family in text_string_to_metric_families(text)}
    except Exception as error:  # the parser raises ValueError and friends on malformed text
        return problems + [f"prometheus_client cannot parse the exposition: {error!r}"]

    for name, (kind, labels) in EXPECTED.items():
        family = families.get(name)
        if family is None:
            if expect_activity or name not in AFTER_ACTIVITY:
                problems.append(f"missing family {name}")
            continue
        if family.type != kind:
            problems.append(f"{name} is a {family.type}, expected a {kind}")
        seen = set()
        buckets: dict[tuple, list[tuple[float, float]]] = {}
        counts: dict[tuple, float] = {}
        for sample in family.samples:
            if not NAME.match(sample.name):
                problems.append(f"bad sample name {sample.name!r}")
            base = {k: v for k, v in sample.labels.items() if k != "le"}
            if set(base) != labels:
                problems.append(f"{sample.name} has labels {sorted(base)}, expected {sorted(labels)}")
            key = (sample.name, tuple(sorted(sample.labels.items())))
            if key in seen:
                problems.append(f"duplicate series {sample.name}{dict(sample.labels)}")
            seen.add(key)
            if math.isnan(sample.value) or sample.value < 0:
                problems.append(f"{sample.name}{dict(sample.labels)} = {sample.value}")
            series = tuple(sorted(base.items()))
            if sample.name.endswith("_bucket"):
                buckets.setdefault(series, []).append((float(sample.labels["le"]), sample.value))
            elif sample.name.endswith("_count"):
                counts[series] = sample.value
            route = sample.labels.get("route")
            if route is not None and route != "unmatched" and not route.startswith("/"):
                problems.append(f"route label {route!r} is neither a template nor 'unmatched'")
            if name == "idos_issuer_jobs" and sample.labels.get("state") not in JOB_STATES:
                problems.append(f"unknown job state {sample.labels.get('state')!r}")
            if name == "idos_issuer_dead_letters" and sample.labels.get("reason") not in DEAD_REASONS:
                problems.append(f"unknown dead reason {sample.labels.get('reason')!r}")
            if name == "idos_issuer_webhook_deliveries" and sample.labels.get("outcome") not in WEBHOOK_OUTCOMES:
                problems.append(f"unknown webhook delivery outcome {sample.labels.get('outcome')!r}")
        for series, points in buckets.items():
            points.sort()
            values = [value for _, value in points]
            if values != sorted(values):
                problems.append(f"{name}{dict(series)}: buckets are not cumulative")
            if not points or points[-1][0] != math.inf:
                problems.append(f"{name}{dict(series)}: no +Inf bucket")
            elif counts.get(series) != points[-1][1]:
                problems.append(f"{name}{dict(series)}: _count {counts.get(series)} != +Inf bucket {points[-1][1]}")
        if kind == "histogram" and set(counts) != set(buckets):
            problems.append(f"{name}: series with _count but no buckets or the reverse")
    for reason in DEAD_REASONS:
        family = families.get("idos_issuer_dead_letters")
        if family and not any(s.labels.get("reason") == reason for s in family.samples):
            problems.append(f"idos_issuer_dead_letters has no series for reason {reason}")
    for outcome in WEBHOOK_OUTCOMES:
        family = families.get("idos_issuer_webhook_deliveries")
        if family and not any(s.labels.get("outcome") == outcome and s.name.endswith("_total") for s in family.samples):
            problems.append(f"idos_issuer_webhook_deliveries has no series for outcome {outcome}")
    if families.get("idos_issuer_node_up") and not families["idos_issuer_node_up"].samples:
        problems.append("idos_issuer_node_up has no node")

    if expect_activity:
        def total(family: str, sample: str, **labels: str) -> float:
            f = families.get(family)
            return sum(s.value for s in (f.samples if f else [])
                       if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items()))
        moved = {
            "HTTP requests": total("idos_issuer_http_requests", "idos_issuer_http_requests_total"),
            "requests to POST /v1/credentials": total("idos_issuer_http_requests", "idos_issuer_http_requests_total",
                                                      method="POST", route="/v1/credentials"),
            "job claims": total("idos_issuer_job_claim_duration_seconds", "idos_issuer_job_claim_duration_seconds_count"),
            "node calls": total("idos_issuer_node_request_duration_seconds", "idos_issuer_node_request_duration_seconds_count"),
            "delivered credentials": total("idos_issuer_credential_delivery_seconds", "idos_issuer_credential_delivery_seconds_count"),
            "completed jobs": total("idos_issuer_jobs", "idos_issuer_jobs", state="completed"),
        }
        for what, value in moved.items():
            if value < 1:
                problems.append(f"no activity recorded: {what} = {value}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the /metrics URL")
    parser.add_argument("--expect-activity", action="store_true", help="require the counters to have moved (run after seeding)")
    parser.add_argument("--retries", type=int, default=10, help="with --expect-activity, scrapes 1 s apart before giving up")
    args = parser.parse_args()
    attempts = max(1, args.retries if args.expect_activity else 1)
    problems: list[str] = []
    for attempt in range(attempts):
        try:
            text, content_type, seconds = fetch(args.url)
        except Exception as error:
            print(f"check_metrics.py: cannot read {args.url}: {error}", file=sys.stderr)
            return 2
        problems = check(text, content_type, args.expect_activity)
        if not problems:
            families = sum(1 for line in text.splitlines() if line.startswith("# TYPE idos_issuer_"))
            samples = sum(1 for line in text.splitlines() if line.startswith("idos_issuer_"))
            print(f"check_metrics.py: {args.url}: {families} idos_issuer_ families, {samples} samples, "
                  f"scrape {seconds * 1000:.1f} ms, all well-formed")
            return 0
        if attempt + 1 < attempts:
            time.sleep(1)  # the job gauges lag the completer by a moment; the sampler reuses a sample for 1 s
    for problem in problems:
        print(f"check_metrics.py: {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
