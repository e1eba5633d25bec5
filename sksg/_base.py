"""What every sksg estimator shares: skip-gram parameters, training, transform."""

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._pooling import PAIR_POOLING, POOLING, pool
from ._trainer import n_threads_for, train
from ._vocab import encode
from ._word2vec import save_word2vec_format

#: The skip-gram parameters the trainer reads from an estimator.
SKIPGRAM_PARAMS = (
    "n_components",
    "window",
    "shrink_window",
    "negative",
    "ns_exponent",
    "sample",
    "epochs",
    "learning_rate",
    "min_learning_rate",
    "objective",
    "share_negatives",
)


def is_table(X):
    """Whether X is a 2-D array-like to validate as a table (not a ragged corpus)."""
    if sp.issparse(X) or isinstance(X, np.ndarray):
        return True
    if hasattr(X, "__array__") or hasattr(X, "__dataframe__"):
        # pandas / polars Series are columns of sequences, not tables.
        return getattr(X, "ndim", 2) != 1
    return False


class TableRows:
    """The rows of a validated 2-D array as token lists, made a batch at a time.

    Re-iterable, and never the whole array as Python objects at once.
    """

    def __init__(self, X):
        self.X = X

    def __len__(self):
        return self.X.shape[0]

    def __getitem__(self, i):
        return self.X[i].tolist()

    def __iter__(self):
        for start in range(0, self.X.shape[0], 4096):
            yield from self.X[start : start + 4096].tolist()


