"""Follow-up of bench_parity.py: does sksg close the gap when it starts from gensim's vectors?

``parity_diagnostics.py`` started gensim from sksg's initial input vectors and
saw gensim's score fall to about sksg's level (p = 0.06). This script runs the
converse: for each seed (1 thread, the LFR graph, walks and splits of
bench_parity.py), sksg as in the study (its score must equal the study's), and
sksg started from gensim's initial input vectors for the same seed
(``Word2Vec(..., seed=s).build_vocab`` gives them; they replace sksg's
``init_vectors`` for the fit, row for row by node). Everything else (windows,
subsampling, noise draws) stays sksg's own. gensim is not re-run: with one
worker it is deterministic, and the study's JSON holds its scores. The study
must come from this revision's bench_parity.py: ``parity.json`` (seeds 1-10)
was measured when bench_parity.py drew its walks through sksg's private walk
kernel, which seeded them differently, so use ``parity-confirm.json``.

    PYTHONHASHSEED=0 python benchmarks/parity_init.py \\
        --study benchmarks/results/parity-confirm.json --out benchmarks/results/parity-init

A one-off experiment script; it imports bench_parity.py for the data and
scoring, and patches ``sksg._trainer.init_vectors`` for the second fit.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_parity as bp  # noqa: E402
import numpy as np  # noqa: E402

import sksg  # noqa: E402
import sksg._trainer as trainer  # noqa: E402
from sksg._random import derive_key  # noqa: E402

CONFIG = "threads=1 p=1 q=1"


def gensim_initial_vectors(ids, offsets, n_nodes, seed):
    """gensim's initial input vectors for ``seed``, one row per node (node order)."""
    g = bp.gensim_model(1, seed)
    g.build_vocab(bp.walk_sentences(ids, offsets, n_nodes))
    return np.stack([g.wv[str(i)].copy() for i in range(n_nodes)])


def numpy_initial_vectors(n_nodes, dim, seed):
    """Uniform in ``[-1/dim, 1/dim)`` from numpy's PCG64, as gensim 4 draws (node order)."""
    rng = np.random.default_rng(seed)
    return (rng.random((n_nodes, dim), dtype=np.float32) * 2.0 - 1.0) / dim


