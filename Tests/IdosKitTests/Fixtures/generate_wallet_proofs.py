#!/usr/bin/env python3
"""Writes wallet_proofs.json: XRPL and Stellar wallet-ownership proofs made by the wallets' own
libraries (xrpl-py, stellar-sdk from PyPI), so the Swift verifier is checked against code it shares
nothing with.

The schemes are the ones idOS's reference verifier (`@idos-network/kwil-infra`, spec §6) checks:
  * XRPL: ripple-keypairs `verify(hex(utf8(message)), signature, publicKey)`, i.e. Ed25519 over the
    message bytes for `ED…` keys, and DER ECDSA over SHA-512Half(message) for secp256k1 keys.
    Made here with `xrpl.core.keypairs.sign(hex(utf8(message)), private_key)`.
  * Stellar raw: Ed25519 over utf8(message), `Keypair.sign`.
  * Stellar SEP-53: `Keypair.sign_message` (Ed25519 over sha256("Stellar Signed Message:\\n" + message)).

Every proof is re-verified with the same library before it is written; every tampered copy is checked to
fail there too (except where the library and the node's reference disagree, which is recorded). Keys
come from fixed seeds, and Ed25519 and RFC 6979 ECDSA are deterministic, so a rerun writes the same file.

Run (from the repository root; the virtualenv folder is git-ignored):
    python3 -m venv .venv-fixtures
    .venv-fixtures/bin/pip install xrpl-py stellar-sdk
    .venv-fixtures/bin/python Tests/IdosKitTests/Fixtures/generate_wallet_proofs.py
"""

import base64
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from stellar_sdk import Keypair, StrKey
from stellar_sdk.exceptions import BadSignatureError
from xrpl import CryptoAlgorithm
from xrpl.core import addresscodec, keypairs

# idos-issuer.md §13.5, and a non-ASCII message so that UTF-8 handling is exercised too.
MESSAGES = [
    "Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000",
    "Grüße aus Zürich ✓ — Nonce 6f4a9a36-1b2c-4d5e-8f90-123456789abc",
]

# secp256k1 group order, to build the high-S twin of a signature.
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def seed_bytes(label: str, length: int) -> bytes:
    return hashlib.sha256(label.encode()).digest()[:length]


def flip_last_byte(hex_text: str) -> str:
    raw = bytearray.fromhex(hex_text)
    raw[-1] ^= 0x01
    return raw.hex().upper() if hex_text.isupper() else raw.hex()


def der_high_s_twin(der_hex: str) -> str:
    """The same DER signature with s replaced by n - s (valid ECDSA, not low-S)."""
    der = bytes.fromhex(der_hex)
    assert der[0] == 0x30 and der[2] == 0x02
    r_len = der[3]
    r = der[4:4 + r_len]
    assert der[4 + r_len] == 0x02
    s_len = der[5 + r_len]
    s = int.from_bytes(der[6 + r_len:6 + r_len + s_len], "big")
    high = SECP256K1_N - s

    def integer(value_bytes: bytes) -> bytes:
        value_bytes = value_bytes.lstrip(b"\x00") or b"\x00"
        if value_bytes[0] & 0x80:
            value_bytes = b"\x00" + value_bytes
        return bytes([0x02, len(value_bytes)]) + value_bytes

    body = integer(r) + integer(high.to_bytes(32, "big"))
    return (bytes([0x30, len(body)]) + body).hex().upper()


