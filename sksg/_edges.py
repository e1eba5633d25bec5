"""Edge samples: LINE's source of (source, target) pairs (Tang et al., 2015).

LINE optimises its objectives by drawing edges with probability proportional
to their weight (so that every sampled edge gets the same learning rate,
whatever its weight) and updating the two end nodes' vectors. As a corpus, a
sampled directed edge ``u -> v`` is the sequence ``(u, v)``; trained with a
window of 1 that only looks left (``SkipGramSettings.left_only``), it is one
pair in which ``u``'s vector predicts ``v``: LINE's update for that edge.
"""

import numpy as np
from numba import njit

from ._corpus import CorpusSource
from ._random import bounded32, hash64
from ._sampling import alias_draw, alias_table
from ._vocab import BLOCK_TOKENS


@njit(cache=True, nogil=True)
def _sample_edges(table, tails, heads, key, start, out):
    """Fill ``out`` with ``out.size // 2`` sampled edges ``(tail, head)``, draws ``start...``.

    An empty ``table`` draws every edge with the same probability.
    """
    n_edges = heads.shape[0]
    for t in range(out.shape[0] // 2):
        r = hash64(key, start + t)
        if table.shape[0] == 0:
            e = bounded32(r >> np.uint64(32), n_edges)
        else:
            e = alias_draw(table, r)
        out[2 * t] = tails[e]
        out[2 * t + 1] = heads[e]


class EdgeSamples(CorpusSource):
    """``n_samples`` edges of a CSR graph drawn by weight, as sequences of two nodes.

    The draws are a pure function of ``seed`` and the draw number, so every
    pass yields the same samples and nothing is stored but one block.

    Parameters
    ----------
    indptr, indices, weights : ndarray
        The CSR graph (every stored entry is a directed edge; an undirected
        graph stores both directions).
    n_samples : int
        Edges drawn per pass.
    seed : int
    block_samples : int, default=BLOCK_TOKENS // 2
        Edges per block.
    """

    def __init__(self, indptr, indices, weights, n_samples, seed, block_samples=None):
        n_nodes = indptr.shape[0] - 1
        self.n_tokens = n_nodes
        self.tails = np.repeat(np.arange(n_nodes, dtype=np.int32), np.diff(indptr))
        self.heads = np.asarray(indices, dtype=np.int32)
        uniform = weights is None or weights.size == 0 or weights.min() == weights.max()
        self.table = np.zeros(0, dtype=np.uint64) if uniform else alias_table(weights)
        self.n_samples = int(n_samples)
        self.seed = int(seed)
        self.block_samples = int(block_samples or BLOCK_TOKENS // 2)

    def blocks(self, n_threads=1):
        size = min(self.block_samples, self.n_samples)
        ids = np.empty(2 * size, dtype=np.int32)
        offsets = np.arange(0, 2 * size + 1, 2, dtype=np.int64)
        key = np.uint64(self.seed)
        for start in range(0, self.n_samples, size):
            m = min(size, self.n_samples - start)
            _sample_edges(self.table, self.tails, self.heads, key, np.int64(start), ids[: 2 * m])
            yield ids[: 2 * m], offsets[: m + 1]
