"""Benchmark sksg's GraphWalkEmbedder against PecanPy + gensim (node2vec).

Both pipelines embed the same generated graph (a planted partition, see
:func:`graph_data.make_planted_partition`: 100,000 nodes, 1,000,000 undirected edges, 50
blocks and 30% of the edges across blocks with the defaults) with the same
settings: walks of 80 nodes, 128 dimensions, window 10, 5 negatives,
subsampling 1e-3, one epoch, learning rate 0.025 decaying to 1e-4. Two tools
are compared for each thread count ``T`` and each ``(p, q)``:

* ``sksg``: ``GraphWalkEmbedder(p=p, q=q, n_jobs=T)``, or the public
  ``sksg.random_walks(..., return_ids=True, n_jobs=T)`` alone, which returns
  the walks ``GraphWalkEmbedder`` trains on for the same int seed;
* ``pecanpy``: PecanPy's walks (``FirstOrderUnweighted`` for ``p = q = 1``,
  ``SparseOTF`` otherwise; ``numba.set_num_threads(T)`` as PecanPy's command
  line does, since its ``workers`` argument does not set the walk threads),
  then gensim's ``Word2Vec(sg=1, hs=0, min_count=0, workers=T)`` on the walks,
  which PecanPy returns as lists of node-ID strings.

PecanPy and sksg need different numpy versions (PecanPy 2.0.9's nptyping needs
numpy < 2), so the PecanPy children run under another interpreter
(``--baseline-python``, by default ``.venv-pecanpy/bin/python`` at the
repository's root or ``$SKSG_BASELINE_PYTHON``); they
read the graph from files and never import sksg.

Method
------
* The parent process generates the graph once and saves it in a temporary
  directory: a scipy ``.npz`` (``scipy.sparse.save_npz``) for sksg and
  PecanPy's CSR ``.npz`` (``indptr``, ``indices``, ``data``, read with
  ``SparseGraph.read_npz(weighted=False, implicit_ids=True)``, so node ``i``
  has the ID ``str(i)``). Every measured run happens in a fresh child process
  (this script with a hidden ``--child`` option, see ``harness.py``). sksg is
  timed through its public API only: ``random_walks`` and ``fit_times_``.
* PecanPy's ``walk_length`` counts steps (its walks hold ``walk_length + 1``
  nodes), sksg's counts nodes; PecanPy is given ``walk_length - 1`` so both
  produce walks of ``walk_length`` nodes, the same corpus size.
* In each child, before anything is timed, the same pipeline runs once on a
  tiny graph (500 nodes): this loads numba's on-disk cache for sksg, and
  compiles PecanPy's shared helpers and gensim's first call.
* **Walks** (``--child walks``): load the graph (timed: sksg's ``load_npz``,
  PecanPy's ``read_npz``), then a probe, a minimal call on the real graph:
  for PecanPy ``simulate_walks(num_walks=1, walk_length=1)``, whose time is
  almost all compilation (PecanPy builds new numba closures over the graph
  arrays and recompiles its walk kernel on every ``simulate_walks`` call);
  for sksg ``random_walks(walk_length=1, walks_per_node=1)``, whose time is
  almost all the conversion of the graph to sksg's CSR form, which every
  ``random_walks`` call does. Then the timed walk call. Throughput is steps
  per second: the number of nodes in all walks divided by the wall time of
  the call. The main figures use the whole call, PecanPy's compilation and
  sksg's conversion included, since every call pays them; PecanPy's rate with
  its probe's time subtracted is reported next to it, sksg's probe time in the
  graph-loading line.
* **End to end** (``--child e2e``): graph loading from the file, walks and
  training are all timed, with a breakdown. sksg's comes from the fitted
  estimator's ``fit_times_``: load is the file plus ``'graph'`` (conversion
  to CSR form), walks is ``'walks'`` (the pass that generates the walks to
  count their nodes) and train is ``'training'``; sksg does not store the
  walks but generates them again, block by block, while training, so its
  "train" includes a second walk pass. Quality is the node-classification
  accuracy (and macro-F1) of
  ``StandardScaler`` + ``LogisticRegression(max_iter=1000)`` trained on the
  vectors of a fixed random half of the nodes (the same for both tools;
  capped by ``--clf-max-train``) and tested on the other half, computed by
  the parent from the vectors the child saves. Without the scaler, short
  trainings give vectors on which the regularised classifier predicts a
  single class; that unscaled accuracy is reported as well.
* Memory is the peak RSS during the timed part minus the RSS just before it
  (after imports and warm-up; for walks, after loading the graph). A thread
  samples ``/proc/self/statm`` every 5 ms and the kernel's ``VmHWM`` (reset
  through ``/proc/self/clear_refs``) is read as well; the larger peak is
  reported (``harness.Measure``).
* Each repeat runs every (kind, threads, (p, q), tool) configuration once, the
  order of the two tools swapped (rotated) from one repeat to the next. Medians over
  repeats are reported, and ratios of medians.
* Start-up costs, measured once in fresh processes: sksg's first calls with a
  cold numba cache (``NUMBA_CACHE_DIR`` set to a new empty directory) and a
  warm one; PecanPy's per-call compile time on the tiny graph (first and
  second call in one process) and on the real graph (two probe calls); and
  PecanPy's ``read_edg`` of the graph as a tab-separated edge list, versus
  ``read_npz``.

The default is one walk per node (8M steps), not node2vec's usual 10: on a
2-core machine where gensim trains about 30,000-45,000 words per second with
these settings, that keeps the full run near 40 minutes (with ``--walks-per-node
10`` each end-to-end PecanPy+gensim run takes 30-45 minutes there).

Children run with ``PYTHONHASHSEED=0`` (gensim seeds its vectors with Python's
``hash``). Results go to a JSON file and a markdown snippet next to it, and the
tables are printed.

Usage::

    python benchmarks/bench_graph.py            # full benchmark (about 40 min on 2 cores)
    python benchmarks/bench_graph.py --quick    # smoke test, a few minutes
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import graph_data
import harness
import numpy as np
from graph_data import (
    WALK_SEED,
    WARMUP_GRAPH,
    classify,
    load_scipy,
    write_graph,
)
from harness import Measure, fmt_ratio, md_table, median_of

harness.use_source_tree()

TOOLS = ("sksg", "pecanpy")
TOOL_NAMES = {"sksg": "sksg", "pecanpy": "PecanPy+gensim"}
#: PecanPy's environment (it needs numpy < 2): $SKSG_BASELINE_PYTHON, or a
#: .venv-pecanpy folder at the repository's root.
DEFAULT_BASELINE_PYTHON = os.environ.get(
    "SKSG_BASELINE_PYTHON",
    str(Path(__file__).resolve().parents[1] / ".venv-pecanpy" / "bin" / "python"),
)
PQ_FIRST_ORDER = (1.0, 1.0)
PQ_NODE2VEC = (0.5, 2.0)

MODEL_PARAMS = dict(
    n_components=128,
    window=10,
    negative=5,
    sample=1e-3,
    epochs=1,
    learning_rate=0.025,
    min_learning_rate=1e-4,
    seed=0,
)
MIN_WORK_FRACTION = 0.25  # of a PecanPy walk call, for its compile-excluded rate

# Files in the work directory.
SCIPY_FILE = "graph.npz"
PECANPY_FILE = "graph.csr.npz"
EDGELIST_FILE = "graph.edg"
WARM_SCIPY_FILE = "warm.npz"
WARM_PECANPY_FILE = "warm.csr.npz"


# -- children: sksg (public API only) ------------------------------------------------


def sksg_walks(A, args, threads, walk_length=None, walks_per_node=None):
    """``sksg.random_walks`` on ``A`` (ids and offsets): the walks GraphWalkEmbedder trains on."""
    from sksg import random_walks

    ids, offsets, _ = random_walks(
        A,
        walk_length=walk_length or args.walk_length,
        walks_per_node=walks_per_node or args.walks_per_node,
        p=args.p,
        q=args.q,
        return_ids=True,
        random_state=WALK_SEED,
        n_jobs=threads,
    )
    return ids, offsets


def sksg_estimator(A, args, threads):
    from sksg import GraphWalkEmbedder

    m = MODEL_PARAMS
    return GraphWalkEmbedder(
        graph=A,
        walk_length=args.walk_length,
        walks_per_node=args.walks_per_node,
        p=args.p,
        q=args.q,
        n_components=m["n_components"],
        window=m["window"],
        negative=m["negative"],
        epochs=m["epochs"],
        sample=m["sample"],
        learning_rate=m["learning_rate"],
        min_learning_rate=m["min_learning_rate"],
        n_jobs=threads,
        random_state=m["seed"],
    )


# -- children: PecanPy + gensim (no sksg import here) ------------------------------


def pecanpy_graph(path, args, threads):
    """A PecanPy walk object with its graph; returns (object, load seconds)."""
    import numba
    from pecanpy import pecanpy

    mode = "FirstOrderUnweighted" if args.p == 1 and args.q == 1 else "SparseOTF"
    numba.set_num_threads(threads)  # as pecanpy's command line does; `workers` does not
    g = getattr(pecanpy, mode)(p=args.p, q=args.q, workers=threads, random_state=WALK_SEED)
    tic = time.perf_counter()
    g.read_npz(str(path), weighted=False, implicit_ids=True)
    return g, time.perf_counter() - tic


def pecanpy_walks(g, args, walk_length=None, walks_per_node=None):
    """PecanPy's walks of ``walk_length`` nodes (PecanPy counts steps)."""
    steps = (walk_length or args.walk_length) - 1
    return g.simulate_walks(walks_per_node or args.walks_per_node, steps)


