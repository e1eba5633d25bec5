"""Trainer parity: sksg's SkipGramEmbedder and gensim's Word2Vec(sg=1) on the same walks.

A paired study of the two skip-gram trainers alone. The walks are generated
once per seed (sksg's walk generator) and the very same walks are given to

* ``gensim``: ``Word2Vec(sentences, sg=1, hs=0, negative=5, window=10,
  sample=1e-3, min_count=1, vector_size=128, epochs=1, alpha=0.025,
  min_alpha=1e-4, workers=T, seed=s)``, the walks as lists of ``str`` node ids;
* ``sksg``: ``SkipGramEmbedder(n_components=128, window=10, negative=5,
  sample=1e-3, min_count=1, epochs=1, learning_rate=0.025,
  min_learning_rate=1e-4, n_jobs=T, random_state=s)``, the walks as int arrays
  (with ``--objective hierarchical``, both train hierarchical softmax instead:
  gensim ``hs=1, negative=0``, sksg ``objective='hierarchical'``);
* optional *variants* of sksg's kernel (``--variant NAME=PATCH``): a copy of
  the installed ``sksg`` package with a patch applied, imported under the name
  ``sksg_NAME`` and trained like ``sksg``. The patches in
  ``benchmarks/patches/`` are experiments, not part of the library:
  ``parity_skip_saturated.patch`` skips a (center, context) or noise pair
  whose score ``|f| >= 6`` as gensim does, ``parity_skip_and_table.patch``
  also reads gensim's 1000-entry sigmoid table instead of the exact logistic
  function. ``parity_count_saturated.patch`` only counts the pairs with
  ``|f| >= 6`` (the vectors are unchanged); it runs once, on the first seed.

Data: an LFR benchmark graph (Lancichinetti, Fortunato & Radicchi 2008;
``networkx.generators.community.LFR_benchmark_graph``, generated with a fixed
seed, self-loops removed), labels = the planted communities. The mixing
parameter is chosen so that node classification stays well below 1.

Scoring: ``StandardScaler`` + ``LogisticRegression(max_iter=1000)`` on the
node vectors, micro- and macro-F1 averaged over 5 stratified splits (50%
training). A seed ``s`` fixes the walks, the splits and both trainers'
seeds, so every tool is scored on the same walks and the same splits; the
paired difference of a seed is ``tool - gensim`` (variants also against
``sksg``). Reported: the mean paired difference over seeds, its standard
error and a 95% t confidence interval.

With one thread both trainers are deterministic for a seed; with more,
their lock-free updates make every run different. Nothing is downloaded.

Usage::

    python benchmarks/bench_parity.py --quick      # smoke run, about 2-3 minutes
    python benchmarks/bench_parity.py              # the full study
    python benchmarks/bench_parity.py --seeds 10 --threads 1,2 \\
        --variant skip=benchmarks/patches/parity_skip_saturated.patch

Results: ``benchmarks/results/parity.json`` (every per-seed, per-split
number, settings and versions) and ``parity.md`` (tables); ``--quick``
writes ``parity-quick.*``.
"""

import argparse
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import networkx as nx
import numpy as np
import scipy
import sklearn
from networkx.generators.community import LFR_benchmark_graph
from scipy import stats
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import sksg
from sksg import random_walks

HERE = Path(__file__).resolve().parent
PATCHES = HERE / "patches"
RESULTS = HERE / "results"

#: Skip-gram settings shared by both trainers (node2vec's).
SETTINGS = {
    "walk_length": 80,
    "walks_per_node": 10,
    "dim": 128,
    "window": 10,
    "negative": 5,
    "sample": 1e-3,
    "ns_exponent": 0.75,
    "alpha": 0.025,
    "min_alpha": 1e-4,
    "epochs": 1,
    "min_count": 1,
    "objective": "negative",  # or "hierarchical" (--objective): gensim hs=1, negative=0
}

#: LFR parameters (networkx names). ``mu`` = 0.5 keeps micro-F1 near 0.7.
GRAPH = {
    "n": 3000,
    "tau1": 2.5,
    "tau2": 1.5,
    "mu": 0.5,
    "average_degree": 12,
    "max_degree": 150,
    "min_community": 30,
    "max_community": 300,
    "seed": 1,
}

