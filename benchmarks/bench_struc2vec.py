"""Benchmark sksg's Struc2VecEmbedder against a plain-Python struc2vec reference.

No public struc2vec implementation installs from the package index: the
reference implementation (leoribeiro/struc2vec) and shenweichen's
GraphEmbedding (``from ge import Struc2Vec``) are not published there; the
PyPI package ``ge`` (0.1.18) is an unrelated "GitHub expert" tool,
``graphembedding`` (0.1) holds knowledge-graph models (TransE, ComplEx), and
``karateclub`` (1.3.3), ``cogdl`` (0.6), ``embiggen`` (0.11.96) and
``graphembed-rs`` (0.1.2) have no struc2vec (``pgl`` keeps one among its
examples only, and its package does not build on Python 3.11). So the
baseline is the plain paper algorithm, written here in pure Python (lists,
dicts, ``networkx`` for the graph; no numpy in the algorithm, no numba) as a
slow reference, with the skip-gram of gensim's ``Word2Vec``, as in the
authors' reference implementation and GraphEmbedding:

1. **Rings** (OPT1): one breadth-first search per node, down to
   ``n_layers - 1`` hops, keeping each ring's sorted degrees as
   ``(degree, count)`` pairs.
2. **Pairs** (OPT2): nodes sorted by degree, ties by the sum of their
   neighbours' degrees, then at random; each node is compared with the
   ``n_compared // 2`` nodes before and after it, ``n_compared = 2 *
   ceil(log2(n))``: the same rule as sksg's, so both compute the same number
   of distances.
3. **Distances**: exact dynamic time warping of the compressed sequences
   with the cost ``(max(a, b) / min(a, b) - 1) * max(count_a, count_b)``
   (the reference implementation's OPT1 cost), cumulated over layers while
   both rings exist (OPT3: ``n_layers`` layers).
4. **Multilayer graph**: weights ``exp(-f_k)``, alias tables per node and
   layer, ``Gamma_k(u)`` = edges heavier than the layer's mean weight.
5. **Walks**: the reference implementation's walk: with probability
   ``stay_probability`` move within the layer (and write the node), else go
   up with probability ``log(Gamma + e) / (log(Gamma + e) + 1)`` (if the node
   has edges above), otherwise down; walks start in layer 0, node order
   shuffled for every repetition.
6. **Skip-gram**: ``gensim.models.Word2Vec(sg=1, hs=0)`` on the walks (lists
   of node-ID strings).

Rings, distances and walks run in ``--threads`` worker processes (a
``multiprocessing`` pool, forked; the reference implementation and
GraphEmbedding parallelise these steps with processes too), gensim with
``workers=--threads``.

Settings, the same for both tools and passed explicitly: 6 layers,
``n_compared = 2 * ceil(log2(n))``, compressed degree sequences, stay
probability 0.3, 10 walks of 80 nodes per node, 128 dimensions, window 10
(shrunk at random, as gensim does), 5 negatives, learning rate 0.025 to
1e-4, subsampling ``max(1e-3, 1 / n)`` (what sksg's ``'auto'`` gives), 2
threads; 1 epoch (``--epochs``; sksg's ``'auto'`` gives 1 on all these
graphs) and, at 10,000 nodes only, 5 epochs (``--extra-epochs``,
``--extra-sizes``; the reference implementation's default ``--iter``).

Method
------
* Graphs are generated: ``networkx.barabasi_albert_graph(n, 3, seed=0)`` at
  1,000, 10,000 and 100,000 nodes. The parent saves the edges; each child
  builds its tool's in-memory graph before the timer starts (sksg: a scipy
  CSR adjacency, the reference: a ``networkx.Graph``), so the time is end to
  end from a graph in memory to the vectors.
* Every measured run happens in a fresh process, after a warm-up fit of the
  same tool on a 200-node graph (loads numba's on-disk cache for sksg,
  imports gensim for the reference). The reference's children run under
  another interpreter (``--baseline-python``: networkx and gensim; sksg is
  not installed there).
* sksg: median of ``--repeats`` runs at sizes up to 10,000 nodes, one run at
  100,000. The reference: ``--baseline-repeats`` runs (default 1) per size,
  stopped after ``--budget`` minutes of fit (default 20); once it has not
  finished at a size, the larger sizes are not run. A stopped run reports the
  phase it was in and how far that phase had got.
* Memory: peak resident memory during the fit minus the resident size before
  it (``harness.Measure``: a thread sampling ``/proc/self/statm`` every 5 ms
  and the kernel's high-water mark). The reference's worker processes are
  added: a thread sums the parent's RSS and each worker's private memory
  (``Private_Clean + Private_Dirty`` of ``/proc/PID/smaps_rollup``, pages
  not shared with the parent) every 20 ms.
* Quality (``--part quality``): the mirrored karate network (two copies of
  networkx's karate club graph, node ``i`` and its copy ``i + 34``, joined by
  the edge ``0 - 34``), the share of the 68 nodes whose nearest neighbour by
  cosine is their mirror image (chance: 1/67), for seeds 0-4, with the
  settings above (``n_compared`` 14) and with all pairs compared, at 1 and 5
  epochs.

Usage::

    python -m venv .venv-s2v && .venv-s2v/bin/pip install gensim networkx
    python benchmarks/bench_struc2vec.py --baseline-python .venv-s2v/bin/python
    python benchmarks/bench_struc2vec.py --part quality ...   # quality only
    python benchmarks/bench_struc2vec.py --part timing --append --sizes 10000 \
        --repeats 2 --extra-epochs ""                         # more runs, merged
    python benchmarks/bench_struc2vec.py --quick ...          # smoke test
"""

import argparse
import json
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import harness
import numpy as np
from harness import MIB, Measure, fmt_ratio, md_table

harness.use_source_tree()

