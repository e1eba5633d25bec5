"""Random walks on a CSR graph, written straight into the int32 corpus.

Three samplers share one kernel:

* uniform first-order walks (DeepWalk): the next node is a uniformly drawn
  out-neighbour;
* weighted first-order walks: the next node is drawn with probability
  proportional to the edge weight, in O(1) from a per-node alias table (one
  ``uint64`` per edge);
* node2vec second-order walks with return parameter ``p`` and in-out
  parameter ``q``: from ``v``, having come from ``t``, a neighbour ``x`` is
  drawn with probability proportional to ``alpha(t, x) * w(v, x)``, where
  ``alpha`` is ``1 / p`` if ``x == t``, 1 if ``x`` is an out-neighbour of ``t``,
  and ``1 / q`` otherwise. It is sampled exactly and on the fly by rejection
  (propose from the first-order distribution, accept with probability
  ``alpha / max(alpha)``), with a binary search in ``t``'s sorted neighbour
  list; memory is O(edges), not O(sum of squared degrees).

Walk ``r`` from node ``s`` draws from its own stream ``derive_key(seed, r, s)``,
so the walks do not depend on the number of threads or their scheduling. A
walk stops early at a node without out-edges (a dead end of a directed graph;
an isolated node gives a walk of length one).
"""

import numpy as np
from numba import njit, prange

from ._random import _LOW32, _S32, bounded32, derive_key, next64
from ._sampling import _build_alias

_WALK_STREAM = 0x57A1


@njit(cache=True, nogil=True)
def edge_alias_tables(indptr, weights):
    """Per-node alias tables over the out-edges, packed like ``alias_table``.

    Entry ``e`` of node ``v`` (``indptr[v] <= e < indptr[v + 1]``) holds the
    keep threshold in its upper 32 bits and the alias as an offset within the
    node's edges in its lower 32 bits.
    """
    table = np.empty(weights.shape[0], dtype=np.uint64)
    for v in range(indptr.shape[0] - 1):
        lo = indptr[v]
        hi = indptr[v + 1]
        if hi > lo:
            w = weights[lo:hi]
            table[lo:hi] = _build_alias(w / w.sum())
    return table


@njit(inline="always", cache=True)
def _step(indptr, indices, table, weighted, v, r):
    """One first-order step from ``v`` with the 64-bit draw ``r`` (-1: dead end)."""
    lo = indptr[v]
    deg = indptr[v + 1] - lo
    if deg == 0:
        return -1
    j = bounded32(r >> _S32, deg)
    if weighted:
        e = table[lo + j]
        if (r & _LOW32) >= (e >> _S32):
            j = np.int64(e & _LOW32)
    return np.int64(indices[lo + j])


@njit(inline="always", cache=True)
def _is_out_neighbour(indptr, indices, t, x):
    lo = indptr[t]
    hi = indptr[t + 1]
    while lo < hi:  # binary search in the sorted row of t
        mid = (lo + hi) >> 1
        if indices[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo < indptr[t + 1] and indices[lo] == x


@njit(cache=True, nogil=True)
def _walk(indptr, indices, table, weighted, p, q, key, start, out):
    """Fill ``out`` with one walk from ``start``; returns its length."""
    second_order = p != 1.0 or q != 1.0
    a_return = 1.0 / p
    a_out = 1.0 / q
    a_max = max(a_return, 1.0, a_out)
    state = key
    out[0] = start
    prev = -1
    v = np.int64(start)
    length = 1
    while length < out.shape[0]:
        state, r = next64(state)
        x = _step(indptr, indices, table, weighted, v, r)
        if x < 0:
            break
        if second_order and prev >= 0:
            while True:  # rejection sampling of the node2vec bias
                state, u = next64(state)
                coin = (np.float64(u >> np.uint64(11)) * (1.0 / 2.0**53)) * a_max
                if x == prev:
                    alpha = a_return
                elif coin < min(1.0, a_out):
                    break  # accepted whatever the neighbourhood: skip the search
                elif _is_out_neighbour(indptr, indices, prev, x):
                    alpha = 1.0
                else:
                    alpha = a_out
                if coin < alpha:
                    break
                state, r = next64(state)
                x = _step(indptr, indices, table, weighted, v, r)
        out[length] = x
        prev = v
        v = x
        length += 1
    return length


@njit(cache=True, nogil=True, parallel=True)
def _walks_parallel(indptr, indices, table, weighted, p, q, seed, starts, reps, out, lengths):
    for k in prange(starts.shape[0]):
        key = derive_key(seed, reps[k], starts[k] + _WALK_STREAM)
        lengths[k] = _walk(indptr, indices, table, weighted, p, q, key, starts[k], out[k])


@njit(cache=True, nogil=True)
def _walks_serial(indptr, indices, table, weighted, p, q, seed, starts, reps, out, lengths):
    for k in range(starts.shape[0]):
        key = derive_key(seed, reps[k], starts[k] + _WALK_STREAM)
        lengths[k] = _walk(indptr, indices, table, weighted, p, q, key, starts[k], out[k])


@njit(cache=True, nogil=True)
def _compact(out, lengths):
    """Move the walks of a padded (n_walks, walk_length) array to its front."""
    flat = out.reshape(-1)
    pos = 0
    L = out.shape[1]
    for k in range(out.shape[0]):
        for i in range(lengths[k]):
            flat[pos] = flat[k * L + i]
            pos += 1
    return pos


def walk_order(n_nodes, walks_per_node, seed):
    """Start nodes and repetition numbers, one shuffled pass per repetition.

    As in node2vec, every repetition visits all nodes in a fresh random order,
    so the corpus does not hold all walks of one node in a row.
    """
    starts = np.empty(n_nodes * walks_per_node, dtype=np.int64)
    reps = np.repeat(np.arange(walks_per_node, dtype=np.int64), n_nodes)
    for r in range(walks_per_node):
        rng = np.random.default_rng([seed, r, _WALK_STREAM])
        starts[r * n_nodes : (r + 1) * n_nodes] = rng.permutation(n_nodes)
    return starts, reps


def random_walks(indptr, indices, weights, walk_length, walks_per_node, p, q, seed, n_threads):
    """Generate all walks of a CSR graph as an integer corpus.

    Returns ``(ids, offsets)``: int32 node ids of all walks concatenated and
    int64 walk boundaries. Weighted sampling is used unless all weights are
    equal (then the uniform sampler gives the same distribution faster).
    """
    n_nodes = indptr.shape[0] - 1
    weighted = bool(weights.size and np.any(weights != weights[0]))
    table = edge_alias_tables(indptr, weights) if weighted else np.zeros(1, dtype=np.uint64)
    starts, reps = walk_order(n_nodes, walks_per_node, seed)
    out = np.empty((starts.shape[0], walk_length), dtype=np.int32)
    lengths = np.empty(starts.shape[0], dtype=np.int64)
    args = (indptr, indices, table, weighted, float(p), float(q), np.int64(seed), starts, reps)
    if n_threads > 1:
        _walks_parallel(*args, out, lengths)
    else:
        _walks_serial(*args, out, lengths)
    offsets = np.zeros(starts.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] == out.size:
        return out.reshape(-1), offsets
    total = _compact(out, lengths)
    return out.reshape(-1)[:total].copy(), offsets
