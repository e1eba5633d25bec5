"""Threads for numba kernels: how many for ``n_jobs``, set and always restored."""

import numba
from joblib import effective_n_jobs


def n_threads_for(n_jobs):
    """Threads to use for ``n_jobs`` (None means 1, negative counts from the end)."""
    return max(1, min(effective_n_jobs(n_jobs), numba.config.NUMBA_NUM_THREADS))


class NumbaThreads:
    """Context manager: run numba kernels on ``n`` threads, restore on exit.

    The chunk size of ``prange`` loops is set to 1 meanwhile, so that threads
    take one chunk of work at a time (chunks are of very different costs).
    """

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
