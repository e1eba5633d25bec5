"""Graph inputs to one canonical form: CSR arrays plus node labels.

Accepted inputs (the caller's object is never modified):

- scipy sparse matrices and arrays of any format, square, with non-negative
  weights; row ``i`` lists the out-edges of node ``i``, and the node labels are
  ``0 .. n - 1``. A dense adjacency matrix can be wrapped in
  ``scipy.sparse.csr_array``;
- networkx ``Graph`` / ``DiGraph`` (and multigraphs, whose parallel edges add
  up), with their node labels and the edge attribute ``weight`` (1 if absent);
- edge lists: a numpy array of shape (m, 2) or (m, 3) (source, target[,
  weight]), or a pandas DataFrame with ``source`` and ``target`` columns and
  an optional ``weight`` column. Node labels are the distinct values of the
  first two columns.

The canonical form has sorted column indices in every row (so "is ``x`` a
neighbour of ``t``" is a binary search), summed duplicate edges, and no
explicit zero weights.
"""

from collections import namedtuple

import numpy as np
import scipy.sparse as sp
from numba import njit, prange

from ._random import GOLDEN, mix64
from ._threads import NumbaThreads
from ._vocab import count_tokens, display

CSRGraph = namedtuple("CSRGraph", ["indptr", "indices", "weights", "labels", "directed"])
CSRGraph.__doc__ = """A graph as CSR arrays.

indptr : int64 (n + 1,); indices : int32 or int64 (nnz,), sorted within each
row; weights : float32 or float64 (nnz,), positive, or None when every edge
weighs 1 (unweighted graphs carry no weight array); labels : (n,), the node
labels, int64 when they are integers (``0 .. n - 1`` for a matrix), else
objects;
directed : bool, False when every edge is present in both directions with the
same weight (always the case for undirected inputs; a scipy matrix read as
given is undirected when it is symmetric).
"""


