"""Training speed when the vector tables leave the caches, and the routes around it.

Three measurements on power-law graphs (node ``i`` drawn as an edge end with
probability proportional to ``(i + 1) ** -0.6``, labels then permuted at
random), ``n_components=128``, ``window=5``, no subsampling, one epoch:

``rate``
    walk steps per second of training per thread, at 10,000 and 1,000,000
    nodes, for the per-pair kernel and the shared-negatives kernel, on 1 and
    2 threads (medians of 2 runs, alternating). About 6 million steps each.
``order``
    the 1M-node graph and an R-MAT graph of scale 20 (nodes in random order),
    and the same graphs relabelled by decreasing degree (the frequency order
    gensim gives a vocabulary), 1 thread, medians of 2 runs alternating: how
    much locality of the hot rows buys.
``quality``
    node-classification accuracy of the two kernels on a power-law planted
    partition (``scale_graphs.make_planted``, 100,000 nodes, mu 0.5, 50
    communities), ``--seeds`` seeds, the kernels' order alternating; the
    paired difference and its 95% t interval.

    python benchmarks/scale_routes.py rate order quality

Prints its tables; run it on an otherwise idle machine.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).parent))

from sksg import GraphWalkEmbedder  # noqa: E402

DIM = 128
STEPS = 6_000_000


def power_law_graph(n, m, seed=0):
    """A symmetric canonical CSR graph of ``n`` nodes and ``m`` edge draws."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, n + 1) ** 0.6
    p /= p.sum()
    src = rng.choice(n, m, p=p)
    dst = rng.choice(n, m, p=p)
    perm = rng.permutation(n)
    A = sp.coo_array((np.ones(m), (perm[src], perm[dst])), shape=(n, n)).tocsr()
    A = sp.csr_array(A + A.T)
    A.data[:] = 1.0
    A.sort_indices()
    return A


def degree_order(A):
    """``A`` with its nodes relabelled by decreasing degree."""
    order = np.argsort(-np.diff(A.indptr), kind="stable")
    B = sp.csr_array(A[order][:, order])
    B.sort_indices()
    return B


def warm_up():
    small = sp.random(200, 200, density=0.05, format="csr", random_state=0)
    small = sp.csr_array(small + small.T)
    for share in (False, True):
        for threads in (1, 2):
            GraphWalkEmbedder(
                graph=small, n_components=DIM, walk_length=5, walks_per_node=1, epochs=1,
                share_negatives=share, n_jobs=threads,
            ).fit()  # fmt: skip


def steps_per_second(A, share, threads, walk_length, seed=0):
    n = A.shape[0]
    model = GraphWalkEmbedder(
        graph=A, n_components=DIM, walk_length=walk_length,
        walks_per_node=max(1, STEPS // (n * walk_length)), epochs=1, window=5, sample=0,
        share_negatives=share, random_state=seed, n_jobs=threads,
    ).fit()  # fmt: skip
    return model.node_counts_.sum() / model.fit_times_["training"]


def rate():
    print("| nodes | kernel | 1 thread (steps/s) | 2 threads | speed-up |")
    print("|---|---|---|---|---|")
    for n, m, walk_length in ((10_000, 50_000, 20), (1_000_000, 5_000_000, 6)):
        A = power_law_graph(n, m)
        for share in (False, True):
            runs = {1: [], 2: []}
            for threads in (1, 2, 1, 2):
                runs[threads].append(steps_per_second(A, share, threads, walk_length))
            one, two = np.median(runs[1]), np.median(runs[2])
            kernel = "shared" if share else "per-pair"
            print(f"| {n:,} | {kernel} | {one:,.0f} | {two:,.0f} | {two / one:.2f}x |", flush=True)


def order():
    from scale_graphs import make_rmat

    graphs = {
        "power law (1M nodes)": power_law_graph(1_000_000, 5_000_000),
        "R-MAT (scale 20)": make_rmat(20, edge_factor=8, seed=0)[0],
    }
    print("| graph | kernel | random order (steps/s) | degree order | speed-up |")
    print("|---|---|---|---|---|")
    for name, A in graphs.items():
        B = degree_order(A)
        for share in (False, True):
            runs = {0: [], 1: []}
            for k in (0, 1, 1, 0):
                runs[k].append(steps_per_second((A, B)[k], share, 1, 6))
            off, on = np.median(runs[0]), np.median(runs[1])
            kernel = "shared" if share else "per-pair"
            print(f"| {name} | {kernel} | {off:,.0f} | {on:,.0f} | {on / off:.2f}x |", flush=True)


def quality(seeds):
    from graph_data import classify
    from scale_graphs import make_planted
    from scipy import stats

    A, labels, _ = make_planted(100_000, edge_factor=5, n_communities=50, mu=0.5, seed=1)
    acc = {False: [], True: []}
    for s in range(seeds):
        for share in [False, True] if s % 2 == 0 else [True, False]:
            tic = time.perf_counter()
            model = GraphWalkEmbedder(
                graph=A, n_components=64, walk_length=40, walks_per_node=4, window=5, epochs=1,
                sample=0, share_negatives=share, random_state=s, n_jobs=2,
            ).fit()  # fmt: skip
            a = classify(model.embedding_, labels, 20_000, split_seed=s, unscaled=False)
            acc[share].append(a["accuracy"])
            took = time.perf_counter() - tic
            print(f"seed {s} shared={share}: accuracy {a['accuracy']:.4f} ({took:.0f} s)")
    exact, shared = np.array(acc[False]), np.array(acc[True])
    d = shared - exact
    half = stats.t.ppf(0.975, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size)
    print(
        f"per-pair {exact.mean():.4f}, shared {shared.mean():.4f}: paired difference "
        f"{d.mean():+.4f} (95% CI {d.mean() - half:+.4f} to {d.mean() + half:+.4f}), "
        f"{d.size} seeds"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="+", choices=["rate", "order", "quality"])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args(argv)
    warm_up()
    for part in args.parts:
        print(f"\n## {part}\n", flush=True)
        if part == "quality":
            quality(args.seeds)
        else:
            globals()[part]()


if __name__ == "__main__":
    main()
