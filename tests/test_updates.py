"""Models that keep learning: epoch callbacks and partial_fit."""

import copy
import warnings

import numpy as np
import pytest
from sklearn.base import clone

from sksg import EpochInfo, GraphWalkEmbedder, SkipGramEmbedder, StopTraining
from sksg.datasets import make_topic_corpus

FAST = dict(n_components=16, epochs=3, random_state=0)


def precision(vectors, labels, rows, k=10, among=None):
    """Mean fraction of the ``k`` nearest neighbours of ``rows`` that share their label.

    Neighbours are searched among ``among`` (default: all rows); labels < 0 are
    not scored.
    """
    E = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    among = np.arange(len(E)) if among is None else np.asarray(among)
    S = E[rows] @ E[among].T
    S[among[None, :] == np.asarray(rows)[:, None]] = -np.inf
    nearest = among[np.argsort(-S, axis=1)[:, :k]]
    own = labels[rows]
    mask = own >= 0
    return (labels[nearest][mask] == own[mask, None]).mean()


@pytest.fixture(scope="module")
def topics():
    return make_topic_corpus(600, n_topics=6, tokens_per_topic=30, n_common=10, random_state=0)


def _labels(model, topic):
    return np.array([topic.get(t, -1) for t in model.tokens_])


# -- callbacks ----------------------------------------------------------------


def test_callbacks_see_each_epoch_and_a_usable_model(topics):
    corpus, _ = topics
    seen = []

    def record(model, info):
        assert isinstance(info, EpochInfo)
        # A usable model: vectors, queries and the loss curve so far.
        assert model.transform([corpus[0]]).shape == (1, 16)
        seen.append((info, model.loss_curve_.copy(), model.embedding_.copy()))

    model = SkipGramEmbedder(**FAST, callbacks=[record]).fit(corpus)
    assert [info.epoch for info, _, _ in seen] == [0, 1, 2]
    assert all(info.epochs == 3 for info, _, _ in seen)
    for info, curve, _ in seen:
        assert curve.shape == (info.epoch + 1,)
        assert curve[-1] == pytest.approx(info.loss)
        assert info.words > 0 and info.pairs > info.words and info.seconds >= 0
    np.testing.assert_array_equal(model.loss_curve_, [info.loss for info, _, _ in seen])
    # Epoch snapshots differ (training moved the vectors); the last is the result.
    assert not np.array_equal(seen[0][2], seen[1][2])
    np.testing.assert_array_equal(seen[-1][2], model.embedding_)
    # Callbacks do not change training.
    plain = SkipGramEmbedder(**FAST).fit(corpus)
    np.testing.assert_array_equal(plain.embedding_, model.embedding_)


@pytest.mark.parametrize("how", ["return", "raise"])
def test_a_callback_stops_training_early(topics, how):
    corpus, _ = topics

    def stop_after_two(model, info):
        if info.epoch == 1:
            if how == "raise":
                raise StopTraining
            return True
        return None

    later = []
    model = SkipGramEmbedder(
        **{**FAST, "epochs": 10}, callbacks=[stop_after_two, lambda m, i: later.append(i)]
    )
    model.fit(corpus)
    assert model.epochs_ == 2 and model.loss_curve_.shape == (2,)
    # Returning True lets the other callbacks of the epoch run; raising ends at once.
    assert len(later) == (2 if how == "return" else 1)
    assert model.transform([corpus[0]]).shape == (1, 16)
    # The vectors are those of the epoch that stopped, as a snapshot of a full run shows.
    snapshots = []
    SkipGramEmbedder(
        **{**FAST, "epochs": 10}, callbacks=[lambda m, i: snapshots.append(m.embedding_.copy())]
    ).fit(corpus)
    np.testing.assert_array_equal(snapshots[1], model.embedding_)
    assert not np.array_equal(snapshots[-1], model.embedding_)


def test_only_true_stops(topics):
    corpus, _ = topics
    model = SkipGramEmbedder(**FAST, callbacks=[lambda m, i: "saved.npy"]).fit(corpus)
    assert model.epochs_ == 3


