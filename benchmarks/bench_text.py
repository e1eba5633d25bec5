"""Benchmark sksg's SkipGramEmbedder against gensim's Word2Vec (skip-gram) on text.

The tools train skip-gram on the same synthetic corpus
(:func:`sksg.datasets.make_topic_corpus`, about 5M tokens with the defaults)
with identical settings: 100 dimensions, window 5, subsampling 1e-3,
``min_count=5``, learning rate 0.025 decaying to 1e-4, and either 5 negatives
or hierarchical softmax. Five tools are compared for each thread count ``T``
(``--tools`` selects some of them):

* ``gensim``: ``Word2Vec(sg=1, hs=0, negative=5, workers=T)``;
* ``sksg-exact``: ``SkipGramEmbedder(share_negatives=False, n_jobs=T)``, the
  word2vec algorithm;
* ``sksg-shared``: ``SkipGramEmbedder(share_negatives=True, n_jobs=T)``, noise
  tokens shared within a window (faster, a slightly different algorithm);
* ``gensim-hs``: ``Word2Vec(sg=1, hs=1, negative=0, workers=T)``, hierarchical
  softmax;
* ``sksg-hs``: ``SkipGramEmbedder(objective='hierarchical', n_jobs=T)``.

Ratios compare each sksg tool with the gensim tool of the same objective:
``sksg-exact`` and ``sksg-shared`` with ``gensim``, ``sksg-hs`` with
``gensim-hs``. ``sample`` and ``epochs`` are passed explicitly (sksg's
defaults are ``'auto'``), so that the settings are gensim's exactly.

Method
------
* The parent process generates the corpus once and pickles it to a temporary
  file. Every measured run happens in a fresh child process (this script run
  with a hidden ``--child`` option, see ``harness.py``), so the peak memory of
  one run does not include what earlier runs left behind.
* In the child: load the corpus, warm up with a fit of the same tool and
  settings on the first 2,000 sequences (loads numba's on-disk compile cache
  for sksg, and is done for gensim too for fairness), record the baseline
  resident set size (RSS), then time the real fit with
  :func:`time.perf_counter`. Vocabulary building is included for all tools.
  gensim's fit is ``build_vocab`` then ``train``, what ``Word2Vec(corpus, ...)``
  runs, called one after the other so that both phases are timed; sksg's
  phases come from its public ``fit_times_`` (``'vocabulary'``,
  ``'training'``).
* Memory is the peak RSS during the fit minus the baseline. A thread samples
  ``/proc/self/statm`` every 5 ms; since numba kernels hold the GIL while they
  run, the kernel's high-water mark ``VmHWM`` (reset through
  ``/proc/self/clear_refs`` just before the fit) is read as well, and the
  larger of the two peaks is reported.
* Throughput is raw corpus tokens x epochs / wall seconds of the fit.
* Quality is "topic precision@10": for each vocabulary token of a topic, the
  fraction of its 10 nearest neighbours by cosine similarity (itself excluded,
  all vocabulary tokens as candidates) that belong to the same topic, averaged
  over tokens. The same numpy function scores every tool.
* Each repeat runs every (thread count, tool) pair once; the order of the
  tools is rotated by one from one repeat to the next so slow drifts of a
  shared machine hit all tools alike. Medians over repeats are reported, and
  ratios sksg / gensim of those medians.
* Start-up costs are measured once, in fresh processes: the time of
  ``import sksg`` (median of 5), and the time of a first small fit with a cold
  numba cache (``NUMBA_CACHE_DIR`` set to a new empty directory) versus a warm
  one (a second process with the same directory), for each sksg tool run.

Child processes run with ``PYTHONHASHSEED=0`` (gensim seeds its initial vectors
with Python's ``hash``). Results go to a JSON file (raw numbers and machine
description) and a markdown snippet next to it, and the tables are printed.

Usage::

    python benchmarks/bench_text.py            # full benchmark (long)
    python benchmarks/bench_text.py --quick    # smoke test, a few minutes
    python benchmarks/bench_text.py --tools hs # hierarchical softmax only
"""

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

import harness
import numpy as np
from harness import Measure, fmt_ratio, md_table

harness.use_source_tree()

