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

#: Training reads the corpus in blocks of at least this many tokens, cut after
#: the sequence that reaches it. The same rule cuts an encoded corpus in memory
#: and a corpus re-read from its source, so both train identically.
BLOCK_TOKENS = 1 << 18


def display(token):
    """``repr`` of a token for messages: numpy scalars as plain Python values.

    ``np.int64(99)`` prints as ``99`` and ``np.str_('a')`` as ``'a'``.
    """
    if isinstance(token, np.generic):
        token = token.item()
    return repr(token)


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


def count_tokens(sequences, keep_ids=True):
    """Read a corpus once: distinct tokens in order of first appearance.

    Returns
    -------
    tokens : list
        Distinct tokens, first appearance first.
    counts : ndarray of int64
        Occurrences of each token.
    ids : ndarray of int32, or None if not ``keep_ids``
        The corpus as indices into ``tokens``.
    offsets : ndarray of int64, or None if not ``keep_ids``
        Sequence boundaries into ``ids``.
    """
    index = defaultdict(count().__next__)
    lookup = index.__getitem__
    tally = [np.zeros(1024, dtype=np.int64)]  # running counts, grown by doubling

    def to_ids(flat, n):
        ids = np.fromiter(map(lookup, flat), dtype=np.int32, count=n)
        if keep_ids:
            return ids
        if len(index) > tally[0].shape[0]:
            grown = np.zeros(max(len(index), 2 * tally[0].shape[0]), dtype=np.int64)
            grown[: tally[0].shape[0]] = tally[0]
            tally[0] = grown
        tally[0] += np.bincount(ids, minlength=tally[0].shape[0])
        return np.zeros(0, dtype=np.int32)

    ids, offsets = _encode_batches(sequences, to_ids)
    tokens = list(index)
    for token in tokens:
        problem = _check_token(token)
        if problem is not None:
            raise ValueError(f"Input contains a {problem} token; tokens must be valid values.")
    if keep_ids:
        counts = np.bincount(ids, minlength=len(tokens)).astype(np.int64)
        return tokens, counts, ids, offsets
    return tokens, tally[0][: len(tokens)].copy(), None, None


#: What a ``trim_rule`` returns (the values of gensim's ``utils.RULE_*``).
RULE_DEFAULT, RULE_DISCARD, RULE_KEEP = 0, 1, 2


def keeps(token, count, min_count, trim_rule):
    """Whether a token stays: ``count >= min_count`` unless ``trim_rule`` decides."""
    if trim_rule is not None:
        rule = trim_rule(token, int(count), min_count)
        if rule == RULE_KEEP:
            return True
        if rule == RULE_DISCARD:
            return False
        if rule != RULE_DEFAULT:
            raise ValueError(
                f"trim_rule returned {rule!r} for {display(token)}; it must return "
                "RULE_DISCARD (1), RULE_KEEP (2) or RULE_DEFAULT (0)."
            )
    return count >= min_count


def select_vocabulary(counts, min_count, max_vocab_size, tokens=None, trim_rule=None):
    """Rows of the vocabulary: most frequent first, ties by first appearance.

    Returns the indices (into the counted tokens) that are kept, in row order:
    those with ``min_count`` occurrences or more, or that ``trim_rule`` keeps
    (it is called with each token, its count and ``min_count``), at most
    ``max_vocab_size`` of them.
    """
    order = np.argsort(-counts, kind="stable")
    if trim_rule is None:
        order = order[counts[order] >= min_count]
    else:
        mask = [keeps(tokens[i], counts[i], min_count, trim_rule) for i in order.tolist()]
        order = order[np.asarray(mask, dtype=bool)]
    if max_vocab_size is not None:
        order = order[:max_vocab_size]
    return order


