"""Hierarchical softmax on graph walks: sksg against gensim, trained on the same walks.

Generates node2vec walks once, with the public ``sksg.random_walks(graph, ...,
return_ids=True)`` (the walks ``GraphWalkEmbedder`` trains on for the same int
seed), on the planted-partition graph of ``bench_graph.py`` (100,000 nodes,
1,000,000 undirected edges, 50 blocks, 30% of the edges across blocks; walks
of 80 nodes, one per node, p = 0.5, q = 2 with the defaults), then trains
skip-gram with hierarchical softmax on those same walks with two tools and
identical settings (128 dimensions, window 10, subsampling 1e-3,
``min_count=1``, one epoch, learning rate 0.025 decaying to 1e-4):

* ``gensim-hs``: ``Word2Vec(sg=1, hs=1, negative=0, workers=T, seed=s)``;
* ``sksg-hs``: ``SkipGramEmbedder(objective='hierarchical', n_jobs=T,
  random_state=s)``.

Both get the walks in the same form, lists of node-ID strings (``"17"``), so
both read and count the same corpus. Since the walks are shared, the
comparison isolates the trainers: the question is whether sksg's
hierarchical softmax gives vectors as good as gensim's, and how fast.

Method
------
* Every training run happens in a fresh child process (this script with a
  hidden ``--child`` option, see ``harness.py``): load the walks (``.npy``
  files written by the parent), turn them into lists of strings (not timed),
  warm up with a fit of the same tool and settings on the first 2,000 walks,
  then time the fit (vocabulary + training) with the RSS sampler and the
  kernel's high-water mark (``harness.Measure``). gensim's fit is
  ``build_vocab`` then ``train`` (what ``Word2Vec(corpus, ...)`` runs, timed
  step by step); sksg's phases are its ``fit_times_``.
* Seeds: each seed ``s`` trains both tools once per thread count (gensim with
  ``seed=s``, sksg with ``random_state=s``), the tool order rotated from one
  seed to the next. The child saves the vectors in node order; the parent
  scores them by node classification, ``StandardScaler`` +
  ``LogisticRegression(max_iter=1000)`` trained on a random half of the nodes
  and tested on the other half, the split drawn with seed ``s``: both tools
  of a seed are scored on the same split.
* Quality: the paired differences sksg - gensim of accuracy and macro-F1 over
  the seeds, their mean and 95% t confidence interval.
* Throughput: walk positions x epochs / wall seconds, of the whole fit and of
  training alone, medians over seeds; ratios sksg / gensim of the medians.
  Memory: peak RSS during the fit minus the RSS before it, medians.

Children run with ``PYTHONHASHSEED=0`` (gensim seeds its vectors with Python's
``hash``). Results go to ``results/graph-hs.json`` and ``graph-hs.md``
(``graph-hs-quick.*`` with ``--quick``), and the tables are printed.

Usage::

    python benchmarks/bench_graph_hs.py --quick   # smoke test, a few minutes
    python benchmarks/bench_graph_hs.py           # 5 seeds, 2 threads
    python benchmarks/bench_graph_hs.py --threads 1,2 --seeds 10
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import graph_data
import harness
import numpy as np
from graph_data import WALK_SEED, classify
from harness import Measure, fmt_ratio, md_table, median_of

harness.use_source_tree()

TOOLS = ("sksg-hs", "gensim-hs")
LABELS = {"sksg-hs": "sksg HS", "gensim-hs": "gensim HS"}
MODEL_PARAMS = dict(
    n_components=128,
    window=10,
    sample=1e-3,
    min_count=1,
    epochs=1,
    learning_rate=0.025,
    min_learning_rate=1e-4,
)
WARMUP_WALKS = 2_000
QUICK_SEEDS = 3
IDS_FILE = "ids.npy"
OFFSETS_FILE = "offsets.npy"


# -- in the children ---------------------------------------------------------------


def walks_as_strings(ids, offsets):
    """The walks as lists of node-ID strings, as both tools get them."""
    names = np.array([str(i) for i in range(int(ids.max()) + 1)], dtype=object)
    bounds = offsets.tolist()
    strings = names[ids].tolist()
    return [strings[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def make_fitter(tool, threads, seed):
    """A function ``walks -> (keys, vectors, phases)`` that trains ``tool``."""
    p = MODEL_PARAMS
    if tool == "gensim-hs":
        from gensim.models import Word2Vec

        def fit(walks):
            # What Word2Vec(walks, ...) runs, in two timed steps.
            model = Word2Vec(
                vector_size=p["n_components"],
                window=p["window"],
                hs=1,
                negative=0,
                sample=p["sample"],
                min_count=p["min_count"],
                sg=1,
                epochs=p["epochs"],
                alpha=p["learning_rate"],
                min_alpha=p["min_learning_rate"],
                workers=threads,
                seed=seed,
            )
            tic = time.perf_counter()
            model.build_vocab(walks)
            vocab_s = time.perf_counter() - tic
            tic = time.perf_counter()
            model.train(
                walks,
                total_examples=model.corpus_count,
                total_words=model.corpus_total_words,
                epochs=model.epochs,
                start_alpha=model.alpha,
                end_alpha=model.min_alpha,
            )
            phases = {"vocabulary": vocab_s, "training": time.perf_counter() - tic}
            return model.wv.index_to_key, model.wv.vectors, phases

        return fit

    from sksg import SkipGramEmbedder

    def fit(walks):
        model = SkipGramEmbedder(
            n_components=p["n_components"],
            window=p["window"],
            objective="hierarchical",
            sample=p["sample"],
            min_count=p["min_count"],
            epochs=p["epochs"],
            learning_rate=p["learning_rate"],
            min_learning_rate=p["min_learning_rate"],
            n_jobs=threads,
            random_state=seed,
        ).fit(walks)
        return list(model.tokens_), model.embedding_, dict(model.fit_times_)

    return fit


def child_train(args):
    """Child mode ``train``: warm up, time one fit, save the vectors in node order."""
    work = args.workdir
    ids, offsets = np.load(work / IDS_FILE), np.load(work / OFFSETS_FILE)
    tic = time.perf_counter()
    walks = walks_as_strings(ids, offsets)
    input_s = time.perf_counter() - tic
    n_nodes = int(ids.max()) + 1
    del ids, offsets
    fit = make_fitter(args.tool, args.n_threads, args.seed)
    fit(walks[:WARMUP_WALKS])
    with Measure() as m:
        keys, vectors, phases = fit(walks)
    row = {key: i for i, key in enumerate(keys)}
    vectors = np.asarray(vectors, dtype=np.float32)[[row[str(i)] for i in range(n_nodes)]]
    vectors_path = work / f"vectors-{os.getpid()}.npy"
    np.save(vectors_path, vectors)
    return {
        "tool": args.tool,
        "threads": args.n_threads,
        "seed": args.seed,
        "wall_s": m.wall,
        "vocabulary_s": phases["vocabulary"],
        "training_s": phases["training"],
        "input_s": input_s,
        "n_vocab": len(keys),
        **m.record(),
        "vectors_file": str(vectors_path),
    }


CHILDREN = {"train": child_train}


# -- the parent -----------------------------------------------------------------------


def write_walks(args, workdir):
    """Generate the graph and its walks (``sksg.random_walks``), save the walks."""
    from sksg import random_walks

    tic = time.perf_counter()
    labels, graph = graph_data.write_graph(args.graph, workdir, "graph.npz")
    graph_data.print_graph(graph, time.perf_counter() - tic)
    A = graph_data.load_scipy(Path(workdir) / "graph.npz")
    tic = time.perf_counter()
    ids, offsets, nodes = random_walks(
        A,
        walk_length=args.walk_length,
        walks_per_node=args.walks_per_node,
        p=args.p,
        q=args.q,
        return_ids=True,
        random_state=WALK_SEED,
        n_jobs=max(args.threads),
    )
    walks_s = time.perf_counter() - tic
    assert np.array_equal(nodes, np.arange(A.shape[0]))  # id i is node i
    assert np.unique(ids).shape[0] == A.shape[0], "every node must occur in the walks"
    np.save(Path(workdir) / IDS_FILE, ids)
    np.save(Path(workdir) / OFFSETS_FILE, offsets)
    walks = {"n_walks": int(offsets.shape[0] - 1), "n_steps": int(ids.shape[0]), "s": walks_s}
    print(
        f"walks: {walks['n_walks']:,} walks, {walks['n_steps']:,} steps ({walks_s:.1f} s)",
        flush=True,
    )
    return labels, graph, walks


def measure_runs(args, labels, n_steps, workdir):
    records = []
    plan = [
        (seed, t, tool)
        for r, seed in enumerate(args.seeds)
        for t in args.threads
        for tool in harness.rotated(TOOLS, r)
    ]
    start = time.perf_counter()
    for i, (seed, t, tool) in enumerate(plan, 1):
        options = {"tool": tool, "n-threads": t, "seed": seed, "workdir": workdir}
        rec = harness.run_child(__file__, "train", options, workdir)
        vectors = np.load(rec["vectors_file"])
        os.unlink(rec.pop("vectors_file"))
        rec.update(classify(vectors, labels, args.clf_max_train, split_seed=seed, unscaled=False))
        positions = n_steps * MODEL_PARAMS["epochs"]
        rec["tokens_per_s"] = positions / rec["wall_s"]
        rec["training_tokens_per_s"] = positions / rec["training_s"]
        records.append(rec)
        print(
            f"[{i}/{len(plan)} {(time.perf_counter() - start) / 60:5.1f} min] seed {seed}, "
            f"T={t}, {tool:9s}: {rec['wall_s']:7.2f} s (vocabulary {rec['vocabulary_s']:.2f}, "
            f"training {rec['training_s']:.2f}), {rec['tokens_per_s'] / 1e6:5.2f} M pos/s, "
            f"+{rec['peak_mib']:5.0f} MiB, accuracy {rec['accuracy']:.3f}, "
            f"macro-F1 {rec['macro_f1']:.3f}",
            flush=True,
        )
    return records


def summarize(records, args):
    """Per thread count: medians per tool, ratios sksg / gensim, paired quality differences."""
    keys = (
        "wall_s",
        "vocabulary_s",
        "training_s",
        "tokens_per_s",
        "training_tokens_per_s",
        "peak_mib",
        "baseline_rss_mib",
    )
    summary = {}
    for t in args.threads:
        row = {}
        by_seed = {}
        for tool in TOOLS:
            recs = sorted(
                (r for r in records if r["threads"] == t and r["tool"] == tool),
                key=lambda r: r["seed"],
            )
            by_seed[tool] = recs
            row[tool] = {"n_runs": len(recs)} | {k: median_of(recs, k) for k in keys}
            for metric in ("accuracy", "macro_f1"):
                row[tool][f"{metric}_mean"] = statistics.fmean(r[metric] for r in recs)
        s, g = row["sksg-hs"], row["gensim-hs"]
        row["speed_ratio"] = s["tokens_per_s"] / g["tokens_per_s"]
        row["training_speed_ratio"] = s["training_tokens_per_s"] / g["training_tokens_per_s"]
        row["memory_ratio"] = s["peak_mib"] / g["peak_mib"] if g["peak_mib"] > 0 else None
        assert [r["seed"] for r in by_seed["sksg-hs"]] == [r["seed"] for r in by_seed["gensim-hs"]]
        for metric in ("accuracy", "macro_f1"):
            row[f"{metric}_difference"] = harness.paired_difference(
                [r[metric] for r in by_seed["sksg-hs"]],
                [r[metric] for r in by_seed["gensim-hs"]],
            )
        summary[str(t)] = row
    return summary


def fmt_difference(d):
    if d["ci_low"] is None:
        return f"{d['mean']:+.4f} (n = {d['n']}, no interval)"
    return f"{d['mean']:+.4f} [{d['ci_low']:+.4f}, {d['ci_high']:+.4f}]"


def render_markdown(results):
    """The tables, as markdown ready to paste into documentation."""
    s, m, summary = results["settings"], results["machine"], results["summary"]
    mp, w = MODEL_PARAMS, s["walks"]
    rows = list(summary.items())
    parts = [
        graph_data.describe(s["graph"]) + f" Walks: {w['n_walks']:,} walks of "
        f"{s['walk_length']} nodes ({s['walks_per_node']} per node, p = {s['p']:g}, q = "
        f"{s['q']:g}), {w['n_steps']:,} steps, generated once with `sksg.random_walks` and "
        "given to both tools as lists of node-ID strings. Skip-gram with hierarchical "
        f"softmax: {mp['n_components']} dimensions, window {mp['window']}, sample "
        f"{mp['sample']:g}, {mp['epochs']} epoch; gensim `Word2Vec(sg=1, hs=1, negative=0)`, "
        f"sksg `SkipGramEmbedder(objective='hierarchical')`. Seeds {s['seeds']}, each run "
        f"in a fresh process. Machine: {m['cpu']}, {m['nproc']} CPUs; sksg {m['sksg']}, "
        f"gensim {m['gensim']}, numba {m['numba']}, numpy {m['numpy']}, Python {m['python']}.",
        "",
        "**Throughput** (walk positions x epochs / wall seconds; median over seeds): the "
        "whole fit (vocabulary + training) and training alone (sksg's `fit_times_`, "
        "gensim's `train`); ratios sksg / gensim",
        "",
        md_table(
            ["threads", "gensim HS", "sksg HS", "ratio", "gensim HS training", "sksg HS training"]
            + ["ratio"],
            [
                [
                    t,
                    f"{r['gensim-hs']['tokens_per_s'] / 1e6:.2f} M/s",
                    f"{r['sksg-hs']['tokens_per_s'] / 1e6:.2f} M/s",
                    fmt_ratio(r["speed_ratio"]),
                    f"{r['gensim-hs']['training_tokens_per_s'] / 1e6:.2f} M/s",
                    f"{r['sksg-hs']['training_tokens_per_s'] / 1e6:.2f} M/s",
                    fmt_ratio(r["training_speed_ratio"]),
                ]
                for t, r in rows
            ],
        ),
        "",
        "**Peak memory** during the fit (peak RSS minus the RSS before it, after loading "
        "the walks and a warm-up fit; median over seeds)",
        "",
        md_table(
            ["threads", "gensim HS", "sksg HS", "ratio"],
            [
                [
                    t,
                    f"{r['gensim-hs']['peak_mib']:.0f} MiB",
                    f"{r['sksg-hs']['peak_mib']:.0f} MiB",
                    fmt_ratio(r["memory_ratio"]),
                ]
                for t, r in rows
            ],
        ),
        "",
        "**Quality**: node classification, `StandardScaler` + "
        "`LogisticRegression(max_iter=1000)` trained on a random half of the nodes"
        + (
            f" (at most {s['clf_max_train']:,} of them)"
            if s["clf_max_train"] < s["graph"]["n_nodes"] // 2
            else ""
        )
        + ", tested on the other half, the split drawn with the seed (the same for both "
        "tools). Mean over seeds, and the paired difference sksg - gensim over seeds: mean "
        f"[95% t confidence interval]. Chance level: {1 / s['graph']['n_blocks']:.2f}.",
        "",
        md_table(
            ["threads", "seeds", "gensim HS accuracy", "sksg HS accuracy", "difference"]
            + ["macro-F1 difference"],
            [
                [
                    t,
                    r["accuracy_difference"]["n"],
                    f"{r['gensim-hs']['accuracy_mean']:.4f}",
                    f"{r['sksg-hs']['accuracy_mean']:.4f}",
                    fmt_difference(r["accuracy_difference"]),
                    fmt_difference(r["macro_f1_difference"]),
                ]
                for t, r in rows
            ],
        ),
    ]
    parts += harness.footnotes(results)
    return "\n".join(parts) + "\n"


def run_benchmark(args):
    machine = harness.machine_info(("gensim",))
    harness.warn_threads(machine, args.threads)
    with tempfile.TemporaryDirectory(prefix="bench-graph-hs-") as workdir:
        labels, graph, walks = write_walks(args, workdir)
        records = measure_runs(args, labels, walks["n_steps"], workdir)
    return {
        "machine": machine,
        "settings": {
            "graph": graph,
            "graph_params": args.graph,
            "walk_length": args.walk_length,
            "walks_per_node": args.walks_per_node,
            "p": args.p,
            "q": args.q,
            "walk_seed": WALK_SEED,
            "walks": walks,
            "seeds": args.seeds,
            "threads": args.threads,
            "quick": args.quick,
            "model": MODEL_PARAMS,
            "clf_max_train": args.clf_max_train,
            "warmup_walks": WARMUP_WALKS,
            "rss_sample_interval_s": harness.SAMPLE_EVERY,
            "sksg_sources_changed_during_run": harness.sources_changed(machine),
            "date": harness.now(),
        },
        "runs": records,
        "summary": summarize(records, args),
    }


# -- command line ------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Hierarchical softmax on the same graph walks: sksg against gensim."
    )
    graph_data.add_graph_arguments(parser)
    parser.add_argument("--p", type=float, default=0.5, help="node2vec's p (default: 0.5)")
    parser.add_argument("--q", type=float, default=2.0, help="node2vec's q (default: 2)")
    parser.add_argument(
        "--seeds", type=int, default=5, help="training seeds 0..N-1 (default: %(default)s)"
    )
    parser.add_argument(
        "--threads", type=harness.int_list, default=[2], help="comma-separated (default: 2)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: {graph_data.QUICK_GRAPH['n_nodes']:,} nodes, "
        f"{graph_data.QUICK_GRAPH['n_edges']:,} edges, {QUICK_SEEDS} seeds",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="JSON output (default: benchmarks/results/graph-hs.json, graph-hs-quick.json "
        "with --quick); a markdown snippet is written next to it",
    )
    # Hidden options of the child processes.
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--n-threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return args
    if args.quick:
        args.seeds = QUICK_SEEDS
    graph_data.check_graph_arguments(parser, args)
    if args.seeds < 2:
        parser.error("--seeds needs at least 2 seeds for a confidence interval")
    args.seeds = list(range(args.seeds))
    if not args.threads or min(args.threads) < 1:
        parser.error("--threads needs positive thread counts")
    if args.p <= 0 or args.q <= 0:
        parser.error("--p and --q must be positive")
    if args.out is None:
        args.out = harness.default_out("graph-hs", args.quick)
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        harness.child_main(CHILDREN, args)
        return
    results = run_benchmark(args)
    harness.write_results(results, render_markdown(results), args.out)


if __name__ == "__main__":
    main()
