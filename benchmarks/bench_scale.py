"""Scale: sksg's GraphWalkEmbedder against PecanPy + gensim on graphs of 1M-10M nodes.

Two generated graphs per configuration (``scale_graphs.py``; nothing is
downloaded), both symmetric, without self-loops or repeated edges, and with
the nodes that have no edge removed (the others renumbered):

* ``rmat``: a Graph500-style R-MAT graph (a = 0.57, b = c = 0.19, d = 0.05,
  ``2**scale`` vertices, ``10 * 2**scale`` edge draws), for speed and memory.
  About 45-55% of its vertices have no edge at these scales and are removed.
* ``planted``: a degree-corrected planted partition (LFR-like: 100
  communities with power-law sizes, power-law expected degrees of exponent
  2.5 and mean 20, mixing ``mu = 0.3``), for speed, memory and quality: node
  classification of the communities.

Configurations (``--configs``; the settings can be overridden on the command
line, and every run records the settings it used):

* ``1m``: R-MAT at scale 20 (0.58M nodes, 10M edges after removing isolated
  vertices) and the planted partition of 2**20 nodes (1.05M nodes, 10.3M
  edges), node2vec's standard settings: 10 walks of 80 nodes per node, 128
  dimensions, window 10;
* ``10m``: R-MAT at scale 24 (about 7.6M nodes and 163M edges, estimated)
  and the planted partition of 10M nodes (about 98M edges), lighter
  settings: 1 walk of 40 nodes, 32 dimensions, window 5;
* ``--quick``: scale 14 and 2**14 nodes, 2 walks of 40, 32 dimensions,
  window 5, a smoke test.

Everything else is the same for both tools and passed explicitly: p = 0.5,
q = 2 (second-order walks; ``--p``, ``--q``), 5 negatives, subsampling 1e-3,
one epoch, learning rate 0.025 decaying to 1e-4, seed 0, ``--threads``
threads (default 2).

Tools
-----
* ``sksg``: ``GraphWalkEmbedder(graph=A, ...).fit()``, ``A`` the caller's
  graph: a canonical ``scipy.sparse.csr_array`` (float64 ones, int32
  indices), the form sksg reads without copying it. Its phases come from
  ``fit_times_``: ``'graph'`` (checks and conversion to sksg's CSR form),
  ``'walks'`` (a pass that generates the walks to count the nodes) and
  ``'training'`` (which generates them again, block by block: sksg never
  stores the walks without ``memory``). Pairs trained come from an epoch
  callback (:class:`sksg.EpochInfo`).
* ``pecanpy``: PecanPy's ``SparseOTF`` (``--baseline-mode``; the mode PecanPy
  recommends for large sparse graphs) reads the graph from a file (the edge
  list, ``read_edg(weighted=False, directed=False)``, or with
  ``--baseline-input npz`` PecanPy's CSR ``.npz``, ``read_npz``), generates
  the walks (``simulate_walks``; PecanPy's ``walk_length`` counts steps, so it
  gets ``walk_length - 1`` and both tools walk the same number of nodes;
  ``numba.set_num_threads`` as PecanPy's command line does), then gensim's
  ``Word2Vec(sg=1, hs=0, min_count=0)``: ``build_vocab`` and ``train``, timed
  apart. It runs under another interpreter (``--baseline-python``; PecanPy
  2.0.9 needs numpy < 2), in a child that never imports sksg.

Method
------
* The parent generates each graph once, writes it to a temporary directory
  (``--workdir``): a scipy ``.npz`` for sksg and the baseline's file (the
  edge list, each undirected edge once, tab-separated), and frees it. Every
  run happens in a fresh child process (this script with a hidden
  ``--child`` option, see ``harness.py``), after a warm-up of the same tool
  on a 2,000-node graph (loads numba's cache for sksg; compiles PecanPy's
  helpers and gensim's first call).
* sksg's child loads the graph from its file before the measurement (the
  caller's graph is in memory before ``fit``; the file load is recorded, not
  counted). The baseline's measurement starts before it reads its file:
  loading is its first phase, reported apart.
* Memory: peak resident size during the measured part minus the resident
  size just before it (``harness.Measure``: a thread sampling every 5 ms and
  the kernel's high-water mark). The **memory ratio** is (that peak + the
  caller's graph bytes held before it, sksg only) / (the CSR graph's bytes +
  two float32 tables of ``n_nodes x n_components``): 1 would be the graph
  and the model's two tables and nothing else. Bytes per node and per
  (undirected) edge divide the same numerator.
* Training speed: tokens (walk nodes, times epochs) per second of the
  training phase, and per thread; sksg's pairs per second too.
* Quality (planted graph): ``StandardScaler`` + ``LogisticRegression`` on a
  fixed random half of the nodes (at most ``--clf-max-train``), tested on
  the other half: accuracy (= micro-F1, one label per node) and macro-F1
  (``graph_data.classify``).
* Failures are recorded, not raised. The parent watches each child: past
  ``--baseline-timeout`` minutes of measured time (default 30; ``--sksg-
  timeout``, default none, for sksg), or when its resident size exceeds
  ``--memory-limit`` GiB (default: the memory available when it starts,
  less 1 GiB, so that the kernel's OOM killer does not pick another
  process), its process group is killed and the record says "timed out" or
  "ran out of memory", with the phase it was in, the phases it finished and,
  in gensim's training, gensim's last progress line. A ``MemoryError`` in
  the child, or a kill by the kernel (SIGKILL), is recorded as running out
  of memory too.
* ``--repeats`` runs of each tool per graph (default 1), the tool order
  rotated from one repeat (and graph) to the next; medians of the finished
  runs are reported.

Results go to ``results/scale.json`` and ``results/scale.md`` (``scale-quick.*``
with ``--quick``); ``--append`` merges the configurations run into an existing
results file (replacing those of the same name), so that the configurations
can be run one at a time.

Usage::

    python benchmarks/bench_scale.py --quick                 # smoke test, 2-3 minutes
    python benchmarks/bench_scale.py --configs 1m            # 1M nodes
    python benchmarks/bench_scale.py --configs 10m --append  # 10M nodes, merged
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness
import numpy as np
import scale_graphs
from harness import MIB, Measure, md_table

harness.use_source_tree()

TOOLS = ("sksg", "pecanpy")
TOOL_NAMES = {"sksg": "sksg", "pecanpy": "PecanPy+gensim"}
GRAPHS = ("rmat", "planted")
GRAPH_NAMES = {"rmat": "R-MAT", "planted": "planted partition"}
#: PecanPy's environment (it needs numpy < 2): $SKSG_BASELINE_PYTHON, or a
#: .venv-pecanpy folder at the repository's root.
DEFAULT_BASELINE_PYTHON = os.environ.get(
    "SKSG_BASELINE_PYTHON",
    str(Path(__file__).resolve().parents[1] / ".venv-pecanpy" / "bin" / "python"),
)
BASELINE_MODES = ("SparseOTF", "FirstOrderUnweighted", "PreComp", "DenseOTF")

#: The configurations: graphs and walk/skip-gram settings.
CONFIGS = {
    "1m": dict(
        scale=20,
        planted_nodes=2**20,
        walks_per_node=10,
        walk_length=80,
        n_components=128,
        window=10,
    ),
    "10m": dict(
        scale=24,
        planted_nodes=10_000_000,
        walks_per_node=1,
        walk_length=40,
        n_components=32,
        window=5,
    ),
    "quick": dict(
        scale=14,
        planted_nodes=2**14,
        walks_per_node=2,
        walk_length=40,
        n_components=32,
        window=5,
    ),
}
SETTING_NAMES = (
    "scale",
    "planted_nodes",
    "walks_per_node",
    "walk_length",
    "n_components",
    "window",
)
#: Settings common to all configurations (passed explicitly to both tools).
MODEL = dict(negative=5, sample=1e-3, epochs=1, learning_rate=0.025, min_learning_rate=1e-4)
SEED = 0
EDGE_FACTOR = 10
PLANTED = dict(n_communities=100, mu=0.3, degree_exponent=2.5, size_exponent=1.5)
WARMUP = dict(n_nodes=2_000, n_communities=20)
WARMUP_WALKS = dict(walks_per_node=1, walk_length=10)
POLL_S = 0.5  # how often the parent checks a child's time and memory
HEADROOM = 2**30  # default memory limit: available memory at the start less this

# Files in the work directory.
WARM = "warm"  # the warm-up graph
RUN_FILES = (("result", "json"), ("progress", "json"), ("log", "txt"))  # of each child


def graph_files(workdir, name):
    """The files of graph ``name``: scipy npz (sksg), edge list and CSR npz (baseline)."""
    w = Path(workdir)
    return {
        "scipy": w / f"{name}.npz",
        "edg": w / f"{name}.edg",
        "npz": w / f"{name}.csr.npz",
        "labels": w / f"{name}.labels.npy",
    }


# -- children: common ------------------------------------------------------------------


class Progress:
    """The child's progress file: the measured part's start, the phase, finished phases.

    The parent reads it to enforce the time limit and to say where a stopped
    run was.
    """

    def __init__(self, path):
        self.path = Path(path)
        self.state = {"phase": None, "measure_started": None, "phases": {}, "phase_started": None}

    def phase(self, name, *, measure=False):
        now = time.time()
        s = self.state
        if s["phase"] is not None and s["measure_started"] is not None:
            s["phases"][s["phase"]] = now - s["phase_started"]
        if measure:
            s["measure_started"] = now
        s.update(phase=name, phase_started=now)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(s))
        tmp.replace(self.path)


def peak_so_far_mib(measure):
    """Peak RSS above the measurement's baseline so far (kernel high-water mark, sampler)."""
    hwm = harness.peak_rss_bytes() if measure.hwm_ok else 0
    return (max(hwm, measure.sampler.peak, harness.rss_bytes()) - measure.baseline) / MIB