def gensim_fit(walks, threads):
    from gensim.models import Word2Vec

    m = MODEL_PARAMS
    return Word2Vec(
        walks,
        vector_size=m["n_components"],
        window=m["window"],
        negative=m["negative"],
        sample=m["sample"],
        min_count=0,
        sg=1,
        hs=0,
        alpha=m["learning_rate"],
        min_alpha=m["min_learning_rate"],
        workers=threads,
        epochs=m["epochs"],
        seed=m["seed"],
    )


def threading_layer():
    import numba

    try:
        return numba.threading_layer()
    except ValueError:  # no parallel kernel ran
        return None


# -- children: the measured runs ---------------------------------------------------


def child_walks(args):
    """Child mode ``walks``: warm up, load the graph, time the walks alone."""
    work, t = args.workdir, args.n_threads
    rec = {"kind": "walks", "tool": args.tool, "threads": t, "p": args.p, "q": args.q}
    if args.tool == "sksg":
        sksg_walks(load_scipy(work / WARM_SCIPY_FILE), args, t)
        tic = time.perf_counter()
        A = load_scipy(work / SCIPY_FILE)
        rec["load_s"] = time.perf_counter() - tic
        # Every random_walks call converts the graph to its CSR form before
        # walking; a minimal call (walks of one node) takes about that long.
        tic = time.perf_counter()
        sksg_walks(A, args, t, walk_length=1, walks_per_node=1)
        rec["graph_probe_s"] = time.perf_counter() - tic
        with Measure() as m:
            ids, offsets = sksg_walks(A, args, t)
        rec["n_walks"] = int(offsets.shape[0] - 1)
        rec["n_steps"] = int(ids.shape[0])
    else:
        warm, _ = pecanpy_graph(work / WARM_PECANPY_FILE, args, t)
        pecanpy_walks(warm, args, walks_per_node=1)
        g, rec["load_s"] = pecanpy_graph(work / PECANPY_FILE, args, t)
        tic = time.perf_counter()
        g.simulate_walks(1, 1)  # the compile probe: tiny work, a full compilation
        rec["compile_probe_s"] = time.perf_counter() - tic
        with Measure() as m:
            walks = pecanpy_walks(g, args)
        rec["n_walks"] = len(walks)
        rec["n_steps"] = sum(map(len, walks))
    rec["walk_s"] = m.wall
    rec.update(m.record())
    rec["threading_layer"] = threading_layer()
    return rec


