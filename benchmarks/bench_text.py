"""Benchmark sksg's SkipGramEmbedder against gensim's Word2Vec (skip-gram) on text.

Both tools train skip-gram with negative sampling on the same synthetic corpus
(:func:`sksg.datasets.make_topic_corpus`, about 5M tokens with the defaults)
with identical settings: 100 dimensions, window 5, 5 negatives, subsampling
1e-3, ``min_count=5``, learning rate 0.025 decaying to 1e-4. Three tools are
compared for each thread count ``T``:

* ``gensim``: ``Word2Vec(sg=1, hs=0, workers=T)``;
* ``sksg-exact``: ``SkipGramEmbedder(share_negatives=False, n_jobs=T)``, the
  word2vec algorithm;
* ``sksg-shared``: ``SkipGramEmbedder(share_negatives=True, n_jobs=T)``, noise
  tokens shared within a window (faster, a slightly different algorithm).

Method
------
* The parent process generates the corpus once and pickles it to a temporary
  file. Every measured run happens in a fresh child process (this script run
  with a hidden ``--child`` option), so the peak memory of one run does not
  include what earlier runs left behind.
* In the child: load the corpus, warm up with a fit of the same tool and
  settings on the first 2,000 sequences (loads numba's on-disk compile cache
  for sksg, and is done for gensim too for fairness), record the baseline
  resident set size (RSS), then time the real ``fit`` with
  :func:`time.perf_counter`. Vocabulary building is included for both tools.
* Memory is the peak RSS during ``fit`` minus the baseline. A thread samples
  ``/proc/self/statm`` every 5 ms; since numba kernels hold the GIL while they
  run, the kernel's high-water mark ``VmHWM`` (reset through
  ``/proc/self/clear_refs`` just before ``fit``) is read as well, and the
  larger of the two peaks is reported.
* Throughput is raw corpus tokens x epochs / wall seconds of ``fit``.
* Quality is "topic precision@10": for each vocabulary token of a topic, the
  fraction of its 10 nearest neighbours by cosine similarity (itself excluded,
  all vocabulary tokens as candidates) that belong to the same topic, averaged
  over tokens. The same numpy function scores both tools.
* Each repeat runs every (thread count, tool) pair once; the order of the
  tools is rotated from one repeat to the next (exact, gensim, shared; then
  gensim, shared, exact; ...) so slow drifts of a shared machine hit all tools
  alike. Medians over repeats are reported, and ratios sksg / gensim of those
  medians.
* Start-up costs are measured once, in fresh processes: the time of
  ``import sksg`` (median of 5), and the time of a first small fit with a cold
  numba cache (``NUMBA_CACHE_DIR`` set to a new empty directory) versus a warm
  one (a second process with the same directory).

Child processes run with ``PYTHONHASHSEED=0`` (gensim seeds its initial vectors
with Python's ``hash``). Results go to a JSON file (raw numbers and machine
description) and a markdown snippet next to it, and the tables are printed.

Usage::

    python benchmarks/bench_text.py            # full benchmark (long)
    python benchmarks/bench_text.py --quick    # smoke test, a minute or two
"""

import argparse
import gc
import hashlib
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Benchmark the source tree this script lives in, if any; else an installed sksg.
if (ROOT / "sksg" / "__init__.py").is_file() and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOOLS = ("sksg-exact", "gensim", "sksg-shared")
SKSG_TOOLS = ("sksg-exact", "sksg-shared")
WARMUP_SEQUENCES = 2_000
QUICK_SEQUENCES = 20_000
SAMPLE_EVERY = 0.005  # seconds between RSS samples
TOPN = 10
BLOCK_ROWS = 2_000  # query rows per block of the similarity search
MIB = 2**20

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
    negative=5,
    sample=1e-3,
    min_count=5,
    learning_rate=0.025,
    min_learning_rate=1e-4,
    seed=0,
)


# -- measuring inside a process ---------------------------------------------