def test_early_stopping_on_a_plateau(topics):
    """The user guide's early-stopping recipe: stop when the loss stops falling."""
    corpus, _ = topics

    class EarlyStopping:
        def __init__(self, tol):
            self.tol, self.best = tol, np.inf

        def __call__(self, model, info):
            if info.loss > self.best - self.tol:
                return True
            self.best = info.loss
            return False

    model = SkipGramEmbedder(**{**FAST, "epochs": 50}, callbacks=[EarlyStopping(0.05)])
    model.fit(corpus)
    assert 2 <= model.epochs_ < 50
    assert model.loss_curve_[-1] > model.loss_curve_[-2] - 0.05


def test_checkpoint_callback_writes_loadable_vectors(topics, tmp_path):
    from sksg import load_word2vec_format

    corpus, _ = topics

    def checkpoint(model, info):
        model.save_word2vec_format(tmp_path / f"epoch{info.epoch}.txt")

    model = SkipGramEmbedder(**FAST, callbacks=[checkpoint]).fit(corpus)
    keys, vectors = load_word2vec_format(tmp_path / "epoch2.txt")
    assert keys == [str(t) for t in model.tokens_]
    np.testing.assert_allclose(vectors, model.embedding_, atol=1e-6)
    assert len(list(tmp_path.iterdir())) == 3


def test_callback_errors_propagate_and_bad_callbacks_are_named(topics):
    corpus, _ = topics

    def broken(model, info):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        SkipGramEmbedder(**FAST, callbacks=[broken]).fit(corpus)
    with pytest.raises(TypeError, match=r"callbacks\[1\] is 'x' of type str, which is not"):
        SkipGramEmbedder(**FAST, callbacks=[print, "x"]).fit(corpus)
    with pytest.raises(ValueError, match="callbacks"):
        SkipGramEmbedder(**FAST, callbacks=print).fit(corpus)


def test_callbacks_are_clonable_and_serve_graphs():
    calls = []
    model = GraphWalkEmbedder(
        walk_length=10, walks_per_node=2, **FAST, callbacks=[lambda m, i: calls.append(i.epoch)]
    )
    twin = clone(model)
    assert twin.get_params()["callbacks"][0] is model.callbacks[0]  # a function: itself
    ring = [[i, (i + 1) % 20] for i in range(20)]
    twin.fit(ring)
    assert calls == [0, 1, 2]


# -- partial_fit: tokens ------------------------------------------------------


def test_first_partial_fit_is_fit(topics):
    corpus, _ = topics
    a = SkipGramEmbedder(**FAST).fit(corpus)
    b = SkipGramEmbedder(**FAST).partial_fit(corpus)
    np.testing.assert_array_equal(a.embedding_, b.embedding_)
    assert list(a.tokens_) == list(b.tokens_)


def _renamed(corpus, topic, min_rank):
    """The corpus with topic tokens of rank >= min_rank renamed: new tokens, known topics."""

    def rename(t):
        if t.startswith("t") and int(t.split("_")[1]) >= min_rank:
            return "new_" + t
        return t

    new_topic = {**topic, **{"new_" + t: k for t, k in topic.items()}}
    return [[rename(t) for t in s] for s in corpus], new_topic


