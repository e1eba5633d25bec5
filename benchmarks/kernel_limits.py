"""Where the SGNS kernel's time goes: pairs per second against table size.

Trains one epoch on a synthetic corpus of uniformly drawn tokens (no
subsampling, window 5 without shrinking, 5 negatives, 100 dimensions) for
vocabularies whose two vector tables fit in L1/L2, in L3, and only in DRAM,
and prints pairs/s and the arithmetic rate this implies, for the per-pair
kernel and the shared-negatives kernel, on one thread.

Each (center, context) pair is 6 row operations (1 positive + 5 noise
tokens), each a 100-d dot product and two 100-d axpys: 600 flops.

    python benchmarks/kernel_limits.py
"""

import time

import numpy as np

from sksg._sampling import alias_table, keep_thresholds, noise_distribution
from sksg._sgns import make_settings, train_block
from sksg._trainer import init_vectors

DIM = 100
TOKENS = 2_000_000
FLOPS_PER_PAIR = 6 * 6 * DIM


def run(n_vocab, objective, repeats=3):
    rng = np.random.default_rng(0)
    tokens = rng.integers(0, n_vocab, TOKENS).astype(np.int32)
    offsets = np.arange(0, TOKENS + 1, 1000, dtype=np.int64)
    counts = np.bincount(tokens, minlength=n_vocab)
    thr = keep_thresholds(counts, 0.0)
    table = alias_table(noise_distribution(counts, 0.75))
    settings = make_settings(objective, 5, False, 5, 0.025, 1e-4, 1, TOKENS)
    W = init_vectors(n_vocab, DIM, np.uint64(1))
    C = np.zeros_like(W)
    train_block(W, C, tokens[:20_000], offsets[:21], thr, table, settings, 0, 1, 1)  # compile
    times = []
    for _ in range(repeats):
        tic = time.perf_counter()
        _, pairs, _ = train_block(W, C, tokens, offsets, thr, table, settings, 0, 1, 1)
        times.append(time.perf_counter() - tic)
    return pairs / float(np.median(times))


def main():
    print(f"{'vocabulary':>10} {'tables':>9}  {'kernel':<8} {'pairs/s':>9} {'GFLOP/s':>8}")
    for n_vocab in (100, 5_000, 50_000, 1_000_000):
        mib = 2 * n_vocab * DIM * 4 / 2**20
        for objective in ("negative", "shared"):
            rate = run(n_vocab, objective)
            print(
                f"{n_vocab:>10,} {mib:>7.1f}MB  {objective:<8} {rate / 1e6:>8.2f}M "
                f"{rate * FLOPS_PER_PAIR / 1e9:>8.1f}"
            )


if __name__ == "__main__":
    main()
