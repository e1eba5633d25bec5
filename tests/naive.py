"""Slow, obviously-correct reference implementations of the skip-gram formulas.

Everything here is plain numpy in float64, written from the formulas of the
papers, with no attempt at speed: the SGNS gradients of Mikolov et al. (2013)
as derived by Rong (2014, section 4.2) and for nodes by the node2vec line of
work (Grover & Leskovec, 2016), the softmax skip-gram and hierarchical softmax
(Rong, 2014, sections 2-3), and node2vec's transition probabilities. The fast
kernels are checked against these.
"""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sgns_pair(W, C, inp, out, negatives, lr):
    """One SGNS step for the pair (input token ``inp``, output token ``out``).

    Mikolov et al. (2013), Rong (2014): with ``v_c = W[inp]``, ``v'_o = C[out]`` and noise vectors
    ``v'_n = C[n]``, the objective
    ``J = log s(v'_o . v_c) + sum_n log s(-v'_n . v_c)`` is ascended by ``lr``:

    - ``dJ/dv'_o = (1 - s(v'_o . v_c)) v_c``
    - ``dJ/dv'_n = -s(v'_n . v_c) v_c``
    - ``dJ/dv_c = (1 - s(v'_o . v_c)) v'_o - sum_n s(v'_n . v_c) v'_n``

    Terms are applied one after the other to the output vectors, and the
    accumulated gradient of ``v_c`` at the end (word2vec's order; it equals the
    simultaneous update when the noise tokens are distinct). A noise token
    equal to ``out`` is skipped, as in word2vec. Returns the loss
    ``-J`` of the step, computed before the update. Modifies W and C.
    """
    v_c = W[inp].astype(np.float64)
    grad_c = np.zeros_like(v_c)
    loss = 0.0
    terms = [(out, 1.0)] + [(n, 0.0) for n in negatives if n != out]
    for token, label in terms:
        v = C[token].astype(np.float64)
        s = sigmoid(v @ v_c)
        loss -= np.log(s) if label else np.log(1.0 - s)
        g = label - s
        grad_c += g * v
        C[token] = v + lr * g * v_c
    W[inp] = v_c + lr * grad_c
    return loss


def sgns_shared_window(W, C, inputs, out, negatives, lr):
    """SGNS for one center with shared noise tokens, all from the old values.

    Every input ``i`` of the window forms the pairs ``(i, out)`` (label 1) and
    ``(i, n)`` (label 0) for each noise token ``n != out``. The gradients of all
    pairs are computed from the vectors before the step and then added.
    """
    outs = [(out, 1.0)] + [(n, 0.0) for n in negatives if n != out]
    W0 = W.astype(np.float64)
    C0 = C.astype(np.float64)
    dW = np.zeros_like(W0)
    dC = np.zeros_like(C0)
    loss = 0.0
    for i in inputs:
        for token, label in outs:
            s = sigmoid(C0[token] @ W0[i])
            loss -= np.log(s) if label else np.log(1.0 - s)
            g = label - s
            dW[i] += lr * g * C0[token]
            dC[token] += lr * g * W0[i]
    W[:] = W0 + dW
    C[:] = C0 + dC
    return loss


def softmax_step(W, C, center, contexts, lr):
    """One step of the original softmax skip-gram for a center and its contexts (Rong, 2014).

    ``h = W[center]``, ``u = C h``, ``y = softmax(u)``; the error summed over
    the ``contexts`` is ``EI_j = sum_c (y_j - t_cj)``; then
    ``C_j -= lr * EI_j * h`` for every ``j`` and ``W[center] -= lr * sum_j EI_j C_j``
    with the output vectors from before the step. Returns ``(EI, loss)``.
    """
    h = W[center].astype(np.float64)
    C0 = C.astype(np.float64)
    u = C0 @ h
    y = np.exp(u - u.max())
    y /= y.sum()
    ei = len(contexts) * y
    loss = 0.0
    for c in contexts:
        ei[c] -= 1.0
        loss -= np.log(y[c])
    C[:] = C0 - lr * np.outer(ei, h)
    W[center] = h - lr * (ei @ C0)
    return ei, loss


def huffman_code_lengths(counts):
    """Code length of every token in a Huffman code of ``counts`` (with heapq).

    Huffman codes are not unique when counts tie, but every optimal code has
    the same weighted length ``sum(counts * lengths)``.
    """
    import heapq

    heap = [(int(c), i, [i]) for i, c in enumerate(counts)]
    heapq.heapify(heap)
    lengths = np.zeros(len(counts), dtype=np.int64)
    order = len(counts)
    while len(heap) > 1:
        c1, _, leaves1 = heapq.heappop(heap)
        c2, _, leaves2 = heapq.heappop(heap)
        for leaf in leaves1 + leaves2:
            lengths[leaf] += 1
        heapq.heappush(heap, (c1 + c2, order, leaves1 + leaves2))
        order += 1
    return lengths


def huffman_merges_heapq(counts):
    """The merges of a Huffman tree built with ``heapq``, ties left to the heap.

    Nodes compare by count only (leaves ``0..V-1`` in decreasing-count order
    first, inner node ``k`` is ``V + k``), so equal counts leave the heap in
    the order its sift rules give. Returns the ``(first, second)`` pair popped
    for each inner node.
    """
    import heapq

    class Node(tuple):
        def __lt__(self, other):
            return self[0] < other[0]

    V = len(counts)
    order = np.argsort(-np.asarray(counts), kind="stable")
    heap = [Node((int(counts[t]), int(t))) for t in order]
    heapq.heapify(heap)
    merges = []
    for k in range(V - 1):
        a, b = heapq.heappop(heap), heapq.heappop(heap)
        merges.append((a[1], b[1]))
        heapq.heappush(heap, Node((a[0] + b[0], V + k)))
    return merges


