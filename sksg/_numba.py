"""How sksg compiles its kernels: one set of fast-math flags, serial and parallel twins.

Fast math
    ``fastmath=True`` would let LLVM assume that no value is NaN or infinite
    (``nnan``, ``ninf``); a kernel that starts a maximum from ``-inf`` or
    meets an overflowing ``exp`` would then be compiled on a false premise.
    :data:`FASTMATH` keeps the flags that only reorder or contract arithmetic
    (what vectorises the dot products and updates) and drops those two.

Serial and parallel twins
    A kernel body is written once, looping with ``prange``. :func:`twins`
    compiles it twice: without ``parallel`` the ``prange`` is a plain ``range``
    (one thread, no threading layer), with it the iterations run on numba's
    threads. Each twin is a distinct function to numba (its own name), so the
    on-disk cache keeps both.
"""

import types

from numba import njit

#: LLVM fast-math flags: no signed zeros, reciprocals, contraction (FMA),
#: approximate functions and reassociation; NaN and infinity stay meaningful.
FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}


def _renamed(func, suffix):
    """A copy of ``func`` under another name (numba caches per qualified name)."""
    copy = types.FunctionType(
        func.__code__, func.__globals__, func.__name__ + suffix, func.__defaults__,
        func.__closure__,
    )  # fmt: skip
    copy.__qualname__ = func.__qualname__ + suffix
    copy.__doc__ = func.__doc__
    copy.__module__ = func.__module__
    return copy


def twins(func):
    """Compile ``func`` (which loops with ``prange``) serially and in parallel.

    Returns ``(serial, parallel)`` dispatchers, both cached and releasing the GIL.
    """
    serial = njit(cache=True, nogil=True)(_renamed(func, "_serial"))
    parallel = njit(cache=True, nogil=True, parallel=True)(_renamed(func, "_parallel"))
    return serial, parallel
