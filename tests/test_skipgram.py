"""SkipGramEmbedder: behaviour, quality, inputs and errors."""

import copy
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from sksg import SkipGramEmbedder
from sksg.datasets import make_topic_corpus

FAST = dict(n_components=16, epochs=3, random_state=0)


def topic_precision(model, topic, k=10):
    """Mean fraction of each topic token's k nearest neighbours in its topic."""
    return vectors_precision(model.tokens_, model.embedding_, topic, k)


def vectors_precision(tokens, vectors, topic, k=10):
    E = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = np.array([topic[t] for t in tokens])
    S = E @ E.T
    np.fill_diagonal(S, -np.inf)
    nearest = np.argsort(-S, axis=1)[:, :k]
    mask = labels >= 0
    return (labels[nearest][mask] == labels[mask, None]).mean()


@pytest.fixture(scope="module")
def topics():
    return make_topic_corpus(400, n_topics=10, tokens_per_topic=30, n_common=10, random_state=0)


# -- quality -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{}, {"share_negatives": True}, {"objective": "softmax"}, {"objective": "hierarchical"}],
    ids=["negative", "shared", "softmax", "hierarchical"],
)
def test_planted_topics_are_recovered(topics, params):
    """Chance is about 0.09 (29 same-topic tokens among 309); over seeds 0-4
    SGNS scored 0.68-0.82 and softmax 0.99, so 0.5 leaves a wide margin."""
    corpus, topic = topics
    model = SkipGramEmbedder(n_components=32, epochs=5, random_state=0, **params).fit(corpus)
    assert topic_precision(model, topic) > 0.5
    assert model.loss_curve_[-1] < model.loss_curve_[0]
    assert model.loss_curve_.shape == (5,)


def test_same_topic_nearer_than_cross_topic():
    corpus, topic = make_topic_corpus(
        2000, n_topics=10, tokens_per_topic=30, n_common=10, random_state=1
    )
    model = SkipGramEmbedder(n_components=32, epochs=5, random_state=1).fit(corpus)
    E = model.embedding_ / np.linalg.norm(model.embedding_, axis=1, keepdims=True)
    labels = np.array([topic[t] for t in model.tokens_])
    S = E @ E.T
    same = labels[:, None] == labels[None, :]
    off_diagonal = ~np.eye(len(labels), dtype=bool)
    valid = (labels[:, None] >= 0) & (labels[None, :] >= 0) & off_diagonal
    assert S[same & valid].mean() > S[~same & valid].mean() + 0.3


def test_hierarchical_softmax_like_gensim():
    """Topic precision of hierarchical softmax, sksg against gensim's hs=1 on the
    same corpus with the same settings, over three seeds each."""
    gensim = pytest.importorskip("gensim")
    corpus, topic = make_topic_corpus(
        1500, n_topics=8, tokens_per_topic=40, n_common=10, mix_rate=0.4, random_state=2
    )
    ours, theirs = [], []
    for seed in range(3):
        model = SkipGramEmbedder(
            n_components=32, objective="hierarchical", epochs=5, sample=1e-3, random_state=seed
        ).fit(corpus)
        ours.append(topic_precision(model, topic))
        w2v = gensim.models.Word2Vec(
            corpus, vector_size=32, window=5, sg=1, hs=1, negative=0, sample=1e-3, min_count=1,
            epochs=5, workers=1, seed=seed,
        )  # fmt: skip
        theirs.append(vectors_precision(w2v.wv.index_to_key, w2v.wv.vectors, topic))
    assert np.mean(ours) > np.mean(theirs) - 0.05, (ours, theirs)
    assert min(ours) > 0.3  # chance: 39 / 329, about 0.12


def test_fit_times_report_the_phases(topics):
    corpus, _ = topics
    model = SkipGramEmbedder(**FAST).fit(corpus)
    assert set(model.fit_times_) == {"vocabulary", "training"}
    assert all(t >= 0 for t in model.fit_times_.values())


@pytest.mark.parametrize("objective", ["negative", "hierarchical"])
def test_two_threads_train_as_well(topics, objective):
    """Hogwild threads (with hierarchical softmax, each with private copies of
    the top of the tree) learn the topics about as well as one thread."""
    corpus, topic = topics
    params = dict(n_components=32, epochs=5, objective=objective, random_state=0)
    one = topic_precision(SkipGramEmbedder(**params, n_jobs=1).fit(corpus), topic)
    two = topic_precision(SkipGramEmbedder(**params, n_jobs=2).fit(corpus), topic)
    assert two > 0.5
    assert two > one - 0.05


