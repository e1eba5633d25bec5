"""Random walks: transition statistics against the analytic probabilities."""

import numpy as np
import pytest
import scipy.sparse as sp
from naive import first_order_probs, node2vec_probs
from scipy import stats

import sksg._graph_walk as graph_walk
from sksg import GraphWalkEmbedder, random_walks
from sksg._walks import walk_order

P_MIN = 1e-4  # a correct sampler fails a test with probability at most this


def _walks(A, walk_length, walks_per_node, p=1.0, q=1.0, seed=0, n_threads=1, **kw):
    """The walks of sksg.random_walks as arrays of node ids (the labels of A)."""
    ids, offsets, nodes = random_walks(
        A, walk_length=walk_length, walks_per_node=walks_per_node, p=p, q=q, random_state=seed,
        n_jobs=n_threads, return_ids=True, **kw,
    )  # fmt: skip
    assert nodes.tolist() == list(range(A.shape[0]))
    return [ids[a:b] for a, b in zip(offsets[:-1], offsets[1:], strict=True)]


# A small undirected graph with a triangle (0, 1, 2), a square (1, 2, 4, 3)
# and a pendant node 5, with unequal weights.
EDGES = [(0, 1, 1.0), (0, 2, 2.0), (1, 2, 1.0), (1, 3, 3.0), (2, 4, 1.0), (3, 4, 2.0), (3, 5, 1.0)]


def _graph(weighted=True):
    i, j, w = zip(*EDGES, strict=True)
    w = np.array(w) if weighted else np.ones(len(w))
    A = sp.coo_array((w, (i, j)), shape=(6, 6))
    return (A + A.T).tocsr()


def _chisquare(observed, expected_probs):
    keep = expected_probs > 0
    assert observed[~keep].sum() == 0, "a transition of probability zero happened"
    if keep.sum() == 1:  # one possible outcome: nothing left to test
        return 1.0
    n = observed.sum()
    return stats.chisquare(observed[keep], expected_probs[keep] * n).pvalue


@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "uniform"])
def test_first_order_transitions(weighted):
    A = _graph(weighted)
    walks = _walks(A, 20, 400)
    counts = np.zeros((6, 6))
    for w in walks:
        np.add.at(counts, (w[:-1], w[1:]), 1)
    for v in range(6):
        assert _chisquare(counts[v], first_order_probs(A, v)) > P_MIN


@pytest.mark.parametrize("p, q", [(0.25, 4.0), (4.0, 0.25), (1.0, 2.0), (0.5, 1.0)])
@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "uniform"])
@pytest.mark.parametrize("directed", [False, None], ids=["undirected", "as-given"])
def test_node2vec_second_order_transitions(p, q, weighted, directed):
    # A symmetric matrix is the same graph either way; directed=False lets the
    # sampler skip looking up the way back.
    A = _graph(weighted)
    walks = _walks(A, 30, 300, p=p, q=q, seed=1, directed=directed)
    triples = np.concatenate([np.stack([w[:-2], w[1:-1], w[2:]], axis=1) for w in walks])
    counts = {}
    for t, v, x in triples:
        counts.setdefault((t, v), np.zeros(6))[x] += 1
    tested = 0
    for (t, v), observed in counts.items():
        if observed.sum() < 200:
            continue
        assert _chisquare(observed, node2vec_probs(A, t, v, p, q)) > P_MIN, (t, v)
        tested += 1
    assert tested >= 10


def test_node2vec_bias_is_visible():
    """The test above has power: with p small, returning is far more frequent."""
    A = _graph(False)

    def return_rate(p, q):
        walks = _walks(A, 30, 100, p=p, q=q, seed=2)
        t = np.concatenate([np.stack([w[:-2], w[2:]], axis=1) for w in walks])
        return np.mean(t[:, 0] == t[:, 1])

    assert return_rate(0.1, 1.0) > 2 * return_rate(1.0, 1.0) > 4 * return_rate(10.0, 1.0)


def test_directed_walks_follow_edges_and_stop_at_dead_ends():
    # 0 -> 1 -> 2 -> 0 cycle, 2 -> 3, and 3 is a dead end.
    A = sp.csr_array(([1.0, 1.0, 1.0, 1.0], ([0, 1, 2, 2], [1, 2, 0, 3])), shape=(4, 4))
    walks = _walks(A, 15, 50, p=0.5, q=2.0)
    for w in walks:
        assert np.all(A.toarray()[w[:-1], w[1:]] > 0), "a walk used a missing or reversed edge"
        if len(w) < 15:
            assert w[-1] == 3
    assert all(len(w) == 1 for w in walks if w[0] == 3)
    assert any(len(w) < 15 for w in walks)


@pytest.mark.parametrize("p, q", [(1.0, 4.0), (0.25, 4.0), (0.25, 0.5), (4.0, 0.5)])
@pytest.mark.parametrize("back_edge", [False, True], ids=["one-way", "two-way"])
@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "uniform"])
def test_directed_node2vec_uses_out_neighbours_of_previous_node(p, q, back_edge, weighted):
    # From t=0 to v=1; 1 -> {2, 3} (and 1 -> 0 if back_edge); 0 -> 2 exists, 0 -> 3 does not.
    rows = [0, 0, 1, 1, 2, 3] + ([1] if back_edge else [])
    cols = [1, 2, 2, 3, 0, 0] + ([0] if back_edge else [])
    w = np.array([1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 3.0][: len(rows)])
    A = sp.csr_array((w if weighted else np.ones(len(rows)), (rows, cols)), shape=(4, 4))
    walks = _walks(A, 3, 4000, p=p, q=q, seed=3, directed=True)
    after = np.array([w[2] for w in walks if len(w) == 3 and w[0] == 0 and w[1] == 1])
    observed = np.bincount(after, minlength=4).astype(float)
    assert observed.sum() > 1500
    assert _chisquare(observed, node2vec_probs(A, 0, 1, p, q)) > P_MIN


