"""Numba kernels of the skip-gram trainer.

The corpus is one flat ``int32`` array of token ids plus ``int64`` offsets
(sequence ``s`` is ``tokens[offsets[s]:offsets[s + 1]]``); sentences and graph
walks take the same form. One epoch is cut into fixed chunks of
``CHUNK`` positions; chunks run in order on one thread or concurrently on
several (lock-free "Hogwild" updates, as word2vec and gensim do).

Per-position decisions (is the token subsampled away, how far does its
reduced window reach) come from a counter-based hash of the position, so a
chunk boundary inside a long sequence changes nothing: a window looks across
it into the neighbouring chunk's kept tokens. Negative samples come from a
stream owned by the chunk. With one thread a run is therefore bit-reproducible.

Four objectives (:class:`Objective`) share the windowing code:

``_sgns_centers`` (``NEGATIVE``)
    Skip-gram with negative sampling (Mikolov et al., 2013), one (center,
    context) pair at a time, as word2vec.c and gensim do: the context token's
    input vector and the center's output vector form the positive pair (the
    pair set is symmetric, so this is the same objective as "center as
    input"); each pair draws its own ``negative`` noise tokens.
``_shared_centers`` (``SHARED``)
    The same objective with the noise tokens drawn once per center and shared
    by all of its context pairs (Ji et al., 2016). All pairs of one window are
    computed from the vectors as they were before the window, so the update
    is a pair of small matrix products over ``m + negative + 1`` rows instead
    of ``m * (negative + 2)`` row visits.
``_softmax_centers`` (``SOFTMAX``)
    The original full-softmax skip-gram (Mikolov et al., 2013; Rong, 2014):
    the center's input vector against every output vector, the errors of all
    context words of the window summed, both matrices updated from the values
    before the step.
``_hs_centers`` (``HIERARCHICAL``)
    Hierarchical softmax (Morin & Bengio, 2005; Mikolov et al., 2013): the
    output vectors belong to the inner nodes of a Huffman tree of the token
    counts, and a pair updates the ``O(log V)`` nodes on the center's path.

A kernel receives arrays, a :class:`SkipGramSettings` (the fit's parameters),
the :class:`Tables` (sampling tables, tree) and a :class:`Cursor` (where the
block is in the run). The chunk loop is compiled twice from one body
(:func:`~sksg._numba.twins`): serially, and in parallel over chunks.
"""

from enum import IntEnum
from typing import NamedTuple

import numpy as np
from numba import njit, prange

from ._intrinsics import prefetch
from ._numba import FASTMATH, twins
from ._random import _LOW32, _S32, bounded32, derive_key, hash64, next64
from ._sampling import alias_draw

#: Positions per chunk of work. Fixed, so results do not depend on ``n_jobs``.
CHUNK = 8192

#: Inner nodes of a hierarchical-softmax path handled as one group (see
#: ``_hs_centers``); any size gives the same results.
HS_GROUP = 16

#: With several threads, each chunk keeps private copies of this many inner
#: nodes at the top of the Huffman tree (see ``_hs_centers``): the root and the
#: four levels below it, which nearly every pair updates.
HS_PRIVATE = 31

#: Centers between two merges of the private inner nodes into the shared ones.
HS_PRIVATE_SYNC = 16


class Objective(IntEnum):
    """The training objectives (the kernel each chunk runs)."""

    NEGATIVE = 0  # negative sampling, fresh noise per pair (word2vec)
    SHARED = 1  # negative sampling, noise shared by a center's pairs
    SOFTMAX = 2  # the exact full softmax
    HIERARCHICAL = 3  # hierarchical softmax over a Huffman tree