#: The variants of the committed results (patches of sksg as of commit 373e974).
MEASURED_VARIANTS = {
    "skip": "parity_skip_saturated.patch",
    "skip+table": "parity_skip_and_table.patch",
}
COUNT_PATCH = "parity_count_saturated.patch"

N_SPLITS = 5
TRAIN_SIZE = 0.5


# --------------------------------------------------------------------------- data


def make_graph(params):
    """The LFR graph (self-loops removed) and each node's community label.

    Returns ``(A, y, info)``: the symmetric scipy adjacency matrix (rows in
    networkx's node order), the label of node ``i`` (integers ``0..k-1``), and
    a description.
    """
    g = LFR_benchmark_graph(
        params["n"],
        params["tau1"],
        params["tau2"],
        params["mu"],
        average_degree=params["average_degree"],
        max_degree=params["max_degree"],
        min_community=params["min_community"],
        max_community=params["max_community"],
        seed=params["seed"],
        max_iters=500,
    )
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    # Communities are disjoint in networkx's LFR: name each by its smallest node.
    community = {v: min(g.nodes[v]["community"]) for v in g}
    nodes = list(g.nodes)
    A = nx.to_scipy_sparse_array(g, nodelist=nodes, format="csr", dtype=float)
    raw = np.array([community[v] for v in nodes])
    _, y = np.unique(raw, return_inverse=True)
    sizes = np.bincount(y)
    degrees = np.diff(A.indptr)
    mixing = np.mean([community[u] != community[v] for u, v in g.edges()])
    info = {
        "nodes": int(g.number_of_nodes()),
        "edges": int(g.number_of_edges()),
        "communities": int(sizes.shape[0]),
        "community_size_min": int(sizes.min()),
        "community_size_max": int(sizes.max()),
        "degree_mean": float(degrees.mean()),
        "degree_max": int(degrees.max()),
        "edges_across_communities": float(mixing),
        "majority_class_share": float(sizes.max() / sizes.sum()),
    }
    if sizes.min() < 2 * N_SPLITS:
        raise ValueError(f"A community has {sizes.min()} nodes, too few to split.")
    return A, y, info


def make_walks(A, seed, p, q):
    """All walks of one seed, as ``(ids, offsets)`` (the same for any thread count)."""
    ids, offsets, nodes = random_walks(
        A,
        walk_length=SETTINGS["walk_length"],
        walks_per_node=SETTINGS["walks_per_node"],
        p=p,
        q=q,
        random_state=seed,
        return_ids=True,
    )
    assert nodes.tolist() == list(range(A.shape[0]))  # ids are the rows of A
    return ids, offsets


# ------------------------------------------------------------------------ trainers


def gensim_model(threads, seed):
    """An untrained ``Word2Vec`` with the study's settings."""
    from gensim.models import Word2Vec

    hs = SETTINGS["objective"] == "hierarchical"
    return Word2Vec(
        sg=1,
        hs=int(hs),
        negative=0 if hs else SETTINGS["negative"],
        ns_exponent=SETTINGS["ns_exponent"],
        window=SETTINGS["window"],
        sample=SETTINGS["sample"],
        min_count=SETTINGS["min_count"],
        vector_size=SETTINGS["dim"],
        epochs=SETTINGS["epochs"],
        alpha=SETTINGS["alpha"],
        min_alpha=SETTINGS["min_alpha"],
        workers=threads,
        seed=seed,
    )


def walk_sentences(ids, offsets, n_nodes):
    """The walks as gensim reads them: lists of node-ID strings."""
    words = np.array([str(i) for i in range(n_nodes)], dtype=object)
    return [words[ids[a:b]].tolist() for a, b in zip(offsets[:-1], offsets[1:], strict=True)]


def fit_gensim(ids, offsets, n_nodes, seed, threads):
    # What Word2Vec(sentences, ...) runs: build_vocab, then train.
    sentences = walk_sentences(ids, offsets, n_nodes)
    model = gensim_model(threads, seed)
    model.build_vocab(sentences)
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    return np.stack([model.wv[str(i)] for i in range(n_nodes)])


