"""Corpus sources: what the trainer reads, block by block, every epoch.

A corpus is a sequence of integer sequences (token ids of sentences, node ids
of walks). The trainer never holds it whole: it asks a :class:`CorpusSource`
for its blocks, ``(ids, offsets)`` pairs (int32 ids of whole sequences and
their int64 boundaries, sequence ``s`` of a block being
``ids[offsets[s]:offsets[s + 1]]``), once per epoch. A source must give the
same sequences in the same blocks on every pass: the random decisions of
training are tied to corpus positions and chunks, so identical passes are
what make a fit reproducible.

Sources in sksg:

- :class:`EncodedCorpus`: an encoded corpus in memory, cut into blocks (a
  one-shot iterator of sentences, read once; cached walks);
- :class:`StreamedCorpus`: token sequences re-read from their source every
  epoch and encoded on the fly (a list, a file streamed by the user's class);
- :class:`sksg._walks.RandomWalks`: random walks on a graph, generated again
  block by block every epoch (they are a pure function of the seed).
"""

import queue
import threading
from abc import ABC, abstractmethod

import numpy as np
from numba import njit

from ._vocab import memory_blocks, stream_blocks


@njit(cache=True, nogil=True)
def add_counts(counts, ids):
    """``counts[i] += 1`` for every id: O(len(ids)), not bincount's O(len(counts))."""
    for i in ids:
        counts[i] += 1


class CorpusSource(ABC):
    """An integer corpus, read block by block, identically on every pass.

    Subclasses set ``n_tokens`` (ids are ``0 .. n_tokens - 1``) and implement
    :meth:`blocks`.
    """

    n_tokens: int

    @abstractmethod
    def blocks(self, n_threads=1):
        """Yield the corpus as ``(ids, offsets)`` blocks, the same on every call.

        The arrays may be reused for the next block: use each before asking
        for the next.
        """

    def counts(self, n_threads=1, on_block=None):
        """Occurrences of every token id (one pass over the blocks).

        ``on_block(sequences_done, positions_done)`` is called after every
        block, for progress reports.
        """
        counts = np.zeros(self.n_tokens, dtype=np.int64)
        sequences = positions = 0
        for ids, offsets in self.blocks(n_threads):
            add_counts(counts, ids)
            sequences += offsets.shape[0] - 1
            positions += ids.shape[0]
            if on_block is not None:
                on_block(sequences, positions)
        return counts


class EncodedCorpus(CorpusSource):
    """An encoded corpus held in memory, cut into blocks (views, no copies).

    Parameters
    ----------
    ids, offsets : ndarray
        The corpus (int32 ids, int64 boundaries).
    n_tokens : int
        Size of the vocabulary.
    cuts : ndarray of int64, default=None
        Sequence numbers at which blocks start (the first is 0). None cuts
        after the sequence that reaches ``_vocab.BLOCK_TOKENS`` positions, as
        :class:`StreamedCorpus` does, so both train identically.
    """

    def __init__(self, ids, offsets, n_tokens, cuts=None):
        self.ids = ids
        self.offsets = offsets
        self.n_tokens = int(n_tokens)
        self.cuts = cuts

    def blocks(self, n_threads=1):
        if self.cuts is None:
            yield from memory_blocks(self.ids, self.offsets)
            return
        ends = list(self.cuts[1:]) + [self.offsets.shape[0] - 1]
        for start, end in zip(self.cuts, ends, strict=True):
            lo = self.offsets[start]
            yield self.ids[lo : self.offsets[end]], self.offsets[start : end + 1] - lo


def read_ahead(blocks):
    """Yield the items of the iterator ``blocks``, making the next in a thread meanwhile.

    For sources whose blocks take Python work to make (re-reading and encoding
    sentences): the work overlaps the training of the block before, whose
    kernels release the GIL. At most two items wait besides the one in use.
    The items must be fresh objects, not buffers reused from one to the next.
    An error in ``blocks`` is raised here, at the item where it happened; when
    the caller stops early, the thread stops at its next item.
    """
    ready = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(message):
        while not stop.is_set():
            try:
                ready.put(message, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in blocks:
                if not put((True, item)):
                    return
            put((True, _END))
        except BaseException as error:  # handed to the consumer, raised there
            put((False, error))

    thread = threading.Thread(target=produce, name="sksg-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            ok, item = ready.get()
            if not ok:
                raise item
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        thread.join()


_END = object()


class StreamedCorpus(CorpusSource):
    """Token sequences, re-read from their source and encoded on every pass.

    Tokens outside ``vocabulary`` (pruned by ``min_count``) leave their
    sequences. The next block is read and encoded in a thread while the
    trainer trains the current one (:func:`read_ahead`); about three blocks
    are in memory at a time.
    """

    def __init__(self, sequences, vocabulary):
        self.sequences = sequences
        self.vocabulary = vocabulary
        self.n_tokens = len(vocabulary)

    def blocks(self, n_threads=1):
        return read_ahead(stream_blocks(self.sequences, self.vocabulary))