TOOLS = ("sksg-exact", "gensim", "sksg-shared", "gensim-hs", "sksg-hs")
#: The gensim tool each sksg tool is compared with (same objective).
REFERENCE = {"sksg-exact": "gensim", "sksg-shared": "gensim", "sksg-hs": "gensim-hs"}
#: Names accepted by --tools for groups of tools.
TOOL_GROUPS = {
    "all": TOOLS,
    "negative": ("sksg-exact", "gensim", "sksg-shared"),
    "hs": ("gensim-hs", "sksg-hs"),
}
LABELS = {
    "gensim": "gensim",
    "sksg-exact": "sksg exact",
    "sksg-shared": "sksg shared",
    "gensim-hs": "gensim HS",
    "sksg-hs": "sksg HS",
}
WARMUP_SEQUENCES = 2_000
QUICK_SEQUENCES = 20_000
TOPN = 10
BLOCK_ROWS = 2_000  # query rows per block of the similarity search

CORPUS_PARAMS = dict(
    n_topics=50,
    tokens_per_topic=1000,
    n_common=100,
    length_range=(10, 30),
    mix_rate=0.5,  # half of the topic positions from other topics: quality does not saturate
    random_state=0,
)
MODEL_PARAMS = dict(
    n_components=100,
    window=5,
    negative=5,  # with negative sampling; hierarchical softmax uses none
    sample=1e-3,
    min_count=5,
    learning_rate=0.025,
    min_learning_rate=1e-4,
    seed=0,
)


def sksg_tools(tools):
    return [t for t in tools if t.startswith("sksg")]


# -- in the children -----------------------------------------------------------------


def topic_precision(vectors, tokens, topic, topn=TOPN, block=BLOCK_ROWS):
    """Mean fraction of a topic token's ``topn`` cosine neighbours in its topic.

    Neighbours are searched among all rows of ``vectors`` (the token itself
    excluded); tokens of topic -1 (common tokens) are candidates but are not
    scored. Works in blocks of ``block`` query rows to bound memory.
    """
    X = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    X = X / np.maximum(norms, np.finfo(np.float32).tiny)
    labels = np.array([topic.get(t, -1) for t in tokens], dtype=np.int64)
    queries = np.flatnonzero(labels >= 0)
    if queries.size == 0 or X.shape[0] <= topn:
        return float("nan")
    hits = 0
    for start in range(0, queries.size, block):
        rows = queries[start : start + block]
        sims = X[rows] @ X.T
        sims[np.arange(rows.size), rows] = -np.inf
        nearest = np.argpartition(sims, -topn, axis=1)[:, -topn:]
        hits += int(np.count_nonzero(labels[nearest] == labels[rows, None]))
    return hits / (queries.size * topn)