class GraphSummary:
    """A one-line stand-in for a graph in an estimator's ``repr``."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def graph_summary(graph):
    """A :class:`GraphSummary` of an array or DataFrame graph; None for other graphs.

    scipy and networkx graphs already have short ``repr``; an edge-list array
    or DataFrame would print every edge.
    """
    if isinstance(graph, np.ndarray):
        return GraphSummary(f"<edge list array of shape {graph.shape}, dtype {graph.dtype}>")
    if hasattr(graph, "columns") and hasattr(graph, "shape"):
        names = ", ".join(map(str, list(graph.columns)[:5]))
        return GraphSummary(
            f"<edge list {type(graph).__name__} of shape {tuple(graph.shape)}: {names}>"
        )
    return None


def _check_weights(w, what, cast=True):
    """Validated weights: float64 (the same array when it already is), or as given.

    Weights stored as text or Python objects (an object array of string node
    IDs and numbers) are accepted when every one parses as a number. With
    ``cast=False`` float32 and float64 weights are returned as they are.
    """
    w = np.asarray(w)
    if w.dtype.kind in "OSU":
        try:
            w = w.astype(np.float64)
        except (TypeError, ValueError):
            bad = next(x for x in w.tolist() if not _parses_as_number(x))
            raise ValueError(f"{what} must be numbers; {display(bad)} is not.") from None
    if w.dtype.kind not in "biuf":
        raise ValueError(f"{what} must be numbers, got dtype {w.dtype}.")
    if cast or w.dtype not in (np.float32, np.float64):
        w = w.astype(np.float64, copy=False)
    if w.size:  # min and max find NaN, infinity and negatives without temporaries
        lo, hi = w.min(), w.max()
        if not (np.isfinite(lo) and np.isfinite(hi)):
            raise ValueError(f"{what} contain NaN or infinity.")
        if lo < 0:
            raise ValueError(f"{what} must be non-negative; found {lo}.")
    return w


def _parses_as_number(x):
    try:
        float(x)
    except (TypeError, ValueError):
        return False
    return True


def _integer_labels(values):
    """Distinct node labels as an array: int64 when they are integers, else objects."""
    if (
        all(type(v) is int for v in values)
        and len(values)
        and -(2**63) <= min(values)
        and max(values) < 2**63
    ):
        return np.array(values, dtype=np.int64)
    labels = np.empty(len(values), dtype=object)
    labels[:] = values
    return labels


def _canonical_view(A):
    """``(indptr, indices, data)`` of a canonical CSR matrix, without a copy; or None.

    Canonical: CSR, sorted duplicate-free rows, int32 or int64 indices, float32
    or float64 weights, none of them zero. Such a matrix is read in place;
    ``to_csr`` then never writes to it.
    """
    if not (
        A.format == "csr"
        and A.dtype in (np.float32, np.float64)
        and A.indices.dtype in (np.int32, np.int64)
        and A.has_canonical_format
    ):
        return None
    data = _check_weights(A.data, "Edge weights", cast=False)
    if data.size and data.min() == 0:
        return None  # explicit zeros to drop: a private copy
    return A.indptr, A.indices, data


def _from_scipy(A):
    """A CSR array of the matrix (a private copy), or the arrays of a canonical one."""
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"An adjacency matrix must be square, got shape {A.shape}.")
    view = _canonical_view(A)
    if view is None:
        A = sp.csr_array(A, dtype=np.float64, copy=True)  # never touch the caller's matrix
        A.sum_duplicates()
        _check_weights(A.data, "Edge weights")
    return A, view, np.arange(A.shape[0], dtype=np.int64)


@njit(cache=True, nogil=True)
def _rows_symmetric(indptr, indices, data, weighted, first, last):
    """Whether every edge ``i -> j`` of rows ``first .. last - 1`` has its reverse.

    Of equal weight if ``weighted``. Needs sorted, duplicate-free rows; a
    binary search per edge, no copy.
    """
    for i in range(first, last):
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            lo = indptr[j]
            hi = indptr[j + 1]
            while lo < hi:
                mid = (lo + hi) >> 1
                if indices[mid] < i:
                    lo = mid + 1
                else:
                    hi = mid
            if lo == indptr[j + 1] or indices[lo] != i:
                return False
            if weighted and data[lo] != data[e]:
                return False
    return True


@njit(cache=True, nogil=True, parallel=True)
def _symmetric_parts(indptr, indices, data, weighted, bounds, ok):
    """:func:`_rows_symmetric` of the row ranges ``bounds[c] .. bounds[c + 1]``, in parallel.

    (One thread checks the whole matrix with :func:`_rows_symmetric` directly,
    stopping at the first edge without its reverse.)
    """
    for c in prange(ok.shape[0]):
        ok[c] = _rows_symmetric(indptr, indices, data, weighted, bounds[c], bounds[c + 1])


#: Stored entries per part of the parallel symmetry check.
_SYMMETRY_PART = 1 << 20


def _is_symmetric(indptr, indices, data, weighted, n_threads=1):
    """Whether every edge has its reverse (of equal weight if ``weighted``).

    On ``n_threads`` threads, in parts of about a million stored entries (a
    binary search each: at 100M entries the check takes a minute on one
    thread).
    """
    n = indptr.shape[0] - 1
    nnz = int(indptr[-1])
    if n_threads <= 1 or nnz <= _SYMMETRY_PART:
        return bool(_rows_symmetric(indptr, indices, data, weighted, 0, n))
    cuts = np.linspace(0, nnz, -(-nnz // _SYMMETRY_PART) + 1)
    bounds = np.unique(np.searchsorted(indptr, cuts, side="left").clip(0, n))
    bounds[0], bounds[-1] = 0, n
    ok = np.zeros(bounds.shape[0] - 1, dtype=np.bool_)
    with NumbaThreads(n_threads):
        _symmetric_parts(indptr, indices, data, weighted, bounds, ok)
    return bool(ok.all())


def _from_networkx(G):
    import networkx as nx

    nodes = list(G.nodes)
    if not nodes:
        raise ValueError("The graph is empty: it has no nodes.")
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight="weight", format="csr", dtype=float)
    A = sp.csr_array(A)
    A.data = _check_weights(A.data, "Edge weights")
    return A, None, _integer_labels(nodes)


def _from_edges(source, target, weight):
    if len(source) == 0:
        raise ValueError("The edge list is empty: the graph has no nodes.")
    source = np.asarray(source)
    target = np.asarray(target)
    pairs = np.column_stack([source, target]) if source.dtype == target.dtype else None
    if pairs is not None and pairs.dtype.kind in "biuf":
        if pairs.dtype.kind == "f":
            if not np.all(np.isfinite(pairs)):
                raise ValueError("The edge list contains NaN or infinite node IDs.")
            if np.all(pairs == np.round(pairs)):  # integer IDs in a float (m, 3) array
                pairs = pairs.astype(np.int64)
        uniq, inverse = np.unique(pairs, return_inverse=True)
        inverse = inverse.reshape(-1, 2)
        if uniq.dtype.kind in "iub" and (uniq.size == 0 or int(uniq[-1]) < 2**63):
            labels = uniq.astype(np.int64)
        else:
            labels = np.empty(len(uniq), dtype=object)
            labels[:] = uniq.tolist()
    else:
        rows = [[s, t] for s, t in zip(source.tolist(), target.tolist(), strict=True)]
        tokens, _, ids, _ = count_tokens(rows)
        inverse = ids.reshape(-1, 2)
        labels = _integer_labels(tokens)
        if labels.dtype.kind == "i" and np.any(labels[1:] <= labels[:-1]):
            labels = labels.astype(object)  # first appearance order, not sorted
    n = len(labels)
    w = np.ones(len(source)) if weight is None else _check_weights(weight, "Edge weights")
    A = sp.csr_array((w, (inverse[:, 0], inverse[:, 1])), shape=(n, n))
    A.sum_duplicates()
    return A, None, labels


def _edge_list_columns(graph):
    """Split an (m, 2) / (m, 3) array or a DataFrame into its columns."""
    if hasattr(graph, "columns"):
        missing = {"source", "target"} - set(graph.columns)
        if missing:
            raise ValueError(
                "An edge-list DataFrame needs 'source' and 'target' columns (and "
                f"optionally 'weight'); missing {sorted(missing)}."
            )
        weight = graph["weight"].to_numpy() if "weight" in graph.columns else None
        return graph["source"].to_numpy(), graph["target"].to_numpy(), weight
    edges = np.asarray(graph)
    if edges.ndim != 2 or edges.shape[1] not in (2, 3):
        raise ValueError(
            "A numpy graph must be an edge list of shape (m, 2) or (m, 3), got shape "
            f"{edges.shape}. Pass an adjacency matrix as a scipy sparse matrix "
            "(e.g. scipy.sparse.csr_array(A))."
        )
    weight = edges[:, 2] if edges.shape[1] == 3 else None
    return edges[:, 0], edges[:, 1], weight


def _is_networkx(graph):
    return type(graph).__module__.startswith("networkx") and hasattr(graph, "is_directed")


def _all_ones(data):
    return data is None or data.size == 0 or (data.min() == 1 and data.max() == 1)


def to_csr(graph, directed=None, weighted=True, n_threads=1):
    """Convert a supported graph to a :class:`CSRGraph`.

    Parameters
    ----------
    graph : scipy sparse matrix/array, networkx graph, ndarray or DataFrame
        See the module docstring.
    directed : bool or None
        None takes the graph as given: networkx graphs say whether they are
        directed, sparse matrices are read row by row (a symmetric matrix is an
        undirected graph), edge lists are undirected. False makes every edge
        two-way (an edge in either direction links both; weights given in
        both directions add up; self-loops are counted once). True keeps edges
        one-way (edge lists are read source -> target).
    weighted : bool
        False gives every edge weight 1.
    n_threads : int
        Threads for the symmetry check of a sparse matrix.

    A canonical CSR matrix (sorted duplicate-free rows, int32 or int64
    indices, float32 or float64 weights) that needs no change is not copied:
    the result holds views of its ``indices`` and ``data`` (only ``indptr``
    is copied if it is int32: 8 bytes per node). Unweighted graphs, and
    graphs whose weights are all 1, get ``weights=None``.
    """
    view = None
    if sp.issparse(graph):
        A, view, labels = _from_scipy(graph)
        default_directed = True
    elif _is_networkx(graph):
        A, view, labels = _from_networkx(graph)
        default_directed = graph.is_directed()
    elif isinstance(graph, np.ndarray) or hasattr(graph, "columns"):
        A, view, labels = _from_edges(*_edge_list_columns(graph))
        default_directed = False
    else:
        raise TypeError(
            "graph must be a scipy sparse adjacency matrix, a networkx graph, an "
            "(m, 2) or (m, 3) edge-list array or a DataFrame with source/target "
            f"columns; got {type(graph).__name__}."
        )
    if A.shape[0] == 0:
        raise ValueError("The graph is empty: it has no nodes.")
    as_given = directed is None
    directed = default_directed if as_given else directed
    if view is not None:  # the caller's arrays, read only
        indptr, indices, data = view
        if not weighted or _all_ones(data):
            data = None
    else:  # a private copy
        A.eliminate_zeros()
        A = sp.csr_array(A)
        if not A.has_sorted_indices:
            A.sort_indices()
        indptr, indices = A.indptr, A.indices
        data = None if not weighted or _all_ones(A.data) else A.data
    if not directed or (as_given and sp.issparse(graph)):
        symmetric = _is_symmetric(
            indptr, indices, data if data is not None else indices[:0], data is not None,
            n_threads,
        )  # fmt: skip
        if as_given and sp.issparse(graph):
            directed = not symmetric  # a symmetric matrix is an undirected graph
        elif not symmetric:  # link both ways
            n = indptr.shape[0] - 1
            ones = data if data is not None else np.ones(indices.shape[0])
            A = sp.csr_array((ones, indices, indptr), shape=(n, n), copy=False)
            # self-loops once, not twice (dia_array: diags_array needs scipy 1.11)
            loops = sp.dia_array((A.diagonal()[None, :], [0]), shape=A.shape)
            A = A + A.T.tocsr() - loops.tocsr()
            A.eliminate_zeros()
            A = sp.csr_array(A)
            A.sort_indices()
            indptr, indices = A.indptr, A.indices
            data = None if not weighted or _all_ones(A.data) else A.data
    if indices.shape[0] >= 2**31:
        raise ValueError("Graphs with 2**31 or more edges are not supported.")
    if indices.dtype not in (np.int32, np.int64):
        indices = indices.astype(np.int64)
    if data is not None and data.dtype not in (np.float32, np.float64):
        data = data.astype(np.float64)
    return CSRGraph(
        indptr.astype(np.int64, copy=False),
        indices,
        None if data is None else np.ascontiguousarray(data),
        labels,
        bool(directed),
    )


def graph_from_sequences(ids, offsets, n_nodes, directed=False):
    """The transition graph of integer sequences: consecutive ids are linked.

    Each occurrence of ``(u, v)`` at consecutive positions of a sequence adds
    1 to the weight of the edge u -> v (and v -> u unless ``directed``).
    """
    n = ids.shape[0]
    follows = np.ones(n, dtype=bool)
    follows[np.maximum(offsets[1:] - 1, 0)] = False  # last position of each sequence
    follows[n - 1 :] = False
    src = ids[:-1][follows[:-1]] if n else ids
    dst = ids[1:][follows[:-1]] if n else ids
    A = sp.csr_array((np.ones(src.shape[0]), (src, dst)), shape=(n_nodes, n_nodes))
    A.sum_duplicates()
    return A


@njit(cache=True, nogil=True)
def _adjacency_hashes(indptr, indices, weight_bits, rows, out):
    """``out[rows[u]]``: a hash of node ``u``'s out-edges (neighbour rows and weights)."""
    for u in range(indptr.shape[0] - 1):
        h = np.uint64(indptr[u + 1] - indptr[u])
        for k in range(indptr[u], indptr[u + 1]):
            edge = mix64(np.uint64(rows[indices[k]]) * GOLDEN) ^ weight_bits[k]
            h += mix64(edge)  # a sum: independent of the order of the edges
        out[rows[u]] = mix64(h)


