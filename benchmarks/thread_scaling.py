"""Where two threads lose against one: the kernel, the work around it, shared rows.

Three measurements, each with 1 and 2 threads (medians of 2 runs, alternating):

``graph``
    ``GraphWalkEmbedder`` on the 10,000-node power-law graph of
    ``scale_routes.py`` (6M walk steps, ``n_components=128``, window 5, no
    subsampling): the training time, the time inside the skip-gram kernel
    (``train_block``) and outside it (walk generation, bookkeeping), for the
    per-pair kernel, the per-pair kernel with a uniform noise distribution
    (``ns_exponent=0``: no hot noise rows) and shared negatives.
``text``
    ``SkipGramEmbedder`` on ``make_topic_corpus`` (the text benchmark's
    generator, ``--sequences`` sequences), the text benchmark's settings, one
    epoch; the same three variants.
``processes``
    two independent one-thread fits of the graph run side by side in two
    processes, against one alone: whether the machine itself (cores, caches,
    memory) gives two threads twice the work when they share no rows.

    python benchmarks/thread_scaling.py graph text processes

Prints its tables; run it on an otherwise idle machine.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import sksg._trainer as trainer  # noqa: E402
from sksg import GraphWalkEmbedder, SkipGramEmbedder  # noqa: E402

VARIANTS = {
    "per-pair": {},
    "per-pair, uniform noise": dict(ns_exponent=0.0),
    "shared negatives": dict(share_negatives=True),
}
_kernel_seconds = [0.0]
_train_block = trainer.train_block


def _timed_block(*args):
    tic = time.perf_counter()
    out = _train_block(*args)
    _kernel_seconds[0] += time.perf_counter() - tic
    return out


def graph_model(threads, **extra):
    from scale_routes import power_law_graph

    return GraphWalkEmbedder(
        graph=power_law_graph(10_000, 50_000), n_components=128, walk_length=20,
        walks_per_node=30, epochs=1, window=5, sample=0, random_state=0, n_jobs=threads,
        **extra,
    )  # fmt: skip


def split(make, fit):
    """Medians of (training, kernel) seconds at 1 and 2 threads, per variant."""
    trainer.train_block = _timed_block
    print("| variant | training 1 thread | 2 threads | speed-up | kernel alone: speed-up | "
          "outside the kernel, 1 / 2 threads |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, extra in VARIANTS.items():
        runs = {1: [], 2: []}
        for threads in (1, 2, 2, 1):
            _kernel_seconds[0] = 0.0
            model = fit(make(threads, **extra))
            runs[threads].append((model.fit_times_["training"], _kernel_seconds[0]))
        (t1, k1), (t2, k2) = (np.median(runs[n], axis=0) for n in (1, 2))
        print(
            f"| {name} | {t1:.2f} s | {t2:.2f} s | {t1 / t2:.2f}x | {k1 / k2:.2f}x | "
            f"{t1 - k1:.2f} / {t2 - k2:.2f} s |",
            flush=True,
        )
    trainer.train_block = _train_block


def graph():
    from scale_routes import warm_up

    warm_up()
    split(graph_model, lambda model: model.fit())


def text(sequences):
    from bench_text import CORPUS_PARAMS

    from sksg.datasets import make_topic_corpus

    corpus, _ = make_topic_corpus(sequences, **CORPUS_PARAMS)
    print(f"{sum(map(len, corpus)):,} tokens")

    def make(threads, **extra):
        return SkipGramEmbedder(
            n_components=100, window=5, negative=5, sample=1e-3, min_count=5, epochs=1,
            n_jobs=threads, random_state=0, **extra,
        )  # fmt: skip

    for share in (False, True):
        make(2, share_negatives=share).fit(corpus[:2000])  # compile
    split(make, lambda model: model.fit(corpus))


def processes():
    def launch():
        return subprocess.Popen(
            [sys.executable, __file__, "--one-fit"], stdout=subprocess.PIPE, text=True
        )

    alone = float(launch().communicate()[0])
    pair = [launch(), launch()]
    together = [float(p.communicate()[0]) for p in pair]
    print("| one-thread fit | training |")
    print("|---|---|")
    print(f"| alone | {alone:.2f} s |")
    print(f"| two side by side, in two processes | {together[0]:.2f} s, {together[1]:.2f} s |")


def one_fit():
    import warnings

    from scale_routes import warm_up

    warnings.simplefilter("ignore")
    warm_up()
    print(graph_model(1).fit().fit_times_["training"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help="graph, text, processes")
    parser.add_argument("--sequences", type=int, default=100_000)
    parser.add_argument("--one-fit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_fit:
        one_fit()
        return
    unknown = set(args.parts) - {"graph", "text", "processes"}
    if unknown or not args.parts:
        parser.error(f"parts: choose among graph, text, processes (got {args.parts})")
    for part in args.parts:
        print(f"\n## {part}\n", flush=True)
        if part == "graph":
            graph()
        elif part == "text":
            text(args.sequences)
        else:
            processes()


if __name__ == "__main__":
    main()