def fit_sksg(module, ids, offsets, n_nodes, seed, threads):
    # Passed only when not the default, so that variants of older sksg still run.
    extra = {} if SETTINGS["objective"] == "negative" else {"objective": SETTINGS["objective"]}
    model = module.SkipGramEmbedder(
        **extra,
        n_components=SETTINGS["dim"],
        window=SETTINGS["window"],
        negative=SETTINGS["negative"],
        ns_exponent=SETTINGS["ns_exponent"],
        sample=SETTINGS["sample"],
        min_count=SETTINGS["min_count"],
        epochs=SETTINGS["epochs"],
        learning_rate=SETTINGS["alpha"],
        min_learning_rate=SETTINGS["min_alpha"],
        n_jobs=threads,
        random_state=seed,
    )
    # A one-shot iterator: sksg encodes it once (no Python lists of all walks).
    model.fit(ids[a:b] for a, b in zip(offsets[:-1], offsets[1:], strict=True))
    rows = np.array([model.vocabulary_[i] for i in range(n_nodes)])
    return model.embedding_[rows]


def build_variant(name, patch, workdir):
    """Import a patched copy of the installed sksg package as ``sksg_<name>``."""
    safe = "".join(ch if ch.isalnum() else "_" for ch in name)
    root = Path(workdir) / f"variant_{safe}"
    root.mkdir()
    shutil.copytree(
        Path(sksg.__file__).parent, root / "sksg", ignore=shutil.ignore_patterns("__pycache__")
    )
    done = subprocess.run(
        ["git", "apply", str(Path(patch).resolve())], cwd=root, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"patch {patch} does not apply to this sksg: {done.stderr.strip()}")
    (root / "sksg").rename(root / f"sksg_{safe}")
    sys.path.insert(0, str(root))
    return importlib.import_module(f"sksg_{safe}")


# ------------------------------------------------------------------------- scoring


def splits_for(y, seed):
    sss = StratifiedShuffleSplit(N_SPLITS, train_size=TRAIN_SIZE, random_state=seed)
    return list(sss.split(np.zeros(len(y)), y))


def score(X, y, splits):
    """Micro- and macro-F1 of each split, and the number of unconverged fits."""
    micro, macro, unconverged = [], [], 0
    for train, test in splits:
        clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            clf.fit(X[train], y[train])
        unconverged += sum(issubclass(w.category, ConvergenceWarning) for w in caught)
        pred = clf.predict(X[test])
        micro.append(float(f1_score(y[test], pred, average="micro")))
        macro.append(float(f1_score(y[test], pred, average="macro")))
    return {"micro": micro, "macro": macro, "unconverged": unconverged}


def paired(a, b):
    """Mean of ``a - b``, its standard error and a 95% t interval."""
    d = np.asarray(a) - np.asarray(b)
    k = d.shape[0]
    mean = float(d.mean())
    if k < 2:
        return {"mean": mean, "sd": None, "se": None, "ci": None, "t": None, "p": None, "k": k}
    sd = float(d.std(ddof=1))
    se = sd / np.sqrt(k)
    half = float(stats.t.ppf(0.975, k - 1) * se)
    t = mean / se if se > 0 else float("nan")
    p = float(2 * stats.t.sf(abs(t), k - 1)) if se > 0 else float("nan")
    return {
        "mean": mean,
        "sd": sd,
        "se": float(se),
        "ci": [mean - half, mean + half],
        "t": float(t),
        "p": p,
        "k": k,
    }


# --------------------------------------------------------------------------- study


def config_key(threads, p, q):
    return f"threads={threads} p={p:g} q={q:g}"