def make_fitter(tool, epochs, threads):
    """A function ``corpus -> (tokens, vectors, phases)`` that trains ``tool``.

    ``phases`` maps ``'vocabulary'`` and ``'training'`` to wall seconds.
    """
    p = MODEL_PARAMS
    hs = tool.endswith("-hs")
    if tool.startswith("gensim"):
        from gensim.models import Word2Vec

        def fit(corpus):
            # What Word2Vec(corpus, ...) runs, in two timed steps.
            model = Word2Vec(
                vector_size=p["n_components"],
                window=p["window"],
                negative=0 if hs else p["negative"],
                sample=p["sample"],
                min_count=p["min_count"],
                sg=1,
                hs=int(hs),
                epochs=epochs,
                alpha=p["learning_rate"],
                min_alpha=p["min_learning_rate"],
                workers=threads,
                seed=p["seed"],
            )
            tic = time.perf_counter()
            model.build_vocab(corpus)
            vocab_s = time.perf_counter() - tic
            tic = time.perf_counter()
            model.train(
                corpus,
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

    def fit(corpus):
        model = SkipGramEmbedder(
            n_components=p["n_components"],
            window=p["window"],
            negative=p["negative"],
            sample=p["sample"],
            min_count=p["min_count"],
            epochs=epochs,
            learning_rate=p["learning_rate"],
            min_learning_rate=p["min_learning_rate"],
            objective="hierarchical" if hs else "negative",
            share_negatives=tool == "sksg-shared",
            n_jobs=threads,
            random_state=p["seed"],
        ).fit(corpus)
        return list(model.tokens_), model.embedding_, dict(model.fit_times_)

    return fit


def load_corpus(path):
    with open(path, "rb") as f:
        return pickle.load(f)


def child_measure(args):
    """Child mode ``measure``: warm up, then time one fit; return the record."""
    corpus, topic = load_corpus(args.corpus)
    fit = make_fitter(args.tool, args.epochs, args.n_threads)
    fit(corpus[:WARMUP_SEQUENCES])
    with Measure() as m:
        tokens, vectors, phases = fit(corpus)
    tic = time.perf_counter()
    precision = topic_precision(vectors, tokens, topic)
    return {
        "tool": args.tool,
        "threads": args.n_threads,
        "wall_s": m.wall,
        "vocabulary_s": phases["vocabulary"],
        "training_s": phases["training"],
        **m.record(),
        "n_vocab": len(tokens),
        "topic_precision": precision,
        "quality_s": time.perf_counter() - tic,
    }


def child_first_fit(args):
    """Child mode ``first-fit``: import sksg and time its first small fit."""
    corpus, _ = load_corpus(args.corpus)
    corpus = corpus[:WARMUP_SEQUENCES]
    tic = time.perf_counter()
    fit = make_fitter(args.tool, args.epochs, args.n_threads)  # imports sksg
    import_s = time.perf_counter() - tic
    tic = time.perf_counter()
    fit(corpus)
    return {"import_s": import_s, "fit_s": time.perf_counter() - tic}


CHILDREN = {"measure": child_measure, "first-fit": child_first_fit}


# -- the parent: running children ------------------------------------------------------


def run_child(mode, tool, threads, epochs, corpus_path, workdir, env=None):
    """Run this script in child ``mode`` in a fresh process; return its record."""
    options = {"tool": tool, "n-threads": threads, "epochs": epochs, "corpus": corpus_path}
    return harness.run_child(__file__, mode, options, workdir, env=env)


def schedule(repeats, thread_counts, tools):
    """The (repeat, threads, tool) runs, the tool order rotated each repeat."""
    return [
        (r, t, tool)
        for r in range(repeats)
        for t in thread_counts
        for tool in harness.rotated(tools, r)
    ]


def measure_runs(args, corpus_path, n_tokens, workdir):
    """Every measured fit, each in a fresh process; returns the records."""
    records = []
    plan = schedule(args.repeats, args.threads, args.tools)
    for i, (r, t, tool) in enumerate(plan, 1):
        rec = run_child("measure", tool, t, args.epochs, corpus_path, workdir)
        rec["repeat"] = r
        rec["tokens_per_s"] = n_tokens * args.epochs / rec["wall_s"]
        records.append(rec)
        print(
            f"[{i}/{len(plan)}] repeat {r + 1}, T={t}, {tool:11s}: {rec['wall_s']:7.2f} s "
            f"(vocabulary {rec['vocabulary_s']:.2f}, training {rec['training_s']:.2f}), "
            f"{rec['tokens_per_s'] / 1e6:5.2f} M tok/s, +{rec['peak_mib']:6.0f} MiB, "
            f"P@{TOPN} {rec['topic_precision']:.3f}, vocab {rec['n_vocab']}",
            flush=True,
        )
    return records


def measure_import(workdir, n=5):
    """Median (and all) wall times of ``import sksg`` in fresh processes."""
    code = "import time; t=time.perf_counter(); import sksg; print(time.perf_counter()-t)"
    cmd = [sys.executable, "-c", code]
    env = harness.child_env()
    times = [float(harness.run_process(cmd, env, workdir).split()[-1]) for _ in range(n)]
    return {"median_s": statistics.median(times), "runs_s": times}


def measure_compile(args, corpus_path, workdir):
    """First small fit with a cold, then a warm numba cache, per sksg tool."""
    threads = max(args.threads)
    out = {}
    for tool in sksg_tools(args.tools):
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
            env = harness.child_env(NUMBA_CACHE_DIR=cache)
            cold = run_child("first-fit", tool, threads, args.epochs, corpus_path, workdir, env)
            warm = run_child("first-fit", tool, threads, args.epochs, corpus_path, workdir, env)
        out[tool] = {"threads": threads, "cold": cold, "warm": warm}
        print(
            f"first fit of {tool} (T={threads}): cold cache {cold['fit_s']:.2f} s, "
            f"warm cache {warm['fit_s']:.2f} s",
            flush=True,
        )
    return out


# -- summarising -----------------------------------------------------------------------


def summarize(records, thread_counts, tools):
    """Medians per (threads, tool) and the ratios sksg / gensim of medians."""
    summary = {}
    for t in thread_counts:
        row = {}
        for tool in tools:
            recs = [r for r in records if r["threads"] == t and r["tool"] == tool]
            quality = [r["topic_precision"] for r in recs]
            row[tool] = {
                "n_runs": len(recs),
                **{
                    key: harness.median_of(recs, key)
                    for key in (
                        "wall_s",
                        "vocabulary_s",
                        "training_s",
                        "tokens_per_s",
                        "peak_mib",
                        "baseline_rss_mib",
                    )
                },
                "topic_precision": statistics.median(quality),
                "topic_precision_min": min(quality),
                "topic_precision_max": max(quality),
                "n_vocab": recs[0]["n_vocab"],
            }
        for tool in sksg_tools(tools):
            ref = REFERENCE[tool]
            if ref not in row:
                continue
            g, s = row[ref], row[tool]
            s["reference"] = ref
            s["speed_ratio"] = s["tokens_per_s"] / g["tokens_per_s"]
            s["training_speed_ratio"] = g["training_s"] / s["training_s"]
            s["memory_ratio"] = s["peak_mib"] / g["peak_mib"] if g["peak_mib"] > 0 else None
        summary[str(t)] = row
    return summary


def columns(tools):
    """The table columns: each gensim tool, then the sksg tools compared with it.

    A list of ``(tool, with_ratio)``; sksg tools get a ratio column when their
    gensim tool ran.
    """
    cols = []
    for ref in ("gensim", "gensim-hs"):
        group = [ref] + [t for t in sksg_tools(TOOLS) if REFERENCE[t] == ref]
        cols += [(t, t != ref and ref in tools) for t in group if t in tools]
    return cols


def ratio_table(summary, tools, fmt, ratio_key):
    cols = columns(tools)
    headers = ["threads"]
    for tool, with_ratio in cols:
        headers += [LABELS[tool]] + (["ratio"] if with_ratio else [])
    rows = []
    for t, row in summary.items():
        cells = [t]
        for tool, with_ratio in cols:
            cells.append(fmt(row[tool]))
            if with_ratio:
                cells.append(fmt_ratio(row[tool].get(ratio_key)))
        rows.append(cells)
    return md_table(headers, rows)


def render_markdown(results):
    """The tables, as markdown ready to paste into documentation."""
    s, summary = results["settings"], results["summary"]
    m = results["machine"]
    tools = s["tools"]
    ordered = [tool for tool, _ in columns(tools)]
    parts = [
        f"Corpus: `make_topic_corpus({s['sequences']:,}, **{CORPUS_PARAMS})`, "
        f"{s['n_tokens']:,} tokens, "
        f"{s['epochs']} epochs, median of {s['repeats']} run(s), each in a fresh process. "
        f"Machine: {m['cpu']}, {m['nproc']} CPUs; sksg {m['sksg']}, gensim {m['gensim']}, "
        f"numba {m['numba']}, numpy {m['numpy']}, Python {m['python']}. "
        "Negative sampling (gensim, sksg exact, sksg shared) uses 5 negatives; hierarchical "
        "softmax (HS) none. Ratios: sksg / gensim of the same objective.",
        "",
        "**Throughput** (corpus tokens x epochs / wall seconds of the fit, "
        "vocabulary building included)",
        "",
        ratio_table(summary, tools, lambda r: f"{r['tokens_per_s'] / 1e6:.2f} M/s", "speed_ratio"),
        "",
        "**Phases** (median seconds of vocabulary building + training; sksg's from "
        "`fit_times_`, gensim's from timing `build_vocab` and `train`); ratio: gensim's "
        "training time / sksg's",
        "",
        ratio_table(
            summary,
            tools,
            lambda r: f"{r['vocabulary_s']:.2f} + {r['training_s']:.2f} s",
            "training_speed_ratio",
        ),
        "",
        "**Peak memory** during the fit (peak resident set size minus the size just before "
        "the fit, after imports, loading the corpus and a warm-up fit)",
        "",
        ratio_table(summary, tools, lambda r: f"{r['peak_mib']:.0f} MiB", "memory_ratio"),
        "",
        "Resident size before the fit (imports, corpus): "
        + ", ".join(
            f"{LABELS[tool]} "
            f"{statistics.median(r[tool]['baseline_rss_mib'] for r in summary.values()):.0f} MiB"
            for tool in ordered
        )
        + ".",
        "",
        f"**Quality**: topic precision@{TOPN}, median (min-max over runs)",
        "",
        md_table(
            ["threads"] + [LABELS[tool] for tool in ordered],
            [
                [t]
                + [
                    f"{row[k]['topic_precision']:.3f} "
                    f"({row[k]['topic_precision_min']:.3f}-{row[k]['topic_precision_max']:.3f})"
                    for k in ordered
                ]
                for t, row in summary.items()
            ],
        ),
    ]
    startup = results.get("startup")
    if startup:
        parts += [
            "",
            f"**Start-up**: `import sksg` takes {startup['import']['median_s']:.2f} s "
            f"(median of {len(startup['import']['runs_s'])} fresh processes)."
            + (
                f" First fit on {WARMUP_SEQUENCES:,} sequences in a fresh process, with an "
                "empty (cold) numba cache, which includes compiling the kernels, and with a "
                "warm cache:"
                if startup["compile"]
                else ""
            ),
        ]
        if startup["compile"]:
            rows = [
                [
                    f"{tool}, {c['threads']} thread(s)",
                    f"{c['cold']['fit_s']:.2f} s",
                    f"{c['warm']['fit_s']:.2f} s",
                ]
                for tool, c in startup["compile"].items()
            ]
            parts += ["", md_table(["sksg", "cold cache", "warm cache"], rows)]
    parts += harness.footnotes(results)
    return "\n".join(parts) + "\n"


def write_corpus(n_sequences, path):
    """Generate the corpus, pickle ``(corpus, topic)`` to ``path``; return its size."""
    from sksg.datasets import make_topic_corpus

    corpus, topic = make_topic_corpus(n_sequences, **CORPUS_PARAMS)
    with open(path, "wb") as f:
        pickle.dump((corpus, topic), f, protocol=pickle.HIGHEST_PROTOCOL)
    return len(corpus), sum(map(len, corpus))


def run_benchmark(args):
    machine = harness.machine_info(("gensim",))
    harness.warn_threads(machine, args.threads)
    with tempfile.TemporaryDirectory(prefix="bench-text-") as workdir:
        corpus_path = Path(workdir) / "corpus.pkl"
        tic = time.perf_counter()
        n_sequences, n_tokens = write_corpus(args.sequences, corpus_path)
        print(
            f"corpus: {n_sequences:,} sequences, {n_tokens:,} tokens "
            f"({time.perf_counter() - tic:.1f} s)",
            flush=True,
        )
        records = measure_runs(args, corpus_path, n_tokens, workdir)
        startup = {
            "import": measure_import(workdir),
            "compile": measure_compile(args, corpus_path, workdir),
        }
    return {
        "machine": machine,
        "settings": {
            "sequences": n_sequences,
            "n_tokens": n_tokens,
            "epochs": args.epochs,
            "repeats": args.repeats,
            "threads": args.threads,
            "tools": list(args.tools),
            "quick": args.quick,
            "sksg_sources_changed_during_run": harness.sources_changed(machine),
            "corpus": {k: list(v) if isinstance(v, tuple) else v for k, v in CORPUS_PARAMS.items()},
            "model": MODEL_PARAMS,
            "warmup_sequences": WARMUP_SEQUENCES,
            "rss_sample_interval_s": harness.SAMPLE_EVERY,
            "date": harness.now(),
        },
        "runs": records,
        "summary": summarize(records, args.threads, args.tools),
        "startup": startup,
    }


# -- command line ----------------------------------------------------------------------


def tool_list(s):
    """``--tools``: comma-separated tools or groups (all, negative, hs), in TOOLS order."""
    chosen = set()
    for name in filter(None, (x.strip() for x in s.split(","))):
        if name in TOOL_GROUPS:
            chosen.update(TOOL_GROUPS[name])
        elif name in TOOLS:
            chosen.add(name)
        else:
            raise argparse.ArgumentTypeError(
                f"unknown tool {name!r}; choose from {', '.join(TOOLS)} or the groups "
                f"{', '.join(TOOL_GROUPS)}"
            )
    return tuple(t for t in TOOLS if t in chosen)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark sksg's SkipGramEmbedder against gensim's Word2Vec (sg=1)."
    )
    parser.add_argument("--sequences", type=int, default=250_000, help="corpus size")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each configuration")
    parser.add_argument(
        "--threads",
        type=harness.int_list,
        default=[1, 2],
        help="comma-separated thread counts (default: 1,2)",
    )
    parser.add_argument(
        "--tools",
        type=tool_list,
        default=TOOLS,
        help=f"comma-separated tools: {', '.join(TOOLS)}, or the groups 'negative' "
        "(gensim, sksg-exact, sksg-shared), 'hs' (gensim-hs, sksg-hs), 'all' (default)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: {QUICK_SEQUENCES:,} sequences, 1 repeat",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="JSON output (default: benchmarks/results/text.json, text-quick.json with --quick)"
        "; a markdown snippet is written next to it",
    )
    # Hidden options of the child processes.
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--n-threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return args
    if args.quick:
        args.sequences, args.repeats = QUICK_SEQUENCES, 1
    if args.out is None:
        args.out = harness.default_out("text", args.quick)
    if not args.threads or min(args.threads) < 1:
        parser.error("--threads needs positive thread counts")
    if not args.tools:
        parser.error("--tools needs at least one tool")
    if args.sequences < WARMUP_SEQUENCES or args.repeats < 1 or args.epochs < 1:
        parser.error(f"need --sequences >= {WARMUP_SEQUENCES}, --repeats >= 1, --epochs >= 1")
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
