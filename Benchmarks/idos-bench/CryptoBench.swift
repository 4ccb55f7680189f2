import Foundation
import IdosCrypto

/// Crypto primitives beside raw C loops over libsodium/libsecp256k1 and pycryptodome's Keccak.
@MainActor
func runCryptoBenchmarks(_ report: BenchReport) async throws {
    let refDir = ProcessInfo.processInfo.environment["IDOS_BENCH_REF_DIR"] ?? ".build/bench-ref"
    let c = Bench.runReference(["\(refDir)/crypto_ref"])
    let py = Bench.runReference(["python3", "\(refDir)/keccak_ref.py"])

    // Keccak-256 throughput over 1 MiB, and small (64-byte) hashes as EIP-191 uses them.
    let big = secureRandomBytes(1 << 20)
    let mbps = Bench.opsPerSecond { _ = Keccak256.hash(big); return 1 } * Double(big.count) / 1e6
    report.add(BenchRow(suite: "crypto", name: "keccak256 1 MiB", unit: "MB/s", ours: mbps,
                        reference: py["keccak_mbps"], referenceName: "pycryptodome"))
    let small = secureRandomBytes(64)
    let smallOps = Bench.opsPerSecond { for _ in 0..<100 { _ = Keccak256.hash(small) }; return 100 }
    report.add(BenchRow(suite: "crypto", name: "keccak256 64 B", unit: "ops/s", ours: smallOps,
                        reference: py["keccak_small_ops"], referenceName: "pycryptodome (incl. Python call overhead)"))

    // EIP-191 verification: hash + recover + address.
    let secp = Secp256k1.PrivateKey.generate()
    let message = Array("Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000".utf8)
    let signature = EIP191.sign(message, key: secp)
    let eip = try Bench.opsPerSecond { for _ in 0..<16 { _ = try EIP191.recoverAddress(message: message, signature: signature) }; return 16 }
    report.add(BenchRow(suite: "crypto", name: "EIP-191 verify (hash+recover+address)", unit: "ops/s", ours: eip,
                        reference: c["secp256k1_recover"], referenceName: "C libsecp256k1 recover only"))

    // Ed25519 over a 200-byte message.
    let ed = Ed25519.PrivateKey.generate()
    let msg = secureRandomBytes(200)
    let sig = ed.sign(msg)
    let sign = Bench.opsPerSecond { for _ in 0..<16 { _ = ed.sign(msg) }; return 16 }
    report.add(BenchRow(suite: "crypto", name: "ed25519 sign 200 B", unit: "ops/s", ours: sign,
                        reference: c["ed25519_sign"], referenceName: "C libsodium"))
    let verify = Bench.opsPerSecond { for _ in 0..<16 { _ = Ed25519.verify(signature: sig, message: msg, publicKey: ed.publicKey) }; return 16 }
    report.add(BenchRow(suite: "crypto", name: "ed25519 verify 200 B", unit: "ops/s", ours: verify,
                        reference: c["ed25519_verify"], referenceName: "C libsodium"))

    // Sealing a 2 KiB credential with a fresh ephemeral key and nonce.
    let recipient = SealedBox.KeyPair.generate()
    let credential = secureRandomBytes(2048)
    let seal = try Bench.opsPerSecond { for _ in 0..<16 { _ = try SealedBox.seal(credential, to: recipient.publicKey) }; return 16 }
    report.add(BenchRow(suite: "crypto", name: "box seal 2 KiB (fresh ephemeral key)", unit: "ops/s", ours: seal,
                        reference: c["box_seal_2k"], referenceName: "C libsodium"))

    // The idOS scrypt KDF.
    let scrypt = try Bench.opsPerSecond(seconds: 2) {
        _ = try IdosKeyDerivation.deriveKeyPair(password: "correct horse battery staple", userId: "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11")
        return 1
    }
    report.add(BenchRow(suite: "crypto", name: "scrypt KDF (N=16384 r=8 p=1)", unit: "ops/s", ours: scrypt,
                        reference: c["scrypt"], referenceName: "C libsodium"))
}