def count_tokens_capped(sequences, cap, keep_ids=True, trim_rule=None):
    """:func:`count_tokens` holding at most about ``cap`` distinct tokens.

    gensim's ``max_vocab_size``: after each sequence, if more than ``cap``
    distinct tokens are held, those seen fewer than ``m`` times are forgotten
    (``m`` starts at 1 and grows by one at each pruning), unless
    ``trim_rule`` keeps them. A forgotten token that comes back is counted
    from zero, so counts are lower bounds, and a token can miss
    ``min_count`` that a full count would keep. With ``keep_ids``, positions
    of a forgotten token are kept if it ends up in the result, dropped
    otherwise.
    """
    index = {}
    tally = np.zeros(1024, dtype=np.int64)
    forgotten = {}  # id -> token, of ids no longer in ``index``
    min_reduce = 1
    id_parts, length_parts = [], []
    for first_row, rows in _iter_batches(sequences):
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        out = np.empty(int(lengths.sum()), dtype=np.int32)
        k = 0
        for row in rows:
            for token in row:
                try:
                    i = index.get(token)
                except TypeError:
                    raise _hashable_error(rows, first_row) from None
                if i is None:
                    i = index[token] = len(index) + len(forgotten)
                    if i >= tally.shape[0]:
                        tally = np.concatenate([tally, np.zeros(tally.shape[0], np.int64)])
                tally[i] += 1
                out[k] = i
                k += 1
            if len(index) > cap:  # after each sequence, as gensim
                for token, i in list(index.items()):
                    if not keeps(token, tally[i], min_reduce, trim_rule):
                        del index[token]
                        forgotten[i] = token
                        tally[i] = 0
                min_reduce += 1
        if keep_ids:
            id_parts.append(out)
        length_parts.append(lengths)
    for token in index:
        problem = _check_token(token)
        if problem is not None:
            raise ValueError(f"Input contains a {problem} token; tokens must be valid values.")
    alive = np.fromiter(index.values(), dtype=np.int64, count=len(index))
    alive.sort()
    tokens_by_id = {i: t for t, i in index.items()}
    tokens = [tokens_by_id[i] for i in alive.tolist()]
    counts = tally[alive].copy()
    if not keep_ids:
        return tokens, counts, None, None
    ids = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int32)
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(lengths.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    compact = np.full(max(len(index) + len(forgotten), 1), -1, dtype=np.int32)
    compact[alive] = np.arange(alive.shape[0], dtype=np.int32)
    for i, token in forgotten.items():  # positions seen before the token was forgotten
        j = index.get(token)
        compact[i] = compact[j] if j is not None else -1
    n, offsets = _remap_in_place(ids, offsets, compact)
    return tokens, counts, ids[:n].copy(), offsets


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
    table = getattr(sequences, "X", None)  # the array of a TableRows
    if hasattr(vocabulary, "lookup") and isinstance(table, np.ndarray) and table.dtype.kind in "iu":
        # integer labels of a range or sorted vocabulary: no Python object per cell
        ids = vocabulary.lookup(table.reshape(-1))
        offsets = np.arange(0, ids.shape[0] + 1, max(table.shape[1], 1), dtype=np.int64)
        return ids, offsets[: table.shape[0] + 1]
    get = vocabulary.get
    return _encode_batches(
        sequences,
        lambda flat, n: np.fromiter(map(get, flat, repeat(-1)), dtype=np.int32, count=n),
    )


def memory_blocks(ids, offsets, block_tokens=None):
    """Cut an encoded corpus into training blocks (views, no copies).

    Yields ``(ids, offsets)`` per block, offsets starting at 0.
    """
    block_tokens = BLOCK_TOKENS if block_tokens is None else block_tokens
    n_seq = offsets.shape[0] - 1
    start = 0
    while start < n_seq:
        end = int(np.searchsorted(offsets, offsets[start] + block_tokens, side="left"))
        end = min(max(end, start + 1), n_seq)
        a, b = offsets[start], offsets[end]
        yield ids[a:b], offsets[start : end + 1] - a
        start = end


@njit(cache=True, nogil=True)
def _drop_unknown_in_place(ids, lengths):
    """Remove ids below zero; ``lengths`` (per sequence) are updated in place."""
    pos = 0
    p = 0
    for s in range(lengths.shape[0]):
        kept = 0
        for _ in range(lengths[s]):
            if ids[p] >= 0:
                ids[pos] = ids[p]
                pos += 1
                kept += 1
            p += 1
        lengths[s] = kept
    return pos


def stream_blocks(sequences, vocabulary, block_tokens=None):
    """Re-read a corpus and cut it into the blocks ``memory_blocks`` would make.

    Tokens outside ``vocabulary`` (pruned by ``min_count``) leave their
    sequences, as in the encoded corpus. Only about one block is in memory.
    """
    block_tokens = BLOCK_TOKENS if block_tokens is None else block_tokens
    get = vocabulary.get
    id_parts, length_parts, pending = [], [], 0
    for _, rows in _iter_batches(sequences):
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        ids = np.fromiter(
            map(get, chain.from_iterable(rows), repeat(-1)),
            dtype=np.int32,
            count=int(lengths.sum()),
        )
        n = _drop_unknown_in_place(ids, lengths)
        id_parts.append(ids[:n])
        length_parts.append(lengths)
        pending += n
        while pending >= block_tokens:
            ids = np.concatenate(id_parts)
            lengths = np.concatenate(length_parts)
            ends = np.cumsum(lengths)
            cut = int(np.searchsorted(ends, block_tokens, side="left")) + 1
            offsets = np.zeros(cut + 1, dtype=np.int64)
            offsets[1:] = ends[:cut]
            yield ids[: offsets[-1]], offsets
            id_parts, length_parts = [ids[offsets[-1] :]], [lengths[cut:]]
            pending = int(id_parts[0].shape[0])
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, dtype=np.int64)
    if lengths.shape[0]:
        offsets = np.zeros(lengths.shape[0] + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        yield np.concatenate(id_parts), offsets