def run(args):
    tic = time.perf_counter()
    params = dict(GRAPH, n=args.nodes, mu=args.mu, seed=args.graph_seed)
    A, y, graph_info = make_graph(params)
    n_nodes = y.shape[0]
    print(f"graph: {graph_info}", flush=True)
    workdir = tempfile.mkdtemp(prefix="sksg_parity_")
    variants = {}
    for spec in args.variant:
        name, _, patch = spec.partition("=")
        variants[name] = build_variant(name, patch, workdir)
    counter = None
    if args.count_saturated:
        counter = build_variant("count", PATCHES / COUNT_PATCH, workdir)
    configs = [(t, 1.0, 1.0) for t in args.threads]
    if args.pq:
        configs.append((1, args.pq[0], args.pq[1]))
    result = {
        "settings": SETTINGS,
        "graph_params": params,
        "graph": graph_info,
        "splits": {"n_splits": N_SPLITS, "train_size": TRAIN_SIZE},
        "seeds": args.seeds,
        "configs": {},
        "variants": {
            name: shown(spec.partition("=")[2])
            for name, spec in zip(variants, args.variant, strict=True)
        },
        "variant_threads": args.variant_threads,
        "saturation": None,
        "versions": versions(),
        "quick": args.quick,
    }
    for threads, p, q in configs:
        key = config_key(threads, p, q)
        tools = ["gensim", "sksg"]
        if threads in args.variant_threads and (p, q) == (1.0, 1.0):
            tools += list(variants)
        entry = {"threads": threads, "p": p, "q": q, "tools": tools, "runs": []}
        result["configs"][key] = entry
        for i, seed in enumerate(args.seeds):
            ids, offsets = make_walks(A, seed, p, q)
            splits = splits_for(y, seed)
            rec = {"seed": seed, "tokens": int(ids.shape[0]), "scores": {}, "fit_seconds": {}}
            order = tools[i % len(tools) :] + tools[: i % len(tools)]  # rotate the order
            vectors = {}
            for tool in order:
                t0 = time.perf_counter()
                if tool == "gensim":
                    X = fit_gensim(ids, offsets, n_nodes, seed, threads)
                elif tool == "sksg":
                    X = fit_sksg(sksg, ids, offsets, n_nodes, seed, threads)
                else:
                    X = fit_sksg(variants[tool], ids, offsets, n_nodes, seed, threads)
                rec["fit_seconds"][tool] = time.perf_counter() - t0
                vectors[tool] = X
                rec["scores"][tool] = score(X, y, splits)
            if counter is not None and result["saturation"] is None and threads == 1:
                X = fit_sksg(counter, ids, offsets, n_nodes, seed, threads)
                c = counter._sgns.SATURATION
                result["saturation"] = {
                    "seed": seed,
                    "config": key,
                    "positive_pairs": int(c[4]),
                    "positive_f_le_-6": int(c[0]),
                    "positive_f_ge_6": int(c[1]),
                    "noise_pairs": int(c[5]),
                    "noise_f_le_-6": int(c[2]),
                    "noise_f_ge_6": int(c[3]),
                    "vectors_equal_sksg": bool(np.array_equal(X, vectors["sksg"])),
                }
            entry["runs"].append(rec)
            line = ", ".join(
                f"{t} {mean_score(rec, t, 'micro'):.4f}/{mean_score(rec, t, 'macro'):.4f}"
                for t in tools
            )
            print(f"[{key}] seed {seed}: micro/macro {line}", flush=True)
            summarize(result)
            result["wall_seconds"] = time.perf_counter() - tic
            write(result, args)
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def mean_score(rec, tool, metric):
    return float(np.mean(rec["scores"][tool][metric]))


def summarize(result):
    """Per-tool means and the paired differences of every configuration."""
    for entry in result["configs"].values():
        runs = entry["runs"]
        tools = entry["tools"]
        entry["summary"] = {}
        entry["paired"] = {}
        for metric in ("micro", "macro"):
            per_tool = {t: [mean_score(r, t, metric) for r in runs] for t in tools}
            entry["summary"][metric] = {
                t: {
                    "mean": float(np.mean(v)),
                    "sd": float(np.std(v, ddof=1)) if len(v) > 1 else None,
                }
                for t, v in per_tool.items()
            }
            pairs = {f"{t} - gensim": paired(per_tool[t], per_tool["gensim"]) for t in tools[1:]}
            for t in tools[2:]:
                pairs[f"{t} - sksg"] = paired(per_tool[t], per_tool["sksg"])
            entry["paired"][metric] = pairs


def versions():
    import gensim
    import numba

    return {
        "python": platform.python_version(),
        "sksg": getattr(sksg, "__version__", "?"),
        "sksg_commit": git_commit(),
        "gensim": gensim.__version__,
        "numba": numba.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
        "networkx": nx.__version__,
        "numba_threading_layer": numba.config.THREADING_LAYER,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED"),
    }


