"""Where the SGNS kernel's time goes: pairs per second against table size.

Trains one epoch on a synthetic corpus of uniformly drawn tokens (no
subsampling, window 5 without shrinking, 5 negatives, 100 dimensions) for
vocabularies whose two vector tables fit in L1/L2, in L3, and only in DRAM,
and prints pairs/s and the arithmetic rate this implies, for the per-pair
kernel, the shared-negatives kernel and hierarchical softmax, on one thread.

A row operation is a 100-d dot product and two 100-d axpys (600 flops). A
(center, context) pair is 6 of them with negative sampling (1 positive + 5
noise tokens) and, with hierarchical softmax, one per inner node on the
center's path (its count-weighted mean length is printed).

    python benchmarks/kernel_limits.py

It probes the kernel itself, so it uses sksg's private modules (the settings,
tables and cursor the trainer hands to ``train_block``), unlike the other
benchmarks, which go through the public API only.
"""

import time

import numpy as np

from sksg._sgns import Cursor, Objective, SkipGramSettings, train_block
from sksg._trainer import init_vectors, make_tables

DIM = 100
TOKENS = 2_000_000
FLOPS_PER_ROW = 6 * DIM


def run(n_vocab, objective, repeats=3):
    rng = np.random.default_rng(0)
    tokens = rng.integers(0, n_vocab, TOKENS).astype(np.int32)
    offsets = np.arange(0, TOKENS + 1, 1000, dtype=np.int64)
    counts = np.bincount(tokens, minlength=n_vocab)
    settings = SkipGramSettings.create(
        objective=Objective[objective.upper()], window=5, shrink_window=False, negative=5,
        lr_start=0.025, lr_end=1e-4, epochs=1, n_positions=TOKENS,
    )  # fmt: skip
    tables = make_tables(counts, settings.objective, 0.0, 0.75)
    W = init_vectors(n_vocab, DIM, np.uint64(1))
    C = np.zeros((n_vocab - (objective == "hierarchical"), DIM), dtype=np.float32)
    at = Cursor.create(seed=1, epoch=0)
    train_block(W, C, tables, tokens[:20_000], offsets[:21], settings, at, 1)  # compile
    times = []
    for _ in range(repeats):
        tic = time.perf_counter()
        _, pairs, _ = train_block(W, C, tables, tokens, offsets, settings, at, 1)
        times.append(time.perf_counter() - tic)
    rows = 6.0
    if objective == "hierarchical":
        rows = float(np.diff(tables.paths) @ counts / counts.sum())
    return pairs / float(np.median(times)), rows


def main():
    print(
        f"{'vocabulary':>10} {'tables':>9}  {'kernel':<12} {'rows/pair':>9} {'pairs/s':>9} "
        f"{'GFLOP/s':>8}"
    )
    for n_vocab in (100, 5_000, 50_000, 1_000_000):
        mib = 2 * n_vocab * DIM * 4 / 2**20
        for objective in ("negative", "shared", "hierarchical"):
            rate, rows = run(n_vocab, objective)
            print(
                f"{n_vocab:>10,} {mib:>7.1f}MB  {objective:<12} {rows:>9.1f} "
                f"{rate / 1e6:>8.2f}M {rate * rows * FLOPS_PER_ROW / 1e9:>8.1f}"
            )


if __name__ == "__main__":
    main()