def rss_bytes():
    """Resident set size of this process, from ``/proc/self/statm``."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def reset_peak_rss():
    """Reset the kernel's RSS high-water mark; False if not permitted."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_bytes():
    """The kernel's RSS high-water mark (``VmHWM``) of this process."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


class RssSampler:
    """Context manager: a thread that records the peak RSS every ``interval`` s."""

    def __init__(self, interval=SAMPLE_EVERY):
        self.interval = interval
        self.peak = 0
        self.n_samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self):
        self.peak = max(self.peak, rss_bytes())
        self.n_samples += 1

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()
        return False


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
    """A function ``corpus -> (tokens, vectors)`` that trains ``tool``."""
    p = MODEL_PARAMS
    if tool == "gensim":
        from gensim.models import Word2Vec

        def fit(corpus):
            model = Word2Vec(
                corpus,
                vector_size=p["n_components"],
                window=p["window"],
                negative=p["negative"],
                sample=p["sample"],
                min_count=p["min_count"],
                sg=1,
                hs=0,
                epochs=epochs,
                alpha=p["learning_rate"],
                min_alpha=p["min_learning_rate"],
                workers=threads,
                seed=p["seed"],
            )
            return model.wv.index_to_key, model.wv.vectors

        return fit

    if tool in SKSG_TOOLS:
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
                n_jobs=threads,
                random_state=p["seed"],
                share_negatives=tool == "sksg-shared",
            ).fit(corpus)
            return list(model.tokens_), model.embedding_

        return fit

    raise ValueError(f"unknown tool {tool!r}")


def load_corpus(path):
    with open(path, "rb") as f:
        return pickle.load(f)


def child_measure(args):
    """Child mode ``measure``: warm up, then time one fit; return the record."""
    corpus, topic = load_corpus(args.corpus)
    fit = make_fitter(args.tool, args.epochs, args.n_threads)
    fit(corpus[:WARMUP_SEQUENCES])
    gc.collect()

    baseline = rss_bytes()
    hwm_ok = reset_peak_rss()
    with RssSampler() as sampler:
        tic = time.perf_counter()
        tokens, vectors = fit(corpus)
        wall = time.perf_counter() - tic
    hwm = peak_rss_bytes() if hwm_ok else 0

    tic = time.perf_counter()
    precision = topic_precision(vectors, tokens, topic)
    return {
        "tool": args.tool,
        "threads": args.n_threads,
        "wall_s": wall,
        "baseline_rss_mib": baseline / MIB,
        "sampled_peak_mib": (sampler.peak - baseline) / MIB,
        "hwm_peak_mib": (hwm - baseline) / MIB if hwm_ok else None,
        "peak_mib": (max(sampler.peak, hwm) - baseline) / MIB,
        "rss_samples": sampler.n_samples,
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


# -- the parent: running children ---------------------------------------------


def child_env(**extra):
    """Environment of child processes: the source tree first, fixed hash seed."""
    env = dict(os.environ, PYTHONHASHSEED="0", **extra)
    if (ROOT / "sksg" / "__init__.py").is_file():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_process(cmd, env, cwd):
    """Run ``cmd``; raise with its output if it fails."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed with code {proc.returncode}:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        )
    return proc.stdout


def run_child(mode, tool, threads, epochs, corpus_path, workdir, env=None):
    """Run this script in child ``mode`` in a fresh process; return its record."""
    result = Path(workdir) / f"result-{os.getpid()}-{time.monotonic_ns()}.json"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        "--tool",
        tool,
        "--n-threads",
        str(threads),
        "--epochs",
        str(epochs),
        "--corpus",
        str(corpus_path),
        "--result",
        str(result),
    ]
    run_process(cmd, env or child_env(), workdir)
    record = json.loads(result.read_text())
    result.unlink()
    return record


