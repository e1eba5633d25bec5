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

from typing import NamedTuple

import numpy as np
from numba import njit, prange

from ._corpus import CorpusSource
from ._intrinsics import prefetch1
from ._numba import twins
from ._random import _LOW32, _S32, bounded32, derive_key, next64
from ._sampling import _build_alias

_WALK_STREAM = 0x57A1


class WalkSettings(NamedTuple):
    """What the walk kernels need to know, in fixed types (build with :meth:`create`)."""

    walk_length: np.int64  # nodes per walk (fewer at a dead end)
    p: np.float64  # node2vec's return parameter
    q: np.float64  # node2vec's in-out parameter
    weighted: bool  # draw by edge weight (an alias table per node)
    undirected: bool  # every edge is present both ways (a shortcut for node2vec)

    @classmethod
    def create(cls, *, walk_length, p, q, weighted, undirected):
        return cls(
            np.int64(walk_length), np.float64(p), np.float64(q), bool(weighted), bool(undirected)
        )


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


@njit(inline="always", cache=True)
def _next_node(indptr, indices, table, s, prev, v, state):
    """Draw the node after ``v`` (reached from ``prev``, -1 at the start).

    Returns ``(x, state)``; ``x`` is -1 at a dead end.
    """
    if (s.p == 1.0 and s.q == 1.0) or prev < 0:
        state, r = next64(state)
        return _step(indptr, indices, table, s.weighted, v, r), state
    a_return = 1.0 / s.p
    a_out = 1.0 / s.q
    if s.weighted:
        return _biased_weighted(indptr, indices, table, a_return, a_out, prev, v, state)
    return _biased_uniform(indptr, indices, s.undirected, a_return, a_out, prev, v, state)


@njit(inline="always", cache=True)
def _alpha(indptr, indices, a_return, a_out, prev, x, coin):
    """Whether ``coin`` accepts the move to ``x``: ``coin < alpha(prev, x)``."""
    if x == prev:
        return coin < a_return
    if coin < min(1.0, a_out):
        return True  # accepted whatever the neighbourhood: skip the search
    if _is_out_neighbour(indptr, indices, prev, x):
        return coin < 1.0
    return coin < a_out


@njit(inline="always", cache=True)
def _biased_weighted(indptr, indices, table, a_return, a_out, prev, v, state):
    """node2vec step by rejection: propose by weight, accept with ``alpha / max alpha``."""
    a_max = max(a_return, 1.0, a_out)
    while True:
        state, r = next64(state)
        x = _step(indptr, indices, table, True, v, r)
        if x < 0:
            return x, state
        state, u = next64(state)
        coin = (np.float64(u >> np.uint64(11)) * (1.0 / 2.0**53)) * a_max
        if _alpha(indptr, indices, a_return, a_out, prev, x, coin):
            return x, state


@njit(inline="always", cache=True)
def _biased_uniform(indptr, indices, undirected, a_return, a_out, prev, v, state):
    """node2vec step on an unweighted graph, by rejection with a tight envelope.

    Every out-neighbour gets an envelope of height ``b = max(1, 1 / q)``; when
    ``1 / p > b`` and ``prev`` is an out-neighbour of ``v``, the missing
    ``1 / p - b`` of the return move is a region of its own, taken without a
    test. One uniform draw ``u`` in ``[0, deg * b + extra)`` picks the
    neighbour (``u // b``) and the acceptance coin (``u mod b``) at once.
    Compared with the envelope ``max(1 / p, 1, 1 / q)`` for every neighbour,
    a small ``p`` no longer lowers the acceptance of all the other moves.
    """
    lo = indptr[v]
    deg = indptr[v + 1] - lo
    if deg == 0:
        return np.int64(-1), state
    b = max(1.0, a_out)
    main = deg * b
    extra = 0.0
    if a_return > b and (undirected or _is_out_neighbour(indptr, indices, v, prev)):
        extra = a_return - b
    total = main + extra
    while True:
        state, r = next64(state)
        u = (np.float64(r >> np.uint64(11)) * (1.0 / 2.0**53)) * total
        if u >= main:
            return np.int64(prev), state
        j = min(np.int64(u / b), deg - 1)
        x = np.int64(indices[lo + j])
        coin = u - j * b
        if x == prev and extra > 0.0:
            return x, state  # its envelope is part of 1 / p
        if _alpha(indptr, indices, a_return, a_out, prev, x, coin):
            return x, state


#: Walks advanced together by one thread. A step costs one or two cache misses
#: (the row of the current node, then the chosen edge); interleaving
#: independent walks lets the CPU wait for the misses of several at once.
GROUP = 16


@njit(cache=True, nogil=True)
def _walk_group(indptr, indices, table, s, seed, starts, reps, out, lengths, k0):
    """Fill rows ``k0 .. k0 + GROUP - 1`` of ``out`` (walks of ``starts``/``reps``).

    Each walk draws from its own stream ``derive_key(seed, rep, start)``, in
    the same order as if it were generated alone.
    """
    k1 = min(k0 + GROUP, starts.shape[0])
    g_count = k1 - k0
    state = np.empty(GROUP, dtype=np.uint64)
    v = np.empty(GROUP, dtype=np.int64)
    prev = np.empty(GROUP, dtype=np.int64)
    for g in range(g_count):
        k = k0 + g
        state[g] = derive_key(seed, reps[k], starts[k] + _WALK_STREAM)
        v[g] = starts[k]
        prev[g] = -1
        out[k, 0] = starts[k]
        lengths[k] = 1
    alive = g_count
    t = 1
    while t < out.shape[1] and alive > 0:
        for g in range(g_count):
            k = k0 + g
            if lengths[k] != t:
                continue  # stopped at a dead end
            x, state[g] = _next_node(indptr, indices, table, s, prev[g], v[g], state[g])
            if x < 0:
                alive -= 1
                continue
            prefetch1(indptr, x)  # the next step reads x's row bounds
            out[k, t] = x
            lengths[k] = t + 1
            prev[g] = v[g]
            v[g] = x
        t += 1


