"""SkipGramEmbedder: word2vec skip-gram on sequences of tokens."""

import time
import warnings
from collections.abc import Iterator
from numbers import Integral

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Hidden, Interval, StrOptions

from ._base import BaseSkipGram, update_seed
from ._corpus import EncodedCorpus, StreamedCorpus
from ._progress import Progress
from ._trainer import timed
from ._vocab import count_tokens, count_tokens_capped, remap_corpus, select_vocabulary


def object_array(items):
    """A 1-D object array of ``items`` (tuples stay elements, not rows)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


class SkipGramEmbedder(BaseSkipGram):
    """Skip-gram with negative sampling (word2vec) on sequences of tokens.

    Learns a vector for every token of a corpus of sequences (sentences,
    sessions of item IDs, walks) such that tokens that occur in similar
    contexts get similar vectors, and turns rows of tokens into vectors.

    Read more in the :ref:`User Guide <user_guide>`.

    Parameters
    ----------
    n_components : int, default=100
        Dimension of the vectors (gensim's ``vector_size``).

    window : int, default=5
        Maximum distance between a center token and a context token.

    shrink_window : bool, default=True
        Draw the window of each center uniformly from ``1..window`` as
        word2vec does ("reduced window"), which weights near contexts more.
        If False, every center uses the full ``window``.

    negative : int, default=5
        Number of noise tokens drawn per positive (center, context) pair.

    ns_exponent : float, default=0.75
        The noise distribution is the token frequency raised to this power:
        1 samples by frequency, 0 uniformly, negative values favour rare
        tokens.

    sample : float or 'auto', default='auto'
        Subsampling threshold ``t``: a token of frequency ``f`` is kept with
        probability ``(sqrt(f / t) + 1) * t / f`` (capped at 1), redrawn each
        epoch. 0 disables subsampling. ``'auto'`` is word2vec's 1e-3 for a
        vocabulary of 1,000 tokens or more and ``1 / n_tokens`` below that, so
        that only tokens well above the average frequency are thinned: with
        1e-3, a small vocabulary would lose most occurrences of every token.
        The threshold used is ``sample_``.

    min_count : int, default=1
        Tokens occurring fewer times are left out of the vocabulary and
        removed from the sequences before training (gensim's default is 5).

    max_final_vocab : int, default=None
        Keep at most this many tokens, the most frequent (ties: first seen),
        as gensim's ``max_final_vocab``; None keeps all tokens that pass
        ``min_count``.

    max_vocab_size : int, default=None
        Deprecated alias of ``max_final_vocab`` (its name until 0.2), which
        it is not in gensim: there, ``max_vocab_size`` caps memory while
        counting, which is ``max_counted_tokens`` here. Will be removed.

    max_counted_tokens : int, default=None
        Hold at most about this many distinct tokens while counting, as
        gensim's ``max_vocab_size``: whenever more have been seen, the tokens
        seen fewer than ``m`` times so far are forgotten (``m`` is 1, then 2,
        3... at each pruning), unless ``trim_rule`` keeps them. For corpora
        whose distinct tokens do not fit in memory (gensim: about 1 GB per 10
        million). A forgotten token that comes back is counted from zero, so
        ``min_count`` sees lower bounds; the tokens kept are then counted again
        (one more pass), so ``token_counts_`` are exact. None counts every
        token exactly in one pass.

    trim_rule : callable, default=None
        Decides which tokens enter the vocabulary: called as
        ``trim_rule(token, count, min_count)``, it returns
        :data:`sksg.RULE_KEEP` (2), :data:`sksg.RULE_DISCARD` (1) or
        :data:`sksg.RULE_DEFAULT` (0, the ``min_count`` rule decides); the
        values of gensim's ``utils.RULE_*``, so gensim trim rules work
        unchanged. Use a module-level function (not a lambda) to pickle the
        estimator.

    epochs : int or 'auto', default='auto'
        Passes over the corpus. ``'auto'`` is 5 (gensim's default), or more on
        a small corpus: as many as it takes to read
        ``min(250 * n_tokens, 1,000,000)`` positions in all, since a few
        passes over a few hundred tokens leave the vectors near their random
        start. The number used is ``epochs_``.

    learning_rate : float, default=0.025
        Initial learning rate (gensim's ``alpha``).

    min_learning_rate : float, default=1e-4
        The learning rate decays linearly from ``learning_rate`` to this value
        over all epochs (gensim's ``min_alpha``).

    objective : {'negative', 'hierarchical', 'softmax'}, default='negative'
        ``'negative'`` trains with negative sampling. ``'hierarchical'`` uses
        hierarchical softmax over a Huffman tree of the token counts (gensim's
        ``hs=1, negative=0``; DeepWalk's objective): a pair updates the
        ``O(log n_tokens)`` inner nodes on the center's path, and ``negative``,
        ``ns_exponent`` and ``share_negatives`` are not used. ``'softmax'``
        trains the original skip-gram with an exact softmax over the whole
        vocabulary (cost proportional to the vocabulary size per step: for
        small vocabularies and as a reference).

    share_negatives : bool, default=False
        With ``objective='negative'``, draw the noise tokens once per center
        and share them among the center's context pairs (Ji et al., 2016).
        Each pair still meets ``negative`` noise tokens, but a window's
        updates become small dense products over far fewer random rows: in the
        benchmarks 1.4x faster with a 50,000-token vocabulary and 3.5x with a
        million tokens, at a slightly lower quality (topic precision 0.897
        against 0.899).

    pooling : {'mean', 'sum', 'max', 'hadamard', 'l1', 'l2'}, default='mean'
        How :meth:`transform` combines the vectors of a row's tokens. The last
        three combine rows of exactly two tokens: ``u * v``, ``|u - v|`` and
        ``(u - v) ** 2`` (node2vec's edge operators).

    handle_unknown : {'warn', 'error', 'ignore'}, default='warn'
        What :meth:`transform` does with tokens outside the vocabulary:
        ``'warn'`` skips them with a warning that counts them and names the
        first, ``'ignore'`` skips them silently, ``'error'`` raises. A row with
        no known token becomes zeros. Skipping is what a pipeline needs (test
        folds hold tokens that the training folds did not); the warning makes
        a mistake visible, such as IDs of the wrong type (``"7"`` for ``7``),
        which would otherwise turn into rows of zeros.

    n_jobs : int, default=None
        Number of threads for training. ``None`` means 1 unless in a
        :obj:`joblib.parallel_backend` context. ``-1`` means using all
        processors. With one thread, training is bit-reproducible for a fixed
        ``random_state``. With more, updates are lock-free (as in word2vec)
        and the vectors are not those of one thread: they differ as much as
        two seeds do (of the same quality), and from run to run.

    random_state : int, RandomState instance or None, default=None
        Determines the initial vectors, subsampling, windows and noise
        samples. Pass an int for reproducible results across multiple function
        calls. See :ref:`reproducibility`.

    verbose : int, default=0
        Print the vocabulary size, then the loss and speed of each epoch, when
        positive; from 2 on, also progress within epochs every 10 seconds.
    init_vectors : str, path-like, (keys, vectors) or fitted estimator, default=None
        Vectors to start from, as gensim's ``intersect_word2vec_format``: a
        word2vec-format file (text or binary, as
        :func:`~sksg.load_word2vec_format` reads; its keys are matched to
        ``str(token)``), a pair of keys and an array of shape
        ``(n_keys, n_components)``, or a fitted sksg estimator (pretrained
        vectors, or an earlier model's). Each token it knows starts from its
        vector, the others from random vectors. Clones share it rather than
        copy it, so a fitted estimator stays fitted in a grid search.

    freeze_init_vectors : bool, default=False
        Keep the vectors taken from ``init_vectors`` as they are (gensim's
        ``lockf`` of 0): training moves only the other tokens' vectors and the
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
    vocabulary_ : dict
        Maps each token to its row in ``embedding_``.

    tokens_ : ndarray of shape (n_tokens,), dtype object
        The token of each row (the inverse of ``vocabulary_``), most frequent
        first.

    token_counts_ : ndarray of shape (n_tokens,), dtype int64
        Occurrences of each token in the training corpus.

    embedding_ : ndarray of shape (n_tokens, n_components), dtype float32
        The token vectors (the input vectors, word2vec's ``syn0``).

    context_vectors_ : ndarray of shape (n_tokens, n_components), dtype float32
        The output vectors (word2vec's ``syn1neg``). With
        ``objective='hierarchical'``, the vectors of the Huffman tree's
        ``n_tokens - 1`` inner nodes instead (word2vec's ``syn1``).

    fit_times_ : dict of str to float
        Wall-clock seconds of the phases of the last fit: ``'vocabulary'``
        (reading and counting the corpus) and ``'training'`` (all epochs).
        Numba compiles or loads the kernels in the phase that first needs them.

    loss_curve_ : ndarray of shape (`epochs_`,)
        Mean loss per (center, context) pair in each epoch (NaN if the
        epoch held no pair). See the User Guide for what it measures.

    sample_ : float
        The subsampling threshold used (``sample`` resolved).

    epochs_ : int
        The number of epochs trained (``epochs`` resolved; fewer if a callback
        ended training).

    n_features_in_ : int
        Number of columns of X, when X was a 2-D array.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns of X, when X was a DataFrame with string column
        names.

    See Also
    --------
    sksg.GraphWalkEmbedder : Node embeddings from random walks on a graph.

    Notes
    -----
    Training follows word2vec (Mikolov et al., 2013): a sliding window makes
    (center, context) pairs; for each pair the context token's input vector
    and the center's output vector are pushed together and ``negative`` noise
    tokens' output vectors pushed away, with an exact logistic function.

    A corpus that can be iterated again (a list, an array, a Series, an
    object whose ``__iter__`` streams sequences from a file) is read once to
    count tokens and once per epoch to train, a block of about a million
    tokens at a time, so it is never copied whole; a one-shot iterator (a
    generator) is read once and kept as int32 token ids. Both give the same
    vectors.

    References
    ----------
    .. [1] T. Mikolov, I. Sutskever, K. Chen, G. Corrado, J. Dean,
       "Distributed Representations of Words and Phrases and their
       Compositionality", NeurIPS 2013.
    .. [2] S. Ji, N. Satish, S. Li, P. Dubey, "Parallelizing Word2Vec in
       Shared and Distributed Memory", 2016.
    .. [3] X. Rong, "word2vec Parameter Learning Explained", 2014.

    Examples
    --------
    >>> from sksg import SkipGramEmbedder
    >>> corpus = [["cat", "sat", "on", "the", "mat"], ["dog", "sat", "on", "the", "rug"]]
    >>> model = SkipGramEmbedder(n_components=8, random_state=0).fit(corpus)
    >>> model.embedding_.shape
    (7, 8)
    >>> model.transform([["cat", "sat"], ["dog"]]).shape
    (2, 8)
    """

    _parameter_constraints: dict = {
        **BaseSkipGram._parameter_constraints,
        "min_count": [Interval(Integral, 1, None, closed="left")],
        "max_final_vocab": [Interval(Integral, 1, None, closed="left"), None],
        "max_vocab_size": [
            Interval(Integral, 1, None, closed="left"),
            None,
            Hidden(StrOptions({"deprecated"})),
        ],
        "max_counted_tokens": [Interval(Integral, 1, None, closed="left"), None],
        "trim_rule": [callable, None],
    }

    def __init__(
        self,
        n_components=100,
        *,
        window=5,
        shrink_window=True,
        negative=5,
        ns_exponent=0.75,
        sample="auto",
        min_count=1,
        max_final_vocab=None,
        max_vocab_size="deprecated",
        max_counted_tokens=None,
        trim_rule=None,
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
        self.n_components = n_components
        self.window = window
        self.shrink_window = shrink_window
        self.negative = negative
        self.ns_exponent = ns_exponent
        self.sample = sample
        self.min_count = min_count
        self.max_final_vocab = max_final_vocab
        self.max_vocab_size = max_vocab_size
        self.max_counted_tokens = max_counted_tokens
        self.trim_rule = trim_rule
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

    def _no_pairs_cause(self):
        pruned = self.min_count > 1 or self._final_cap() is not None or self.trim_rule
        return "every sequence holds fewer than two tokens" + (
            " of the vocabulary (min_count, max_final_vocab and trim_rule removed the others)"
            if pruned
            else ""
        )

    def _final_cap(self):
        """``max_final_vocab``, or the deprecated ``max_vocab_size`` (with a warning)."""
        if self.max_vocab_size == "deprecated":
            return self.max_final_vocab
        if self.max_final_vocab is not None:
            raise ValueError(
                "max_vocab_size is the deprecated name of max_final_vocab: set "
                "max_final_vocab only."
            )
        warnings.warn(
            "max_vocab_size was renamed max_final_vocab in 0.2 and will be removed (in "
            "gensim, max_vocab_size is a different cap, on memory while counting: that "
            "one is max_counted_tokens here). Use max_final_vocab.",
            FutureWarning,
            stacklevel=4,
        )
        return self.max_vocab_size

    def _count(self, sequences, keep_ids):
        """Count the tokens of ``sequences`` (capped by ``max_counted_tokens``)."""
        if self.max_counted_tokens is None:
            return count_tokens(sequences, keep_ids=keep_ids)
        return count_tokens_capped(
            sequences, self.max_counted_tokens, keep_ids=keep_ids, trim_rule=self.trim_rule
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the vocabulary and the token vectors.

        Parameters
        ----------
        X : iterable of sequences, or array-like of shape (n_samples, n_tokens)
            The corpus: a list (or any iterable, read once) of token sequences
            of any lengths, a pandas Series of lists, or a 2-D array with one
            sequence per row. Tokens may be any hashable values.

        y : None
            Ignored.

        Returns
        -------
        self : SkipGramEmbedder
            The fitted estimator.
        """
        self._check_learning_rates()
        self.fit_times_ = {}
        self._updates = 0
        sequences = self._sequences(X, reset=True)
        source = timed(lambda: self._vocabulary(sequences), self.fit_times_, "vocabulary")
        return self._train(source, self.token_counts_, check_random_state(self.random_state))

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """Continue training on more sequences, growing the vocabulary.

        The first call fits (as :meth:`fit`). Each later call counts the
        tokens of ``X``, adds to the vocabulary those that are new and occur at
        least ``min_count`` times in ``X`` (most frequent first, up to
        ``max_final_vocab`` tokens in all; ``trim_rule`` applies), and trains
        every vector on ``X``:

        - the rows of known tokens stay where they are (``vocabulary_`` only
          grows; ``tokens_`` is no longer sorted by count), and their vectors
          start from where they were; new tokens get fresh random vectors and
          zero output vectors;
        - the counts accumulate (``token_counts_``), and the subsampling and
          noise tables follow the accumulated counts;
        - the learning rate decays from ``learning_rate`` to
          ``min_learning_rate`` over this call's epochs, as each ``train`` call
          in gensim does; ``epochs='auto'`` takes the epochs a fit on all the
          data seen so far would take (not more epochs because ``X`` is
          small: many passes over one small update make the model forget the
          earlier data);
        - with ``objective='hierarchical'``, the Huffman tree is kept while the
          vocabulary does not grow; a new token changes the tree, and the
          inner-node vectors (``context_vectors_``) then start again from
          zero (the input vectors are kept).

        Parameters
        ----------
        X : iterable of sequences, or array-like of shape (n_samples, n_tokens)
            New sequences, in the forms :meth:`fit` accepts. A 2-D array must
            have as many columns as the first one.
        y : None
            Ignored.

        Returns
        -------
        self : SkipGramEmbedder
            The updated estimator.

        Examples
        --------
        >>> from sksg import SkipGramEmbedder
        >>> model = SkipGramEmbedder(n_components=8, random_state=0)
        >>> model = model.partial_fit([["cat", "sat", "on", "the", "mat"]])
        >>> model = model.partial_fit([["dog", "sat", "on", "the", "rug"]])
        >>> model.tokens_.tolist()
        ['cat', 'sat', 'on', 'the', 'mat', 'dog', 'rug']
        >>> model.token_counts_.tolist()
        [1, 2, 2, 2, 1, 1, 1]
        """
        if not hasattr(self, "embedding_"):
            return self.fit(X)
        self._check_learning_rates()
        self._check_continuable()
        self.fit_times_ = {}
        self._updates = getattr(self, "_updates", 0) + 1
        seed = update_seed(check_random_state(self.random_state), self._updates)
        sequences = self._sequences(X, reset=False)
        update = timed(lambda: self._grow_vocabulary(sequences), self.fit_times_, "vocabulary")
        source, n_new, n_positions = update
        if n_positions == 0:
            warnings.warn(
                "X holds no token of the vocabulary (and no new token occurs "
                f"min_count={self.min_count} times): there is nothing to train on, and the "
                "model is unchanged.",
                UserWarning,
                stacklevel=3,
            )
            return self
        vectors, tree_counts = self._grown_vectors(n_new, seed)
        return self._train(
            source,
            self.token_counts_,
            seed,
            n_positions=n_positions,
            vectors=vectors,
            tree_counts=tree_counts,
        )

    def _grow_vocabulary(self, sequences):
        """Count ``sequences``, add their new tokens; the source, new tokens, positions."""
        one_shot = isinstance(sequences, Iterator)
        tic = time.perf_counter()
        tokens, counts, ids, offsets = self._count(sequences, keep_ids=one_shot)
        if not tokens:
            raise ValueError("The corpus is empty: it holds no tokens.")
        get = self.vocabulary_.get
        rows = np.fromiter((get(t, -1) for t in tokens), dtype=np.int64, count=len(tokens))
        unseen = np.flatnonzero(rows < 0)
        cap = self._final_cap()
        room = None if cap is None else max(cap - len(self.tokens_), 0)
        unseen_tokens = [tokens[i] for i in unseen]
        new = unseen[
            select_vocabulary(counts[unseen], self.min_count, room, unseen_tokens, self.trim_rule)
        ]
        n_old = len(self.tokens_)
        rows[new] = n_old + np.arange(new.shape[0])
        known = rows >= 0
        totals = np.concatenate([self.token_counts_, np.zeros(new.shape[0], np.int64)])
        np.add.at(totals, rows[known], counts[known])
        self.tokens_ = object_array(list(self.tokens_) + [tokens[i] for i in new])
        self.vocabulary_ = {**self.vocabulary_, **{tokens[i]: n_old + k for k, i in enumerate(new)}}
        self.token_counts_ = totals
        n_positions = int(counts[known].sum())
        Progress(self.verbose, type(self).__name__)(
            f"vocabulary update: {len(tokens):,} distinct tokens in {int(counts.sum()):,} "
            f"positions, {new.shape[0]:,} new kept (min_count={self.min_count}), "
            f"{n_positions:,} positions to train on, {time.perf_counter() - tic:.2f} s"
        )
        if one_shot:
            keep = np.flatnonzero(known)
            ids, offsets = remap_corpus(ids, offsets, keep, len(tokens))
            # remap_corpus numbers the kept tokens 0..k-1 in ``keep`` order.
            ids = rows[keep][ids].astype(np.int32)
            source = EncodedCorpus(ids, offsets, len(self.tokens_))
        else:
            source = StreamedCorpus(sequences, self.vocabulary_)
        if self.max_counted_tokens is not None:
            # Counting forgot some occurrences; training reads them all.
            batch = source.counts()
            self.token_counts_ = (
                totals
                - np.bincount(rows[known], weights=counts[known], minlength=totals.shape[0]).astype(
                    np.int64
                )
                + batch
            )
            n_positions = int(batch.sum())
        return source, new.shape[0], n_positions

    def _vocabulary(self, sequences):
        """Count the tokens and choose the vocabulary; the corpus source to train on.

        A corpus that can be read again is re-read every epoch, as gensim does,
        instead of being held in memory; a one-shot iterator is encoded once.
        """
        one_shot = isinstance(sequences, Iterator)
        tic = time.perf_counter()
        tokens, counts, ids, offsets = self._count(sequences, keep_ids=one_shot)
        if not tokens:
            raise ValueError("The corpus is empty: it holds no tokens.")
        keep = select_vocabulary(counts, self.min_count, self._final_cap(), tokens, self.trim_rule)
        if keep.shape[0] == 0:
            if self.trim_rule is not None:
                raise ValueError(
                    f"No token is kept: trim_rule and min_count={self.min_count} discard all "
                    f"{len(tokens):,} distinct tokens."
                )
            raise ValueError(
                f"No token occurs at least min_count={self.min_count} times (the most "
                f"frequent occurs {int(counts.max())} times); lower min_count."
            )
        self.tokens_ = object_array([tokens[i] for i in keep])
        self.vocabulary_ = {token: row for row, token in enumerate(self.tokens_)}
        self.token_counts_ = counts[keep]
        Progress(self.verbose, type(self).__name__)(
            f"vocabulary: {len(tokens):,} distinct tokens in {int(counts.sum()):,} "
            f"positions, {keep.shape[0]:,} kept (min_count={self.min_count}), "
            f"{time.perf_counter() - tic:.2f} s"
        )
        if one_shot:
            ids, offsets = remap_corpus(ids, offsets, keep, len(tokens))
            source = EncodedCorpus(ids, offsets, keep.shape[0])
        else:
            source = StreamedCorpus(sequences, self.vocabulary_)
        if self.max_counted_tokens is not None:
            # Counting forgot some occurrences; training reads them all.
            self.token_counts_ = source.counts()
        return source