TOOLS = ("sksg", "reference")
TOOL_NAMES = {"sksg": "sksg", "reference": "plain-Python reference + gensim"}
DEFAULT_BASELINE_PYTHON = os.environ.get(
    "SKSG_BASELINE_PYTHON",
    str(Path(__file__).resolve().parents[1] / ".venv-s2v" / "bin" / "python"),
)
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (300, 1_000)
BA_EDGES_PER_NODE = 3
GRAPH_SEED = 0
WARMUP_NODES = 200
MAX_REPEATED_SIZE = 10_000  # larger graphs: one sksg run
TREE_SAMPLE_EVERY = 0.02  # seconds between samples of the reference's process tree

PARAMS = dict(
    n_layers=6,
    compress_degrees=True,
    stay_probability=0.3,
    walk_length=80,
    walks_per_node=10,
    n_components=128,
    window=10,
    negative=5,
    learning_rate=0.025,
    min_learning_rate=1e-4,
)
MIRROR_SEEDS = (0, 1, 2, 3, 4)
#: Epochs: 1, sksg's default ('auto' gives 1 on all these graphs), and 5, the
#: reference implementation's default (its ``--iter``), at 10,000 nodes.
EPOCHS = 1
EXTRA_EPOCHS = 5
EXTRA_SIZES = (10_000,)
QUALITY_EPOCHS = (1, 5)
KARATE_NODES = 34


def n_compared_for(n):
    """sksg's ``n_compared='auto'``: ``2 * ceil(log2(n))``."""
    return max(2, 2 * math.ceil(math.log2(max(n, 2))))


def sample_for(n):
    """sksg's ``sample='auto'``: ``max(1e-3, 1 / n_tokens)``, passed explicitly to both."""
    return max(1e-3, 1.0 / max(n, 1))


# -- graphs --------------------------------------------------------------------------


def ba_edges(n, seed=GRAPH_SEED):
    import networkx as nx

    G = nx.barabasi_albert_graph(n, BA_EDGES_PER_NODE, seed=seed)
    return np.array(sorted((min(u, v), max(u, v)) for u, v in G.edges()), dtype=np.int64)


def mirrored_karate_edges():
    """Two copies of the karate club graph (node ``i`` and ``i + 34``) joined by ``0 - 34``."""
    import networkx as nx

    K = nx.karate_club_graph()
    edges = [(u, v) for u, v in K.edges()]
    edges += [(u + KARATE_NODES, v + KARATE_NODES) for u, v in K.edges()]
    edges.append((0, KARATE_NODES))
    return np.array(sorted((min(u, v), max(u, v)) for u, v in edges), dtype=np.int64)


def save_edges(path, edges, n):
    np.savez(path, edges=edges, n=np.int64(n))


def load_edges(path):
    with np.load(path) as f:
        return f["edges"], int(f["n"])


def scipy_graph(edges, n):
    import scipy.sparse as sp

    u, v = edges[:, 0], edges[:, 1]
    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    A = sp.csr_array((np.ones(rows.size), (rows, cols)), shape=(n, n))
    A.sort_indices()
    return A


def networkx_graph(edges, n):
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(map(tuple, edges.tolist()))
    return G


def mirror_share(vectors):
    """Share of the mirrored karate's nodes whose cosine-nearest other node is their mirror."""
    V = np.asarray(vectors, dtype=np.float64)
    V = V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)
    S = V @ V.T
    np.fill_diagonal(S, -np.inf)
    nearest = S.argmax(axis=1)
    n = V.shape[0]
    mirror = (np.arange(n) + KARATE_NODES) % (2 * KARATE_NODES)
    return float(np.mean(nearest == mirror))


# -- the plain-Python reference (runs under --baseline-python; no sksg) --------------

# Worker processes are forked and read these.
_REF = {}


def _ref_progress(phase, done=None, total=None, force=False):
    """Write the reference's progress (the parent reads it if the run is stopped)."""
    path = _REF.get("progress_path")
    if path is None:
        return
    now = time.perf_counter()
    if not force and now - _REF.get("progress_written", 0.0) < 2.0:
        return
    _REF["progress_written"] = now
    record = {
        "fit_started": _REF.get("fit_started_wall"),
        "phase": phase,
        "done": done,
        "total": total,
        "elapsed_s": now - _REF.get("fit_started", now),
        "phases_s": dict(_REF.get("phases", {})),
    }
    tmp = Path(str(path) + ".tmp")
    tmp.write_text(json.dumps(record))
    os.replace(tmp, path)


def _ref_rings(u):
    """Node ``u``'s compressed ring degree sequences, layers 0 .. K-1 (while rings exist)."""
    adj, deg, K, mark = _REF["adj"], _REF["deg"], _REF["K"], _REF["mark"]
    mark[u] = u
    frontier = [u]
    rings = []
    for k in range(K):
        rings.append(sorted(Counter(deg[x] for x in frontier).items()))
        if k == K - 1:
            break
        nxt = []
        for x in frontier:
            for y in adj[x]:
                if mark[y] != u:
                    mark[y] = u
                    nxt.append(y)
        if not nxt:
            break
        frontier = nxt
    return rings


def _ref_rings_chunk(nodes):
    return [_ref_rings(u) for u in nodes]


def _dtw(a, b):
    """Exact DTW of two compressed degree sequences ``[(degree, count), ...]``."""
    inf = math.inf
    lb = len(b)
    prev = [0.0] + [inf] * lb
    for da, ca in a:
        cur = [inf] * (lb + 1)
        left = inf
        for j in range(1, lb + 1):
            db, cb = b[j - 1]
            if da < db:
                lo, hi = da, db
            else:
                lo, hi = db, da
            c = (hi / lo - 1.0 if lo > 0 else float(hi)) * (ca if ca > cb else cb)
            best = prev[j]
            if left < best:
                best = left
            if prev[j - 1] < best:
                best = prev[j - 1]
            left = c + best
            cur[j] = left
        prev = cur
    return prev[lb]


