"""pyld (URDNA2015) + pycryptodome Ed25519 on the same credential as the Swift `vc` suite, for the ratio in
`make bench`. Usage: vc_ref.py CONTEXTS_DIR DOCUMENT.json PROOF_OPTIONS.json SEED_HEX
Contexts are served from CONTEXTS_DIR by a local document loader (no network). Prints
"vc_canon <canonicalizations/s>" and "vc_sign <credentials signed/s>"."""
import hashlib
import json
import os
import sys
import time

from Crypto.Signature import eddsa
from Crypto.PublicKey import ECC
from pyld import jsonld

CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1": "v1.json",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1.json",
    "https://idos-network.github.io/idos-sdk-js/credentials/idos-credentials-v1.json": "idos-credentials-v1.json",
    "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-v1.json": "idos-credential-subject-v1.json",
    "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-v2.json": "idos-credential-subject-v2.json",
    "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-face-id-v1.json": "idos-credential-subject-face-id-v1.json",
}

contexts_dir, document_path, proof_path, seed_hex = sys.argv[1:5]
documents = {url: json.load(open(os.path.join(contexts_dir, name))) for url, name in CONTEXTS.items()}


def loader(url, options=None):
    if url not in documents:
        raise jsonld.JsonLdError("not bundled", "jsonld.LoadDocumentError", {"url": url})
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": documents[url]}


document = json.load(open(document_path))
proof_options = json.load(open(proof_path))
key = eddsa.new(ECC.construct(curve="ed25519", seed=bytes.fromhex(seed_hex)), "rfc8032")
options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader, "safe": True}


def canonical(doc):
    return jsonld.normalize(doc, options)


def sign(doc):
    proof = dict(proof_options)
    proof["@context"] = doc["@context"]
    verify_data = hashlib.sha256(canonical(proof).encode()).digest() + hashlib.sha256(canonical(doc).encode()).digest()
    return key.sign(verify_data)


def rate(fn, seconds=2.0):
    fn()
    start = time.perf_counter(); n = 0
    while time.perf_counter() - start < seconds:
        fn(); n += 1
    return n / (time.perf_counter() - start)


try:
    print("vc_canon %.1f" % rate(lambda: canonical(document)))
    print("vc_sign %.1f" % rate(lambda: sign(document)))
except TypeError:
    # Older pyld without the "safe" option.
    del options["safe"]
    print("vc_canon %.1f" % rate(lambda: canonical(document)))
    print("vc_sign %.1f" % rate(lambda: sign(document)))
