"""What every sksg estimator shares: skip-gram parameters, training, transform."""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._pooling import PAIR_POOLING, Pooling, as_pooling, pool
from ._progress import Progress
from ._random import seed_from
from ._sampling import keep_probability
from ._sgns import Objective, SkipGramSettings
from ._threads import n_threads_for
from ._trainer import build_state, resolve_epochs, resolve_sample, run_epochs, timed
from ._vocab import display, encode
from ._word2vec import save_word2vec_format


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
    #: What the sequences of the training corpus are called in messages.
    _sequence_name = "sequence"
    #: The fewest epochs ``epochs='auto'`` trains.
    _auto_epochs = 5

    _parameter_constraints: dict = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "window": [Interval(Integral, 1, None, closed="left")],
        "shrink_window": ["boolean"],
        "negative": [Interval(Integral, 1, None, closed="left")],
        "ns_exponent": [Interval(Real, None, None, closed="neither")],
        "sample": [Interval(Real, 0, 1, closed="left"), StrOptions({"auto"})],
        "epochs": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "min_learning_rate": [Interval(Real, 0, None, closed="left")],
        "objective": [StrOptions({"negative", "softmax", "hierarchical"})],
        "share_negatives": ["boolean"],
        "pooling": [StrOptions({p.name.lower() for p in Pooling})],
        "handle_unknown": [StrOptions({"warn", "error", "ignore"})],
        # As joblib: 0 threads has no meaning, negative counts from the end.
        "n_jobs": [
            Interval(Integral, None, -1, closed="right"),
            Interval(Integral, 1, None, closed="left"),
            None,
        ],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # The output is always float32 (the vectors' dtype), whatever X holds.
        tags.transformer_tags.preserves_dtype = ["float32"]
        # Training on several threads is lock-free and not bitwise reproducible.
        tags.non_deterministic = (
            isinstance(self.n_jobs, Integral)
            and self.n_jobs != 0
            and n_threads_for(self.n_jobs) > 1
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

    def _skipgram_settings(self, n_positions):
        """The kernels' settings for this estimator's parameters (``epochs_`` resolved)."""
        objective = Objective[self.objective.upper()]
        if objective == Objective.NEGATIVE and self.share_negatives:
            objective = Objective.SHARED
        return SkipGramSettings.create(
            objective=objective,
            window=self.window,
            shrink_window=self.shrink_window,
            negative=self.negative,
            lr_start=self.learning_rate,
            lr_end=self.min_learning_rate,
            epochs=self.epochs_,
            n_positions=n_positions,
        )

    def _train(self, source, counts, random_state):
        """Train on a corpus source with token ``counts``; store the vectors."""
        n_tokens = counts.shape[0]
        self.sample_ = resolve_sample(self.sample, n_tokens)
        self.epochs_ = resolve_epochs(self.epochs, self._auto_epochs, n_tokens, counts.sum())
        self._warn_subsampling(counts)
        state = build_state(
            counts,
            self._skipgram_settings(int(counts.sum())),
            n_components=self.n_components,
            sample=self.sample_,
            ns_exponent=self.ns_exponent,
            seed=seed_from(random_state),
        )
        stats = timed(
            lambda: run_epochs(
                state,
                source,
                n_threads=n_threads_for(self.n_jobs),
                progress=Progress(self.verbose, type(self).__name__),
            ),
            self.fit_times_,
            "training",
        )
        self.embedding_ = state.input_vectors
        self.context_vectors_ = state.output_vectors
        self.loss_curve_ = stats.loss_curve
        self._n_features_out = self.n_components
        self._warn_empty_epochs(stats)
        return self

    def _warn_subsampling(self, counts):
        """Warn when subsampling would drop most of the corpus, typical tokens included."""
        keep = keep_probability(counts, self.sample_)
        kept = float(keep @ counts) / max(float(counts.sum()), 1.0)
        median = float(np.median(keep))
        if kept < 0.5 and median < 1.0:
            warnings.warn(
                f"sample={self.sample_:g} is expected to discard {1 - kept:.0%} of the "
                f"corpus, and not only frequent tokens: the median token keeps {median:.0%} "
                f"of its occurrences. In a vocabulary of {counts.shape[0]:,} tokens, "
                f"sample='auto' (here {resolve_sample('auto', counts.shape[0]):g}) or "
                "sample=0 keep more of it.",
                UserWarning,
                stacklevel=5,
            )

    def _warn_empty_epochs(self, stats):
        """Warn, naming the cause, when some or all epochs had no pair to train on."""
        empty = int(np.count_nonzero(stats.epoch_pairs == 0))
        if empty == 0:
            return
        subsampled = (
            f"subsampling (sample={self.sample_:g}) left fewer than two tokens in every "
            f"{self._sequence_name}"
        )
        if stats.n_pairs == 0:
            cause = self._no_pairs_cause() if stats.n_multi == 0 else subsampled
            message = (
                f"There is no (center, context) pair to train on: {cause}. The vectors "
                "keep their random initial values."
            )
        else:
            message = (
                f"{empty} of {stats.epoch_pairs.shape[0]} epochs had no (center, context) "
                f"pair to train on: {subsampled} in those epochs. Use sample='auto' or "
                "sample=0, or more data."
            )
        warnings.warn(message, UserWarning, stacklevel=5)

    # -- transforming --------------------------------------------------------

    def _sequences(self, X, reset):
        """Validate X: a table of tokens (2-D array-like) or a ragged corpus.

        Returns an iterable of token sequences. Tables go through
        ``validate_data`` (sets or checks ``n_features_in_``, rejects sparse
        input, NaN, infinity and complex values).
        """
        if is_table(X):
            # fit needs data; transform of no rows gives no rows, as for a list.
            X = validate_data(self, X, dtype=None, reset=reset, ensure_min_samples=int(reset))
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
        self._check_unknown(ids, offsets, sequences)
        return ids, offsets

    def _check_unknown(self, ids, offsets, sequences):
        """Raise or warn (``handle_unknown``) if ``ids`` holds unknown tokens (-1)."""
        if self.handle_unknown == "ignore" or ids.shape[0] == 0 or ids.min() >= 0:
            return
        unknown = np.flatnonzero(ids < 0)
        pos = int(unknown[0])
        row = int(np.searchsorted(offsets, pos, side="right") - 1)
        where = f"row {row}, position {pos - int(offsets[row])}"
        try:
            where = f"{display(sequences[row][pos - int(offsets[row])])} at " + where
        except (TypeError, IndexError, KeyError):
            pass
        kind = (
            "node ID(s) not in the graph"
            if self._labels_attr == "nodes_"
            else "token(s) not in the vocabulary"
        )
        message = f"X contains {unknown.size} {kind}, the first is {where}."
        if self.handle_unknown == "error":
            raise ValueError(f"{message} Pass handle_unknown='ignore' (or 'warn') to skip them.")
        warnings.warn(
            f"{message} They are skipped: a row with no known one becomes zeros. Pass "
            "handle_unknown='ignore' to skip them silently or 'error' to raise.",
            UserWarning,
            stacklevel=5,
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
        if as_pooling(self.pooling) in PAIR_POOLING:
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
            vector, e.g. a row of :meth:`transform`'s output.
        topn : int, default=10
            Number of tokens to return.

        Returns
        -------
        list of (token, float)
            The ``topn`` most similar tokens, most similar first.

        Examples
        --------
        >>> from sksg import SkipGramEmbedder
        >>> corpus = [["a", "b", "c"], ["d", "e", "f"]] * 20
        >>> model = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
        >>> sorted(token for token, _ in model.most_similar("a", topn=2))
        ['b', 'c']
        >>> [token for token, _ in model.most_similar(model.embedding_[0], topn=1)]
        ['a']
        """
        check_is_fitted(self)
        if isinstance(topn, bool) or not isinstance(topn, Integral) or topn < 1:
            raise ValueError(f"topn must be a positive integer, got {topn!r}.")
        exclude = self._row_of(query)
        if exclude >= 0:
            vector = self.embedding_[exclude].astype(np.float64)
        else:
            vector = self._query_vector(query)
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

    def _row_of(self, query):
        """Row of a token in the vocabulary, -1 if ``query`` is not a token of it."""
        try:
            return self.vocabulary_.get(query, -1)
        except TypeError:  # unhashable: a list or an array
            return -1

    def _query_vector(self, query):
        """``query`` as a float64 vector of length ``n_components``, or an error."""
        if not isinstance(query, (np.ndarray, list, tuple)):
            raise KeyError(f"{display(query)} is not in the vocabulary.")
        vector = np.asarray(query)
        if vector.dtype.kind not in "biuf" or vector.size == 0:
            raise KeyError(
                f"{display(query)} is neither a token of the vocabulary nor a vector of numbers."
            )
        if vector.shape != (self.n_components,):
            raise ValueError(
                f"A query vector must have shape ({self.n_components},), got "
                f"{vector.shape}. Pass one vector (e.g. X_new[0]), not a 2-D array."
            )
        vector = vector.astype(np.float64)
        if not np.all(np.isfinite(vector)):
            raise ValueError("The query vector contains NaN or infinity.")
        return vector
