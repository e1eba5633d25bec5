"""Pooling of token vectors into one vector per sequence."""

import numpy as np
from numba import njit

POOLING = {"mean": 0, "sum": 1, "max": 2}


@njit(cache=True, nogil=True)
def _pool(E, ids, offsets, mode):
    n_rows = offsets.shape[0] - 1
    dim = E.shape[1]
    out = np.zeros((n_rows, dim), dtype=np.float32)
    for r in range(n_rows):
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
    is all zeros.
    """
    return _pool(E, ids, offsets, np.int64(POOLING[pooling]))