class SkipGramSettings(NamedTuple):
    """What the skip-gram kernels need to know of a fit, in fixed types.

    Build it with :meth:`create`, which fixes the types so that numba compiles
    one signature.
    """

    objective: np.int64  # an Objective
    window: np.int64  # >= 1
    shrink_window: bool
    negative: np.int64  # noise tokens per pair (unused by the softmax objectives)
    lr_start: np.float64
    lr_end: np.float64
    epochs: np.int64  # the run's epochs, for the learning-rate decay
    n_positions: np.int64  # corpus positions per epoch, for the decay
    # Contexts before the center only: a sequence (u, v) is the one pair in
    # which u's input vector predicts v (LINE's directed edge u -> v).
    left_only: bool

    @classmethod
    def create(cls, *, objective, window, shrink_window, negative, lr_start, lr_end, epochs,
               n_positions, left_only=False):  # fmt: skip
        return cls(
            np.int64(Objective(objective)),
            np.int64(window),
            bool(shrink_window),
            np.int64(negative),
            np.float64(lr_start),
            np.float64(lr_end),
            np.int64(epochs),
            np.int64(max(n_positions, 1)),
            bool(left_only),
        )


class Tables(NamedTuple):
    """The per-token tables the kernels read (built once per fit).

    ``keep`` are the subsampling thresholds and ``noise`` the alias table of
    the noise distribution (both one ``uint64`` per token); ``paths``,
    ``nodes`` and ``codes`` are the Huffman tree of hierarchical softmax:
    token ``t``'s path from the root is ``nodes[paths[t]:paths[t + 1]]`` (inner
    nodes, rows of the output vectors) with branch bits ``codes[...]``. A table
    an objective does not use is empty. ``frozen`` marks (1) the tokens whose
    input vectors do not move (gensim's ``lockf`` of 0); empty when none is.
    """

    keep: np.ndarray
    noise: np.ndarray
    paths: np.ndarray
    nodes: np.ndarray
    codes: np.ndarray
    frozen: np.ndarray


@njit(inline="always", cache=True)
def _moves(frozen, row):
    """Whether the input vector of ``row`` is trained (not frozen)."""
    return frozen.shape[0] == 0 or frozen[row] == 0


class Segment(NamedTuple):
    """The kept tokens of a stretch of one sequence, as the center kernels read them.

    ``tokens[:size]`` are kept tokens (with up to ``window`` tokens of context
    on each side); ``tokens[start:stop]`` are the centers to train, with their
    corpus positions in ``positions`` and reduced windows in ``windows``.
    """

    tokens: np.ndarray
    positions: np.ndarray
    windows: np.ndarray
    size: np.int64
    start: np.int64
    stop: np.int64


class Cursor(NamedTuple):
    """Where a block sits in a run: its epoch, first corpus position and chunk."""

    seed: np.int64
    epoch: np.int64
    base: np.int64  # corpus position of the block's first token
    chunk_base: np.int64  # corpus chunk number of the block's first chunk

    @classmethod
    def create(cls, seed, epoch, base=0, chunk_base=0):
        return cls(np.int64(seed), np.int64(epoch), np.int64(base), np.int64(chunk_base))


@njit(inline="always", cache=True)
def _sigmoids(f):
    """Return ``(sigmoid(f), sigmoid(-f))``, exact and overflow-free.

    No lookup table and no cut-off: every pair is updated, however large
    ``|f|`` is.
    """
    if f >= 0:
        e = np.exp(-f)
        p = np.float32(1.0) / (np.float32(1.0) + e)
        return p, e * p
    e = np.exp(f)
    p = np.float32(1.0) / (np.float32(1.0) + e)
    return e * p, p


@njit(inline="always", cache=True)
def _add_nll(loss, prod, p, f):
    """Add ``-log(p)`` to the running loss, with ``p = sigmoid(f)``.

    Probabilities are multiplied into ``prod`` (float64) and one logarithm is
    taken when the product nears underflow, instead of one per term; the value
    is the same up to rounding. Call ``_flush_nll`` when done.
    """
    if p > np.float32(1e-30):
        prod *= p
        if prod < 1e-270:
            loss -= np.log(prod)
            prod = 1.0
    else:  # exact softplus(-f) where p itself lost its precision
        loss += max(-f, np.float32(0.0)) + np.log1p(np.exp(-abs(f)))
    return loss, prod