# -- determinism -----------------------------------------------------------------


def test_same_seed_same_vectors_other_seed_other_vectors(topics):
    corpus, _ = topics
    a = SkipGramEmbedder(**FAST).fit(corpus)
    b = SkipGramEmbedder(**FAST).fit(corpus)
    c = SkipGramEmbedder(**{**FAST, "random_state": 1}).fit(corpus)
    assert np.array_equal(a.embedding_, b.embedding_)
    assert np.array_equal(a.context_vectors_, b.context_vectors_)
    assert np.array_equal(a.loss_curve_, b.loss_curve_)
    assert not np.allclose(a.embedding_, c.embedding_)


def test_random_state_instance_follows_scikit_learn_semantics(topics):
    """A RandomState is kept as given, consumed by fit, and copied by clone."""
    corpus, _ = topics
    rs = np.random.RandomState(3)
    model = SkipGramEmbedder(**{**FAST, "random_state": rs})
    twin = clone(model)  # a deep copy of the generator, in the same state
    assert twin.random_state is not rs
    first = model.fit(corpus).embedding_.copy()
    assert model.random_state is rs  # the parameter itself is not replaced
    np.testing.assert_array_equal(twin.fit(corpus).embedding_, first)
    # fit drew from rs, so a second fit starts from another state.
    assert not np.allclose(model.fit(corpus).embedding_, first)


# -- inputs ------------------------------------------------------------------------


class LineCorpus:
    """A corpus streamed from a file, as gensim users write them."""

    def __init__(self, path):
        self.path = path
        self.passes = 0

    def __iter__(self):
        self.passes += 1
        with open(self.path) as f:
            for line in f:
                yield line.split()


@pytest.mark.parametrize("block_tokens", [None, 7], ids=["one-block", "many-blocks"])
def test_all_input_forms_give_the_same_model(tmp_path, monkeypatch, block_tokens):
    """Re-read corpora (lists, arrays, files) and encoded one-shot iterators
    train identically, also when the corpus is cut into many blocks."""
    if block_tokens:
        monkeypatch.setattr("sksg._vocab.BLOCK_TOKENS", block_tokens)
    rows = [["a", "b", "c", "d"], ["b", "c", "e", "a"], ["d", "e", "a", "b"]] * 5
    rows += [["a", "e"] * 6, ["b"]]
    reference = SkipGramEmbedder(**FAST).fit(rows)
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(" ".join(r) for r in rows) + "\n")
    streamed = LineCorpus(path)
    forms = {
        "tuples": [tuple(r) for r in rows],
        "array": np.array(rows[:15]),
        "object array": np.array(rows[:15], dtype=object),
        "generator": (r for r in rows),
        "stream": streamed,
        "arrays per row": [np.array(r) for r in rows],
    }
    pd = pytest.importorskip("pandas")
    forms["Series of lists"] = pd.Series(rows)
    forms["DataFrame"] = pd.DataFrame(rows[:15], columns=["w0", "w1", "w2", "w3"])
    table_reference = SkipGramEmbedder(**FAST).fit(rows[:15])
    for name, X in forms.items():
        expected = table_reference if name in ("array", "object array", "DataFrame") else reference
        model = SkipGramEmbedder(**FAST).fit(X)
        assert list(model.tokens_) == list(expected.tokens_), name
        assert np.array_equal(model.embedding_, expected.embedding_), name
    assert streamed.passes == 1 + FAST["epochs"]  # counted once, then once per epoch


def test_a_corpus_that_changes_between_passes_is_an_error():
    class Shrinking:
        def __init__(self):
            self.passes = 0

        def __iter__(self):
            self.passes += 1
            return iter([["a", "b", "c"]] * (10 - self.passes))

    with pytest.raises(RuntimeError, match="changed between passes"):
        SkipGramEmbedder(**FAST).fit(Shrinking())


def _read_ahead_threads():
    import threading

    return [t for t in threading.enumerate() if t.name == "sksg-read-ahead"]