def fit_from(ids, offsets, n_nodes, seed, start):
    """sksg's fit of the study, its input vectors starting from ``start`` (node order)."""
    original = trainer.init_vectors
    if start is not None:
        # Rows of sksg's vocabulary are its tokens_ (node IDs) in its own order;
        # they are known only after counting, so the order is taken from a
        # plain fit of the same seed (deterministic) made before this one.
        order = fit_from.order

        def init_from_start(n, dim, key):
            if isinstance(start, str) and start == "reseeded":
                return original(n, dim, key)
            if isinstance(start, str):  # sksg's own draw from another key
                return original(n, dim, np.uint64(derive_key(key, 1, 2)))
            assert (n, dim) == (order.shape[0], start.shape[1])
            return np.ascontiguousarray(start[order], dtype=np.float32)

        trainer.init_vectors = init_from_start
    try:
        model = sksg.SkipGramEmbedder(
            n_components=bp.SETTINGS["dim"],
            window=bp.SETTINGS["window"],
            negative=bp.SETTINGS["negative"],
            ns_exponent=bp.SETTINGS["ns_exponent"],
            sample=bp.SETTINGS["sample"],
            min_count=bp.SETTINGS["min_count"],
            epochs=bp.SETTINGS["epochs"],
            learning_rate=bp.SETTINGS["alpha"],
            min_learning_rate=bp.SETTINGS["min_alpha"],
            n_jobs=1,
            random_state=seed + 1000 if isinstance(start, str) and start == "reseeded" else seed,
        )
        model.fit(ids[a:b] for a, b in zip(offsets[:-1], offsets[1:], strict=True))
    finally:
        trainer.init_vectors = original
    fit_from.order = np.asarray(model.tokens_, dtype=np.int64)
    rows = np.array([model.vocabulary_[i] for i in range(n_nodes)])
    return model.embedding_[rows]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, required=True, help="bench_parity.py JSON")
    parser.add_argument("--out", type=Path, required=True, help="output path without suffix")
    parser.add_argument(
        "--start",
        choices=("gensim", "numpy", "rekeyed", "reseeded"),
        default="gensim",
        help="initial vectors: gensim's for the seed, or numpy's default_rng(seed) drawn "
        "the same way (uniform in [-1/d, 1/d), float32, rows in gensim's order by node), "
        "or sksg's own draw from another stream key (rekeyed); reseeded: no new start, "
        "but sksg trains with random_state=seed + 1000, independent of the walks' seed",
    )
    args = parser.parse_args()
    study = json.loads(args.study.read_text())
    runs = {r["seed"]: r for r in study["configs"][CONFIG]["runs"]}
    A, y, _ = bp.make_graph(dict(study["graph_params"]))
    n = y.shape[0]
    rows = []
    for seed in sorted(runs):
        ids, offsets = bp.make_walks(A, seed, 1.0, 1.0)
        splits = bp.splits_for(y, seed)
        plain = bp.score(fit_from(ids, offsets, n, seed, None), y, splits)
        if args.start == "gensim":
            start = gensim_initial_vectors(ids, offsets, n, seed)
        elif args.start in ("rekeyed", "reseeded"):
            start = args.start
        else:
            start = numpy_initial_vectors(n, bp.SETTINGS["dim"], seed)
        swapped = bp.score(fit_from(ids, offsets, n, seed, start), y, splits)
        rec = {"seed": seed}
        for metric in ("micro", "macro"):
            rec[metric] = {
                "gensim": float(np.mean(runs[seed]["scores"]["gensim"][metric])),
                "sksg_study": float(np.mean(runs[seed]["scores"]["sksg"][metric])),
                "sksg": float(np.mean(plain[metric])),
                f"sksg_{args.start}_init": float(np.mean(swapped[metric])),
            }
        print(json.dumps(rec), flush=True)
        rows.append(rec)
    summary = {}
    swapped_key = f"sksg_{args.start}_init"
    for metric in ("micro", "macro"):
        col = {k: [r[metric][k] for r in rows] for k in rows[0][metric]}
        summary[metric] = {
            "sksg - sksg_study (must be 0)": bp.paired(col["sksg"], col["sksg_study"]),
            "sksg - gensim": bp.paired(col["sksg"], col["gensim"]),
            f"sksg[{args.start} init] - sksg": bp.paired(col[swapped_key], col["sksg"]),
            f"sksg[{args.start} init] - gensim": bp.paired(col[swapped_key], col["gensim"]),
        }
    result = {"study": str(args.study), "rows": rows, "summary": summary, "versions": bp.versions()}
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=1))
    lines = [
        f"# Trainer parity: sksg started from {args.start}'s initial vectors",
        "",
        f"`benchmarks/parity_init.py`, 1 thread, the graph, walks and splits of "
        f"`{args.study.name}` (seeds {min(runs)}-{max(runs)}); gensim's scores are the study's.",
        "",
        f"| seed | gensim | sksg | sksg[{args.start} init] |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['seed']} | {r['micro']['gensim']:.4f} | {r['micro']['sksg']:.4f} "
        f"| {r['micro'][swapped_key]:.4f} |"
        for r in rows
    ]
    lines += [
        "",
        "| metric | difference | mean | SE | 95% CI (t) | p | seeds |",
        "|---|---|---|---|---|---|---|",
    ]
    for metric, diffs in summary.items():
        for name, d in diffs.items():
            ci = "" if d["ci"] is None else f"[{d['ci'][0]:+.4f}, {d['ci'][1]:+.4f}]"
            se = "" if d["se"] is None else f"{d['se']:.4f}"
            p = "" if d["p"] is None or d["p"] != d["p"] else f"{d['p']:.2f}"
            lines.append(
                f"| {metric}-F1 | {name} | {d['mean']:+.4f} | {se} | {ci} | {p} | {d['k']} |"
            )
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
