"""Sampling tables: the noise distribution (alias method) and subsampling.

Both tables turn a probability into a 32-bit integer threshold, so the hot
loop compares one random draw against one integer.
"""

import numpy as np
from numba import njit

from ._random import _LOW32, _S32, bounded32, hash64

#: 2**32: a threshold that every 32-bit draw is below (probability one).
ALWAYS = np.uint64(1 << 32)


def noise_distribution(counts, ns_exponent):
    """Probabilities ``counts**ns_exponent / sum(counts**ns_exponent)``."""
    weights = np.asarray(counts, dtype=np.float64) ** ns_exponent
    total = weights.sum()
    if not np.isfinite(total) or total <= 0:
        raise ValueError(
            f"ns_exponent={ns_exponent} gives a noise distribution that cannot be "
            "normalised for these token counts."
        )
    return weights / total


@njit(cache=True, nogil=True)
def _build_alias(prob):
    n = prob.shape[0]
    scaled = prob * n
    table = np.empty(n, dtype=np.uint64)
    small = np.empty(n, dtype=np.int64)
    large = np.empty(n, dtype=np.int64)
    n_small = 0
    n_large = 0
    for i in range(n):
        if scaled[i] < 1.0:
            small[n_small] = i
            n_small += 1
        else:
            large[n_large] = i
            n_large += 1
    full = np.uint64(0xFFFFFFFF) << _S32
    while n_small > 0 and n_large > 0:
        n_small -= 1
        s = small[n_small]
        g = large[n_large - 1]
        thr = np.uint64(min(np.floor(scaled[s] * 4294967296.0 + 0.5), 4294967295.0))
        table[s] = (thr << _S32) | np.uint64(g)
        scaled[g] = (scaled[g] + scaled[s]) - 1.0
        if scaled[g] < 1.0:
            n_large -= 1
            small[n_small] = g
            n_small += 1
    # What is left has probability one up to rounding: it aliases to itself.
    for j in range(n_large):
        g = large[j]
        table[g] = full | np.uint64(g)
    for j in range(n_small):
        s = small[j]
        table[s] = full | np.uint64(s)
    return table


def alias_table(prob):
    """Walker/Vose alias table for sampling ``prob`` in O(1).

    Returns one ``uint64`` per outcome: the upper 32 bits are the probability of
    keeping the drawn column (as a fraction of ``2**32``), the lower 32 bits the
    alias. Probabilities are exact up to ``2**-33`` per column; there is no
    finite table of repeated indices to approximate them.
    """
    prob = np.ascontiguousarray(prob, dtype=np.float64)
    if prob.ndim != 1 or prob.shape[0] == 0:
        raise ValueError("alias_table needs a non-empty 1-D probability vector.")
    if prob.shape[0] >= 2**32:
        raise ValueError("alias_table supports at most 2**32 - 1 outcomes.")
    return _build_alias(prob / prob.sum())


@njit(inline="always", cache=True)
def alias_draw(table, r):
    """Map one 64-bit random draw to an outcome of the alias ``table``."""
    i = bounded32(r >> _S32, table.shape[0])
    e = table[i]
    if (r & _LOW32) < (e >> _S32):
        return i
    return np.int64(e & _LOW32)


@njit(cache=True, nogil=True)
def alias_sample(table, key, n):
    """``n`` draws from the alias table with the counter-based stream ``key``."""
    out = np.empty(n, dtype=np.int64)
    for t in range(n):
        out[t] = alias_draw(table, hash64(key, t))
    return out


def keep_probability(counts, sample):
    """word2vec's subsampling keep probability, per token.

    With ``f`` the token's frequency among all retained tokens and ``t`` the
    threshold ``sample``: ``p = (sqrt(f / t) + 1) * t / f``, capped at 1.
    ``sample=0`` keeps everything.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if sample <= 0:
        return np.ones_like(counts)
    f = counts / counts.sum()
    p = (np.sqrt(f / sample) + 1.0) * sample / f
    return np.minimum(p, 1.0)


def keep_thresholds(counts, sample):
    """Subsampling thresholds: keep a token when a 32-bit draw is below it."""
    p = keep_probability(counts, sample)
    thr = np.floor(p * float(ALWAYS) + 0.5).astype(np.uint64)
    thr[p >= 1.0] = ALWAYS
    return thr