def test_walks_stay_in_their_component_and_isolated_nodes():
    # Two triangles and an isolated node 6.
    rows = [0, 1, 2, 3, 4, 5]
    cols = [1, 2, 0, 4, 5, 3]
    A = sp.coo_array((np.ones(6), (rows, cols)), shape=(7, 7))
    walks = _walks(A, 10, 20, p=2.0, q=0.5, directed=False)
    for w in walks:
        component = {0, 1, 2} if w[0] < 3 else ({3, 4, 5} if w[0] < 6 else {6})
        assert set(w.tolist()) <= component
    isolated = [w for w in walks if w[0] == 6]
    assert len(isolated) == 20 and all(len(w) == 1 for w in isolated)


@pytest.mark.parametrize("p, q", [(1.0, 1.0), (0.5, 2.0)])
def test_walks_identical_for_any_number_of_threads(p, q):
    rng = np.random.default_rng(0)
    # sp.random, not sp.random_array (scipy 1.12+): the same matrix, and scipy 1.10 has it
    A = sp.csr_array(sp.random(300, 300, density=0.03, random_state=rng, format="csr"))
    one = _walks(A, 20, 3, p=p, q=q, seed=5, n_threads=1, directed=False)
    two = _walks(A, 20, 3, p=p, q=q, seed=5, n_threads=2, directed=False)
    assert len(one) == len(two) == 900
    assert all(np.array_equal(a, b) for a, b in zip(one, two, strict=True))
    other = _walks(A, 20, 3, p=p, q=q, seed=6, n_threads=1, directed=False)
    assert not all(np.array_equal(a, b) for a, b in zip(one, other, strict=True))


def test_walk_order_visits_every_node_once_per_repetition():
    starts, reps = walk_order(50, 4, seed=0)
    for r in range(4):
        block = starts[reps == r]
        assert sorted(block.tolist()) == list(range(50))
    assert not np.array_equal(starts[:50], starts[50:100])


@pytest.mark.parametrize("p, q", [(1.0, 1.0), (0.5, 2.0)])
def test_self_loops_are_edges_like_any_other(p, q):
    # Node 0 has a self-loop of weight 2 and an edge to 1 of weight 1.
    A = sp.csr_array(([2.0, 1.0, 1.0, 1.0], ([0, 0, 1, 2], [0, 1, 2, 0])), shape=(3, 3))
    walks = _walks(A, 2, 6000, p=p, q=q, directed=True)
    after = np.array([w[1] for w in walks if w[0] == 0])
    assert (
        _chisquare(np.bincount(after, minlength=3).astype(float), first_order_probs(A, 0)) > P_MIN
    )
    if p != 1.0:  # from t=0 to v=0 (the loop), returning to 0 is weighted 1 / p
        walks = _walks(A, 3, 6000, p=p, q=q, directed=True)
        third = np.array([w[2] for w in walks if w[0] == 0 and w[1] == 0])
        observed = np.bincount(third, minlength=3).astype(float)
        assert _chisquare(observed, node2vec_probs(A, 0, 0, p, q)) > P_MIN


def test_public_walks_are_the_estimators_walks(monkeypatch):
    """Same graph, parameters and seed: random_walks gives the walks that
    GraphWalkEmbedder trains on, in the same order; the lists hold labels."""
    edges = np.array([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"], ["d", "e"]])
    params = dict(walk_length=7, walks_per_node=3, p=0.5, q=2.0)
    sources = []

    def recording(*args, **kwargs):
        sources.append(real(*args, **kwargs))
        return sources[-1]

    real = graph_walk._walk_source
    monkeypatch.setattr(graph_walk, "_walk_source", recording)
    GraphWalkEmbedder(edges, **params, n_components=4, random_state=11).fit()
    trained_ids, trained_offsets = sources[0].generate()
    ids, offsets, nodes = random_walks(edges, **params, random_state=11, return_ids=True)
    np.testing.assert_array_equal(ids, trained_ids)
    np.testing.assert_array_equal(offsets, trained_offsets)
    assert nodes.tolist() == ["a", "b", "c", "d", "e"]
    lists = random_walks(edges, **params, random_state=11)
    bounds = zip(offsets[:-1], offsets[1:], strict=True)
    assert lists == [nodes[ids[a:b]].tolist() for a, b in bounds]
    assert all(isinstance(w, list) and isinstance(w[0], str) for w in lists)
    other = random_walks(edges, **params, random_state=12, return_ids=True)[0]
    assert not np.array_equal(ids, other)


def test_public_walks_check_their_parameters():
    from sklearn.utils._param_validation import InvalidParameterError

    edges = np.array([[0, 1], [1, 2]])
    for bad in [{"walk_length": 0}, {"p": -1.0}, {"n_jobs": 0}, {"return_ids": "yes"}]:
        with pytest.raises(InvalidParameterError, match=next(iter(bad))):
            random_walks(edges, **bad)
    with pytest.raises(ValueError, match="non-negative"):
        random_walks(np.array([[0, 1, -1.0]]))
    before = edges.copy()
    random_walks(edges, walk_length=3, random_state=0)
    np.testing.assert_array_equal(edges, before)