def schedule(repeats, thread_counts):
    """The (repeat, threads, tool) runs, the tool order rotated each repeat."""
    runs = []
    for r in range(repeats):
        k = r % len(TOOLS)
        order = TOOLS[k:] + TOOLS[:k]
        runs += [(r, t, tool) for t in thread_counts for tool in order]
    return runs


def measure_runs(args, corpus_path, n_tokens, workdir):
    """Every measured fit, each in a fresh process; returns the records."""
    records = []
    plan = schedule(args.repeats, args.threads)
    for i, (r, t, tool) in enumerate(plan, 1):
        rec = run_child("measure", tool, t, args.epochs, corpus_path, workdir)
        rec["repeat"] = r
        rec["tokens_per_s"] = n_tokens * args.epochs / rec["wall_s"]
        records.append(rec)
        print(
            f"[{i}/{len(plan)}] repeat {r + 1}, T={t}, {tool:11s}: {rec['wall_s']:7.2f} s, "
            f"{rec['tokens_per_s'] / 1e6:5.2f} M tok/s, +{rec['peak_mib']:6.0f} MiB, "
            f"P@{TOPN} {rec['topic_precision']:.3f}, vocab {rec['n_vocab']}",
            flush=True,
        )
    return records


def measure_import(workdir, n=5):
    """Median (and all) wall times of ``import sksg`` in fresh processes."""
    code = "import time; t=time.perf_counter(); import sksg; print(time.perf_counter()-t)"
    times = [
        float(run_process([sys.executable, "-c", code], child_env(), workdir).split()[-1])
        for _ in range(n)
    ]
    return {"median_s": statistics.median(times), "runs_s": times}


def measure_compile(args, corpus_path, workdir):
    """First small fit with a cold, then a warm numba cache, per sksg variant."""
    threads = max(args.threads)
    out = {}
    for tool in SKSG_TOOLS:
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
            env = child_env(NUMBA_CACHE_DIR=cache)
            cold = run_child("first-fit", tool, threads, args.epochs, corpus_path, workdir, env)
            warm = run_child("first-fit", tool, threads, args.epochs, corpus_path, workdir, env)
        out[tool] = {"threads": threads, "cold": cold, "warm": warm}
        print(
            f"first fit of {tool} (T={threads}): cold cache {cold['fit_s']:.2f} s, "
            f"warm cache {warm['fit_s']:.2f} s",
            flush=True,
        )
    return out


# -- summarising ---------------------------------------------------------------


def summarize(records, thread_counts):
    """Medians per (threads, tool) and the ratios sksg / gensim of medians."""
    summary = {}
    for t in thread_counts:
        row = {}
        for tool in TOOLS:
            recs = [r for r in records if r["threads"] == t and r["tool"] == tool]
            quality = [r["topic_precision"] for r in recs]
            row[tool] = {
                "n_runs": len(recs),
                "wall_s": statistics.median(r["wall_s"] for r in recs),
                "tokens_per_s": statistics.median(r["tokens_per_s"] for r in recs),
                "peak_mib": statistics.median(r["peak_mib"] for r in recs),
                "baseline_rss_mib": statistics.median(r["baseline_rss_mib"] for r in recs),
                "topic_precision": statistics.median(quality),
                "topic_precision_min": min(quality),
                "topic_precision_max": max(quality),
                "n_vocab": recs[0]["n_vocab"],
            }
        for tool in SKSG_TOOLS:
            g, s = row["gensim"], row[tool]
            s["speed_ratio"] = s["tokens_per_s"] / g["tokens_per_s"]
            s["memory_ratio"] = s["peak_mib"] / g["peak_mib"] if g["peak_mib"] > 0 else None
        summary[str(t)] = row
    return summary


def md_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.2f}x"


