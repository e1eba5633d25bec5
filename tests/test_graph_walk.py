"""GraphWalkEmbedder: graph inputs, the estimator contract, quality, errors."""

import copy
from unittest import mock

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError

import sksg._graph_walk as graph_walk
from sksg import GraphWalkEmbedder
from sksg._graph import graph_from_sequences, to_csr
from sksg._walks import RandomWalks
from sksg.datasets import load_karate_club

FAST = dict(n_components=16, walk_length=20, walks_per_node=5, window=5, random_state=0)


def planted_partition(n_blocks=4, size=40, p_in=0.25, p_out=0.01, seed=0):
    """A stochastic block model: adjacency (scipy) and block labels."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(n_blocks), size)
    prob = np.where(labels[:, None] == labels[None, :], p_in, p_out)
    upper = np.triu(rng.random(prob.shape) < prob, 1)
    return sp.csr_array((upper | upper.T).astype(float)), labels


def _edges_of(csr):
    """The weighted edges of a CSRGraph as {(label, label): weight}."""
    out = {}
    for v in range(len(csr.labels)):
        for e in range(csr.indptr[v], csr.indptr[v + 1]):
            w = 1.0 if csr.weights is None else float(csr.weights[e])
            out[(csr.labels[v], csr.labels[csr.indices[e]])] = w
    return out


# -- graph inputs ----------------------------------------------------------------


def test_every_input_form_gives_the_same_graph():
    nx = pytest.importorskip("networkx")
    pd = pytest.importorskip("pandas")
    edges = [(0, 1, 2.0), (1, 2, 1.0), (2, 0, 0.5), (2, 3, 3.0)]
    expected = {}
    for u, v, w in edges:
        expected[(u, v)] = expected[(v, u)] = w
    rows, cols, weights = (np.array(c) for c in zip(*edges, strict=True))
    coo = sp.coo_matrix((weights, (rows, cols)), shape=(4, 4))
    G = nx.Graph()
    G.add_weighted_edges_from(edges)
    forms = {
        "edge array": np.array(edges),
        "DataFrame": pd.DataFrame(edges, columns=["source", "target", "weight"]),
        "networkx": G,
        "coo_matrix": coo,
        "csr_array": sp.csr_array(coo),
        "csc_matrix": sp.csc_matrix(coo),
        "lil_array": sp.lil_array(coo),
        "dok_matrix": sp.dok_matrix(coo),
    }
    for name, graph in forms.items():
        csr = to_csr(graph, directed=False)
        got = {(int(u), int(v)): w for (u, v), w in _edges_of(csr).items()}
        assert got == expected, name
        assert not csr.directed
        for v in range(4):  # sorted rows, for the binary search of node2vec
            row = csr.indices[csr.indptr[v] : csr.indptr[v + 1]]
            assert np.all(np.diff(row) > 0)


def test_graph_conventions():
    nx = pytest.importorskip("networkx")
    # A sparse matrix is read row by row; symmetric means undirected.
    A = sp.csr_array(([1.0, 1.0], ([0, 1], [1, 2])), shape=(3, 3))
    assert _edges_of(to_csr(A)) == {(0, 1): 1.0, (1, 2): 1.0}
    both = _edges_of(to_csr(A, directed=False))
    assert both == {(0, 1): 1.0, (1, 0): 1.0, (1, 2): 1.0, (2, 1): 1.0}
    # Weights given in both directions add up; a self-loop is counted once.
    B = sp.csr_array(([1.0, 2.0, 5.0], ([0, 1, 2], [1, 0, 2])), shape=(3, 3))
    assert _edges_of(to_csr(B, directed=False)) == {(0, 1): 3.0, (1, 0): 3.0, (2, 2): 5.0}
    # Edge lists are undirected unless directed=True; labels may be strings.
    E = np.array([["a", "b"], ["b", "c"]], dtype=object)
    assert set(_edges_of(to_csr(E))) == {("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")}
    assert set(_edges_of(to_csr(E, directed=True))) == {("a", "b"), ("b", "c")}
    # networkx: directedness, node labels and the weight attribute are kept.
    D = nx.DiGraph()
    D.add_edge("x", "y", weight=4.0)
    D.add_edge("y", "z")
    D.add_node("lonely")
    csr = to_csr(D)
    assert csr.directed and list(csr.labels) == ["x", "y", "z", "lonely"]
    assert _edges_of(csr) == {("x", "y"): 4.0, ("y", "z"): 1.0}
    # Integer node IDs in a float (m, 3) array stay integers.
    assert list(to_csr(np.array([[0, 1, 0.5], [1, 2, 2.0]])).labels) == [0, 1, 2]
    assert to_csr(np.array([[0, 1, 0.5]])).labels.dtype == np.int64
    # weighted=False ignores weights.
    assert to_csr(D, weighted=False).weights is None  # every edge weighs 1


def test_symmetry_check_in_parallel_parts(monkeypatch):
    # The check that a sparse matrix is symmetric runs in parts of
    # _SYMMETRY_PART stored entries on several threads; small parts here.
    import sksg._graph as graph_module

    monkeypatch.setattr(graph_module, "_SYMMETRY_PART", 50)
    upper = sp.triu(sp.random(300, 300, density=0.05, random_state=1), 1)
    S = sp.csr_array(upper + upper.T)
    S.sort_indices()
    assert S.nnz > 20 * 50
    check = graph_module._is_symmetric
    for threads in (1, 2):
        assert check(S.indptr, S.indices, S.data, True, threads)
        for where in (0.0, 0.5, 0.999):  # first, a middle and the last part
            e = int(where * S.nnz)
            T = S.copy()
            T.data[e] += 1.0  # one weight differs from its reverse's
            assert check(T.indptr, T.indices, T.data, False, threads)
            assert not check(T.indptr, T.indices, T.data, True, threads)
            i = int(np.searchsorted(S.indptr, e, side="right")) - 1
            U = S.tolil()
            U[i, S.indices[e]] = 0.0
            U = sp.csr_array(U)
            U.eliminate_zeros()  # an edge without its reverse
            assert not check(U.indptr, U.indices, U.data, False, threads)
    assert to_csr(S, n_threads=2).directed is False


def test_graph_from_sequences_counts_transitions():
    ids = np.array([0, 1, 2, 1, 2, 3], dtype=np.int32)  # rows [0, 1, 2], [1, 2], [3]
    offsets = np.array([0, 3, 5, 6])
    A = graph_from_sequences(ids, offsets, 4)
    assert A.toarray().tolist() == [[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    model = GraphWalkEmbedder(**FAST).fit([["a", "b", "c"], ["b", "c"], ["d"]])
    assert list(model.nodes_) == ["a", "b", "c", "d"]  # every ID gets a vector
    assert model.embedding_.shape == (4, 16)


def test_the_callers_graph_is_not_modified():
    nx = pytest.importorskip("networkx")
    pd = pytest.importorskip("pandas")
    # Unsorted indices and duplicate entries: canonicalising must copy.
    A = sp.csr_matrix(
        (np.array([1.0, 2.0, 1.0, 1.0]), np.array([2, 1, 1, 0]), np.array([0, 2, 3, 4])),
        shape=(3, 3),
    )
    A_before = (A.data.copy(), A.indices.copy(), A.indptr.copy())
    G = nx.karate_club_graph()
    G_before = copy.deepcopy(G)
    df = pd.DataFrame({"source": [0, 1], "target": [1, 2], "weight": [1.0, 2.0]})
    df_before = df.copy()
    edges = np.array([[0, 1, 1.0], [1, 2, 2.0]])
    edges_before = edges.copy()
    for graph in (A, G, df, edges):
        GraphWalkEmbedder(graph, **FAST, directed=False).fit()
    assert all(
        np.array_equal(a, b) for a, b in zip(A_before, (A.data, A.indices, A.indptr), strict=True)
    )
    assert not A.has_sorted_indices
    assert nx.utils.graphs_equal(G, G_before)
    assert list(G.edges(data=True)) == list(G_before.edges(data=True))
    pd.testing.assert_frame_equal(df, df_before)
    assert np.array_equal(edges, edges_before)


@pytest.mark.parametrize("directed", [None, False, True])
@pytest.mark.parametrize("weighted", [True, False])
def test_a_canonical_matrix_is_read_without_copy_and_left_as_is(directed, weighted):
    """A sorted, duplicate-free float64 CSR matrix is used in place (to save
    memory on big graphs), so every change must happen on a copy."""
    # Asymmetric weights and an explicit zero (0 -> 2), which is not an edge.
    A = sp.csr_array(
        (np.array([1.0, 0.0, 2.0, 3.0]), np.array([1, 2, 0, 1]), np.array([0, 2, 3, 4])),
        shape=(3, 3),
    )
    assert A.has_canonical_format
    before = (A.data.copy(), A.indices.copy(), A.indptr.copy())
    csr = to_csr(A, directed=directed, weighted=weighted)
    assert (csr.weights is None) is (not weighted)  # unweighted: no weight array
    assert weighted is False or np.all(csr.weights > 0)
    GraphWalkEmbedder(A, **FAST, directed=directed, weighted=weighted).fit()
    for a, b in zip(before, (A.data, A.indices, A.indptr), strict=True):
        np.testing.assert_array_equal(a, b)
    # Read as given, the matrix is directed (2 -> 1 has no way back).
    assert csr.directed is (directed is not False)
    S = sp.csr_array(([1.0, 1.0, 2.0, 2.0], ([0, 1, 1, 2], [1, 0, 2, 1])), shape=(3, 3))
    assert not to_csr(S).directed  # symmetric: an undirected graph
    assert to_csr(S, directed=True).directed


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("weight_dtype", [np.float32, np.float64])
def test_canonical_csr_of_any_index_and_weight_dtype_is_read_in_place(index_dtype, weight_dtype):
    """Big graphs: int32/int64 indices and float32/float64 weights are used as
    they are (views, no copy), and give the walks and vectors of the
    int32/float64 matrix."""
    A, _ = planted_partition(n_blocks=2, size=15)
    A = sp.csr_array(A)
    A.data = 1.0 + (A.indices % 3).astype(np.float64)  # weights 1, 2, 3: exact in float32
    A = sp.csr_array(A + A.T)  # symmetric
    A.sort_indices()
    B = sp.csr_array((A.data.astype(weight_dtype), A.indices, A.indptr), shape=A.shape)
    # Set after construction: scipy may choose int32 for small int64 indices.
    B.indices, B.indptr = A.indices.astype(index_dtype), A.indptr.astype(index_dtype)
    assert B.has_canonical_format and B.indices.dtype == index_dtype
    csr = to_csr(B)
    assert np.shares_memory(csr.indices, B.indices)
    assert np.shares_memory(csr.weights, B.data)
    assert not csr.directed
    emb = GraphWalkEmbedder(B, **FAST).fit()
    ref = GraphWalkEmbedder(A, **FAST).fit()
    np.testing.assert_array_equal(emb.embedding_, ref.embedding_)
    # All-ones weights, or weighted=False: no weight array at all.
    ones = sp.csr_array((np.ones_like(B.data), B.indices, B.indptr), shape=B.shape)
    assert to_csr(ones).weights is None
    assert to_csr(B, weighted=False).weights is None
    assert np.shares_memory(to_csr(B, weighted=False).indices, B.indices)


def test_integer_nodes_have_no_python_object_per_node():
    """Nodes 0..n-1 of a matrix: ``nodes_`` is an int64 array and ``vocabulary_``
    a mapping that behaves as the dict {i: i} without storing it."""
    A, _ = planted_partition(n_blocks=2, size=10)
    model = GraphWalkEmbedder(A, **FAST).fit()
    n = A.shape[0]
    assert model.nodes_.dtype == np.int64
    np.testing.assert_array_equal(model.nodes_, np.arange(n))
    vocab = model.vocabulary_
    assert not isinstance(vocab, dict)
    assert vocab == {i: i for i in range(n)} and dict(vocab) == {i: i for i in range(n)}
    assert len(vocab) == n and list(vocab) == list(range(n))
    assert vocab[np.int32(3)] == 3 and vocab[3.0] == 3 and vocab.get(n) is None
    assert n not in vocab and -1 not in vocab and "3" not in vocab and 2.5 not in vocab
    with pytest.raises(KeyError):
        vocab[n]
    with pytest.raises(TypeError, match="unhashable"):
        vocab.get([1])  # as a dict
    # transform of integer arrays and lists alike; unknown nodes named.
    X = np.array([[4], [0], [7]])
    np.testing.assert_array_equal(model.transform(X), model.embedding_[[4, 0, 7]])
    np.testing.assert_array_equal(model.transform([[4], [0], [7]]), model.transform(X))
    with pytest.warns(UserWarning, match=f"not in the graph, the first is {n} at row 1"):
        model.transform(np.array([[1], [n]]))
    # Sorted integer labels that are not 0..n-1 (an edge list): binary search.
    edges = np.array([[10, 20], [20, 35], [35, 10], [35, 99]])
    model = GraphWalkEmbedder(edges, **FAST).fit()
    assert model.nodes_.tolist() == [10, 20, 35, 99]
    assert model.vocabulary_ == {10: 0, 20: 1, 35: 2, 99: 3}
    np.testing.assert_array_equal(model.transform([[99], [10]]), model.embedding_[[3, 0]])
    with pytest.warns(UserWarning, match="the first is 11 at row 0"):
        model.transform([[11]])


# -- the estimator contract --------------------------------------------------------


def test_x_selects_rows_and_every_node_gets_a_vector():
    A, _ = planted_partition(n_blocks=2, size=10)
    A = sp.block_diag([A, sp.csr_array((1, 1))]).tocsr()  # plus an isolated node 20
    model = GraphWalkEmbedder(A, **FAST).fit(np.array([[3], [5]]))
    assert model.embedding_.shape == (21, 16)
    assert model.node_counts_[20] == 5  # its walks are just itself
    out = model.transform(np.array([[0], [20], [7]]))
    np.testing.assert_array_equal(out[1], model.embedding_[20])
    assert model.n_features_in_ == 1
    np.testing.assert_array_equal(model.transform([[7]]), out[2:])


def test_fit_without_x_embeds_the_whole_graph():
    A, _ = planted_partition(n_blocks=2, size=10)
    model = GraphWalkEmbedder(A, **FAST).fit()
    assert model.embedding_.shape == (20, 16)
    assert not hasattr(model, "n_features_in_")
    assert model.transform(np.array([[1, 2, 3]])).shape == (1, 16)


def test_edge_operators():
    A, _ = planted_partition(n_blocks=2, size=10)
    pairs = np.array([[0, 1], [2, 15], [4, 4]])
    for pooling, op in [
        ("hadamard", lambda u, v: u * v),
        ("l1", lambda u, v: np.abs(u - v)),
        ("l2", lambda u, v: (u - v) ** 2),
        ("mean", lambda u, v: (u + v) / 2),
    ]:
        model = GraphWalkEmbedder(A, **FAST, pooling=pooling).fit(pairs)
        E = model.embedding_
        np.testing.assert_allclose(model.transform(pairs), op(E[pairs[:, 0]], E[pairs[:, 1]]),
                                   rtol=1e-6)  # fmt: skip
    with pytest.raises(ValueError, match="exactly two IDs.*row 0 has 3"):
        GraphWalkEmbedder(A, **FAST, pooling="hadamard").fit().transform([[0, 1, 2]])


def test_unknown_nodes():
    A, _ = planted_partition(n_blocks=2, size=10)
    strict = GraphWalkEmbedder(A, **FAST, handle_unknown="error")
    with pytest.raises(ValueError, match=r"not in the graph.*99.*handle_unknown") as info:
        strict.fit(np.array([[1], [99]]))
    assert "np.int64" not in str(info.value)
    model = strict.fit(np.array([[1], [2]]))
    with pytest.raises(ValueError, match=r"not in the graph.*42"):
        model.transform(np.array([[42]]))
    with pytest.warns(UserWarning, match=r"1 node ID\(s\) not in the graph, the first is 99"):
        warned = GraphWalkEmbedder(A, **FAST).fit(np.array([[1], [99]]))
    lenient = GraphWalkEmbedder(A, **FAST, handle_unknown="ignore").fit(np.array([[1], [99]]))
    assert np.all(lenient.transform(np.array([[99]])) == 0)
    np.testing.assert_array_equal(warned.embedding_, lenient.embedding_)


def test_clone_shares_the_graph():
    A, _ = planted_partition()
    est = GraphWalkEmbedder(A, **FAST).set_output(transform="pandas")
    twin = clone(est)
    assert twin.graph is A
    assert twin.get_params()["window"] == est.window
    assert twin._sklearn_output_config == est._sklearn_output_config
    est.set_params(window=3)
    assert twin.window == 5


def test_same_seed_same_vectors_and_threads():
    A, _ = planted_partition()
    a = GraphWalkEmbedder(A, **FAST).fit()
    b = GraphWalkEmbedder(A, **FAST).fit()
    c = GraphWalkEmbedder(A, **{**FAST, "random_state": 1}).fit()
    assert np.array_equal(a.embedding_, b.embedding_)
    assert not np.allclose(a.embedding_, c.embedding_)
    d = GraphWalkEmbedder(A, **FAST, n_jobs=2).fit()
    assert np.array_equal(a.node_counts_, d.node_counts_)  # the same walks


# -- quality -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "p, q, objective",
    [(1.0, 1.0, "negative"), (0.5, 2.0, "negative"), (1.0, 1.0, "hierarchical")],
    ids=["deepwalk-negative", "node2vec", "deepwalk-hierarchical"],
)
def test_planted_partition_node_classification(p, q, objective):
    """Four blocks of 40 nodes: chance is 0.25."""
    A, labels = planted_partition()
    emb = GraphWalkEmbedder(A, n_components=32, p=p, q=q, objective=objective, random_state=0)
    emb.fit()
    if objective == "hierarchical":
        assert emb.context_vectors_.shape == (159, 32)  # the inner nodes of the tree
    X = emb.embedding_
    score = cross_val_score(LogisticRegression(max_iter=1000), X, labels, cv=4).mean()
    assert score > 0.9


def test_karate_club_factions_separate():
    nx = pytest.importorskip("networkx")
    G = nx.karate_club_graph()
    faction = np.array([G.nodes[v]["club"] == "Officer" for v in G.nodes])
    emb = GraphWalkEmbedder(G, n_components=16, random_state=0).fit()
    score = cross_val_score(LogisticRegression(max_iter=1000), emb.embedding_, faction, cv=4)
    assert score.mean() > 0.8  # chance about 0.5


def test_fit_times_report_the_phases(tmp_path):
    A, _ = planted_partition(n_blocks=2, size=10, p_in=0.5)
    for memory in (None, str(tmp_path)):
        emb = GraphWalkEmbedder(A, **FAST, memory=memory).fit()
        assert set(emb.fit_times_) == {"graph", "walks", "training"}
        assert all(t >= 0 for t in emb.fit_times_.values())


def test_karate_club_short_walks_train_with_defaults():
    """Two walks of 10 nodes per member (680 positions): the defaults still
    train useful vectors ('auto' subsampling and epochs; with word2vec's fixed
    1e-3 and one epoch this scored chance, 0.44 over five seeds)."""
    karate = load_karate_club()
    X = np.arange(34).reshape(-1, 1)
    scores = []
    for seed in range(3):
        pipe = make_pipeline(
            GraphWalkEmbedder(karate.edges, walks_per_node=2, walk_length=10, random_state=seed),
            LogisticRegression(max_iter=1000),
        )
        cv = StratifiedKFold(5, shuffle=True, random_state=seed)
        scores.append(cross_val_score(pipe, X, karate.target, cv=cv).mean())
    assert min(scores) > 0.8, scores  # chance 0.5; measured 0.94-0.97
    fitted = pipe.fit(X, karate.target)[0]
    assert fitted.sample_ == 1 / 34 and fitted.epochs_ == 13  # 250 positions per node


def test_item_graph_from_sessions():
    """graph=None: sessions of items from 3 categories; items of a category
    end up nearest to each other."""
    rng = np.random.default_rng(0)
    sessions = [list(rng.integers(0, 10, size=8) + 10 * rng.integers(0, 3)) for _ in range(300)]
    emb = GraphWalkEmbedder(**FAST, epochs=5).fit(sessions)
    for item in (0, 15, 27):
        near = [node for node, _ in emb.most_similar(item, topn=5)]
        assert all(n // 10 == item // 10 for n in near), (item, near)


# -- pipelines and the walk cache --------------------------------------------------------


def test_grid_search_generates_walks_once_per_walk_setting(tmp_path, monkeypatch):
    A, labels = planted_partition(n_blocks=2, size=20, p_in=0.3)
    X = np.arange(40).reshape(-1, 1)
    calls = []

    def counting(method):
        def wrapper(walks, *args, **kwargs):
            calls.append((method.__name__, walks.settings.p, walks.settings.q))
            return method(walks, *args, **kwargs)

        return wrapper

    # A fit generates the walks either all at once (to cache them) or, without a
    # cache, by counting them in a first pass (then again per epoch).
    monkeypatch.setattr(RandomWalks, "generate", counting(RandomWalks.generate))
    monkeypatch.setattr(RandomWalks, "counts", counting(RandomWalks.counts))
    grid = {"graphwalkembedder__window": [2, 5], "graphwalkembedder__negative": [2, 5]}

    def search(**params):
        embedder = GraphWalkEmbedder(A, **FAST, epochs=5, **params)
        pipe = make_pipeline(embedder, LogisticRegression())
        return GridSearchCV(pipe, grid, cv=3).fit(X, labels)

    result = search(memory=str(tmp_path))
    assert len(calls) == 1  # 4 settings x 3 folds + refit = 13 fits, one walk generation
    assert result.best_score_ > 0.9
    calls.clear()
    search(memory=None)
    assert len(calls) == 13  # without a cache every fit walks
    calls.clear()
    walk_grid = {"graphwalkembedder__p": [0.5, 2.0], "graphwalkembedder__window": [2, 5]}
    pipe = make_pipeline(GraphWalkEmbedder(A, **FAST, memory=str(tmp_path)), LogisticRegression())
    GridSearchCV(pipe, walk_grid, cv=3).fit(X, labels)
    assert len(calls) == 2  # one per value of p


@pytest.mark.parametrize("p, q", [(1.0, 1.0), (0.5, 2.0)])
def test_streamed_walks_train_like_cached_walks(tmp_path, p, q):
    """Without a cache the walks are regenerated per block and epoch; the
    training sees exactly the same corpus, in the same blocks."""
    A, _ = planted_partition(n_blocks=2, size=30, p_in=0.3)
    # Small blocks, so that an epoch spans many of them.
    params = dict(FAST, epochs=3, walk_length=7, walks_per_node=3, p=p, q=q)
    with mock.patch.object(graph_walk, "BLOCK_TOKENS", 50):
        streamed = GraphWalkEmbedder(A, **params).fit()
        cached = GraphWalkEmbedder(A, memory=str(tmp_path), **params).fit()
    np.testing.assert_array_equal(streamed.node_counts_, cached.node_counts_)
    np.testing.assert_array_equal(streamed.embedding_, cached.embedding_)
    np.testing.assert_array_equal(streamed.loss_curve_, cached.loss_curve_)


# -- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "graph, error, match",
    [
        (sp.csr_array(np.ones((2, 3))), ValueError, "square"),
        (sp.csr_array(np.array([[0, -1.0], [1.0, 0]])), ValueError, "non-negative"),
        (sp.csr_array(np.array([[0, np.nan], [1.0, 0]])), ValueError, "NaN"),
        (sp.csr_array((0, 0)), ValueError, "empty"),
        (np.zeros((0, 2)), ValueError, "empty"),
        (np.array([[0, 1, -2.0]]), ValueError, "non-negative"),
        (np.array([[0, 1, np.inf]]), ValueError, "NaN or infinity"),
        (np.array([[np.nan, 1]]), ValueError, "NaN"),
        (np.array([[0, 1, 2, 3]]), ValueError, r"\(m, 2\) or \(m, 3\)"),
        (np.ones((3, 3, 3)), ValueError, r"\(m, 2\) or \(m, 3\)"),
        ("edges.txt", TypeError, "graph must be"),
        ([[0, 1], [1, 2]], TypeError, "graph must be"),
    ],
    ids=lambda v: None if isinstance(v, (type, str)) else type(v).__name__,
)
def test_bad_graphs(graph, error, match):
    with pytest.raises(error, match=match):
        GraphWalkEmbedder(graph, **FAST).fit()


def test_bad_graph_dataframe_and_networkx():
    pd = pytest.importorskip("pandas")
    nx = pytest.importorskip("networkx")
    with pytest.raises(ValueError, match="'source' and 'target'"):
        GraphWalkEmbedder(pd.DataFrame({"u": [0], "v": [1]}), **FAST).fit()
    with pytest.raises(ValueError, match="empty"):
        GraphWalkEmbedder(nx.Graph(), **FAST).fit()
    G = nx.Graph()
    G.add_edge(0, 1, weight=-1.0)
    with pytest.raises(ValueError, match="non-negative"):
        GraphWalkEmbedder(G, **FAST).fit()


def test_training_warnings_name_the_cause(tmp_path):
    ring = sp.csr_array((np.ones(6), ([0, 1, 2, 1, 2, 0], [1, 2, 0, 0, 1, 2])), shape=(5, 5))
    with pytest.warns(UserWarning, match=r"2 of 5 nodes have no edges \(the first is 3\)"):
        GraphWalkEmbedder(ring, **FAST).fit()
    with pytest.warns(UserWarning, match="single node: the graph has no edges") as record:
        GraphWalkEmbedder(sp.csr_array((4, 4)), **FAST).fit()
    assert not any("nodes have no edges" in str(w.message) for w in record)
    with pytest.warns(UserWarning, match=r"single node \(walk_length=1\)"):
        GraphWalkEmbedder(ring, **{**FAST, "walk_length": 1}).fit()
    karate = load_karate_club().edges
    with pytest.warns(UserWarning, match=r"sample=0.001 is expected to discard \d+% .*'auto'"):
        GraphWalkEmbedder(karate, **{**FAST, "sample": 1e-3}).fit()


def test_memory_without_an_int_seed_warns_and_does_not_cache(tmp_path):
    A, _ = planted_partition(n_blocks=2, size=10, p_in=0.5)
    for seed in (None, np.random.RandomState(0)):
        est = GraphWalkEmbedder(A, **{**FAST, "random_state": seed}, memory=str(tmp_path))
        with pytest.warns(UserWarning, match="memory is set but random_state=.*not cached"):
            est.fit()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    GraphWalkEmbedder(A, **FAST, memory=str(tmp_path)).fit()  # an int seed: cached
    assert any(p.is_file() for p in tmp_path.rglob("*"))


def test_repr_summarises_an_edge_list():
    pd = pytest.importorskip("pandas")
    edges = np.array([[i, (i + 1) % 200] for i in range(200)])
    est = GraphWalkEmbedder(edges, n_components=8)
    assert repr(est) == (
        "GraphWalkEmbedder(graph=<edge list array of shape (200, 2), dtype int64>, n_components=8)"
    )
    frame = pd.DataFrame(edges, columns=["source", "target"])
    shown = GraphWalkEmbedder(frame)
    assert repr(shown) == (
        "GraphWalkEmbedder(graph=<edge list DataFrame of shape (200, 2): source, target>)"
    )
    # The notebook display: the parameter table and the text fallback.
    html = shown._repr_html_()
    assert "edge list DataFrame of shape (200, 2)" in html and "199" not in html
    assert est.get_params()["graph"] is edges  # only the display changes


def test_object_edge_arrays_with_numeric_weights():
    pd = pytest.importorskip("pandas")
    edges = np.array([["a", "b", 1.0], ["b", "c", 2], ["c", "a", "0.5"]], dtype=object)
    frame = pd.DataFrame(
        {"source": ["a", "b", "c"], "target": ["b", "c", "a"], "weight": [1.0, 2.0, 0.5]}
    )
    a = GraphWalkEmbedder(edges, **FAST).fit()
    b = GraphWalkEmbedder(frame, **FAST).fit()
    assert list(a.nodes_) == ["a", "b", "c"]
    np.testing.assert_array_equal(a.embedding_, b.embedding_)
    text = np.array([["a", "b", "1.5"], ["b", "c", "2"]])  # all strings
    assert GraphWalkEmbedder(text, **FAST).fit().embedding_.shape == (3, 16)
    bad = np.array([["a", "b", 1.0], ["b", "c", "heavy"]], dtype=object)
    with pytest.raises(ValueError, match="Edge weights must be numbers; 'heavy' is not"):
        GraphWalkEmbedder(bad, **FAST).fit()


@pytest.mark.parametrize(
    "params",
    [
        {"n_jobs": 0},
        {"sample": "often"},
        {"epochs": 0},
        {"p": 0},
        {"p": -1.0},
        {"q": 0},
        {"walk_length": 0},
        {"walks_per_node": 0},
        {"directed": "yes"},
        {"weighted": 2},
        {"memory": 3},
        {"window": 0},
        {"pooling": "concat"},
    ],
)
def test_bad_parameters_name_the_parameter(params):
    (name,) = params
    A, _ = planted_partition(n_blocks=2, size=5)
    with pytest.raises(InvalidParameterError, match=name):
        GraphWalkEmbedder(A, **params).fit()


def test_fit_needs_x_or_a_graph():
    with pytest.raises(ValueError, match="needs X"):
        GraphWalkEmbedder().fit()
    with pytest.raises(ValueError, match="empty|no node"):
        GraphWalkEmbedder().fit([[], []])


# -- verbose ---------------------------------------------------------------------


@pytest.mark.parametrize("memory", [None, "cache"])
def test_verbose_reports_walks_and_epochs(capsys, monkeypatch, tmp_path, memory):
    A, _ = planted_partition(n_blocks=2, size=30)
    params = dict(FAST, epochs=2, memory=None if memory is None else str(tmp_path))
    GraphWalkEmbedder(A, **params, verbose=1).fit()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[GraphWalkEmbedder] walks: 300 walks, 6,000 steps")
    assert [line.split(":")[0] for line in lines[1:]] == [
        "[GraphWalkEmbedder] epoch 1/2",
        "[GraphWalkEmbedder] epoch 2/2",
    ]
    assert all("loss" in line and "words/s" in line for line in lines[1:])
    # verbose=2 adds progress lines within long steps (here: every block).
    monkeypatch.setattr("sksg._progress.PROGRESS_EVERY", 0.0)
    monkeypatch.setattr(graph_walk, "BLOCK_TOKENS", 1000)
    GraphWalkEmbedder(A, **params, verbose=2).fit()
    out = capsys.readouterr().out
    if memory is None:
        assert "walks: 100%" in out
    assert "epoch 2/2: 100% of the corpus" in out and "loss so far" in out
    GraphWalkEmbedder(A, **params, verbose=0).fit()
    assert capsys.readouterr().out == ""


def test_partial_fit_keeps_integer_labels_and_their_vocabulary():
    """New integer nodes are appended: a sorted label array keeps its binary-search
    vocabulary, an unsorted one falls back to a dict, and both map every node."""
    edges = np.array([[10, 20], [20, 35], [35, 10]])
    model = GraphWalkEmbedder(edges, **FAST).fit()
    grown = np.vstack([edges, [[35, 50]]])  # 50 > 35: still sorted
    model.partial_fit(graph=grown)
    assert model.nodes_.dtype == np.int64 and model.nodes_.tolist() == [10, 20, 35, 50]
    assert not isinstance(model.vocabulary_, dict)
    assert model.vocabulary_ == {10: 0, 20: 1, 35: 2, 50: 3}
    model.partial_fit(graph=np.vstack([grown, [[50, 5]]]))  # 5 comes after 50: unsorted
    assert model.nodes_.tolist() == [10, 20, 35, 50, 5]
    assert model.vocabulary_ == {10: 0, 20: 1, 35: 2, 50: 3, 5: 4}
    np.testing.assert_array_equal(model.transform([[5], [50]]), model.embedding_[[4, 3]])