def _ref_distances_chunk(pairs):
    """Cumulative distances ``[f_0, f_1, ...]`` of each pair, while both rings exist."""
    rings = _REF["rings"]
    out = []
    for u, v in pairs:
        ru, rv = rings[u], rings[v]
        acc = 0.0
        fs = []
        for k in range(min(len(ru), len(rv))):
            acc += _dtw(ru[k], rv[k])
            fs.append(acc)
        out.append(fs)
    return out


def _alias_table(weights):
    """Vose's alias method: ``(J, q)`` for drawing index ``i`` with probability ``w_i``."""
    m = len(weights)
    total = sum(weights)
    q = [w * m / total for w in weights]
    J = [0] * m
    small = [i for i, x in enumerate(q) if x < 1.0]
    large = [i for i, x in enumerate(q) if x >= 1.0]
    while small and large:
        s = small.pop()
        g = large.pop()
        J[s] = g
        q[g] = q[g] + q[s] - 1.0
        (small if q[g] < 1.0 else large).append(g)
    for i in small + large:
        q[i] = 1.0
    return J, q


def _ref_walk(start, rng):
    nbrs, alias, up = _REF["nbrs"], _REF["alias"], _REF["up"]
    K, L, stay = _REF["K"], _REF["walk_length"], _REF["stay"]
    rand = rng.random
    v = start
    layer = 0
    path = [v]
    if not nbrs[0][v]:
        return path
    while len(path) < L:
        if rand() < stay:
            row = nbrs[layer][v]
            J, q = alias[layer][v]
            i = int(rand() * len(row))
            if rand() >= q[i]:
                i = J[i]
            v = row[i]
            path.append(v)
        elif rand() < up[layer][v]:
            if layer + 1 < K and nbrs[layer + 1][v]:
                layer += 1
        elif layer > 0:
            layer -= 1
    return path


def _ref_walks_chunk(task):
    rep, chunk, starts = task
    rng = random.Random(_REF["seed"] * 1_000_003 + rep * 100_003 + chunk)
    names = _REF["names"]
    return [[names[x] for x in _ref_walk(s, rng)] for s in starts]


def _chunks(seq, size):
    return [seq[i : i + size] for i in range(0, len(seq), size)]


