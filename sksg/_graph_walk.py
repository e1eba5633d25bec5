"""GraphWalkEmbedder: DeepWalk and node2vec into the shared skip-gram trainer."""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, validate_params
from sklearn.utils.validation import check_memory

from ._base import update_seed
from ._corpus import EncodedCorpus
from ._graph import (
    adjacency_hashes,
    relabel,
    to_csr,
    within_hops,
)
from ._graph_base import GraphEmbedder
from ._labels import grown_labels, label_rows
from ._progress import Progress
from ._random import derive_key, seed_from
from ._threads import NumbaThreads, n_threads_for
from ._trainer import timed
from ._vocab import BLOCK_TOKENS, display
from ._walks import RandomWalks

#: Mixed into a partial_fit call's seed for its walks (training uses the seed itself).
_WALK_SEED = 0x57A1C


def _cached_walks(walks, n_threads):
    """All walks of a :class:`RandomWalks`; module-level so joblib.Memory can cache it.

    ``walks`` (its graph arrays and walk settings) is the cache key.
    """
    with NumbaThreads(n_threads):
        return walks.generate(n_threads)


def _walk_source(csr, walk_length, walks_per_node, p, q, seed):
    """The walks of a :class:`~sksg._graph.CSRGraph` as a corpus source."""
    return RandomWalks(
        csr.indptr, csr.indices, csr.weights, walk_length, walks_per_node, p, q, seed,
        directed=csr.directed, block_walks=BLOCK_TOKENS // walk_length,
    )  # fmt: skip


def graph_walks(
    graph, *, walk_length, walks_per_node, p, q, weighted, directed, random_state, n_threads=1
):
    """The walks of ``graph`` as a :class:`~sksg._walks.RandomWalks` source, and the labels.

    What :func:`random_walks` returns and the ``sksg walks`` command writes, block
    by block; the seed is drawn as :class:`GraphWalkEmbedder` draws it.
    """
    rng = check_random_state(random_state)
    csr = to_csr(graph, directed=directed, weighted=weighted, n_threads=n_threads)
    return _walk_source(csr, walk_length, walks_per_node, p, q, seed_from(rng)), csr.labels


