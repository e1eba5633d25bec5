"""Verbose output in scikit-learn's manner: plain lines on stdout."""

import time

#: Seconds between progress lines within a long step at ``verbose >= 2``.
PROGRESS_EVERY = 10.0


class Progress:
    """Lines of progress, printed between blocks of work, never from a kernel.

    ``verbose >= 1``: a line per step (an epoch, the walk pass). ``verbose >= 2``:
    also a line every :data:`PROGRESS_EVERY` seconds within a step.
    """

    def __init__(self, verbose, name="sksg"):
        self.verbose = verbose
        self.name = name
        self.start()

    def __call__(self, message):
        if self.verbose:
            print(f"[{self.name}] {message}", flush=True)

    def start(self):
        self._tic = self._last = time.perf_counter()

    def elapsed(self):
        return time.perf_counter() - self._tic

    def due(self):
        """Whether a progress line is due (``verbose >= 2``, last line old enough)."""
        if self.verbose < 2:
            return False
        now = time.perf_counter()
        if now - self._last < PROGRESS_EVERY:
            return False
        self._last = now
        return True
