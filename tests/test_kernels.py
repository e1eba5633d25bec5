"""The numba kernels against the slow references of tests/naive.py."""

import numpy as np
import pytest
import scipy.sparse as sp
from naive import (
    hs_pair,
    huffman_code_lengths,
    huffman_merges_heapq,
    line_step,
    sgns_pair,
    sgns_shared_window,
    softmax_step,
)

from sksg import _sgns
from sksg._huffman import huffman_paths
from sksg._random import _LOW32, bounded32, derive_key, hash64, next64
from sksg._sampling import alias_draw
from sksg._sgns import Cursor, Objective, Segment, SkipGramSettings
from sksg._trainer import make_tables
from sksg._vocab import memory_blocks


def _settings(objective, window=1, negative=3, lr=0.4, lr_end=None, epochs=1, shrink=False,
              n_positions=100, left_only=False):  # fmt: skip
    return SkipGramSettings.create(
        left_only=left_only,
        objective=Objective[objective.upper()],
        window=window,
        shrink_window=shrink,
        negative=negative,
        lr_start=lr,
        lr_end=lr if lr_end is None else lr_end,
        epochs=epochs,
        n_positions=n_positions,
    )


def _one_center(
    kernel, W, C, window_tokens, center_index, settings, negs=None, tables=None, frozen=None
):
    """Run a center kernel on one center of a small buffer (every window at full width).

    Returns ``(loss, pairs)``; arguments go by name, so the test does not
    depend on the kernels' argument order.
    """
    n = len(window_tokens)
    seg = Segment(
        tokens=np.asarray(window_tokens, dtype=np.int64),
        positions=np.arange(n, dtype=np.int64),
        windows=np.full(n, settings.window, dtype=np.int64),
        size=np.int64(n),
        start=np.int64(center_index),
        stop=np.int64(center_index + 1),
    )
    common = dict(W=W, C=C, seg=seg, s=settings, epoch=0)
    frozen = np.zeros(0, np.uint8) if frozen is None else np.asarray(frozen, dtype=np.uint8)
    work = np.empty((2 * settings.window + settings.negative + 2, W.shape[1]), dtype=np.float32)
    if kernel is _sgns._softmax_centers:
        return kernel(**common, frozen=frozen, work=work)
    if kernel is _sgns._hs_centers:
        units = np.empty(_sgns.HS_GROUP, dtype=np.float32)
        private = np.empty((0, W.shape[1]), dtype=np.float32)
        return kernel(**common, tables=tables, neu=work[0], units=units, first=0,
                      private=private, start=private.copy())  # fmt: skip
    negs = np.asarray(negs, dtype=np.int64)
    noise = np.zeros(1, dtype=np.uint64)  # only the noise tokens of the next pair come from it
    state = np.uint64(12345)
    if kernel is _sgns._sgns_centers:
        _, loss, pairs = kernel(
            **common, noise=noise, frozen=frozen, state=state, neu=work[0], negs=negs
        )
    else:
        _, loss, pairs = kernel(
            **common, noise=noise, frozen=frozen, state=state, work=work, negs=negs
        )
    return loss, pairs


def _random_vectors(rng, n, dim):
    W = rng.normal(scale=0.5, size=(n, dim)).astype(np.float32)
    C = rng.normal(scale=0.5, size=(n, dim)).astype(np.float32)
    return W, C


