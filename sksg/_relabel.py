"""Training in frequency order: the hot rows of the vector tables side by side.

The rows a skip-gram pass reads are far from uniform: context and noise tokens
follow the token counts, which on graphs (walk visits follow degrees) and text
follow a power law. When the tables are larger than the caches, each row an
update reads is a trip to memory, and those trips are fewer when the frequent
rows share pages and cache sets. word2vec and gensim sort their vocabulary by
decreasing count for this reason (and for the Huffman tree); sksg keeps its
users' order (a graph's nodes ``0 .. n - 1``, the first occurrence of a new
token), so the trainer relabels for the run instead:

- the tables are built and the vectors trained with token ``order[r]`` on row
  ``r`` (``order`` sorts the counts in decreasing order, ties by id);
- the corpus blocks are mapped through ``rank`` (``rank[order[r]] == r``) as
  they stream in;
- the vectors are put back in the users' order in place (no second table)
  when training ends, and while epoch callbacks look at them.

What the kernels compute is unchanged: the same pairs, the same subsampling
and window decisions (tied to corpus positions), the same initial vector per
token, the same Huffman tree. Only the noise tokens differ, being drawn from
the same distribution laid out in another order. Measured at a million nodes
(``benchmarks/scale_routes.py``), the per-pair kernel trains 1.3x faster.
"""

import numpy as np
from numba import njit

from ._corpus import CorpusSource


def frequency_order(counts):
    """Token ids by decreasing count (ties by id), or None if already in that order."""
    counts = np.asarray(counts)
    if counts.shape[0] < 2 or bool(np.all(counts[:-1] >= counts[1:])):
        return None
    return np.argsort(-counts, kind="stable").astype(np.int32)


def inverse(order):
    """``rank`` with ``rank[order[r]] == r``."""
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0], dtype=order.dtype)
    return rank


@njit(cache=True, nogil=True)
def gather_rows(X, index):
    """``X[:] = X[index]`` in place, for a permutation ``index``.

    Follows the permutation's cycles with one row of scratch, so a table of
    gigabytes is reordered without a copy of it.
    """
    n = index.shape[0]
    done = np.zeros(n, dtype=np.bool_)
    tmp = np.empty(X.shape[1], dtype=X.dtype)
    for start in range(n):
        if done[start]:
            continue
        tmp[:] = X[start]
        r = start
        while True:
            done[r] = True
            src = index[r]
            if src == start:
                X[r] = tmp
                break
            X[r] = X[src]
            r = src


@njit(cache=True, nogil=True)
def map_ids(rank, ids, out):
    """``out[i] = rank[ids[i]]``."""
    for i in range(ids.shape[0]):
        out[i] = rank[ids[i]]


@njit(cache=True, nogil=True)
def reorder_paths(paths, nodes, codes, order):
    """The Huffman paths with token ``order[r]``'s path as token ``r``'s."""
    n = order.shape[0]
    new_paths = np.empty(n + 1, dtype=np.int64)
    new_paths[0] = 0
    for r in range(n):
        t = order[r]
        new_paths[r + 1] = new_paths[r] + paths[t + 1] - paths[t]
    new_nodes = np.empty_like(nodes)
    new_codes = np.empty_like(codes)
    for r in range(n):
        t = order[r]
        length = paths[t + 1] - paths[t]
        for k in range(length):
            new_nodes[new_paths[r] + k] = nodes[paths[t] + k]
            new_codes[new_paths[r] + k] = codes[paths[t] + k]
    return new_paths, new_nodes, new_codes


class RelabelledSource(CorpusSource):
    """A corpus source whose ids are mapped through ``rank`` block by block.

    The source's own arrays are not modified (they may be the user's corpus
    or a walk cache): each block is mapped into a buffer of this source, valid
    until the next block.
    """

    def __init__(self, source, rank):
        self.source = source
        self.rank = rank
        self.n_tokens = source.n_tokens

    def blocks(self, n_threads=1):
        buffer = np.empty(0, dtype=np.int32)
        for ids, offsets in self.source.blocks(n_threads):
            if buffer.shape[0] < ids.shape[0]:
                buffer = np.empty(ids.shape[0], dtype=np.int32)
            out = buffer[: ids.shape[0]]
            map_ids(self.rank, ids, out)
            yield out, offsets