def child_e2e(args):
    """Child mode ``e2e``: warm up, then time loading + walks + training."""
    work, t = args.workdir, args.n_threads
    rec = {"kind": "e2e", "tool": args.tool, "threads": t, "p": args.p, "q": args.q}
    if args.tool == "sksg":
        warm = dict(vars(args), walk_length=10, walks_per_node=2)
        sksg_estimator(load_scipy(work / WARM_SCIPY_FILE), argparse.Namespace(**warm), t).fit()
        with Measure() as m:
            tic = time.perf_counter()
            A = load_scipy(work / SCIPY_FILE)
            file_s = time.perf_counter() - tic
            est = sksg_estimator(A, args, t).fit()
        vectors = est.embedding_
        # fit_times_: 'graph' (to CSR form), 'walks' (the pass that generates the
        # walks to count their nodes) and 'training' (all epochs; without a walk
        # cache they generate the walks again, block by block).
        phases = est.fit_times_
        rec["fit_times"] = dict(phases)
        rec["load_s"] = file_s + phases["graph"]
        rec["walk_s"] = phases["walks"]
        rec["train_s"] = phases["training"]
        rec["n_steps"] = int(est.node_counts_.sum())
        assert list(est.nodes_[:3]) == [0, 1, 2]
    else:
        warm, _ = pecanpy_graph(work / WARM_PECANPY_FILE, args, t)
        gensim_fit(pecanpy_walks(warm, args, walk_length=10, walks_per_node=2), t)
        del warm
        with Measure() as m:
            g, rec["load_s"] = pecanpy_graph(work / PECANPY_FILE, args, t)
            tic = time.perf_counter()
            walks = pecanpy_walks(g, args)
            rec["walk_s"] = time.perf_counter() - tic
            tic = time.perf_counter()
            model = gensim_fit(walks, t)
            rec["train_s"] = time.perf_counter() - tic
        vectors = model.wv[g.nodes]  # row i = node "i"
        rec["n_steps"] = sum(map(len, walks))
    rec["total_s"] = m.wall
    rec["other_s"] = m.wall - rec["load_s"] - rec["walk_s"] - rec["train_s"]
    rec.update(m.record())
    rec["threading_layer"] = threading_layer()
    vectors_path = work / f"vectors-{os.getpid()}.npy"
    np.save(vectors_path, np.asarray(vectors, dtype=np.float32))
    rec["vectors_file"] = str(vectors_path)
    return rec