@njit(inline="always", cache=True)
def _flush_nll(loss, prod):
    return loss - np.log(prod)


@njit(cache=True, nogil=True)
def _fill_segment(tokens, lo, hi, s0, s1, keep_thr, pos_key, base, window, shrink, buf, bpos, bwin):
    """Copy the kept tokens of ``tokens[lo:hi]`` into ``buf``, with context.

    Up to ``window`` kept tokens before ``lo`` (not before the sequence start
    ``s0``) and after ``hi`` (not past ``s1``) are added as context only.
    Returns ``(n, a, b)``: ``buf[:n]`` is filled and ``buf[a:b]`` are the
    centers, with their corpus positions (``base`` + index) in ``bpos`` and
    reduced windows in ``bwin``.
    """
    # Left context: walk back until `window` kept tokens are found.
    p = lo - 1
    found = 0
    while p >= s0 and found < window:
        h = hash64(pos_key, base + p)
        if (h >> _S32) < keep_thr[tokens[p]]:
            found += 1
        p -= 1
    n = 0
    for q in range(p + 1, lo):
        h = hash64(pos_key, base + q)
        if (h >> _S32) < keep_thr[tokens[q]]:
            buf[n] = tokens[q]
            n += 1
    a = n
    for q in range(lo, hi):
        h = hash64(pos_key, base + q)
        if (h >> _S32) < keep_thr[tokens[q]]:
            buf[n] = tokens[q]
            bpos[n] = base + q
            if shrink:
                bwin[n] = 1 + bounded32(h & _LOW32, window)
            else:
                bwin[n] = window
            n += 1
    b = n
    q = hi
    found = 0
    while q < s1 and found < window:
        h = hash64(pos_key, base + q)
        if (h >> _S32) < keep_thr[tokens[q]]:
            buf[n] = tokens[q]
            n += 1
            found += 1
        q += 1
    return n, a, b


@njit(inline="always", cache=True)
def _learning_rate(s, epoch, position):
    done = (epoch * s.n_positions + position) / (s.epochs * s.n_positions)
    return np.float32(s.lr_start - (s.lr_start - s.lr_end) * done)


@njit(inline="always", cache=True)
def _prefetch_row(A, row):
    for col in range(0, A.shape[1], 16):
        prefetch(A, row, col)
    prefetch(A, row, A.shape[1] - 1)


@njit(inline="always", cache=True)
def _prefetch_next(W, C, buf, i, n, window):
    """Prefetch the rows the next center will need first."""
    if i + 1 < n:
        _prefetch_row(C, buf[i + 1])
    if i + window + 1 < n:
        _prefetch_row(W, buf[i + window + 1])


@njit(cache=True, nogil=True, fastmath=FASTMATH)
def _sgns_centers(W, C, seg, noise, frozen, s, epoch, state, neu, negs):
    """Per-pair SGNS over the centers of ``seg``. Returns (state, loss, pairs).

    ``negs`` holds the noise tokens of the next pair: they are drawn one pair
    ahead so that their rows can be prefetched while the current pair runs.
    """
    buf, bpos, bwin, n, a, b = seg
    dim = W.shape[1]
    loss = 0.0
    prod = 1.0
    pairs = 0
    for i in range(a, b):
        w = buf[i]
        lr = _learning_rate(s, epoch, bpos[i])
        r = bwin[i]
        _prefetch_next(W, C, buf, i, n, s.window)
        cw = C[w]
        for j in range(max(0, i - r), i + 1 if s.left_only else min(n, i + r + 1)):
            if j == i:
                continue
            wc = W[buf[j]]
            # The positive pair: label 1; it starts the input vector's gradient.
            f = np.float32(0.0)
            for d in range(dim):
                f += wc[d] * cw[d]
            p1, p0 = _sigmoids(f)
            loss, prod = _add_nll(loss, prod, p1, f)
            g = p0 * lr
            for d in range(dim):
                neu[d] = g * cw[d]
                cw[d] += g * wc[d]
            # The noise tokens: label 0. A draw equal to the center is skipped,
            # as in word2vec.
            for k in range(s.negative):
                t = negs[k]
                state, draw = next64(state)
                nxt = alias_draw(noise, draw)
                negs[k] = nxt
                _prefetch_row(C, nxt)
                if t == w:
                    continue
                ct = C[t]
                f = np.float32(0.0)
                for d in range(dim):
                    f += wc[d] * ct[d]
                p1, p0 = _sigmoids(f)
                loss, prod = _add_nll(loss, prod, p0, -f)
                g = -p1 * lr
                for d in range(dim):
                    neu[d] += g * ct[d]
                    ct[d] += g * wc[d]
            if _moves(frozen, buf[j]):
                for d in range(dim):
                    wc[d] += neu[d]
            pairs += 1
    return state, _flush_nll(loss, prod), pairs