def test_read_ahead_keeps_order_raises_where_the_error_is_and_stops():
    from sksg._corpus import read_ahead

    assert list(read_ahead(iter(range(100)))) == list(range(100))

    def failing():
        yield from range(3)
        raise OSError("disk gone at item 3")

    got = []
    with pytest.raises(OSError, match="disk gone at item 3"):
        for item in read_ahead(failing()):
            got.append(item)
    assert got == [0, 1, 2]  # every item before the error, then the error
    made = []

    def endless():
        while True:
            made.append(len(made))
            yield made[-1]

    items = read_ahead(endless())
    assert [next(items) for _ in range(5)] == [0, 1, 2, 3, 4]
    items.close()  # the caller stops early: the thread ends
    assert not _read_ahead_threads()
    assert len(made) <= 5 + 3  # one in use, at most two made ahead (and one being made)


def test_an_error_while_re_reading_the_corpus_reaches_the_caller(monkeypatch):
    monkeypatch.setattr("sksg._vocab.BLOCK_TOKENS", 16)

    class FailsOnSecondPass:
        def __init__(self):
            self.passes = 0

        def __iter__(self):
            self.passes += 1
            for i in range(40):
                if self.passes == 2 and i == 30:
                    raise ValueError("bad line 31 in pass 2")
                yield ["a", "b", "c", "d"][i % 3 :]

    with pytest.raises(ValueError, match="bad line 31 in pass 2"):
        SkipGramEmbedder(**FAST).fit(FailsOnSecondPass())
    assert not _read_ahead_threads()


def test_streamed_corpus_is_not_materialised(tmp_path, monkeypatch):
    """A streamed corpus is read in batches, never turned into one list."""
    import sksg._vocab as vocab

    monkeypatch.setattr(vocab, "_BATCH", 7)
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join("x y z w" for _ in range(50)) + "\n")
    seen = []
    original = vocab._as_sequence

    def spy(row, i):
        seen.append(i)
        return original(row, i)

    monkeypatch.setattr(vocab, "_as_sequence", spy)
    model = SkipGramEmbedder(**FAST).fit(LineCorpus(path))
    assert seen == list(range(50)) * (1 + FAST["epochs"])  # read again, batch by batch
    assert model.token_counts_.sum() == 200


def test_numeric_and_mixed_tokens():
    X = np.array([[1, 2, 3, 4], [2, 3, 4, 1], [4, 1, 2, 3]])
    model = SkipGramEmbedder(**FAST).fit(X)
    assert set(model.vocabulary_) == {1, 2, 3, 4}
    assert model.n_features_in_ == 4
    # Equal numbers are the same token whatever their type.
    np.testing.assert_array_equal(model.transform([[1.0]]), model.transform([[1]]))
    mixed = SkipGramEmbedder(**FAST).fit([["a", 1, ("t", 2)], [("t", 2), "a", 1]])
    assert set(mixed.vocabulary_) == {"a", 1, ("t", 2)}
    assert mixed.most_similar(("t", 2), topn=1)[0][0] in {"a", 1}


def test_n_features_in_only_for_tables():
    model = SkipGramEmbedder(**FAST).fit(np.array([["a", "b"], ["b", "a"]]))
    assert model.n_features_in_ == 2
    model.fit([["a", "b", "c"], ["b"]])
    assert not hasattr(model, "n_features_in_")
    # Ragged rows are fine in transform too.
    assert model.transform([["a"], ["a", "b", "c"], []]).shape == (3, 16)


def test_vocabulary_order_min_count_and_cap():
    rows = [["a", "b", "b", "c", "c", "c", "d", "d", "d", "e"]]
    model = SkipGramEmbedder(**FAST, min_count=2).fit(rows)
    assert list(model.tokens_) == ["c", "d", "b"]
    assert model.token_counts_.tolist() == [3, 3, 2]
    assert model.vocabulary_ == {"c": 0, "d": 1, "b": 2}
    assert model.embedding_.shape == (3, 16)
    assert model.embedding_.dtype == np.float32
    assert model.context_vectors_.shape == (3, 16)
    capped = SkipGramEmbedder(**FAST, max_final_vocab=2).fit(rows)
    assert list(capped.tokens_) == ["c", "d"]


