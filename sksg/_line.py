"""LINEEmbedder: LINE's first- and second-order proximity on the shared trainer."""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from ._edges import EdgeSamples
from ._graph_base import GraphEmbedder
from ._pooling import Pooling
from ._random import derive_key, seed_from
from ._sgns import Objective, SkipGramSettings
from ._trainer import init_vectors, timed

#: ``n_samples='auto'``: edge samples per directed edge (an undirected edge is two) ...
AUTO_SAMPLES_PER_EDGE = 100
#: ... and at least this many in all.
AUTO_MIN_SAMPLES = 100_000
#: Mixed into the seed for the edge draws of each order.
_EDGE_STREAM = 0x11AE


def _unit_rows(W):
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    return np.divide(W, norms, out=np.zeros_like(W), where=norms > 0)


class LINEEmbedder(GraphEmbedder):
    """LINE: node vectors that preserve first- or second-order proximity.

    LINE (Tang et al., 2015) embeds the nodes of a graph from its edges alone,
    without walks: edges are drawn with probability proportional to their
    weight, and each drawn edge ``u -> v`` updates the vectors of its two
    nodes, with ``negative`` noise nodes drawn from the out-degrees raised to
    ``ns_exponent`` (negative sampling, as in word2vec).

    - **First order** (``order='first'``): linked nodes get close vectors. Each
      node has one vector, used at both ends of an edge:
      ``p(u, v) = sigmoid(w_u . w_v)``. For undirected graphs, as in the paper.
    - **Second order** (``order='second'``): nodes with the same neighbours get
      close vectors. Each node has a vector ``w`` and a context vector ``c``,
      and the edge ``u -> v`` trains ``sigmoid(w_u . c_v)``: skip-gram with
      negative sampling on pairs of linked nodes.
    - ``order='both'``: the two, trained separately, each scaled to unit
      length and concatenated (first order first), as in the paper's
      experiments.

    It is the same trainer as :class:`GraphWalkEmbedder`'s: the drawn edges
    are sequences of two nodes, with a window of one that only looks left.

    Read more in the :ref:`User Guide <line>`.

    Parameters
    ----------
    graph : graph, default=None
        The graph to embed, in any form :class:`GraphWalkEmbedder` accepts
        (scipy sparse adjacency, networkx graph, edge list array or
        DataFrame), never modified and shared by clones. If None, the graph
        is built from ``X`` in ``fit`` (consecutive IDs of a row are linked).

    order : {'second', 'first', 'both'}, default='second'
        The proximity to preserve; ``'both'`` concatenates the first-order
        vectors (``n_components - n_components // 2`` dimensions) and the
        second-order ones (``n_components // 2``). First order needs an
        undirected graph.

    directed : bool, default=None
        None takes the graph as given (see :class:`GraphWalkEmbedder`); False
        links every edge both ways; True keeps edges one-way, so the edge
        ``u -> v`` trains ``u``'s vector to predict ``v`` and not the reverse.

    weighted : bool, default=True
        Draw edges by weight. If False, every edge has the same chance.

    n_components : int, default=128
        Dimension of the node vectors (both orders together for ``'both'``).

    n_samples : int or 'auto', default='auto'
        Edges drawn in all (the paper's ``T``), per order. ``'auto'`` is
        ``max(100 * n_directed_edges, 100,000)``, where an undirected edge
        counts twice: on a 3,000-node LFR graph (46,288 directed edges),
        node classification peaked between 100 and 300 samples per edge. The
        number used is ``n_samples_``.

    negative : int, default=5
        Noise nodes per drawn edge (the paper's ``K``).

    ns_exponent : float, default=0.75
        Noise nodes are drawn with probability proportional to their
        (weighted) out-degree raised to this power (the paper's 3/4).

    learning_rate : float, default=0.025
        Initial learning rate (the paper's ``rho_0``).

    min_learning_rate : float, default=2.5e-6
        Final learning rate of the linear decay over the samples (the paper's
        ``rho_0 * 1e-4``).

    pooling : {'mean', 'sum', 'max', 'hadamard', 'l1', 'l2'}, default='mean'
        How :meth:`transform` combines the vectors of a row's node IDs; the
        last three combine rows of two IDs into edge features (see
        :class:`GraphWalkEmbedder`).

    handle_unknown : {'warn', 'error', 'ignore'}, default='warn'
        What :meth:`transform` does with IDs that are not nodes of the graph
        (see :class:`SkipGramEmbedder`).

    n_jobs : int, default=None
        Threads for training. With one thread, a fit is bit-reproducible.

    random_state : int, RandomState instance or None, default=None
        Determines the initial vectors, the drawn edges and the noise nodes.

    verbose : int, default=0
        Print the loss and speed of each order's training when positive.

    callbacks : list of callable, default=None
        Called after training each order as ``callback(estimator, info)``
        (see :class:`SkipGramEmbedder`); LINE has one pass per order, so
        ``info.epoch`` is 0.

    init_vectors : str, path-like, (keys, vectors) or fitted estimator, default=None
        Vectors to start from (see :class:`SkipGramEmbedder`), for
        ``order='first'`` or ``'second'``.

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
        Second order: the context vectors (``n_components // 2`` columns with
        ``'both'``). First order: ``embedding_`` itself (one table).
    n_samples_ : int
        The number of edges drawn per order (``n_samples`` resolved).
    loss_curve_ : ndarray of shape (n_orders,)
        Mean loss per drawn edge of each order trained (first, then second).
    fit_times_ : dict of str to float
        Wall-clock seconds of ``'graph'`` (reading it) and ``'training'``.
    epochs_ : int
        1: LINE makes one pass over its samples.
    n_features_in_ : int
        Number of columns of X, when X was a 2-D array.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of X, when X was a DataFrame with string column
        names.

    See Also
    --------
    sksg.GraphWalkEmbedder : Node vectors from random walks (DeepWalk, node2vec).

    Notes
    -----
    LINE samples edges in proportion to their weight instead of multiplying
    the gradient by the weight, so that a heavy edge cannot produce an
    exploding step (the paper's "edge sampling"). The learning rate decays
    linearly over the ``n_samples_`` draws. A node without out-edges (or
    without edges, for first order) is never drawn as noise, and a node
    without edges keeps its random initial vector.

    References
    ----------
    .. [1] J. Tang, M. Qu, M. Wang, M. Zhang, J. Yan, Q. Mei, "LINE:
       Large-scale Information Network Embedding", WWW 2015.
    .. [2] T. Mikolov, I. Sutskever, K. Chen, G. Corrado, J. Dean,
       "Distributed Representations of Words and Phrases and their
       Compositionality", NeurIPS 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from sksg import LINEEmbedder
    >>> ring = np.array([[i, (i + 1) % 6] for i in range(6)])
    >>> emb = LINEEmbedder(ring, order="first", n_components=8, random_state=0).fit()
    >>> emb.transform(np.array([[0], [3]])).shape
    (2, 8)
    >>> LINEEmbedder(ring, order="both", n_components=8, random_state=0).fit().embedding_.shape
    (6, 8)
    """

    _sequence_name = "edge sample"
    _auto_epochs = 1
    _isolated_effect = "no drawn edge touches them"

    # What the shared skip-gram code reads, fixed for LINE: no subsampling,
    # one pass, negative sampling, windows of one node to the left.
    sample = 0.0
    epochs = 1
    objective = "negative"
    share_negatives = False

    _parameter_constraints: dict = {
        key: value
        for key, value in GraphEmbedder._parameter_constraints.items()
        if key
        not in ("window", "shrink_window", "sample", "epochs", "objective", "share_negatives")
    } | {
        "order": [StrOptions({"first", "second", "both"})],
        "n_samples": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "negative": [Interval(Integral, 1, None, closed="left")],
        "ns_exponent": [Interval(Real, None, None, closed="neither")],
        "pooling": [StrOptions({p.name.lower() for p in Pooling})],
    }

    def __init__(
        self,
        graph=None,
        *,
        order="second",
        directed=None,
        weighted=True,
        n_components=128,
        n_samples="auto",
        negative=5,
        ns_exponent=0.75,
        learning_rate=0.025,
        min_learning_rate=2.5e-6,
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
        self.order = order
        self.directed = directed
        self.weighted = weighted
        self.n_components = n_components
        self.n_samples = n_samples
        self.negative = negative
        self.ns_exponent = ns_exponent
        self.learning_rate = learning_rate
        self.min_learning_rate = min_learning_rate
        self.pooling = pooling
        self.handle_unknown = handle_unknown
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.init_vectors = init_vectors
        self.freeze_init_vectors = freeze_init_vectors

    def _skipgram_settings(self, n_positions):
        # A drawn edge (u, v) is one pair: window 1, left only, full width.
        return SkipGramSettings.create(
            objective=Objective.NEGATIVE,
            window=1,
            shrink_window=False,
            negative=self.negative,
            lr_start=self.learning_rate,
            lr_end=self.min_learning_rate,
            epochs=1,
            n_positions=n_positions,
            left_only=True,
        )

    def _no_pairs_cause(self):
        return "the graph has no edges to draw"

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Draw edges and learn the node vectors.

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
        self : LINEEmbedder
            The fitted estimator.
        """
        self._check_learning_rates()
        if self.order == "both" and self.init_vectors is not None:
            raise ValueError(
                "init_vectors needs order='first' or order='second': with 'both', each "
                "order has half the dimensions."
            )
        self.fit_times_ = {}
        rng = check_random_state(self.random_state)
        csr = timed(lambda: self._graph_csr(X, self.graph), self.fit_times_, "graph")
        if csr.directed and self.order in ("first", "both"):
            raise ValueError(
                f"order={self.order!r} needs an undirected graph: first-order proximity "
                "is defined between linked nodes both ways (Tang et al., 2015). Pass "
                "directed=False to link every edge both ways, or use order='second'."
            )
        self._set_nodes(csr, X, self.graph)
        n_nodes = csr.indptr.shape[0] - 1
        n_arcs = csr.indices.shape[0]
        if self.n_samples == "auto":
            self.n_samples_ = max(AUTO_SAMPLES_PER_EDGE * n_arcs, AUTO_MIN_SAMPLES)
        else:
            self.n_samples_ = int(self.n_samples)
        seed = seed_from(rng)
        if n_arcs == 0:
            return self._no_edges(n_nodes, seed)
        # Noise: out-degrees (weighted), as LINE draws them.
        if csr.weights is None:
            degrees = np.diff(csr.indptr).astype(np.float64)
        else:
            degrees = np.add.reduceat(csr.weights, csr.indptr[:-1])
            degrees[np.diff(csr.indptr) == 0] = 0.0
        orders = ["first", "second"] if self.order == "both" else [self.order]
        dims = {"first": self.n_components, "second": self.n_components}
        if self.order == "both":
            dims = {
                "first": self.n_components - self.n_components // 2,
                "second": self.n_components // 2,
            }
        parts, contexts, losses = [], None, []
        for k, order in enumerate(orders):
            part_seed = int(derive_key(seed, _EDGE_STREAM, k)) >> 1
            source = EdgeSamples(
                csr.indptr,
                csr.indices,
                csr.weights,
                self.n_samples_,
                int(derive_key(part_seed, _EDGE_STREAM, 1)),
            )
            vectors = None
            if order == "first":
                W = init_vectors(n_nodes, dims[order], np.uint64(derive_key(part_seed, 7, 0)))
                vectors = (W, W)  # one table at both ends of an edge
            self._train(
                source,
                degrees,
                part_seed,
                n_positions=2 * source.n_samples,
                vectors=vectors,
                dim=dims[order],
            )
            parts.append(self.embedding_)
            losses.append(self.loss_curve_)
            if order == "second":
                contexts = self.context_vectors_
        if self.order == "both":
            self.embedding_ = np.hstack([_unit_rows(W) for W in parts]).astype(np.float32)
            self.context_vectors_ = contexts
        self.loss_curve_ = np.concatenate(losses)
        self.epochs_ = 1
        return self

    def _no_edges(self, n_nodes, seed):
        """A graph without edges: random vectors, as training would leave them, and a warning."""
        warnings.warn(
            "There is no (center, context) pair to train on: the graph has no edges to "
            "draw. The vectors keep their random initial values.",
            UserWarning,
            stacklevel=3,
        )
        self.embedding_ = init_vectors(n_nodes, self.n_components, np.uint64(seed))
        second = self.n_components // 2 if self.order == "both" else self.n_components
        self.context_vectors_ = (
            self.embedding_
            if self.order == "first"
            else np.zeros((n_nodes, second), dtype=np.float32)
        )
        self.loss_curve_ = np.full(2 if self.order == "both" else 1, np.nan)
        self.epochs_ = 1
        self._n_features_out = self.n_components
        return self