@njit(cache=True, nogil=True, fastmath=FASTMATH)
def _shared_centers(W, C, seg, noise, frozen, s, epoch, state, work, negs):
    """SGNS with one set of noise tokens per center window (Ji et al., 2016).

    ``negs`` holds the noise tokens of the next window, drawn one window ahead
    so that their rows can be prefetched.
    """
    buf, bpos, bwin, n, a, b = seg
    dim = W.shape[1]
    n_out = s.negative + 1
    win = 2 * s.window
    inp = work[:win]  # input vectors of the window's context tokens
    out = work[win : win + n_out]  # output vectors: center, then noise tokens
    tmp = work[win + n_out]
    grad = np.empty((win, n_out), dtype=np.float32)
    rows = np.empty(win, dtype=np.int64)
    outs = np.empty(n_out, dtype=np.int64)
    loss = 0.0
    prod = 1.0
    pairs = 0
    for i in range(a, b):
        w = buf[i]
        lr = _learning_rate(s, epoch, bpos[i])
        r = bwin[i]
        m = 0
        for j in range(max(0, i - r), i + 1 if s.left_only else min(n, i + r + 1)):
            if j != i:
                rows[m] = buf[j]
                m += 1
        if m == 0:
            continue
        _prefetch_next(W, C, buf, i, n, s.window)
        outs[0] = w
        for k in range(1, n_out):
            outs[k] = negs[k - 1]
            state, draw = next64(state)
            negs[k - 1] = alias_draw(noise, draw)
            _prefetch_row(C, negs[k - 1])
        for j in range(m):
            src = W[rows[j]]
            for d in range(dim):
                inp[j, d] = src[d]
        for k in range(n_out):
            src = C[outs[k]]
            for d in range(dim):
                out[k, d] = src[d]
        for j in range(m):
            for k in range(n_out):
                if k > 0 and outs[k] == w:
                    grad[j, k] = 0.0
                    continue
                f = np.float32(0.0)
                for d in range(dim):
                    f += inp[j, d] * out[k, d]
                p1, p0 = _sigmoids(f)
                if k == 0:
                    loss, prod = _add_nll(loss, prod, p1, f)
                    grad[j, k] = p0 * lr
                else:
                    loss, prod = _add_nll(loss, prod, p0, -f)
                    grad[j, k] = -p1 * lr
        pairs += m
        for j in range(m):
            for d in range(dim):
                tmp[d] = 0.0
            for k in range(n_out):
                g = grad[j, k]
                for d in range(dim):
                    tmp[d] += g * out[k, d]
            if not _moves(frozen, rows[j]):
                continue
            dst = W[rows[j]]
            for d in range(dim):
                dst[d] += tmp[d]
        for k in range(n_out):
            if k > 0 and outs[k] == w:
                continue
            for d in range(dim):
                tmp[d] = 0.0
            for j in range(m):
                g = grad[j, k]
                for d in range(dim):
                    tmp[d] += g * inp[j, d]
            dst = C[outs[k]]
            for d in range(dim):
                dst[d] += tmp[d]
    return state, _flush_nll(loss, prod), pairs