@validate_params(
    {
        "graph": "no_validation",
        "walk_length": [Interval(Integral, 1, None, closed="left")],
        "walks_per_node": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 0, None, closed="neither")],
        "q": [Interval(Real, 0, None, closed="neither")],
        "weighted": ["boolean"],
        "directed": ["boolean", None],
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
def random_walks(
    graph, *, walk_length=80, walks_per_node=10, p=1.0, q=1.0, weighted=True, directed=None,
    return_ids=False, random_state=None, n_jobs=None,
):  # fmt: skip
    """Random walks on a graph: DeepWalk's, weighted, or node2vec's p/q-biased walks.

    The walks that :class:`GraphWalkEmbedder` trains on: with the same graph,
    walk parameters and int ``random_state``, the same walks in the same
    order. ``walks_per_node`` rounds visit every node once each, in a fresh
    random order per round (as node2vec does). Every walk draws from its own
    random stream, so the walks are identical for any ``n_jobs``.

    Read more in the :ref:`User Guide <walks>`.

    Parameters
    ----------
    graph : graph
        Anything :class:`GraphWalkEmbedder` accepts: a scipy sparse adjacency
        matrix, a networkx graph, an (m, 2) / (m, 3) edge-list array or a
        DataFrame with ``source``, ``target`` [, ``weight``] columns. Never
        modified.
    walk_length : int, default=80
        Nodes per walk (fewer at a dead end of a directed graph).
    walks_per_node : int, default=10
        Walks started from every node.
    p : float, default=1.0
        node2vec's return parameter: the weight of stepping back to the
        previous node is divided by ``p``.
    q : float, default=1.0
        node2vec's in-out parameter: the weight of moving to a node that is not
        a neighbour of the previous node is divided by ``q``. ``p = q = 1``
        gives first-order walks.
    weighted : bool, default=True
        Use edge weights as transition weights.
    directed : bool, default=None
        As in :class:`GraphWalkEmbedder`: None takes the graph as given.
    return_ids : bool, default=False
        Return integer node ids and the node labels instead of lists of labels.
    random_state : int, RandomState instance or None, default=None
        Determines the walks. Pass an int for reproducible walks (and the walks
        of a ``GraphWalkEmbedder`` with the same int).
    n_jobs : int, default=None
        Threads. ``None`` means 1 unless in a :obj:`joblib.parallel_backend`
        context; ``-1`` means all processors.

    Returns
    -------
    walks : list of lists
        With ``return_ids=False``: one list of node labels per walk. The lists
        refer to the graph's label objects: about 9 bytes per step for walks
        of 80 nodes (a pointer per step and a list per walk), 14 while they
        are built.
    ids, offsets, nodes : tuple of ndarrays
        With ``return_ids=True``: ``ids`` (int32) holds all walks one after the
        other and walk ``k`` is ``ids[offsets[k]:offsets[k + 1]]`` (``offsets``
        int64, one more than there are walks); ``nodes`` gives the label of
        each id. About 4 bytes per step: half of the lists' cost, and what
        numpy code wants.

    See Also
    --------
    GraphWalkEmbedder : Trains skip-gram on these walks.

    References
    ----------
    .. [1] B. Perozzi, R. Al-Rfou, S. Skiena, "DeepWalk: Online Learning of
       Social Representations", KDD 2014.
    .. [2] A. Grover, J. Leskovec, "node2vec: Scalable Feature Learning for
       Networks", KDD 2016.

    Examples
    --------
    >>> import numpy as np
    >>> from sksg import random_walks
    >>> edges = np.array([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"]])
    >>> walks = random_walks(edges, walk_length=5, walks_per_node=2, random_state=0)
    >>> len(walks), len(walks[0])
    (8, 5)
    >>> ids, offsets, nodes = random_walks(edges, walk_length=5, return_ids=True, random_state=0)
    >>> ids.dtype, offsets.shape, nodes.tolist()
    (dtype('int32'), (41,), ['a', 'b', 'c', 'd'])
    """
    walks, nodes = graph_walks(
        graph, walk_length=walk_length, walks_per_node=walks_per_node, p=p, q=q,
        weighted=weighted, directed=directed, random_state=random_state,
        n_threads=n_threads_for(n_jobs),
    )  # fmt: skip
    ids, offsets = _cached_walks(walks, n_threads_for(n_jobs))
    if return_ids:
        return ids, offsets, nodes
    return label_lists(ids, offsets, nodes)


def label_lists(ids, offsets, nodes):
    """Walks as lists of node labels, built a few thousand walks at a time."""
    out = []
    for lo in range(0, offsets.shape[0] - 1, 4096):
        hi = min(lo + 4096, offsets.shape[0] - 1)
        labels = nodes[ids[offsets[lo] : offsets[hi]]].tolist()
        bounds = (offsets[lo : hi + 1] - offsets[lo]).tolist()
        out.extend(labels[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True))
    return out