def test_partial_fit_adds_tokens_near_what_they_occur_with(topics):
    corpus, topic = topics
    model = SkipGramEmbedder(n_components=32, epochs=5, random_state=0).fit(corpus)
    n_old = len(model.tokens_)
    old_rows = np.arange(n_old)
    labels = _labels(model, topic)
    before = precision(model.embedding_, labels, old_rows)
    kept = model.embedding_.copy()

    # Tomorrow's sessions: the same topics, a third of their tokens new.
    more, _ = make_topic_corpus(600, n_topics=6, tokens_per_topic=30, n_common=10, random_state=1)
    more, topic2 = _renamed(more, topic, min_rank=20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.partial_fit(more)
    assert list(model.tokens_[:n_old]) == list(kept_tokens := model.tokens_[:n_old])
    assert all(model.vocabulary_[t] == i for i, t in enumerate(kept_tokens))
    new_rows = np.arange(n_old, len(model.tokens_))
    assert all(t.startswith("new_") for t in model.tokens_[new_rows])
    assert len(new_rows) == 6 * 10
    labels = _labels(model, topic2)
    # Old tokens keep meaningful neighbours (no collapse) ...
    after = precision(model.embedding_, labels, old_rows, among=old_rows)
    assert after > 0.8 * before and after > 0.5, (before, after)
    # ... and new tokens land among the old tokens of their topic (chance: 1/6).
    assert precision(model.embedding_, labels, new_rows, among=old_rows) > 0.6
    assert not np.array_equal(model.embedding_[:n_old], kept)  # every vector kept training


def test_partial_fit_in_batches_is_as_good_as_fit(topics):
    corpus, topic = topics
    params = dict(n_components=32, epochs=5, random_state=0)
    whole = SkipGramEmbedder(**params).fit(corpus)
    batches = SkipGramEmbedder(**params)
    for start in range(0, len(corpus), 200):
        batches.partial_fit(corpus[start : start + 200])
    assert sorted(batches.tokens_) == sorted(whole.tokens_)
    np.testing.assert_array_equal(
        batches.token_counts_[[batches.vocabulary_[t] for t in whole.tokens_]],
        whole.token_counts_,
    )
    rows = np.arange(len(whole.tokens_))
    a = precision(whole.embedding_, _labels(whole, topic), rows)
    b = precision(batches.embedding_, _labels(batches, topic), rows)
    assert b > a - 0.1 and b > 0.6, (a, b)


def test_partial_fit_auto_epochs_are_those_of_a_fit_on_all_data_seen(topics):
    corpus, _ = topics
    model = SkipGramEmbedder(n_components=8, random_state=0).partial_fit(corpus[:500])
    small = corpus[500:520]  # alone, 'auto' would give it many epochs
    model.partial_fit(small)
    alone = SkipGramEmbedder(n_components=8, random_state=0).fit(small)
    everything = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus[:520])
    assert model.epochs_ == everything.epochs_ < alone.epochs_
    model.set_params(epochs=3)  # an explicit number applies to each call as given
    assert model.partial_fit(small).epochs_ == 3


def test_partial_fit_is_reproducible_and_each_call_draws_anew(topics):
    corpus, _ = topics

    def run():
        m = SkipGramEmbedder(**FAST).partial_fit(corpus[:300])
        first = m.embedding_.copy()
        m.partial_fit(corpus[:300])
        return first, m.embedding_

    first, second = run()
    again_first, again_second = run()
    np.testing.assert_array_equal(second, again_second)
    # The second call moved the vectors: it did not replay the first call's streams
    # from the fitted point (which would move them too, but identically each run).
    assert not np.array_equal(first, second)


def test_partial_fit_vocabulary_rules():
    model = SkipGramEmbedder(n_components=4, min_count=2, max_final_vocab=4, random_state=0)
    model.partial_fit([["a", "a", "b", "b", "x"]])
    assert model.tokens_.tolist() == ["a", "b"]
    model.partial_fit([["c", "c", "c", "d", "d", "e", "e", "f", "a"]])
    # New tokens need min_count in the new data; the cap keeps the most frequent.
    assert model.tokens_.tolist() == ["a", "b", "c", "d"]
    assert model.token_counts_.tolist() == [3, 2, 3, 2]
    assert model.embedding_.shape == (4, 4) and model.context_vectors_.shape == (4, 4)


def test_partial_fit_from_a_one_shot_iterator_equals_a_list(topics):
    corpus, _ = topics
    a = SkipGramEmbedder(**FAST).fit(corpus[:300])
    b = copy.deepcopy(a)
    more, _ = make_topic_corpus(200, n_topics=8, tokens_per_topic=30, random_state=2)
    a.partial_fit(more)
    b.partial_fit(iter(more))
    assert list(a.tokens_) == list(b.tokens_)
    np.testing.assert_array_equal(a.embedding_, b.embedding_)


@pytest.mark.parametrize("grow", [False, True])
def test_partial_fit_hierarchical_keeps_the_tree_until_the_vocabulary_grows(topics, grow):
    corpus, _ = topics
    model = SkipGramEmbedder(**FAST, objective="hierarchical").fit(corpus[:300])
    inner = model.context_vectors_.copy()
    more = corpus[300:] + ([["brand", "new", "brand", "new"]] if grow else [])
    # A learning rate too small to move anything shows where the vectors started.
    model.set_params(learning_rate=1e-9, min_learning_rate=0.0)
    model.partial_fit(more)
    assert model.context_vectors_.shape == (len(model.tokens_) - 1, 16)
    if grow:  # a new tree: its inner nodes start from zero
        assert len(model.tokens_) == len(inner) + 1 + 2
        assert np.abs(model.context_vectors_).max() < 1e-4
    else:  # the same tree: its inner nodes continue
        np.testing.assert_allclose(model.context_vectors_, inner, atol=1e-4)
        assert np.abs(inner).max() > 1e-2