def threading_layer():
    import numba

    try:
        return numba.threading_layer()
    except ValueError:  # no parallel kernel ran
        return None


# -- children: sksg (public API only) -------------------------------------------------


def load_scipy(path):
    import scipy.sparse as sp

    A = sp.load_npz(path)
    return sp.csr_array(A) if not isinstance(A, sp.csr_array) else A


def sksg_estimator(A, args, walks_per_node, walk_length, callbacks=None, verbose=0):
    from sksg import GraphWalkEmbedder

    return GraphWalkEmbedder(
        graph=A,
        walk_length=walk_length,
        walks_per_node=walks_per_node,
        p=args.p,
        q=args.q,
        n_components=args.n_components,
        window=args.window,
        negative=MODEL["negative"],
        sample=MODEL["sample"],
        epochs=MODEL["epochs"],
        learning_rate=MODEL["learning_rate"],
        min_learning_rate=MODEL["min_learning_rate"],
        n_jobs=args.n_threads,
        random_state=SEED,
        callbacks=callbacks,
        verbose=verbose,
    )


def child_sksg(args, progress, rec):
    files = graph_files(args.workdir, args.graph)
    warm = graph_files(args.workdir, WARM)
    progress.phase("warm-up")
    sksg_estimator(load_scipy(warm["scipy"]), args, **WARMUP_WALKS).fit()
    tic = time.perf_counter()
    A = load_scipy(files["scipy"])
    rec["file_load_s"] = time.perf_counter() - tic
    rec["graph_bytes_held"] = scale_graphs.graph_bytes(A)
    epochs = []
    est = sksg_estimator(
        A,
        args,
        args.walks_per_node,
        args.walk_length,
        callbacks=[lambda estimator, info: epochs.append(info._asdict())],
        verbose=2,  # a progress line every 10 s, to the child's log: where a stopped run was
    )
    progress.phase("fit", measure=True)
    with Measure() as m:
        est.fit()
    rec.update(m.record())
    rec["total_s"] = m.wall
    rec["phases"] = {
        "load": est.fit_times_["graph"],
        "walks": est.fit_times_["walks"],
        "training": est.fit_times_["training"],
    }
    rec["fit_times"] = dict(est.fit_times_)
    rec["tokens"] = int(est.node_counts_.sum()) * est.epochs_
    rec["n_walks"] = A.shape[0] * args.walks_per_node
    rec["pairs"] = int(sum(e["pairs"] for e in epochs))
    rec["words_trained"] = int(sum(e["words"] for e in epochs))
    assert est.nodes_[0] == 0 and est.nodes_[-1] == A.shape[0] - 1
    return est.embedding_


