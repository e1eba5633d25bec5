"""Pooling of token vectors into one vector per sequence."""

from enum import IntEnum

import numpy as np
from numba import njit


class Pooling(IntEnum):
    """How ``transform`` combines a row's vectors (the ``pooling`` parameter)."""

    MEAN = 0
    SUM = 1
    MAX = 2
    HADAMARD = 3  # node2vec's edge operators, on rows of exactly two ids
    L1 = 4
    L2 = 5


#: Operators on rows of exactly two IDs (node2vec's edge features).
PAIR_POOLING = frozenset({Pooling.HADAMARD, Pooling.L1, Pooling.L2})


@njit(cache=True, nogil=True)
def _pool(E, ids, offsets, mode):
    n_rows = offsets.shape[0] - 1
    dim = E.shape[1]
    out = np.zeros((n_rows, dim), dtype=np.float32)
    pair = mode == Pooling.HADAMARD or mode == Pooling.L1 or mode == Pooling.L2
    for r in range(n_rows):
        if pair:
            a = ids[offsets[r]]
            b = ids[offsets[r] + 1]
            if a < 0 or b < 0:
                continue  # an unknown node: the row stays zero
            for d in range(dim):
                u = E[a, d]
                v = E[b, d]
                if mode == Pooling.HADAMARD:
                    out[r, d] = u * v
                elif mode == Pooling.L1:
                    out[r, d] = abs(u - v)
                else:
                    out[r, d] = (u - v) * (u - v)
            continue
        n = 0
        for p in range(offsets[r], offsets[r + 1]):
            t = ids[p]
            if t < 0:
                continue
            if mode == Pooling.MAX and n == 0:
                for d in range(dim):
                    out[r, d] = E[t, d]
            elif mode == Pooling.MAX:
                for d in range(dim):
                    out[r, d] = max(out[r, d], E[t, d])
            else:
                for d in range(dim):
                    out[r, d] += E[t, d]
            n += 1
        if mode == Pooling.MEAN and n > 1:
            for d in range(dim):
                out[r, d] /= n
    return out


def pool(E, ids, offsets, pooling):
    """One row per sequence: the mean, sum or max of its known token vectors.

    ``pooling`` is a :class:`Pooling` (or its lower-case name). Ids below zero
    (unknown tokens) are skipped; a row without any known token is all zeros.
    The pair operators (:data:`PAIR_POOLING`) need rows of exactly two ids,
    checked by the caller; a pair with an unknown id is all zeros.
    """
    return _pool(E, ids, offsets, np.int64(as_pooling(pooling)))


def as_pooling(pooling):
    """The :class:`Pooling` of a ``pooling`` parameter value."""
    return pooling if isinstance(pooling, Pooling) else Pooling[pooling.upper()]