def child_first_call(args):
    """Child mode ``first-call`` (sksg): import, first walks and first fit, timed."""
    tic = time.perf_counter()
    import sksg  # noqa: F401

    import_s = time.perf_counter() - tic
    A = load_scipy(args.workdir / WARM_SCIPY_FILE)
    tic = time.perf_counter()
    sksg_walks(A, args, args.n_threads)
    walks_s = time.perf_counter() - tic
    tic = time.perf_counter()
    sksg_estimator(A, args, args.n_threads).fit()
    fit_s = time.perf_counter() - tic
    return {"import_s": import_s, "walks_s": walks_s, "fit_s": fit_s}


def child_pecanpy_compile(args):
    """Child mode ``pecanpy-compile``: per-call compile time of PecanPy's walks."""
    tic = time.perf_counter()
    import pecanpy.pecanpy  # noqa: F401

    out = {"import_s": time.perf_counter() - tic}
    for p, q in (PQ_FIRST_ORDER, PQ_NODE2VEC):
        a = argparse.Namespace(**dict(vars(args), p=p, q=q))
        row = {}
        warm, _ = pecanpy_graph(args.workdir / WARM_PECANPY_FILE, a, args.n_threads)
        row["mode"] = type(warm).__name__
        for name in ("tiny_first_s", "tiny_second_s"):
            tic = time.perf_counter()
            pecanpy_walks(warm, a, walks_per_node=1)
            row[name] = time.perf_counter() - tic
        g, _ = pecanpy_graph(args.workdir / PECANPY_FILE, a, args.n_threads)
        for name in ("probe_first_s", "probe_second_s"):
            tic = time.perf_counter()
            g.simulate_walks(1, 1)
            row[name] = time.perf_counter() - tic
        out[f"p={p:g},q={q:g}"] = row
    return out


def child_read_edg(args):
    """Child mode ``read-edg``: PecanPy's edge-list reader versus its CSR reader."""
    from pecanpy import pecanpy

    tic = time.perf_counter()
    pecanpy.SparseOTF().read_edg(str(args.workdir / EDGELIST_FILE), weighted=False, directed=False)
    edg_s = time.perf_counter() - tic
    tic = time.perf_counter()
    g = pecanpy.SparseOTF()
    g.read_npz(str(args.workdir / PECANPY_FILE), weighted=False, implicit_ids=True)
    return {"read_edg_s": edg_s, "read_npz_s": time.perf_counter() - tic}


CHILDREN = {
    "walks": child_walks,
    "e2e": child_e2e,
    "first-call": child_first_call,
    "pecanpy-compile": child_pecanpy_compile,
    "read-edg": child_read_edg,
}


# -- the parent: running children -------------------------------------------------


def run_child(args, mode, tool, threads, pq=PQ_NODE2VEC, env=None):
    """Run this script in child ``mode`` in a fresh process; return its record."""
    options = {
        "tool": tool,
        "n-threads": threads,
        "p": pq[0],
        "q": pq[1],
        "walk-length": args.walk_length,
        "walks-per-node": args.walks_per_node,
        "workdir": args.workdir,
    }
    python = args.baseline_python if tool == "pecanpy" else None
    return harness.run_child(__file__, mode, options, args.workdir, python=python, env=env)


def schedule(args):
    """The measured runs: (repeat, kind, threads, (p, q), tool), tool order alternating."""
    runs = []
    for r in range(args.repeats):
        order = harness.rotated(TOOLS, r)
        for kind, pqs in (("walks", args.walk_pq), ("e2e", args.e2e_pq)):
            runs += [(r, kind, t, pq, tool) for t in args.threads for pq in pqs for tool in order]
    return runs