def test_partial_fit_errors_and_unchanged_model(topics):
    corpus, _ = topics
    model = SkipGramEmbedder(**FAST, min_count=2).fit(corpus)
    before = model.embedding_.copy()
    with pytest.warns(UserWarning, match="nothing to train on, and the model is unchanged"):
        model.partial_fit([["never", "seen"]])
    np.testing.assert_array_equal(model.embedding_, before)
    model.set_params(n_components=8)
    with pytest.raises(ValueError, match="n_components=8, but the model was fitted with 16"):
        model.partial_fit(corpus)
    table = SkipGramEmbedder(**FAST).partial_fit(np.array([["a", "b", "c"], ["c", "b", "a"]]))
    with pytest.raises(ValueError, match="X has 2 features, but SkipGramEmbedder is expecting 3"):
        table.partial_fit(np.array([["a", "b"]]))


def test_partial_fit_does_not_modify_the_callers_data(topics):
    corpus, _ = topics
    model = SkipGramEmbedder(**FAST).fit(corpus[:300])
    held = model.embedding_
    more = [list(s) for s in corpus[300:]]
    snapshot = copy.deepcopy(more)
    model.partial_fit(more)
    assert more == snapshot
    assert held is not model.embedding_  # the earlier array is left as it was


# -- partial_fit: graphs --------------------------------------------------------


def _caves(n_caves, size, start=0):
    """Cliques of ``size`` nodes in a ring, neighbouring cliques joined by one edge."""
    edges = []
    for c in range(n_caves):
        base = start + c * size
        edges += [(base + i, base + j) for i in range(size) for j in range(i + 1, size)]
        edges.append((base + size - 1, start + ((c + 1) % n_caves) * size))
    return np.array(edges)


GRAPH = dict(n_components=16, walk_length=5, walks_per_node=10, window=3, random_state=0)


def test_graph_partial_fit_walks_only_near_the_change():
    edges = _caves(10, 6)
    emb = GraphWalkEmbedder(edges, **GRAPH, update_radius=0).fit()
    before = emb.embedding_.copy()
    # Two new nodes hang off node 0 (cave 0).
    grown = np.vstack([edges, [[0, 60], [60, 61]]])
    emb.partial_fit(graph=grown)
    assert emb.nodes_.tolist() == list(range(60)) + [60, 61]
    assert emb.embedding_.shape == (62, 16)
    # Walks of 5 nodes from nodes 0, 60 and 61 reach at most 4 edges from node 0;
    # the caves beyond (nodes 24-47 are at least 5 edges away) did not move at all.
    far = np.arange(24, 48)
    np.testing.assert_array_equal(emb.embedding_[far], before[far])
    assert not np.array_equal(emb.embedding_[0], before[0])
    # The new nodes land next to where they hang: cave 0 (chance: 1 in 10).
    nearest = [[n for n, _ in emb.most_similar(v, topn=5)] for v in (60, 61)]
    assert sum(n in range(6) or n in (60, 61) for row in nearest for n in row) >= 6
    assert emb.graph is edges  # the parameter is left as it was


def test_graph_partial_fit_radius_and_counts():
    edges = _caves(10, 6)
    emb = GraphWalkEmbedder(edges, **GRAPH, update_radius=2).fit()
    counts = emb.node_counts_.copy()
    rewired = np.vstack([edges, [[2, 3 * 6]]])  # a chord from cave 0 to cave 3
    emb.partial_fit(graph=rewired)
    # Changed: nodes 2 and 18; walks from them and all nodes within 2 edges.
    added = emb.node_counts_ - counts
    assert added.sum() > 0 and (added >= 0).all()
    assert added[2] >= 10 and added[18] >= 10  # 10 walks start at each
    assert added[[40, 41, 42]].sum() == 0  # far from both ends


