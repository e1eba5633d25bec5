"""Struc2VecEmbedder: rings, distances, the multilayer graph, walks and roles."""

import networkx as nx
import numpy as np
import pytest
from naive import dtw_distance, struc2vec_cost, struc2vec_distances

from sksg import GraphWalkEmbedder, Struc2VecEmbedder
from sksg._graph import to_csr
from sksg._structural import (
    MultilayerGraph,
    StructuralWalks,
    compared_pairs,
    dtw,
    layer_distances,
    ring_degree_sequences,
    structural_context,
)


def csr_of(G):
    c = to_csr(G, directed=False, weighted=False)
    return c.indptr, c.indices


@pytest.fixture(scope="module")
def small_graph():
    G = nx.connected_watts_strogatz_graph(24, 4, 0.3, seed=2)
    G.add_edges_from([(0, 24), (24, 25)])  # a tail, for rings of other lengths
    return G


@pytest.mark.parametrize("seed", range(3))
def test_dtw_matches_the_textbook_recursion(seed):
    rng = np.random.default_rng(seed)
    a = np.sort(rng.integers(0, 9, rng.integers(1, 12)))
    b = np.sort(rng.integers(1, 9, rng.integers(1, 12)))
    ones_a, ones_b = np.ones(len(a), np.int64), np.ones(len(b), np.int64)
    assert dtw(a, ones_a, b, ones_b) == pytest.approx(dtw_distance(a, b, struc2vec_cost))
    # Compressed (degree, count) pairs: the cost times the larger count (OPT1).
    av, ac = np.unique(a, return_counts=True)
    bv, bc = np.unique(b, return_counts=True)

    def weighted(x, y):
        return struc2vec_cost(x[0], y[0]) * max(x[1], y[1])

    expected = dtw_distance(
        list(zip(av, ac, strict=True)), list(zip(bv, bc, strict=True)), weighted
    )
    assert dtw(av, ac, bv, bc) == pytest.approx(expected)
    assert dtw(a, ones_a, a, ones_a) == 0.0
    assert dtw(a[:0], ones_a[:0], b, ones_b) == np.inf


@pytest.mark.parametrize("compress", [False, True])
def test_rings_hold_the_sorted_degrees_at_each_distance(small_graph, compress):
    indptr, indices = csr_of(small_graph)
    K = 5
    offsets, values, counts = ring_degree_sequences(indptr, indices, K, compress)
    for u in small_graph:
        hops = nx.single_source_shortest_path_length(small_graph, u, cutoff=K - 1)
        for k in range(K):
            expected = sorted(small_graph.degree(x) for x, d in hops.items() if d == k)
            a, b = offsets[u * K + k], offsets[u * K + k + 1]
            got = np.repeat(values[a:b], counts[a:b]).tolist()
            assert got == expected
            if compress:
                assert len(set(values[a:b].tolist())) == b - a


def test_layer_distances_match_the_slow_reference(small_graph):
    indptr, indices = csr_of(small_graph)
    K = 8
    offsets, values, counts = ring_degree_sequences(indptr, indices, K, False)
    pu, pv = compared_pairs(indptr, indices, None)
    dist = layer_distances(offsets, values, counts, K, pu, pv, n_threads=2)
    reference = struc2vec_distances(small_graph, K)
    np.testing.assert_allclose(dist, reference[:, pu, pv], rtol=1e-9)
    # Rings end at various depths: some layer holds defined and undefined pairs.
    assert any(np.isinf(d).any() and np.isfinite(d).any() for d in dist)


def test_compared_pairs_take_nodes_of_close_degree():
    G = nx.barabasi_albert_graph(300, 2, seed=0)
    indptr, indices = csr_of(G)
    pu, pv = compared_pairs(indptr, indices, 16, seed=0)
    assert (pu < pv).all()
    assert len(set(zip(pu.tolist(), pv.tolist(), strict=True))) == len(pu)  # no pair twice
    per_node = np.bincount(np.r_[pu, pv], minlength=300)
    assert per_node.min() >= 8 and per_node.max() <= 16
    degree = np.diff(indptr)
    gap = np.abs(degree[pu] - degree[pv])
    assert np.median(gap) == 0  # mostly nodes of the same degree
    assert len(compared_pairs(indptr, indices, None)[0]) == 300 * 299 // 2


def test_multilayer_weights_and_moving_up(small_graph):
    indptr, indices = csr_of(small_graph)
    K = 3
    context = structural_context(indptr, indices, n_layers=K, n_compared=None, compress=False)
    f = struc2vec_distances(small_graph, K)
    n = small_graph.number_of_nodes()
    for k in range(K):
        adjacency = context.layer_adjacency(k).toarray() > 0
        expected = np.isfinite(f[k]) & ~np.eye(n, dtype=bool)
        np.testing.assert_array_equal(adjacency, expected)
        # Gamma_k(u): edges heavier than the layer's mean weight exp(-f_k).
        w = np.exp(-f[k])
        w[~expected] = np.nan
        mean = np.nanmean(w)
        gamma = np.nansum(w > mean, axis=1)
        up = np.log(gamma + np.e) / (np.log(gamma + np.e) + 1)
        if k == K - 1:
            up[:] = 0.0  # no layer above the top one
        np.testing.assert_allclose(context.up[k * n : (k + 1) * n], up)