@njit(cache=True, nogil=True, fastmath=FASTMATH)
def _softmax_centers(W, C, seg, frozen, s, epoch, work):
    """Full-softmax skip-gram (Mikolov et al., 2013; Rong, 2014), the center as input."""
    buf, bpos, bwin, n, a, b = seg
    n_vocab, dim = C.shape
    h = work[0]
    dh = work[1]
    u = np.empty(n_vocab, dtype=np.float64)
    err = np.empty(n_vocab, dtype=np.float32)
    loss = 0.0
    pairs = 0
    for i in range(a, b):
        c = buf[i]
        lr = _learning_rate(s, epoch, bpos[i])
        r = bwin[i]
        lo = max(0, i - r)
        hi = i + 1 if s.left_only else min(n, i + r + 1)
        n_ctx = hi - lo - 1
        if n_ctx == 0:
            continue
        wc = W[c]
        for d in range(dim):
            h[d] = wc[d]
        top = -np.inf
        for v in range(n_vocab):
            cv = C[v]
            f = 0.0
            for d in range(dim):
                f += h[d] * cv[d]
            u[v] = f
            top = max(top, f)
        z = 0.0
        for v in range(n_vocab):
            z += np.exp(u[v] - top)
        log_z = top + np.log(z)
        for v in range(n_vocab):
            err[v] = n_ctx * np.exp(u[v] - log_z)
        for j in range(lo, hi):
            if j != i:
                err[buf[j]] -= 1.0
                loss += log_z - u[buf[j]]
        pairs += n_ctx
        # Both gradients from the values before the step.
        for d in range(dim):
            dh[d] = 0.0
        for v in range(n_vocab):
            e = err[v]
            cv = C[v]
            for d in range(dim):
                dh[d] += e * cv[d]
        for v in range(n_vocab):
            g = lr * err[v]
            cv = C[v]
            for d in range(dim):
                cv[d] -= g * h[d]
        if _moves(frozen, c):
            for d in range(dim):
                wc[d] -= lr * dh[d]
    return loss, pairs


@njit(inline="always", cache=True)
def _load_private(C, first, private, start):
    """Copy the shared rows ``C[first:first + len(private)]`` into ``private`` and ``start``."""
    for k in range(private.shape[0]):
        row = C[first + k]
        for d in range(row.shape[0]):
            private[k, d] = row[d]
            start[k, d] = row[d]


@njit(inline="always", cache=True)
def _merge_private(C, first, private, start):
    """Add the private rows' change since the last load to the shared rows."""
    for k in range(private.shape[0]):
        row = C[first + k]
        for d in range(row.shape[0]):
            row[d] += private[k, d] - start[k, d]