def xrpl_proofs():
    proofs, tampered = [], []
    wallets = {}
    for algorithm, label in [(CryptoAlgorithm.ED25519, "ed25519"), (CryptoAlgorithm.SECP256K1, "secp256k1")]:
        seed = keypairs.generate_seed(seed_bytes(f"xrpl-{label}-test-key", 16).hex(), algorithm)
        public_key, private_key = keypairs.derive_keypair(seed)
        address = keypairs.derive_classic_address(public_key)
        wallets[label] = (seed, public_key, private_key, address)

    for label, (seed, public_key, private_key, address) in wallets.items():
        for index, message in enumerate(MESSAGES):
            signature = keypairs.sign(message.encode("utf-8").hex(), private_key)
            assert keypairs.is_valid_message(message.encode("utf-8"), bytes.fromhex(signature), public_key)
            name = f"xrpl-{label}-{index}"
            proof = {
                "name": name, "walletType": "XRPL", "address": address, "publicKey": public_key,
                "message": message, "signature": signature, "scheme": f"xrpl-{label}",
                "canonicalAddress": address, "seed": seed,
                "made": "xrpl.core.keypairs.sign(message.encode('utf-8').hex(), private_key)",
            }
            proofs.append(proof)
            if index != 0:
                continue
            bad = flip_last_byte(signature)
            assert not keypairs.is_valid_message(message.encode("utf-8"), bytes.fromhex(bad), public_key)
            tampered.append(dict(proof, name=f"{name} signature altered", signature=bad,
                                 expectedError="signatureMismatch", libraryVerifies=False))
            other = message + "."
            assert not keypairs.is_valid_message(other.encode("utf-8"), bytes.fromhex(signature), public_key)
            tampered.append(dict(proof, name=f"{name} other message", message=other,
                                 expectedError="signatureMismatch", libraryVerifies=False))
            other_address = wallets["secp256k1" if label == "ed25519" else "ed25519"][3]
            assert keypairs.derive_classic_address(public_key) != other_address
            tampered.append(dict(proof, name=f"{name} someone else's address", address=other_address,
                                 expectedError="addressMismatch", derivedAddress=address, libraryVerifies=False))
            if label == "secp256k1":
                twin = der_high_s_twin(signature)
                library_verdict = keypairs.is_valid_message(message.encode("utf-8"), bytes.fromhex(twin), public_key)
                tampered.append(dict(
                    proof, name=f"{name} high-S twin", signature=twin, expectedError="signatureMismatch",
                    libraryVerifies=library_verdict,
                    note="xrpl-py (ECPy) accepts the high-S twin; the node's reference, ripple-keypairs 2.x on "
                         "noble-curves (secp256k1 verify with lowS: true by default), refuses it. We follow the node."))
    return proofs, [without_verdict(t) for t in tampered]


def without_verdict(entry: dict) -> dict:
    """A tampered copy keeps the proof's inputs; what a valid proof would report does not apply."""
    return {k: v for k, v in entry.items() if k not in ("scheme", "canonicalAddress")}


def stellar_proofs():
    proofs, tampered = [], []
    keypair = Keypair.from_raw_ed25519_seed(seed_bytes("stellar-test-key", 32))
    other = Keypair.from_raw_ed25519_seed(seed_bytes("stellar-other-key", 32))
    address = keypair.public_key
    key_hex = keypair.raw_public_key().hex()
    for index, message in enumerate(MESSAGES):
        raw = keypair.sign(message.encode("utf-8"))
        keypair.verify(message.encode("utf-8"), raw)
        sep53 = keypair.sign_message(message)
        keypair.verify_message(message, sep53)
        variants = [
            ("raw", raw.hex(), key_hex, "stellar-raw", "Keypair.sign(message.encode('utf-8')), hex; public key as hex"),
            ("sep53", sep53.hex(), address, "stellar-sep53", "Keypair.sign_message(message) (SEP-53), hex; public key as G…"),
            ("sep53-base64", base64.b64encode(sep53).decode(), None, "stellar-sep53",
             "Keypair.sign_message(message) (SEP-53), base64 as wallet kits hand it out; no public key"),
        ]
        for variant, signature, public_key, scheme, made in variants:
            name = f"stellar-{variant}-{index}"
            proof = {
                "name": name, "walletType": "Stellar", "address": address, "publicKey": public_key,
                "message": message, "signature": signature, "scheme": scheme, "canonicalAddress": address,
                "made": made,
            }
            proofs.append(proof)
            if index != 0 or variant == "sep53-base64":
                continue
            signature_bytes = bytes.fromhex(signature)
            bad = bytearray(signature_bytes)
            bad[0] ^= 0x01
            check = keypair.verify_message if variant == "sep53" else (lambda m, s: keypair.verify(m.encode("utf-8"), s))
            for altered_message, altered_signature, what in [(message, bytes(bad), "signature altered"),
                                                             (message + ".", signature_bytes, "other message")]:
                try:
                    check(altered_message, altered_signature)
                    raise SystemExit(f"stellar-sdk accepted a tampered {variant} proof")
                except BadSignatureError:
                    pass
                tampered.append(dict(proof, name=f"{name} {what}", message=altered_message,
                                     signature=altered_signature.hex(), expectedError="signatureMismatch",
                                     libraryVerifies=False))
            # The signature is right, but the claimed address is another key's.
            tampered.append(dict(proof, name=f"{name} someone else's address", address=other.public_key,
                                 publicKey=address, expectedError="addressMismatch", derivedAddress=address,
                                 libraryVerifies=False))
    return proofs, [without_verdict(t) for t in tampered]