def test_graph_partial_fit_unchanged_graph_warns_and_keeps_the_model():
    edges = _caves(4, 5)
    emb = GraphWalkEmbedder(edges, **GRAPH).fit()
    before = emb.embedding_.copy()
    with pytest.warns(UserWarning, match="has not changed since the last fit"):
        emb.partial_fit()
    # Same graph in another form and edge order: still unchanged.
    with pytest.warns(UserWarning, match="has not changed"):
        emb.partial_fit(graph=edges[::-1, ::-1].copy())
    np.testing.assert_array_equal(emb.embedding_, before)
    # A weight change is a change.
    weighted = np.column_stack([edges, np.ones(len(edges))])
    weighted[0, 2] = 3.0
    emb.partial_fit(graph=weighted)
    assert not np.array_equal(emb.embedding_, before)


def test_graph_partial_fit_first_call_fits_and_networkx_in_place():
    nx = pytest.importorskip("networkx")
    G = nx.karate_club_graph()
    a = GraphWalkEmbedder(G, **GRAPH).partial_fit()
    b = GraphWalkEmbedder(G, **GRAPH).fit()
    np.testing.assert_array_equal(a.embedding_, b.embedding_)
    H = G.copy()
    emb = GraphWalkEmbedder(H, **GRAPH).fit()
    H.add_edge(33, "new")  # the user's graph grows in place
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        emb.partial_fit()
    assert emb.nodes_[-1] == "new" and emb.vocabulary_["new"] == 34
    H.add_node("alone")
    with pytest.warns(UserWarning) as record:
        emb.partial_fit()
    messages = [str(w.message) for w in record]
    assert any("1 new nodes have no edges (the first is 'alone')" in m for m in messages)
    # Walking from 'alone' only, there is no pair: said, not silently skipped.
    assert any("no (center, context) pair" in m for m in messages)


def test_graph_partial_fit_from_sequences():
    emb = GraphWalkEmbedder(**GRAPH).partial_fit([[0, 1, 2, 3], [3, 4, 5]])
    emb.partial_fit([[5, 6, 7], [7, 8]])
    assert emb.nodes_.tolist() == list(range(9))
    assert emb.embedding_.shape == (9, 16)


# -- init_vectors -----------------------------------------------------------------

STILL = dict(learning_rate=1e-9, min_learning_rate=0.0)  # training that moves nothing visible


def test_init_vectors_from_an_estimator_a_pair_and_files(topics, tmp_path):
    corpus, _ = topics
    source = SkipGramEmbedder(**FAST).fit(corpus[:20])
    blank = SkipGramEmbedder(**{**FAST, "random_state": 5}, **STILL).fit(corpus)
    known = [t for t in blank.tokens_ if t in source.vocabulary_]
    unknown = [t for t in blank.tokens_ if t not in source.vocabulary_]
    assert known and unknown
    source.save_word2vec_format(tmp_path / "v.txt")
    source.save_word2vec_format(tmp_path / "v.bin", binary=True)
    source.save_word2vec_format(tmp_path / "v.w2v", binary=True)  # binary, any name
    pair = (list(source.tokens_), source.embedding_.astype(np.float64))
    for init in (source, pair, tmp_path / "v.txt", str(tmp_path / "v.bin"), tmp_path / "v.w2v"):
        model = SkipGramEmbedder(**{**FAST, "random_state": 5}, **STILL, init_vectors=init)
        model.fit(corpus)
        rows = [model.vocabulary_[t] for t in known]
        np.testing.assert_allclose(
            model.embedding_[rows], source.embedding_[[source.vocabulary_[t] for t in known]],
            atol=1e-5,
        )  # fmt: skip
        # Tokens it does not know start as they would without it.
        others = [model.vocabulary_[t] for t in unknown]
        np.testing.assert_allclose(model.embedding_[others], blank.embedding_[others], atol=1e-5)


def test_frozen_init_vectors_do_not_move_and_help_on_little_data():
    big, topic = make_topic_corpus(3000, n_topics=6, tokens_per_topic=30, random_state=0)
    small, _ = make_topic_corpus(60, n_topics=6, tokens_per_topic=30, random_state=1)
    params = dict(n_components=32, epochs=5, random_state=0)
    pretrained = SkipGramEmbedder(**params).fit(big)
    frozen = SkipGramEmbedder(**params, init_vectors=pretrained, freeze_init_vectors=True)
    frozen.fit(small)
    rows = [pretrained.vocabulary_[t] for t in frozen.tokens_]
    np.testing.assert_array_equal(frozen.embedding_, pretrained.embedding_[rows])
    assert not np.array_equal(frozen.context_vectors_, 0)  # the output vectors trained
    warm = SkipGramEmbedder(**params, init_vectors=pretrained).fit(small)
    assert not np.array_equal(warm.embedding_, pretrained.embedding_[rows])  # they trained
    cold = SkipGramEmbedder(**params).fit(small)
    every = np.arange(len(cold.tokens_))
    p_cold = precision(cold.embedding_, _labels(cold, topic), every)
    p_warm = precision(warm.embedding_, _labels(warm, topic), every)
    assert p_warm > p_cold + 0.2, (p_cold, p_warm)


