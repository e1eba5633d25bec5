"""Training in frequency order: the relabelling is invisible to users.

The trainer puts the most frequent tokens on the first rows for the run and
maps the corpus through the ranks (``sksg._relabel``). Hierarchical softmax
draws no noise tokens, so there the relabelled run must give the vectors of
the run in token order bit for bit; with negative sampling only the noise
draws differ, and the vectors must come back in token order wherever a user
can see them.
"""

import numpy as np
import pytest
import scipy.sparse as sp

import sksg._trainer as trainer
from sksg import GraphWalkEmbedder, LINEEmbedder, SkipGramEmbedder, StopTraining
from sksg._corpus import EncodedCorpus
from sksg._huffman import huffman_paths
from sksg._relabel import (
    RelabelledSource,
    frequency_order,
    gather_rows,
    inverse,
    reorder_paths,
)
from sksg._sgns import Objective, SkipGramSettings


def power_law_graph(n=300, m=1500, seed=0):
    """Nodes of very unequal degree, in no particular order."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, n + 1) ** 0.8
    p /= p.sum()
    perm = rng.permutation(n)
    src, dst = perm[rng.choice(n, m, p=p)], perm[rng.choice(n, m, p=p)]
    A = sp.coo_array((np.ones(m), (src, dst)), shape=(n, n)).tocsr()
    A = sp.csr_array(A + A.T)
    A.setdiag(0)
    A.eliminate_zeros()
    A.data[:] = 1.0
    return A


def settings_of(n_positions, objective=Objective.NEGATIVE):
    return SkipGramSettings.create(
        objective=objective, window=2, shrink_window=True, negative=3, lr_start=0.025,
        lr_end=1e-4, epochs=1, n_positions=n_positions,
    )  # fmt: skip


# -- the pieces ------------------------------------------------------------------


def test_frequency_order_sorts_by_decreasing_count_ties_by_id():
    counts = np.array([3, 9, 3, 0, 9, 1])
    order = frequency_order(counts)
    np.testing.assert_array_equal(order, [1, 4, 0, 2, 5, 3])
    assert order.dtype == np.int32
    rank = inverse(order)
    np.testing.assert_array_equal(rank[order], np.arange(6))
    assert frequency_order(np.array([5, 5, 2, 0])) is None  # already in order
    assert frequency_order(np.array([7])) is None


@pytest.mark.parametrize("n", [1, 2, 7, 1000])
def test_gather_rows_permutes_in_place_like_fancy_indexing(n):
    rng = np.random.default_rng(n)
    for index in (np.arange(n), rng.permutation(n), np.roll(np.arange(n), 1)):
        index = index.astype(np.int32)
        X = rng.standard_normal((n, 5)).astype(np.float32)
        expected = X[index]
        buffer = X
        gather_rows(X, index)
        assert X is buffer
        np.testing.assert_array_equal(X, expected)
        gather_rows(X, inverse(index))  # and back
        np.testing.assert_array_equal(X[index], expected)


def test_reordered_paths_are_the_same_tree():
    counts = np.array([4, 40, 1, 13, 13, 2, 7])
    paths, nodes, codes = huffman_paths(counts)
    order = frequency_order(counts)
    new_paths, new_nodes, new_codes = reorder_paths(paths, nodes, codes, order)
    for r, t in enumerate(order):
        span, new_span = slice(paths[t], paths[t + 1]), slice(new_paths[r], new_paths[r + 1])
        np.testing.assert_array_equal(new_nodes[new_span], nodes[span])
        np.testing.assert_array_equal(new_codes[new_span], codes[span])


def test_relabelled_source_maps_blocks_and_leaves_the_corpus_alone():
    ids = np.array([2, 0, 1, 2, 3, 3, 0], dtype=np.int32)
    offsets = np.array([0, 3, 7], dtype=np.int64)
    rank = np.array([3, 1, 0, 2], dtype=np.int32)
    kept = ids.copy()
    source = RelabelledSource(EncodedCorpus(ids, offsets, 4, cuts=np.array([0, 1])), rank)
    blocks = [(a.copy(), o.copy()) for a, o in source.blocks()]
    np.testing.assert_array_equal(blocks[0][0], rank[ids[:3]])
    np.testing.assert_array_equal(blocks[1][0], rank[ids[3:]])
    np.testing.assert_array_equal(blocks[1][1], [0, 4])
    np.testing.assert_array_equal(ids, kept)
    np.testing.assert_array_equal(source.counts(), np.bincount(rank[ids], minlength=4))


@pytest.mark.parametrize("objective", list(Objective))
def test_state_in_training_order_and_back(objective):
    rng = np.random.default_rng(0)
    counts = rng.integers(1, 100, 30)
    settings = settings_of(int(counts.sum()), objective)
    n_out = 29 if objective == Objective.HIERARCHICAL else 30
    W = rng.standard_normal((30, 8)).astype(np.float32)
    C = rng.standard_normal((n_out, 8)).astype(np.float32)
    W0, C0 = W.copy(), C.copy()
    frozen = rng.random(30) < 0.3
    state = trainer.build_state(
        counts, settings, n_components=8, sample=1e-2, ns_exponent=0.75, seed=1,
        vectors=(W, C), frozen=frozen,
    )  # fmt: skip
    order = frequency_order(counts)
    np.testing.assert_array_equal(state.order, order)
    assert state.ranked and state.input_vectors is W
    np.testing.assert_array_equal(W, W0[order])
    # Output rows are tokens, except the inner nodes of the tree.
    np.testing.assert_array_equal(C, C0 if objective == Objective.HIERARCHICAL else C0[order])
    plain = trainer.make_tables(counts[order], objective, 1e-2, 0.75, frozen=frozen[order])
    for name in ("keep", "noise", "frozen"):
        np.testing.assert_array_equal(getattr(state.tables, name), getattr(plain, name))
    np.testing.assert_array_equal(state.rows(np.array([order[4]])), [4])
    state.to_token_order()
    np.testing.assert_array_equal(W, W0)
    np.testing.assert_array_equal(C, C0)


def test_one_table_at_both_ends_is_reordered_once():
    counts = np.array([1, 5, 3, 9])
    settings = settings_of(18)
    W = np.arange(8, dtype=np.float32).reshape(4, 2)
    W0 = W.copy()
    state = trainer.build_state(
        counts, settings, n_components=2, sample=0.0, ns_exponent=0.75, seed=0, vectors=(W, W)
    )
    np.testing.assert_array_equal(W, W0[[3, 1, 2, 0]])
    state.to_token_order()
    np.testing.assert_array_equal(W, W0)


def test_fresh_vectors_start_from_each_tokens_own_vector():
    counts = np.array([1, 5, 3, 9])
    settings = settings_of(18)
    state = trainer.build_state(
        counts, settings, n_components=4, sample=0.0, ns_exponent=0.75, seed=3
    )
    state.to_token_order()
    plain = trainer.build_state(
        counts, settings, n_components=4, sample=0.0, ns_exponent=0.75, seed=3, relabel=False
    )
    np.testing.assert_array_equal(state.input_vectors, plain.input_vectors)


# -- whole fits ------------------------------------------------------------------


def _fit_hs(**extra):
    seen = []

    def callback(model, info):
        seen.append(model.embedding_.copy())

    params = dict(
        graph=power_law_graph(), objective="hierarchical", n_components=8, walk_length=10,
        walks_per_node=2, epochs=2, sample=1e-2, random_state=0, n_jobs=1, callbacks=[callback],
    )  # fmt: skip
    model = GraphWalkEmbedder(**{**params, **extra}).fit()
    grown = sp.csr_array(power_law_graph(seed=1) + model.graph)
    grown.data[:] = 1.0
    model.partial_fit(graph=grown)
    return model, seen


def test_hierarchical_softmax_is_bit_identical_in_either_order(monkeypatch):
    n = power_law_graph().shape[0]
    known = np.random.default_rng(0).standard_normal((n // 2, 8)).astype(np.float32)
    init = (list(range(n // 2)), known)
    relabelled, seen = _fit_hs(init_vectors=init, freeze_init_vectors=True)
    assert frequency_order(relabelled.node_counts_) is not None  # it did relabel
    monkeypatch.setattr(trainer, "frequency_order", lambda counts: None)
    plain, plain_seen = _fit_hs(init_vectors=init, freeze_init_vectors=True)
    np.testing.assert_array_equal(relabelled.embedding_, plain.embedding_)
    np.testing.assert_array_equal(relabelled.context_vectors_, plain.context_vectors_)
    np.testing.assert_array_equal(relabelled.embedding_[: n // 2], known)  # frozen rows
    assert len(seen) == len(plain_seen) == 4  # two epochs of fit, two of partial_fit
    for a, b in zip(seen, plain_seen, strict=True):  # callbacks see token order
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("objective", ["negative", "hierarchical"])
def test_callbacks_and_errors_leave_vectors_in_token_order(objective):
    seen = []

    def stop(model, info):
        seen.append((model.embedding_.copy(), model.context_vectors_.copy()))
        raise StopTraining

    params = dict(
        graph=power_law_graph(), objective=objective, n_components=8, walk_length=10,
        walks_per_node=2, epochs=3, random_state=0,
    )  # fmt: skip
    model = GraphWalkEmbedder(**params, callbacks=[stop]).fit()
    np.testing.assert_array_equal(model.embedding_, seen[0][0])
    np.testing.assert_array_equal(model.context_vectors_, seen[0][1])

    def fail(model, info):
        seen.append((model.embedding_.copy(), model.context_vectors_.copy()))
        raise ValueError("from the callback")

    model = GraphWalkEmbedder(**params, callbacks=[fail])
    with pytest.raises(ValueError, match="from the callback"):
        model.fit()
    np.testing.assert_array_equal(model.embedding_, seen[1][0])
    np.testing.assert_array_equal(model.context_vectors_, seen[1][1])
    # Trained one epoch like the stopped fit, in the same order.
    np.testing.assert_array_equal(seen[1][0], seen[0][0])


def test_text_in_frequency_order_is_not_relabelled(monkeypatch):
    calls = []
    real = trainer.frequency_order

    def spy(counts):
        out = real(counts)
        calls.append(out)
        return out

    monkeypatch.setattr(trainer, "frequency_order", spy)
    SkipGramEmbedder(n_components=8, epochs=1).fit([["a", "b", "a", "c"], ["b", "a"]])
    assert calls == [None]  # the vocabulary is sorted by count already


def test_line_first_order_is_relabelled_with_one_table():
    A = power_law_graph()
    model = LINEEmbedder(A, order="first", n_components=8, random_state=0).fit()
    # Linked nodes end up closer than unlinked ones, row by row in token order.
    X = model.embedding_ / np.linalg.norm(model.embedding_, axis=1, keepdims=True)
    S = X @ X.T
    linked = A.toarray() > 0
    np.fill_diagonal(linked, False)
    unlinked = ~linked
    np.fill_diagonal(unlinked, False)
    assert S[linked].mean() > S[unlinked].mean() + 0.2
