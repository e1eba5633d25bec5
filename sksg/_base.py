"""What every sksg estimator shares: skip-gram parameters, training, transform."""

import copy
import warnings
import weakref
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from . import _queries as queries
from ._init import initial_rows
from ._pooling import PAIR_POOLING, Pooling, as_pooling, pool
from ._progress import Progress
from ._queries import unit_rows
from ._random import derive_key, seed_from
from ._sampling import keep_probability
from ._sgns import Objective, SkipGramSettings
from ._threads import n_threads_for
from ._trainer import (
    StopTraining,
    build_state,
    init_vectors,
    n_output_vectors,
    resolve_epochs,
    resolve_sample,
    run_epochs,
    timed,
)
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


def update_seed(random_state, update):
    """The seed of continued-training call number ``update`` (1, 2, ...).

    Drawn from ``random_state`` as a fit draws its seed, then mixed with the
    call's number: with an int ``random_state`` every call is reproducible
    and no two calls replay the same random streams.
    """
    return int(derive_key(seed_from(random_state), 0xC0471, update)) >> 1


class BaseSkipGram(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Base class: parameters and behaviour common to sksg estimators."""

    #: The fitted attribute holding the label of each row of ``embedding_``.
    _labels_attr = "tokens_"
    #: What the sequences of the training corpus are called in messages.
    _sequence_name = "sequence"
    #: What a row of the vocabulary is called in messages.
    _token_name = "token"
    #: Parameters a clone shares with the original instead of copying (large or fitted).
    _shared_params = ("init_vectors",)
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
        "callbacks": [list, None],
        "init_vectors": "no_validation",  # checked when fitting: a path, a pair, an estimator
        "freeze_init_vectors": ["boolean"],
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

    def __sklearn_clone__(self):
        # Clone the scikit-learn way, except parameters that are shared: a fitted
        # estimator given as init_vectors must stay fitted in a grid search's
        # clones (scikit-learn's clone would unfit it), and a graph can be large.
        shallow = copy.copy(self)
        for name in self._shared_params:
            setattr(shallow, name, None)
        new = BaseEstimator.__sklearn_clone__(shallow)
        for name in self._shared_params:
            setattr(new, name, getattr(self, name))
        return new

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

    def _train(
        self,
        source,
        counts,
        random_state,
        *,
        n_positions=None,
        vectors=None,
        tree_counts=None,
        dim=None,
    ):
        """Train on a corpus source with token ``counts``; store the vectors.

        ``random_state`` is a RandomState or the run's seed. ``n_positions`` is
        the corpus' length when it is not ``counts.sum()`` (continued training:
        ``counts`` then accumulate every corpus seen), ``vectors`` the (input,
        output) vectors to continue from, ``tree_counts`` the counts of the
        Huffman tree, if not ``counts``, and ``dim`` the vectors' dimension, if
        not ``n_components``.
        """
        dim = self.n_components if dim is None else int(dim)
        n_tokens = counts.shape[0]
        n_positions = int(counts.sum()) if n_positions is None else int(n_positions)
        self.sample_ = resolve_sample(self.sample, n_tokens)
        # 'auto' resolves on all the data seen (the accumulated counts), as a fit
        # of it would: many epochs over one small update would make the model
        # forget the earlier data.
        self.epochs_ = resolve_epochs(self.epochs, self._auto_epochs, n_tokens, counts.sum())
        self._warn_subsampling(counts)
        callbacks = self._check_callbacks()
        init_rows, init_vectors, frozen = self._initial_vectors(n_tokens, dim)
        state = build_state(
            counts,
            self._skipgram_settings(n_positions),
            n_components=dim,
            sample=self.sample_,
            ns_exponent=self.ns_exponent,
            seed=random_state if isinstance(random_state, Integral) else seed_from(random_state),
            vectors=vectors,
            tree_counts=tree_counts,
            frozen=frozen,
        )
        if init_rows is not None:
            # A fit starts every known token from its initial vector; continued
            # training only the new tokens (the others continue from where they are).
            first_new = 0 if vectors is None else self._n_previous_rows
            fresh = init_rows >= first_new
            state.input_vectors[init_rows[fresh]] = init_vectors[fresh]
        if self.objective == "hierarchical":
            # The counts the tree was built from: continued training keeps it.
            self._tree_counts = counts if tree_counts is None else tree_counts
        elif hasattr(self, "_tree_counts"):
            del self._tree_counts
        # Fitted before the first epoch, so that callbacks see a usable model.
        self.embedding_ = state.input_vectors
        self.context_vectors_ = state.output_vectors
        self.loss_curve_ = np.empty(0)
        self._n_features_out = self.n_components
        stats = timed(
            lambda: run_epochs(
                state,
                source,
                n_threads=n_threads_for(self.n_jobs),
                progress=Progress(self.verbose, type(self).__name__),
                on_epoch=self._epoch_hook(callbacks) if callbacks else None,
            ),
            self.fit_times_,
            "training",
        )
        self.loss_curve_ = stats.loss_curve
        self.epochs_ = int(stats.loss_curve.shape[0])
        self._warn_empty_epochs(stats)
        return self

    def _check_continuable(self):
        """Continued training needs the vectors' shapes to match the parameters."""
        if self.embedding_.shape[1] != self.n_components:
            raise ValueError(
                f"n_components={self.n_components}, but the model was fitted with "
                f"{self.embedding_.shape[1]}: partial_fit continues a fit and cannot change "
                "the dimension. Call fit to start again."
            )

    def _grown_vectors(self, n_new, seed):
        """Copies of the fitted vectors with rows for ``n_new`` new tokens (appended).

        Returns ``((input, output), tree_counts)``. New input vectors are
        random, new output vectors zero. With hierarchical softmax the tree is
        kept (``tree_counts``: the counts it was built from) unless the
        vocabulary grew; a new tree gets zero inner-node vectors. Output vectors
        of another objective than the last fit's start from zero too.
        """
        objective = self._skipgram_settings(1).objective
        n_old, dim = self.embedding_.shape
        self._n_previous_rows = n_old
        W = np.empty((n_old + n_new, dim), dtype=np.float32)
        W[:n_old] = self.embedding_
        W[n_old:] = init_vectors(n_new, dim, np.uint64(derive_key(seed, 0xFFFFFFFF, 1)))
        C = np.zeros((n_output_vectors(n_old + n_new, objective), dim), dtype=np.float32)
        old = self.context_vectors_
        same_objective = (objective == Objective.HIERARCHICAL) == hasattr(self, "_tree_counts")
        tree_counts = None
        if objective == Objective.HIERARCHICAL:
            if n_new == 0 and same_objective and old.shape == C.shape:
                C[:] = old
                tree_counts = self._tree_counts
        elif same_objective and old.shape == (n_old, dim):
            C[:n_old] = old
        return (W, C), tree_counts

    def _initial_vectors(self, n_tokens, dim):
        """``(rows, vectors, frozen)`` from ``init_vectors`` (Nones without it)."""
        if self.init_vectors is None:
            if self.freeze_init_vectors:
                raise ValueError("freeze_init_vectors=True needs init_vectors.")
            return None, None, None
        labels = getattr(self, self._labels_attr)
        rows, vectors = initial_rows(self.init_vectors, labels, dim)
        if rows.shape[0] == 0:
            warnings.warn(
                f"init_vectors shares no {self._token_name} with the vocabulary (the first "
                f"{self._token_name} is {display(labels[0])}): every vector starts at random.",
                UserWarning,
                stacklevel=5,
            )
        Progress(self.verbose, type(self).__name__)(
            f"init_vectors: {rows.shape[0]:,} of {n_tokens:,} rows start from known vectors"
            + (" (frozen)" if self.freeze_init_vectors else "")
        )
        frozen = None
        if self.freeze_init_vectors:
            frozen = np.zeros(n_tokens, dtype=np.uint8)
            frozen[rows] = 1
        return rows, vectors, frozen

    def _check_callbacks(self):
        """The ``callbacks`` as a list, each checked to be callable."""
        if self.callbacks is None:
            return []
        for i, callback in enumerate(self.callbacks):
            if not callable(callback):
                raise TypeError(
                    f"callbacks[{i}] is {display(callback)} of type {type(callback).__name__}, "
                    "which is not callable: pass functions called as f(estimator, info)."
                )
        return list(self.callbacks)

    def _epoch_hook(self, callbacks):
        """What the trainer calls after each epoch: update, run the callbacks, stop?"""
        losses = []

        def on_epoch(info):
            losses.append(info.loss)
            self.loss_curve_ = np.array(losses)
            stop = False
            for callback in callbacks:
                try:
                    answer = callback(self, info)
                except StopTraining:  # at once: the later callbacks are not called
                    return True
                # Only True stops: a callback may return anything else (a path...).
                stop |= isinstance(answer, (bool, np.bool_)) and bool(answer)
            return stop

        return on_epoch

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

    # -- questions on the vectors -------------------------------------------

    def __getstate__(self):
        # The unit vectors are a cache, rebuilt on the first query after loading.
        state = dict(super().__getstate__())
        state.pop("_unit_cache", None)
        return state

    def _unit_vectors(self):
        """``embedding_`` with unit-length rows (float32), cached between queries.

        The cache is recomputed when ``embedding_`` is another array (a new
        fit, an assignment), when training ran since (every epoch replaces
        ``loss_curve_``, while ``embedding_`` is trained in place) or when a
        sample of its rows changed (most edits in place). It holds no
        reference to either array, and is not pickled.
        """
        check_is_fitted(self)
        embedding = self.embedding_
        loss_curve = getattr(self, "loss_curve_", None)
        sample = embedding[:: max(1, embedding.shape[0] // 64)].copy()
        cache = self.__dict__.get("_unit_cache")
        if (
            cache is not None
            and cache["embedding"]() is embedding
            and cache["loss_curve"]() is loss_curve
            and np.array_equal(cache["sample"], sample, equal_nan=True)
        ):
            return cache["unit"]
        unit = unit_rows(embedding)
        try:
            self._unit_cache = {
                "embedding": weakref.ref(embedding),
                "loss_curve": (lambda: None) if loss_curve is None else weakref.ref(loss_curve),
                "sample": sample,
                "unit": unit,
            }
        except TypeError:  # not weakly referenceable: no cache
            self.__dict__.pop("_unit_cache", None)
        return unit

    def _labels(self):
        return getattr(self, self._labels_attr)

    def most_similar(self, positive=None, topn=10, *, negative=None, restrict_vocab=None):
        """Tokens nearest to a sum of tokens and vectors, by cosine similarity.

        Each token or vector of ``positive`` and ``negative`` is scaled to
        unit length; the positive ones are added and the negative ones
        subtracted (each times its weight), and the tokens are ranked by the
        cosine similarity of their vectors to the result. This is gensim's
        ``KeyedVectors.most_similar`` and the 3CosAdd (vector offset) method
        of Mikolov et al. (2013) for analogies: ``positive=["king", "woman"],
        negative=["man"]`` answers "man is to king as woman is to ?".

        Parameters
        ----------
        positive : token, array-like of shape (n_components,) or list, default=None
            One token, one vector (e.g. a row of :meth:`transform`'s
            output), or a list of tokens, vectors and ``(token or vector,
            weight)`` pairs, added with weight 1 (or the pair's weight).
            A list, tuple or 1-D array of numbers is a list of tokens if all
            of them are tokens (e.g. node IDs ``[0, 1]``), and a vector
            otherwise; write ``positive=[vector]`` to be explicit.
        topn : int or None, default=10
            Number of tokens to return. ``None`` returns the similarity of
            every row instead (of the first ``restrict_vocab`` rows), as an
            array, the query tokens included.
        negative : token, array-like or list, default=None
            Tokens and vectors to subtract, in the same forms as
            ``positive``; a pair ``(token, w)`` is subtracted ``w`` times.
        restrict_vocab : int, default=None
            Search only the first ``restrict_vocab`` rows of ``embedding_``
            (after ``fit``, the most frequent tokens). ``None`` searches all.

        Returns
        -------
        list of (token, float) or ndarray of shape (n_rows,), dtype float32
            The ``topn`` most similar tokens and their cosine similarities,
            most similar first (ties: lower row first), without the query
            tokens; or with ``topn=None`` the similarities of all rows.

        Raises
        ------
        KeyError
            If a token is not in the vocabulary.
        ValueError
            If ``positive`` and ``negative`` are both empty, a vector has the
            wrong shape or is not finite, or ``topn`` is not a positive
            integer or None.

        See Also
        --------
        similarity : Cosine similarity of two tokens.
        evaluate_word_analogies : Accuracy of this method on analogy questions.

        Notes
        -----
        With unit vectors :math:`\\hat{x} = x / \\lVert x \\rVert` and weights
        :math:`w_i` (+1 for positive, -1 for negative items), the query is
        :math:`q = \\sum_i w_i \\hat{x}_i` and a token ``t`` scores
        :math:`\\cos(v_t, q)`. A zero vector is at similarity 0 to
        everything. Unlike gensim, a vector in the query is scaled to unit
        length like a token's (gensim adds vectors as they are), and the
        weight of a pair in ``negative`` is subtracted (gensim adds it).

        The second positional argument is ``topn``, as in earlier sksg
        versions (gensim's is ``negative``): pass ``negative`` by keyword.

        Examples
        --------
        >>> from sksg import SkipGramEmbedder
        >>> corpus = [["a", "b", "c"], ["d", "e", "f"]] * 20
        >>> model = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
        >>> sorted(token for token, _ in model.most_similar("a", topn=2))
        ['b', 'c']
        >>> [token for token, _ in model.most_similar(model.embedding_[0], topn=1)]
        ['a']
        >>> answer = model.most_similar(["a", "b"], negative=["d"], topn=3)
        >>> answer[0][0]  # "a" and "b" are left out
        'c'
        >>> model.most_similar("a", topn=None).shape
        (6,)
        """
        check_is_fitted(self)
        return queries.most_similar(
            self._unit_vectors(),
            self.vocabulary_,
            self._labels(),
            positive,
            negative,
            topn=topn,
            restrict_vocab=restrict_vocab,
        )

    def similarity(self, a, b):
        """Cosine similarity of the vectors of two tokens.

        Parameters
        ----------
        a, b : token
            Tokens of the vocabulary.

        Returns
        -------
        float
            The cosine of the angle between their vectors, in [-1, 1] (0 if
            one vector is zero).

        Raises
        ------
        KeyError
            If a token is not in the vocabulary.

        Examples
        --------
        >>> from sksg import SkipGramEmbedder
        >>> corpus = [["a", "b", "c"], ["d", "e", "f"]] * 20
        >>> model = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
        >>> model.similarity("a", "b") > model.similarity("a", "d")
        True
        >>> round(model.similarity("a", "a"), 6)
        1.0
        """
        check_is_fitted(self)
        return queries.similarity(self._unit_vectors(), self.vocabulary_, a, b)

    def doesnt_match(self, tokens):
        """The token that goes least with the others.

        The token whose vector is least similar (by cosine) to the mean of
        the unit vectors of all of ``tokens``, as gensim's
        ``KeyedVectors.doesnt_match``.

        Parameters
        ----------
        tokens : list of tokens
            Tokens of the vocabulary.

        Returns
        -------
        token
            The element of ``tokens`` farthest from their mean.

        Raises
        ------
        KeyError
            If a token is not in the vocabulary (gensim skips it).
        ValueError
            If ``tokens`` is empty or a single string.

        Examples
        --------
        >>> from sksg import SkipGramEmbedder
        >>> corpus = [["a", "b", "c"], ["d", "e", "f"]] * 20
        >>> model = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
        >>> model.doesnt_match(["a", "b", "c", "e"])
        'e'
        """
        check_is_fitted(self)
        return queries.doesnt_match(self._unit_vectors(), self.vocabulary_, tokens)

    def evaluate_word_pairs(
        self,
        pairs,
        *,
        delimiter="\t",
        restrict_vocab=300000,
        case_insensitive=False,
        dummy4unknown=False,
        encoding="utf-8",
    ):
        """Correlation of the vectors' similarities with human similarity scores.

        For each pair of tokens with a score (e.g. WordSim-353, SimLex-999),
        the cosine similarity of their vectors is computed; the result is
        the Pearson and Spearman correlation of these with the scores, as
        gensim's ``KeyedVectors.evaluate_word_pairs``.

        Parameters
        ----------
        pairs : str, path-like, file object or iterable
            A text file of ``word1<delimiter>word2<delimiter>score`` lines
            (``.gz`` compressed if the name ends so; lines starting with
            ``#`` and blank lines are skipped), or an iterable of such lines
            or of ``(token1, token2, score)`` tuples. Tokens read from text
            are compared with ``str`` of each label (so ``"7"`` finds node
            ``7``); tokens in tuples are compared as values.
        delimiter : str or None, default="\\t"
            Separator of the fields of a line; ``None`` splits on any
            whitespace.
        restrict_vocab : int or None, default=300000
            Only the first ``restrict_vocab`` rows (after ``fit``, the most
            frequent tokens) count as known; ``None`` uses all.
        case_insensitive : bool, default=False
            Compare string tokens upper-cased; of several labels equal but
            for case, the first row is used. gensim's default is True;
            sksg's is False because its vocabulary is case-sensitive (as
            :meth:`transform` is) and labels need not be strings.
        dummy4unknown : bool, default=False
            Give a pair with an unknown token similarity 0 and keep it in
            the correlations, instead of leaving it out.
        encoding : str, default="utf-8"
            Encoding of a file given by path or opened in binary mode.

        Returns
        -------
        pearson : tuple of (float, float)
            Pearson correlation coefficient and its two-sided p-value.
        spearman : tuple of (float, float)
            Spearman rank correlation coefficient and its two-sided p-value.
        oov_ratio : float
            Percentage of pairs with a token that is not known
            (``restrict_vocab``): left out, or scored 0 with
            ``dummy4unknown``.

        Raises
        ------
        ValueError
            If a line or tuple is malformed or a score not finite (the
            message gives its line number or index), or fewer than 2 pairs
            are left to correlate.

        Examples
        --------
        >>> from sksg import SkipGramEmbedder
        >>> corpus = [["a", "b", "c"], ["d", "e", "f"]] * 20
        >>> model = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
        >>> pairs = ["# word1, word2, score", "a\\tb\\t9.0", "a\\td\\t1.0", "e\\tf\\t9.0",
        ...          "c\\tf\\t1.0", "a\\tzebra\\t5.0"]
        >>> pearson, spearman, oov_ratio = model.evaluate_word_pairs(pairs)
        >>> round(spearman[0], 3), oov_ratio  # "zebra" is unknown: 1 pair in 5
        (0.894, 20.0)
        """
        check_is_fitted(self)
        return queries.evaluate_word_pairs(
            self._unit_vectors(),
            self._labels(),
            pairs,
            delimiter=delimiter,
            encoding=encoding,
            restrict_vocab=restrict_vocab,
            case_insensitive=case_insensitive,
            dummy4unknown=dummy4unknown,
        )

    def evaluate_word_analogies(
        self,
        analogies,
        *,
        restrict_vocab=300000,
        case_insensitive=False,
        dummy4unknown=False,
        encoding="utf-8",
    ):
        """Accuracy on analogy questions "a is to b as c is to d".

        Each question is answered by :meth:`most_similar` with
        ``positive=[b, c], negative=[a]`` (the 3CosAdd method of Mikolov et
        al., 2013) among the first ``restrict_vocab`` rows, leaving out a, b
        and c; it is correct if the answer is d. This is gensim's
        ``KeyedVectors.evaluate_word_analogies`` and word2vec's
        ``compute-accuracy``, computed a block of questions at a time.

        Parameters
        ----------
        analogies : str, path-like, file object or iterable of str
            Lines in the format of word2vec's ``questions-words.txt``:
            ``: section name`` lines, each followed by questions of four
            space-separated tokens ``a b c d``. Blank lines are skipped.
            Tokens are compared with ``str`` of each label.
        restrict_vocab : int or None, default=300000
            Search, and accept questions on, only the first
            ``restrict_vocab`` rows (after ``fit``, the most frequent
            tokens); ``None`` uses all.
        case_insensitive : bool, default=False
            Compare tokens upper-cased; of several labels equal but for
            case, the first row represents them, and none of the
            variants of a, b or c can be the answer. gensim's default is
            True; see :meth:`evaluate_word_pairs`.
        dummy4unknown : bool, default=False
            Count a question with an unknown token as incorrect instead of
            skipping it.
        encoding : str, default="utf-8"
            Encoding of a file given by path or opened in binary mode.

        Returns
        -------
        score : float
            Fraction of correct answers among the questions answered (0.0
            if none).
        sections : list of dict
            One dict per section, then a ``'Total accuracy'`` one, each
            with keys ``'section'`` (the name), ``'correct'`` and
            ``'incorrect'`` (lists of ``(a, b, c, d)`` tuples, as written)
            as in gensim, and ``'oov'``: the questions with a token outside
            the first ``restrict_vocab`` rows, which are skipped (or counted
            incorrect with ``dummy4unknown``).

        Raises
        ------
        ValueError
            If a line is neither a section nor four tokens, a question comes
            before the first section, or there is no question at all.

        References
        ----------
        .. [1] T. Mikolov, K. Chen, G. Corrado, J. Dean, "Efficient Estimation
           of Word Representations in Vector Space", 2013.
        .. [2] T. Mikolov, W. Yih, G. Zweig, "Linguistic Regularities in
           Continuous Space Word Representations", NAACL 2013.

        Examples
        --------
        >>> from sksg import SkipGramEmbedder
        >>> corpus = [["a", "b", "c"], ["d", "e", "f"]] * 20
        >>> model = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
        >>> questions = [": letters", "a b d e", "a b zebra e"]
        >>> score, sections = model.evaluate_word_analogies(questions)
        >>> [s["section"] for s in sections]
        ['letters', 'Total accuracy']
        >>> len(sections[-1]["oov"])  # the question with "zebra" is skipped
        1
        """
        check_is_fitted(self)
        return queries.evaluate_word_analogies(
            self._unit_vectors(),
            self._labels(),
            analogies,
            restrict_vocab=restrict_vocab,
            case_insensitive=case_insensitive,
            dummy4unknown=dummy4unknown,
            encoding=encoding,
        )
