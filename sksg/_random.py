"""Jitted random number helpers.

All randomness in the kernels comes from SplitMix64 (Steele, Lea & Flood, 2014),
used two ways:

* as a *counter-based* generator: ``hash64(key, counter)`` is a pure function,
  so a decision tied to a corpus position (is this token subsampled? how far
  does its window reach?) does not depend on which thread or chunk looks at it;
* as a *sequential* stream: a chunk of work owns a ``uint64`` state, advanced by
  ``next64``; the state is seeded from ``(seed, epoch, chunk)``, never from a
  global seed, so results do not depend on thread scheduling at ``n_jobs=1``
  and do not depend on the number of threads for walks.

Every constant is a ``np.uint64`` so numba never promotes to float64.
"""

import numpy as np
from numba import njit

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S32 = np.uint64(32)
_LOW32 = np.uint64(0xFFFFFFFF)


@njit(inline="always", cache=True)
def mix64(z):
    """SplitMix64 finalizer: a bijective avalanche of a uint64."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(inline="always", cache=True)
def hash64(key, counter):
    """Counter-based draw: the ``counter``-th output of the stream ``key``."""
    return mix64(key + (np.uint64(counter) + np.uint64(1)) * GOLDEN)


@njit(inline="always", cache=True)
def next64(state):
    """Advance a sequential SplitMix64 stream; returns (new_state, draw)."""
    state = state + GOLDEN
    return state, mix64(state)


@njit(inline="always", cache=True)
def bounded32(r32, n):
    """Map a 32-bit draw to ``[0, n)`` by multiply-shift (Lemire, 2019).

    The bias is at most ``n / 2**32`` per value.
    """
    return np.int64((r32 * np.uint64(n)) >> _S32)


@njit(cache=True, nogil=True)
def derive_key(seed, a, b):
    """A stream key derived from a seed and two integers (e.g. epoch, chunk)."""
    k = mix64(np.uint64(seed) ^ GOLDEN)
    k = mix64(k ^ (np.uint64(a) * _M1 + GOLDEN))
    return mix64(k ^ (np.uint64(b) * _M2 + GOLDEN))


def seed_from(random_state):
    """Draw one 63-bit seed from a ``numpy.random.RandomState``."""
    return int(random_state.randint(0, np.iinfo(np.int64).max, dtype=np.int64))
