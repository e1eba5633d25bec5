"""struc2vec's structural distances, multilayer graph and walks (Ribeiro et al., 2017).

Two nodes are structurally similar when the degrees around them look alike,
ring by ring, whatever part of the graph they sit in:

1. **Rings.** ``R_k(u)`` is the set of nodes at exactly ``k`` hops from ``u``;
   ``s(R_k(u))`` its sorted degree sequence, compressed (OPT1) into
   ``(degree, count)`` pairs.
2. **Distances.** ``f_k(u, v) = f_{k-1}(u, v) + g(s(R_k(u)), s(R_k(v)))``,
   with ``g`` the dynamic-time-warping distance between the two sequences
   under the cost ``max(a, b) / min(a, b) - 1`` (times the larger count, for
   compressed sequences). ``f_k`` is defined while both rings exist.
   Only pairs of nodes of similar degree are compared (OPT2): each node with
   about ``2 log2(n)`` nodes nearest to it in degree order. Layers stop at
   ``n_layers`` (OPT3).
3. **Multilayer graph.** Layer ``k`` links compared pairs with weight
   ``exp(-f_k(u, v))``. From node ``u`` in layer ``k``, a walk moves up with
   probability ``w_up / (w_up + 1)``, where ``w_up = log(Gamma_k(u) + e)`` and
   ``Gamma_k(u)`` counts ``u``'s edges in layer ``k`` heavier than the layer's
   mean edge weight.
4. **Walks.** Each step stays in the layer with probability
   ``stay_probability`` and moves to a neighbour drawn by weight, or else
   changes layer (which writes no node). Walks start in layer 0.

Everything heavy is compiled with numba; nothing is written to disk, and
memory is ``O(n log n)`` with OPT2 (the compared pairs times the layers).
"""

import math

import numpy as np
import scipy.sparse as sp
from numba import njit, prange

from ._corpus import CorpusSource
from ._numba import twins
from ._random import derive_key, next64
from ._walks import _compact, _repetition_order, _step, edge_alias_tables, walk_order

_STRUCTURAL_STREAM = 0x5C2F


# -- 1. rings ----------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _grow(a, needed):
    if needed <= a.shape[0]:
        return a
    out = np.empty(max(needed, 2 * a.shape[0]), dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True, nogil=True)
def ring_degree_sequences(indptr, indices, n_layers, compress):
    """Every node's ring degree sequences, layers ``0 .. n_layers - 1``.

    Returns ``(offsets, values, counts)``: the sequence of node ``u`` at layer
    ``k`` is ``values[offsets[u * n_layers + k]:offsets[u * n_layers + k + 1]]``
    (sorted degrees), with the number of nodes of each degree in ``counts``
    when ``compress``, else each degree once per node (counts of 1). A ring
    beyond the node's eccentricity is empty.
    """
    n = indptr.shape[0] - 1
    K = n_layers
    degree = np.empty(n, dtype=np.int64)
    for u in range(n):
        degree[u] = indptr[u + 1] - indptr[u]
    offsets = np.zeros(n * K + 1, dtype=np.int64)
    values = np.empty(max(4 * n * K, 16), dtype=np.int64)
    counts = np.empty(values.shape[0], dtype=np.int64)
    stamp = np.full(n, -1, dtype=np.int64)
    queue = np.empty(max(n, 1), dtype=np.int64)
    ring = np.empty(max(n, 1), dtype=np.int64)
    ptr = 0
    for u in range(n):
        head = 0
        tail = 1
        queue[0] = u
        stamp[u] = u
        for k in range(K):
            end = tail  # queue[head:end] is ring k
            m = end - head
            for i in range(m):
                ring[i] = degree[queue[head + i]]
            seq = np.sort(ring[:m])
            values = _grow(values, ptr + m)
            counts = _grow(counts, ptr + m)
            i = 0
            while i < m:
                j = i
                if compress:
                    while j + 1 < m and seq[j + 1] == seq[i]:
                        j += 1
                values[ptr] = seq[i]
                counts[ptr] = j - i + 1
                ptr += 1
                i = j + 1
            offsets[u * K + k + 1] = ptr
            if k + 1 < K:  # the next ring
                for q in range(head, end):
                    x = queue[q]
                    for e in range(indptr[x], indptr[x + 1]):
                        y = indices[e]
                        if stamp[y] != u:
                            stamp[y] = u
                            queue[tail] = y
                            tail += 1
                head = end
    return offsets, values[:ptr].copy(), counts[:ptr].copy()