def test_init_vectors_for_graph_nodes_from_a_file(tmp_path):
    edges = _caves(4, 5)
    first = GraphWalkEmbedder(edges, **GRAPH).fit()
    first.save_word2vec_format(tmp_path / "nodes.txt")  # integer IDs written as text
    again = GraphWalkEmbedder(
        edges, **GRAPH, init_vectors=tmp_path / "nodes.txt", freeze_init_vectors=True
    ).fit()
    np.testing.assert_allclose(again.embedding_, first.embedding_, atol=1e-6)


def test_init_vectors_with_partial_fit_starts_new_tokens_only(topics):
    corpus, _ = topics
    source = SkipGramEmbedder(**FAST).fit(corpus + [["zz_new", "t0_1"] * 3])
    model = SkipGramEmbedder(**FAST, init_vectors=source).fit(corpus)
    trained = model.embedding_.copy()
    model.set_params(**STILL)
    model.partial_fit([["zz_new", "t0_1"] * 3])
    row = model.vocabulary_["zz_new"]
    np.testing.assert_allclose(
        model.embedding_[row], source.embedding_[source.vocabulary_["zz_new"]], atol=1e-5
    )
    # The known tokens continue from their trained vectors, not from init_vectors.
    np.testing.assert_allclose(model.embedding_[:row], trained, atol=1e-5)


def test_init_vectors_are_shared_by_clones_in_a_grid_search(topics):
    from sklearn.model_selection import GridSearchCV

    corpus, _ = topics
    source = SkipGramEmbedder(**FAST).fit(corpus)
    model = SkipGramEmbedder(**FAST, init_vectors=source)
    assert clone(model).init_vectors is source
    search = GridSearchCV(model, {"window": [2, 3]}, cv=2, scoring=lambda e, X, y=None: 0.0)
    search.fit(corpus)
    assert search.best_estimator_.init_vectors is source


def test_init_vectors_errors(topics, tmp_path):
    corpus, _ = topics
    fitted = SkipGramEmbedder(**FAST).fit(corpus[:50])
    bad = tmp_path / "notes.txt"
    bad.write_text("these are not vectors\n")
    cases = [
        (dict(init_vectors=fitted, n_components=8), ValueError, "dimension 16, but n_components=8"),
        (dict(init_vectors=SkipGramEmbedder()), ValueError, "unfitted SkipGramEmbedder"),
        (dict(init_vectors=bad), ValueError, "notes.txt' is not a word2vec-format file"),
        (dict(init_vectors=42), TypeError, "must be a path to a word2vec-format file"),
        (dict(init_vectors=(["a"], np.zeros((2, 16)))), ValueError, r"shape \(1, n_comp"),
        (dict(init_vectors=(["t0_1"], [[np.nan] * 16])), ValueError, "'t0_1' holds NaN"),
        (dict(freeze_init_vectors=True), ValueError, "freeze_init_vectors=True needs"),
    ]
    for params, error, match in cases:
        with pytest.raises(error, match=match):
            SkipGramEmbedder(**{**FAST, **params}).fit(corpus)
    with pytest.warns(UserWarning, match="shares no token with the vocabulary"):
        SkipGramEmbedder(**FAST, init_vectors=(["zzz"], np.ones((1, 16)))).fit(corpus)


# -- vocabulary controls ----------------------------------------------------------


def test_max_vocab_size_is_a_deprecated_alias_of_max_final_vocab():
    rows = [["a", "b", "b", "c", "c", "c"]]
    with pytest.warns(FutureWarning, match="max_vocab_size was renamed max_final_vocab"):
        old = SkipGramEmbedder(**FAST, max_vocab_size=2).fit(rows)
    new = SkipGramEmbedder(**FAST, max_final_vocab=2).fit(rows)
    assert list(old.tokens_) == list(new.tokens_) == ["c", "b"]
    np.testing.assert_array_equal(old.embedding_, new.embedding_)
    with pytest.raises(ValueError, match="set max_final_vocab only"):
        SkipGramEmbedder(max_vocab_size=2, max_final_vocab=3).fit(rows)