def measure_runs(args, labels):
    records = []
    plan = schedule(args)
    start = time.perf_counter()
    for i, (r, kind, t, pq, tool) in enumerate(plan, 1):
        rec = run_child(args, kind, tool, t, pq)
        rec["repeat"] = r
        head = (
            f"[{i}/{len(plan)} {(time.perf_counter() - start) / 60:5.1f} min] repeat {r + 1}, "
            f"{kind:5s} p={pq[0]:g} q={pq[1]:g} T={t}, {TOOL_NAMES[tool]:14s}:"
        )
        if kind == "walks":
            rec["steps_per_s"] = rec["n_steps"] / rec["walk_s"]
            extra = ""
            if "compile_probe_s" in rec:
                # Unreliable when compiling is most of the call (tiny graphs): None.
                work = rec["walk_s"] - rec["compile_probe_s"]
                ok = work > MIN_WORK_FRACTION * rec["walk_s"]
                rec["steps_per_s_excl_compile"] = rec["n_steps"] / work if ok else None
                extra = f" (compile probe {rec['compile_probe_s']:.1f} s)"
            if "graph_probe_s" in rec:
                extra = f" (graph probe {rec['graph_probe_s']:.2f} s)"
            print(
                f"{head} walks {rec['walk_s']:7.2f} s, {rec['steps_per_s'] / 1e6:6.2f} M steps/s"
                f"{extra}, load {rec['load_s']:5.2f} s, +{rec['peak_mib']:6.0f} MiB",
                flush=True,
            )
        else:
            vectors = np.load(rec["vectors_file"])
            os.unlink(rec.pop("vectors_file"))
            rec.update(classify(vectors, labels, args.clf_max_train))
            print(
                f"{head} total {rec['total_s']:7.2f} s (load {rec['load_s']:.2f}, walks "
                f"{rec['walk_s']:.2f}, train {rec['train_s']:.2f}), +{rec['peak_mib']:6.0f} MiB, "
                f"accuracy {rec['accuracy']:.3f} (unscaled {rec['accuracy_unscaled']:.3f}), "
                f"macro-F1 {rec['macro_f1']:.3f} "
                f"(classifier {rec['clf_s'] + rec['clf_s_unscaled']:.1f} s)",
                flush=True,
            )
        records.append(rec)
    return records


def measure_startup(args):
    """Compile and loading costs, each measured once in fresh processes."""
    threads = max(args.threads)
    out = {"threads": threads}
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = harness.child_env(NUMBA_CACHE_DIR=cache)
        cold = run_child(args, "first-call", "sksg", threads, env=env)
        warm = run_child(args, "first-call", "sksg", threads, env=env)
    out["sksg"] = {"cold": cold, "warm": warm}
    print(
        f"sksg first walks + fit on the tiny graph (T={threads}): cold cache "
        f"{cold['walks_s']:.2f} + {cold['fit_s']:.2f} s, warm cache "
        f"{warm['walks_s']:.2f} + {warm['fit_s']:.2f} s",
        flush=True,
    )
    out["pecanpy"] = run_child(args, "pecanpy-compile", "pecanpy", threads)
    for key, row in out["pecanpy"].items():
        if isinstance(row, dict):
            print(
                f"PecanPy {row['mode']} ({key}, T={threads}): tiny graph first call "
                f"{row['tiny_first_s']:.2f} s, second {row['tiny_second_s']:.2f} s; "
                f"real-graph probe {row['probe_first_s']:.2f} s, {row['probe_second_s']:.2f} s",
                flush=True,
            )
    if not args.skip_read_edg:
        out["pecanpy_read"] = run_child(args, "read-edg", "pecanpy", 1)
        print(
            f"PecanPy read_edg {out['pecanpy_read']['read_edg_s']:.2f} s, "
            f"read_npz {out['pecanpy_read']['read_npz_s']:.2f} s",
            flush=True,
        )
    return out


def baseline_versions(args):
    code = (
        "import json, platform\nfrom importlib import metadata\n"
        "v = {d: metadata.version(d) for d in ('pecanpy', 'gensim', 'numba', 'numpy')}\n"
        "v['python'] = platform.python_version()\nprint(json.dumps(v))"
    )
    cmd = [str(args.baseline_python), "-c", code]
    out = harness.run_process(cmd, harness.child_env(), args.workdir)
    return json.loads(out.strip().splitlines()[-1])


# -- summarising -------------------------------------------------------------------


def pq_key(pq):
    return f"p={pq[0]:g},q={pq[1]:g}"