@njit(cache=True, nogil=True, fastmath=FASTMATH)
def _hs_centers(W, C, seg, tables, s, epoch, neu, units, first, private, start):
    """Skip-gram with hierarchical softmax (word2vec's ``hs=1``).

    For each (center, context) pair the context token's input vector predicts
    the center's path in the Huffman tree: at every inner node ``u`` of the
    path, a logistic unit ``sigmoid(v_context . v'_u)`` should give the branch
    taken (label ``1 - code``). ``C`` holds the inner nodes' vectors;
    ``neu`` (``dim`` floats) and ``units`` (``HS_GROUP`` floats) are scratch.

    ``private`` holds copies of the rows ``first, first + 1, ...`` of ``C``
    (the inner nodes made last: the top of the tree, whose root is the last
    of them), which this call reads and writes instead; their change is added
    to ``C`` every ``HS_PRIVATE_SYNC`` centers and at the end (``start`` holds
    the rows as last loaded). With several threads, every pair updates the
    root and most pairs the next levels, so without copies the cores would
    pass those rows' cache lines back and forth on every pair. One thread
    passes no private rows: its updates are then exactly word2vec's, in order.
    """
    buf, bpos, bwin, n, a, b = seg
    dim = W.shape[1]
    loss = 0.0
    prod = 1.0
    pairs = 0
    last = first + private.shape[0]
    _load_private(C, first, private, start)
    for i in range(a, b):
        if i > a and (i - a) % HS_PRIVATE_SYNC == 0:
            _merge_private(C, first, private, start)
            _load_private(C, first, private, start)  # with the other threads' changes
        w = buf[i]
        lr = _learning_rate(s, epoch, bpos[i])
        r = bwin[i]
        lo = tables.paths[w]
        hi = tables.paths[w + 1]
        if i + s.window + 1 < n:
            _prefetch_row(W, buf[i + s.window + 1])
        for j in range(max(0, i - r), i + 1 if s.left_only else min(n, i + r + 1)):
            if j == i:
                continue
            wc = W[buf[j]]
            for d in range(dim):
                neu[d] = 0.0
            for g0 in range(lo, hi, HS_GROUP):
                g1 = min(g0 + HS_GROUP, hi)
                # The units of a path are independent until their updates
                # (``wc`` moves only after the path, and no node repeats), so
                # all dot products come first, then the logistic units, then
                # the updates: the same arithmetic as one unit after another,
                # without each unit waiting on the previous one's latency.
                for e in range(g0, g1):
                    u = tables.nodes[e]
                    cu = private[u - first] if first <= u < last else C[u]
                    f = np.float32(0.0)
                    for d in range(dim):
                        f += wc[d] * cu[d]
                    units[e - g0] = f
                for e in range(g0, g1):  # label 1 for code 0, 0 for code 1
                    f = units[e - g0]
                    p1, p0 = _sigmoids(f)
                    if tables.codes[e] == 0:
                        loss, prod = _add_nll(loss, prod, p1, f)
                        units[e - g0] = p0 * lr
                    else:
                        loss, prod = _add_nll(loss, prod, p0, -f)
                        units[e - g0] = -p1 * lr
                for e in range(g0, g1):
                    u = tables.nodes[e]
                    cu = private[u - first] if first <= u < last else C[u]
                    g = units[e - g0]
                    for d in range(dim):
                        neu[d] += g * cu[d]
                        cu[d] += g * wc[d]
            if _moves(tables.frozen, buf[j]):
                for d in range(dim):
                    wc[d] += neu[d]
            pairs += 1
    _merge_private(C, first, private, start)
    return _flush_nll(loss, prod), pairs