def reference_fit(G, params, n_compared, sample, threads, seed, progress_path=None):
    """The plain-Python struc2vec + gensim: ``(vectors, record)``; row ``i`` = node ``i``."""
    import multiprocessing

    from gensim.models import Word2Vec

    ctx = multiprocessing.get_context("fork")
    phases = {}
    _REF.clear()
    _REF.update(progress_path=progress_path, phases=phases)
    _REF.update(fit_started=time.perf_counter(), fit_started_wall=time.time())
    _ref_progress("start", force=True)

    def phase(name, tic):
        phases[name] = time.perf_counter() - tic
        _ref_progress(name + " done", force=True)

    # Graph as adjacency lists, nodes numbered 0..n-1 in G's order.
    tic = time.perf_counter()
    nodes = list(G.nodes())
    index = {x: i for i, x in enumerate(nodes)}
    n = len(nodes)
    adj = [[index[y] for y in G.neighbors(x)] for x in nodes]
    deg = [len(a) for a in adj]
    K = int(params["n_layers"])
    _REF.update(adj=adj, deg=deg, K=K, mark=[-1] * n)
    phase("graph", tic)

    # 1. Rings (OPT1: compressed degree sequences).
    tic = time.perf_counter()
    _ref_progress("rings", 0, n, force=True)
    rings = []
    with ctx.Pool(threads) as pool:
        for part in pool.imap(_ref_rings_chunk, _chunks(range(n), 200)):
            rings.extend(part)
            _ref_progress("rings", len(rings), n)
    _REF["rings"] = rings
    phase("rings", tic)

    # 2. Pairs (OPT2): neighbours in the order of degree, neighbours' degrees, chance.
    tic = time.perf_counter()
    around = [sum(deg[y] for y in a) for a in adj]
    tie = list(range(n))
    random.Random(seed).shuffle(tie)
    order = sorted(range(n), key=lambda u: (deg[u], around[u], tie[u]))
    if n_compared is None or n_compared >= n - 1:
        pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    else:
        half = max(1, n_compared // 2)
        pairs = [
            (min(order[i], order[i + s]), max(order[i], order[i + s]))
            for s in range(1, half + 1)
            for i in range(n - s)
        ]
    phase("pairs", tic)

    # 3. Distances: cumulative DTW per layer.
    tic = time.perf_counter()
    dists = []
    _ref_progress("distances", 0, len(pairs), force=True)
    with ctx.Pool(threads) as pool:
        for part in pool.imap(_ref_distances_chunk, _chunks(pairs, 1000)):
            dists.extend(part)
            _ref_progress("distances", len(dists), len(pairs))
    phase("distances", tic)

    # 4. Multilayer graph: exp(-f_k) weights, alias tables, Gamma and the up probability.
    tic = time.perf_counter()
    nbrs = [[[] for _ in range(n)] for _ in range(K)]
    fdist = [[[] for _ in range(n)] for _ in range(K)]
    wsum = [0.0] * K
    wcount = [0] * K
    for (u, v), fs in zip(pairs, dists, strict=True):
        for k, f in enumerate(fs):
            nbrs[k][u].append(v)
            nbrs[k][v].append(u)
            fdist[k][u].append(f)
            fdist[k][v].append(f)
            wsum[k] += 2 * math.exp(-f)
            wcount[k] += 2
    del dists
    alias = [[None] * n for _ in range(K)]
    up = [[0.0] * n for _ in range(K)]
    n_edges = 0
    for k in range(K):
        mean = wsum[k] / wcount[k] if wcount[k] else 0.0
        for u in range(n):
            fs = fdist[k][u]
            if not fs:
                continue
            n_edges += len(fs)
            fmin = min(fs)
            alias[k][u] = _alias_table([math.exp(-(f - fmin)) for f in fs])
            if k + 1 < K:
                gamma = sum(1 for f in fs if math.exp(-f) > mean)
                w_up = math.log(gamma + math.e)
                up[k][u] = w_up / (w_up + 1.0)
    del fdist
    _REF.update(nbrs=nbrs, alias=alias, up=up, walk_length=int(params["walk_length"]))
    _REF.update(stay=float(params["stay_probability"]), seed=int(seed))
    _REF["names"] = [str(x) for x in nodes]
    phase("multilayer", tic)
    phases["structure"] = sum(phases[p] for p in ("rings", "pairs", "distances", "multilayer"))

    # 5. Walks.
    tic = time.perf_counter()
    R = int(params["walks_per_node"])
    tasks = []
    shuffler = random.Random(seed)
    for r in range(R):
        starts = list(range(n))
        shuffler.shuffle(starts)
        tasks += [(r, c, part) for c, part in enumerate(_chunks(starts, 500))]
    walks = []
    _ref_progress("walks", 0, n * R, force=True)
    with ctx.Pool(threads) as pool:
        for part in pool.imap(_ref_walks_chunk, tasks):
            walks.extend(part)
            _ref_progress("walks", len(walks), n * R)
    phase("walks", tic)

    # 6. Skip-gram.
    tic = time.perf_counter()
    _ref_progress("training", force=True)
    model = Word2Vec(
        walks,
        vector_size=params["n_components"],
        window=params["window"],
        negative=params["negative"],
        ns_exponent=0.75,
        sample=sample,
        min_count=0,
        sg=1,
        hs=0,
        alpha=params["learning_rate"],
        min_alpha=params["min_learning_rate"],
        epochs=params["epochs"],
        workers=threads,
        seed=seed,
    )
    phase("training", tic)
    vectors = model.wv[_REF["names"]]
    record = {
        "phases": dict(phases),
        "n_pairs": len(pairs),
        "n_context_edges": n_edges // 2,
        "n_tokens": sum(map(len, walks)),
    }
    _REF.clear()
    return vectors, record


# -- sksg (public API only) ------------------------------------------------------------


def sksg_fit(A, params, n_compared, sample, threads, seed):
    from sksg import Struc2VecEmbedder

    est = Struc2VecEmbedder(
        A,
        n_compared=n_compared,
        sample=sample,
        n_jobs=threads,
        random_state=seed,
        **params,
    ).fit()
    rows = [est.vocabulary_[i] for i in range(A.shape[0])]
    record = {
        "phases": dict(est.fit_times_),
        "n_compared": int(est.n_compared_),
        "n_context_edges": int(est.n_context_edges_),
        "n_tokens": int(est.node_counts_.sum()),
        "sample": float(est.sample_),
        "epochs": int(est.epochs_),
    }
    return est.embedding_[rows], record


# -- memory of a process tree --------------------------------------------------------


def _children(pid):
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _private_bytes(pid):
    """Pages of ``pid`` not shared with any other process (``smaps_rollup``)."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1]) * 1024
    except OSError:
        return 0
    return total


class TreeSampler:
    """A thread: peak of this process's RSS plus its descendants' private memory."""

    def __init__(self, interval=TREE_SAMPLE_EVERY):
        self.interval = interval
        self.peak = 0
        self.peak_workers = 0
        self.max_workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self):
        pending, workers = _children(os.getpid()), []
        while pending:
            pid = pending.pop()
            workers.append(pid)
            pending += _children(pid)
        extra = sum(_private_bytes(pid) for pid in workers)
        self.peak = max(self.peak, harness.rss_bytes() + extra)
        self.peak_workers = max(self.peak_workers, extra)
        self.max_workers = max(self.max_workers, len(workers))

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False


# -- children --------------------------------------------------------------------------


def child_fit(args):
    """Child mode ``fit``: warm up, build the graph, time one fit of ``args.tool``."""
    edges, n = load_edges(args.graph_file)
    params, t = dict(PARAMS, epochs=args.epochs), args.n_threads
    n_compared, sample = n_compared_for(n), sample_for(n)
    warm_edges = ba_edges(WARMUP_NODES, seed=1)
    warm = dict(params, walk_length=10, walks_per_node=2, epochs=1)
    rec = {"tool": args.tool, "n_nodes": n, "n_edges": int(edges.shape[0]), "threads": t}
    rec["epochs"] = args.epochs
    if args.tool == "sksg":
        sksg_fit(scipy_graph(warm_edges, WARMUP_NODES), warm, "auto", "auto", t, 1)
        graph = scipy_graph(edges, n)
        with Measure() as m:
            vectors, fit = sksg_fit(graph, params, n_compared, sample, t, args.seed)
        rec["peak_workers_mib"] = 0.0
    else:
        G = networkx_graph(warm_edges, WARMUP_NODES)
        reference_fit(G, warm, n_compared_for(WARMUP_NODES), sample, t, 1)
        graph = networkx_graph(edges, n)
        with Measure() as m, TreeSampler() as tree:
            vectors, fit = reference_fit(
                graph, params, n_compared, sample, t, args.seed, progress_path=args.progress
            )
        rec["tree_peak_mib"] = (tree.peak - m.baseline) / MIB
        rec["peak_workers_mib"] = tree.peak_workers / MIB
        rec["max_workers"] = tree.max_workers
    rec.update(fit)
    rec["total_s"] = m.wall
    rec.update(m.record())
    if "tree_peak_mib" in rec:
        rec["peak_mib"] = max(rec["peak_mib"], rec["tree_peak_mib"])
    rec["vectors_shape"] = list(np.shape(vectors))
    rec["vectors_finite"] = bool(np.isfinite(vectors).all())
    return rec


def child_quality(args):
    """Child mode ``quality``: mirror-image share on the mirrored karate, one tool, all seeds."""
    edges, n = load_edges(args.graph_file)
    t, sample = args.n_threads, sample_for(n)
    out = []
    for epochs in QUALITY_EPOCHS:
        params = dict(PARAMS, epochs=epochs)
        for compared in (n_compared_for(n), None):
            for seed in args.seeds:
                if args.tool == "sksg":
                    A = scipy_graph(edges, n)
                    vectors, fit = sksg_fit(A, params, compared, sample, t, seed)
                else:
                    G = networkx_graph(edges, n)
                    vectors, fit = reference_fit(G, params, compared, sample, t, seed)
                phases = fit["phases"]
                out.append(
                    {
                        "tool": args.tool,
                        "epochs": epochs,
                        "n_compared": compared,
                        "seed": seed,
                        "mirror_share": mirror_share(vectors),
                        "fit_s": sum(phases[p] for p in ("structure", "walks", "training")),
                        "n_context_edges": fit["n_context_edges"],
                    }
                )
    return {"runs": out}


def child_versions(args):
    import gensim
    import networkx

    return {
        "python": sys.version.split()[0],
        "gensim": gensim.__version__,
        "networkx": networkx.__version__,
        "numpy": np.__version__,
        "gensim_fast_version": __import__("gensim.models.word2vec").models.word2vec.FAST_VERSION,
    }


CHILDREN = {"fit": child_fit, "quality": child_quality, "versions": child_versions}


# -- the parent ---------------------------------------------------------------------


def python_for(args, tool):
    return str(args.baseline_python) if tool == "reference" else sys.executable


def run_child(args, mode, tool, options, budget_s=None):
    """Run this script's child ``mode`` for ``tool`` in a fresh process.

    With ``budget_s``, the child is stopped (its whole process group) once its
    fit has run that long; the record then says so, with its last progress.
    """
    stamp = f"{os.getpid()}-{time.monotonic_ns()}"
    result = args.workdir / f"result-{stamp}.json"
    progress = args.workdir / f"progress-{stamp}.json"
    cmd = [python_for(args, tool), str(Path(__file__).resolve()), "--child", mode, "--tool", tool]
    for name, value in dict(options, result=result, progress=progress).items():
        cmd += [f"--{name}", str(value)]
    log = args.workdir / f"log-{stamp}.txt"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd,
            env=harness.child_env(),
            cwd=args.workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        stopped = False
        while proc.poll() is None:
            time.sleep(1.0)
            if budget_s is None or not progress.exists():
                continue
            try:
                started = json.loads(progress.read_text())["fit_started"]
            except (ValueError, KeyError, OSError):
                continue
            if started is not None and time.time() - started > budget_s:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                stopped = True
    if stopped:
        last = json.loads(progress.read_text())
        return {"tool": tool, "finished": False, "budget_s": budget_s, "progress": last}
    if proc.returncode != 0:
        tail = log.read_text()[-4000:]
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    record = json.loads(result.read_text())
    result.unlink()
    record["finished"] = True
    return record


def configurations(args):
    """The timed configurations: ``(epochs, n_nodes, sksg repeats)``, in running order."""
    configs = [(args.epochs, n, args.repeats if n <= MAX_REPEATED_SIZE else 1) for n in args.sizes]
    configs += [(e, n, args.extra_repeats) for e in args.extra_epochs for n in args.extra_sizes]
    return configs


def run_timing(args, machine):
    records = []
    stopped = {}  # epochs -> the size at which the reference did not finish
    for epochs, n, repeats in configurations(args):
        path = args.workdir / f"ba-{n}.npz"
        if not path.exists():
            tic = time.perf_counter()
            edges = ba_edges(n)
            save_edges(path, edges, n)
            print(f"graph: {n:,} nodes, {len(edges):,} edges ({time.perf_counter() - tic:.1f} s)")
        n_edges = int(load_edges(path)[0].shape[0])
        print(f"{epochs} epoch(s), {n:,} nodes:", flush=True)
        for r in range(max(repeats, args.baseline_repeats)):
            for tool in harness.rotated(TOOLS, r + args.repeat_offset):
                if tool == "sksg" and r >= repeats:
                    continue
                if tool == "reference" and (r >= args.baseline_repeats or epochs in stopped):
                    continue
                options = {
                    "graph-file": path,
                    "n-threads": args.threads,
                    "seed": r + args.repeat_offset,
                    "epochs": epochs,
                }
                budget = args.budget * 60 if tool == "reference" else None
                rec = run_child(args, "fit", tool, options, budget)
                rec.update(n_nodes=n, n_edges=n_edges, repeat=r + args.repeat_offset)
                rec.update(epochs=epochs, invocation=args.invocation)
                records.append(rec)
                print(describe_run(rec), flush=True)
                if tool == "reference" and not rec["finished"]:
                    stopped[epochs] = n
    return records


def describe_run(rec):
    head = f"  {rec['tool']:9s} n={rec['n_nodes']:>7,} repeat {rec['repeat']}: "
    if not rec["finished"]:
        return head + "stopped: " + progress_text(rec)
    phases = ", ".join(f"{k} {v:.1f}" for k, v in rec["phases"].items())
    return head + f"{rec['total_s']:.1f} s ({phases}), peak {rec['peak_mib']:.0f} MiB"


def progress_text(rec):
    p = rec["progress"]
    text = f"did not finish in {rec['budget_s'] / 60:.0f} min; in phase '{p['phase']}'"
    if p.get("total"):
        text += f" at {p['done']:,} of {p['total']:,} ({p['done'] / p['total']:.0%})"
    done = {k: v for k, v in p["phases_s"].items() if k != "structure"}
    if done:
        text += " after " + ", ".join(f"{k} {v:.0f} s" for k, v in done.items())
    return text


def run_quality(args):
    edges = mirrored_karate_edges()
    n = 2 * KARATE_NODES
    path = args.workdir / "karate-mirrored.npz"
    save_edges(path, edges, n)
    runs = []
    for tool in TOOLS:
        options = {
            "graph-file": path,
            "n-threads": args.threads,
            "seeds": ",".join(map(str, args.seeds)),
        }
        out = run_child(args, "quality", tool, options)
        runs += out["runs"]
        for row in out["runs"]:
            print(
                f"  {tool:9s} n_compared={row['n_compared']} seed {row['seed']}: "
                f"mirror share {row['mirror_share']:.3f}",
                flush=True,
            )
    return {"n_nodes": n, "n_edges": int(len(edges)), "seeds": list(args.seeds), "runs": runs}


# -- summaries and markdown ------------------------------------------------------------


def summarize(records):
    """Per (epochs, size): medians per tool, speed-up and memory ratio (``"e=1,n=1000"`` keys)."""
    out = {}
    for epochs, n in sorted({(r["epochs"], r["n_nodes"]) for r in records}):
        row = {"epochs": epochs, "n_nodes": n}
        for tool in TOOLS:
            recs = [
                r
                for r in records
                if r["n_nodes"] == n and r["epochs"] == epochs and r["tool"] == tool
            ]
            if not recs:
                continue
            row["n_edges"] = recs[0]["n_edges"]
            done = [r for r in recs if r["finished"]]
            t = {"runs": len(recs), "finished": len(done)}
            if done:
                t["total_s"] = statistics.median(r["total_s"] for r in done)
                t["total_min_s"] = min(r["total_s"] for r in done)
                t["total_max_s"] = max(r["total_s"] for r in done)
                t["peak_mib"] = statistics.median(r["peak_mib"] for r in done)
                t["baseline_rss_mib"] = statistics.median(r["baseline_rss_mib"] for r in done)
                names = done[0]["phases"].keys()
                t["phases"] = {p: statistics.median(r["phases"][p] for r in done) for p in names}
                t["n_context_edges"] = done[0]["n_context_edges"]
                t["n_tokens"] = statistics.median(r["n_tokens"] for r in done)
            else:
                t["stopped"] = progress_text(recs[0])
                t["budget_s"] = recs[0]["budget_s"]
            row[tool] = t
        sk, ref = row.get("sksg"), row.get("reference")
        if sk and ref and "total_s" in sk:
            if "total_s" in ref:
                row["speedup"] = ref["total_s"] / sk["total_s"]
                row["memory_ratio"] = ref["peak_mib"] / sk["peak_mib"]
            else:
                row["speedup_at_least"] = ref["budget_s"] / sk["total_s"]
        out[f"e={epochs},n={n}"] = row
    return out


def summarize_quality(quality):
    out = {}
    keys = sorted(
        {(r["epochs"], r["n_compared"]) for r in quality["runs"]},
        key=lambda k: (k[0], k[1] is None, k[1]),
    )
    for epochs, compared in keys:
        for tool in TOOLS:
            shares = [
                r["mirror_share"]
                for r in quality["runs"]
                if r["tool"] == tool and r["n_compared"] == compared and r["epochs"] == epochs
            ]
            if shares:
                out[f"{tool},e={epochs},c={compared}"] = {
                    "tool": tool,
                    "epochs": epochs,
                    "n_compared": compared,
                    "median": statistics.median(shares),
                    "min": min(shares),
                    "max": max(shares),
                    "mean": statistics.fmean(shares),
                    "shares": shares,
                }
    return out


def fmt_s(x):
    return f"{x:.1f} s" if x < 600 else f"{x / 60:.1f} min"


def sksg_time(t):
    if "total_s" not in t:
        return "n/a"
    if t["runs"] == 1:
        return fmt_s(t["total_s"])
    return f"{fmt_s(t['total_s'])} ({fmt_s(t['total_min_s'])}-{fmt_s(t['total_max_s'])})"


def timing_tables(summary):
    rows, phase_rows = [], []
    for row in summary.values():
        sk, ref = row.get("sksg", {}), row.get("reference")
        if ref is None:
            ref_time, ratio = "not run (a smaller graph did not finish)", "n/a"
        elif "total_s" in ref:
            ref_time, ratio = sksg_time(ref), fmt_ratio(row["speedup"])
        else:
            ref_time = f"did not finish in {ref['budget_s'] / 60:.0f} min"
            ratio = f"> {row['speedup_at_least']:.1f}x"
        ref_mem = f"{ref['peak_mib']:.0f} MiB" if ref and "peak_mib" in ref else "n/a"
        rows.append(
            [
                f"{row['n_nodes']:,}",
                f"{row['n_edges']:,}",
                row["epochs"],
                f"{sk.get('runs', 0)} / {ref['runs'] if ref else 0}",
                sksg_time(sk),
                ref_time,
                ratio,
                f"{sk.get('peak_mib', 0):.0f} MiB / {ref_mem}",
                fmt_ratio(row.get("memory_ratio")),
            ]
        )
        for tool in TOOLS:
            t = row.get(tool)
            if not t:
                continue
            head = [f"{row['n_nodes']:,}", row["epochs"], TOOL_NAMES[tool]]
            if "phases" not in t:
                phase_rows.append(head + ["", "", "", t["stopped"], ""])
                continue
            ph = t["phases"]
            detail = ", ".join(f"{k} {v:.2f}" for k, v in ph.items() if k != "structure")
            phase_rows.append(
                head
                + [
                    f"{ph.get('structure', 0):.2f}",
                    f"{ph.get('walks', 0):.2f}",
                    f"{ph.get('training', 0):.2f}",
                    detail,
                    f"{t['n_context_edges']:,}",
                ]
            )
    return rows, phase_rows


def aim_text(summary, epochs):
    ten = summary.get(f"e={epochs},n=10000")
    if not ten or "total_s" not in ten.get("sksg", {}):
        return None
    t10 = ten["sksg"]["total_s"]
    if "speedup" in ten:
        sp_text, sp_met = f"{ten['speedup']:.1f}x", ten["speedup"] >= 50
    elif "speedup_at_least" in ten:
        sp_text = (
            f"more than {ten['speedup_at_least']:.0f}x (the reference did not finish in "
            f"{ten['reference']['budget_s'] / 60:.0f} min)"
        )
        sp_met = ten["speedup_at_least"] >= 50
    else:
        sp_text, sp_met = "not measured", False
    return (
        f"{epochs} epoch(s): sksg {t10:.1f} s, {'met' if t10 < 60 else 'not met'}; "
        f"speed-up {sp_text}, {'met' if sp_met else 'not met'}"
    )


def render_markdown(results):
    m, s = results["machine"], results["settings"]
    b = m.get("baseline", {})
    p = PARAMS
    parts = [
        "Graphs: `networkx.barabasi_albert_graph(n, 3, seed=0)`. Settings for both tools: "
        f"{p['n_layers']} layers (OPT3), compressed degree sequences (OPT1), each node "
        "compared with the `2 ceil(log2 n)` nodes nearest in degree order (OPT2), stay "
        f"probability {p['stay_probability']}, {p['walks_per_node']} walks of "
        f"{p['walk_length']} nodes per node, {p['n_components']} dimensions, window "
        f"{p['window']}, {p['negative']} negatives, sample max(1e-3, 1/n), "
        f"{s['threads'][0]} threads; {s['epochs']} epoch (sksg's default) and "
        f"{', '.join(map(str, s['extra_epochs']))} (the reference implementation's) at "
        f"{', '.join(f'{n:,}' for n in s['extra_sizes'])} nodes. Baseline: no struc2vec "
        "installs from the package index, so it is the plain paper algorithm in pure "
        "Python in this script (networkx graph, exact DTW, forked worker processes) with "
        f"gensim `Word2Vec(sg=1, hs=0)`. Machine: {m['cpu']}, {m['nproc']} CPUs; sksg "
        f"{m['sksg']} (numba {m['numba']}, numpy {m['numpy']}); reference under Python "
        f"{b.get('python')}, gensim {b.get('gensim')}, networkx {b.get('networkx')}, "
        f"numpy {b.get('numpy')}.",
    ]
    summary = results.get("summary")
    if summary:
        rows, phase_rows = timing_tables(summary)
        parts += [
            "",
            "**End to end** (graph in memory to vectors), wall time: median of the runs "
            "(min-max); speed-up = reference / sksg. Memory: "
            "peak resident memory during the fit minus the resident size before it (the "
            "reference's worker processes' private memory added).",
            "",
            md_table(
                [
                    "nodes",
                    "edges",
                    "epochs",
                    "runs sksg / reference",
                    "sksg",
                    "reference",
                    "speed-up",
                    "memory sksg / reference",
                    "memory ratio",
                ],
                rows,
            ),
            "",
            "**Phases** (seconds, medians): sksg's from `fit_times_` (`'walks'` is the pass "
            "that counts the nodes of the walks, which `'training'` generates again block "
            "by block); the reference's structure is rings + pairs + distances + the "
            "multilayer graph. Multilayer edges: compared pairs summed over the layers "
            "where both rings exist.",
            "",
            md_table(
                [
                    "nodes",
                    "epochs",
                    "tool",
                    "structure",
                    "walks",
                    "training",
                    "all phases",
                    "multilayer edges",
                ],
                phase_rows,
            ),
        ]
        aims = [a for a in (aim_text(summary, e) for e in [s["epochs"], *s["extra_epochs"]]) if a]
        if aims:
            parts += [
                "",
                "**Aim** (10,000 nodes end to end in under a minute on 2 cores, at least 50x "
                "the public implementation): " + "; ".join(aims) + ".",
            ]
    quality = results.get("quality")
    if quality:
        rows = [
            [
                TOOL_NAMES[q["tool"]],
                q["epochs"],
                "all pairs" if q["n_compared"] is None else f"{q['n_compared']} (OPT2)",
                f"{q['median']:.3f}",
                f"{q['min']:.3f}-{q['max']:.3f}",
                ", ".join(f"{x:.2f}" for x in q["shares"]),
            ]
            for q in quality["summary"].values()
        ]
        parts += [
            "",
            "**Quality**: mirrored karate network (68 nodes, two copies of the karate club "
            "joined by one edge), share of nodes whose cosine-nearest other node is their "
            f"mirror image (chance 1/67 = 0.015), seeds {', '.join(map(str, quality['seeds']))}.",
            "",
            md_table(["tool", "epochs", "nodes compared", "median", "min-max", "per seed"], rows),
        ]
    parts += harness.footnotes(results)
    files = s.get("sksg_files_changed_during_run")
    if files:
        parts.append(f"Files edited during the run: {', '.join(f'`sksg/{f}`' for f in files)}.")
    return "\n".join(parts) + "\n"


# -- command line ----------------------------------------------------------------------


def source_hashes():
    """SHA-256 of each of sksg's Python sources, to name the files edited during a run."""
    import hashlib

    import sksg

    root = Path(sksg.__file__).parent
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*.py"))
    }