def summarize(records, args):
    """Medians per (kind, (p, q), threads, tool) and the ratios between the tools."""
    summary = {"walks": {}, "e2e": {}}
    for kind, pqs in (("walks", args.walk_pq), ("e2e", args.e2e_pq)):
        keys = {
            "walks": [
                "walk_s",
                "steps_per_s",
                "steps_per_s_excl_compile",
                "compile_probe_s",
                "graph_probe_s",
            ],
            "e2e": [
                "total_s",
                "walk_s",
                "train_s",
                "other_s",
                "accuracy",
                "macro_f1",
                "accuracy_unscaled",
                "macro_f1_unscaled",
                "clf_s",
            ],
        }[kind] + ["load_s", "peak_mib", "baseline_rss_mib", "n_steps"]
        for pq in pqs:
            for t in args.threads:
                row = {}
                for tool in TOOLS:
                    recs = [
                        r
                        for r in records
                        if r["kind"] == kind
                        and r["tool"] == tool
                        and r["threads"] == t
                        and (r["p"], r["q"]) == pq
                    ]
                    row[tool] = {"n_runs": len(recs)} | {k: median_of(recs, k) for k in keys}
                    if kind == "e2e":
                        acc = [r["accuracy"] for r in recs]
                        row[tool] |= {"accuracy_min": min(acc), "accuracy_max": max(acc)}
                s, b = row["sksg"], row["pecanpy"]
                if kind == "walks":
                    row["speed_ratio"] = s["steps_per_s"] / b["steps_per_s"]
                    excl = b["steps_per_s_excl_compile"]
                    row["speed_ratio_excl_compile"] = s["steps_per_s"] / excl if excl else None
                else:
                    row["speedup"] = b["total_s"] / s["total_s"]
                row["memory_ratio"] = b["peak_mib"] / s["peak_mib"] if s["peak_mib"] > 0 else None
                summary[kind].setdefault(pq_key(pq), {})[str(t)] = row
    return summary