@pytest.mark.parametrize(
    "negs",
    [[2, 3, 4], [2, 2, 5], [1, 3, 1]],
    ids=["distinct", "repeated-noise", "noise-equals-center"],
)
def test_sgns_pair_matches_seed_gradients(negs):
    rng = np.random.default_rng(0)
    W, C = _random_vectors(rng, 6, 7)
    W_ref, C_ref = W.astype(np.float64), C.astype(np.float64)
    # buffer [context 0, center 1]: one pair, input 0, output 1.
    loss, pairs = _one_center(
        _sgns._sgns_centers, W, C, [0, 1], 1, _settings("negative"), negs=negs
    )
    ref_loss = sgns_pair(W_ref, C_ref, 0, 1, negs, 0.4)
    assert pairs == 1
    np.testing.assert_allclose(W, W_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(C, C_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-5)


def test_sgns_gradient_direction():
    """After a step the positive pair scores higher and the noise pairs lower."""
    rng = np.random.default_rng(1)
    W, C = _random_vectors(rng, 5, 4)
    before_pos = W[0] @ C[1]
    before_neg = W[0] @ C[[2, 3]].T
    _one_center(_sgns._sgns_centers, W, C, [0, 1], 1, _settings("negative", negative=2),
                negs=[2, 3])  # fmt: skip
    assert W[0] @ C[1] > before_pos
    assert np.all(W[0] @ C[[2, 3]].T < before_neg)


@pytest.mark.parametrize("negs", [[5, 6], [5, 5], [2, 6]])
def test_shared_window_matches_reference(negs):
    rng = np.random.default_rng(2)
    W, C = _random_vectors(rng, 8, 5)
    W_ref, C_ref = W.copy(), C.copy()
    # Center 2 with window 2: inputs are tokens 0, 1, 3 and 0 again; the noise
    # tokens are given (a repeated one, and one equal to the center).
    settings = _settings("shared", window=2, negative=len(negs))
    loss, pairs = _one_center(_sgns._shared_centers, W, C, [0, 1, 2, 3, 0], 2, settings, negs=negs)
    ref_loss = sgns_shared_window(W_ref, C_ref, [0, 1, 3, 0], 2, negs, 0.4)
    assert pairs == 4
    np.testing.assert_allclose(W, W_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(C, C_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-5)


def test_softmax_step_matches_reference():
    rng = np.random.default_rng(3)
    W, C = _random_vectors(rng, 9, 4)
    W_ref, C_ref = W.astype(np.float64), C.astype(np.float64)
    loss, pairs = _one_center(_sgns._softmax_centers, W, C, [4, 7, 2, 1, 8], 2,
                                 _settings("softmax", window=2))  # fmt: skip
    _, ref_loss = softmax_step(W_ref, C_ref, 2, [4, 7, 1, 8], 0.4)
    assert pairs == 4
    np.testing.assert_allclose(W, W_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(C, C_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-5)


def test_softmax_worked_example():
    """A worked example of the softmax skip-gram: 'is' with contexts 'graph' and 'a', rate 0.4.

    The example gives h = (0.65, 0.87) and the output vectors of 'graph'
    (0.05, 0.79), 'good' (0.86, 0.67) and 'at' (0.83, 0.26); its figure with
    the other output vectors is lost. We give the seven others one common
    vector, chosen so that the summed errors of 'graph', 'good' and 'at' are
    the example's -0.794, 0.314 and 0.216. (The example's 0.111 for 'is' does not
    follow from its own vector (0.65, 0.27) and the other numbers, so it is not
    checked.) The example's updated w'_14 = 0.78 and w'_24 = 0.56 must come out.
    """
    words = ["graph", "is", "a", "good", "way", "to", "visualize", "data", "very", "at"]
    W = np.full((10, 2), 0.1, dtype=np.float32)
    W[1] = [0.65, 0.87]
    C = np.full((10, 2), 0.38687517, dtype=np.float32)  # W'^T: one row per word
    C[0] = [0.05, 0.79]
    C[3] = [0.86, 0.67]
    C[9] = [0.83, 0.26]
    ei, _ = softmax_step(W.astype(np.float64), C.astype(np.float64), 1, [0, 2], 0.4)
    assert words[0] == "graph" and words[3] == "good" and words[9] == "at"
    np.testing.assert_allclose(ei[[0, 3, 9]], [-0.794, 0.314, 0.216], atol=6e-4)
    # The kernel on the sentence "graph is a", center "is", window 1.
    _one_center(_sgns._softmax_centers, W, C, [0, 1, 2], 1, _settings("softmax"))
    np.testing.assert_allclose(C[3], [0.78, 0.56], atol=5e-3)
    # Input update: w_2 := w_2 - 0.4 * (EI @ W'^T), from the old output vectors.
    C_old = np.full((10, 2), 0.38687517)
    C_old[[0, 3, 9]] = [[0.05, 0.79], [0.86, 0.67], [0.83, 0.26]]
    np.testing.assert_allclose(W[1], np.array([0.65, 0.87]) - 0.4 * ei @ C_old, atol=1e-5)


# -- hierarchical softmax ------------------------------------------------------------


@pytest.mark.parametrize(
    "counts",
    [[5, 3, 2, 2, 1], [1, 1, 1, 1], [7, 1], [40, 1, 1, 1, 1, 1, 1, 1], "zipf", "random"],
)
def test_huffman_tree_is_an_optimal_prefix_code(counts):
    rng = np.random.default_rng(7)
    if counts == "zipf":
        counts = (10_000 / np.arange(1, 301)).astype(np.int64)
    elif counts == "random":
        counts = rng.integers(1, 1000, 500)
    counts = np.asarray(counts, dtype=np.int64)
    V = len(counts)
    offsets, nodes, codes = huffman_paths(counts)
    lengths = np.diff(offsets)
    # Optimal: the weighted code length of any Huffman code.
    assert (lengths * counts).sum() == (huffman_code_lengths(counts) * counts).sum()
    paths = [tuple(codes[a:b]) for a, b in zip(offsets[:-1], offsets[1:], strict=True)]
    # Prefix-free, hence decodable: no code is the start of another.
    for i, a in enumerate(paths):
        for j, b in enumerate(paths):
            assert i == j or b[: len(a)] != a
    # A tree: every path starts at the root V - 2, the inner nodes are 0..V-2,
    # and an inner node sits at one depth, reached by one prefix.
    assert all(nodes[a] == V - 2 for a in offsets[:-1])
    assert set(nodes.tolist()) == set(range(V - 1))
    prefix_of = {}
    for t in range(V):
        a, b = offsets[t], offsets[t + 1]
        for k in range(a, b):
            prefix = tuple(codes[a:k])
            assert prefix_of.setdefault(int(nodes[k]), prefix) == prefix
    assert lengths[np.argmax(counts)] == lengths.min()  # the most frequent: a shortest path


@pytest.mark.parametrize("seed", range(3))
def test_huffman_tree_breaks_ties_as_a_count_keyed_heap(seed):
    # Counts with many ties, as token counts have (many tokens occur 5, 6, 7
    # times). The tie rule changes the tree (not its weighted length) and the
    # quality of hierarchical softmax; the tree is the one heapq builds when
    # nodes compare by count alone.
    rng = np.random.default_rng(seed)
    counts = np.minimum(4 + rng.zipf(1.6, 700), 10_000)  # in any vocabulary order
    V = len(counts)
    parent = np.full(2 * V - 1, -1)
    bit = np.zeros(2 * V - 1, dtype=np.uint8)
    for k, (a, b) in enumerate(huffman_merges_heapq(counts)):
        parent[a] = parent[b] = V + k
        bit[b] = 1
    offsets, nodes, codes = huffman_paths(counts)
    for t in range(V):
        path, branch, u = [], [], t
        while parent[u] >= 0:
            path.append(parent[u] - V)
            branch.append(bit[u])
            u = parent[u]
        assert nodes[offsets[t] : offsets[t + 1]].tolist() == path[::-1]
        assert codes[offsets[t] : offsets[t + 1]].tolist() == branch[::-1]
    # Ties occurred, and the word2vec.c rule (inner nodes first) would differ.
    assert len(np.unique(counts)) < V // 2


def test_huffman_single_token():
    offsets, nodes, codes = huffman_paths(np.array([4]))
    assert offsets.tolist() == [0, 0] and nodes.size == codes.size == 0


@pytest.mark.parametrize(
    "counts",
    [
        [9, 5, 4, 3, 2, 1, 1],
        # Counts halving from token to token: a path of V - 1 = 39 inner
        # nodes, longer than the kernel's groups of HS_GROUP units.
        2 ** np.arange(40)[::-1],
    ],
)
def test_hs_pair_matches_reference(counts):
    rng = np.random.default_rng(8)
    counts = np.asarray(counts, dtype=np.int64)
    V = len(counts)
    tables = make_tables(counts, Objective.HIERARCHICAL, 0.0, 0.75)
    W = rng.normal(scale=0.5, size=(V, 5)).astype(np.float32)
    C = rng.normal(scale=0.5, size=(V - 1, 5)).astype(np.float32)  # inner nodes
    W_ref, C_ref = W.astype(np.float64), C.astype(np.float64)
    # buffer [context 2, center V - 1]: input 2 predicts the path of the last token.
    center = V - 1
    settings = _settings("hierarchical")
    loss, pairs = _one_center(_sgns._hs_centers, W, C, [2, center], 1, settings, tables=tables)
    a, b = tables.paths[center], tables.paths[center + 1]
    ref_loss = hs_pair(W_ref, C_ref, 2, tables.nodes[a:b], tables.codes[a:b], 0.4)
    assert pairs == 1 and b - a >= 3
    if V == 40:
        assert b - a == V - 1 > 2 * _sgns.HS_GROUP
    np.testing.assert_allclose(W, W_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(C, C_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-5)


def test_hs_step_raises_the_probability_of_the_path():
    """After a step, the input token gives the center's leaf a higher
    probability: the product of the logistic decisions along its path."""
    rng = np.random.default_rng(9)
    counts = np.array([6, 5, 4, 3, 2, 1])
    tables = make_tables(counts, Objective.HIERARCHICAL, 0.0, 0.75)
    W, C = _random_vectors(rng, 6, 4)
    C = C[:5]

    def leaf_probability(token, inp):
        a, b = tables.paths[token], tables.paths[token + 1]
        f = C[tables.nodes[a:b]].astype(np.float64) @ W[inp].astype(np.float64)
        sign = 1.0 - 2.0 * tables.codes[a:b]
        return np.prod(1.0 / (1.0 + np.exp(-sign * f)))

    total = sum(leaf_probability(t, 0) for t in range(6))
    np.testing.assert_allclose(total, 1.0, rtol=1e-6)  # the leaves' probabilities sum to 1
    before = leaf_probability(5, 0)
    _one_center(_sgns._hs_centers, W, C, [0, 5], 1, _settings("hierarchical", lr=0.1),
                tables=tables)  # fmt: skip
    assert leaf_probability(5, 0) > before


# -- whole epochs against a slow simulation ------------------------------------


def _reference_windows(tokens, offsets, keep_thr, window, shrink, seed, epoch, chunk_of):
    """Yield (chunk, position, center, contexts) in the kernel's order.

    Follows the documented sampling contract: a position is kept when the upper
    32 bits of ``hash64(derive_key(seed, epoch, 0), position)`` are below the
    token's threshold, its reduced window comes from the lower 32 bits, and the
    window runs over the kept tokens of the sequence.
    """
    key = np.uint64(derive_key(seed, epoch, 0))
    hashes = [int(hash64(key, p)) for p in range(len(tokens))]
    kept = [(h >> 32) < int(keep_thr[tokens[p]]) for p, h in enumerate(hashes)]
    for s in range(len(offsets) - 1):
        positions = [p for p in range(offsets[s], offsets[s + 1]) if kept[p]]
        for i, p in enumerate(positions):
            r = 1 + bounded32(np.uint64(hashes[p] & int(_LOW32)), window) if shrink else window
            ctx = [tokens[q] for q in positions[max(0, i - r) : i + r + 1] if q != p]
            yield chunk_of[p], p, tokens[p], ctx


def _reference_epoch(objective, W, C, tokens, offsets, counts, settings, seed, epoch, chunk_of):
    tables = make_tables(counts, settings.objective, 1e-2, 0.75)
    keep_thr, table = tables.keep, tables.noise
    n = len(tokens)
    K = int(settings.negative)
    streams = {}

    def draw(chunk, k):
        state = streams.get(chunk, np.uint64(derive_key(seed, epoch, chunk + 1)))
        out = []
        for _ in range(k):
            state, r = (np.uint64(v) for v in next64(state))
            out.append(int(alias_draw(table, r)))
        streams[chunk] = state
        return out

    upcoming = {}
    total_loss = 0.0
    for chunk, p, center, ctx in _reference_windows(
        tokens, offsets, keep_thr, int(settings.window), settings.shrink_window, seed, epoch,
        chunk_of,
    ):  # fmt: skip
        done = (epoch * n + p) / (int(settings.epochs) * n)
        lr = np.float32(settings.lr_start - (settings.lr_start - settings.lr_end) * done)
        if objective == "negative":
            for c in ctx:
                if chunk not in upcoming:
                    upcoming[chunk] = draw(chunk, K)
                negs = upcoming[chunk]
                upcoming[chunk] = draw(chunk, K)
                total_loss += sgns_pair(W, C, c, center, negs, lr)
        elif objective == "shared" and ctx:
            total_loss += sgns_shared_window(W, C, ctx, center, draw(chunk, K), lr)
        elif objective == "softmax" and ctx:
            total_loss += softmax_step(W, C, center, ctx, lr)[1]
        elif objective == "hierarchical":
            a, b = tables.paths[center], tables.paths[center + 1]
            for c in ctx:
                total_loss += hs_pair(W, C, c, tables.nodes[a:b], tables.codes[a:b], lr)
    return total_loss


@pytest.mark.parametrize("block_tokens", [None, 5], ids=["one-block", "blocks"])
@pytest.mark.parametrize("objective", ["negative", "shared", "softmax", "hierarchical"])
def test_epoch_matches_slow_simulation(objective, block_tokens):
    """A full epoch: subsampling, reduced windows, learning-rate decay, chunk
    boundaries (one sequence crosses the first chunk's end), noise draws, and
    the corpus cut into blocks that are trained one after the other."""
    rng = np.random.default_rng(4)
    V, dim = 12, 3
    lengths = [7, 1, 0, 40] if objective == "softmax" else [7, 1, 0, _sgns.CHUNK + 300]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    tokens = rng.integers(0, V, offsets[-1]).astype(np.int32)
    counts = np.bincount(tokens, minlength=V)
    W, C = _random_vectors(rng, V, dim)
    W *= 0.3
    C *= 0.3
    if objective == "hierarchical":
        C = np.ascontiguousarray(C[: V - 1])  # one row per inner node
    W_ref, C_ref = W.astype(np.float64), C.astype(np.float64)
    settings = _settings(objective, window=2, negative=2, lr=0.05, lr_end=0.01, epochs=3,
                         shrink=True, n_positions=len(tokens))  # fmt: skip
    tables = make_tables(counts, settings.objective, 1e-2, 0.75)
    loss = pairs = words = base = chunk_base = n_blocks = 0
    chunk_of = np.empty(len(tokens), dtype=np.int64)
    for ids, offs in memory_blocks(tokens, offsets, block_tokens or len(tokens)):
        at = Cursor.create(seed=77, epoch=1, base=base, chunk_base=chunk_base)
        result = _sgns.train_block(W, C, tables, ids, offs, settings, at, n_threads=1)
        loss, pairs, words = loss + result[0], pairs + result[1], words + result[2]
        chunk_of[base : base + len(ids)] = chunk_base + np.arange(len(ids)) // _sgns.CHUNK
        base += len(ids)
        chunk_base += _sgns.n_chunks(len(ids))
        n_blocks += 1
    assert n_blocks == (1 if block_tokens is None else 2)
    ref_loss = _reference_epoch(
        objective, W_ref, C_ref, tokens, offsets, counts, settings, 77, 1, chunk_of
    )
    assert pairs > 0 and words > 0
    np.testing.assert_allclose(W, W_ref, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(C, C_ref, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-4)


def test_hs_private_top_rows_are_the_top_of_the_tree():
    """With several threads, hierarchical softmax copies the root and the
    inner nodes right below it; one thread and other objectives copy none."""
    rng = np.random.default_rng(8)
    counts = rng.integers(1, 500, 200)
    tables = make_tables(counts, Objective.HIERARCHICAL, 0.0, 0.75)
    settings = _settings("hierarchical")
    first, count = _sgns._private_rows(settings, tables, n_threads=2)
    assert count == _sgns.HS_PRIVATE
    private = set(range(first, first + count))
    assert int(tables.nodes[0]) == len(counts) - 2 == first + count - 1  # the root
    for t in range(len(counts)):  # closed upwards: a private node's parent is private
        path = tables.nodes[tables.paths[t] : tables.paths[t + 1]].tolist()
        for parent, child in zip(path[:-1], path[1:], strict=True):
            assert child not in private or parent in private
    assert _sgns._private_rows(settings, tables, n_threads=1) == (0, 0)
    ns = make_tables(counts, Objective.NEGATIVE, 0.0, 0.75)
    assert _sgns._private_rows(_settings("negative"), ns, n_threads=2) == (0, 0)
    small = make_tables(np.array([3, 2, 1]), Objective.HIERARCHICAL, 0.0, 0.75)
    assert _sgns._private_rows(settings, small, n_threads=2) == (0, 2)


def test_hs_private_rows_change_only_rounding():
    """The private copies' changes all reach the shared rows, once: trained
    serially with private rows, an epoch equals the plain epoch up to rounding
    (the copies are merged every few centers and at each segment's end)."""
    rng = np.random.default_rng(9)
    V, dim = 60, 8
    offsets = np.array([0, 3, 200, 230, 2000], dtype=np.int64)
    tokens = rng.zipf(1.5, offsets[-1]).clip(1, V).astype(np.int32) - 1
    counts = np.bincount(tokens, minlength=V)
    W0, C0 = _random_vectors(rng, V, dim)
    W0 *= 0.3
    C0 = np.ascontiguousarray(C0[: V - 1] * 0.3)
    settings = _settings("hierarchical", window=3, lr=0.05, lr_end=0.01, shrink=True,
                         n_positions=len(tokens))  # fmt: skip
    tables = make_tables(counts, settings.objective, 0.0, 0.75)
    out = []
    for private_rows in [(0, 0), _sgns._private_rows(settings, tables, n_threads=2)]:
        W, C = W0.copy(), C0.copy()
        loss = np.zeros(1)
        pairs = np.zeros(1, dtype=np.int64)
        words = np.zeros(1, dtype=np.int64)
        rows = (np.int64(private_rows[0]), np.int64(private_rows[1]))
        _sgns._block_serial(W, C, tables, tokens, offsets, settings, Cursor.create(3, 0), rows,
                            loss, pairs, words)  # fmt: skip
        out.append((W, C, loss[0], pairs[0]))
    (W_a, C_a, loss_a, pairs_a), (W_b, C_b, loss_b, pairs_b) = out
    assert pairs_a == pairs_b > 1000
    top = slice(V - 1 - _sgns.HS_PRIVATE, V - 1)
    assert np.abs(C_a[top] - C0[top]).max() > 0.1  # the private rows did move
    np.testing.assert_allclose(C_b, C_a, rtol=0, atol=2e-5)
    np.testing.assert_allclose(W_b, W_a, rtol=0, atol=2e-5)
    np.testing.assert_allclose(loss_b, loss_a, rtol=1e-5)


def test_epoch_bit_reproducible_and_seed_dependent():
    rng = np.random.default_rng(5)
    tokens = rng.integers(0, 30, 20_000).astype(np.int32)
    offsets = np.arange(0, 20_001, 25, dtype=np.int64)
    counts = np.bincount(tokens, minlength=30)
    settings = _settings("negative", window=5, negative=5, lr=0.025, lr_end=1e-4, shrink=True,
                         n_positions=20_000)  # fmt: skip
    tables = make_tables(counts, settings.objective, 1e-3, 0.75)
    results = []
    for seed in (1, 1, 2):
        W = np.full((30, 8), 0.01, dtype=np.float32) * np.arange(8, dtype=np.float32)
        C = np.zeros((30, 8), dtype=np.float32)
        _sgns.train_block(W, C, tables, tokens, offsets, settings, Cursor.create(seed, 0), 1)
        results.append(W)
    assert np.array_equal(results[0], results[1])
    assert not np.allclose(results[0], results[2])


def test_sigmoid_exact_without_cutoff():
    """Logits far beyond word2vec's table range still update (no silent skip)."""
    for f in [-200.0, -30.0, -6.5, 0.0, 6.5, 30.0, 200.0]:
        p1, p0 = _sgns._sigmoids(np.float32(f))
        expected = 1.0 / (1.0 + np.exp(-np.float64(f)))
        np.testing.assert_allclose(p1, expected, rtol=1e-6, atol=1e-38)
        np.testing.assert_allclose(p0, 1.0 / (1.0 + np.exp(np.float64(f))), rtol=1e-6, atol=1e-38)
    # A pair with a large positive logit and a label 0 still gets its gradient.
    W = np.full((3, 4), 3.0, dtype=np.float32)
    C = np.full((3, 4), 3.0, dtype=np.float32)
    before = C[2].copy()
    _one_center(_sgns._sgns_centers, W, C, [0, 1], 1, _settings("negative", negative=1), negs=[2])
    assert np.all(C[2] < before)


def test_loss_accumulator_matches_log_sum():
    """The product trick for the loss equals a plain sum of -log p."""
    rng = np.random.default_rng(6)
    fs = rng.normal(scale=20, size=5000).astype(np.float32)
    loss, prod = 0.0, 1.0
    expected = 0.0
    for f in fs:
        p1, _ = _sgns._sigmoids(f)
        loss, prod = _sgns._add_nll(loss, prod, p1, f)
        expected += np.logaddexp(0.0, -np.float64(f))
    np.testing.assert_allclose(_sgns._flush_nll(loss, prod), expected, rtol=1e-5)


# -- frozen input vectors (init_vectors with freeze_init_vectors) -----------------


@pytest.mark.parametrize("objective", ["negative", "shared", "softmax", "hierarchical"])
def test_frozen_rows_keep_their_input_vectors_only(objective):
    """A frozen token's input vector does not move; everything else moves as usual."""
    rng = np.random.default_rng(3)
    W0, C0 = _random_vectors(rng, 6, 4)
    tokens = [0, 1, 2, 3, 0]
    kernel = {
        "negative": _sgns._sgns_centers,
        "shared": _sgns._shared_centers,
        "softmax": _sgns._softmax_centers,
        "hierarchical": _sgns._hs_centers,
    }[objective]
    settings = _settings(objective, window=2, negative=2)
    frozen = np.zeros(6, np.uint8)
    frozen[[1, 2]] = 1  # context tokens of center 2 (and 2 is the center)
    results = []
    for mask in (None, frozen):
        W, C = W0.copy(), C0.copy()
        extra = {}
        if objective == "hierarchical":
            counts = np.array([5, 4, 3, 2, 1, 1])
            extra["tables"] = make_tables(counts, Objective.HIERARCHICAL, 0.0, 0.75, frozen=mask)
        else:
            extra["negs"] = [4, 5]
            extra["frozen"] = mask
        _one_center(kernel, W, C, tokens, 2, settings, **extra)
        results.append((W, C))
    (W_free, C_free), (W_lock, C_lock) = results
    np.testing.assert_array_equal(W_lock[[1, 2]], W0[[1, 2]])
    assert not np.array_equal(W_free[[1, 2]], W0[[1, 2]])
    # The output vectors see the same (unmoved) inputs within one center: identical.
    np.testing.assert_array_equal(C_lock, C_free)
    other = [r for r in range(6) if r not in (1, 2)]
    np.testing.assert_array_equal(W_lock[other], W_free[other])


# -- LINE: drawn edges as left-only pairs ------------------------------------------


@pytest.mark.parametrize("order", ["first", "second"])
def test_line_edge_update_matches_the_reference(order):
    """A sampled edge (u, v) trained with a left-only window of 1 is LINE's update."""
    rng = np.random.default_rng(5)
    W0, C0 = _random_vectors(rng, 6, 4)
    negatives = [4, 1, 3]  # 1 is the target: skipped
    for tail, head in [(0, 1), (2, 5)]:
        W, C = W0.copy(), C0.copy()
        if order == "first":
            C = W  # one table at both ends
        settings = _settings("negative", negative=3, lr=0.3, left_only=True)
        loss, pairs = _one_center(
            _sgns._sgns_centers, W, C, [tail, head], 1, settings, negs=negatives
        )
        assert pairs == 1
        W_ref, C_ref = W0.copy(), C0.copy()
        if order == "first":
            C_ref = W_ref
        line_step(W_ref, C_ref, tail, head, negatives, 0.3)
        np.testing.assert_allclose(W, W_ref, atol=1e-6)
        np.testing.assert_allclose(C, C_ref, atol=1e-6)


def test_left_only_windows_pair_each_center_with_earlier_tokens_only():
    rng = np.random.default_rng(6)
    W, C = _random_vectors(rng, 6, 4)
    for center, expected in [(0, 0), (1, 1), (2, 2), (3, 2)]:
        settings = _settings("negative", window=2, negative=1, left_only=True)
        _, pairs = _one_center(
            _sgns._sgns_centers, W.copy(), C.copy(), [0, 1, 2, 3], center, settings, negs=[5]
        )
        assert pairs == expected


@pytest.mark.parametrize("weighted", [True, False])
def test_edge_samples_follow_the_edge_weights(weighted):
    """Chi-square: edges are drawn in proportion to their weight (uniformly if equal)."""
    from scipy.stats import chisquare

    from sksg._edges import EdgeSamples

    rng = np.random.default_rng(0)
    n = 30
    A = sp.csr_array(sp.random(n, n, density=0.2, random_state=1, format="csr"))
    A.data[:] = rng.uniform(0.1, 5.0, A.nnz) if weighted else 1.0
    A.sort_indices()
    n_samples = 300_000
    source = EdgeSamples(A.indptr, A.indices.astype(np.int32), A.data, n_samples, seed=3)
    counts = np.zeros((n, n))
    total = 0
    for ids, offsets in source.blocks():
        assert np.array_equal(offsets, np.arange(0, ids.shape[0] + 1, 2))
        np.add.at(counts, (ids[0::2], ids[1::2]), 1)
        total += ids.shape[0] // 2
    assert total == n_samples
    observed = counts[A.nonzero()]
    assert observed.sum() == n_samples  # every draw is an edge of the graph
    expected = A.data / A.data.sum() * n_samples
    assert chisquare(observed, expected).pvalue > 1e-3
    # The same draws on every pass.
    again = np.concatenate([ids.copy() for ids, _ in source.blocks()])
    first = np.concatenate([ids.copy() for ids, _ in source.blocks()])
    np.testing.assert_array_equal(again, first)