def shown(path):
    """A patch path relative to the repository when it is inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(HERE.parent))
    except ValueError:
        return str(path)


def git_commit():
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
    )
    return done.stdout.strip() or None


# ------------------------------------------------------------------------- output


def fmt_pair(d):
    if d["se"] is None:
        return f"{d['mean']:+.4f} | - | - | - | {d['k']}"
    lo, hi = d["ci"]
    return f"{d['mean']:+.4f} | {d['se']:.4f} | [{lo:+.4f}, {hi:+.4f}] | {d['p']:.2f} | {d['k']}"


def render(result):
    g = result["graph"]
    gp = result["graph_params"]
    s = result["settings"]
    lines = [
        "# Trainer parity with gensim on the same walks",
        "",
        f"LFR graph (n={gp['n']}, tau1={gp['tau1']}, tau2={gp['tau2']}, mu={gp['mu']}, "
        f"average_degree={gp['average_degree']}, max_degree={gp['max_degree']}, "
        f"communities of {gp['min_community']}-{gp['max_community']} nodes, seed "
        f"{gp['seed']}, self-loops removed): {g['nodes']:,} nodes, {g['edges']:,} edges, "
        f"mean degree {g['degree_mean']:.1f} (max {g['degree_max']}), {g['communities']} "
        f"communities of {g['community_size_min']}-{g['community_size_max']} nodes, "
        f"{g['edges_across_communities']:.0%} of the edges across communities, majority "
        f"class {g['majority_class_share']:.1%}.",
        "",
        f"Walks of {s['walk_length']} nodes, {s['walks_per_node']} per node (sksg's "
        f"generator, once per seed, the same walks for every trainer); {s['dim']} "
        f"dimensions, window {s['window']}, "
        + (
            "hierarchical softmax (gensim hs=1, negative=0; sksg objective='hierarchical')"
            if s.get("objective") == "hierarchical"
            else f"{s['negative']} negatives"
        )
        + ", sample "
        f"{s['sample']:g}, ns_exponent {s['ns_exponent']}, learning rate {s['alpha']} "
        f"-> {s['min_alpha']:g}, {s['epochs']} epoch, min_count {s['min_count']}. "
        f"Scores: StandardScaler + LogisticRegression(max_iter=1000), mean over "
        f"{result['splits']['n_splits']} stratified 50% splits (the same splits for "
        "every trainer of a seed). Differences are paired by seed.",
        "",
    ]
    for key, entry in result["configs"].items():
        tools = entry["tools"]
        lines += [f"## {key}", ""]
        for metric in ("micro", "macro"):
            lines += [f"### {metric}-F1 per seed", ""]
            head = (
                "| seed | "
                + " | ".join(tools)
                + " | "
                + " | ".join(f"{t} - gensim" for t in tools[1:])
            )
            lines += [head + " |", "|" + "---|" * (1 + 2 * len(tools) - 1)]
            for r in entry["runs"]:
                vals = [mean_score(r, t, metric) for t in tools]
                cells = [f"{v:.4f}" for v in vals] + [f"{v - vals[0]:+.4f}" for v in vals[1:]]
                lines.append(f"| {r['seed']} | " + " | ".join(cells) + " |")
            summ = entry["summary"][metric]
            lines.append(
                "| mean (sd) | "
                + " | ".join(
                    f"{summ[t]['mean']:.4f} ({summ[t]['sd']:.4f})"
                    if summ[t]["sd"] is not None
                    else f"{summ[t]['mean']:.4f}"
                    for t in tools
                )
                + " |"
                + " |" * (len(tools) - 1)
            )
            lines.append("")
        lines += [
            "### Paired differences",
            "",
            "| metric | difference | mean | SE | 95% CI (t) | p | seeds |",
            "|---|---|---|---|---|---|---|",
        ]
        for metric in ("micro", "macro"):
            for name, d in entry["paired"][metric].items():
                lines.append(f"| {metric}-F1 | {name} | {fmt_pair(d)} |")
        lines.append("")
    sat = result.get("saturation")
    if sat:
        pos, neg = sat["positive_pairs"], sat["noise_pairs"]
        lines += [
            "## Saturated pairs (|f| >= 6) in sksg's training",
            "",
            f"Counted on seed {sat['seed']} ({sat['config']}) with "
            "`patches/parity_count_saturated.patch` (vectors identical to sksg's: "
            f"{sat['vectors_equal_sksg']}).",
            "",
            "| pairs | total | f <= -6 | f >= 6 | share saturated |",
            "|---|---|---|---|---|",
            f"| positive (label 1) | {pos:,} | {sat['positive_f_le_-6']:,} | "
            f"{sat['positive_f_ge_6']:,} | "
            f"{(sat['positive_f_le_-6'] + sat['positive_f_ge_6']) / pos:.2e} |",
            f"| noise (label 0) | {neg:,} | {sat['noise_f_le_-6']:,} | "
            f"{sat['noise_f_ge_6']:,} | "
            f"{(sat['noise_f_le_-6'] + sat['noise_f_ge_6']) / neg:.2e} |",
            "",
        ]
    v = result["versions"]
    lines += [
        f"Versions: sksg {v['sksg']} ({v['sksg_commit']}), gensim {v['gensim']}, numba "
        f"{v['numba']}, numpy {v['numpy']}, scikit-learn {v['scikit-learn']}, networkx "
        f"{v['networkx']}, Python {v['python']}. Variants: "
        + (", ".join(f"`{k}` = `{p}`" for k, p in result["variants"].items()) or "none")
        + ".",
        "",
    ]
    return "\n".join(lines)


def write(result, args):
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
    out.with_suffix(".md").write_text(render(result))


# --------------------------------------------------------------------------- main


def int_list(text):
    return [int(x) for x in text.split(",") if x]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=GRAPH["n"], help="LFR nodes")
    parser.add_argument("--mu", type=float, default=GRAPH["mu"], help="LFR mixing parameter")
    parser.add_argument("--graph-seed", type=int, default=GRAPH["seed"])
    parser.add_argument(
        "--seeds", type=int, default=10, help="number of seeds; each fixes walks, splits, trainers"
    )
    parser.add_argument("--first-seed", type=int, default=1, help="seeds are FIRST..FIRST+N-1")
    parser.add_argument("--threads", type=int_list, default=[1, 2], help="e.g. 1,2")
    parser.add_argument(
        "--pq",
        type=lambda s: [float(x) for x in s.split(",")],
        default=None,
        help="also run p,q (e.g. 0.5,2) at one thread",
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=None,
        help="NAME=PATCH: a patched copy of sksg to train as well (repeatable); the "
        "patches of benchmarks/patches/ apply to sksg as of commit 373e974 (the committed "
        "results were measured there); default: none",
    )
    parser.add_argument("--no-variants", action="store_true", help="gensim and sksg only")
    parser.add_argument(
        "--variant-threads", type=int_list, default=[1], help="thread counts that run variants"
    )
    parser.add_argument(
        "--count", dest="count_saturated", action="store_true",
        help="also count the saturated pairs (a patch for sksg as of commit 373e974)",
    )  # fmt: skip
    parser.add_argument(
        "--objective",
        choices=("negative", "hierarchical"),
        default="negative",
        help="negative sampling (default) or hierarchical softmax, for both trainers",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run, 2-3 minutes")
    parser.add_argument("--out", default=None, help="output path without suffix")
    args = parser.parse_args(argv)
    if args.variant is None:
        args.variant = []
    if args.no_variants:
        args.variant = []
    if args.objective != "negative" and (args.variant or args.count_saturated):
        parser.error("the kernel-variant patches are for negative sampling only")
    SETTINGS["objective"] = args.objective
    if args.quick:
        args.nodes = min(args.nodes, 500)
        args.seeds = 2
        args.threads = [1]
        args.variant = args.variant[:1]
    args.seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    if args.out is None:
        args.out = str(RESULTS / ("parity-quick" if args.quick else "parity"))
    return args


def main(argv=None):
    args = parse_args(argv)
    result = run(args)
    write(result, args)
    print(render(result))


if __name__ == "__main__":
    main()
