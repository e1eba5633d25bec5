"""The one skip-gram trainer behind every estimator, in two steps.

1. :func:`build_state` turns the token counts and the fit's settings into a
   :class:`TrainingState`: the sampling tables (subsampling thresholds, the
   noise distribution's alias table, the Huffman tree), the input vectors
   (random) and the output vectors (zero).
2. :func:`run_epochs` trains a state on a :class:`~sksg._corpus.CorpusSource`,
   epoch after epoch, and reports the loss and the pairs of each epoch.

Sentences and graph walks both arrive as corpus sources of the same integer
form; what differs between estimators is only how they build the source.
"""

import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from ._huffman import huffman_paths
from ._progress import Progress
from ._random import derive_key, hash64
from ._sampling import alias_table, keep_thresholds, noise_distribution
from ._sgns import Cursor, Objective, Tables, n_chunks, train_block
from ._threads import NumbaThreads

#: ``sample='auto'`` never subsamples below this threshold (word2vec's default).
AUTO_SAMPLE = 1e-3
#: ``epochs='auto'`` trains until the run has read this many corpus positions
#: per vocabulary token, ...
AUTO_POSITIONS_PER_TOKEN = 250
#: ... or this many positions in all, whichever is fewer.
AUTO_MAX_POSITIONS = 1_000_000
#: Epoch lines printed at ``verbose=1`` for a run of many epochs (about).
EPOCH_LINES = 10


def resolve_sample(sample, n_tokens):
    """The subsampling threshold: ``sample``, or for ``'auto'`` ``max(1e-3, 1 / n_tokens)``.

    Subsampling is meant to thin tokens far more frequent than the others.
    word2vec's 1e-3 assumes a large vocabulary: it keeps every token of
    frequency up to 0.0026 and thins the rest, which in a vocabulary of a few
    hundred tokens is every token. With the threshold at least ``1 / n_tokens``,
    only tokens about 2.6 times more frequent than the average one are thinned.
    For 1,000 tokens or more, 'auto' is 1e-3.
    """
    if sample == "auto":
        return max(AUTO_SAMPLE, 1.0 / max(n_tokens, 1))
    return float(sample)