def adjacency_hashes(csr, rows, n_rows):
    """One uint64 per row: a fingerprint of each node's edges, in row numbering.

    ``rows[u]`` is the row of the graph's node ``u``; rows of no node of the
    graph get the fingerprint of a node without edges. Two graphs give a node
    the same fingerprint when its out-edges go to the same rows with the same
    weights (up to 64-bit hash collisions).
    """
    out = np.full(n_rows, mix64(np.uint64(0)), dtype=np.uint64)
    weights = csr.weights if csr.weights is not None else np.ones(csr.indices.shape[0])
    bits = np.ascontiguousarray(weights, dtype=np.float64).view(np.uint64)
    _adjacency_hashes(csr.indptr, csr.indices, bits, np.asarray(rows, dtype=np.int64), out)
    return out


def relabel(csr, rows, n_rows):
    """``csr`` with node ``u`` moved to row ``rows[u]`` of a graph of ``n_rows`` nodes.

    Rows that no node moves to have no edges. Returns new arrays (the input
    is not modified), with indices sorted within rows.
    """
    rows = np.asarray(rows, dtype=np.int64)
    src = np.repeat(rows, np.diff(csr.indptr))
    weights = csr.weights if csr.weights is not None else np.ones(csr.indices.shape[0])
    A = sp.csr_array((weights, (src, rows[csr.indices])), shape=(n_rows, n_rows), dtype=np.float64)
    A.sort_indices()
    return CSRGraph(
        A.indptr.astype(np.int64),
        A.indices.astype(np.int32),
        None if csr.weights is None else np.ascontiguousarray(A.data, dtype=np.float64),
        None,
        csr.directed,
    )


def within_hops(csr, seeds, radius):
    """The nodes at most ``radius`` edges from ``seeds``, either way along edges.

    Returns a boolean mask over the nodes.
    """
    n = csr.indptr.shape[0] - 1
    reached = np.zeros(n, dtype=bool)
    reached[seeds] = True
    if radius == 0 or not reached.any():
        return reached
    A = sp.csr_array((np.ones(csr.indices.shape[0]), csr.indices, csr.indptr), shape=(n, n))
    if csr.directed:
        A = A + A.T
    frontier = reached.copy()
    for _ in range(radius):
        step = (A @ frontier.astype(np.float64)) > 0
        frontier = step & ~reached
        if not frontier.any():
            break
        reached |= frontier
    return reached
