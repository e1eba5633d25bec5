"""Token sequences to the integer corpus, and the vocabulary.

The corpus format shared by sentences and walks is a flat ``int32`` array of
token ids plus ``int64`` offsets: sequence ``s`` is
``ids[offsets[s]:offsets[s + 1]]``.

Sequences are read once, in batches, so a streamed corpus is never held in
memory as Python lists; counting and encoding run in C (``dict`` and
``itertools``), not in a Python loop over tokens.
"""

import math
import numbers
from collections import defaultdict
from collections.abc import Mapping, Set
from itertools import chain, count, islice, repeat

import numpy as np
from numba import njit

_BATCH = 4096


def _row_error(i, row):
    kind = type(row).__name__
    if isinstance(row, (str, bytes)):
        return ValueError(
            f"Row {i} is a {kind} ({row[:40]!r}), not a sequence of tokens. Pass a "
            "list of tokens per row, e.g. text.split(), or a 2-D array."
        )
    if isinstance(row, (Mapping, Set)):
        return ValueError(
            f"Row {i} is a {kind}, which has no token order. Pass a list of tokens per row."
        )
    return ValueError(
        f"Row {i} is a {kind}, not a sequence of tokens. Pass a list of tokens per "
        "row, a 2-D array (one sequence per row), or reshape 1-D data with "
        "X.reshape(-1, 1)."
    )


def _as_sequence(row, i):
    cls = type(row)
    if cls is list or cls is tuple:
        return row
    if isinstance(row, (str, bytes, Mapping, Set)):
        raise _row_error(i, row)
    if isinstance(row, np.ndarray):
        if row.ndim != 1:
            raise ValueError(f"Row {i} is a {row.ndim}-D array; each row must be 1-D.")
        return row.tolist()
    if not hasattr(row, "__iter__"):
        raise _row_error(i, row)
    return list(row)


def _hashable_error(rows, first_row):
    """Find the unhashable token of a batch and explain it."""
    for i, row in enumerate(rows, start=first_row):
        for token in row:
            try:
                hash(token)
            except TypeError:
                return TypeError(
                    f"Token {token!r} in row {i} is not hashable: each token argument "
                    "must be a hashable value such as a string or a number."
                )
    return TypeError("A token is not hashable.")  # pragma: no cover


def _iter_batches(sequences):
    """Yield ``(first_row, list of token lists)``; rows are validated."""
    if isinstance(sequences, (str, bytes)):
        raise ValueError(
            "X is a single string. Pass a collection of token sequences, e.g. "
            "[text.split()] for one document."
        )
    try:
        it = iter(sequences)
    except TypeError:
        raise TypeError(
            f"X must be an iterable of token sequences or a 2-D array, got "
            f"{type(sequences).__name__}."
        ) from None
    start = 0
    while True:
        batch = list(islice(it, _BATCH))
        if not batch:
            return
        yield start, [_as_sequence(row, i) for i, row in enumerate(batch, start=start)]
        start += len(batch)


def _check_token(token):
    if token is None:
        return "None"
    if isinstance(token, numbers.Number) and not isinstance(token, numbers.Integral):
        if isinstance(token, numbers.Complex) and not isinstance(token, numbers.Real):
            return "complex"
        if not math.isfinite(token):
            return "NaN or infinity"
    if type(token).__name__ == "NAType":
        return "pandas.NA"
    return None


def _encode_batches(sequences, to_ids):
    """Read ``sequences`` once; ``to_ids(flat_tokens, n)`` maps a batch to ids."""
    id_parts = []
    length_parts = []
    for first_row, rows in _iter_batches(sequences):
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        try:
            id_parts.append(to_ids(chain.from_iterable(rows), int(lengths.sum())))
        except TypeError:
            raise _hashable_error(rows, first_row) from None
        length_parts.append(lengths)
    ids = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int32)
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(lengths.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return ids, offsets


def count_tokens(sequences):
    """Read a corpus once: distinct tokens in order of first appearance.

    Returns
    -------
    tokens : list
        Distinct tokens, first appearance first.
    counts : ndarray of int64
        Occurrences of each token.
    ids : ndarray of int32
        The corpus as indices into ``tokens``.
    offsets : ndarray of int64
        Sequence boundaries into ``ids``.
    """
    index = defaultdict(count().__next__)
    lookup = index.__getitem__
    ids, offsets = _encode_batches(
        sequences, lambda flat, n: np.fromiter(map(lookup, flat), dtype=np.int32, count=n)
    )
    tokens = list(index)
    for token in tokens:
        problem = _check_token(token)
        if problem is not None:
            raise ValueError(f"Input contains a {problem} token; tokens must be valid values.")
    counts = np.bincount(ids, minlength=len(tokens)).astype(np.int64)
    return tokens, counts, ids, offsets


def select_vocabulary(counts, min_count, max_vocab_size):
    """Rows of the vocabulary: most frequent first, ties by first appearance.

    Returns the indices (into the counted tokens) that are kept, in row order.
    """
    order = np.argsort(-counts, kind="stable")
    order = order[counts[order] >= min_count]
    if max_vocab_size is not None:
        order = order[:max_vocab_size]
    return order


@njit(cache=True, nogil=True)
def _remap_in_place(ids, offsets, remap):
    """Re-index ``ids`` in place, dropping ids mapped to -1; returns (n, offsets)."""
    new_offsets = np.empty_like(offsets)
    pos = 0
    for s in range(offsets.shape[0] - 1):
        new_offsets[s] = pos
        for p in range(offsets[s], offsets[s + 1]):
            t = remap[ids[p]]
            if t >= 0:
                ids[pos] = t
                pos += 1
    new_offsets[offsets.shape[0] - 1] = pos
    return pos, new_offsets


def remap_corpus(ids, offsets, keep, n_tokens):
    """Re-index the corpus to the kept tokens; dropped tokens leave the sequences.

    ``ids`` is overwritten (it must be the caller's own working copy).
    """
    remap = np.full(n_tokens, -1, dtype=np.int32)
    remap[keep] = np.arange(keep.shape[0], dtype=np.int32)
    n, new_offsets = _remap_in_place(ids, offsets, remap)
    # Release the tail when pruning removed much of the corpus.
    ids = ids[:n].copy() if n < 0.75 * ids.shape[0] else ids[:n]
    return ids, new_offsets


def encode(sequences, vocabulary):
    """Encode sequences with a fixed vocabulary; unknown tokens become -1.

    Returns ``(ids, offsets)`` with ``ids`` of dtype int32.
    """
    get = vocabulary.get
    return _encode_batches(
        sequences,
        lambda flat, n: np.fromiter(map(get, flat, repeat(-1)), dtype=np.int32, count=n),
    )