def resolve_epochs(epochs, base, n_tokens, n_positions):
    """The number of epochs: ``epochs``, or for ``'auto'`` at least ``base``.

    'auto' adds epochs to a small corpus until the run has read
    ``min(250 * n_tokens, 1,000,000)`` positions (a few hundred milliseconds
    of training at most); a larger corpus trains ``base`` epochs.
    """
    if epochs != "auto":
        return int(epochs)
    target = min(AUTO_POSITIONS_PER_TOKEN * n_tokens, AUTO_MAX_POSITIONS)
    return max(int(base), -(-target // max(int(n_positions), 1)))


@njit(cache=True, nogil=True)
def init_vectors(n, dim, key):
    """Uniform in ``[-1 / dim, 1 / dim)``, as gensim 4 initialises.

    word2vec.c draws from ``[-0.5 / dim, 0.5 / dim)``; with the wider range,
    node classification from one-epoch node2vec vectors scored 0.02 higher
    (0.799-0.810 against 0.779-0.790 over three seeds, 100k-node benchmark
    graph), the level of PecanPy + gensim.
    """
    out = np.empty((n, dim), dtype=np.float32)
    scale = 1.0 / 2.0**53
    for i in range(n):
        for d in range(dim):
            u = np.float64(hash64(key, i * dim + d) >> np.uint64(11)) * scale
            out[i, d] = (2.0 * u - 1.0) / dim
    return out


def make_tables(counts, objective, sample, ns_exponent, tree_counts=None, frozen=None):
    """The sampling tables of an objective (see :class:`~sksg._sgns.Tables`).

    The Huffman tree is built from ``tree_counts`` if given (continued
    training keeps the tree its inner-node vectors were trained on).
    """
    empty_u64 = np.zeros(0, dtype=np.uint64)
    noise = paths = nodes = codes = None
    if objective in (Objective.NEGATIVE, Objective.SHARED):
        noise = alias_table(noise_distribution(counts, ns_exponent))
    if objective == Objective.HIERARCHICAL:
        paths, nodes, codes = huffman_paths(counts if tree_counts is None else tree_counts)
    return Tables(
        keep=keep_thresholds(counts, sample),
        noise=empty_u64 if noise is None else noise,
        paths=np.zeros(1, dtype=np.int64) if paths is None else paths,
        nodes=np.zeros(0, dtype=np.int32) if nodes is None else nodes,
        codes=np.zeros(0, dtype=np.uint8) if codes is None else codes,
        frozen=np.zeros(0, dtype=np.uint8) if frozen is None else frozen.astype(np.uint8),
    )


def n_output_vectors(n_tokens, objective):
    """Rows of the output vectors: one per token, or per inner node of the tree."""
    if objective == Objective.HIERARCHICAL:
        return max(n_tokens - 1, 0)
    return n_tokens


@dataclass
class TrainingState:
    """Everything a run of epochs reads and updates.

    Attributes
    ----------
    counts : ndarray of int64, shape (n_tokens,)
        Occurrences of each token in one epoch's corpus (in every corpus seen,
        when training continues), which the tables follow.
    input_vectors : ndarray of float32, shape (n_tokens, dim)
        The embedding (word2vec's ``syn0``).
    output_vectors : ndarray of float32
        One row per token (``syn1neg``), or per inner node of the Huffman
        tree with hierarchical softmax (``syn1``).
    tables : Tables
        Subsampling thresholds, noise alias table, Huffman paths.
    settings : SkipGramSettings
        The kernels' settings (objective, window, learning-rate schedule...).
    seed : int
        The run's seed; every random stream of training derives from it.
    """

    counts: np.ndarray
    input_vectors: np.ndarray
    output_vectors: np.ndarray
    tables: Tables
    settings: object
    seed: int

    @property
    def n_positions(self):
        return int(self.counts.sum())


def build_state(
    counts,
    settings,
    *,
    n_components,
    sample,
    ns_exponent,
    seed,
    vectors=None,
    tree_counts=None,
    frozen=None,
):
    """Tables and vectors for a run of ``settings`` on a corpus of ``counts``.

    Parameters
    ----------
    counts : ndarray of int64
        Occurrences of each token id in the corpus.
    settings : SkipGramSettings
        The kernels' settings; ``settings.n_positions`` is the number of
        positions of the corpus to train on (``counts.sum()`` for a first fit).
    n_components : int
        Dimension of the vectors.
    sample : float
        Subsampling threshold (0: keep everything).
    ns_exponent : float
        Exponent of the noise distribution.
    seed : int
        The run's seed.
    vectors : (ndarray, ndarray), default=None
        Input and output vectors to continue from (trained in place), instead
        of fresh ones (random input vectors, zero output vectors). For
        continued training: the counts are then those accumulated over every
        corpus seen, which the tables follow.
    tree_counts : ndarray of int64, default=None
        The counts to build the Huffman tree from, if not ``counts``.
    frozen : ndarray of bool, default=None
        Tokens whose input vectors training leaves as they are.
    """
    n_tokens = counts.shape[0]
    tables = make_tables(counts, settings.objective, sample, ns_exponent, tree_counts, frozen)
    if vectors is None:
        W = init_vectors(n_tokens, n_components, np.uint64(derive_key(seed, 0xFFFFFFFF, 0)))
        C = np.zeros((n_output_vectors(n_tokens, settings.objective), n_components), np.float32)
    else:
        W, C = vectors
        if W.shape != (n_tokens, n_components) or C.shape != (
            n_output_vectors(n_tokens, settings.objective),
            n_components,
        ):
            raise ValueError(
                f"vectors of shapes {W.shape}, {C.shape} do not fit {n_tokens} tokens."
            )
    return TrainingState(counts, W, C, tables, settings, int(seed))


class StopTraining(Exception):  # noqa: N818 (a signal, not an error)
    """Raise in an epoch callback to end training after that epoch.

    The estimator is left fitted with the epochs trained so far (see the
    ``callbacks`` parameter). Returning ``True`` from the callback does the
    same.
    """


class EpochInfo(NamedTuple):
    """What an epoch callback learns about the epoch just trained.

    Attributes
    ----------
    epoch : int
        The epoch's number, from 0 (an index into ``loss_curve_``).
    epochs : int
        The epochs the fit plans to train (``epochs_``).
    loss : float
        Mean loss per (center, context) pair in the epoch (NaN: no pair).
    words : int
        Center tokens trained (kept by subsampling) in the epoch.
    pairs : int
        (center, context) pairs trained in the epoch.
    seconds : float
        Wall-clock time of the epoch.
    """

    epoch: int
    epochs: int
    loss: float
    words: int
    pairs: int
    seconds: float


@dataclass
class EpochStats:
    """What :func:`run_epochs` measured."""

    loss_curve: np.ndarray  # mean loss per pair, per epoch (NaN: no pair)
    epoch_pairs: np.ndarray  # (center, context) pairs per epoch
    n_words: int  # centers kept by subsampling, all epochs
    n_multi: int  # sequences of two tokens or more (where a pair is possible)

    @property
    def n_pairs(self):
        return int(self.epoch_pairs.sum())


def _epoch_line_due(epoch, epochs):
    """Whether epoch ``epoch`` gets a line at ``verbose=1`` (about ten per run)."""
    every = max(1, -(-epochs // EPOCH_LINES))
    return (epoch + 1) % every == 0 or epoch in (0, epochs - 1)


def run_epochs(state, source, *, n_threads=1, progress=None, on_epoch=None):
    """Train ``state`` in place on ``settings.epochs`` passes over ``source``.

    Parameters
    ----------
    state : TrainingState
    source : CorpusSource
        Must yield the same corpus on every pass, with ``state.counts`` as its
        token counts.
    n_threads : int
        Threads; 1 is bit-reproducible.
    progress : Progress, default=None
        Where epoch lines go (``verbose``).
    on_epoch : callable, default=None
        Called with an :class:`EpochInfo` after each epoch; training ends
        early when it returns True.

    Returns
    -------
    EpochStats
        Of the epochs trained (fewer than ``settings.epochs`` if ``on_epoch``
        ended training).
    """
    s = state.settings
    epochs = int(s.epochs)
    n_positions = int(s.n_positions)  # of ``source``: the counts may be accumulated
    progress = Progress(0) if progress is None else progress
    loss_curve = np.empty(epochs, dtype=np.float64)
    epoch_pairs = np.zeros(epochs, dtype=np.int64)
    n_words = n_multi = 0
    W, C, tables = state.input_vectors, state.output_vectors, state.tables
    with NumbaThreads(n_threads):
        for epoch in range(epochs):
            progress.start()
            loss = pairs = words = base = chunk_base = 0
            for ids, offsets in source.blocks(n_threads):
                at = Cursor.create(state.seed, epoch, base, chunk_base)
                b_loss, b_pairs, b_words = train_block(W, C, tables, ids, offsets, s, at, n_threads)
                loss += b_loss
                pairs += b_pairs
                words += b_words
                base += ids.shape[0]
                chunk_base += n_chunks(ids.shape[0])
                if epoch == 0:
                    n_multi += int(np.count_nonzero(np.diff(offsets) >= 2))
                if progress.due():
                    progress(
                        f"epoch {epoch + 1}/{epochs}: {base / n_positions:.0%} of the corpus, "
                        f"{base / max(progress.elapsed(), 1e-9):,.0f} words/s, "
                        f"loss so far {loss / max(pairs, 1):.4f}"
                    )
            if base != n_positions:
                raise RuntimeError(
                    f"The corpus changed between passes: epoch {epoch + 1} read {base} "
                    f"tokens of the vocabulary, the counting pass {n_positions}."
                )
            n_words += words
            epoch_pairs[epoch] = pairs
            loss_curve[epoch] = loss / pairs if pairs else np.nan
            took = progress.elapsed()
            if progress.verbose >= 3 or _epoch_line_due(epoch, epochs):
                progress(
                    f"epoch {epoch + 1}/{epochs}: loss {loss_curve[epoch]:.4f}, {words:,} words "
                    f"in {took:.2f} s ({words / max(took, 1e-9):,.0f} words/s), {pairs:,} pairs"
                )
            if on_epoch is not None:
                info = EpochInfo(epoch, epochs, float(loss_curve[epoch]), words, pairs, took)
                if on_epoch(info):
                    loss_curve, epoch_pairs = loss_curve[: epoch + 1], epoch_pairs[: epoch + 1]
                    break
    return EpochStats(loss_curve, epoch_pairs, n_words, n_multi)


def timed(step, times, name):
    """Run ``step()`` and add its wall time to ``times[name]``."""
    tic = time.perf_counter()
    out = step()
    times[name] = times.get(name, 0.0) + time.perf_counter() - tic
    return out
