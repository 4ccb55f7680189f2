#!/usr/bin/env python3
"""Seeds a live issuer API with real resources for schemathesis.sh, checking every answer against openapi.yaml.

Random ids only ever reach a handler's 404, so schemathesis alone never exercises the code behind them. This
script onboards users the way a KYC provider does (a FaceSign wallet signs its challenge with Ed25519),
issues a credential, asks for a write grant, and checks Idempotency-Key replay and reuse. Each response's
status must be one openapi.yaml lists for its operation and its body must match the schema; a 5xx or a
mismatch is printed and makes the exit status 1 (the script goes on, so schemathesis still runs).

It then writes a schemathesis config (TOML) whose dictionaries feed these ids into the operations' id
parameters, so the fuzzer reaches real users and credentials.

    .venv/bin/python Tests/api/seed.py --url http://127.0.0.1:8080 --key idos_… --spec openapi.yaml --config-out st.toml
"""
import argparse
import base64
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import time
import uuid

import nacl.public
import nacl.signing
import yaml
from openapi_schema_validator import OAS31Validator

FAILURES: list[str] = []


class API:
    def __init__(self, url: str, key: str, spec: dict):
        self.url, self.key, self.spec = url.rstrip("/"), key, spec

    def call(self, method: str, template: str, body=None, *, params=None, query=None, headers=None, raw: bytes | None = None,
             key: str | None = ""):
        """Sends one request, checks the answer against the document, returns (status, headers, JSON body)."""
        path = template.format(**(params or {})) + ("?" + urllib.parse.urlencode(query) if query else "")
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.url + path, data=data, method=method)
        key = self.key if key == "" else key
        if key is not None:
            request.add_header("Authorization", f"Bearer {key}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, answer_headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, text = error.code, error.headers, error.read()
        parsed = json.loads(text) if text else None
        self.check(method, template, status, answer_headers, parsed, data)
        return status, answer_headers, parsed

    def check(self, method, template, status, headers, body, sent):
        what = f"{method} {template} -> {status}"
        shown = b"" if sent is None else re.sub(rb"\s+", b" ", sent)[:240]
        request_text = "" if sent is None else f" body ({len(sent)} bytes) {shown!r}"
        if status >= 500:
            FAILURES.append(f"server error: {what}{request_text}: {json.dumps(body)[:500]}")
            return
        operation = self.spec["paths"][template][method.lower()]
        response = operation["responses"].get(str(status))
        if response is None:
            FAILURES.append(f"undocumented status: {what}{request_text}: {json.dumps(body)[:300]}")
            return
        response = self.resolve(response)
        media = (headers.get("Content-Type") or "").split(";")[0].strip()
        content = response.get("content", {})
        if media not in content:
            FAILURES.append(f"undocumented content type {media!r}: {what}")
            return
        schema = dict(content[media]["schema"], components=self.spec["components"])
        errors = sorted(OAS31Validator(schema).iter_errors(body), key=str)
        for error in errors[:3]:
            FAILURES.append(f"schema mismatch: {what}: {error.message} at {list(error.absolute_path)}")
        for name, header in response.get("headers", {}).items():
            header = self.resolve(header)
            if header.get("required") and headers.get(name) is None:
                FAILURES.append(f"missing header {name}: {what}")

    def resolve(self, node):
        while "$ref" in node:
            target = self.spec
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        return node


def expect(condition: bool, message: str):
    if not condition:
        FAILURES.append(message)


def onboard(api: API, recipient_key: str, *, with_public_key: bool = True) -> tuple[str, nacl.signing.SigningKey]:
    """A FaceSign user: challenge, Ed25519 signature over its message, POST /v1/users. Returns her id."""
    wallet = nacl.signing.SigningKey.generate()
    address = wallet.verify_key.encode().hex()
    body = {"walletType": "FaceSign", "address": address, **({"publicKey": address} if with_public_key else {})}
    status, _, challenge = api.call("POST", "/v1/wallet-challenges", body)
    expect(status == 201, f"wallet challenge: {status} {challenge}")
    signature = wallet.sign(challenge["message"].encode()).signature.hex()
    status, _, user = api.call("POST", "/v1/users", {"challengeId": challenge["id"], "signature": signature,
                                                     "recipientEncryptionPublicKey": recipient_key, "encryptionPasswordStore": "user"})
    expect(status == 202, f"create user: {status} {user}")
    # The same challenge again: used once only.
    status, _, _ = api.call("POST", "/v1/users", {"challengeId": challenge["id"], "signature": signature,
                                                  "recipientEncryptionPublicKey": recipient_key, "encryptionPasswordStore": "user"})
    expect(status == 409, f"a used challenge must be 409, got {status}")
    return user["id"], wallet


def wait_until(api: API, template: str, resource_id: str, done, seconds: float = 20):
    """Polls GET template until done(body) (the node writes happen in the background); returns the last body."""
    deadline = time.monotonic() + seconds
    while True:
        status, _, body = api.call("GET", template, params={"id": resource_id})
        if status != 200 or done(body) or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


def credential_body(user_id: str, **extra) -> dict:
    b64 = lambda data: base64.b64encode(data).decode()
    return {"userId": user_id, **extra, "credential": {
        "fields": {"id": f"urn:uuid:{uuid.uuid4()}", "level": "basic+liveness", "issued": "2026-01-02"},
        "subject": {"id": f"urn:uuid:{uuid.uuid4()}", "firstName": "Ada", "familyName": "Lovelace", "dateOfBirth": "1990-12-10",
                    "idDocumentCountry": "GB", "idDocumentNumber": "X1234567", "idDocumentType": "PASSPORT",
                    "idDocumentFrontFile": b64(b"front"), "selfieFile": b64(b"selfie"),
                    "residentialAddress": {"street": "St James's Square", "city": "London", "country": "GB",
                                           "proofCategory": "UTILITY_BILL", "proofFile": b64(b"bill")}}}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--config-out", required=True)
    parser.add_argument("--read-key", help="a key of the same provider with the read scope only (for the 403 probe)")
    parser.add_argument("--other-key", help="a key of another provider (for the 404 probes)")
    parser.add_argument("--max-body-bytes", type=int, default=1 << 20, help="the server's ISSUER_MAX_BODY_BYTES")
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        api = API(args.url, args.key, yaml.safe_load(f))

    # A webhook for every event, at a name that never resolves (.invalid): it is accepted (checked again at each
    # delivery), and its deliveries retry without anything leaving the machine.
    all_events = ["user.created", "credential.delivered", "credential.revoked", "credential.needs_consent", "credential.failed",
                  "campaign.finished"]
    status, _, hook = api.call("POST", "/v1/webhooks", {"url": "https://webhooks.invalid/idos", "events": all_events})
    expect(status == 201 and str(hook.get("secret", "")).startswith("whsec_"), f"register a webhook: {status} {hook}")
    webhooks = [hook["id"]] if status == 201 else []
    status, _, refused = api.call("POST", "/v1/webhooks", {"url": "http://127.0.0.1:8080/hook", "events": ["user.created"]})
    expect(status == 400 and [e["field"] for e in refused.get("errors", [])] == ["url"], f"a loopback webhook must be 400 on url: {status} {refused}")

    recipient = base64.b64encode(bytes(nacl.public.PrivateKey.generate().public_key)).decode()
    alice, alice_wallet = onboard(api, recipient)
    # A FaceSign wallet sent without its publicKey (the address is the key): accepted, so it must reach the node.
    carol, _ = onboard(api, recipient, with_public_key=False)
    shown = wait_until(api, "/v1/users/{id}", alice, lambda user: user["status"] != "pending")
    expect(shown["status"] == "created", f"alice should be created on the node: {shown}")

    credentials, grants = [], []
    status, _, issued = api.call("POST", "/v1/credentials", credential_body(alice))
    expect(status == 202, f"issue credential: {status} {issued}")
    if status == 202:
        credentials.append(issued["id"])
    status, _, grant = api.call("POST", "/v1/users/{id}/write-grants", {}, params={"id": alice})
    expect(status == 201, f"write grant: {status} {grant}")
    if status == 201:
        grants.append(grant["id"])
        signature = alice_wallet.sign(grant["message"].encode()).signature.hex()
        status, _, by_grant = api.call("POST", "/v1/credentials",
                                       credential_body(alice, writeGrant={"id": grant["id"], "signature": signature}))
        expect(status == 202, f"issue by write grant: {status} {by_grant}")
        if status == 202:
            credentials.append(by_grant["id"])
        # A second write grant, left unused for the fuzzer.
        status, _, spare = api.call("POST", "/v1/users/{id}/write-grants", None, params={"id": alice})
        if status == 201:
            grants.append(spare["id"])
    for credential in credentials:
        shown = wait_until(api, "/v1/credentials/{id}", credential, lambda c: c["status"] != "pending")
        expect(shown["status"] == "delivered", f"credential {credential} should be delivered: {json.dumps(shown)[:300]}")
    shown = wait_until(api, "/v1/users/{id}", carol, lambda user: user["status"] != "pending")
    expect(shown["status"] == "created", f"POST /v1/users took a FaceSign wallet without publicKey (202), then the node refused it: "
                                         f"user {carol} is {shown['status']}; refuse it with a 4xx or send the address as the key")
    status, _, page = api.call("GET", "/v1/credentials", query={"userId": alice, "limit": 1})
    expect(status == 200 and len(page["items"]) == 1, f"list credentials: {status} {page}")
    if status == 200 and page["nextCursor"]:
        status, _, rest = api.call("GET", "/v1/credentials", query={"userId": alice, "cursor": page["nextCursor"]})
        expect(status == 200 and rest["items"] and rest["items"][0]["id"] != page["items"][0]["id"], f"second page: {status} {rest}")
    if credentials:
        status, _, edited = api.call("PATCH", "/v1/credentials/{id}", {"publicNotes": {"status": "approved", "note": "edited"}},
                                     params={"id": credentials[0]})
        expect(status == 202, f"edit notes: {status} {edited}")

    # Idempotency: the same key and body replay the first answer; the same key with another body is 409.
    body = {"walletType": "EVM", "address": "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"}
    key = {"Idempotency-Key": f"seed-{uuid.uuid4()}"}
    first = api.call("POST", "/v1/wallet-challenges", body, headers=key)
    again = api.call("POST", "/v1/wallet-challenges", body, headers=key)
    expect(first[0] == 201 and again[0] == 201 and again[2] == first[2], "an Idempotency-Key replay must answer the first response")
    expect(again[1].get("Idempotent-Replayed") == "true", "a replay must carry Idempotent-Replayed: true")
    other = api.call("POST", "/v1/wallet-challenges", dict(body, publicKey="x"), headers=key)
    expect(other[0] == 409, f"an Idempotency-Key reused with another body must be 409, got {other[0]}")

    # Contract probes: no key is 401, an unknown key is 401, a key without the scope is 403, another
    # provider's key sees nothing of this one's (404)
    status, headers, _ = api.call("GET", "/v1/users/{id}", params={"id": alice}, key=None)
    expect(status == 401, f"no API key must be 401, got {status}")
    status, _, _ = api.call("GET", "/v1/users/{id}", params={"id": alice}, key="idos_0123456789abcdef_" + "A" * 43)
    expect(status == 401, f"an unknown API key must be 401, got {status}")
    if args.read_key:
        status, _, _ = api.call("POST", "/v1/wallet-challenges", {"walletType": "FaceSign", "address": "00" * 32}, key=args.read_key)
        expect(status == 403, f"a read-only key creating a challenge must be 403, got {status}")
    if args.other_key:
        status, _, _ = api.call("GET", "/v1/users/{id}", params={"id": alice}, key=args.other_key)
        expect(status == 404, f"another provider reading this provider's user must be 404, got {status}")
        if credentials:
            status, _, _ = api.call("GET", "/v1/credentials/{id}", params={"id": credentials[0]}, key=args.other_key)
            expect(status == 404, f"another provider reading this provider's credential must be 404, got {status}")
            status, _, page = api.call("GET", "/v1/credentials", key=args.other_key)
            expect(status == 200 and page["items"] == [], f"another provider must list none of this one's credentials: {status}")

    # The webhook saw the events above (pending: its host never resolves); it is this provider's alone.
    events = []
    if webhooks:
        status, _, page = api.call("GET", "/v1/webhooks/{id}/deliveries", params={"id": webhooks[0]})
        expect(status == 200 and any(d["eventType"] == "user.created" for d in page.get("items", [])),
               f"the webhook's deliveries should include user.created: {status} {page}")
        events = [d["eventId"] for d in page.get("items", [])]
        status, _, listed = api.call("GET", "/v1/webhooks")
        expect(status == 200 and all("secret" not in w for w in listed.get("items", [])), f"list webhooks (never a secret): {status}")
        if args.other_key:
            status, _, _ = api.call("GET", "/v1/webhooks/{id}", params={"id": webhooks[0]}, key=args.other_key)
            expect(status == 404, f"another provider reading this provider's webhook must be 404, got {status}")

    # A body one byte over the limit is 413; an empty X-Request-Id gets a new id.
    status, _, answer = api.call("POST", "/v1/wallet-challenges", raw=b"{" + b" " * args.max_body_bytes + b"}")
    expect(status == 413, f"a body of {args.max_body_bytes + 2} bytes (limit {args.max_body_bytes}) must be 413, got {status}: {answer}")
    status, headers, _ = api.call("GET", "/healthz", headers={"X-Request-Id": ""})
    expect(bool(headers.get("X-Request-Id")), f"an empty X-Request-Id must be replaced by a new id, got {headers.get('X-Request-Id')!r}")

    # The all-zero X25519 key (a low-order point: nothing can be sealed to it) is refused with 400 wherever a
    # key is taken, naming the field.
    zero_key = base64.b64encode(bytes(32)).decode()
    wallet = nacl.signing.SigningKey.generate()
    address = wallet.verify_key.encode().hex()
    status, _, challenge = api.call("POST", "/v1/wallet-challenges", {"walletType": "FaceSign", "address": address, "publicKey": address})
    status, _, answer = api.call("POST", "/v1/users", {"challengeId": challenge["id"], "signature": wallet.sign(challenge["message"].encode()).signature.hex(),
                                                       "recipientEncryptionPublicKey": zero_key, "encryptionPasswordStore": "user"})
    expect(status == 400 and "recipientEncryptionPublicKey" in json.dumps(answer), f"a low-order user key must be 400, got {status}: {answer}")
    status, _, answer = api.call("POST", "/v1/credentials", credential_body(alice, consumerEncryptionPublicKey=zero_key))
    expect(status == 400 and "consumerEncryptionPublicKey" in json.dumps(answer), f"a low-order consumer key must be 400, got {status}: {answer}")
    status, _, answer = api.call("PUT", "/v1/users/{id}/encryption-key", {"recipientEncryptionPublicKey": zero_key, "encryptionPasswordStore": "mpc"},
                                 params={"id": alice})
    expect(status == 400, f"a low-order key rotation must be 400, got {status}: {answer}")
    bob, _ = onboard(api, recipient)
    api.call("POST", "/v1/credentials", credential_body(bob))
    if credentials:
        api.call("POST", "/v1/credentials/{id}/revoke", raw=b"", params={"id": credentials[-1]})

    users = [alice, bob, carol]
    with open(args.config_out, "w", encoding="utf-8") as out:
        def dictionary(name, values):
            out.write(f"[dictionaries.{name}]\nvalues = {json.dumps(values)}\n\n")
        dictionary("users", users)
        dictionary("credentials", credentials or [str(uuid.uuid4())])
        dictionary("grants", grants or [str(uuid.uuid4())])
        dictionary("webhooks", webhooks or [str(uuid.uuid4())])
        dictionary("events", events or [str(uuid.uuid4())])
        bindings = {
            "getUser": {"path.id": "users"}, "rotateUserEncryptionKey": {"path.id": "users"}, "createWriteGrant": {"path.id": "users"},
            "getCredential": {"path.id": "credentials"}, "editCredentialPublicNotes": {"path.id": "credentials"},
            "revokeCredential": {"path.id": "credentials"}, "listCredentials": {"query.userId": "users"},
            "issueCredential": {"body.userId": "users", "body.writeGrant.id": "grants"},
            "getWebhook": {"path.id": "webhooks"}, "rotateWebhookSecret": {"path.id": "webhooks"},
            "listWebhookDeliveries": {"path.id": "webhooks"}, "redeliverWebhookEvent": {"path.id": "webhooks", "path.eventId": "events"},
        }
        for operation, parameters in bindings.items():
            inline = ", ".join(f'"{k}" = {{ dictionary = "{v}", probability = 0.8 }}' for k, v in parameters.items())
            out.write(f'[[operations]]\ninclude-operation-id = "{operation}"\nparameters = {{ {inline} }}\n\n')

    print(json.dumps({"users": users, "credentials": credentials, "grants": grants, "webhooks": webhooks, "events": events}))
    for failure in FAILURES:
        print(f"seed: FAIL {failure}", file=sys.stderr)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