class BaseSkipGram(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Base class: parameters and behaviour common to sksg estimators."""

    #: The fitted attribute holding the label of each row of ``embedding_``.
    _labels_attr = "tokens_"

    _parameter_constraints: dict = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "window": [Interval(Integral, 1, None, closed="left")],
        "shrink_window": ["boolean"],
        "negative": [Interval(Integral, 1, None, closed="left")],
        "ns_exponent": [Interval(Real, None, None, closed="neither")],
        "sample": [Interval(Real, 0, 1, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "min_learning_rate": [Interval(Real, 0, None, closed="left")],
        "objective": [StrOptions({"negative", "softmax"})],
        "share_negatives": ["boolean"],
        "pooling": [StrOptions(set(POOLING))],
        "handle_unknown": [StrOptions({"error", "ignore"})],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # The output is always float32 (the vectors' dtype), whatever X holds.
        tags.transformer_tags.preserves_dtype = ["float32"]
        # Training on several threads is lock-free and not bitwise reproducible.
        tags.non_deterministic = (
            isinstance(self.n_jobs, Integral) and n_threads_for(self.n_jobs) > 1
        )
        return tags

    # -- fitting -----------------------------------------------------------

    def _check_learning_rates(self):
        if self.min_learning_rate > self.learning_rate:
            raise ValueError(
                f"min_learning_rate={self.min_learning_rate} is larger than "
                f"learning_rate={self.learning_rate}; the rate decays from "
                "learning_rate to min_learning_rate."
            )

    def _train(self, blocks, counts, random_state):
        """Train on an integer corpus (``blocks(epoch)``, see ``train``); store the vectors."""
        params = {name: getattr(self, name) for name in SKIPGRAM_PARAMS}
        result = train(
            blocks, counts, params, random_state, n_jobs=self.n_jobs, verbose=self.verbose,
            name=type(self).__name__,
        )  # fmt: skip
        self.embedding_ = result.input_vectors
        self.context_vectors_ = result.output_vectors
        self.loss_curve_ = result.loss_curve
        self._n_features_out = self.n_components
        return self

    # -- transforming --------------------------------------------------------

    def _sequences(self, X, reset):
        """Validate X: a table of tokens (2-D array-like) or a ragged corpus.

        Returns an iterable of token sequences. Tables go through
        ``validate_data`` (sets or checks ``n_features_in_``, rejects sparse
        input, NaN, infinity and complex values).
        """
        if is_table(X):
            X = validate_data(self, X, dtype=None, reset=reset, ensure_min_samples=1)
            return TableRows(X)
        if reset:
            self._forget_input_features()
        return X

    def _forget_input_features(self):
        """A ragged corpus has no columns: drop what an earlier fit set."""
        for attr in ("n_features_in_", "feature_names_in_"):
            if hasattr(self, attr):
                delattr(self, attr)

    def _encode_known(self, X):
        """Encode X with the fitted vocabulary, applying ``handle_unknown``."""
        sequences = self._sequences(X, reset=False)
        ids, offsets = encode(sequences, self.vocabulary_)
        if self.handle_unknown == "error" and np.any(ids < 0):
            self._raise_unknown(ids, offsets, sequences)
        return ids, offsets

    def _raise_unknown(self, ids, offsets, sequences):
        """Explain the first ID of ``ids`` (encoded ``sequences``) not in the vocabulary."""
        unknown = np.flatnonzero(ids < 0)
        pos = int(unknown[0])
        row = int(np.searchsorted(offsets, pos, side="right") - 1)
        where = f"row {row}, position {pos - int(offsets[row])}"
        try:
            where = f"{sequences[row][pos - int(offsets[row])]!r} at " + where
        except (TypeError, IndexError, KeyError):
            pass
        kind = (
            "node ID(s) not in the graph"
            if self._labels_attr == "nodes_"
            else "token(s) not in the vocabulary"
        )
        raise ValueError(
            f"X contains {unknown.size} {kind}, the first is {where}. Pass "
            "handle_unknown='ignore' to skip them."
        )

    def transform(self, X):
        """Embed each row of X: pool the vectors of its tokens.

        Parameters
        ----------
        X : list of sequences or array-like of shape (n_samples, n_tokens)
            One sequence of tokens per row.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components), dtype float32
            The pooled vector of each row (``pooling``). A row with no known
            token is all zeros.
        """
        check_is_fitted(self)
        ids, offsets = self._encode_known(X)
        if self.pooling in PAIR_POOLING:
            sizes = np.diff(offsets)
            bad = np.flatnonzero(sizes != 2)
            if bad.size:
                raise ValueError(
                    f"pooling={self.pooling!r} combines pairs: every row needs exactly two "
                    f"IDs, but row {int(bad[0])} has {int(sizes[bad[0]])}."
                )
        return pool(self.embedding_, ids, offsets, self.pooling)

    def save_word2vec_format(self, path, *, binary=False):
        """Write the vectors (``embedding_``) in the word2vec format.

        One record per row: the token or node label (converted with ``str``)
        and its vector. gensim reads the file with
        ``KeyedVectors.load_word2vec_format(path, binary=binary)``, and
        :func:`sksg.load_word2vec_format` returns ``(keys, vectors)``.

        Parameters
        ----------
        path : str, path-like or binary file object
            The file to write (gzip-compressed if the name ends with ``.gz``).
        binary : bool, default=False
            Write float32 bytes instead of decimal text (exact either way).

        Notes
        -----
        gensim users can also skip the file:
        ``kv = KeyedVectors(model.n_components)`` then
        ``kv.add_vectors([str(t) for t in model.tokens_], model.embedding_)``
        (``nodes_`` for a ``GraphWalkEmbedder``).

        Examples
        --------
        >>> import io
        >>> from sksg import SkipGramEmbedder, load_word2vec_format
        >>> model = SkipGramEmbedder(n_components=4, sample=0, random_state=0).fit([["a", "b", 3]])
        >>> f = io.BytesIO()
        >>> model.save_word2vec_format(f, binary=True)
        >>> keys, vectors = load_word2vec_format(io.BytesIO(f.getvalue()), binary=True)
        >>> keys, np.array_equal(vectors, model.embedding_)
        (['a', 'b', '3'], True)
        """
        check_is_fitted(self)
        labels = getattr(self, self._labels_attr)
        save_word2vec_format(path, labels, self.embedding_, binary=binary)

    def most_similar(self, query, topn=10):
        """Tokens nearest to a token or a vector, by cosine similarity.

        Parameters
        ----------
        query : token or array-like of shape (n_components,)
            A token of the vocabulary (which is left out of the answer) or a
            vector.
        topn : int, default=10
            Number of tokens to return.

        Returns
        -------
        list of (token, float)
            The ``topn`` most similar tokens, most similar first.
        """
        check_is_fitted(self)
        exclude = -1
        if isinstance(query, np.ndarray) and query.ndim == 1 and query.dtype.kind == "f":
            vector = query
        else:
            try:
                exclude = self.vocabulary_[query]
            except (KeyError, TypeError):
                raise KeyError(f"{query!r} is not in the vocabulary.") from None
            vector = self.embedding_[exclude]
        vector = np.asarray(vector, dtype=np.float64)
        if vector.shape != (self.n_components,):
            raise ValueError(
                f"A query vector must have shape ({self.n_components},), got {vector.shape}."
            )
        if not isinstance(topn, Integral) or topn < 1:
            raise ValueError(f"topn must be a positive integer, got {topn!r}.")
        E = self.embedding_.astype(np.float64)
        norms = np.linalg.norm(E, axis=1)
        sims = E @ vector / np.maximum(norms * np.linalg.norm(vector), 1e-30)
        if exclude >= 0:
            sims[exclude] = -np.inf
        k = min(topn, sims.shape[0] - (exclude >= 0))
        if k <= 0:
            return []
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best], kind="stable")]
        labels = getattr(self, self._labels_attr)
        return [(labels[i], float(sims[i])) for i in best]