def render_markdown(results):
    """The tables, as markdown ready to paste into documentation."""
    s, m, summary = results["settings"], results["machine"], results["summary"]
    g, b = s["graph"], m["baseline"]
    mp = MODEL_PARAMS
    baseline = {
        tool: [row[tool]["baseline_rss_mib"] for v in summary["e2e"].values() for row in v.values()]
        for tool in TOOLS
    }
    parts = [
        graph_data.describe(g) + f" Walks: {s['walks_per_node']} per node of "
        f"{s['walk_length']} nodes; skip-gram: {mp['n_components']} dimensions, window "
        f"{mp['window']}, {mp['negative']} negatives, sample {mp['sample']:g}, "
        f"{mp['epochs']} epoch. Median of {s['repeats']} run(s), each in a fresh process. "
        f"Machine: {m['cpu']}, {m['nproc']} CPUs; sksg {m['sksg']} (numba {m['numba']}, numpy "
        f"{m['numpy']}); PecanPy {b['pecanpy']}, gensim {b['gensim']} (numba {b['numba']}, "
        f"numpy {b['numpy']}); Python {m['python']}.",
        "",
        "**Walk generation** alone (graph already loaded from its file), steps (nodes in "
        "all walks) per second. sksg: `sksg.random_walks(graph, return_ids=True)`, which "
        "converts the graph to its CSR form on every call (included); PecanPy: "
        "`simulate_walks` (`FirstOrderUnweighted` for p = q = 1, `SparseOTF` otherwise), "
        "whose every call compiles its kernel: the main column includes that compilation, "
        "the next one subtracts the time of a minimal call on the same graph (the compile "
        "probe).",
        "",
        md_table(
            [
                "p, q",
                "threads",
                "sksg",
                "PecanPy",
                "ratio",
                "PecanPy w/o compile",
                "ratio",
                "compile probe",
                "memory sksg / PecanPy",
            ],
            [
                [
                    pq.replace(",", ", "),
                    t,
                    fmt_rate(row["sksg"]["steps_per_s"]),
                    fmt_rate(row["pecanpy"]["steps_per_s"]),
                    fmt_ratio(row["speed_ratio"]),
                    fmt_rate(row["pecanpy"]["steps_per_s_excl_compile"]),
                    fmt_ratio(row["speed_ratio_excl_compile"]),
                    f"{row['pecanpy']['compile_probe_s']:.1f} s",
                    f"{row['sksg']['peak_mib']:.0f} / {row['pecanpy']['peak_mib']:.0f} MiB",
                ]
                for pq, by_t in summary["walks"].items()
                for t, row in by_t.items()
            ],
        ),
        "",
        "Ratios are sksg / PecanPy. Memory: peak RSS during the walk call minus the RSS "
        "before it (PecanPy's walks are lists of node-ID strings). n/a: compiling took "
        f"more than {1 - MIN_WORK_FRACTION:.0%} of the call, too much for the subtraction "
        "to mean anything.",
        "",
        "**End to end**: loading the graph from its file, walks and training; seconds "
        "(load + walks + train), speed-up = PecanPy+gensim time / sksg time. sksg's phases "
        "come from `GraphWalkEmbedder.fit_times_`: load is the file plus `'graph'` (to CSR "
        "form), walks is `'walks'` (a pass that generates the walks to count the nodes), "
        "train is `'training'` (which generates the walks again, block by block).",
        "",
        md_table(
            ["p, q", "threads", "sksg", "PecanPy+gensim", "speed-up"],
            [
                [
                    pq.replace(",", ", "),
                    t,
                    breakdown(row["sksg"]),
                    breakdown(row["pecanpy"]),
                    fmt_ratio(row["speedup"]),
                ]
                for pq, by_t in summary["e2e"].items()
                for t, row in by_t.items()
            ],
        ),
        "",
        "**Peak memory** end to end (peak RSS minus the RSS before loading the graph, "
        "after imports and a warm-up on a tiny graph); ratio PecanPy+gensim / sksg",
        "",
        md_table(
            ["p, q", "threads", "sksg", "PecanPy+gensim", "ratio"],
            [
                [
                    pq.replace(",", ", "),
                    t,
                    f"{row['sksg']['peak_mib']:.0f} MiB",
                    f"{row['pecanpy']['peak_mib']:.0f} MiB",
                    fmt_ratio(row["memory_ratio"]),
                ]
                for pq, by_t in summary["e2e"].items()
                for t, row in by_t.items()
            ],
        ),
        "",
        "Resident size before loading: "
        + ", ".join(
            f"{TOOL_NAMES[tool]} {statistics.median(baseline[tool]):.0f} MiB" for tool in TOOLS
        )
        + ".",
        "",
        "**Quality**: node classification. `StandardScaler` + "
        "`LogisticRegression(max_iter=1000)` trained on the vectors of a fixed random half "
        "of the nodes"
        + (
            f" (at most {s['clf_max_train']:,} of them)"
            if s["clf_max_train"] < g["n_nodes"] // 2
            else ""
        )
        + ", tested on the other half: accuracy, median (min-max over runs), and macro-F1 "
        "(median); the last column is the accuracy of the same classifier on the raw, "
        f"unscaled vectors. Chance level: {1 / g['n_blocks']:.2f}.",
        "",
        md_table(
            [
                "p, q",
                "threads",
                "sksg accuracy",
                "PecanPy+gensim accuracy",
                "macro-F1 sksg / PecanPy",
                "unscaled accuracy sksg / PecanPy",
            ],
            [
                [pq.replace(",", ", "), t]
                + [
                    f"{row[k]['accuracy']:.3f} "
                    f"({row[k]['accuracy_min']:.3f}-{row[k]['accuracy_max']:.3f})"
                    for k in TOOLS
                ]
                + [
                    f"{row['sksg']['macro_f1']:.3f} / {row['pecanpy']['macro_f1']:.3f}",
                    f"{row['sksg']['accuracy_unscaled']:.3f} / "
                    f"{row['pecanpy']['accuracy_unscaled']:.3f}",
                ]
                for pq, by_t in summary["e2e"].items()
                for t, row in by_t.items()
            ],
        ),
    ]
    startup = results.get("startup")
    if startup:
        sk, pp = startup["sksg"], startup["pecanpy"]
        walks_probe = {
            pq: statistics.median([row["pecanpy"]["compile_probe_s"] for row in by_t.values()])
            for pq, by_t in summary["walks"].items()
        }
        rows = [
            [
                "sksg `random_walks` + `fit`, tiny graph (first calls in a process)",
                f"cold cache {sk['cold']['walks_s']:.2f} + {sk['cold']['fit_s']:.2f} s, warm "
                f"cache {sk['warm']['walks_s']:.2f} + {sk['warm']['fit_s']:.2f} s",
            ]
        ]
        for key, row in pp.items():
            if not isinstance(row, dict):
                continue
            rows += [
                [
                    f"PecanPy `{row['mode']}.simulate_walks` ({key.replace(',', ', ')})",
                    f"tiny graph: 1st call {row['tiny_first_s']:.2f} s, 2nd call "
                    f"{row['tiny_second_s']:.2f} s; real graph, minimal call: "
                    f"{row['probe_first_s']:.2f} s, {row['probe_second_s']:.2f} s"
                    + (
                        f" (median over walk runs {walks_probe[key]:.2f} s)"
                        if key in walks_probe
                        else ""
                    ),
                ]
            ]
        parts += [
            "",
            f"**Compilation** ({startup['threads']} threads): sksg caches its compiled "
            "kernels on disk (cold: empty `NUMBA_CACHE_DIR`); PecanPy recompiles its walk "
            "kernel on every `simulate_walks` call (closures over the graph arrays), so "
            "each call pays it; its timed walk calls above include it once.",
            "",
            md_table(["", "time"], rows),
        ]
        read = startup.get("pecanpy_read")
        walk_rows = [row for by_t in summary["walks"].values() for row in by_t.values()]
        load = {tool: statistics.median(row[tool]["load_s"] for row in walk_rows) for tool in TOOLS}
        probe = statistics.median(row["sksg"]["graph_probe_s"] for row in walk_rows)
        parts += [
            "",
            f"**Graph loading** (median over walk runs): sksg `load_npz` {load['sksg']:.2f} s, "
            f"then {probe:.2f} s in every `random_walks` call to convert the graph to CSR form "
            "(the time of a minimal call, walks of one node, on the same graph); PecanPy "
            f"`read_npz` {load['pecanpy']:.2f} s"
            + (
                f"; PecanPy `read_edg` of the same graph as a tab-separated edge list "
                f"{read['read_edg_s']:.2f} s (once)."
                if read
                else "."
            ),
        ]
    parts += harness.footnotes(results)
    return "\n".join(parts) + "\n"


