"""The Huffman tree of hierarchical softmax (Mikolov et al., 2013).

Each token is a leaf of a binary tree built from the token counts (Huffman's
code, so frequent tokens get short paths); the ``V - 1`` inner nodes carry the
output vectors. A token's probability is the product of the logistic
decisions along its path from the root, so a training pair updates
``O(log V)`` inner nodes instead of ``V`` output vectors (Morin & Bengio, 2005;
Rong, 2014, section 3.1).

The tree is built as word2vec.c builds it, in ``O(V)`` after sorting: two
queues (the leaves in decreasing count order, and the inner nodes in the order
they are made, which have increasing counts) are merged by always joining the
two smallest nodes. The inner node made last is the root; inner node ``k`` is
row ``k`` of the output vectors, so the root is row ``V - 2``.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _build(counts, order):
    """Parents and branch bits of the ``2V - 1`` tree nodes (leaves first).

    ``order`` lists the tokens by decreasing count. Node ``t < V`` is token
    ``t``'s leaf; node ``V + k`` is inner node ``k``.
    """
    n = counts.shape[0]
    weight = np.empty(2 * n - 1, dtype=np.int64)
    parent = np.full(2 * n - 1, -1, dtype=np.int64)
    bit = np.zeros(2 * n - 1, dtype=np.uint8)
    for t in range(n):
        weight[t] = counts[t]
    leaf = n - 1  # next leaf to take, walking `order` from the smallest count
    inner = n  # next inner node to take
    for k in range(n - 1):
        pair = np.empty(2, dtype=np.int64)
        for m in range(2):
            if leaf >= 0 and (inner >= n + k or weight[order[leaf]] < weight[inner]):
                pair[m] = order[leaf]
                leaf -= 1
            else:
                pair[m] = inner
                inner += 1
        weight[n + k] = weight[pair[0]] + weight[pair[1]]
        parent[pair[0]] = n + k
        parent[pair[1]] = n + k
        bit[pair[1]] = 1
    return parent, bit


@njit(cache=True, nogil=True)
def _paths(parent, bit, n):
    """Every token's path from the root: CSR offsets, inner nodes, branch bits."""
    depth = np.zeros(n, dtype=np.int64)
    for t in range(n):
        u = t
        while parent[u] >= 0:
            depth[t] += 1
            u = parent[u]
    offsets = np.zeros(n + 1, dtype=np.int64)
    for t in range(n):
        offsets[t + 1] = offsets[t] + depth[t]
    nodes = np.empty(offsets[n], dtype=np.int32)
    codes = np.empty(offsets[n], dtype=np.uint8)
    for t in range(n):
        e = offsets[t + 1]
        u = t
        while parent[u] >= 0:  # leaf to root, written from the end
            e -= 1
            nodes[e] = parent[u] - n
            codes[e] = bit[u]
            u = parent[u]
    return offsets, nodes, codes


def huffman_paths(counts):
    """The Huffman tree of ``counts`` as the paths of its leaves.

    Parameters
    ----------
    counts : ndarray of int64, shape (V,)
        Token counts, in vocabulary order (any order).

    Returns
    -------
    offsets : ndarray of int64, shape (V + 1,)
        Token ``t``'s path is entries ``offsets[t]:offsets[t + 1]``.
    nodes : ndarray of int32
        The inner nodes on each path, root first (rows ``0 .. V - 2`` of the
        output vectors; the root is ``V - 2``).
    codes : ndarray of uint8
        The branch taken below each of those nodes (0 or 1): word2vec's code.
        A token's probability is the product over its path of
        ``sigmoid(v . v'_node)`` for code 0 and ``sigmoid(-v . v'_node)`` for 1.
    """
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    n = counts.shape[0]
    if n == 1:
        return np.zeros(2, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint8)
    order = np.argsort(-counts, kind="stable")
    parent, bit = _build(counts, order)
    return _paths(parent, bit, n)
