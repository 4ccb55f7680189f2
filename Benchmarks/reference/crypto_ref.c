/* Reference loops over the raw C libraries, for the ratios in `make bench`.
 * Prints "name ops_per_second" lines; each loop runs for about one second. */
#include <sodium.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

#define LOOP(name, body)                                             \
    do {                                                             \
        long n = 0;                                                  \
        double start = now(), elapsed = 0;                           \
        while (elapsed < 1.0) {                                      \
            for (int i = 0; i < 16; i++) { body; }                   \
            n += 16;                                                 \
            elapsed = now() - start;                                 \
        }                                                            \
        printf("%s %.1f\n", name, n / elapsed);                      \
    } while (0)

int main(void) {
    if (sodium_init() < 0) return 1;
    unsigned char pk[32], sk[64], sig[64], msg[200];
    randombytes_buf(msg, sizeof msg);
    crypto_sign_keypair(pk, sk);

    LOOP("ed25519_sign", crypto_sign_detached(sig, NULL, msg, sizeof msg, sk));
    LOOP("ed25519_verify", if (crypto_sign_verify_detached(sig, msg, sizeof msg, pk) != 0) return 2);

    /* idOS sealing: fresh ephemeral key pair and random nonce per 2 KiB credential. */
    static unsigned char plain[2048], boxed[2048 + 16];
    unsigned char rpk[32], rsk[32], epk[32], esk[32], nonce[24];
    randombytes_buf(plain, sizeof plain);
    crypto_box_keypair(rpk, rsk);
    LOOP("box_seal_2k", {
        crypto_box_keypair(epk, esk);
        randombytes_buf(nonce, sizeof nonce);
        if (crypto_box_easy(boxed, plain, sizeof plain, nonce, rpk, esk) != 0) return 5;
    });

    unsigned char out[32];
    const char *pw = "correct horse battery staple", *salt = "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11";
    {
        long n = 0; double start = now(), elapsed = 0;
        while (elapsed < 2.0) {
            if (crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pw, strlen(pw), (const uint8_t *)salt, strlen(salt),
                                                  16384, 8, 1, out, sizeof out) != 0) return 4;
            n++; elapsed = now() - start;
        }
        printf("scrypt %.2f\n", n / elapsed);
    }

    /* EIP-191 verification core: recover the public key from a recoverable signature (keccak excluded). */
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    unsigned char seckey[32], hash[32], compact[64], ser[65];
    int recid;
    size_t len;
    do { randombytes_buf(seckey, 32); } while (!secp256k1_ec_seckey_verify(ctx, seckey));
    randombytes_buf(hash, 32);
    secp256k1_ecdsa_recoverable_signature rsig;
    secp256k1_ecdsa_sign_recoverable(ctx, &rsig, hash, seckey, NULL, NULL);
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &rsig);
    LOOP("secp256k1_recover", {
        secp256k1_ecdsa_recoverable_signature parsed;
        secp256k1_pubkey pub;
        secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &parsed, compact, recid);
        if (!secp256k1_ecdsa_recover(ctx, &pub, &parsed, hash)) return 3;
        len = sizeof ser;
        secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    });
    secp256k1_context_destroy(ctx);
    return 0;
}
