"""What every graph estimator shares: the graph parameter, its inputs and display."""

import copy
import warnings

import numpy as np
from sklearn.base import BaseEstimator

from ._base import BaseSkipGram
from ._graph import graph_from_sequences, graph_summary, to_csr
from ._labels import vocabulary_for
from ._threads import n_threads_for
from ._vocab import count_tokens, display, encode


class GraphEmbedder(BaseSkipGram):
    """Base class of the estimators that embed the nodes of a graph.

    Subclasses take a ``graph`` (or build one from ``X``), and a ``directed``
    and a ``weighted`` parameter; ``nodes_`` labels the rows of
    ``embedding_``. The graph is shared by clones, never copied, and shown as
    a one-line summary in the estimator's ``repr``.
    """

    _labels_attr = "nodes_"
    _token_name = "node"
    _shared_params = ("graph", "init_vectors")
    #: How the estimator uses the graph, for the isolated-nodes warning.
    _isolated_effect = "walks cannot leave them"

    _parameter_constraints: dict = {
        **BaseSkipGram._parameter_constraints,
        "graph": "no_validation",
        "directed": ["boolean", None],
        "weighted": ["boolean"],
    }

    def __repr__(self, N_CHAR_MAX=700):
        return BaseEstimator.__repr__(self._for_display(), N_CHAR_MAX)

    def _get_params_html(self, *args, **kwargs):
        # The HTML parameter table of notebooks (scikit-learn >= 1.7).
        return super(GraphEmbedder, self._for_display())._get_params_html(*args, **kwargs)

    def _for_display(self):
        """A shallow copy whose graph shows as a one-line summary, if it is an array."""
        summary = graph_summary(self.graph)
        if summary is None:
            return self
        shown = copy.copy(self)
        shown.graph = summary
        return shown

    def _warn_isolated(self, indptr, indices):
        n = indptr.shape[0] - 1
        has_edge = np.diff(indptr) > 0
        has_edge[indices] = True
        isolated = n - int(np.count_nonzero(has_edge))
        if 0 < isolated < n:
            first = self.nodes_[int(np.flatnonzero(~has_edge)[0])]
            warnings.warn(
                f"{isolated:,} of {n:,} nodes have no edges (the first is {display(first)}): "
                f"{self._isolated_effect}, so their vectors keep their random initial values.",
                UserWarning,
                stacklevel=4,
            )

    def _graph_csr(self, X, graph, reset=True):
        """The canonical graph, and the node labels of its rows."""
        threads = n_threads_for(self.n_jobs)
        if graph is not None:
            return to_csr(graph, directed=self.directed, weighted=self.weighted, n_threads=threads)
        if X is None:
            raise ValueError("Without a graph, fit needs X: sequences of node IDs.")
        tokens, _, ids, offsets = count_tokens(self._sequences(X, reset=reset))
        if ids.shape[0] == 0:
            raise ValueError("X holds no node IDs, so there is no graph to embed.")
        directed = bool(self.directed)
        A = graph_from_sequences(ids, offsets, len(tokens), directed=directed)
        csr = to_csr(A, directed=directed, weighted=self.weighted, n_threads=threads)
        labels = np.empty(len(tokens), dtype=object)
        labels[:] = tokens
        return csr._replace(labels=labels)

    def _check_fit_ids(self, X, reset=True):
        """With a graph, X is validated and must hold node IDs only."""
        sequences = self._sequences(X, reset=reset)
        ids, offsets = encode(sequences, self.vocabulary_)
        self._check_unknown(ids, offsets, sequences)

    def _set_nodes(self, csr, X, graph):
        """``nodes_`` and ``vocabulary_`` from the graph; X checked against them."""
        self.nodes_ = csr.labels
        self.vocabulary_ = vocabulary_for(self.nodes_)
        if graph is not None:
            if X is not None:
                self._check_fit_ids(X)
            else:
                self._forget_input_features()
        self._warn_isolated(csr.indptr, csr.indices)