def _walk_groups(indptr, indices, table, s, seed, starts, reps, out, lengths):
    """All walks of ``starts``/``reps``, a group of :data:`GROUP` at a time."""
    for i in prange((starts.shape[0] + GROUP - 1) // GROUP):
        _walk_group(indptr, indices, table, s, seed, starts, reps, out, lengths, i * GROUP)


_walks_serial, _walks_parallel = twins(_walk_groups)


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
        starts[r * n_nodes : (r + 1) * n_nodes] = _repetition_order(n_nodes, seed, r)
    return starts, reps


def _repetition_order(n_nodes, seed, r):
    return np.random.default_rng([seed, r, _WALK_STREAM]).permutation(n_nodes)


class RandomWalks(CorpusSource):
    """The random walks of a CSR graph, a corpus source generated on demand.

    The walks are a pure function of the graph, the walk settings and
    ``seed``: every pass over them (:meth:`blocks`) yields the same walks, in
    the same blocks, whatever the number of threads. So they need not be
    kept: training regenerates them block by block each epoch, in memory
    ``O(block)`` instead of ``O(all walks)``.

    Weighted sampling is used unless all weights are equal (then the uniform
    sampler gives the same distribution faster).

    Parameters
    ----------
    indptr, indices, weights : ndarray
        The CSR graph (int64, int32 sorted within rows, float64), read only.
    walk_length, walks_per_node : int
    p, q : float
        node2vec's return and in-out parameters.
    seed : int
    directed : bool
        False promises that every edge is present both ways (a shortcut for
        the node2vec sampler); True is always correct.
    block_walks : int
        Walks per block (of one repetition).
    starts : ndarray of int64, default=None
        The nodes walks start from, ``walks_per_node`` walks each (default:
        every node). A walk is the same whichever other walks are drawn.
    """

    def __init__(
        self, indptr, indices, weights, walk_length, walks_per_node, p, q, seed,
        directed=True, block_walks=4096, starts=None,
    ):  # fmt: skip
        self.indptr = indptr
        self.indices = indices
        weighted = weights is not None and bool(weights.size and weights.min() != weights.max())
        self.table = (
            edge_alias_tables(indptr, weights) if weighted else np.zeros(1, dtype=np.uint64)
        )
        self.settings = WalkSettings.create(
            walk_length=walk_length, p=p, q=q, weighted=weighted, undirected=not directed
        )
        self.walks_per_node = int(walks_per_node)
        self.seed = int(seed)
        self.n_nodes = self.n_tokens = indptr.shape[0] - 1
        self.block_walks = max(1, int(block_walks))
        self.starts = None if starts is None else np.asarray(starts, dtype=np.int64)
        self.n_starts = self.n_nodes if starts is None else self.starts.shape[0]

    @property
    def n_walks(self):
        return self.n_starts * self.walks_per_node

    def _order(self, r):
        """The start nodes of repetition ``r``, shuffled."""
        order = _repetition_order(self.n_starts, self.seed, r)
        return order if self.starts is None else self.starts[order]

    def _generate(self, starts, reps, out, lengths, n_threads):
        kernel = _walks_parallel if n_threads > 1 else _walks_serial
        kernel(
            self.indptr, self.indices, self.table, self.settings, np.int64(self.seed), starts,
            reps, out, lengths,
        )  # fmt: skip

    def _bounds(self):
        """``(repetition, first, last)`` walk ranges of the blocks, in order."""
        for r in range(self.walks_per_node):
            for a in range(0, self.n_starts, self.block_walks):
                yield r, a, min(a + self.block_walks, self.n_starts)

    def cuts(self):
        """The walk numbers at which :meth:`blocks` starts a block."""
        return np.array([r * self.n_starts + a for r, a, _ in self._bounds()], dtype=np.int64)

    def blocks(self, n_threads=1):
        size = max(min(self.block_walks, self.n_starts), 1)
        out = np.empty((size, int(self.settings.walk_length)), dtype=np.int32)
        lengths = np.empty(size, dtype=np.int64)
        offsets = np.zeros(size + 1, dtype=np.int64)
        reps = np.empty(size, dtype=np.int64)
        order = None
        for r, a, b in self._bounds():
            if a == 0:
                order = self._order(r)
                reps[:] = r
            m = b - a
            self._generate(order[a:b], reps[:m], out[:m], lengths[:m], n_threads)
            np.cumsum(lengths[:m], out=offsets[1 : m + 1])
            total = int(offsets[m])
            if total != m * out.shape[1]:
                _compact(out[:m], lengths[:m])
            yield out.reshape(-1)[:total], offsets[: m + 1]

    def generate(self, n_threads=1):
        """All walks at once: ``(ids, offsets)``, int32 node ids and int64 bounds."""
        starts, reps = walk_order(self.n_starts, self.walks_per_node, self.seed)
        if self.starts is not None:
            starts = self.starts[starts]
        out = np.empty((starts.shape[0], int(self.settings.walk_length)), dtype=np.int32)
        lengths = np.empty(starts.shape[0], dtype=np.int64)
        self._generate(starts, reps, out, lengths, n_threads)
        offsets = np.zeros(starts.shape[0] + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        if offsets[-1] == out.size:
            return out.reshape(-1), offsets
        total = _compact(out, lengths)
        return out.reshape(-1)[:total].copy(), offsets
