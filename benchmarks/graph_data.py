"""The graph benchmarks' data and scoring: a planted-partition graph, node classification.

Shared by ``bench_graph.py`` (sksg against PecanPy + gensim) and
``bench_graph_hs.py`` (hierarchical softmax, sksg against gensim on the same
walks). Imports only numpy at module level: ``bench_graph.py``'s PecanPy
children import it under another interpreter.
"""

import time
from pathlib import Path

import numpy as np

GRAPH_PARAMS = dict(n_nodes=100_000, n_edges=1_000_000, n_blocks=50, cross=0.3, seed=0)
QUICK_GRAPH = dict(n_nodes=5_000, n_edges=50_000)
WARMUP_GRAPH = dict(n_nodes=500, n_edges=5_000, n_blocks=10, cross=0.5, seed=1)
CLF_SEED = 0
WALK_SEED = 0


def make_planted_partition(n_nodes, n_edges, n_blocks, cross, seed):
    """A planted-partition graph: ``(u, v)`` edge arrays (``u < v``) and block labels.

    Nodes get blocks of equal size (up to one node) at random. Edges are drawn
    until ``n_edges`` distinct ones exist: a uniform node ``u``, then with
    probability ``cross`` a uniform node of another uniform block, otherwise a
    uniform node of ``u``'s block; self-loops and repeated edges are dropped,
    and a uniform subset of exactly ``n_edges`` edges is kept.
    """
    if n_edges > n_nodes * (n_nodes - 1) // 2 // 2:
        raise ValueError("too many edges for the number of nodes")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n_nodes) % n_blocks)
    members = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels, minlength=n_blocks)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    keys = np.empty(0, dtype=np.int64)
    while keys.size < n_edges:
        m = int((n_edges - keys.size) * 1.05) + 1000
        u = rng.integers(0, n_nodes, m)
        block = labels[u]
        other = rng.random(m) < cross
        block[other] = (block[other] + rng.integers(1, n_blocks, int(other.sum()))) % n_blocks
        v = members[starts[block] + rng.integers(0, sizes[block])]
        keep = u != v
        lo = np.minimum(u, v)[keep].astype(np.int64)
        hi = np.maximum(u, v)[keep].astype(np.int64)
        keys = np.unique(np.concatenate([keys, lo * n_nodes + hi]))
    keys = np.sort(rng.choice(keys, n_edges, replace=False))
    return keys // n_nodes, keys % n_nodes, labels


def adjacency(u, v, n_nodes):
    """The symmetric scipy CSR adjacency array (weights 1, sorted indices) of the edges."""
    import scipy.sparse as sp

    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    A = sp.csr_array((np.ones(rows.size), (rows, cols)), shape=(n_nodes, n_nodes))
    A.sort_indices()
    return A


def summary(A, u, v, labels, n_blocks):
    """Sizes, degrees and the fraction of edges across blocks."""
    degrees = np.diff(A.indptr)
    return {
        "n_nodes": A.shape[0],
        "n_edges": int(u.size),
        "n_blocks": n_blocks,
        "cross_block_edge_fraction": float(np.mean(labels[u] != labels[v])),
        "mean_degree": float(degrees.mean()),
        "min_degree": int(degrees.min()),
        "max_degree": int(degrees.max()),
    }


def write_graph(params, workdir, scipy_name, pecanpy_name=None, edgelist_name=None):
    """Generate a graph and save it: a scipy ``.npz`` (``scipy.sparse.save_npz``),
    optionally PecanPy's CSR ``.npz`` and a tab-separated edge list.

    Returns the block labels and :func:`summary`.
    """
    import scipy.sparse as sp

    u, v, labels = make_planted_partition(**params)
    A = adjacency(u, v, params["n_nodes"])
    sp.save_npz(Path(workdir) / scipy_name, A, compressed=False)
    if pecanpy_name:
        np.savez(
            Path(workdir) / pecanpy_name,
            indptr=A.indptr.astype(np.uint32),
            indices=A.indices.astype(np.uint32),
            data=np.ones(A.nnz, dtype=np.float32),
        )
    if edgelist_name:
        np.savetxt(Path(workdir) / edgelist_name, np.column_stack([u, v]), fmt="%d", delimiter="\t")
    return labels, summary(A, u, v, labels, params["n_blocks"])