def test_walks_follow_the_context_graph(small_graph):
    indptr, indices = csr_of(small_graph)
    context = structural_context(indptr, indices, n_layers=4, n_compared=8, compress=True)
    walks = StructuralWalks(context, 20, 3, 0.3, seed=1, block_walks=10)
    ids, offsets = walks.generate()
    n = small_graph.number_of_nodes()
    linked = np.zeros((n, n), dtype=bool)
    for k in range(4):
        linked |= context.layer_adjacency(k).toarray() > 0
    for a, b in zip(offsets[:-1], offsets[1:], strict=True):
        walk = ids[a:b]
        assert len(walk) == 20
        assert all(linked[x, y] for x, y in zip(walk[:-1], walk[1:], strict=True))
    # Block by block, the same walks whatever the block size and threads.
    blocks = np.concatenate([i.copy() for i, _ in walks.blocks(n_threads=2)])
    other = StructuralWalks(context, 20, 3, 0.3, seed=1, block_walks=7)
    np.testing.assert_array_equal(blocks, np.concatenate([i.copy() for i, _ in other.blocks()]))


def _mirror_karate():
    K = nx.karate_club_graph()
    M = nx.disjoint_union(K, K)
    M.add_edge(0, 34)  # the two copies joined by their node 0
    return M, np.r_[np.arange(34, 68), np.arange(34)]


def nearest_is_mirror(E, mirror):
    E = E / np.linalg.norm(E, axis=1, keepdims=True)
    S = E @ E.T
    np.fill_diagonal(S, -np.inf)
    return (S.argmax(1) == mirror).mean()


def test_mirrored_karate_nodes_find_their_mirror_image():
    """Ribeiro et al.'s mirrored karate network: chance is 1 in 67."""
    M, mirror = _mirror_karate()
    scores = [
        nearest_is_mirror(Struc2VecEmbedder(M, random_state=s).fit().embedding_, mirror)
        for s in range(2)
    ]
    assert min(scores) > 0.25, scores
    walks = GraphWalkEmbedder(M, random_state=0).fit()  # proximity: the copies are apart
    assert nearest_is_mirror(walks.embedding_, mirror) < 0.05


def test_barbell_symmetric_positions_get_equal_vectors():
    B = nx.barbell_graph(10, 5)  # nodes i and 24 - i are mirror images
    emb = Struc2VecEmbedder(B, random_state=0).fit()
    E = emb.embedding_ / np.linalg.norm(emb.embedding_, axis=1, keepdims=True)
    for i in (9, 10, 11):  # attachment nodes and the path
        assert E[i] @ E[24 - i] > 0.9
    assert E[1] @ E[23] > 0.6  # clique nodes of the two cliques
    assert E[1] @ E[12] < 0.5  # a clique node and the center of the path differ


def test_reproducible_and_parameters():
    G = nx.barbell_graph(5, 2)
    a = Struc2VecEmbedder(G, n_components=8, walk_length=20, random_state=0).fit()
    b = Struc2VecEmbedder(G, n_components=8, walk_length=20, random_state=0).fit()
    np.testing.assert_array_equal(a.embedding_, b.embedding_)
    assert a.n_compared_ == 8 and a.n_context_edges_ > 0
    assert set(a.fit_times_) == {"graph", "structure", "walks", "training"}
    assert "directed" not in a.get_params()
    with pytest.raises(ValueError, match="stay_probability"):
        Struc2VecEmbedder(G, stay_probability=1.5).fit()
    with pytest.raises(ValueError, match="n_layers"):
        Struc2VecEmbedder(G, n_layers=0).fit()


def test_multilayer_graph_of_no_pairs():
    context = MultilayerGraph(3, np.full((2, 0), np.inf), np.zeros(0, int), np.zeros(0, int))
    walks = StructuralWalks(context, 5, 1, 0.3, seed=0, block_walks=2)
    ids, offsets = walks.generate()
    assert offsets.tolist() == [0, 1, 2, 3]  # every walk stays at its start


def test_structural_walks_are_the_estimators_walks():
    from sksg import structural_walks

    G = nx.barbell_graph(5, 3)
    params = dict(walk_length=15, walks_per_node=3, n_layers=4)
    ids, offsets, nodes = structural_walks(G, **params, return_ids=True, random_state=7)
    emb = Struc2VecEmbedder(G, **params, n_components=8, random_state=7).fit()
    assert list(nodes) == list(emb.nodes_)
    np.testing.assert_array_equal(np.bincount(ids, minlength=len(nodes)), emb.node_counts_)
    lists = structural_walks(G, **params, random_state=7)
    assert len(lists) == 13 * 3 and lists[0] == nodes[ids[: offsets[1]]].tolist()
    with pytest.raises(ValueError, match="stay_probability"):
        structural_walks(G, stay_probability=-1)
