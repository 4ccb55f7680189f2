"""Keccak-256 throughput of pycryptodome (a C implementation), for the ratio in `make bench`.
Prints "keccak_mbps <MB/s>" for 1 MiB inputs and "keccak_small_ops <ops/s>" for 64-byte inputs."""
import os
import time

from Crypto.Hash import keccak

data = os.urandom(1 << 20)
start = time.perf_counter(); n = 0
while time.perf_counter() - start < 1.0:
    keccak.new(digest_bits=256, data=data).digest(); n += 1
print("keccak_mbps %.1f" % (n * len(data) / (time.perf_counter() - start) / 1e6))

small = os.urandom(64)
start = time.perf_counter(); n = 0
while time.perf_counter() - start < 1.0:
    for _ in range(100):
        keccak.new(digest_bits=256, data=small).digest()
    n += 100
print("keccak_small_ops %.1f" % (n / (time.perf_counter() - start)))