def load_scipy(path):
    import scipy.sparse as sp

    return sp.csr_array(sp.load_npz(path))


def describe(g):
    """One sentence on the graph, for the markdown reports."""
    return (
        f"Graph: planted partition, {g['n_nodes']:,} nodes, {g['n_edges']:,} undirected "
        f"edges (mean degree {g['mean_degree']:.1f}, min {g['min_degree']}, max "
        f"{g['max_degree']}), {g['n_blocks']} blocks, {g['cross_block_edge_fraction']:.0%} "
        "of the edges across blocks."
    )


def print_graph(g, seconds):
    print(
        f"graph: {g['n_nodes']:,} nodes, {g['n_edges']:,} edges, "
        f"{g['n_blocks']} blocks, {g['cross_block_edge_fraction']:.1%} of the edges "
        f"across blocks, degrees {g['min_degree']}-{g['max_degree']} ({seconds:.1f} s)",
        flush=True,
    )


def classify(vectors, labels, max_train, split_seed=CLF_SEED, unscaled=True):
    """Accuracy and macro-F1 of logistic regression, trained on a random half.

    The nodes are split in halves by a permutation drawn with ``split_seed``;
    the classifier trains on (at most ``max_train`` nodes of) the first and is
    tested on the second. The main figures standardise the features first
    (``StandardScaler``): with its default regularisation, logistic regression
    on the raw vectors of short trainings predicts a single class. With
    ``unscaled``, the raw-feature figures are recorded too
    (``accuracy_unscaled``, ``macro_f1_unscaled``).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    perm = np.random.default_rng(split_seed).permutation(labels.shape[0])
    half = labels.shape[0] // 2
    train, test = perm[:half][:max_train], perm[half:]
    out = {"clf_train_size": int(train.size)}
    classifiers = [("", make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)))]
    if unscaled:
        classifiers.append(("_unscaled", LogisticRegression(max_iter=1000)))
    for name, clf in classifiers:
        tic = time.perf_counter()
        clf.fit(vectors[train], labels[train])
        pred = clf.predict(vectors[test])
        out[f"accuracy{name}"] = float(np.mean(pred == labels[test]))
        out[f"macro_f1{name}"] = float(f1_score(labels[test], pred, average="macro"))
        out[f"clf_s{name}"] = time.perf_counter() - tic
    return out


def add_graph_arguments(parser, walks_per_node=1):
    """The options of the graph and its walks: --nodes, --edges, --blocks, --cross,
    --walk-length, --walks-per-node, --clf-max-train."""
    parser.add_argument("--nodes", type=int, default=GRAPH_PARAMS["n_nodes"])
    parser.add_argument("--edges", type=int, default=GRAPH_PARAMS["n_edges"])
    parser.add_argument("--blocks", type=int, default=GRAPH_PARAMS["n_blocks"])
    parser.add_argument(
        "--cross",
        type=float,
        default=GRAPH_PARAMS["cross"],
        help="fraction of edges drawn across blocks (default: %(default)s)",
    )
    parser.add_argument("--walk-length", type=int, default=80, help="nodes per walk")
    parser.add_argument(
        "--walks-per-node",
        type=int,
        default=walks_per_node,
        help="walks started from every node (default: %(default)s, to fit the time budget)",
    )
    parser.add_argument(
        "--clf-max-train",
        type=int,
        default=None,
        help="cap on the classifier's training nodes (default: half the nodes, no cap)",
    )


def check_graph_arguments(parser, args):
    """After parsing: --quick sizes, ``args.graph``, the classifier cap, sanity checks."""
    if args.quick:
        args.nodes, args.edges = QUICK_GRAPH["n_nodes"], QUICK_GRAPH["n_edges"]
    args.graph = dict(
        GRAPH_PARAMS, n_nodes=args.nodes, n_edges=args.edges, n_blocks=args.blocks, cross=args.cross
    )
    if args.clf_max_train is None:
        args.clf_max_train = args.nodes // 2
    if args.walk_length < 2 or args.walks_per_node < 1:
        parser.error("need --walk-length >= 2, --walks-per-node >= 1")
    if not 0 <= args.cross <= 1 or args.blocks < 2 or args.nodes < 2 * args.blocks:
        parser.error("need 0 <= --cross <= 1, --blocks >= 2 and --nodes >= 2 * --blocks")
