"""The Huffman tree of hierarchical softmax (Mikolov et al., 2013).

Each token is a leaf of a binary tree built from the token counts (Huffman's
code, so frequent tokens get short paths); the ``V - 1`` inner nodes carry the
output vectors. A token's probability is the product of the logistic
decisions along its path from the root, so a training pair updates
``O(log V)`` inner nodes instead of ``V`` output vectors (Morin & Bengio, 2005;
Rong, 2014, section 3.1).

The tree is built by joining the two lightest nodes, ``V - 1`` times, with a
binary heap in ``O(V log V)``. The inner node made last is the root; inner
node ``k`` is row ``k`` of the output vectors, so the root is row ``V - 2``.

Huffman trees are not unique when counts tie (and token counts tie a lot:
thousands of tokens occur 5, 6, 7... times), and the choice is not neutral.
All ways of breaking ties give the same weighted path length, but they pair
different nodes, and on the benchmark text corpus (2M tokens, 38,761 tokens
in the vocabulary, 2 epochs) topic precision over three seeds was
0.7618-0.7647 when inner nodes win ties (word2vec.c's two-queue
construction), 0.7651-0.7665 with a coin flip between the two queues and
0.7698-0.7724 with ties broken by a heap keyed on the count alone (gensim's
construction, whose tree is the one built here). Trained with either gensim's
tree or this one, sksg's hierarchical softmax matches gensim's ``hs=1``.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _sift_down(weight, heap, start, pos):
    """Move ``heap[pos]`` towards the root past strictly heavier parents."""
    item = heap[pos]
    while pos > start:
        up = (pos - 1) >> 1
        if weight[item] < weight[heap[up]]:
            heap[pos] = heap[up]
            pos = up
        else:
            break
    heap[pos] = item


@njit(cache=True, nogil=True)
def _sift_up(weight, heap, end, pos):
    """Sink ``heap[pos]`` to a leaf along the lighter children, then sift it down."""
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not weight[heap[child]] < weight[heap[right]]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_down(weight, heap, start, pos)


@njit(cache=True, nogil=True)
def _pop(weight, heap, size):
    """Remove and return the lightest node of a heap of ``size`` nodes."""
    last = heap[size - 1]
    if size == 1:
        return last
    top = heap[0]
    heap[0] = last
    _sift_up(weight, heap, size - 1, 0)
    return top


@njit(cache=True, nogil=True)
def _build(counts, order):
    """Parents and branch bits of the ``2V - 1`` tree nodes (leaves first).

    ``order`` lists the tokens by decreasing count. Node ``t < V`` is token
    ``t``'s leaf; node ``V + k`` is inner node ``k``. A binary min-heap keyed
    on the count alone, with the sift rules of Python's ``heapq``, so nodes of
    equal count leave it in the order gensim's tree takes them.
    """
    n = counts.shape[0]
    weight = np.empty(2 * n - 1, dtype=np.int64)
    parent = np.full(2 * n - 1, -1, dtype=np.int64)
    bit = np.zeros(2 * n - 1, dtype=np.uint8)
    for t in range(n):
        weight[t] = counts[t]
    heap = np.empty(n, dtype=np.int64)
    for i in range(n):
        heap[i] = order[i]
    for i in range(n // 2 - 1, -1, -1):
        _sift_up(weight, heap, n, i)
    size = n
    for k in range(n - 1):
        first = _pop(weight, heap, size)
        size -= 1
        second = _pop(weight, heap, size)
        size -= 1
        weight[n + k] = weight[first] + weight[second]
        parent[first] = n + k
        parent[second] = n + k
        bit[second] = 1
        heap[size] = n + k
        size += 1
        _sift_down(weight, heap, 0, size - 1)
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