def run_benchmark(args):
    hashes = source_hashes()
    machine = harness.machine_info(dists=("networkx", "scipy"))
    machine["baseline_python"] = str(args.baseline_python)
    harness.warn_threads(machine, [args.threads])
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    with tempfile.TemporaryDirectory(prefix="bench-s2v-") as workdir:
        args.workdir = Path(workdir)
        machine["baseline"] = run_child(args, "versions", "reference", {})
        machine["baseline"].pop("finished", None)
        results = {"machine": machine}
        args.invocation, args.repeat_offset = 0, 0
        if args.append and previous.get("runs"):
            args.invocation = 1 + max(r.get("invocation", 0) for r in previous["runs"])
            args.repeat_offset = 1 + max(r["repeat"] for r in previous["runs"])
        if args.part in ("all", "timing"):
            records = run_timing(args, machine)
            if args.append:
                records = previous.get("runs", []) + records
            results["runs"] = records
            results["summary"] = summarize(records)
        elif "runs" in previous:
            results.update(runs=previous["runs"], summary=previous["summary"])
            machine["timing_machine"] = previous["machine"]
            results["timing_settings"] = previous["settings"]
        if args.part in ("all", "quality"):
            quality = run_quality(args)
            quality["summary"] = summarize_quality(quality)
            quality["date"] = harness.now()
            results["quality"] = quality
        elif "quality" in previous:
            results["quality"] = previous["quality"]
    changed = harness.sources_changed(machine)
    after = source_hashes()
    changed_files = sorted(f for f in hashes.keys() | after.keys() if hashes.get(f) != after.get(f))
    settings = {
        "params": PARAMS,
        "sizes": list(args.sizes),
        "epochs": args.epochs,
        "extra_epochs": list(args.extra_epochs),
        "extra_sizes": list(args.extra_sizes),
        "extra_repeats": args.extra_repeats,
        "quality_epochs": list(QUALITY_EPOCHS),
        "graph": f"networkx.barabasi_albert_graph(n, {BA_EDGES_PER_NODE}, seed={GRAPH_SEED})",
        "n_compared": {str(n): n_compared_for(n) for n in args.sizes},
        "sample": {str(n): sample_for(n) for n in args.sizes},
        "repeats": args.repeats,
        "repeats_above_10k": 1,
        "baseline_repeats": args.baseline_repeats,
        "budget_min": args.budget,
        "threads": [args.threads],
        "part": args.part,
        "quick": args.quick,
        "baseline": "plain-Python struc2vec in this script + gensim Word2Vec (no struc2vec "
        "on the package index)",
        "rss_sample_interval_s": harness.SAMPLE_EVERY,
        "tree_sample_interval_s": TREE_SAMPLE_EVERY,
        "sksg_sources_changed_during_run": changed,
        "sksg_files_changed_during_run": changed_files,
        "date": harness.now(),
    }
    if args.append and "settings" in previous:
        earlier = previous["settings"].pop("earlier_invocations", [])
        settings["earlier_invocations"] = earlier + [previous["settings"]]
        for old in settings["earlier_invocations"]:
            settings["sksg_sources_changed_during_run"] |= old["sksg_sources_changed_during_run"]
            files = set(settings["sksg_files_changed_during_run"])
            files |= set(old.get("sksg_files_changed_during_run", []))
            settings["sksg_files_changed_during_run"] = sorted(files)
        settings["epochs"] = previous["settings"]["epochs"]
        settings["extra_epochs"] = previous["settings"]["extra_epochs"]
        settings["extra_sizes"] = previous["settings"]["extra_sizes"]
    results["settings"] = settings
    return results


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark sksg's Struc2VecEmbedder against a plain-Python struc2vec."
    )
    parser.add_argument(
        "--sizes",
        type=harness.int_list,
        default=list(SIZES),
        help="comma-separated node counts (default: 1000,10000,100000)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="sksg runs per size up to 10k")
    parser.add_argument("--baseline-repeats", type=int, default=1, help="reference runs per size")
    parser.add_argument(
        "--budget", type=float, default=20.0, help="minutes before a reference fit is stopped"
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="epochs of the main runs")
    parser.add_argument(
        "--extra-epochs",
        type=harness.int_list,
        default=[EXTRA_EPOCHS],
        help="further epoch counts, timed at --extra-sizes (default: 5)",
    )
    parser.add_argument(
        "--extra-sizes", type=harness.int_list, default=list(EXTRA_SIZES), help="default: 10000"
    )
    parser.add_argument("--extra-repeats", type=int, default=1, help="sksg runs of the extras")
    parser.add_argument("--part", choices=("all", "timing", "quality"), default="all")
    parser.add_argument(
        "--baseline-python",
        type=Path,
        default=Path(DEFAULT_BASELINE_PYTHON),
        help="interpreter with networkx and gensim (default: %(default)s)",
    )
    parser.add_argument(
        "--append",
        action="store_true",
        help="with --part timing: add the runs to those of --out (medians over all)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke test: small graphs, 1 run")
    parser.add_argument("--out", type=Path, default=None)
    # Hidden options of the child processes.
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--tool", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--graph-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-threads", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument(
        "--seeds", type=harness.int_list, default=list(MIRROR_SEEDS), help=argparse.SUPPRESS
    )
    parser.add_argument("--progress", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return args
    if args.quick:
        args.sizes, args.repeats, args.budget = list(QUICK_SIZES), 1, min(args.budget, 5.0)
        args.extra_sizes = [QUICK_SIZES[-1]]
        args.seeds = [0]
    if args.out is None:
        args.out = harness.default_out("struc2vec", args.quick)
    if args.repeats < 1 or args.baseline_repeats < 0:
        parser.error("need --repeats >= 1 and --baseline-repeats >= 0")
    if not Path(args.baseline_python).exists():
        parser.error(
            f"--baseline-python {args.baseline_python} not found; create it with: "
            "python3 -m venv .venv-s2v && .venv-s2v/bin/pip install gensim networkx"
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