# -- 2. distances ------------------------------------------------------------------


@njit(inline="always", cache=True)
def _cost(a, b):
    """The paper's ``max(a, b) / min(a, b) - 1``; a missing degree (0) costs the other."""
    lo = min(a, b)
    hi = max(a, b)
    if lo == 0:
        return float(hi)
    return hi / lo - 1.0


@njit(cache=True, nogil=True)
def dtw(av, ac, bv, bc):
    """Dynamic time warping distance of two (compressed) degree sequences.

    ``D[i, j] = c(i, j) + min(D[i-1, j], D[i, j-1], D[i-1, j-1])`` with
    ``c(i, j) = cost(av[i], bv[j]) * max(ac[i], bc[j])`` (struc2vec's OPT1 cost;
    counts of 1 give the plain sequence's). Empty sequences: infinity.
    """
    la = av.shape[0]
    lb = bv.shape[0]
    if la == 0 or lb == 0:
        return np.inf
    prev = np.full(lb + 1, np.inf)
    cur = np.empty(lb + 1)
    prev[0] = 0.0
    for i in range(1, la + 1):
        cur[0] = np.inf
        for j in range(1, lb + 1):
            c = _cost(av[i - 1], bv[j - 1]) * max(ac[i - 1], bc[j - 1])
            best = min(prev[j], cur[j - 1], prev[j - 1])
            cur[j] = c + best
        prev, cur = cur, prev
    return prev[lb]


def _layer_distances(offsets, values, counts, n_layers, pu, pv, dist):
    """``dist[k, p] = f_k(pu[p], pv[p])``, infinity where a ring is missing."""
    K = n_layers
    for p in prange(pu.shape[0]):
        u = pu[p]
        v = pv[p]
        acc = 0.0
        for k in range(K):
            a0 = offsets[u * K + k]
            a1 = offsets[u * K + k + 1]
            b0 = offsets[v * K + k]
            b1 = offsets[v * K + k + 1]
            if a1 == a0 or b1 == b0:
                break  # f_k is defined while both rings exist
            acc += dtw(values[a0:a1], counts[a0:a1], values[b0:b1], counts[b0:b1])
            dist[k, p] = acc


_distances_serial, _distances_parallel = twins(_layer_distances)


def layer_distances(offsets, values, counts, n_layers, pu, pv, n_threads=1):
    """Cumulative structural distances of the pairs ``(pu[p], pv[p])``, per layer.

    Returns an array of shape ``(n_layers, n_pairs)``, infinity where undefined.
    """
    dist = np.full((n_layers, pu.shape[0]), np.inf)
    kernel = _distances_parallel if n_threads > 1 else _distances_serial
    kernel(offsets, values, counts, np.int64(n_layers), pu, pv, dist)
    return dist


def compared_pairs(indptr, indices, n_compared, seed=0):
    """The pairs ``(u, v)``, ``u < v``, whose distances are computed (OPT2).

    Nodes are sorted by degree, ties by the sum of their neighbours' degrees,
    then at random (``seed``); each is paired with the ``n_compared // 2``
    nodes before it and after it in that order, so with about ``n_compared``
    nodes of the closest degrees. Breaking ties by the neighbours puts nodes
    that are alike beyond their own degree next to each other, and the random
    order mixes the regions of the graph: with ties broken by node number,
    nodes of equal degree are compared with their neighbours in numbering,
    often of the same region, and the two cliques of a barbell graph ended up
    as two clusters (cosine 0.28 between mirror nodes, against 0.86 with all
    pairs compared). None pairs every node with every other.
    """
    n = indptr.shape[0] - 1
    if n_compared is None or n_compared >= n - 1:
        pu, pv = np.triu_indices(n, 1)
        return pu.astype(np.int64), pv.astype(np.int64)
    degree = np.diff(indptr)
    rows = np.repeat(np.arange(n), degree)
    around = np.bincount(rows, weights=degree[indices], minlength=n)
    shuffle = np.random.default_rng([seed, _STRUCTURAL_STREAM]).permutation(n)
    order = np.lexsort((shuffle, around, degree))
    half = max(1, int(n_compared) // 2)
    us, vs = [], []
    for shift in range(1, half + 1):
        us.append(order[:-shift])
        vs.append(order[shift:])
    a = np.concatenate(us)
    b = np.concatenate(vs)
    return np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)


