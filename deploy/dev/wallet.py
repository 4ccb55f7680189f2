#!/usr/bin/env python3
"""Plays a user's side of seed flow 1 against a running issuer (`make run`), with independent libraries:
eth-account (her EVM wallet, EIP-191 signatures), hashlib.scrypt + PyNaCl (her idOS key derived from her
password, and the decryption of what the node stores).

    .venv/bin/python deploy/dev/wallet.py onboard [--api URL] [--key API_KEY] [--password PW]
    .venv/bin/python deploy/dev/wallet.py new                         # a fresh EVM wallet: private key, address
    .venv/bin/python deploy/dev/wallet.py sign --wallet-key HEX < message   # EIP-191 signature (0x…)
    .venv/bin/python deploy/dev/wallet.py derive --user-id ID [--password PW]   # her idOS public key (base64)

`onboard` does everything at once:

It asks for a wallet challenge, signs it, derives her X25519 key from her password (scrypt N=16384 r=8 p=1,
salt = her user id), creates her user, waits until the node has her, asks for a delegated write grant, signs
it, issues a credential through it, waits until it is delivered, then reads her credential back from the
node as her (`idos-issuer kwil call get_credential_owned`, signed in with her wallet key) and opens it with
her derived key. Each step prints the request and the answer's essentials. Exit 0 when the decrypted
credential is the VC the issuer built for her.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request

from eth_account import Account
from eth_account.messages import encode_defunct
from nacl.public import Box, PrivateKey, PublicKey

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def call(api, key, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def expect(status, answer, wanted, what):
    if status != wanted:
        sys.exit(f"wallet.py: {what}: HTTP {status}: {json.dumps(answer)}")
    return answer


def wait_for(api, key, path, field, value, what, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, answer = call(api, key, "GET", path)
        if status == 200 and answer.get(field) == value:
            return answer
        time.sleep(0.2)
    sys.exit(f"wallet.py: {what} did not happen within {seconds} s (last answer: {json.dumps(answer)})")


def derive_keypair(password, user_id):
    """The idOS key: scrypt(NFKC(password), utf8(user id), N=16384, r=8, p=1, 32 bytes) as the X25519 secret."""
    secret = hashlib.scrypt(unicodedata.normalize("NFKC", password).encode(), salt=user_id.encode(), n=16384, r=8, p=1,
                            dklen=32, maxmem=64 * 1024 * 1024)
    return PrivateKey(secret)


def credential_body(user_id, grant_id, grant_signature):
    """POST /v1/credentials for her: a basic KYC credential (Alice Liddell's made-up data) through her signed write grant."""
    return {"userId": user_id, "writeGrant": {"id": grant_id, "signature": grant_signature},
            "credential": {"fields": {"id": f"https://issuer.example/credentials/{user_id}", "level": "basic",
                                      "issued": "2026-12-02T00:00:00Z", "approvedAt": "2026-12-02T00:00:00Z",
                                      "expirationDate": "2027-12-02T00:00:00Z"},
                           "subject": {"id": f"uuid:{user_id}", "firstName": "Alice", "familyName": "Liddell",
                                       "dateOfBirth": "1990-05-04", "placeOfBirth": "Oxford", "idDocumentCountry": "GB",
                                       "idDocumentNumber": "123456789", "idDocumentType": "PASSPORT",
                                       "idDocumentDateOfIssue": "2020-01-01",
                                       "idDocumentFrontFile": base64.b64encode(b"front").decode(),
                                       "selfieFile": base64.b64encode(b"selfie").decode()}}}


def onboard(args):
    api, key = args.api.rstrip("/"), args.key
    wallet = Account.create()
    print(f"1. her wallet (EVM): {wallet.address}")
    challenge = expect(*call(api, key, "POST", "/v1/wallet-challenges", {"walletType": "EVM", "address": wallet.address}),
                       201, "POST /v1/wallet-challenges")
    user_id = challenge["userId"]
    print(f"2. challenge {challenge['id']} for user {user_id}; she signs:\n   " + challenge["message"].replace("\n", "\n   "))
    signature = evm_sign(wallet.key, challenge["message"])
    keypair = derive_keypair(args.password, user_id)
    public_key = base64.b64encode(bytes(keypair.public_key)).decode()
    print(f"3. her idOS encryption key, derived from her password: {public_key}")
    user = expect(*call(api, key, "POST", "/v1/users", {"challengeId": challenge["id"], "signature": signature,
                                                        "recipientEncryptionPublicKey": public_key,
                                                        "encryptionPasswordStore": "user"}), 202, "POST /v1/users")
    print(f"4. user {user['id']} accepted ({user['status']}); waiting for the node")
    wait_for(api, key, f"/v1/users/{user_id}", "status", "created", "the user's creation on the node")
    print("   created on the node")
    grant = expect(*call(api, key, "POST", f"/v1/users/{user_id}/write-grants", {}), 201, "POST /v1/users/{id}/write-grants")
    grant_signature = evm_sign(wallet.key, grant["message"])
    print(f"5. write grant {grant['id']} for grantee {grant['granteeWalletIdentifier'][:16]}…, signed by her wallet")
    issued = expect(*call(api, key, "POST", "/v1/credentials", credential_body(user_id, grant["id"], grant_signature)),
                    202, "POST /v1/credentials")
    print(f"6. credential {issued['id']} accepted ({issued['status']}); waiting for delivery")
    delivered = wait_for(api, key, f"/v1/credentials/{issued['id']}", "status", "delivered", "the credential's delivery")
    node_id = delivered["nodeCredentialId"]
    print(f"   delivered: node credential {node_id}, tx {delivered.get('delivery', {}).get('txHash', '?')}")
    if args.node is None:
        print("7. (no --node: not reading it back from the node)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        key_file = os.path.join(tmp, "wallet.key")
        with open(key_file, "w") as f:
            f.write(bytes(wallet.key).hex() + "\n")
        result = subprocess.run([args.cli, "kwil", "call", "--node", args.node, "--action", "get_credential_owned",
                                 "--arg", f"uuid:{node_id}", "--key-file", key_file, "--key-type", "secp256k1"],
                                capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        sys.exit(f"wallet.py: reading the credential from the node failed: {result.stderr.strip()}")
    row = json.loads(result.stdout)["rows"][0]
    content = base64.b64decode(row["content"])
    box = Box(keypair, PublicKey(base64.b64decode(row["encryptor_public_key"])))
    vc = json.loads(box.decrypt(content[24:], content[:24]))
    print(f"7. read from the node as her and opened with her derived key (PyNaCl): a {', '.join(vc.get('type', []))}"
          f" issued by {vc.get('issuer')}, proof {vc.get('proof', {}).get('type')}")
    if vc.get("credentialSubject", {}).get("id") != f"uuid:{user_id}":
        sys.exit("wallet.py: the decrypted credential is not hers")
    return 0


def evm_sign(wallet_key, message):
    signature = Account.sign_message(encode_defunct(text=message), wallet_key).signature.hex()
    return signature if signature.startswith("0x") else "0x" + signature


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("new", help="a fresh EVM wallet: prints its private key (hex) and address")
    g = sub.add_parser("sign", help="EIP-191-sign the message read on stdin (exactly, no trailing newline added)")
    g.add_argument("--wallet-key", required=True, help="the wallet's private key (hex)")
    d = sub.add_parser("derive", help="her idOS X25519 public key (base64) from her password and user id")
    d.add_argument("--user-id", required=True)
    d.add_argument("--password", default="correct horse battery staple")
    o = sub.add_parser("onboard", help="seed flow 1 as a new user with a fresh EVM wallet")
    o.add_argument("--api", default=os.environ.get("ISSUER_API_URL", "http://127.0.0.1:8080"))
    default_key = os.environ.get("ISSUER_API_KEY")
    key_file = os.path.join(ROOT, ".local", "dev-api-key")
    if default_key is None and os.path.exists(key_file):
        default_key = open(key_file).read().strip()
    o.add_argument("--key", default=default_key, help="API key (default: $ISSUER_API_KEY or .local/dev-api-key)")
    o.add_argument("--password", default="correct horse battery staple", help="her password (her key is derived from it)")
    o.add_argument("--node", default=os.environ.get("IDOS_NODE_URL", "http://127.0.0.1:8484"),
                   help="the idOS node to read her credential back from")
    o.add_argument("--cli", default=os.path.join(ROOT, ".build", "debug", "idos-issuer"))
    args = parser.parse_args()
    if args.command == "new":
        wallet = Account.create()
        print(json.dumps({"privateKey": bytes(wallet.key).hex(), "address": wallet.address}))
        return
    if args.command == "sign":
        print(evm_sign(bytes.fromhex(args.wallet_key.removeprefix("0x")), sys.stdin.read()))
        return
    if args.command == "derive":
        print(base64.b64encode(bytes(derive_keypair(args.password, args.user_id).public_key)).decode())
        return
    if not args.key:
        sys.exit("wallet.py: no API key: pass --key, set ISSUER_API_KEY, or run make run once")
    sys.exit(onboard(args))


if __name__ == "__main__":
    main()