@njit(cache=True, nogil=True)
def _train_chunk(W, C, tables, tokens, offsets, s, at, private_rows, chunk):
    """Train on the positions ``[chunk * CHUNK, (chunk + 1) * CHUNK)`` of a block.

    The block's first token is corpus position ``at.base`` and its first chunk
    is the corpus' chunk ``at.chunk_base``: per-position draws use corpus
    positions, and the noise stream belongs to the corpus chunk, so cutting the
    corpus into blocks changes nothing as long as the cuts are always the same.
    ``private_rows`` (first, count) are the output rows the chunk copies while it
    trains (hierarchical softmax on several threads; count 0 otherwise).
    Returns ``(loss, pairs, words)``: the summed loss, the number of
    (center, context) pairs and the number of centers kept by subsampling.
    """
    lo = chunk * CHUNK
    hi = min(lo + CHUNK, tokens.shape[0])
    dim = W.shape[1]
    pos_key = derive_key(at.seed, at.epoch, 0)
    state = derive_key(at.seed, at.epoch, at.chunk_base + chunk + 1)
    size = hi - lo + 2 * s.window
    buf = np.empty(size, dtype=np.int64)
    bpos = np.empty(size, dtype=np.int64)
    bwin = np.empty(size, dtype=np.int64)
    if s.objective == Objective.SHARED:
        work = np.empty((2 * s.window + s.negative + 2, dim), dtype=np.float32)
    else:
        work = np.empty((2, dim), dtype=np.float32)
    negs = np.empty(s.negative, dtype=np.int64)
    hs_units = np.empty(HS_GROUP, dtype=np.float32)
    private = np.empty((private_rows[1], dim), dtype=np.float32)
    private_start = np.empty((private_rows[1], dim), dtype=np.float32)
    if s.objective == Objective.NEGATIVE or s.objective == Objective.SHARED:
        for k in range(s.negative):  # the first pair's (or window's) noise, drawn ahead
            state, draw = next64(state)
            negs[k] = alias_draw(tables.noise, draw)
    loss = 0.0
    pairs = 0
    words = 0
    seq = np.searchsorted(offsets, lo, side="right") - 1
    n_seq = offsets.shape[0] - 1
    while seq < n_seq and offsets[seq] < hi:
        s0 = offsets[seq]
        s1 = offsets[seq + 1]
        seg_lo = max(lo, s0)
        seg_hi = min(hi, s1)
        if seg_lo < seg_hi:
            n, a, b = _fill_segment(
                tokens, seg_lo, seg_hi, s0, s1, tables.keep, pos_key, at.base, s.window,
                s.shrink_window, buf, bpos, bwin,
            )  # fmt: skip
            words += b - a
            epoch = at.epoch
            seg = Segment(buf, bpos, bwin, n, a, b)
            if s.objective == Objective.NEGATIVE:
                state, l_, p_ = _sgns_centers(
                    W, C, seg, tables.noise, tables.frozen, s, epoch, state, work[0], negs
                )
            elif s.objective == Objective.SHARED:
                state, l_, p_ = _shared_centers(
                    W, C, seg, tables.noise, tables.frozen, s, epoch, state, work, negs
                )
            elif s.objective == Objective.SOFTMAX:
                l_, p_ = _softmax_centers(W, C, seg, tables.frozen, s, epoch, work)
            else:
                l_, p_ = _hs_centers(
                    W, C, seg, tables, s, epoch, work[0], hs_units, private_rows[0], private,
                    private_start,
                )  # fmt: skip
            loss += l_
            pairs += p_
        seq += 1
    return loss, pairs, words


def _block(W, C, tables, tokens, offsets, s, at, private_rows, loss, pairs, words):
    """Train every chunk of a block: in order, or concurrently (Hogwild)."""
    for chunk in prange(loss.shape[0]):
        loss[chunk], pairs[chunk], words[chunk] = _train_chunk(
            W, C, tables, tokens, offsets, s, at, private_rows, chunk
        )


_block_serial, _block_parallel = twins(_block)


def n_chunks(n_tokens):
    """Number of chunks of a block of ``n_tokens`` positions."""
    return max(1, -(-n_tokens // CHUNK))


def _private_rows(settings, tables, n_threads):
    """``(first, count)``: the output rows each chunk keeps private copies of.

    The top ``HS_PRIVATE`` inner nodes of the Huffman tree with hierarchical
    softmax on several threads; none otherwise. Inner nodes are numbered in
    the order they were made, so the last ones made, below the root (the first
    node of every path), are the heaviest: the top of the tree.
    """
    if n_threads <= 1 or settings.objective != Objective.HIERARCHICAL or tables.nodes.size == 0:
        return np.int64(0), np.int64(0)
    root = int(tables.nodes[0])
    count = min(HS_PRIVATE, root + 1)
    return np.int64(root + 1 - count), np.int64(count)


def train_block(W, C, tables, tokens, offsets, settings, at, n_threads):
    """Train in place on one block of the corpus (a whole epoch if one block).

    ``at`` (a :class:`Cursor`) says where the block starts in the run.
    Returns ``(loss_sum, n_pairs, n_words)``. ``n_threads`` must already be set
    in numba by the caller when larger than one.
    """
    count = n_chunks(tokens.shape[0])
    loss = np.zeros(count, dtype=np.float64)
    pairs = np.zeros(count, dtype=np.int64)
    words = np.zeros(count, dtype=np.int64)
    kernel = _block_parallel if n_threads > 1 else _block_serial
    private_rows = _private_rows(settings, tables, n_threads)
    kernel(W, C, tables, tokens, offsets, settings, at, private_rows, loss, pairs, words)
    return float(loss.sum()), int(pairs.sum()), int(words.sum())