def keep_a_drop_digits(token, count, min_count):
    """A gensim-style trim rule (module level, so that the estimator pickles)."""
    from sksg import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP

    if token == "a":
        return RULE_KEEP
    if token.isdigit():
        return RULE_DISCARD
    return RULE_DEFAULT


def test_trim_rule_keeps_and_discards_as_gensim():
    import pickle

    gensim = pytest.importorskip("gensim")
    rows = [["a", "b", "b", "1", "1", "1", "c", "c"], ["b", "c", "d", "22", "22"]]
    model = SkipGramEmbedder(**FAST, min_count=2, trim_rule=keep_a_drop_digits).fit(rows)
    reference = gensim.models.Word2Vec(min_count=2)
    reference.build_vocab(rows, trim_rule=keep_a_drop_digits)
    assert sorted(model.tokens_) == sorted(reference.wv.index_to_key) == ["a", "b", "c"]
    assert pickle.loads(pickle.dumps(model)).trim_rule is keep_a_drop_digits
    assert clone(model).trim_rule is keep_a_drop_digits
    # partial_fit applies it to new tokens too
    model.partial_fit([["333", "333", "e", "e"]])
    assert list(model.tokens_) == ["b", "c", "a", "e"]
    with pytest.raises(
        ValueError, match="trim_rule returned 'yes' for 'b'; it must return RULE_DISCARD"
    ):
        SkipGramEmbedder(**FAST, trim_rule=lambda t, c, m: "yes").fit(rows)
    with pytest.raises(ValueError, match="No token is kept: trim_rule and min_count=1"):
        SkipGramEmbedder(**FAST, trim_rule=lambda t, c, m: 1).fit(rows)


@pytest.mark.parametrize("one_shot", [False, True])
def test_max_counted_tokens_bounds_counting_as_gensim(one_shot):
    gensim = pytest.importorskip("gensim")
    rng = np.random.default_rng(0)
    # Frequent tokens throughout, and a long tail of tokens seen once or twice.
    rows = []
    for i in range(300):
        rows.append([f"f{k}" for k in rng.integers(0, 20, 8)] + [f"rare{i}", f"rare{i // 2}"])
    cap = 60
    model = SkipGramEmbedder(**FAST, max_counted_tokens=cap, min_count=1)
    model.fit(iter(rows) if one_shot else rows)
    # Pruned after each sentence, as gensim does: every frequent token is kept
    # with its count, and most of the tail is forgotten.
    full = SkipGramEmbedder(**FAST).fit(rows)
    frequent = [f"f{k}" for k in range(20)]
    assert set(frequent) <= set(model.tokens_)
    assert len(model.tokens_) < len(full.tokens_) // 3
    for t in frequent:
        assert model.token_counts_[model.vocabulary_[t]] == full.token_counts_[full.vocabulary_[t]]
    reference = gensim.models.Word2Vec(max_vocab_size=cap, min_count=1)
    reference.build_vocab(rows)
    assert set(frequent) <= set(reference.wv.index_to_key)
    # The tokens kept are counted again for training: exact counts.
    for t in model.tokens_:
        assert model.token_counts_[model.vocabulary_[t]] == full.token_counts_[full.vocabulary_[t]]


def test_max_counted_tokens_one_shot_positions_follow_the_final_vocabulary():
    # 'x' is forgotten in the first batch and comes back often: its early
    # positions train too (as when the corpus is read again), none is lost.
    from sksg import _vocab

    rows = [["x"] + [f"u{i}"] for i in range(5)] + [["x", "y"]] * 20
    tokens, counts, ids, offsets = _vocab.count_tokens_capped(iter(rows), cap=3, keep_ids=True)
    kept = {t: i for i, t in enumerate(tokens)}
    assert "x" in kept
    decoded = [
        [tokens[j] for j in ids[a:b]] for a, b in zip(offsets[:-1], offsets[1:], strict=True)
    ]
    assert all(row[0] == "x" for row in decoded)
    assert len(decoded) == len(rows)
