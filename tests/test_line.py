"""LINEEmbedder: first- and second-order proximity, inputs and errors."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

from sksg import GraphWalkEmbedder, LINEEmbedder

FAST = dict(n_components=16, random_state=0)


def unit(E):
    return E / np.linalg.norm(E, axis=1, keepdims=True)


def knn_precision(E, labels, k=5):
    S = unit(E) @ unit(E).T
    np.fill_diagonal(S, -np.inf)
    nearest = np.argsort(-S, axis=1)[:, :k]
    return (labels[nearest] == labels[:, None]).mean()


@pytest.fixture(scope="module")
def partition():
    """8 planted blocks of 50 nodes: within-block edges 20 times likelier."""
    G = nx.planted_partition_graph(8, 50, 0.2, 0.01, seed=1)
    labels = np.array([G.nodes[v]["block"] for v in G.nodes()])
    return nx.to_scipy_sparse_array(G, format="csr"), labels


def test_first_order_places_linked_nodes_close(partition):
    A, labels = partition
    emb = LINEEmbedder(A, order="first", n_components=32, random_state=0).fit()
    S = unit(emb.embedding_) @ unit(emb.embedding_).T
    linked = A.toarray() > 0
    off = ~np.eye(len(labels), dtype=bool)
    same_block_unlinked = (labels[:, None] == labels[None, :]) & ~linked & off
    other_block = labels[:, None] != labels[None, :]
    # Linked nodes are the closest, then unlinked nodes of the same block, then the rest.
    assert S[linked].mean() > S[same_block_unlinked].mean() + 0.1 > S[other_block].mean() + 0.2
    assert knn_precision(emb.embedding_, labels) > 0.8  # chance 1/8


def test_second_order_places_nodes_with_shared_neighbours_close():
    # Complete bipartite K(2, 12) plus a path: the two hubs are not linked, but
    # share all their neighbours; second order makes them near-identical.
    G = nx.complete_bipartite_graph(2, 12)
    G.add_edges_from([(13, 14), (14, 15), (15, 16)])
    emb = LINEEmbedder(G, order="second", random_state=0).fit()
    S = unit(emb.embedding_) @ unit(emb.embedding_).T
    assert S[0, 1] > 0.9
    assert S[0, 1] > S[0, 16] + 0.5
    first = LINEEmbedder(G, order="first", random_state=0).fit()
    S1 = unit(first.embedding_) @ unit(first.embedding_).T
    # First order: a hub is nearer each of its 12 neighbours than any node of the
    # path. (Not nearer its neighbours than the other hub: sharing them all, the
    # hubs end up close under first order too; that held for 10 of 20 seeds.)
    assert S1[0, 2:14].min() > S1[0, 14:].max()


def test_second_order_recovers_blocks_and_both_concatenates(partition):
    A, labels = partition
    second = LINEEmbedder(A, n_components=32, random_state=0).fit()
    assert knn_precision(second.embedding_, labels) > 0.7
    both = LINEEmbedder(A, order="both", n_components=33, random_state=0).fit()
    assert both.embedding_.shape == (400, 33)
    halves = both.embedding_[:, :17], both.embedding_[:, 17:]
    for half in halves:  # each order's vectors at unit length
        np.testing.assert_allclose(np.linalg.norm(half, axis=1), 1.0, rtol=1e-5)
    assert both.context_vectors_.shape == (400, 16)
    assert both.loss_curve_.shape == (2,)
    assert knn_precision(both.embedding_, labels) > 0.7


def test_directed_second_order_trains_sources_only():
    # A directed star: the center points to 10 sinks. Sinks have no out-edge,
    # so no drawn edge starts at them: their vectors stay as they began, and a
    # longer run does not move them either.
    edges = np.array([[0, i] for i in range(1, 11)] + [[11, 0], [11, 5]])
    short = LINEEmbedder(edges, directed=True, n_samples=10_000, **FAST).fit()
    long = LINEEmbedder(edges, directed=True, n_samples=50_000, **FAST).fit()
    sinks = np.arange(1, 11)
    rows = [short.vocabulary_[s] for s in sinks]
    np.testing.assert_array_equal(short.embedding_[rows], long.embedding_[rows])
    sources = [short.vocabulary_[0], short.vocabulary_[11]]
    assert not np.array_equal(short.embedding_[sources], long.embedding_[sources])
    with pytest.raises(ValueError, match="order='first' needs an undirected graph"):
        LINEEmbedder(edges, directed=True, order="first").fit()
    with pytest.raises(ValueError, match="order='both' needs an undirected graph"):
        LINEEmbedder(nx.DiGraph([(0, 1), (1, 2)]), order="both").fit()


def test_samples_auto_reproducible_and_weighted():
    edges = np.array([[i, (i + 1) % 20] for i in range(20)])
    emb = LINEEmbedder(edges, **FAST).fit()
    assert emb.n_samples_ == 100_000  # the floor: 100 x 40 directed edges is less
    again = LINEEmbedder(edges, **FAST).fit()
    np.testing.assert_array_equal(emb.embedding_, again.embedding_)
    other = LINEEmbedder(edges, n_components=16, random_state=1).fit()
    assert not np.array_equal(emb.embedding_, other.embedding_)
    # A heavy edge is drawn more, so its nodes end closer than those of light ones.
    weighted = np.column_stack([edges, np.ones(20)])
    weighted[0, 2] = 20.0
    w = LINEEmbedder(weighted, order="first", **FAST).fit()
    S = unit(w.embedding_) @ unit(w.embedding_).T
    light = np.mean([S[i, i + 1] for i in range(5, 15)])
    assert S[0, 1] > light
    unweighted = LINEEmbedder(weighted, order="first", weighted=False, **FAST).fit()
    np.testing.assert_array_equal(
        unweighted.embedding_, emb.set_params(order="first").fit().embedding_
    )


def test_graph_from_sequences_link_prediction_pipeline_and_clone(partition):
    A, labels = partition
    nodes = np.arange(400).reshape(-1, 1)
    pipe = make_pipeline(LINEEmbedder(A, n_components=32, random_state=0), LogisticRegression())
    assert cross_val_score(pipe, nodes, labels, cv=3).mean() > 0.7
    emb = LINEEmbedder(A, **FAST)
    assert clone(emb).graph is A  # shared, not copied
    # Without a graph, X's rows are linked as GraphWalkEmbedder links them.
    rows = [[0, 1, 2, 3], [3, 4, 5]]
    a = LINEEmbedder(n_samples=2_000, **FAST).fit(rows)
    assert a.nodes_.tolist() == [0, 1, 2, 3, 4, 5]
    features = LINEEmbedder(A, pooling="hadamard", **FAST).fit().transform(np.array([[0, 1]]))
    assert features.shape == (1, 16)


def test_same_trainer_as_graph_walks():
    """A LINE fit and a walk fit share the estimator plumbing: repr, html, init_vectors."""
    A = sp.csr_array(nx.to_scipy_sparse_array(nx.karate_club_graph()))
    walks = GraphWalkEmbedder(A, **FAST).fit()
    line = LINEEmbedder(A, order="second", init_vectors=walks, freeze_init_vectors=True, **FAST)
    line.fit()
    np.testing.assert_array_equal(line.embedding_, walks.embedding_)
    assert "graph=<" in repr(LINEEmbedder(A)) and len(repr(LINEEmbedder(A))) < 200
    with pytest.raises(ValueError, match="init_vectors needs order='first' or order='second'"):
        LINEEmbedder(A, order="both", init_vectors=walks).fit()


def test_no_edges_warns_and_bad_parameters():
    with pytest.warns(UserWarning, match="the graph has no edges to draw"):
        emb = LINEEmbedder(**FAST).fit([[0], [1], [2]])
    assert emb.embedding_.shape == (3, 16) and np.isnan(emb.loss_curve_).all()
    with pytest.raises(ValueError, match="order"):
        LINEEmbedder(order="third").fit([[0, 1]])
    with pytest.raises(ValueError, match="n_samples"):
        LINEEmbedder(n_samples=0).fit([[0, 1]])
    with pytest.raises(TypeError, match="window"):
        LINEEmbedder(window=5)  # LINE has no walks, hence no window
    assert "window" not in LINEEmbedder().get_params()
