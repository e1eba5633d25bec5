"""Pooling of token vectors into one vector per sequence."""

import numpy as np
from numba import njit

POOLING = {"mean": 0, "sum": 1, "max": 2, "hadamard": 3, "l1": 4, "l2": 5}
#: Operators on rows of exactly two IDs (node2vec's edge features).
PAIR_POOLING = ("hadamard", "l1", "l2")


@njit(cache=True, nogil=True)
def _pool(E, ids, offsets, mode):
    n_rows = offsets.shape[0] - 1
    dim = E.shape[1]
    out = np.zeros((n_rows, dim), dtype=np.float32)
    for r in range(n_rows):
        if mode >= 3:
            a = ids[offsets[r]]
            b = ids[offsets[r] + 1]
            if a < 0 or b < 0:
                continue  # an unknown node: the row stays zero
            for d in range(dim):
                u = E[a, d]
                v = E[b, d]
                if mode == 3:
                    out[r, d] = u * v
                elif mode == 4:
                    out[r, d] = abs(u - v)
                else:
                    out[r, d] = (u - v) * (u - v)
            continue
        n = 0
        for p in range(offsets[r], offsets[r + 1]):
            t = ids[p]
            if t < 0:
                continue
            if mode == 2 and n == 0:
                for d in range(dim):
                    out[r, d] = E[t, d]
            elif mode == 2:
                for d in range(dim):
                    out[r, d] = max(out[r, d], E[t, d])
            else:
                for d in range(dim):
                    out[r, d] += E[t, d]
            n += 1
        if mode == 0 and n > 1:
            for d in range(dim):
                out[r, d] /= n
    return out


def pool(E, ids, offsets, pooling):
    """One row per sequence: the mean, sum or max of its known token vectors.

    Ids below zero (unknown tokens) are skipped; a row without any known token
    is all zeros. The pair operators (``PAIR_POOLING``) need rows of exactly
    two ids, checked by the caller; a pair with an unknown id is all zeros.
    """
    return _pool(E, ids, offsets, np.int64(POOLING[pooling]))