def fmt_rate(x):
    return "n/a" if x is None else f"{x / 1e6:.2f} M/s"


def breakdown(row):
    return (
        f"{row['total_s']:.1f} s ({row['load_s']:.1f} + {row['walk_s']:.1f} + {row['train_s']:.1f})"
    )


def run_benchmark(args):
    machine = harness.machine_info(dists=())  # sksg's environment; the baseline's is below
    machine["baseline_python"] = str(args.baseline_python)
    harness.warn_threads(machine, args.threads)
    with tempfile.TemporaryDirectory(prefix="bench-graph-") as workdir:
        args.workdir = Path(workdir)
        machine["baseline"] = baseline_versions(args)
        tic = time.perf_counter()
        edgelist = None if args.skip_read_edg else EDGELIST_FILE
        labels, graph = write_graph(args.graph, workdir, SCIPY_FILE, PECANPY_FILE, edgelist)
        write_graph(WARMUP_GRAPH, workdir, WARM_SCIPY_FILE, WARM_PECANPY_FILE)
        graph_data.print_graph(graph, time.perf_counter() - tic)
        records = measure_runs(args, labels)
        startup = measure_startup(args)
    changed = harness.sources_changed(machine)
    return {
        "machine": machine,
        "settings": {
            "graph": graph,
            "graph_params": args.graph,
            "walk_length": args.walk_length,
            "walks_per_node": args.walks_per_node,
            "pecanpy_walk_length_arg": args.walk_length - 1,
            "walk_pq": [list(pq) for pq in args.walk_pq],
            "e2e_pq": [list(pq) for pq in args.e2e_pq],
            "repeats": args.repeats,
            "threads": args.threads,
            "quick": args.quick,
            "model": MODEL_PARAMS,
            "clf_max_train": args.clf_max_train,
            "warmup_graph": WARMUP_GRAPH,
            "rss_sample_interval_s": harness.SAMPLE_EVERY,
            "sksg_sources_changed_during_run": changed,
            "date": harness.now(),
        },
        "runs": records,
        "summary": summarize(records, args),
        "startup": startup,
    }


# -- command line ------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark sksg's GraphWalkEmbedder against PecanPy + gensim Word2Vec."
    )
    graph_data.add_graph_arguments(parser)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each configuration")
    parser.add_argument(
        "--threads", type=harness.int_list, default=[1, 2], help="comma-separated (default: 1,2)"
    )
    parser.add_argument(
        "--e2e-first-order",
        action="store_true",
        help="also run end to end with p = q = 1 (default: only p = 0.5, q = 2)",
    )
    parser.add_argument(
        "--skip-read-edg", action="store_true", help="do not time PecanPy's edge-list reader"
    )
    parser.add_argument(
        "--baseline-python",
        type=Path,
        default=Path(DEFAULT_BASELINE_PYTHON),
        help="interpreter with pecanpy and gensim (default: %(default)s)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: {graph_data.QUICK_GRAPH['n_nodes']:,} nodes, "
        f"{graph_data.QUICK_GRAPH['n_edges']:,} "
        "edges, 1 repeat",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="JSON output (default: benchmarks/results/graph.json, graph-quick.json with "
        "--quick); a markdown snippet is written next to it",
    )
    # Hidden options of the child processes.
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--n-threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--p", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--q", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return args
    if args.quick:
        args.repeats = 1
    graph_data.check_graph_arguments(parser, args)
    args.walk_pq = [PQ_FIRST_ORDER, PQ_NODE2VEC]
    args.e2e_pq = args.walk_pq if args.e2e_first_order else [PQ_NODE2VEC]
    if args.out is None:
        args.out = harness.default_out("graph", args.quick)
    if not args.threads or min(args.threads) < 1:
        parser.error("--threads needs positive thread counts")
    if args.repeats < 1:
        parser.error("need --repeats >= 1")
    if not Path(args.baseline_python).exists():
        parser.error(
            f"--baseline-python {args.baseline_python} not found; create it from the "
            f"repository's root with: python3 -m venv .venv-pecanpy && "
            f'.venv-pecanpy/bin/pip install pecanpy gensim psutil "numpy<2"'
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
