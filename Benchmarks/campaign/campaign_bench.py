"""The campaign suite's driver: plain issuance vs a campaign at an unlimited budget, then a rate budget held for a minute.

    campaign_bench.py API_URL API_KEY DATABASE_URL N RATE

1. Plain issuance (the reference): N credentials POSTed to /v1/credentials (inserter delivery) by 16 threads,
   timed from the first request until all N are delivered (read back from the node).
2. A campaign over those N credentials, no rate budget: timed from `start` until all N replacements are
   delivered (`reissued`), and until it is `finished` (the old ones revoked too).
3. A campaign over the N new credentials at RATE credentials/s: the credentials it took (re-issued, in flight or
   failed) counted over 60 s after a 5 s warm-up, beside the budget.
"""
import base64, concurrent.futures, importlib.util, json, subprocess, sys, time

spec = importlib.util.spec_from_file_location("wallet", "deploy/dev/wallet.py")
w = importlib.util.module_from_spec(spec)
spec.loader.exec_module(w)
from eth_account import Account

api, key, db, n, rate = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
# The concurrency cap per node (the service's default when unset).
concurrency = int(sys.argv[6]) if len(sys.argv) > 6 and sys.argv[6] else None


def sql(query):
    return subprocess.run(["psql", db, "-Atc", query], check=True, capture_output=True, text=True).stdout.strip()


def onboard():
    acct = Account.create()
    ch = w.expect(*w.call(api, key, "POST", "/v1/wallet-challenges", {"walletType": "EVM", "address": acct.address}), 201, "challenge")
    pub = base64.b64encode(bytes(w.derive_keypair("bench", ch["userId"]).public_key)).decode()
    w.expect(*w.call(api, key, "POST", "/v1/users", {"challengeId": ch["id"], "signature": w.evm_sign(acct.key, ch["message"]),
             "recipientEncryptionPublicKey": pub, "encryptionPasswordStore": "user"}), 202, "user")
    w.wait_for(api, key, f"/v1/users/{ch['userId']}", "status", "created", "user created")
    return ch["userId"]


users = [onboard() for _ in range(10)]


def issue(i):
    body = w.credential_body(users[i % len(users)], None, None)
    del body["writeGrant"]
    status, answer = w.call(api, key, "POST", "/v1/credentials", body)
    if status != 202:
        raise SystemExit(f"campaign_bench: POST /v1/credentials: HTTP {status}: {json.dumps(answer)}")


def delivered():
    return int(sql("SELECT count(*) FROM credentials WHERE status = 'delivered'"))


# 1. Plain issuance.
start = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    list(pool.map(issue, range(n)))
accepted = time.monotonic() - start
while delivered() < n:
    time.sleep(0.1)
plain = time.monotonic() - start
print(f"RESULT plain n={n} accepted_s={accepted:.2f} delivered_s={plain:.2f} rate={n / plain:.1f}")


def campaign(body):
    answer = w.expect(*w.call(api, key, "POST", "/v1/reissue-campaigns", body), 201, "campaign")
    if answer["selected"] != n:
        raise SystemExit(f"campaign_bench: the campaign selected {answer['selected']}, not {n}")
    return answer["id"]


def progress(cid):
    return w.expect(*w.call(api, key, "GET", f"/v1/reissue-campaigns/{cid}"), 200, "campaign progress")


# 2. A campaign, no budget.
unlimited = {"filter": {"level": "basic"}, "publicNotes": {"level": "plus"}, "credentialFields": {"level": "plus"}}
if concurrency:
    unlimited["concurrencyPerNode"] = concurrency
cid = campaign(unlimited)
start = time.monotonic()
w.expect(*w.call(api, key, "POST", f"/v1/reissue-campaigns/{cid}/start"), 202, "start")
reissued_s = None
while True:
    p = progress(cid)
    if reissued_s is None and p["reissued"] == n:
        reissued_s = time.monotonic() - start
    if p["status"] != "running":
        break
    time.sleep(0.1)
finished_s = time.monotonic() - start
if p["status"] != "finished" or p["reissued"] != n or p["revoked"] != n or p["failed"] != 0:
    raise SystemExit(f"campaign_bench: the campaign ended {json.dumps(p)}")
print(f"RESULT campaign n={n} reissued_s={reissued_s:.2f} finished_s={finished_s:.2f} rate={n / reissued_s:.1f} "
      f"finished_rate={n / finished_s:.1f}")

# 3. The rate budget over a minute.
cid = campaign({"filter": {"level": "plus"}, "ratePerSecond": rate})
w.expect(*w.call(api, key, "POST", f"/v1/reissue-campaigns/{cid}/start"), 202, "start")


def taken(p):
    return p["selected"] - p["pending"]


time.sleep(5)
t0, p0 = time.monotonic(), progress(cid)
time.sleep(60)
t1, p1 = time.monotonic(), progress(cid)
observed = (taken(p1) - taken(p0)) / (t1 - t0)
w.expect(*w.call(api, key, "POST", f"/v1/reissue-campaigns/{cid}/cancel"), 202, "cancel")
print(f"RESULT budget rate={rate} observed={observed:.2f} taken={taken(p1) - taken(p0)} seconds={t1 - t0:.1f} "
      f"failed={p1['failed']}")