def hs_pair(W, C, inp, nodes, codes, lr):
    """One hierarchical-softmax step: input token ``inp`` predicts a path.

    Rong (2014), eq. 49-53: with ``h = W[inp]`` and the inner-node vectors
    ``v'_j = C[j]`` on the path, ``t_j = 1 - code_j`` (the branch taken is
    "left" when the code is 0), every ``v'_j`` moves by
    ``lr * (t_j - s(v'_j . h)) h`` and ``h`` by ``lr * sum_j (t_j - s(v'_j . h)) v'_j``
    with the node vectors from before the step. Returns the loss
    ``-sum_j log s((2 t_j - 1) v'_j . h)`` before the step. Modifies W and C.
    """
    h = W[inp].astype(np.float64)
    grad_h = np.zeros_like(h)
    loss = 0.0
    for j, code in zip(nodes, codes, strict=True):
        v = C[j].astype(np.float64)
        t = 1.0 - code
        s = sigmoid(v @ h)
        loss -= np.log(s) if t else np.log(1.0 - s)
        grad_h += (t - s) * v
        C[j] = v + lr * (t - s) * h
    W[inp] = h + lr * grad_h
    return loss


def subsample_keep(counts, sample):
    """word2vec's keep probability ``(sqrt(f / t) + 1) * t / f``, capped at 1."""
    f = np.asarray(counts, dtype=np.float64) / np.sum(counts)
    if sample == 0:
        return np.ones_like(f)
    return np.minimum((np.sqrt(f / sample) + 1.0) * sample / f, 1.0)


def first_order_probs(A, v):
    """Transition probabilities out of ``v``: edge weights, normalised."""
    row = np.asarray(A[[v], :].todense()).ravel().astype(np.float64)
    return row / row.sum()


def node2vec_probs(A, t, v, p, q):
    """node2vec's second-order transition probabilities out of ``v``, from ``t``.

    Unnormalised weight of ``x``: ``w(v, x) * alpha(t, x)`` with ``alpha`` equal
    to ``1 / p`` if ``x == t``, 1 if there is an edge ``t -> x``, ``1 / q``
    otherwise (Grover & Leskovec, 2016).
    """
    A = A.tocsr()
    w = np.asarray(A[[v], :].todense()).ravel().astype(np.float64)
    t_out = np.asarray(A[[t], :].todense()).ravel() > 0
    alpha = np.where(t_out, 1.0, 1.0 / q)
    alpha[t] = 1.0 / p
    probs = w * alpha
    return probs / probs.sum()


def line_step(W, C, source, target, negatives, lr):
    """LINE's update for one sampled edge ``source -> target`` (Tang et al., 2015).

    With ``u = W[source]``: the target's vector ``C[target]`` (second order)
    or ``W[target]`` (first order: pass ``C is W``) and each noise node's
    vector ``x`` move by ``lr * (label - s(u . x)) * u`` at once, in turn; ``u``
    moves by the sum of ``lr * (label - s(u . x)) * x`` over them, with each
    ``x`` as it was when it was used, after all of them. Noise nodes equal to
    the target are skipped (word2vec's rule). Modifies W and C.
    """
    u = W[source].astype(np.float64).copy()
    error = np.zeros_like(u)
    for node, label in [(target, 1.0)] + [(n, 0.0) for n in negatives if n != target]:
        x = C[node].astype(np.float64)
        g = lr * (label - sigmoid(u @ x))
        error += g * x
        C[node] = (x + g * u).astype(C.dtype)
    W[source] = (W[source].astype(np.float64) + error).astype(W.dtype)


def dtw_distance(a, b, cost):
    """Textbook dynamic time warping of two sequences under ``cost(x, y)``."""
    n, m = len(a), len(b)
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            D[i, j] = cost(a[i - 1], b[j - 1]) + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return D[n, m]


def struc2vec_cost(a, b):
    """Ribeiro et al. (2017): ``max(a, b) / min(a, b) - 1`` (a degree of 0: the other)."""
    lo, hi = min(a, b), max(a, b)
    return float(hi) if lo == 0 else hi / lo - 1.0


def struc2vec_distances(G, n_layers):
    """``f_k(u, v)`` of every pair of nodes of a networkx graph, slowly.

    Ring ``k`` of ``u``: the nodes at shortest-path distance exactly ``k``;
    ``f_k = f_{k-1} + DTW(sorted ring degrees)``, infinity from the first
    layer where either ring is empty. Returns an array ``(n_layers, n, n)``.
    """
    import networkx as nx

    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    rings = np.empty((n, n_layers), dtype=object)
    for v in nodes:
        hops = nx.single_source_shortest_path_length(G, v, cutoff=n_layers - 1)
        for k in range(n_layers):
            rings[index[v], k] = sorted(G.degree(x) for x, d in hops.items() if d == k)
    f = np.full((n_layers, n, n), np.inf)
    for u in range(n):
        for v in range(n):
            acc = 0.0
            for k in range(n_layers):
                if not rings[u, k] or not rings[v, k]:
                    break
                acc += dtw_distance(rings[u, k], rings[v, k], struc2vec_cost)
                f[k, u, v] = acc
    return f