def test_transform_pooling():
    rows = [["a", "b", "c"], ["c", "b", "a"]] * 4
    for pooling, reduce in [("mean", np.mean), ("sum", np.sum), ("max", np.max)]:
        model = SkipGramEmbedder(**FAST, pooling=pooling).fit(rows)
        E = model.embedding_
        v = model.vocabulary_
        out = model.transform([["a", "c"], ["b"]])
        np.testing.assert_allclose(out[0], reduce(E[[v["a"], v["c"]]], axis=0), rtol=1e-6)
        np.testing.assert_allclose(out[1], E[v["b"]])
        assert out.dtype == np.float32


def test_handle_unknown():
    rows = [["a", "b", "c"], ["c", "b", "a"]]
    strict = SkipGramEmbedder(**FAST, handle_unknown="error").fit(rows)
    with pytest.raises(ValueError, match=r"not in the vocabulary.*'zz'.*handle_unknown"):
        strict.transform([["a", "zz"]])
    lenient = SkipGramEmbedder(**FAST, handle_unknown="ignore").fit(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = lenient.transform([["a", "zz"], ["zz"], []])
    np.testing.assert_allclose(out[0], lenient.embedding_[lenient.vocabulary_["a"]])
    assert np.all(out[1] == 0) and np.all(out[2] == 0)
    default = SkipGramEmbedder(**FAST).fit(rows)  # handle_unknown='warn'
    with pytest.warns(UserWarning, match=r"2 token\(s\) not in the vocabulary.*'zz' at row 0"):
        warned = default.transform([["a", "zz"], ["zz"], []])
    np.testing.assert_array_equal(warned, out)


def test_unknown_numpy_tokens_print_as_plain_values():
    model = SkipGramEmbedder(**FAST, handle_unknown="error").fit(np.array([[1, 2, 3], [3, 2, 1]]))
    with pytest.raises(ValueError, match=r"the first is 99 at row 0") as info:
        model.transform(np.array([[99, 1, 2]]))
    assert "np." not in str(info.value)


def test_most_similar():
    corpus, topic = make_topic_corpus(600, n_topics=4, tokens_per_topic=15, random_state=0)
    model = SkipGramEmbedder(n_components=24, epochs=5, random_state=0).fit(corpus)
    answer = model.most_similar("t2_0", topn=5)
    assert len(answer) == 5
    assert all(token != "t2_0" for token, _ in answer)
    assert [topic[t] for t, _ in answer] == [2] * 5
    sims = [s for _, s in answer]
    assert sims == sorted(sims, reverse=True)
    by_vector = model.most_similar(model.embedding_[model.vocabulary_["t2_0"]], topn=1)
    assert by_vector[0][0] == "t2_0"
    np.testing.assert_allclose(by_vector[0][1], 1.0, rtol=1e-6)
    with pytest.raises(KeyError, match="not in the vocabulary"):
        model.most_similar("nope")
    with pytest.raises(ValueError, match="shape"):
        model.most_similar(np.ones(3))
    # A list of floats is a vector; a 2-D array is a shape error, not a missing token.
    as_list = model.most_similar(model.embedding_[model.vocabulary_["t2_0"]].tolist(), topn=1)
    assert as_list[0][0] == "t2_0"
    with pytest.raises(ValueError, match=r"shape \(24,\), got \(1, 24\)"):
        model.most_similar(model.transform([["t2_0"]]))
    with pytest.raises(ValueError, match="NaN"):
        model.most_similar([np.nan] * 24)
    with pytest.raises(ValueError, match="topn"):
        model.most_similar("t2_0", topn=0)


def test_pipeline_grid_search_over_window_and_negative():
    """Sequences labelled by their topic, classified from pooled vectors."""
    corpus, topic = make_topic_corpus(
        900, n_topics=3, tokens_per_topic=20, n_common=5, length_range=(8, 8), random_state=0
    )
    X = np.array(corpus)
    y = np.array([np.bincount([max(topic[t], 0) for t in row if topic[t] >= 0]).argmax()
                  for row in corpus])  # fmt: skip
    pipe = make_pipeline(
        SkipGramEmbedder(n_components=16, epochs=3, random_state=0, handle_unknown="ignore"),
        StandardScaler(),
        LogisticRegression(max_iter=1000),
    )
    grid = {"skipgramembedder__window": [1, 4], "skipgramembedder__negative": [2, 5]}
    search = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_score_ > 0.9  # chance is about 1/3
    assert search.best_estimator_[0].window in (1, 4)


def test_pickle_round_trip(topics):
    corpus, _ = topics
    model = SkipGramEmbedder(**FAST).fit(corpus)
    clone = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(clone.transform(corpus[:20]), model.transform(corpus[:20]))
    assert clone.most_similar("t1_0", 3) == model.most_similar("t1_0", 3)


def test_verbose_reports_vocabulary_and_epochs(capsys, monkeypatch):
    SkipGramEmbedder(**FAST, verbose=1).fit([["a", "b", "c"]] * 5)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[SkipGramEmbedder] vocabulary: 3 distinct tokens in 15 positions")
    assert len(lines) == 1 + FAST["epochs"]
    assert all(" loss " in line and "words/s" in line for line in lines[1:])
    monkeypatch.setattr("sksg._progress.PROGRESS_EVERY", 0.0)
    SkipGramEmbedder(**FAST, verbose=2).fit([["a", "b", "c"]] * 5)
    assert "100% of the corpus" in capsys.readouterr().out


def test_no_pairs_warns_with_the_cause_and_loss_is_nan():
    with pytest.warns(UserWarning, match="no \\(center, context\\) pair.*every sequence holds "
                      "fewer than two tokens\\. The vectors"):  # fmt: skip
        model = SkipGramEmbedder(**FAST).fit([["a"], ["b"], ["a"]])
    assert np.all(np.isnan(model.loss_curve_))
    with pytest.warns(UserWarning, match="fewer than two tokens of the vocabulary.*min_count"):
        SkipGramEmbedder(**FAST, min_count=2).fit([["a", "b"], ["a", "c"]])


def test_epochs_emptied_by_subsampling_are_reported():
    corpus = [["a", "b"]] * 3  # each token keeps 42% of its occurrences at sample=0.05
    with pytest.warns(UserWarning) as record:
        model = SkipGramEmbedder(**{**FAST, "epochs": 10, "sample": 0.05}).fit(corpus)
    empty = int(np.isnan(model.loss_curve_).sum())
    assert 0 < empty < 10
    messages = [str(w.message) for w in record]
    assert any("sample=0.05 is expected to discard 58% of the corpus" in m for m in messages)
    assert any(f"{empty} of 10 epochs had no (center, context) pair" in m for m in messages)


def test_auto_sample_and_epochs():
    """'auto' thins only tokens well above the average frequency on a small
    vocabulary, is word2vec's 1e-3 on a large one, and adds epochs to a small
    corpus only."""
    small = [["a", "b", "c", "d"]] * 10
    model = SkipGramEmbedder(n_components=8, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(small)
    assert model.sample_ == 0.25
    assert model.epochs_ == 25  # 250 positions per token: 1,000 / 40
    assert model.loss_curve_.shape == (25,) and not np.isnan(model.loss_curve_).any()
    corpus, _ = make_topic_corpus(600, n_topics=20, tokens_per_topic=60, random_state=0)
    big = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
    assert len(big.tokens_) >= 1000
    assert big.sample_ == 1e-3
    n_positions = sum(map(len, corpus))
    assert big.epochs_ == max(5, -(-250 * len(big.tokens_) // n_positions))
    fixed = SkipGramEmbedder(n_components=8, sample=1e-4, epochs=2, random_state=0).fit(small)
    assert fixed.sample_ == 1e-4 and fixed.epochs_ == 2


def test_readme_and_docstring_examples_train_every_epoch():
    """The first README example and the class docstring train in every epoch,
    with no warning."""
    import doctest
    import pathlib

    readme = pathlib.Path(__file__).resolve().parents[1] / "README.md"
    code = readme.read_text().split("```python\n")[1].split("```")[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        namespace = {}
        exec(code, namespace)
        model = namespace["model"]
        assert not np.isnan(model.loss_curve_).any()
        test = doctest.DocTestParser().get_doctest(
            SkipGramEmbedder.__doc__, {}, "SkipGramEmbedder", None, 0
        )
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, out=lambda text: None, clear_globs=False)
        assert runner.failures == 0
        assert not np.isnan(test.globs["model"].loss_curve_).any()


# -- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "X, error, match",
    [
        ([], ValueError, "empty"),
        ([[], []], ValueError, "empty"),
        ("a b c", ValueError, "single string"),
        (["a b c", "d e"], ValueError, "Row 0 is a str"),
        ([["a", "b"], "c d"], ValueError, "Row 1 is a str"),
        ([1, 2, 3], ValueError, "Row 0 is a int"),
        ([["a"], {"b": 1}], ValueError, "Row 1 is a dict"),
        ([["a"], {"b"}], ValueError, "Row 1 is a set"),
        (42, TypeError, "iterable of token sequences"),
        ([["a", ["b"]]], TypeError, "not hashable"),
        ([["a", float("nan")]], ValueError, "NaN"),
        ([["a", float("inf")]], ValueError, "NaN or infinity"),
        ([["a", None]], ValueError, "None"),
        ([["a", 1 + 2j]], ValueError, "complex"),
        (np.array([1.0, 2.0, 3.0]), ValueError, "Expected 2D array"),
        (np.array([[1.0, np.nan]]), ValueError, "NaN"),
        (np.array([[1.0, np.inf]]), ValueError, "infinity"),
        (np.array([[1 + 1j, 2]]), ValueError, "Complex data not supported"),
        (np.zeros((0, 3)), ValueError, "0 sample"),
        (np.zeros((3, 0)), ValueError, "0 feature"),
        (sp.csr_matrix(np.eye(3)), TypeError, "[Ss]parse"),
        (np.array([[[1, 2]]]), ValueError, "3"),
    ],
    ids=lambda v: None if isinstance(v, (type, str)) else type(v).__name__,
)
def test_bad_input_errors(X, error, match):
    with pytest.raises(error, match=match):
        SkipGramEmbedder(**FAST).fit(X)


def test_every_token_below_min_count():
    with pytest.raises(ValueError, match="min_count=3.*2 times"):
        SkipGramEmbedder(**FAST, min_count=3).fit([["a", "b", "a"]])


@pytest.mark.parametrize(
    "params",
    [
        {"n_components": 0},
        {"window": 0},
        {"negative": 0},
        {"sample": 1.5},
        {"sample": -0.1},
        {"min_count": 0},
        {"max_final_vocab": 0},
        {"max_counted_tokens": 0},
        {"trim_rule": "keep"},
        {"epochs": 0},
        {"learning_rate": 0},
        {"min_learning_rate": -1.0},
        {"objective": "hs"},
        {"pooling": "median"},
        {"handle_unknown": "loud"},
        {"sample": "none"},
        {"epochs": "many"},
        {"n_jobs": 0},
        {"ns_exponent": float("nan")},
        {"shrink_window": "yes"},
    ],
)
def test_bad_parameters_name_the_parameter(params):
    (name,) = params
    with pytest.raises(InvalidParameterError, match=name):
        SkipGramEmbedder(**params).fit([["a", "b"]])


def test_min_learning_rate_above_learning_rate():
    with pytest.raises(ValueError, match="min_learning_rate"):
        SkipGramEmbedder(learning_rate=0.01, min_learning_rate=0.1).fit([["a", "b"]])


def test_transform_checks_shape_and_fit():
    model = SkipGramEmbedder(**FAST)
    with pytest.raises(Exception, match="not fitted"):
        model.transform([["a"]])
    model.fit(np.array([["a", "b", "c"], ["c", "b", "a"]]))
    # No rows in, no rows out, as a list or as an array.
    assert model.transform([]).shape == (0, 16)
    assert model.transform(np.empty((0, 3), dtype=object)).shape == (0, 16)
    with pytest.raises(ValueError, match="3 features"):
        model.transform(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="Expected 2D array"):
        model.transform(np.array(["a", "b", "c"]))


def test_callers_data_is_not_modified():
    rows = [["a", "b", "c"], ("c", "b"), np.array(["a", "c"])]
    before = copy.deepcopy(rows)
    X = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
    X_before = X.copy()
    model = SkipGramEmbedder(**FAST).fit(rows)
    model.transform(rows)
    SkipGramEmbedder(**FAST).fit(X).transform(X)
    assert rows[:2] == before[:2] and np.array_equal(rows[2], before[2])
    assert np.array_equal(X, X_before)
