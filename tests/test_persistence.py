"""Fitted estimators survive pickle and joblib, in this process and across processes."""

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone

from sksg import GraphWalkEmbedder, SkipGramEmbedder

CORPUS = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "a", "rug"]] * 10
EDGES = np.array([[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 5], [5, 3], [6, 6]])


def text_model(**params):
    return SkipGramEmbedder(n_components=8, sample=0, epochs=2, random_state=0, **params)


def graph_model(**params):
    defaults = dict(n_components=8, walk_length=10, walks_per_node=3, random_state=0)
    return GraphWalkEmbedder(**{**defaults, **params})


# (estimator, fit input, transform input)
CASES = {
    "text-list": (text_model(), CORPUS, [["cat", "sat"], ["dog"], ["the", "a", "rug"]]),
    "text-ints": (
        text_model(pooling="max"),
        np.array([[1, 2, 3], [3, 2, 1], [4, 5, 1]]),
        np.array([[1, 2, 3], [5, 5, 4]]),
    ),
    "text-unknown": (text_model(handle_unknown="ignore"), CORPUS, [["cat", "zebra"], ["zebra"]]),
    "graph-edges": (graph_model(graph=EDGES), None, np.array([[0], [3], [6]])),
    "graph-pairs": (
        graph_model(
            graph=sp.csr_array((np.ones(len(EDGES)), EDGES.T), shape=(7, 7)),
            pooling="hadamard",
            directed=False,
        ),
        np.array([[0, 1], [2, 5]]),
        np.array([[0, 1], [2, 5], [6, 6]]),
    ),  # fmt: skip
    "graph-node2vec-from-X": (
        graph_model(graph=None, p=0.5, q=2.0),
        [["a", "b", "c"], ["c", "d"], ["d", "a", "e"]],
        [["a"], ["e"], ["b", "c"]],
    ),
}


def fitted(name):
    est, X_fit, X_new = CASES[name]
    est = clone(est)
    return est.fit(X_fit) if X_fit is not None else est.fit(), X_new


def assert_same_fitted(a, b, X_new):
    np.testing.assert_array_equal(a.transform(X_new), b.transform(X_new))
    assert a.transform(X_new).dtype == b.transform(X_new).dtype == np.float32
    np.testing.assert_array_equal(a.embedding_, b.embedding_)
    np.testing.assert_array_equal(a.context_vectors_, b.context_vectors_)
    np.testing.assert_array_equal(a.loss_curve_, b.loss_curve_)
    assert a.vocabulary_ == b.vocabulary_
    assert list(getattr(a, a._labels_attr)) == list(getattr(b, b._labels_attr))
    assert a.get_params(deep=False).keys() == b.get_params(deep=False).keys()
    label = getattr(a, a._labels_attr)[0]
    assert a.most_similar(label, topn=3) == b.most_similar(label, topn=3)


@pytest.mark.parametrize("name", list(CASES))
def test_pickle(name):
    est, X_new = fitted(name)
    for protocol in (pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
        assert_same_fitted(est, pickle.loads(pickle.dumps(est, protocol=protocol)), X_new)


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("compress", [0, 3])
def test_joblib(tmp_path, name, compress):
    est, X_new = fitted(name)
    joblib.dump(est, tmp_path / "model.joblib", compress=compress)
    assert_same_fitted(est, joblib.load(tmp_path / "model.joblib"), X_new)


def test_unpickled_estimator_refits_identically():
    est, X_new = fitted("graph-edges")
    again = pickle.loads(pickle.dumps(est)).fit()
    assert_same_fitted(est, again, X_new)


def test_pickle_with_a_walk_cache(tmp_path):
    est = graph_model(graph=EDGES, memory=str(tmp_path / "cache")).fit()
    loaded = pickle.loads(pickle.dumps(est))
    assert_same_fitted(est, loaded, np.array([[0], [4]]))
    assert_same_fitted(est, loaded.fit(), np.array([[0], [4]]))  # the cache is reused


def test_pickle_unfitted_estimators_keep_their_parameters():
    for est in (text_model(window=3), graph_model(graph=EDGES, p=0.25)):
        loaded = pickle.loads(pickle.dumps(est))
        assert loaded.get_params(deep=False).keys() == est.get_params(deep=False).keys()
        assert loaded.get_params()["n_components"] == 8


# A fresh interpreter: fits the same models, saves them and their transforms,
# and transforms the models this process saved.
SCRIPT = textwrap.dedent(
    """
    import sys

    import joblib
    import numpy as np

    sys.path.insert(0, {tests!r})
    from test_persistence import fitted

    folder = {folder!r}
    for name in {names!r}:
        est, X_new = fitted(name)
        joblib.dump(est, f"{{folder}}/{{name}}.child.joblib")
        np.save(f"{{folder}}/{{name}}.child.npy", est.transform(X_new))
        parent = joblib.load(f"{{folder}}/{{name}}.parent.joblib")
        np.save(f"{{folder}}/{{name}}.parent-in-child.npy", parent.transform(X_new))
    """
)


def test_across_processes(tmp_path):
    names = ["text-list", "graph-edges", "graph-node2vec-from-X"]
    mine = {}
    for name in names:
        mine[name] = fitted(name)
        joblib.dump(mine[name][0], tmp_path / f"{name}.parent.joblib")
    script = SCRIPT.format(tests=str(Path(__file__).parent), folder=str(tmp_path), names=names)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=600)
    for name in names:
        est, X_new = mine[name]
        child = joblib.load(tmp_path / f"{name}.child.joblib")
        # Loaded here, the child's model transforms as it did there ...
        np.testing.assert_array_equal(
            child.transform(X_new), np.load(tmp_path / f"{name}.child.npy")
        )
        # ... and is the model this process fitted (one thread: bit-reproducible).
        assert_same_fitted(est, child, X_new)
        # The parent's model, loaded in the child, transformed identically there.
        np.testing.assert_array_equal(
            est.transform(X_new), np.load(tmp_path / f"{name}.parent-in-child.npy")
        )