def render_markdown(results):
    """The tables, as markdown ready to paste into documentation."""
    s, summary = results["settings"], results["summary"]
    m = results["machine"]
    threads = list(summary)
    parts = [
        f"Corpus: `make_topic_corpus({s['sequences']:,}, **{CORPUS_PARAMS})`, "
        f"{s['n_tokens']:,} tokens, "
        f"{s['epochs']} epochs, median of {s['repeats']} run(s), each in a fresh process. "
        f"Machine: {m['cpu']}, {m['nproc']} CPUs; sksg {m['sksg']}, gensim {m['gensim']}, "
        f"numba {m['numba']}, numpy {m['numpy']}, Python {m['python']}.",
        "",
        "**Throughput** (corpus tokens x epochs / wall seconds of `fit`, "
        "vocabulary building included)",
        "",
        md_table(
            ["threads", "gensim", "sksg exact", "ratio", "sksg shared", "ratio"],
            [
                [
                    t,
                    f"{row['gensim']['tokens_per_s'] / 1e6:.2f} M/s",
                    f"{row['sksg-exact']['tokens_per_s'] / 1e6:.2f} M/s",
                    fmt_ratio(row["sksg-exact"]["speed_ratio"]),
                    f"{row['sksg-shared']['tokens_per_s'] / 1e6:.2f} M/s",
                    fmt_ratio(row["sksg-shared"]["speed_ratio"]),
                ]
                for t, row in summary.items()
            ],
        ),
        "",
        "**Peak memory** during `fit` (peak resident set size minus the size just before "
        "`fit`, after imports, loading the corpus and a warm-up fit)",
        "",
        md_table(
            ["threads", "gensim", "sksg exact", "ratio", "sksg shared", "ratio"],
            [
                [
                    t,
                    f"{row['gensim']['peak_mib']:.0f} MiB",
                    f"{row['sksg-exact']['peak_mib']:.0f} MiB",
                    fmt_ratio(row["sksg-exact"]["memory_ratio"]),
                    f"{row['sksg-shared']['peak_mib']:.0f} MiB",
                    fmt_ratio(row["sksg-shared"]["memory_ratio"]),
                ]
                for t, row in summary.items()
            ],
        ),
        "",
        "Resident size before `fit` (imports, corpus): "
        + ", ".join(
            f"{tool} {statistics.median(r[tool]['baseline_rss_mib'] for r in summary.values()):.0f}"
            " MiB"
            for tool in TOOLS
        )
        + ".",
        "",
        f"**Quality**: topic precision@{TOPN}, median (min-max over runs)",
        "",
        md_table(
            ["threads", "gensim", "sksg exact", "sksg shared"],
            [
                [t]
                + [
                    f"{row[k]['topic_precision']:.3f} "
                    f"({row[k]['topic_precision_min']:.3f}-{row[k]['topic_precision_max']:.3f})"
                    for k in ("gensim", "sksg-exact", "sksg-shared")
                ]
                for t, row in summary.items()
            ],
        ),
    ]
    startup = results.get("startup")
    if startup:
        rows = [
            [
                f"{tool}, {c['threads']} thread(s)",
                f"{c['cold']['fit_s']:.2f} s",
                f"{c['warm']['fit_s']:.2f} s",
            ]
            for tool, c in startup["compile"].items()
        ]
        parts += [
            "",
            f"**Start-up**: `import sksg` takes {startup['import']['median_s']:.2f} s "
            f"(median of {len(startup['import']['runs_s'])} fresh processes). First fit on "
            f"{WARMUP_SEQUENCES:,} sequences in a fresh process, with an empty (cold) numba "
            "cache, which includes compiling the kernels, and with a warm cache:",
            "",
            md_table(["sksg", "cold cache", "warm cache"], rows),
        ]
    if s.get("sksg_sources_changed_during_run"):
        parts += ["", "Warning: sksg's sources changed during this run; do not publish it."]
    if len(threads) and any(int(t) > m["nproc"] for t in threads):
        parts += ["", f"Note: some thread counts exceed the {m['nproc']} available CPUs."]
    return "\n".join(parts) + "\n"


