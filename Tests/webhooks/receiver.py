#!/usr/bin/env python3
"""A webhook receiver that checks idos-issuer deliveries with the README's recipe, using only Python's
standard library (hmac, hashlib, http.server), so the values the tests expect come from Python, not from
the issuer's own code.

    python3 Tests/webhooks/receiver.py --secrets-file FILE [--fail-first N] [--tolerance SECONDS] [--port 0]

It prints `listening on http://127.0.0.1:PORT` once it is ready, then serves:

* POST /hook: a delivery. It is checked like a real receiver would check it: the Idos-Webhook-Timestamp must be
  within --tolerance seconds of now (else 400 {"error": "stale timestamp"}: a replay), and one `v1=` entry of
  Idos-Webhook-Signature must be hmac.new(secret.encode(), f"{ts}.{body}".encode(), hashlib.sha256).hexdigest()
  for one of the secrets in --secrets-file (one per line, read at every request; else 400 {"error": "bad
  signature"}). A delivery that passes is answered 500 for the first --fail-first attempts of its event id
  (counted per path and event id), then 200.
* POST /fail: checked the same way, then always 500.
* GET /log: every request received so far, as a JSON array of objects: path, eventId, type, timestamp,
  signature (the header), body (the raw text), contentType, verified, matched (the indices in the secrets file
  of the secrets whose signature matched), status (the answer) and error.

SIGTERM or SIGINT stops it.
"""
import argparse
import hashlib
import hmac
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(secrets, ts_header, sig_header, body, tolerance, now=None):
    """The README's recipe. Returns (ok, error, matched secret indices)."""
    now = time.time() if now is None else now
    try:
        ts = int(ts_header)
    except (TypeError, ValueError):
        return False, "no timestamp", []
    if abs(now - ts) > tolerance:
        return False, "stale timestamp", []
    given = [part.strip()[3:] for part in (sig_header or "").split(",") if part.strip().startswith("v1=")]
    matched = []
    for index, secret in enumerate(secrets):
        expected = hmac.new(secret.encode(), f"{ts}.{body}".encode(), hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, sig) for sig in given):
            matched.append(index)
    if not matched:
        return False, "bad signature", []
    return True, None, matched


class Receiver(BaseHTTPRequestHandler):
    server_version = "webhook-receiver/1"

    def log_message(self, *args):  # quiet: the test reads GET /log
        pass

    def answer(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path != "/log":
            return self.answer(404, {"error": "not found"})
        with self.server.lock:
            entries = list(self.server.entries)
        self.answer(200, entries)

    def do_POST(self):
        if self.path not in ("/hook", "/fail"):
            return self.answer(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        ts_header = self.headers.get("Idos-Webhook-Timestamp")
        sig_header = self.headers.get("Idos-Webhook-Signature")
        with open(self.server.secrets_file, encoding="utf-8") as handle:
            secrets = [line.strip() for line in handle if line.strip()]
        ok, error, matched = verify(secrets, ts_header, sig_header, body, self.server.tolerance)
        try:
            event = json.loads(body)
        except ValueError:
            event = {}
        entry = {"path": self.path, "eventId": event.get("id"), "type": event.get("type"), "timestamp": ts_header,
                 "signature": sig_header, "body": body, "contentType": self.headers.get("Content-Type"),
                 "verified": ok, "matched": matched, "error": error}
        if not ok:
            status = 400
        else:
            with self.server.lock:
                key = (self.path, entry["eventId"])
                seen = self.server.attempts.get(key, 0) + 1
                self.server.attempts[key] = seen
            status = 500 if self.path == "/fail" or seen <= self.server.fail_first else 200
        entry["status"] = status
        with self.server.lock:
            self.server.entries.append(entry)
        self.answer(status, {"error": error} if error else {"ok": status == 200})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--secrets-file", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--tolerance", type=float, default=300)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Receiver)
    server.secrets_file = args.secrets_file
    server.fail_first = args.fail_first
    server.tolerance = args.tolerance
    server.entries = []
    server.attempts = {}
    server.lock = threading.Lock()

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
