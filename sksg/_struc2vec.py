"""Struc2VecEmbedder: structural roles from struc2vec's walks on the shared trainer."""

from numbers import Integral, Real

from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from ._graph import to_csr
from ._graph_base import GraphEmbedder
from ._graph_walk import label_lists
from ._progress import Progress
from ._random import seed_from
from ._structural import StructuralWalks, auto_compared, structural_context
from ._threads import NumbaThreads, n_threads_for
from ._trainer import timed
from ._vocab import BLOCK_TOKENS


def _structural_walks(csr, params, rng, threads):
    """The multilayer graph of ``csr`` and its walks, the seeds drawn from ``rng``."""
    n = csr.indptr.shape[0] - 1
    compared = auto_compared(n) if params["n_compared"] == "auto" else params["n_compared"]
    structure_seed = seed_from(rng)
    with NumbaThreads(threads):
        context = structural_context(
            csr.indptr,
            csr.indices,
            n_layers=params["n_layers"],
            n_compared=compared,
            compress=params["compress_degrees"],
            seed=structure_seed,
            n_threads=threads,
        )
    return StructuralWalks(
        context,
        params["walk_length"],
        params["walks_per_node"],
        params["stay_probability"],
        seed_from(rng),
        block_walks=max(1, BLOCK_TOKENS // params["walk_length"]),
    )


@validate_params(
    {
        "graph": "no_validation",
        "walk_length": [Interval(Integral, 1, None, closed="left")],
        "walks_per_node": [Interval(Integral, 1, None, closed="left")],
        "n_layers": [Interval(Integral, 1, None, closed="left")],
        "n_compared": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"}), None],
        "compress_degrees": ["boolean"],
        "stay_probability": [Interval(Real, 0, 1, closed="right")],
        "return_ids": ["boolean"],
        "random_state": ["random_state"],
        "n_jobs": [
            Interval(Integral, None, -1, closed="right"),
            Interval(Integral, 1, None, closed="left"),
            None,
        ],
    },
    prefer_skip_nested_validation=True,
)
def structural_walks(
    graph, *, walk_length=80, walks_per_node=10, n_layers=6, n_compared="auto",
    compress_degrees=True, stay_probability=0.3, return_ids=False, random_state=None,
    n_jobs=None,
):  # fmt: skip
    """struc2vec's walks on a graph's multilayer structural graph.

    The walks :class:`Struc2VecEmbedder` trains on: with the same graph,
    parameters and int ``random_state``, the same walks in the same order.
    Consecutive nodes of a walk are structurally alike (similar degrees around
    them, ring by ring), not necessarily linked in the graph.

    Read more in the :ref:`User Guide <struc2vec>`.

    Parameters
    ----------
    graph : graph
        Anything :class:`GraphWalkEmbedder` accepts, read as undirected and
        unweighted. Never modified.
    walk_length : int, default=80
        Nodes per walk (changing layers writes no node).
    walks_per_node : int, default=10
        Walks started from every node, in layer 0.
    n_layers, n_compared, compress_degrees, stay_probability
        As in :class:`Struc2VecEmbedder`.
    return_ids : bool, default=False
        Return integer node ids and the node labels instead of lists of labels.
    random_state : int, RandomState instance or None, default=None
        Determines the compared pairs' tie order and the walks.
    n_jobs : int, default=None
        Threads.

    Returns
    -------
    walks : list of lists
        With ``return_ids=False``: one list of node labels per walk.
    ids, offsets, nodes : tuple of ndarrays
        With ``return_ids=True``: as :func:`random_walks` returns them.

    See Also
    --------
    random_walks : Walks along the edges (DeepWalk, node2vec).
    Struc2VecEmbedder : Trains skip-gram on these walks.

    Examples
    --------
    >>> import networkx as nx
    >>> from sksg import structural_walks
    >>> walks = structural_walks(nx.barbell_graph(4, 1), walk_length=6, random_state=0)
    >>> len(walks), len(walks[0])
    (90, 6)
    """
    rng = check_random_state(random_state)
    threads = n_threads_for(n_jobs)
    csr = to_csr(graph, directed=False, weighted=False, n_threads=threads)
    walks = _structural_walks(
        csr,
        dict(
            walk_length=walk_length, walks_per_node=walks_per_node, n_layers=n_layers,
            n_compared=n_compared, compress_degrees=compress_degrees,
            stay_probability=stay_probability,
        ),
        rng,
        threads,
    )  # fmt: skip
    with NumbaThreads(threads):
        ids, offsets = walks.generate(threads)
    if return_ids:
        return ids, offsets, csr.labels
    return label_lists(ids, offsets, csr.labels)


class Struc2VecEmbedder(GraphEmbedder):
    """struc2vec: node vectors of structural roles, not of neighbourhoods.

    Two nodes get close vectors when the graph looks alike around them (the
    degrees of their neighbours, of their neighbours' neighbours, and so on),
    even if they are far apart or in different components: hubs with hubs,
    bridges with bridges, the periphery with the periphery. Walks and
    DeepWalk/node2vec place nodes by proximity instead.

    struc2vec (Ribeiro, Saverese & Figueiredo, 2017) builds a multilayer
    graph in which layer ``k`` links nodes whose degree sequences are alike up
    to ``k`` hops (dynamic time warping of the sorted degrees of each ring),
    walks on it, and trains the skip-gram on the walks: the same trainer as
    :class:`GraphWalkEmbedder`.

    Read more in the :ref:`User Guide <struc2vec>`.

    Parameters
    ----------
    graph : graph, default=None
        The graph, in any form :class:`GraphWalkEmbedder` accepts, read as
        undirected and unweighted (struc2vec compares degrees). If None, it is
        built from ``X`` in ``fit``.

    n_layers : int, default=6
        Rings compared, from the node itself (layer 0) to ``n_layers - 1``
        hops: the paper's cap on layers (OPT3). More layers look further but
        cost more.

    n_compared : int, 'auto' or None, default='auto'
        How many nodes of the closest degrees each node is compared with (the
        paper's OPT2); ``'auto'`` is ``2 * ceil(log2(n_nodes))``, None
        compares all pairs (``O(n^2)`` distances).

    compress_degrees : bool, default=True
        Compare degree sequences as (degree, count) pairs (the paper's OPT1):
        the same distances when every degree occurs once per ring, and far
        shorter sequences on real graphs.

    stay_probability : float, default=0.3
        Probability that a walk step moves within the current layer (the
        paper's ``q``); otherwise the walk changes layer.

    walk_length : int, default=80
        Nodes per walk.

    walks_per_node : int, default=10
        Walks started from every node (in layer 0).

    n_components : int, default=128
        Dimension of the node vectors.

    window : int, default=10
        Maximum distance between a center node and a context node in a walk.

    shrink_window : bool, default=True
        Draw a window size per center (see :class:`SkipGramEmbedder`).

    negative : int, default=5
        Noise nodes per pair.

    ns_exponent : float, default=0.75
        Exponent of the noise distribution.

    sample : float or 'auto', default='auto'
        Subsampling threshold of frequent nodes (see
        :class:`GraphWalkEmbedder`).

    epochs : int or 'auto', default='auto'
        Passes over the walks. ``'auto'`` is 1, as for
        :class:`GraphWalkEmbedder`, more for short walks on small graphs. The
        reference implementation trains 5, which did no better on the
        mirrored karate network (the nearest neighbour was the mirror image for
        43-46% of the nodes over three seeds, against 47-56% with one epoch)
        and costs five times the training.

    learning_rate : float, default=0.025
        Initial learning rate.

    min_learning_rate : float, default=1e-4
        Final learning rate of the linear decay.

    objective : {'negative', 'hierarchical', 'softmax'}, default='negative'
        The skip-gram objective (see :class:`SkipGramEmbedder`).

    share_negatives : bool, default=False
        Share noise nodes within a window (see :class:`SkipGramEmbedder`).

    pooling : {'mean', 'sum', 'max', 'hadamard', 'l1', 'l2'}, default='mean'
        How :meth:`transform` combines the vectors of a row's node IDs.

    handle_unknown : {'warn', 'error', 'ignore'}, default='warn'
        What :meth:`transform` does with IDs that are not nodes.

    n_jobs : int, default=None
        Threads for distances, walks and training.

    random_state : int, RandomState instance or None, default=None
        Determines the walks and the skip-gram's random draws.

    verbose : int, default=0
        Print the time of each phase when positive.

    callbacks : list of callable, default=None
        Called after each epoch (see :class:`SkipGramEmbedder`).

    init_vectors : str, path-like, (keys, vectors) or fitted estimator, default=None
        Vectors to start from (see :class:`SkipGramEmbedder`).

    freeze_init_vectors : bool, default=False
        Keep the vectors taken from ``init_vectors`` as they are.

    Attributes
    ----------
    vocabulary_ : mapping
        Maps each node to its row in ``embedding_`` (a ``dict``, or for
        sorted integer nodes a mapping that answers as one from ``nodes_``
        alone; see ``GraphWalkEmbedder``).
    nodes_ : ndarray of shape (n_nodes,), dtype int64 or object
        The node of each row (int64 when the nodes are integers).
    embedding_ : ndarray of shape (n_nodes, n_components), dtype float32
        The node vectors.
    context_vectors_ : ndarray of float32
        The skip-gram's output vectors.
    node_counts_ : ndarray of shape (n_nodes,), dtype int64
        Occurrences of each node in the walks.
    n_compared_ : int
        Nodes each node was compared with (``n_compared`` resolved; ``n - 1``
        for all pairs).
    n_context_edges_ : int
        Edges of the multilayer graph, all layers together.
    fit_times_ : dict of str to float
        Seconds of ``'graph'``, ``'structure'`` (rings, distances, the
        multilayer graph), ``'walks'`` (counting pass) and ``'training'``.
    loss_curve_, sample_, epochs_, n_features_in_, feature_names_in_
        As for :class:`GraphWalkEmbedder`.

    See Also
    --------
    sksg.GraphWalkEmbedder : Node vectors from proximity (DeepWalk, node2vec).

    Notes
    -----
    Distances: ``f_k(u, v) = f_{k-1}(u, v) + g(s(R_k(u)), s(R_k(v)))``, where
    ``s(R_k(u))`` is the sorted degree sequence of the nodes at exactly ``k``
    hops from ``u`` and ``g`` the dynamic-time-warping distance with the cost
    ``max(a, b) / min(a, b) - 1`` (times the larger count when compressed; a
    degree of 0 costs the other degree). Layer ``k`` links compared pairs
    with weight ``exp(-f_k)``; a walk changing layers goes up with probability
    ``log(Gamma + e) / (log(Gamma + e) + 1)``, where ``Gamma`` counts the
    node's edges in its layer heavier than the layer's mean. Changing layers
    writes no node. Everything is computed in memory with numba, in
    ``O(n log n)`` memory with OPT2.

    References
    ----------
    .. [1] L. F. R. Ribeiro, P. H. P. Saverese, D. R. Figueiredo, "struc2vec:
       Learning Node Representations from Structural Identity", KDD 2017.
    .. [2] T. Mikolov, I. Sutskever, K. Chen, G. Corrado, J. Dean,
       "Distributed Representations of Words and Phrases and their
       Compositionality", NeurIPS 2013.

    Examples
    --------
    >>> import networkx as nx
    >>> from sksg import Struc2VecEmbedder
    >>> G = nx.barbell_graph(5, 2)  # two cliques joined by a path
    >>> emb = Struc2VecEmbedder(G, n_components=8, walk_length=20, random_state=0).fit()
    >>> emb.embedding_.shape
    (12, 8)
    """

    _sequence_name = "walk"
    _auto_epochs = 1
    # struc2vec compares degrees: the graph is read undirected and unweighted.
    directed = False
    weighted = False

    _parameter_constraints: dict = {
        key: value
        for key, value in GraphEmbedder._parameter_constraints.items()
        if key not in ("directed", "weighted")
    } | {
        "n_layers": [Interval(Integral, 1, None, closed="left")],
        "n_compared": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"}), None],
        "compress_degrees": ["boolean"],
        "stay_probability": [Interval(Real, 0, 1, closed="right")],
        "walk_length": [Interval(Integral, 1, None, closed="left")],
        "walks_per_node": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        graph=None,
        *,
        n_layers=6,
        n_compared="auto",
        compress_degrees=True,
        stay_probability=0.3,
        walk_length=80,
        walks_per_node=10,
        n_components=128,
        window=10,
        shrink_window=True,
        negative=5,
        ns_exponent=0.75,
        sample="auto",
        epochs="auto",
        learning_rate=0.025,
        min_learning_rate=1e-4,
        objective="negative",
        share_negatives=False,
        pooling="mean",
        handle_unknown="warn",
        n_jobs=None,
        random_state=None,
        verbose=0,
        callbacks=None,
        init_vectors=None,
        freeze_init_vectors=False,
    ):
        self.graph = graph
        self.n_layers = n_layers
        self.n_compared = n_compared
        self.compress_degrees = compress_degrees
        self.stay_probability = stay_probability
        self.walk_length = walk_length
        self.walks_per_node = walks_per_node
        self.n_components = n_components
        self.window = window
        self.shrink_window = shrink_window
        self.negative = negative
        self.ns_exponent = ns_exponent
        self.sample = sample
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.min_learning_rate = min_learning_rate
        self.objective = objective
        self.share_negatives = share_negatives
        self.pooling = pooling
        self.handle_unknown = handle_unknown
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.init_vectors = init_vectors
        self.freeze_init_vectors = freeze_init_vectors

    def _warn_isolated(self, indptr, indices):
        """Nothing to warn: isolated nodes are compared by structure like any other."""

    def _no_pairs_cause(self):
        if self.walk_length == 1:
            return "every walk holds a single node (walk_length=1)"
        return "the graph has a single node, which no walk can leave"

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Build the multilayer graph, walk on it and learn the node vectors.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_ids), list of sequences or None
            Node IDs. With a ``graph``, ``X`` is only checked (its IDs must be
            nodes) and may be None. Without a graph, the graph is built from
            the rows of ``X`` (consecutive IDs are linked).

        y : None
            Ignored.

        Returns
        -------
        self : Struc2VecEmbedder
            The fitted estimator.
        """
        self._check_learning_rates()
        self.fit_times_ = {}
        rng = check_random_state(self.random_state)
        csr = timed(lambda: self._graph_csr(X, self.graph), self.fit_times_, "graph")
        self._set_nodes(csr, X, self.graph)
        n = csr.indptr.shape[0] - 1
        threads = n_threads_for(self.n_jobs)
        compared = auto_compared(n) if self.n_compared == "auto" else self.n_compared
        self.n_compared_ = n - 1 if compared is None else int(min(compared, n - 1))
        progress = Progress(self.verbose, type(self).__name__)

        walks = timed(
            lambda: _structural_walks(csr, self.get_params(), rng, threads),
            self.fit_times_,
            "structure",
        )
        self.n_context_edges_ = walks.graph.n_edges
        progress(
            f"structure: {n:,} nodes, each compared with {self.n_compared_:,}, "
            f"{walks.graph.n_edges:,} edges in {self.n_layers} layers, "
            f"{self.fit_times_['structure']:.2f} s"
        )

        def count():
            with NumbaThreads(threads):
                return walks.counts(threads)

        self.node_counts_ = timed(count, self.fit_times_, "walks")
        return self._train(walks, self.node_counts_, rng)