def auto_compared(n):
    """``n_compared='auto'``: twice the base-2 logarithm of the number of nodes."""
    return max(2, 2 * math.ceil(math.log2(max(n, 2))))


# -- 3. the multilayer graph -------------------------------------------------------


class MultilayerGraph:
    """struc2vec's context graph: ``n_layers`` weighted graphs on the same nodes.

    Row ``k * n + u`` of the CSR arrays holds node ``u``'s edges in layer ``k``
    (column: the other node). ``table`` holds per-row alias tables of the edge
    weights ``exp(-f_k)``; ``up[k * n + u]`` is the probability of moving up a
    layer when the walk changes layers (0 in the top layer).
    """

    def __init__(self, n_nodes, dist, pu, pv):
        n = n_nodes
        K = dist.shape[0]
        rows, cols, raw = [], [], []
        for k in range(K):
            ok = np.isfinite(dist[k])
            u, v, f = pu[ok], pv[ok], dist[k][ok]
            rows.append(k * n + np.concatenate([u, v]))
            cols.append(np.concatenate([v, u]))
            f2 = np.concatenate([f, f])
            raw.append(f2)
        rows = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        cols = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        f = np.concatenate(raw) if raw else np.zeros(0)
        order = np.lexsort((cols, rows))
        rows, cols, f = rows[order], cols[order], f[order]
        self.indptr = np.zeros(K * n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=K * n), out=self.indptr[1:])
        self.indices = cols.astype(np.int32)
        self.n_nodes, self.n_layers = n, K
        # Alias weights relative to each row's nearest node: the same
        # distribution as exp(-f), without underflow for large distances.
        row_min = np.full(K * n, np.inf)
        np.minimum.at(row_min, rows, f)
        rel = np.exp(-(f - row_min[rows]))
        self.table = edge_alias_tables(self.indptr, rel) if f.size else np.zeros(0, np.uint64)
        # Gamma_k(u): edges heavier than the layer's mean weight exp(-f).
        weight = np.exp(-f)
        layer = rows // n
        mean = np.zeros(K)
        for k in range(K):
            sel = layer == k
            if sel.any():
                mean[k] = weight[sel].mean()
        heavy = np.bincount(rows[weight > mean[layer]], minlength=K * n)
        w_up = np.log(heavy + np.e)
        self.up = w_up / (w_up + 1.0)
        self.up[(K - 1) * n :] = 0.0
        self.n_edges = int(self.indices.shape[0] // 2)

    def layer_adjacency(self, k):
        """Layer ``k`` as a scipy CSR array of ``exp(-f_k)`` weights (for tests)."""
        n = self.n_nodes
        lo, hi = self.indptr[k * n], self.indptr[(k + 1) * n]
        indptr = self.indptr[k * n : (k + 1) * n + 1] - lo
        return sp.csr_array((np.ones(hi - lo), self.indices[lo:hi], indptr), shape=(n, n))


# -- 4. walks ----------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _u01(r):
    return np.float64(r >> np.uint64(11)) * (1.0 / 2.0**53)


def _structural_walks(indptr, indices, table, up, n, K, stay, seed, starts, reps, out, lengths):
    """Walks on the multilayer graph from ``starts`` (layer 0), into ``out``."""
    L = out.shape[1]
    for w in prange(starts.shape[0]):
        state = derive_key(seed, reps[w], starts[w] + _STRUCTURAL_STREAM)
        v = starts[w]
        out[w, 0] = v
        t = 1
        layer = 0
        if indptr[v + 1] == indptr[v]:
            L_w = 1  # no compared node: the walk cannot leave
        else:
            L_w = L
        tries = 0
        while t < L_w and tries < 64 * L:
            tries += 1
            state, r = next64(state)
            row = layer * n + v
            if _u01(r) < stay:
                state, r = next64(state)
                x = _step(indptr, indices, table, True, row, r)
                if x < 0:  # no edge in this layer: go down
                    layer = max(layer - 1, 0)
                    continue
                v = x
                out[w, t] = v
                t += 1
            else:
                state, r = next64(state)
                if _u01(r) < up[row]:
                    above = row + n
                    if layer + 1 < K and indptr[above + 1] > indptr[above]:
                        layer += 1
                elif layer > 0:
                    layer -= 1
        lengths[w] = t


_s2v_serial, _s2v_parallel = twins(_structural_walks)


class StructuralWalks(CorpusSource):
    """struc2vec's walks on a :class:`MultilayerGraph`, regenerated on every pass.

    Walk ``r`` from node ``s`` draws from its own stream, so the walks do not
    depend on the number of threads.
    """

    def __init__(self, graph, walk_length, walks_per_node, stay_probability, seed, block_walks):
        self.graph = graph
        self.walk_length = int(walk_length)
        self.walks_per_node = int(walks_per_node)
        self.stay = float(stay_probability)
        self.seed = int(seed)
        self.n_nodes = self.n_tokens = graph.n_nodes
        self.block_walks = max(1, int(block_walks))

    @property
    def n_walks(self):
        return self.n_nodes * self.walks_per_node

    def _generate(self, starts, reps, out, lengths, n_threads):
        g = self.graph
        kernel = _s2v_parallel if n_threads > 1 else _s2v_serial
        kernel(
            g.indptr, g.indices, g.table, g.up, np.int64(g.n_nodes), np.int64(g.n_layers),
            np.float64(self.stay), np.int64(self.seed), starts, reps, out, lengths,
        )  # fmt: skip

    @staticmethod
    def _flat(out, lengths, m):
        """The first ``m`` walks of ``out`` as ``(ids, offsets)`` (moved to its front)."""
        offsets = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(lengths[:m], out=offsets[1:])
        total = int(offsets[m])
        if total != m * out.shape[1]:
            _compact(out[:m], lengths[:m])
        return out[:m].reshape(-1)[:total], offsets

    def blocks(self, n_threads=1):
        size = min(self.block_walks, self.n_nodes)
        out = np.empty((size, self.walk_length), dtype=np.int32)
        lengths = np.empty(size, dtype=np.int64)
        reps = np.empty(size, dtype=np.int64)
        for r in range(self.walks_per_node):
            order = _repetition_order(self.n_nodes, self.seed, r)
            reps[:] = r
            for a in range(0, self.n_nodes, size):
                b = min(a + size, self.n_nodes)
                m = b - a
                self._generate(order[a:b], reps[:m], out[:m], lengths[:m], n_threads)
                yield self._flat(out, lengths, m)

    def generate(self, n_threads=1):
        """All walks at once: ``(ids, offsets)``."""
        starts, reps = walk_order(self.n_nodes, self.walks_per_node, self.seed)
        out = np.empty((starts.shape[0], self.walk_length), dtype=np.int32)
        lengths = np.empty(starts.shape[0], dtype=np.int64)
        self._generate(starts, reps, out, lengths, n_threads)
        ids, offsets = self._flat(out, lengths, starts.shape[0])
        return ids.copy(), offsets


def structural_context(indptr, indices, *, n_layers, n_compared, compress, seed=0, n_threads=1):
    """Rings, distances and the multilayer graph of a CSR graph (undirected)."""
    n = indptr.shape[0] - 1
    offsets, values, counts = ring_degree_sequences(indptr, indices, n_layers, compress)
    if n_compared == "auto":
        n_compared = auto_compared(n)
    pu, pv = compared_pairs(indptr, indices, n_compared, seed)
    dist = layer_distances(offsets, values, counts, n_layers, pu, pv, n_threads)
    return MultilayerGraph(n, dist, pu, pv)
