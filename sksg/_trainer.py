"""The one skip-gram trainer behind every estimator.

Takes the integer corpus (``int32`` ids + ``int64`` offsets, in blocks) and
the token counts, builds the sampling tables, initialises the vectors and runs
the epoch loop. Sentences and graph walks both arrive here in the same form.
"""

import time
from collections import namedtuple

import numba
import numpy as np
from joblib import effective_n_jobs
from numba import njit

from ._random import derive_key, hash64, seed_from
from ._sampling import alias_table, keep_thresholds, noise_distribution
from ._sgns import make_settings, n_chunks, train_block

TrainResult = namedtuple(
    "TrainResult",
    [
        "input_vectors",
        "output_vectors",
        "loss_curve",
        "n_words",
        "n_pairs",
        "epoch_pairs",
        "n_multi",  # sequences of two tokens or more (a pair is possible)
    ],
)

#: ``sample='auto'`` never subsamples below this threshold (word2vec's default).
AUTO_SAMPLE = 1e-3
#: ``epochs='auto'`` trains until the run has read this many corpus positions
#: per vocabulary token, ...
AUTO_POSITIONS_PER_TOKEN = 250
#: ... or this many positions in all, whichever is fewer.
AUTO_MAX_POSITIONS = 1_000_000


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


def n_threads_for(n_jobs):
    """Threads to use for ``n_jobs`` (None means 1, negative counts from the end)."""
    return max(1, min(effective_n_jobs(n_jobs), numba.config.NUMBA_NUM_THREADS))


class NumbaThreads:
    """Context manager: run numba kernels on ``n`` threads, restore on exit."""

    def __init__(self, n):
        self.n = n

    def __enter__(self):
        self._old = numba.get_num_threads()
        numba.set_num_threads(self.n)
        self._old_chunk = numba.set_parallel_chunksize(1)
        return self

    def __exit__(self, *exc):
        numba.set_parallel_chunksize(self._old_chunk)
        numba.set_num_threads(self._old)
        return False


#: Seconds between progress lines within a long step at ``verbose >= 2``.
PROGRESS_EVERY = 10.0


class Progress:
    """Verbose output in scikit-learn's manner: plain lines on stdout.

    ``verbose >= 1``: a line per step (epoch, walk pass). ``verbose >= 2``:
    also a line every :data:`PROGRESS_EVERY` seconds within a step. Lines are
    printed between blocks of work, never from inside a kernel.
    """

    def __init__(self, verbose, name="sksg"):
        self.verbose = verbose
        self.name = name
        self.start()

    def __call__(self, message):
        if self.verbose:
            print(f"[{self.name}] {message}", flush=True)

    def start(self):
        self._tic = self._last = time.perf_counter()

    def elapsed(self):
        return time.perf_counter() - self._tic

    def due(self):
        """Whether a progress line is due (``verbose >= 2``, last line old enough)."""
        if self.verbose < 2:
            return False
        now = time.perf_counter()
        if now - self._last < PROGRESS_EVERY:
            return False
        self._last = now
        return True


def train(blocks, counts, params, random_state, n_jobs=None, verbose=0, name="sksg"):
    """Train skip-gram vectors on an integer corpus.

    Parameters
    ----------
    blocks : callable
        ``blocks(epoch)`` iterates over the corpus as ``(ids, offsets)`` blocks:
        int32 token ids of whole sequences and their int64 boundaries. Every
        epoch must yield the same corpus (its positions add up to
        ``counts.sum()``).
    counts : ndarray of int64
        Occurrences of each token id (sets the noise and subsampling tables).
    params : dict
        The estimator's skip-gram parameters.
    random_state : numpy.random.RandomState
        Source of the one seed this training uses.
    n_jobs : int or None
        Threads; None means 1 (bit-reproducible).
    verbose : int
        Print one line per epoch when positive, and progress within epochs
        (every 10 s) from 2 on.
    name : str
        Prefix of the printed lines (the estimator's class name).
    """
    n_tokens = counts.shape[0]
    n_positions = int(counts.sum())
    dim = params["n_components"]
    epochs = params["epochs"]
    seed = seed_from(random_state)
    objective = params["objective"]
    if objective == "negative" and params["share_negatives"]:
        objective = "shared"
    settings = make_settings(
        objective,
        params["window"],
        params["shrink_window"],
        params["negative"],
        params["learning_rate"],
        params["min_learning_rate"],
        epochs,
        n_positions,
    )
    keep_thr = keep_thresholds(counts, params["sample"])
    table = alias_table(noise_distribution(counts, params["ns_exponent"]))
    W = init_vectors(n_tokens, dim, np.uint64(derive_key(seed, 0xFFFFFFFF, 0)))
    C = np.zeros((n_tokens, dim), dtype=np.float32)
    threads = n_threads_for(n_jobs)
    loss_curve = np.empty(epochs, dtype=np.float64)
    epoch_pairs = np.zeros(epochs, dtype=np.int64)
    n_words = 0
    n_pairs = 0
    n_multi = 0
    progress = Progress(verbose, name)
    with NumbaThreads(threads):
        for epoch in range(epochs):
            progress.start()
            loss = pairs = words = base = chunk_base = 0
            for ids, offsets in blocks(epoch):
                b_loss, b_pairs, b_words = train_block(
                    W, C, ids, offsets, keep_thr, table, settings, epoch, seed, threads,
                    base, chunk_base,
                )  # fmt: skip
                loss += b_loss
                pairs += b_pairs
                words += b_words
                base += ids.shape[0]
                if epoch == 0:
                    n_multi += int(np.count_nonzero(np.diff(offsets) >= 2))
                chunk_base += n_chunks(ids.shape[0])
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
            n_pairs += pairs
            epoch_pairs[epoch] = pairs
            loss_curve[epoch] = loss / pairs if pairs else np.nan
            took = progress.elapsed()
            progress(
                f"epoch {epoch + 1}/{epochs}: loss {loss_curve[epoch]:.4f}, {words:,} words in "
                f"{took:.2f} s ({words / max(took, 1e-9):,.0f} words/s), {pairs:,} pairs"
            )
    return TrainResult(W, C, loss_curve, n_words, n_pairs, epoch_pairs, n_multi)