class GraphWalkEmbedder(GraphEmbedder):
    """Node embeddings from random walks (DeepWalk, node2vec) and skip-gram.

    Generates ``walks_per_node`` random walks of ``walk_length`` nodes from
    every node of a graph (uniform, weighted, or node2vec's second-order walks
    biased by ``p`` and ``q``), and trains skip-gram with negative sampling on
    them, walks being sentences and nodes words. Every node gets a vector.

    ``X`` holds node IDs, one row per sample: a column of IDs gives node
    vectors (for node classification), a row of several IDs pools their
    vectors, and pairs of IDs with ``pooling='hadamard'`` (or ``'l1'``,
    ``'l2'``, ``'mean'``) give node2vec's edge features (for link prediction).

    Read more in the :ref:`User Guide <user_guide>`.

    Parameters
    ----------
    graph : graph, default=None
        The graph to embed, never modified (and shared, not copied, between
        clones): a scipy sparse adjacency matrix or array (square, non-negative
        weights, row ``i`` = out-edges of node ``i``, nodes labelled ``0..n-1``),
        a networkx ``Graph``/``DiGraph`` (its node labels and ``weight``
        attribute), or an edge list: an (m, 2) or (m, 3) array of source,
        target[, weight], or a DataFrame with ``source``, ``target`` and
        optionally ``weight`` columns. With a graph, ``fit`` embeds all of its
        nodes whatever ``X`` holds.
        If None, the graph is built from ``X`` in ``fit``: consecutive IDs of a
        row are linked, with the number of times they follow each other as
        weight (the item graph of session data).

    directed : bool, default=None
        None takes the graph as given: networkx graphs say whether they are
        directed, sparse matrices are read row by row (a symmetric matrix is
        undirected), edge lists and graphs built from ``X`` are undirected.
        False links every edge both ways (weights given both ways add up);
        True keeps edges one-way (walks follow them and stop at dead ends).

    weighted : bool, default=True
        Use edge weights as transition weights. If False, all edges weigh 1.

    walk_length : int, default=80
        Number of nodes per walk (shorter at a dead end).

    walks_per_node : int, default=10
        Walks started from every node.

    p : float, default=1.0
        node2vec's return parameter: the weight of stepping back to the
        previous node is divided by ``p``.

    q : float, default=1.0
        node2vec's in-out parameter: the weight of moving to a node that is not
        a neighbour of the previous node is divided by ``q``. ``p = q = 1``
        gives first-order walks (DeepWalk, or weighted walks).

    n_components : int, default=128
        Dimension of the node vectors.

    window : int, default=10
        Maximum distance between a center node and a context node in a walk.

    shrink_window : bool, default=True
        Draw each center's window uniformly from ``1..window`` (word2vec's
        reduced window).

    negative : int, default=5
        Noise nodes drawn per positive pair.

    ns_exponent : float, default=0.75
        Exponent of the noise distribution over node frequencies in the walks.

    sample : float or 'auto', default='auto'
        Subsampling threshold for frequent nodes (high-degree nodes are the
        frequent words of walks); 0 disables it. ``'auto'`` is 1e-3 on graphs
        of 1,000 nodes or more and ``1 / n_nodes`` on smaller ones, where 1e-3
        would drop most of every walk. The threshold used is ``sample_``.

    epochs : int or 'auto', default='auto'
        Passes over the walks. ``'auto'`` is 1 (node2vec's reference), or more
        when the walks are short: as many as it takes to read
        ``min(250 * n_nodes, 1,000,000)`` walk positions in all. The number
        used is ``epochs_``.

    learning_rate : float, default=0.025
        Initial learning rate.

    min_learning_rate : float, default=1e-4
        Final learning rate of the linear decay.

    objective : {'negative', 'hierarchical', 'softmax'}, default='negative'
        Negative sampling (node2vec's), hierarchical softmax over a Huffman
        tree of the node frequencies (DeepWalk's), or the exact full softmax
        (small graphs only). See ``SkipGramEmbedder``.

    share_negatives : bool, default=False
        Share each center's noise nodes among its context pairs: faster on
        large graphs, slightly lower quality (see ``SkipGramEmbedder``).

    pooling : {'mean', 'sum', 'max', 'hadamard', 'l1', 'l2'}, default='mean'
        How :meth:`transform` combines the vectors of a row's nodes. The last
        three are node2vec's edge operators for rows of exactly two nodes:
        ``u * v``, ``|u - v|`` and ``(u - v) ** 2``; ``'mean'`` of a pair is
        its "average" operator.

    handle_unknown : {'warn', 'error', 'ignore'}, default='warn'
        What ``fit`` (with a graph) and :meth:`transform` do with IDs that
        are not nodes: skip them with a warning that counts them and names the
        first, skip them silently, or raise. A row with no known node becomes
        zeros.

    memory : str or object with the joblib.Memory interface, default=None
        Caches the walks, which depend only on the graph, ``directed``,
        ``weighted``, ``walk_length``, ``walks_per_node``, ``p``, ``q`` and the
        seed, so that a grid search over skip-gram parameters (with an int
        ``random_state``) generates them once. None disables caching: then
        the walks are never stored, but generated again, a block at a time,
        for counting and for every epoch (walks are a pure function of the
        seed, so every pass sees the same walks). This keeps memory to the
        graph and the vectors, at the cost of ``epochs + 1`` walk passes,
        which are fast next to training. Both ways give the same vectors.

    update_radius : int, default=1
        How far :meth:`partial_fit` reaches around a change: it walks from
        the nodes whose edges changed (or that are new) and from the nodes up
        to ``update_radius`` edges away from them. 0 walks from the changed
        nodes only; larger values refresh more of the neighbourhood, at more
        cost.

    n_jobs : int, default=None
        Threads for walks and training. ``None`` means 1 unless in a
        :obj:`joblib.parallel_backend` context; ``-1`` means all processors.
        Walks are identical for any ``n_jobs``; training is bit-reproducible
        with one thread. With more it is lock-free: the vectors differ from
        one thread's as much as two seeds do (at the same quality), and from
        run to run.

    random_state : int, RandomState instance or None, default=None
        Determines the walks, the initial vectors and the training samples.
        Pass an int for reproducible results across multiple function calls.
        See :ref:`reproducibility`.

    verbose : int, default=0
        Print the walk count and speed, then the loss and speed of each
        epoch, when positive; from 2 on, also progress within epochs every
        10 seconds.
    init_vectors : str, path-like, (keys, vectors) or fitted estimator, default=None
        Vectors to start from, as gensim's ``intersect_word2vec_format``: a
        word2vec-format file (text or binary, as
        :func:`~sksg.load_word2vec_format` reads; its keys are matched to
        ``str(node)``), a pair of keys and an array of shape
        ``(n_keys, n_components)``, or a fitted sksg estimator (pretrained
        vectors, or an earlier model's). Each node it knows starts from its
        vector, the others from random vectors. Clones share it rather than
        copy it, so a fitted estimator stays fitted in a grid search.

    freeze_init_vectors : bool, default=False
        Keep the vectors taken from ``init_vectors`` as they are (gensim's
        ``lockf`` of 0): training moves only the other nodes' vectors and the
        output vectors.

    callbacks : list of callable, default=None
        Called after each epoch as ``callback(estimator, info)``, with ``info``
        an :class:`~sksg.EpochInfo` (``epoch``, ``epochs``, ``loss``,
        ``words``, ``pairs``, ``seconds``), to evaluate, checkpoint or stop
        early. Inside a callback the estimator is usable (``embedding_``,
        ``most_similar``, ``transform``; ``loss_curve_`` so far), and
        ``embedding_`` is the array being trained: copy it to keep it. A
        callback that returns ``True`` or raises :class:`~sksg.StopTraining`
        ends training after that epoch; the estimator is left fitted, and
        ``epochs_`` counts the epochs trained. See :ref:`callbacks`.

    Attributes
    ----------
    nodes_ : ndarray of shape (n_nodes,), dtype int64 or object
        The node labels; row ``i`` of ``embedding_`` is node ``nodes_[i]``.
        int64 when the nodes are integers (``0 .. n - 1`` for a matrix),
        without a Python object per node.

    vocabulary_ : mapping
        Maps each node label to its row. A ``dict``; for integer nodes in
        increasing order (a matrix's ``0 .. n - 1``, an integer edge list) a
        read-only mapping that answers as that dict would (``[]``, ``in``,
        ``get``, iteration, ``==``) from ``nodes_`` alone, instead of about
        100 bytes per node.

    node_counts_ : ndarray of shape (n_nodes,), dtype int64
        Occurrences of each node in the walks.

    embedding_ : ndarray of shape (n_nodes, n_components), dtype float32
        The node vectors.

    context_vectors_ : ndarray of shape (n_nodes, n_components), dtype float32
        The output vectors of the skip-gram model (with
        ``objective='hierarchical'``, the ``n_nodes - 1`` inner nodes of the
        Huffman tree).

    fit_times_ : dict of str to float
        Wall-clock seconds of the phases of the last fit: ``'graph'`` (reading
        the graph into CSR form), ``'walks'`` (the pass that counts the nodes
        of the walks, or their generation into the cache) and ``'training'``
        (all epochs, which generate the walks again when they are not cached).

    loss_curve_ : ndarray of shape (`epochs_`,)
        Mean loss per (center, context) pair in each epoch.

    sample_ : float
        The subsampling threshold used (``sample`` resolved).

    epochs_ : int
        The number of epochs trained (``epochs`` resolved; fewer if a callback
        ended training).

    n_features_in_ : int
        Number of columns of X, when X was given as an array.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of X, when X was a DataFrame with string column
        names.

    See Also
    --------
    sksg.SkipGramEmbedder : Skip-gram on sequences of tokens.

    Notes
    -----
    Isolated nodes and nodes whose walks stop at once get no training pair and
    keep their random initial vector (``fit`` warns about isolated nodes). An
    edge list cannot hold a node without edges: to embed isolated nodes too,
    pass a networkx graph or a sparse adjacency matrix, which list every
    node. Self-loops are edges like any other.
    Walks never leave the connected component (or, directed, the reachable
    set) of their start node.

    References
    ----------
    .. [1] B. Perozzi, R. Al-Rfou, S. Skiena, "DeepWalk: Online Learning of
       Social Representations", KDD 2014.
    .. [2] A. Grover, J. Leskovec, "node2vec: Scalable Feature Learning for
       Networks", KDD 2016.

    Examples
    --------
    >>> import numpy as np
    >>> from sksg import GraphWalkEmbedder
    >>> edges = np.array([[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3]])
    >>> emb = GraphWalkEmbedder(graph=edges, n_components=8, walk_length=10, random_state=0)
    >>> emb.fit_transform(np.array([[0], [3]])).shape  # node features
    (2, 8)
    >>> emb.embedding_.shape  # every node of the graph
    (6, 8)

    Link prediction features: fit and transform pairs of node IDs.

    >>> links = GraphWalkEmbedder(graph=edges, pooling="hadamard", n_components=8, random_state=0)
    >>> links.fit_transform(np.array([[0, 1], [0, 4], [3, 5]])).shape
    (3, 8)
    """

    _sequence_name = "walk"
    _auto_epochs = 1

    _parameter_constraints: dict = {
        **GraphEmbedder._parameter_constraints,
        "walk_length": [Interval(Integral, 1, None, closed="left")],
        "walks_per_node": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 0, None, closed="neither")],
        "q": [Interval(Real, 0, None, closed="neither")],
        "memory": [None, str, HasMethods(["cache"])],
        "update_radius": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(
        self,
        graph=None,
        *,
        directed=None,
        weighted=True,
        walk_length=80,
        walks_per_node=10,
        p=1.0,
        q=1.0,
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
        memory=None,
        update_radius=1,
        n_jobs=None,
        random_state=None,
        verbose=0,
        callbacks=None,
        init_vectors=None,
        freeze_init_vectors=False,
    ):
        self.graph = graph
        self.directed = directed
        self.weighted = weighted
        self.walk_length = walk_length
        self.walks_per_node = walks_per_node
        self.p = p
        self.q = q
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
        self.memory = memory
        self.update_radius = update_radius
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.init_vectors = init_vectors
        self.freeze_init_vectors = freeze_init_vectors

    def _no_pairs_cause(self):
        if self.walk_length == 1:
            return "every walk holds a single node (walk_length=1)"
        return "every walk holds a single node: the graph has no edges to walk"

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Generate the walks and learn the node vectors.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_ids), list of sequences or None
            Node IDs. With a ``graph``, ``X`` is only checked (its IDs must be
            nodes) and may be None: the whole graph is embedded. Without a
            graph, the graph is built from the rows of ``X``.

        y : None
            Ignored.

        Returns
        -------
        self : GraphWalkEmbedder
            The fitted estimator.
        """
        return self._fit(X, self.graph)

    def _fit(self, X, graph):
        self._check_learning_rates()
        self.fit_times_ = {}
        self._updates = 0
        rng = check_random_state(self.random_state)
        csr = timed(lambda: self._graph_csr(X, graph), self.fit_times_, "graph")
        self._set_nodes(csr, X, graph)
        n = csr.indptr.shape[0] - 1
        self._adjacency = adjacency_hashes(csr, np.arange(n), n)  # what partial_fit compares
        walks = _walk_source(csr, self.walk_length, self.walks_per_node, self.p, self.q,
                             seed_from(rng))  # fmt: skip
        del csr  # walks keep what they need of the graph (no weights if unweighted)
        source, self.node_counts_ = timed(
            lambda: self._count_walks(walks), self.fit_times_, "walks"
        )
        return self._train(source, self.node_counts_, rng)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X=None, y=None, *, graph=None):
        """Update the embedding for a graph that changed: new nodes, edges, weights.

        The first call fits (as :meth:`fit`, on ``graph`` if given). Each
        later call compares the graph with the last one the model saw, node
        by node (its edges, their weights), and walks only from the nodes that
        changed, or are new, and from the nodes up to ``update_radius`` edges
        away from them (either way along edges): ``walks_per_node`` walks each.
        The skip-gram then trains on those walks, starting from the fitted
        vectors:

        - new nodes get rows at the end of ``nodes_`` and fresh random
          vectors; nodes of the model missing from the new graph keep theirs;
        - the vectors of nodes that the walks do not reach do not move at all;
        - ``node_counts_`` accumulate the walks of every call, and the
          subsampling and noise tables follow them;
        - the learning rate decays from ``learning_rate`` to
          ``min_learning_rate`` over this call's epochs (``'auto'`` resolved on
          all the walks so far, ``node_counts_``);
        - with ``objective='hierarchical'`` the Huffman tree is kept while no
          node is added; with new nodes it is rebuilt and the inner-node
          vectors start again from zero.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_ids), list of sequences or None
            Without a graph: sequences of node IDs, from which this call's
            graph is built (so every node of ``X`` is walked from). With a
            graph, IDs that must be nodes of it, or None.
        y : None
            Ignored.
        graph : graph, default=None
            The graph as it is now, in any form the ``graph`` parameter
            accepts; None means the ``graph`` parameter (which may have been
            changed in place, such as a networkx graph that gained edges).
            The parameter itself is left as it is.

        Returns
        -------
        self : GraphWalkEmbedder
            The updated estimator.

        Examples
        --------
        >>> import numpy as np
        >>> from sksg import GraphWalkEmbedder
        >>> ring = np.array([[i, (i + 1) % 6] for i in range(6)])
        >>> emb = GraphWalkEmbedder(n_components=8, walk_length=10, random_state=0)
        >>> emb = emb.partial_fit(graph=ring)
        >>> grown = np.vstack([ring, [[5, 6], [6, 7]]])  # a tail of two new nodes
        >>> emb = emb.partial_fit(graph=grown)
        >>> emb.nodes_.tolist()
        [0, 1, 2, 3, 4, 5, 6, 7]
        """
        graph = self.graph if graph is None else graph
        if not hasattr(self, "embedding_"):
            return self._fit(X, graph)
        self._check_learning_rates()
        self._check_continuable()
        self.fit_times_ = {}
        self._updates = getattr(self, "_updates", 0) + 1
        seed = update_seed(check_random_state(self.random_state), self._updates)
        if graph is not None and X is not None:
            self._sequences(X, reset=False)  # its shape, before anything else
        csr = timed(lambda: self._graph_csr(X, graph, reset=False), self.fit_times_, "graph")
        rows = label_rows(self.vocabulary_, csr.labels)
        new = np.flatnonzero(rows < 0)
        n_old = len(self.nodes_)
        n_rows = n_old + new.shape[0]
        rows[new] = np.arange(n_old, n_rows)
        fingerprint = adjacency_hashes(csr, rows, n_rows)
        changed = np.flatnonzero(fingerprint[:n_old] != self._adjacency)
        grown = relabel(csr, rows, n_rows)
        starts = np.flatnonzero(
            within_hops(grown, np.concatenate([changed, rows[new]]), self.update_radius)
        )
        if starts.shape[0] == 0:
            if graph is not None and X is not None:
                self._check_fit_ids(X, reset=False)
            warnings.warn(
                "The graph has not changed since the last fit: there is nothing to train "
                "on, and the model is unchanged.",
                UserWarning,
                stacklevel=3,
            )
            return self
        self.nodes_, self.vocabulary_ = grown_labels(self.nodes_, self.vocabulary_, csr.labels[new])
        if graph is not None and X is not None:
            self._check_fit_ids(X, reset=False)
        self._warn_isolated_new(grown, n_old)
        self._adjacency = fingerprint
        Progress(self.verbose, type(self).__name__)(
            f"update: {new.shape[0]:,} new nodes, {changed.shape[0]:,} changed, walks from "
            f"{starts.shape[0]:,} nodes (update_radius={self.update_radius})"
        )
        walks = RandomWalks(
            grown.indptr, grown.indices, grown.weights, self.walk_length, self.walks_per_node,
            self.p, self.q, int(derive_key(seed, _WALK_SEED, 0)) >> 1,
            directed=grown.directed, block_walks=BLOCK_TOKENS // self.walk_length, starts=starts,
        )  # fmt: skip
        del grown, csr
        source, counts = timed(lambda: self._count_walks(walks), self.fit_times_, "walks")
        totals = np.concatenate([self.node_counts_, np.zeros(new.shape[0], np.int64)]) + counts
        vectors, tree_counts = self._grown_vectors(new.shape[0], seed)
        self.node_counts_ = totals
        return self._train(
            source,
            totals,
            seed,
            n_positions=int(counts.sum()),
            vectors=vectors,
            tree_counts=tree_counts,
        )

    def _warn_isolated_new(self, csr, n_old):
        """Warn about new nodes without edges (their vectors stay random)."""
        degree = np.diff(csr.indptr)[n_old:]
        has_edge = degree > 0
        has_edge[np.unique(csr.indices[csr.indices >= n_old]) - n_old] = True
        if not has_edge.all():
            first = self.nodes_[n_old + int(np.flatnonzero(~has_edge)[0])]
            warnings.warn(
                f"{int((~has_edge).sum()):,} new nodes have no edges (the first is "
                f"{display(first)}): walks cannot reach them, so their vectors keep their "
                "random initial values.",
                UserWarning,
                stacklevel=4,
            )

    def _count_walks(self, walks):
        """Count the nodes of the walks: the corpus source to train on, and its counts.

        Without a cache the walks are generated once here, to count, and again
        in every epoch; with one, they are generated (or loaded) once and kept.
        """
        threads = n_threads_for(self.n_jobs)
        progress = Progress(self.verbose, type(self).__name__)
        memory = self.memory
        if memory is not None and not isinstance(self.random_state, Integral):
            warnings.warn(
                f"memory is set but random_state={self.random_state!r}: every fit draws new "
                "walks, which no cached entry could match, so the walks are not cached. "
                "Pass an int random_state to cache them.",
                UserWarning,
                stacklevel=6,
            )
            memory = None
        if memory is None:

            def on_block(done, steps):
                if progress.due():
                    rate = steps / max(progress.elapsed(), 1e-9)
                    progress(f"walks: {done / walks.n_walks:.0%}, {rate:,.0f} steps/s")

            with NumbaThreads(threads):
                counts = walks.counts(threads, on_block)
            source = walks
        else:
            cached = check_memory(memory).cache(_cached_walks, ignore=["n_threads"])
            ids, offsets = cached(walks, threads)
            counts = np.bincount(ids, minlength=walks.n_nodes).astype(np.int64)
            source = EncodedCorpus(ids, offsets, walks.n_nodes, cuts=walks.cuts())
        took = progress.elapsed()
        steps = int(counts.sum())
        progress(
            f"walks: {walks.n_walks:,} walks, {steps:,} steps in {took:.2f} s "
            f"({steps / max(took, 1e-9):,.0f} steps/s)"
            + ("" if memory is None else ", from the cache or stored in it")
        )
        return source, counts