def address_spellings(xrpl_address: str, stellar_address: str):
    """Spellings of the same identities, each judged by the library that owns the encoding."""
    out = []

    def stellar(text, why):
        valid = StrKey.is_valid_ed25519_public_key(text)
        out.append({"walletType": "Stellar", "address": text, "valid": valid, "why": why,
                    "judgedBy": "stellar_sdk.StrKey.is_valid_ed25519_public_key",
                    **({"canonicalAddress": StrKey.encode_ed25519_public_key(StrKey.decode_ed25519_public_key(text))} if valid else {})})

    def xrpl(text, why):
        valid = addresscodec.is_valid_classic_address(text)
        out.append({"walletType": "XRPL", "address": text, "valid": valid, "why": why,
                    "judgedBy": "xrpl.core.addresscodec.is_valid_classic_address",
                    **({"canonicalAddress": text} if valid else {})})

    stellar(stellar_address, "the canonical StrKey")
    for extra in "AQ7":
        stellar(stellar_address + extra, f"one trailing character '{extra}'")
    stellar(stellar_address[:-1], "one character short")
    stellar(stellar_address.lower(), "lower case")
    stellar(" " + stellar_address, "leading space")
    stellar(stellar_address[:-1] + ("A" if stellar_address[-1] != "A" else "B"), "last character changed (checksum)")
    muxed = StrKey.encode_med25519_public_key(StrKey.decode_ed25519_public_key(stellar_address) + bytes(8))
    stellar(muxed, "muxed account (M…) of the same key, not an account id")

    xrpl(xrpl_address, "the classic address")
    xrpl(xrpl_address + "r", "one trailing character 'r'")
    xrpl(xrpl_address[:-1], "one character short")
    xrpl("r" + xrpl_address, "one leading 'r' (a leading zero byte)")
    xrpl(xrpl_address.lower(), "lower case")
    xrpl(addresscodec.classic_address_to_xaddress(xrpl_address, None, False), "the X-address of the same account")
    for spelling in out:
        assert spelling["valid"] == (spelling["why"] in ("the canonical StrKey", "the classic address")), spelling
    return out


def main():
    xrpl, xrpl_tampered = xrpl_proofs()
    stellar, stellar_tampered = stellar_proofs()
    fixture = {
        "generator": "Tests/IdosKitTests/Fixtures/generate_wallet_proofs.py",
        "libraries": {"xrpl-py": version("xrpl-py"), "stellar-sdk": version("stellar-sdk")},
        "proofs": xrpl + stellar,
        "tampered": xrpl_tampered + stellar_tampered,
        "addressSpellings": address_spellings(xrpl[0]["address"], stellar[0]["address"]),
    }
    path = Path(__file__).with_name("wallet_proofs.json")
    path.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(fixture['proofs'])} proofs, {len(fixture['tampered'])} tampered, "
          f"{len(fixture['addressSpellings'])} address spellings")


if __name__ == "__main__":
    main()