# -- children: PecanPy + gensim (no sksg import here) ------------------------------


def pecanpy_graph(path, args, verbose=False):
    """A PecanPy walk object that has read its graph (``verbose``: a walk progress bar)."""
    import numba
    from pecanpy import pecanpy

    numba.set_num_threads(args.n_threads)  # as pecanpy's command line does
    mode = getattr(pecanpy, args.baseline_mode)
    g = mode(p=args.p, q=args.q, workers=args.n_threads, verbose=verbose, random_state=SEED)
    if str(path).endswith(".npz"):
        g.read_npz(str(path), weighted=False, implicit_ids=True)
    else:
        g.read_edg(str(path), weighted=False, directed=False)
    return g


def gensim_model(args):
    from gensim.models import Word2Vec

    return Word2Vec(
        vector_size=args.n_components,
        window=args.window,
        negative=MODEL["negative"],
        sample=MODEL["sample"],
        min_count=0,
        sg=1,
        hs=0,
        alpha=MODEL["learning_rate"],
        min_alpha=MODEL["min_learning_rate"],
        workers=args.n_threads,
        epochs=MODEL["epochs"],
        seed=SEED,
    )


def gensim_train(model, walks):
    """``train`` as gensim's constructor calls it; returns (effective, raw) word counts."""
    return model.train(
        walks,
        total_examples=model.corpus_count,
        total_words=model.corpus_total_words,
        epochs=model.epochs,
        start_alpha=model.alpha,
        end_alpha=model.min_alpha,
    )


def child_pecanpy(args, progress, rec):
    import logging

    files = graph_files(args.workdir, args.graph)
    warm = graph_files(args.workdir, WARM)
    source = files[args.baseline_input]
    progress.phase("warm-up")
    g = pecanpy_graph(warm[args.baseline_input], args)
    walks = g.simulate_walks(WARMUP_WALKS["walks_per_node"], WARMUP_WALKS["walk_length"] - 1)
    model = gensim_model(args)
    model.build_vocab(walks)
    gensim_train(model, walks)
    del g, walks, model
    # PecanPy's walk progress bar (tqdm, counting finished walks; its counter
    # is updated whether shown or not) and gensim's progress lines (about one
    # a second while training) go to the child's log: where a stopped run was.
    logging.basicConfig(format="%(asctime)s %(name)s %(message)s", level=logging.INFO)
    rec["graph_file"] = source.name
    rec["graph_file_bytes"] = source.stat().st_size
    rec["phase_peak_mib"] = {}
    phases = rec["phases"] = {}
    with Measure() as m:
        progress.phase("load", measure=True)
        tic = time.perf_counter()
        g = pecanpy_graph(source, args, verbose=True)
        phases["load"] = time.perf_counter() - tic
        rec["phase_peak_mib"]["load"] = peak_so_far_mib(m)
        progress.phase("walks")
        tic = time.perf_counter()
        walks = g.simulate_walks(args.walks_per_node, args.walk_length - 1)
        phases["walks"] = time.perf_counter() - tic
        rec["phase_peak_mib"]["walks"] = peak_so_far_mib(m)
        progress.phase("vocabulary")
        tic = time.perf_counter()
        model = gensim_model(args)
        model.build_vocab(walks)
        phases["vocabulary"] = time.perf_counter() - tic
        rec["phase_peak_mib"]["vocabulary"] = peak_so_far_mib(m)
        progress.phase("training")
        tic = time.perf_counter()
        effective, raw = gensim_train(model, walks)
        phases["training"] = time.perf_counter() - tic
    rec.update(m.record())
    rec["total_s"] = m.wall
    rec["tokens"] = int(raw)
    rec["words_trained"] = int(effective)
    rec["n_walks"] = len(walks)
    del walks
    n = len(g.nodes)
    key_to_index = model.wv.key_to_index
    rows = np.fromiter((key_to_index[str(i)] for i in range(n)), dtype=np.int64, count=n)
    return model.wv.vectors[rows]  # row i = node "i"


def child_fit(args):
    """Child mode ``fit``: warm up, then one measured run of ``args.tool`` on ``args.graph``."""
    progress = Progress(args.progress)
    rec = {"tool": args.tool, "graph": args.graph, "threads": args.n_threads, "status": "ok"}
    try:
        vectors = (child_sksg if args.tool == "sksg" else child_pecanpy)(args, progress, rec)
    except MemoryError:
        vectors = None
        rec["status"] = "out of memory"
        rec["reason"] = "MemoryError"
        rec["phase"] = progress.state["phase"]
        rec["phases_finished"] = progress.state["phases"]
    rec["threading_layer"] = threading_layer()
    if vectors is not None and args.save_vectors:
        path = Path(args.workdir) / f"vectors-{os.getpid()}.npy"
        np.save(path, np.asarray(vectors, dtype=np.float32))
        rec["vectors_file"] = str(path)
    return rec