def machine_info():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    import numba

    import sksg

    def version(dist):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    return {
        "cpu": cpu,
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sksg": sksg.__version__,
        "sksg_path": str(Path(sksg.__file__).parent),
        "sksg_git": git_revision(Path(sksg.__file__).parent),
        "sksg_source_sha256": source_fingerprint(),
        "gensim": version("gensim"),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "scikit-learn": version("scikit-learn"),
        "numba_threading_layer_env": os.environ.get("NUMBA_THREADING_LAYER"),
        "numba_num_threads": numba.config.NUMBA_NUM_THREADS,
    }


def source_fingerprint():
    """SHA-256 of sksg's Python sources, to detect edits during a benchmark."""
    import sksg

    digest = hashlib.sha256()
    for path in sorted(Path(sksg.__file__).parent.rglob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def git_revision(path):
    """``git describe`` of the checkout holding ``path`` (None if not a checkout)."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=path,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def write_corpus(n_sequences, path):
    """Generate the corpus, pickle ``(corpus, topic)`` to ``path``; return its size."""
    from sksg.datasets import make_topic_corpus

    corpus, topic = make_topic_corpus(n_sequences, **CORPUS_PARAMS)
    with open(path, "wb") as f:
        pickle.dump((corpus, topic), f, protocol=pickle.HIGHEST_PROTOCOL)
    return len(corpus), sum(map(len, corpus))


def run_benchmark(args):
    machine = machine_info()
    if max(args.threads) > machine["nproc"]:
        print(f"warning: more threads than the {machine['nproc']} available CPUs", flush=True)
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
    changed = source_fingerprint() != machine["sksg_source_sha256"]
    if changed:
        print(
            "warning: sksg's sources changed during the benchmark (numba recompiles "
            "edited modules, and runs may have measured different code)",
            flush=True,
        )
    return {
        "machine": machine,
        "settings": {
            "sequences": n_sequences,
            "n_tokens": n_tokens,
            "epochs": args.epochs,
            "repeats": args.repeats,
            "threads": args.threads,
            "quick": args.quick,
            "sksg_sources_changed_during_run": changed,
            "corpus": {k: list(v) if isinstance(v, tuple) else v for k, v in CORPUS_PARAMS.items()},
            "model": MODEL_PARAMS,
            "warmup_sequences": WARMUP_SEQUENCES,
            "rss_sample_interval_s": SAMPLE_EVERY,
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "runs": records,
        "summary": summarize(records, args.threads),
        "startup": startup,
    }


# -- command line ----------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark sksg's SkipGramEmbedder against gensim's Word2Vec (sg=1)."
    )
    parser.add_argument("--sequences", type=int, default=250_000, help="corpus size")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each configuration")
    parser.add_argument(
        "--threads",
        type=lambda s: [int(x) for x in s.split(",") if x.strip()],
        default=[1, 2],
        help="comma-separated thread counts (default: 1,2)",
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
    parser.add_argument("--child", choices=["measure", "first-fit"], help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--n-threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sequences, args.repeats = QUICK_SEQUENCES, 1
    if args.out is None:
        args.out = HERE / "results" / ("text-quick.json" if args.quick else "text.json")
    if not args.threads or min(args.threads) < 1:
        parser.error("--threads needs positive thread counts")
    if args.sequences < WARMUP_SEQUENCES or args.repeats < 1 or args.epochs < 1:
        parser.error(f"need --sequences >= {WARMUP_SEQUENCES}, --repeats >= 1, --epochs >= 1")
    return args


def write_results(results, markdown, out):
    """Write the raw numbers (JSON) and the tables (markdown, same stem); print the tables."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    md_path = out.with_suffix(".md")
    md_path.write_text(markdown)
    print()
    print(markdown)
    print(f"wrote {out} and {md_path}")


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        child = child_measure if args.child == "measure" else child_first_fit
        args.result.write_text(json.dumps(child(args)))
        return

    results = run_benchmark(args)
    write_results(results, render_markdown(results), args.out)


if __name__ == "__main__":
    main()