def child_versions(args):
    import platform
    from importlib import metadata

    out = {d: metadata.version(d) for d in ("pecanpy", "gensim", "numba", "numpy")}
    out["python"] = platform.python_version()
    from gensim.models import word2vec

    out["gensim_fast_version"] = word2vec.FAST_VERSION
    return out


CHILDREN = {"fit": child_fit, "versions": child_versions}


# -- the parent: running children under a watchdog --------------------------------------


def mem_available():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


def process_rss(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def read_json(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


GENSIM_PROGRESS = re.compile(r"EPOCH (\d+) - PROGRESS: at ([\d.]+)% examples, (\d+) words/s")
TQDM_PROGRESS = re.compile(r"(\d+)/(\d+) \[[\d:]+<")
SKSG_PROGRESS = re.compile(r"\] (?:walks: (\d+)%|epoch (\d+)/(\d+): (\d+)% of the corpus)")


def phase_progress(phase, log_text):
    """The fraction of the phase done, from the last progress line in the child's log."""
    if phase == "fit":  # sksg (verbose=2): the walk pass, then the epochs
        found = SKSG_PROGRESS.findall(log_text)
        if found:
            walks, epoch, epochs, percent = found[-1]
            if walks:
                return {"fraction": int(walks) / 100, "step": "walk pass", "source": "sksg"}
            fraction = (int(epoch) - 1 + int(percent) / 100) / int(epochs)
            return {"fraction": fraction, "step": "training", "source": "sksg"}
    elif phase == "training":
        found = GENSIM_PROGRESS.findall(log_text)
        if found:
            epoch, percent, rate = found[-1]
            fraction = (int(epoch) + float(percent) / 100) / MODEL["epochs"]
            return {"fraction": fraction, "words_per_s": int(rate), "source": "gensim"}
    elif phase == "walks":
        found = TQDM_PROGRESS.findall(log_text)
        if found:
            done, total = map(int, found[-1])
            return {"fraction": done / max(total, 1), "walks": done, "source": "PecanPy"}
    return None


def run_child(args, tool, graph, mode="fit", timeout_s=None):
    """Run this script's child ``mode`` for ``tool`` in a fresh process, under a watchdog.

    Returns the child's record, or a record of why it did not finish: "timed
    out" (measured time above ``timeout_s``), "out of memory" (resident size
    above the limit, a ``MemoryError``, or killed by SIGKILL) or "error".
    """
    stamp = f"{os.getpid()}-{time.monotonic_ns()}"
    work = args.workdir
    result, progress, log = (work / f"{k}-{stamp}.{e}" for k, e in RUN_FILES)
    python = args.baseline_python if tool == "pecanpy" else sys.executable
    options = {
        "tool": tool,
        "graph": graph,
        "n-threads": args.threads,
        "walks-per-node": args.walks_per_node,
        "walk-length": args.walk_length,
        "n-components": args.n_components,
        "window": args.window,
        "p": args.p,
        "q": args.q,
        "baseline-mode": args.baseline_mode,
        "baseline-input": args.baseline_input,
        "save-vectors": int(graph == "planted"),
        "workdir": work,
        "result": result,
        "progress": progress,
    }
    cmd = [str(python), str(Path(__file__).resolve()), "--child", mode]
    for name, value in options.items():
        cmd += [f"--{name}", str(value)]
    limit = args.memory_limit_bytes or max(mem_available() - HEADROOM, HEADROOM)
    killed = None
    seen_peak = 0
    tic = time.time()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd,
            env=harness.child_env(),
            cwd=work,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        while proc.poll() is None:
            time.sleep(POLL_S)
            rss = process_rss(proc.pid)
            seen_peak = max(seen_peak, rss)
            state = read_json(progress) or {}
            started = state.get("measure_started")
            if rss > limit:
                killed = ("out of memory", f"resident size above {limit / 2**30:.2f} GiB")
            elif timeout_s and started and time.time() - started > timeout_s:
                killed = ("timed out", f"limit {timeout_s / 60:g} min")
            if killed:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    log_text = log.read_text(errors="replace")
    if killed is None and proc.returncode == 0:
        record = json.loads(result.read_text())
        result.unlink()
    else:
        state = read_json(progress) or {}
        record = {"tool": tool, "graph": graph, "threads": args.threads}
        if killed:
            record["status"], record["reason"] = killed
        elif proc.returncode == -signal.SIGKILL:
            record["status"] = "out of memory"
            record["reason"] = "killed by SIGKILL (the kernel's OOM killer, probably)"
        else:
            record["status"] = "error"
            record["reason"] = f"exit code {proc.returncode}"
            if "MemoryError" in log_text:
                record["status"] = "out of memory"
                record["reason"] = "MemoryError"
        record["phase"] = state.get("phase")
        record["phases_finished"] = state.get("phases", {})
        if state.get("measure_started"):
            record["measured_s"] = time.time() - state["measure_started"]
            record["phase_s"] = time.time() - state["phase_started"]
            progress_now = phase_progress(state["phase"], log_text)
            if progress_now:
                record["phase_progress"] = progress_now
                if progress_now["fraction"] > 0 and progress_now.get("step") != "walk pass":
                    record["phase_estimated_s"] = record["phase_s"] / progress_now["fraction"]
        record["log_tail"] = log_text[-3000:]
    record["child_s"] = time.time() - tic
    record["parent_seen_peak_rss_mib"] = seen_peak / MIB
    record["memory_limit_gib"] = limit / 2**30
    for path in (progress, log):
        path.unlink(missing_ok=True)
    return record


def baseline_versions(args):
    cmd = [str(args.baseline_python), str(Path(__file__).resolve()), "--child", "versions"]
    result = args.workdir / "versions.json"
    harness.run_process(cmd + ["--result", str(result)], harness.child_env(), args.workdir)
    return json.loads(result.read_text())


# -- the parent: graphs, runs, scores ------------------------------------------------------


def make_graph(kind, args):
    if kind == "rmat":
        A, info = scale_graphs.make_rmat(args.scale, EDGE_FACTOR, seed=SEED)
        return A, None, info
    return scale_graphs.make_planted(args.planted_nodes, EDGE_FACTOR, seed=SEED, **PLANTED)


def with_weights(A, dtype):
    """``A`` with its weights (ones) converted to ``dtype``; the index arrays shared."""
    import scipy.sparse as sp

    B = sp.csr_array((A.data.astype(dtype), A.indices, A.indptr), shape=A.shape, copy=False)
    B.has_canonical_format = True
    return B


def write_graph(A, labels, files, args):
    """Write the graph's files; returns their write times."""
    import scipy.sparse as sp

    times = {}
    tic = time.perf_counter()
    sp.save_npz(files["scipy"], A, compressed=False)
    times["scipy_npz_s"] = time.perf_counter() - tic
    tic = time.perf_counter()
    if args.baseline_input == "edg":
        scale_graphs.write_edgelist(A, files["edg"])
    else:
        scale_graphs.write_pecanpy_npz(A, files["npz"])
    times["baseline_file_s"] = time.perf_counter() - tic
    if labels is not None:
        np.save(files["labels"], labels)
    return times


def prepare_warmup(args):
    A, labels, _ = scale_graphs.make_planted(
        WARMUP["n_nodes"], n_communities=WARMUP["n_communities"]
    )
    write_graph(A, labels, graph_files(args.workdir, WARM), args)


def prepare_graph(kind, args):
    """Generate graph ``kind``, describe it, write its files, free it."""
    with Measure() as m:
        A, labels, info = make_graph(kind, args)
    gen = {"generate_s": m.wall, "generate_peak_mib": m.record()["peak_mib"]}
    if args.weights != "float64":
        A = with_weights(A, args.weights)
    g = scale_graphs.describe(A, info, labels) | gen
    g |= write_graph(A, labels, graph_files(args.workdir, kind), args)
    print(
        f"{GRAPH_NAMES[kind]}: {g['n_nodes']:,} nodes, {g['n_edges']:,} edges (mean degree "
        f"{g['mean_degree']:.1f}, max {g['max_degree']:,}; {g['isolated_dropped']:,} isolated "
        f"removed), generated in {g['generate_s']:.1f} s (+{g['generate_peak_mib']:.0f} MiB), "
        f"files written in {g['scipy_npz_s'] + g['baseline_file_s']:.1f} s",
        flush=True,
    )
    return g


def derive(rec, g, args):
    """Rates, the memory formula and the bytes per node and edge of a finished run."""
    n, m = g["n_nodes"], g["n_edges"]
    tables = 2 * n * args.n_components * 4
    held = rec["peak_mib"] * MIB + rec.get("graph_bytes_held", 0)
    rec["held_bytes"] = held
    rec["reference_bytes"] = g["graph_bytes"] + tables
    rec["memory_ratio"] = held / rec["reference_bytes"]
    rec["bytes_per_node"] = held / n
    rec["bytes_per_edge"] = held / m
    train = rec["phases"]["training"]
    rec["tokens_per_s"] = rec["tokens"] / train
    rec["tokens_per_s_per_thread"] = rec["tokens_per_s"] / rec["threads"]
    if rec.get("pairs"):
        rec["pairs_per_s"] = rec["pairs"] / train
        rec["pairs_per_s_per_thread"] = rec["pairs_per_s"] / rec["threads"]


def describe_run(rec):
    head = f"  {TOOL_NAMES[rec['tool']]:15s}"
    if rec["status"] != "ok":
        return head + " " + failure_text(rec)
    phases = ", ".join(f"{k} {v:.1f}" for k, v in rec["phases"].items())
    text = (
        f" {rec['total_s']:8.1f} s ({phases}); peak +{rec['peak_mib']:,.0f} MiB, memory ratio "
        f"{rec['memory_ratio']:.2f}; {rec['tokens_per_s_per_thread'] / 1e3:,.0f}k tokens/s/thread"
    )
    if "accuracy" in rec:
        text += f"; accuracy {rec['accuracy']:.3f}, macro-F1 {rec['macro_f1']:.3f}"
    return head + text


def failure_text(rec):
    text = f"{rec['status']} ({rec.get('reason', '')})"
    if rec.get("phase"):
        text += f" in phase '{rec['phase']}'"
    if rec.get("measured_s") is not None:
        text += f" after {rec['measured_s'] / 60:.1f} min of measured time"
    done = rec.get("phases_finished") or {}
    done = {k: v for k, v in done.items() if k != "warm-up"}
    if done:
        text += " (finished: " + ", ".join(f"{k} {v:.0f} s" for k, v in done.items()) + ")"
    progress = rec.get("phase_progress")
    if progress:
        step = progress.get("step", rec["phase"])
        text += f"; {step} {progress['fraction']:.1%} done ({progress['source']})"
        if rec.get("phase_estimated_s"):
            text += f", all of it would take about {rec['phase_estimated_s'] / 60:,.0f} min"
    return text


def run_config(name, args):
    """Generate the graphs of configuration ``name``, run both tools on each, score them."""
    print(f"configuration {name}: " + ", ".join(f"{k} {getattr(args, k)}" for k in SETTING_NAMES))
    graphs, runs = {}, []
    for gi, kind in enumerate(args.graphs):
        g = graphs[kind] = prepare_graph(kind, args)
        files = graph_files(args.workdir, kind)
        labels = np.load(files["labels"]) if kind == "planted" else None
        for r in range(args.repeats):
            for tool in harness.rotated(args.tools, r + gi):
                timeout = args.baseline_timeout if tool == "pecanpy" else args.sksg_timeout
                rec = run_child(args, tool, kind, timeout_s=timeout * 60 if timeout else None)
                rec["repeat"] = r
                if rec["status"] == "ok":
                    derive(rec, g, args)
                    if rec.get("vectors_file"):
                        vectors = np.load(rec["vectors_file"])
                        os.unlink(rec.pop("vectors_file"))
                        rec.update(
                            harness_classify(vectors, labels, args.clf_max_train),
                        )
                runs.append(rec)
                print(describe_run(rec), flush=True)
        for path in files.values():
            path.unlink(missing_ok=True)
    return {
        "settings": {k: getattr(args, k) for k in SETTING_NAMES}
        | {"p": args.p, "q": args.q, "threads": args.threads, "edge_factor": EDGE_FACTOR}
        | {"model": MODEL, "planted": PLANTED, "seed": SEED, "repeats": args.repeats}
        | {"pecanpy_walk_length_arg": args.walk_length - 1, "tools": list(args.tools)}
        | {"baseline_mode": args.baseline_mode, "baseline_input": args.baseline_input}
        | {"weights": args.weights}
        | {"baseline_timeout_min": args.baseline_timeout, "sksg_timeout_min": args.sksg_timeout}
        | {"clf_max_train": args.clf_max_train, "date": harness.now()},
        "graphs": graphs,
        "runs": runs,
        "summary": summarize(runs, args),
    }


def harness_classify(vectors, labels, max_train):
    from graph_data import classify

    return classify(vectors, labels, max_train, unscaled=False)


SUMMARY_KEYS = (
    "total_s",
    "peak_mib",
    "baseline_rss_mib",
    "held_bytes",
    "memory_ratio",
    "bytes_per_node",
    "bytes_per_edge",
    "tokens",
    "tokens_per_s",
    "tokens_per_s_per_thread",
    "pairs_per_s",
    "pairs_per_s_per_thread",
    "accuracy",
    "macro_f1",
    "file_load_s",
)


def summarize(runs, args):
    """Per graph and tool: medians over the finished runs, or the first failure."""
    out = {}
    for kind in args.graphs:
        for tool in args.tools:
            recs = [r for r in runs if r["graph"] == kind and r["tool"] == tool]
            ok = [r for r in recs if r["status"] == "ok"]
            row = {"n_runs": len(recs), "n_ok": len(ok)}
            if ok:
                row |= {k: harness.median_of(ok, k) for k in SUMMARY_KEYS}
                phases = {p for r in ok for p in r["phases"]}
                row["phases"] = {
                    p: statistics.median(r["phases"][p] for r in ok if p in r["phases"])
                    for p in sorted(phases, key=list(PHASE_ORDER).index)
                }
            else:
                row["failure"] = failure_text(recs[0]) if recs else "not run"
            out.setdefault(kind, {})[tool] = row
        sk, pp = out[kind].get("sksg", {}), out[kind].get("pecanpy", {})
        if sk.get("total_s") and pp.get("total_s"):
            out[kind]["speedup"] = pp["total_s"] / sk["total_s"]
            out[kind]["speedup_excl_load"] = (pp["total_s"] - pp["phases"]["load"]) / (
                sk["total_s"] - sk["phases"]["load"]
            )
            out[kind]["memory_ratio_pecanpy_over_sksg"] = pp["held_bytes"] / sk["held_bytes"]
    return out


PHASE_ORDER = ("load", "walks", "vocabulary", "training")


# -- the report ----------------------------------------------------------------------------


def fmt_s(x):
    if x is None:
        return "-"
    return f"{x:.0f} s" if x >= 100 else f"{x:.1f} s"


def fmt_bytes(x):
    return f"{x / 2**30:.2f} GiB" if x >= 2**30 else f"{x / MIB:.0f} MiB"


def render_config(name, c):
    s, graphs, summary = c["settings"], c["graphs"], c["summary"]
    parts = [
        f"### Configuration `{name}`",
        "",
        f"Walks: {s['walks_per_node']} per node of {s['walk_length']} nodes, p = {s['p']:g}, "
        f"q = {s['q']:g}; skip-gram: {s['n_components']} dimensions, window {s['window']}, "
        f"{s['model']['negative']} negatives, sample {s['model']['sample']:g}, "
        f"{s['model']['epochs']} epoch; {s['threads']} threads; {s['repeats']} run(s) per tool, "
        f"each in a fresh process ({s['date']}). sksg: `GraphWalkEmbedder(graph=A).fit()`, "
        f"`A` a canonical `scipy.sparse.csr_array` ({s['weights']} weights) in memory. "
        f"Baseline: PecanPy `{s['baseline_mode']}` reading the graph from "
        + ("its edge list (`read_edg`)" if s["baseline_input"] == "edg" else "a CSR `.npz`")
        + ", then gensim `Word2Vec`; "
        + (
            f"stopped after {s['baseline_timeout_min']:g} min."
            if s["baseline_timeout_min"]
            else "no time limit."
        ),
        "",
        "**Graphs** (generated; nodes without edges removed; generation time and peak memory "
        "of the generator alone)",
        "",
        md_table(
            [
                "graph",
                "nodes",
                "edges",
                "mean / max degree",
                "isolated removed",
                "CSR bytes",
                "generation",
            ],
            [
                [
                    graph_title(kind, g),
                    f"{g['n_nodes']:,}",
                    f"{g['n_edges']:,}",
                    f"{g['mean_degree']:.1f} / {g['max_degree']:,}",
                    f"{g['isolated_dropped']:,}",
                    fmt_bytes(g["graph_bytes"]),
                    f"{g['generate_s']:.1f} s, +{g['generate_peak_mib']:,.0f} MiB",
                ]
                for kind, g in graphs.items()
            ],
        ),
        "",
        "**Time** (seconds; sksg: `fit_times_`, load = `'graph'`, the conversion of the "
        "in-memory graph; PecanPy+gensim: reading the file, `simulate_walks` with its "
        "compilation, gensim's `build_vocab` and `train`) and training speed (walk tokens "
        "per second of training, per thread)",
        "",
        md_table(
            [
                "graph",
                "tool",
                "total",
                "load",
                "walks",
                "vocabulary",
                "training",
                "tokens/s/thread",
                "speed-up",
            ],
            [
                row
                for kind in graphs
                for tool in s["tools"]
                for row in [time_row(kind, tool, summary[kind])]
            ],
        ),
        "",
        "Speed-up: PecanPy+gensim total / sksg total (in brackets: without loading).",
        "",
        "**Memory**: peak resident size during the measured part above the size before it; "
        "held = that peak + the caller's graph (sksg, which gets it in memory); ratio = held / "
        "(CSR graph bytes + two float32 tables of nodes x dimensions).",
        "",
        md_table(
            ["graph", "tool", "peak above start", "held", "ratio", "bytes / node", "bytes / edge"],
            [memory_row(kind, tool, summary[kind]) for kind in graphs for tool in s["tools"]],
        ),
    ]
    if "planted" in graphs:
        g = graphs["planted"]
        rows = []
        for tool in s["tools"]:
            row = summary["planted"][tool]
            if row["n_ok"]:
                rows.append([TOOL_NAMES[tool], f"{row['accuracy']:.3f}", f"{row['macro_f1']:.3f}"])
            else:
                rows.append([TOOL_NAMES[tool], "-", "-"])
        parts += [
            "",
            f"**Quality** on the planted partition ({g['communities']} communities, "
            f"{g['crossing_edge_fraction']:.0%} of the edges across them): node classification, "
            "`StandardScaler` + `LogisticRegression` trained on a fixed random half of the nodes "
            f"(at most {s['clf_max_train']:,}), tested on the other half. Largest community: "
            f"{g['majority_fraction']:.1%} of the nodes.",
            "",
            md_table(["tool", "accuracy (micro-F1)", "macro-F1"], rows),
        ]
    failures = [
        f"- {GRAPH_NAMES[r['graph']]}, {TOOL_NAMES[r['tool']]}, run {r['repeat'] + 1}: "
        + failure_text(r)
        for r in c["runs"]
        if r["status"] != "ok"
    ]
    if failures:
        parts += ["", "Runs that did not finish:", ""] + failures
    return parts


def graph_title(kind, g):
    if kind == "rmat":
        return f"R-MAT scale {g['scale']}"
    return f"planted partition, {g['nodes_requested']:,} nodes"


def time_row(kind, tool, summary):
    row = summary[tool]
    head = [GRAPH_NAMES[kind], TOOL_NAMES[tool]]
    if not row["n_ok"]:
        return head + [row["failure"]] + [""] * 6
    ph = row["phases"]
    speedup = ""
    if tool == "pecanpy" and summary.get("speedup"):
        speedup = f"{summary['speedup']:.2f}x ({summary['speedup_excl_load']:.2f}x)"
    return head + [
        fmt_s(row["total_s"]),
        fmt_s(ph.get("load")),
        fmt_s(ph.get("walks")),
        fmt_s(ph.get("vocabulary")),
        fmt_s(ph.get("training")),
        f"{row['tokens_per_s_per_thread'] / 1e3:,.0f}k",
        speedup,
    ]


def memory_row(kind, tool, summary):
    row = summary[tool]
    head = [GRAPH_NAMES[kind], TOOL_NAMES[tool]]
    if not row["n_ok"]:
        return head + [row["failure"]] + [""] * 4
    return head + [
        fmt_bytes(row["peak_mib"] * MIB),
        fmt_bytes(row["held_bytes"]),
        f"{row['memory_ratio']:.2f}",
        f"{row['bytes_per_node']:,.0f}",
        f"{row['bytes_per_edge']:,.0f}",
    ]


def render_markdown(results):
    m = results["machine"]
    b = m.get("baseline")
    baseline = (
        f"PecanPy {b['pecanpy']}, gensim {b['gensim']} (numba {b['numba']}, numpy {b['numpy']}); "
        if b
        else ""
    )
    parts = [
        f"Machine: {m['cpu']}, {m['nproc']} CPUs, {m['mem_total_gib']:.0f} GiB; sksg {m['sksg']} "
        f"(numba {m['numba']}, numpy {m['numpy']}); {baseline}Python {m['python']}.",
    ]
    for name, c in results["configs"].items():
        parts += [""] + render_config(name, c)
    parts += harness.footnotes(results)
    return "\n".join(parts) + "\n"


def run_benchmark(args):
    machine = harness.machine_info(dists=())
    machine["baseline_python"] = str(args.baseline_python)
    machine["mem_total_gib"] = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    harness.warn_threads(machine, [args.threads])
    configs = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-", dir=args.workdir_root) as workdir:
        args.workdir = Path(workdir)
        if "pecanpy" in args.tools:
            machine["baseline"] = baseline_versions(args)
        prepare_warmup(args)
        for name in args.configs:
            for key in SETTING_NAMES:
                value = args.overrides.get(key)
                setattr(args, key, CONFIGS[name][key] if value is None else value)
            configs[name] = run_config(name, args)
    changed = harness.sources_changed(machine)
    results = {
        "machine": machine,
        "settings": {
            "threads": [args.threads],
            "quick": args.quick,
            "sksg_sources_changed_during_run": changed,
            "rss_sample_interval_s": harness.SAMPLE_EVERY,
            "date": harness.now(),
        },
        "configs": configs,
    }
    for c in configs.values():
        c["machine"] = machine
    if args.append and args.out.exists():
        old = json.loads(args.out.read_text())
        merged = dict(old.get("configs", {}))
        merged.update(configs)
        results["configs"] = merged
        changed = changed or old["settings"].get("sksg_sources_changed_during_run", False)
        results["settings"]["sksg_sources_changed_during_run"] = changed
        results["settings"]["threads"] = sorted(
            {int(c["settings"]["threads"]) for c in merged.values()}
        )
    return results


# -- command line ----------------------------------------------------------------------------


def positive_minutes(s):
    value = float(s)
    return value if value > 0 else None


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Scale benchmark: sksg's GraphWalkEmbedder against PecanPy + gensim on "
        "generated graphs of up to 10M nodes."
    )
    parser.add_argument(
        "--configs",
        default="1m,10m",
        help="comma-separated configurations among 1m, 10m (default: %(default)s)",
    )
    parser.add_argument(
        "--graphs", default="rmat,planted", help="comma-separated: rmat, planted (default: both)"
    )
    parser.add_argument("--tools", default="sksg,pecanpy", help="comma-separated (default: both)")
    for key, kind, text in (
        ("scale", int, "R-MAT scale: 2**scale vertices"),
        ("planted-nodes", int, "nodes of the planted partition"),
        ("walks-per-node", int, "walks started from every node"),
        ("walk-length", int, "nodes per walk"),
        ("n-components", int, "dimensions"),
        ("window", int, "skip-gram window"),
    ):
        parser.add_argument(
            f"--{key}", type=kind, default=None, help=f"{text} (default: the configuration's)"
        )
    parser.add_argument(
        "--weights",
        choices=("float64", "float32"),
        default="float64",
        help="dtype of the weights (all 1) of the caller's CSR graph given to sksg (default: "
        "float64; sksg reads either without a copy)",
    )
    parser.add_argument("--p", type=float, default=0.5, help="node2vec p (default: %(default)s)")
    parser.add_argument("--q", type=float, default=2.0, help="node2vec q (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=2, help="threads of both tools (default 2)")
    parser.add_argument("--repeats", type=int, default=1, help="runs per tool and graph")
    parser.add_argument(
        "--baseline-python",
        type=Path,
        default=Path(DEFAULT_BASELINE_PYTHON),
        help="interpreter with pecanpy and gensim (default: %(default)s)",
    )
    parser.add_argument("--baseline-mode", choices=BASELINE_MODES, default="SparseOTF")
    parser.add_argument(
        "--baseline-input",
        choices=("edg", "npz"),
        default="edg",
        help="the baseline's graph file: an edge list (read_edg, default) or PecanPy's CSR "
        ".npz (read_npz)",
    )
    parser.add_argument(
        "--baseline-timeout",
        type=positive_minutes,
        default=30.0,
        help="minutes of measured time before a baseline run is stopped (default 30; 0: none)",
    )
    parser.add_argument(
        "--sksg-timeout",
        type=positive_minutes,
        default=None,
        help="minutes of measured time before an sksg run is stopped (default: none)",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=None,
        help="GiB of resident memory at which a child is stopped as out of memory (default: "
        "the memory available when it starts, less 1 GiB)",
    )
    parser.add_argument(
        "--clf-max-train",
        type=int,
        default=50_000,
        help="cap on the classifier's training nodes (default: %(default)s)",
    )
    parser.add_argument("--workdir-root", default=None, help="where the temporary files go")
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: scale 14, 2**14 nodes, 2 walks of 40"
    )
    parser.add_argument(
        "--append",
        action="store_true",
        help="merge the configurations run into the existing --out file",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="JSON output (default: benchmarks/results/scale.json, scale-quick.json with "
        "--quick); the markdown tables are written next to it",
    )
    # Hidden options of the child processes.
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--graph", help=argparse.SUPPRESS)
    parser.add_argument("--n-threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--save-vectors", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--progress", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return args
    args.configs = ["quick"] if args.quick else [c for c in args.configs.split(",") if c]
    args.graphs = [g for g in args.graphs.split(",") if g]
    args.tools = tuple(t for t in args.tools.split(",") if t)
    if not args.configs or any(c not in CONFIGS for c in args.configs):
        parser.error("--configs takes 1m and 10m")
    if not args.graphs or any(g not in GRAPHS for g in args.graphs):
        parser.error("--graphs takes rmat and planted")
    if not args.tools or any(t not in TOOLS for t in args.tools):
        parser.error("--tools takes sksg and pecanpy")
    args.overrides = {k: getattr(args, k) for k in SETTING_NAMES}
    if args.walk_length is not None and args.walk_length < 2:
        parser.error("need --walk-length >= 2")
    if args.threads < 1 or args.repeats < 1:
        parser.error("need --threads >= 1 and --repeats >= 1")
    if args.quick:
        args.baseline_timeout = min(args.baseline_timeout or 5.0, 5.0)
    args.memory_limit_bytes = int(args.memory_limit * 2**30) if args.memory_limit else None
    if args.out is None:
        args.out = harness.default_out("scale", args.quick)
    if "pecanpy" in args.tools and not Path(args.baseline_python).exists():
        parser.error(
            f"--baseline-python {args.baseline_python} not found; create it with: python3 -m "
            "venv .venv-pecanpy && .venv-pecanpy/bin/pip install pecanpy gensim psutil scipy "
            '"numpy<2"'
        )
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
