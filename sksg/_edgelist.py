"""Edge list files to a CSR adjacency matrix, parsed by numba kernels.

:func:`read_edgelist` reads ``source target [weight]`` lines without a Python
object per edge: the file is read in blocks of bytes (gzip is decompressed
block by block, on a reader thread that runs ahead of the parser), and numba
kernels split the lines into fields and parse them in place.

* Integer IDs are parsed to int64; the rows are the distinct IDs in
  increasing order (a dense ``0 .. n - 1`` numbering is kept as it is). The
  mapping is an array indexed by ``ID - min`` when the IDs span a range not
  much larger than the number of edges, else a hash table and a sort of the
  distinct IDs.
* String IDs go through a hash table whose keys are held once per node, in
  one byte arena; rows are in order of first appearance (source before target
  on each line), the order of the ``sksg`` command and of ``count_tokens``.
  Node IDs are checked to be UTF-8 when first met, so errors come in file
  order.
* Weights are parsed to the correctly rounded float64 (what Python's
  ``float`` gives): Clinger's fast path, then the Eisel-Lemire algorithm
  (Lemire, "Number parsing at a gigabyte per second", 2021, with the 128-bit
  products of Mushtak & Lemire, 2023, which need no fallback for up to 19
  digits); a weight of more than 19 significant digits that those cannot
  settle goes to Python's ``float`` (one call for that field).

Lines of the common form (``123 456 0.5``, or fields without inner spaces
for string IDs) go through tight loops, :func:`_int_run` and
:func:`_str_run`, which read up to a newline without bounds checks (the
block's last newline bounds them) and hand any other line to the general
path (:func:`_scan`, :func:`_setup`): comments, blank lines, the header, the
first edge, signs, other whitespace, and every error. A string run looks up
a batch of lines at once, so that the cache misses of a large table overlap.

A parse stops at the first problem and reports it with its line number
(1-based, counting every physical line, comments and blank lines included).
The kernels are resumable: they stop, with the line not yet consumed, when an
output array is full or a weight needs Python, and the driver grows the
arrays (``ndarray.resize``: no copy when ``realloc`` can extend in place) or
supplies the value and calls again.

Memory: the blocks being read (three of ``BLOCK_BYTES``), the columns (16
bytes per edge for integer IDs, 8 for string IDs, which are held once each,
and 8 for weights), then for the matrix 12 bytes per entry (20 while it is
made undirected, an entry each way). 10M integer edges: 184 MiB at the end
of the parse, 408 MiB at the peak of ``read_edgelist``.
"""

import gzip
import math
import os
import queue
import stat
import threading
import zlib

import numpy as np
import scipy.sparse as sp
from numba import njit

from ._random import GOLDEN, mix64

__all__ = ["read_edgelist"]

# Bytes read per block: a line may span blocks (its start is carried over).
BLOCK_BYTES = 1 << 24

# -- numbers ---------------------------------------------------------------------------

_U0 = np.uint64(0)
_U1 = np.uint64(1)
_U8 = np.uint64(8)
_U10 = np.uint64(10)
_U32 = np.uint64(32)
_U63 = np.uint64(63)
_LOW32 = np.uint64(0xFFFFFFFF)
_MASK9 = np.uint64(0x1FF)
_TWO53 = np.uint64(1 << 53)
_BIT52 = np.uint64(1 << 52)
_BIT53 = np.uint64(2 << 52)
_MIN19 = np.uint64(10**18)  # the smallest 19-digit integer
_INT64_MAX = np.uint64(2**63 - 1)
_INT64_MIN_ABS = np.uint64(2**63)

_POW10 = np.array([10.0**i for i in range(23)])  # exact in float64
_INFINITY = tuple(b"infinity")


def _powers_of_five():
    """5**q, q = -342 .. 308, as 128 bits (high, low) normalised to bit 127.

    The table of the Eisel-Lemire algorithm (fast_float's
    ``script/table_generation.py``): truncated for q >= 0, rounded up
    reciprocals for q < 0.
    """
    out = []
    for q in range(-342, 0):
        power5 = 5**-q
        z = power5.bit_length()  # 2**z >= power5, the smallest such z
        if 1 << (z - 1) == power5:
            z -= 1
        if q >= -27:
            c = 2 ** (z + 127) // power5 + 1
        else:
            c = 2 ** (2 * z + 128) // power5 + 1
            while c >= 1 << 128:
                c //= 2
        out.append(c)
    for q in range(0, 309):
        power5 = 5**q
        while power5 < 1 << 127:
            power5 *= 2
        while power5 >= 1 << 128:
            power5 //= 2
        out.append(power5)
    flat = []
    for c in out:
        flat += [c >> 64, c & (2**64 - 1)]
    return np.array(flat, dtype=np.uint64)


_POW5 = _powers_of_five()


@njit(cache=True)
def _mul128(a, b):
    """The 128-bit product of two uint64: (high, low)."""
    a_lo = a & _LOW32
    a_hi = a >> _U32
    b_lo = b & _LOW32
    b_hi = b >> _U32
    p0 = a_lo * b_lo
    p1 = a_lo * b_hi
    p2 = a_hi * b_lo
    p3 = a_hi * b_hi
    mid = (p0 >> _U32) + (p1 & _LOW32) + (p2 & _LOW32)
    low = (p0 & _LOW32) | (mid << _U32)
    high = p3 + (p1 >> _U32) + (p2 >> _U32) + (mid >> _U32)
    return high, low


@njit(cache=True)
def _leading_zeros(x):
    """Leading zero bits of a non-zero uint64."""
    n = 0
    if x <= np.uint64(0x00000000FFFFFFFF):
        n += 32
        x <<= _U32
    if x <= np.uint64(0x0000FFFFFFFFFFFF):
        n += 16
        x <<= np.uint64(16)
    if x <= np.uint64(0x00FFFFFFFFFFFFFF):
        n += 8
        x <<= _U8
    if x <= np.uint64(0x0FFFFFFFFFFFFFFF):
        n += 4
        x <<= np.uint64(4)
    if x <= np.uint64(0x3FFFFFFFFFFFFFFF):
        n += 2
        x <<= np.uint64(2)
    if x <= np.uint64(0x7FFFFFFFFFFFFFFF):
        n += 1
    return n


@njit(cache=True, nogil=True)
def _eisel_lemire(q, w, pow5):
    """w * 10**q as a float64's (mantissa bits, biased exponent), w < 2**64.

    fast_float's ``compute_float`` for binary64; exact for any w (Mushtak &
    Lemire's proof that the 128-bit product suffices).
    """
    if w == _U0 or q < -342:
        return _U0, 0
    if q > 308:
        return _U0, 0x7FF
    lz = _leading_zeros(w)
    w = w << np.uint64(lz)
    index = 2 * (q + 342)
    high, low = _mul128(w, pow5[index])
    if (high & _MASK9) == _MASK9:
        high2, _ = _mul128(w, pow5[index + 1])
        low = low + high2
        if high2 > low:
            high += _U1
    upperbit = np.int64(high >> _U63)
    shift = upperbit + 9
    mantissa = high >> np.uint64(shift)
    power2 = (((152170 + 65536) * q) >> 16) + 63 + upperbit - lz + 1023
    if power2 <= 0:  # subnormal
        if -power2 + 1 >= 64:
            return _U0, 0
        mantissa >>= np.uint64(-power2 + 1)
        mantissa += mantissa & _U1
        mantissa >>= _U1
        return mantissa, (0 if mantissa < _BIT52 else 1)
    if low <= _U1 and -4 <= q <= 23 and (mantissa & np.uint64(3)) == _U1:
        if (mantissa << np.uint64(shift)) == high:  # exactly halfway: round to even
            mantissa &= ~_U1
    mantissa += mantissa & _U1
    mantissa >>= _U1
    if mantissa >= _BIT53:
        mantissa = _BIT52
        power2 += 1
    mantissa &= ~_BIT52
    if power2 >= 0x7FF:
        return _U0, 0x7FF
    return mantissa, power2


@njit(inline="always", cache=True)
def _is_digit(c):
    return 48 <= c <= 57


@njit(cache=True)
def _parse_word(buf, i, e, negative):
    """``inf``, ``infinity`` or ``nan`` (any case) at ``buf[i:e]``: ``(status, value)``."""
    n = e - i
    if n == 3 and (buf[i] | 32) == 110:  # nan
        if (buf[i + 1] | 32) == 97 and (buf[i + 2] | 32) == 110:
            return 0, np.nan
        return 1, 0.0
    if n != 3 and n != 8:
        return 1, 0.0
    for j in range(n):
        if (buf[i + j] | 32) != _INFINITY[j]:
            return 1, 0.0
    return 0, -np.inf if negative else np.inf


@njit(cache=True, nogil=True)
def _parse_float(buf, s, e, pow5, pow10):
    """The bytes ``buf[s:e]`` as a float64, as Python's ``float`` reads them.

    Returns ``(status, value)``: status 0 for a number, 1 for text that is
    not one (``float`` would raise; digit group underscores and non-ASCII
    digits are not accepted), 2 for more than 19 significant digits that
    need ``float`` itself to round.
    """
    i = s
    negative = False
    if i < e and (buf[i] == 43 or buf[i] == 45):
        negative = buf[i] == 45
        i += 1
    if i == e:
        return 1, 0.0
    if not _is_digit(buf[i]) and buf[i] != 46:
        return _parse_word(buf, i, e, negative)
    start = i
    w = _U0
    while i < e and _is_digit(buf[i]):
        w = w * _U10 + np.uint64(buf[i] - 48)
        i += 1
    int_end = i
    frac_start = i
    frac_end = i
    exponent = 0
    if i < e and buf[i] == 46:
        i += 1
        frac_start = i
        while i < e and _is_digit(buf[i]):
            w = w * _U10 + np.uint64(buf[i] - 48)
            i += 1
        frac_end = i
        exponent = frac_start - frac_end
    digits = (int_end - start) + (frac_end - frac_start)
    if digits == 0:
        return 1, 0.0
    explicit = 0
    if i < e and (buf[i] | 32) == 101:  # e, E
        i += 1
        exp_negative = False
        if i < e and (buf[i] == 43 or buf[i] == 45):
            exp_negative = buf[i] == 45
            i += 1
        if i == e or not _is_digit(buf[i]):
            return 1, 0.0
        while i < e and _is_digit(buf[i]):
            if explicit < 0x10000000:
                explicit = 10 * explicit + (buf[i] - 48)
            i += 1
        if exp_negative:
            explicit = -explicit
        exponent += explicit
    if i != e:
        return 1, 0.0
    too_many = False
    if digits > 19:  # leading zeros do not count
        j = start
        while j < frac_end and (buf[j] == 48 or buf[j] == 46):
            if buf[j] == 48:
                digits -= 1
            j += 1
        if digits > 19:  # keep the first 19 significant digits
            too_many = True
            w = _U0
            j = start
            while w < _MIN19 and j < int_end:
                w = w * _U10 + np.uint64(buf[j] - 48)
                j += 1
            if w >= _MIN19:
                exponent = (int_end - j) + explicit
            else:
                j = frac_start
                while w < _MIN19 and j < frac_end:
                    w = w * _U10 + np.uint64(buf[j] - 48)
                    j += 1
                exponent = (frac_start - j) + explicit
    if not too_many and -22 <= exponent <= 22 and w <= _TWO53:  # Clinger: exact
        value = np.float64(w)
        if exponent < 0:
            value = value / pow10[-exponent]
        else:
            value = value * pow10[exponent]
        return 0, -value if negative else value
    mantissa, power2 = _eisel_lemire(exponent, w, pow5)
    if too_many:  # the truncated digits could round either way
        mantissa2, power2b = _eisel_lemire(exponent, w + _U1, pow5)
        if mantissa2 != mantissa or power2b != power2:
            return 2, 0.0
    if power2 == 0x7FF:
        value = np.inf
    elif power2 == 0:
        value = math.ldexp(np.float64(mantissa), -1074)
    else:
        value = math.ldexp(np.float64(mantissa | _BIT52), power2 - 1075)
    return 0, -value if negative else value


@njit(cache=True)
def _parse_int(buf, s, e):
    """The bytes ``buf[s:e]`` as an int64: ``(ok, value)``; ``[+-]digits`` only."""
    i = s
    negative = False
    if i < e and (buf[i] == 43 or buf[i] == 45):
        negative = buf[i] == 45
        i += 1
    if i == e:
        return False, 0
    while i + 1 < e and buf[i] == 48:  # leading zeros
        i += 1
    if e - i > 19:
        return False, 0
    v = _U0
    for j in range(i, e):
        if not _is_digit(buf[j]):
            return False, 0
        v = v * _U10 + np.uint64(buf[j] - 48)
    if negative:
        if v > _INT64_MIN_ABS:
            return False, 0
        if v == _INT64_MIN_ABS:
            return True, -9223372036854775807 - 1
        return True, -np.int64(v)
    if v > _INT64_MAX:
        return False, 0
    return True, np.int64(v)


# -- lines -----------------------------------------------------------------------------

# The parser's state between calls (an int64 array): where it is, what it decided.
_LINENO = 0  # physical lines consumed
_HEADER = 1  # 1 while a header line is still to skip
_DKIND = 2  # -1: decide from the first line (tab, comma, whitespace); 0 whitespace; 1 delim
_DLEN = 3  # bytes of the delimiter
_NFIELDS = 4  # fields per line, from the first data line (0 before it)
_FIRST = 5  # the line number of the first data line
_USEW = 6  # 1 if weights are parsed
_WEIGHTED = 7  # -1 None, 0 False, 1 True
_K = 8  # edges stored
_N = 9  # nodes (string IDs)
_ARENA = 10  # arena bytes used (string IDs)
_LO = 11  # smallest integer ID
_HI = 12  # largest integer ID
_ERR = 13  # error code
_ERR_LINE = 14
_ERR_S = 15  # the field of the error (or of a weight for Python), as buf[s:e]
_ERR_E = 16
_ERR_N = 17  # the line's number of fields
_OVERRIDE = 18  # 1: the next weight is override[0]
_NEED = 19  # arena bytes the next line needs
_STATE_SIZE = 20

# What a kernel call ended on.
_DONE = 0  # every line of the buffer
_MORE = 1  # the last line has no end yet: call again with more bytes
_FULL = 2  # the edge arrays are full
_GROW = 3  # the node arrays, hash table or arena are full
_PYFLOAT = 4  # a weight needs Python's float
_ERROR = 5

# Errors.
_E_FIELDS = 1  # first data line: not 2 or 3 fields
_E_NEED_WEIGHT = 2  # weighted=True, 2 fields
_E_MISMATCH = 3  # another number of fields than the first data line
_E_EMPTY = 4  # an empty node ID
_E_NOT_INT = 5  # a node ID that is not an int64
_E_NOT_NUMBER = 6  # a weight that is not a number
_E_NOT_FINITE = 7  # a weight that is NaN, infinite or negative
_E_UTF8 = 8  # a node ID that is not UTF-8


@njit(inline="always", cache=True)
def _is_space(c):
    """ASCII whitespace, as Python's ``str.split`` and ``str.strip`` see it."""
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


@njit(cache=True)
def _delimiter_at(buf, i, delim, dlen):
    """Whether the delimiter ``delim[:dlen]`` starts at ``buf[i]``."""
    if buf[i] != delim[0]:
        return False
    if dlen == 1:
        return True
    if i + dlen > buf.shape[0]:
        return False
    for j in range(1, dlen):
        if buf[i + j] != delim[j]:
            return False
    return True


@njit(cache=True)
def _scan(buf, pos, dkind, delim, dlen, comment):
    """Split the line starting at ``pos`` into fields, in one pass.

    Returns ``(kind, end, count, s0, e0, s1, e1, s2, e2)``: kind 0 for a
    blank or comment line, else 1; ``end`` the offset of the line's newline
    (or the buffer's end); ``count`` fields, the first three as spans,
    stripped of whitespace (``dkind`` <= 0: fields are runs of
    non-whitespace). As Python's ``line.strip().split(sep)`` counts them:
    with a tab delimiter, trailing empty fields are no fields.
    """
    n = buf.shape[0]
    i = pos
    while i < n and buf[i] != 10 and _is_space(buf[i]):
        i += 1
    if i == n or buf[i] == 10:
        return 0, i, 0, 0, 0, 0, 0, 0, 0
    nc = comment.shape[0]
    if nc and i + nc <= n and buf[i] == comment[0]:
        match = True
        for j in range(1, nc):
            if buf[i + j] != comment[j]:
                match = False
                break
        if match:
            while i < n and buf[i] != 10:
                i += 1
            return 0, i, 0, 0, 0, 0, 0, 0, 0
    s0 = e0 = s1 = e1 = s2 = e2 = 0
    count = 0
    if dkind <= 0:
        while True:
            s = i
            while i < n and not _is_space(buf[i]):  # a newline is whitespace
                i += 1
            if count == 0:
                s0, e0 = s, i
            elif count == 1:
                s1, e1 = s, i
            elif count == 2:
                s2, e2 = s, i
            count += 1
            while i < n and buf[i] != 10 and _is_space(buf[i]):
                i += 1
            if i == n or buf[i] == 10:
                return 1, i, count, s0, e0, s1, e1, s2, e2
    kept = 0
    s = i
    while True:
        while i < n and buf[i] != 10 and not _delimiter_at(buf, i, delim, dlen):
            i += 1
        a = s
        b = i
        while a < b and _is_space(buf[a]):
            a += 1
        while b > a and _is_space(buf[b - 1]):
            b -= 1
        if count == 0:
            s0, e0 = a, b
        elif count == 1:
            s1, e1 = a, b
        elif count == 2:
            s2, e2 = a, b
        count += 1
        if b > a:
            kept = count
        if i == n or buf[i] == 10:
            break
        i += dlen
        s = i
    if _is_space(delim[0]):
        count = kept
    return 1, i, count, s0, e0, s1, e1, s2, e2


@njit(cache=True, nogil=True)
def _setup(buf, pos, end, lineno, state, delim, comment):
    """A line read before the parse is settled: it may decide the delimiter
    (``'auto'``), be the header, or be the first edge, which fixes the
    number of fields. Returns what :func:`_scan` does, or minus an error code
    as the kind."""
    if state[_DKIND] < 0:  # tab if the line holds one, else comma, else whitespace
        a = pos
        b = end
        while a < b and _is_space(buf[a]):
            a += 1
        while b > a and _is_space(buf[b - 1]):
            b -= 1
        state[_DKIND] = 0
        for c in (9, 44):
            for j in range(a, b):
                if buf[j] == c:
                    delim[0] = c
                    state[_DKIND] = 1
                    state[_DLEN] = 1
                    break
            if state[_DKIND] == 1:
                break
    if state[_HEADER]:
        state[_HEADER] = 0
        return 0, end, 0, 0, 0, 0, 0, 0, 0
    kind, end, count, s0, e0, s1, e1, s2, e2 = _scan(
        buf, pos, state[_DKIND], delim, state[_DLEN], comment
    )
    if state[_NFIELDS] == 0:
        if count != 2 and count != 3:
            kind = -_E_FIELDS
        elif state[_WEIGHTED] == 1 and count == 2:
            kind = -_E_NEED_WEIGHT
        else:
            state[_NFIELDS] = count
            state[_FIRST] = lineno
            state[_USEW] = 1 if count == 3 and state[_WEIGHTED] != 0 else 0
    elif count != state[_NFIELDS]:
        kind = -_E_MISMATCH
    return kind, end, count, s0, e0, s1, e1, s2, e2


@njit(cache=True)
def _settled(state):
    return state[_HEADER] == 0 and state[_NFIELDS] != 0 and state[_DKIND] >= 0


@njit(cache=True)
def _fail(state, code, lineno, s, e, count):
    state[_ERR] = code
    state[_ERR_LINE] = lineno
    state[_ERR_S] = s
    state[_ERR_E] = e
    state[_ERR_N] = count


@njit(cache=True)
def _weight(buf, s, e, state, override, pow5, pow10):
    """``(code, value)``: 0 a valid weight, an error code, or -1: Python must parse it."""
    if state[_OVERRIDE]:
        state[_OVERRIDE] = 0
        w = override[0]
    else:
        status, w = _parse_float(buf, s, e, pow5, pow10)
        if status == 1:
            return _E_NOT_NUMBER, w
        if status == 2:
            return -1, w
    if not (0.0 <= w < np.inf):
        return _E_NOT_FINITE, w
    return 0, w


# The fast paths below read the line at ``pos`` without comparing offsets to
# the buffer's end: the caller guarantees a newline at or after ``pos``, and
# every loop stops at a newline.


@njit(cache=True)
def _fast_ok(dkind, delim, dlen):
    """Whether the fast paths can split on this delimiter (not one of a number's bytes)."""
    if dkind == 0:
        return True
    c = delim[0]
    return dlen == 1 and not (
        48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c == 43 or c == 45 or c == 46
    )


@njit(inline="always", cache=True)
def _fast_sep(buf, i, dkind, d0):
    """Past a separator at ``buf[i]``: spaces and tabs, or ``d0`` among spaces; -1 if none."""
    c = buf[i]
    if dkind == 0:
        if c != 32 and c != 9:
            return -1
        while c == 32 or c == 9:
            i += 1
            c = buf[i]
        return i
    while c == 32:
        i += 1
        c = buf[i]
    if c != d0:
        return -1
    i += 1
    c = buf[i]
    while c == 32:
        i += 1
        c = buf[i]
    return i


@njit(inline="always", cache=True)
def _fast_end(buf, i):
    """The newline ending the line after the last field, or -1 if more than spaces come."""
    c = buf[i]
    while c == 32 or c == 9 or c == 13:
        i += 1
        c = buf[i]
    return i if c == 10 else -1


@njit(cache=True, nogil=True)
def _int_run(buf, pos, last, dkind, d0, three, usew, src, dst, wts, k, lo, hi, pow5, pow10):
    """Parse consecutive lines ``digits SEP digits [SEP weight]`` from ``pos``, in one loop.

    Stops before the first line of another form (signs, comments, blank
    lines, more than 18 digits, other whitespace, a weight to report or to
    give to Python: the general path takes it), at ``last`` (the buffer's
    last newline) or when the arrays are full. Returns ``(pos, k, lo, hi)``;
    every line parsed is one edge. Weights of at most 15 digits without an
    exponent are computed as :func:`_parse_float` computes them, others by it.
    """
    cap = src.shape[0]
    w = 0.0
    while pos <= last and k < cap:
        i = pos
        c = buf[i]
        while c == 32:
            i += 1
            c = buf[i]
        s = i
        a = 0
        while 48 <= c <= 57:
            a = a * 10 + (c - 48)
            i += 1
            c = buf[i]
        if i == s or i - s > 18:
            break
        i = _fast_sep(buf, i, dkind, d0)
        if i < 0:
            break
        c = buf[i]
        s = i
        b = 0
        while 48 <= c <= 57:
            b = b * 10 + (c - 48)
            i += 1
            c = buf[i]
        if i == s or i - s > 18:
            break
        if three:
            i = _fast_sep(buf, i, dkind, d0)
            if i < 0:
                break
            c = buf[i]
            s = i
            v = 0
            while 48 <= c <= 57:
                v = v * 10 + (c - 48)
                i += 1
                c = buf[i]
            digits = i - s
            frac = 0
            if c == 46:
                i += 1
                c = buf[i]
                f = i
                while 48 <= c <= 57:
                    v = v * 10 + (c - 48)
                    i += 1
                    c = buf[i]
                frac = i - f
                digits += frac
            plain = 0 < digits <= 15
            while not _is_space(c) and (dkind == 0 or c != d0):  # an exponent, or not a number
                plain = False
                i += 1
                c = buf[i]
            if i == s or (dkind != 0 and c == d0):
                break
            if usew:
                if plain:  # as _parse_float computes it (Clinger's exact case)
                    w = np.float64(v)
                    if frac:
                        w = w / pow10[frac]
                else:
                    status, w = _parse_float(buf, s, i, pow5, pow10)
                    if status != 0 or not (0.0 <= w < np.inf):
                        break
        while c == 32 or c == 9 or c == 13:
            i += 1
            c = buf[i]
        if c != 10:
            break
        if usew:
            wts[k] = w
        src[k] = a
        dst[k] = b
        k += 1
        if a < lo:
            lo = a
        if a > hi:
            hi = a
        if b < lo:
            lo = b
        if b > hi:
            hi = b
        pos = i + 1
    return pos, k, lo, hi


@njit(cache=True)
def _fast_field(buf, i, dkind, d0):
    """The end of a field of string ID at ``buf[i]`` (no whitespace in it)."""
    c = buf[i]
    while not _is_space(c) and (dkind == 0 or c != d0):
        i += 1
        c = buf[i]
    return i


@njit(cache=True)
def _fast_fields(buf, pos, dkind, d0, three, c0):
    """The spans of a line of 2 (or, ``three``, 3) fields without whitespace inside.

    Returns ``(ok, end, s0, e0, s1, e1, s2, e2)``; ok False sends the line
    to the general path (blank, a comment starting with ``c0``, empty fields,
    other counts).
    """
    i = pos
    while buf[i] == 32:
        i += 1
    s0 = i
    if buf[i] == c0:
        return False, 0, 0, 0, 0, 0, 0, 0
    e0 = _fast_field(buf, i, dkind, d0)
    if e0 == s0:
        return False, 0, 0, 0, 0, 0, 0, 0
    s1 = _fast_sep(buf, e0, dkind, d0)
    if s1 < 0:
        return False, 0, 0, 0, 0, 0, 0, 0
    e1 = _fast_field(buf, s1, dkind, d0)
    if e1 == s1:
        return False, 0, 0, 0, 0, 0, 0, 0
    i = e1
    s2 = e2 = 0
    if three:
        s2 = _fast_sep(buf, i, dkind, d0)
        if s2 < 0:
            return False, 0, 0, 0, 0, 0, 0, 0
        e2 = _fast_field(buf, s2, dkind, d0)
        if e2 == s2:
            return False, 0, 0, 0, 0, 0, 0, 0
        i = e2
    end = _fast_end(buf, i)
    if end < 0:
        return False, 0, 0, 0, 0, 0, 0, 0
    return True, end, s0, e0, s1, e1, s2, e2


@njit(cache=True)
def _last_newline(buf):
    i = buf.shape[0] - 1
    while i >= 0 and buf[i] != 10:
        i -= 1
    return i


@njit(cache=True, nogil=True)
def _parse_int_lines(buf, pos, final, state, delim, comment, pow5, pow10, override, src, dst, wts):
    """Parse lines of integer node IDs from ``buf[pos:]``: ``(status, pos)``.

    Appends to ``src``, ``dst`` (the IDs) and ``wts``; see the module docstring
    for when it stops.
    """
    n = buf.shape[0]
    lineno = state[_LINENO]
    k = state[_K]
    lo = state[_LO]
    hi = state[_HI]
    settled = _settled(state)
    dkind = state[_DKIND]
    dlen = state[_DLEN]
    nfields = state[_NFIELDS]
    usew = state[_USEW]
    three = nfields == 3
    fast = settled and _fast_ok(dkind, delim, dlen)
    last = _last_newline(buf)
    status = _DONE
    while pos < n:
        if fast and pos <= last and k < src.shape[0]:
            start = k
            pos, k, lo, hi = _int_run(
                buf, pos, last, dkind, delim[0], three, usew, src, dst, wts, k, lo, hi, pow5, pow10
            )
            lineno += k - start
            if pos >= n:
                break
        if k >= src.shape[0]:
            status = _FULL
            break
        kind, end, count, s0, e0, s1, e1, s2, e2 = _scan(buf, pos, dkind, delim, dlen, comment)
        if end == n and not final:
            status = _MORE
            break
        lineno += 1
        if kind == 0:
            pos = end + 1
            continue
        if not settled:
            kind, end, count, s0, e0, s1, e1, s2, e2 = _setup(
                buf, pos, end, lineno, state, delim, comment
            )
            settled = _settled(state)
            dkind = state[_DKIND]
            dlen = state[_DLEN]
            nfields = state[_NFIELDS]
            usew = state[_USEW]
            three = nfields == 3
            fast = settled and _fast_ok(dkind, delim, dlen)
            if kind == 0:
                pos = end + 1
                continue
        elif count != nfields:
            kind = -_E_MISMATCH
        if kind < 0:
            _fail(state, -kind, lineno, 0, 0, count)
            status = _ERROR
            break
        if e0 == s0 or e1 == s1:
            _fail(state, _E_EMPTY, lineno, 0, 0, count)
            status = _ERROR
            break
        ok, a = _parse_int(buf, s0, e0)
        if not ok:
            _fail(state, _E_NOT_INT, lineno, s0, e0, count)
            status = _ERROR
            break
        ok, b = _parse_int(buf, s1, e1)
        if not ok:
            _fail(state, _E_NOT_INT, lineno, s1, e1, count)
            status = _ERROR
            break
        if usew:
            code, w = _weight(buf, s2, e2, state, override, pow5, pow10)
            if code < 0:  # Python's float, then this line again
                _fail(state, 0, lineno, s2, e2, count)
                lineno -= 1
                status = _PYFLOAT
                break
            if code:
                _fail(state, code, lineno, s2, e2, count)
                status = _ERROR
                break
            wts[k] = w
        src[k] = a
        dst[k] = b
        k += 1
        if a < lo:
            lo = a
        if a > hi:
            hi = a
        if b < lo:
            lo = b
        if b > hi:
            hi = b
        pos = end + 1
    state[_LINENO] = lineno
    state[_K] = k
    state[_LO] = lo
    state[_HI] = hi
    return status, pos


@njit(cache=True)
def _hash_bytes(buf, s, e):
    h = np.uint64(e - s) * GOLDEN
    acc = _U0
    j = s
    while j + 8 <= e:
        for t in range(8):
            acc = (acc << _U8) | np.uint64(buf[j + t])
        h = mix64(h ^ acc)
        acc = _U0
        j += 8
    while j < e:
        acc = (acc << _U8) | np.uint64(buf[j])
        j += 1
    return mix64(h ^ acc)


@njit(cache=True, nogil=True)
def _valid_utf8(buf, s, e):
    """Whether ``buf[s:e]`` is UTF-8 that Python's strict decoder accepts."""
    i = s
    while i < e:
        c = buf[i]
        if c < 0x80:
            i += 1
            continue
        if c < 0xC2 or c > 0xF4:
            return False
        n = 1 if c < 0xE0 else 2 if c < 0xF0 else 3
        if i + n >= e:
            return False
        lo = 0x80
        hi = 0xBF
        if c == 0xE0:
            lo = 0xA0
        elif c == 0xED:
            hi = 0x9F
        elif c == 0xF0:
            lo = 0x90
        elif c == 0xF4:
            hi = 0x8F
        if not lo <= buf[i + 1] <= hi:
            return False
        for j in range(2, n + 1):
            if not 0x80 <= buf[i + j] <= 0xBF:
                return False
        i += n + 1
    return True


_TAG = np.uint64(0xFFFFFF0000000000)  # a slot: the high 24 bits of the hash
_AT = np.uint64(0x000000FFFFFFFFFF)  # and 1 + where the ID's record starts in the arena


@njit(inline="always", cache=True)
def _u32(arena, a):
    return (
        np.int64(arena[a])
        | (np.int64(arena[a + 1]) << 8)
        | (np.int64(arena[a + 2]) << 16)
        | (np.int64(arena[a + 3]) << 24)
    )


@njit(cache=True)
def _find(buf, s, e, h, table, arena):
    """The node of the ID ``buf[s:e]`` (hash ``h``), or ``(-1, slot)`` to add it at.

    The arena holds a record per node: its number and its length (4 bytes
    each, little-endian), then its bytes. A slot holds the high bits of the
    hash and where the record starts (0: free), so that a lookup reads the
    table and one place of the arena, and probing other slots reads no other
    array.
    """
    mask = table.shape[0] - 1
    slot = np.int64(h & np.uint64(mask))
    tag = h & _TAG
    n = e - s
    while True:
        entry = table[slot]
        if entry == _U0:
            return -1, slot
        if entry & _TAG == tag:
            a = np.int64(entry & _AT) - 1
            if _u32(arena, a + 4) == n:
                same = True
                for j in range(n):
                    if arena[a + 8 + j] != buf[s + j]:
                        same = False
                        break
                if same:
                    return _u32(arena, a), slot
        slot = (slot + 1) & mask


_BATCH = 32  # lines whose lookups a string run overlaps


@njit(cache=True, nogil=True)
def _str_run(
    buf, pos, last, dkind, d0, three, usew, c0, lineno, k, nodes, used, src, dst, wts,
    table, hashes, offsets, arena, first_line, pow5, pow10, spans, keys,
):  # fmt: skip
    """Parse consecutive lines of 2 (``three``: 3) fields without inner whitespace.

    A batch of lines at a time: split them and hash their IDs, read the
    table slots of all the IDs, then the arena records those slots point to
    (independent loads, which the processor overlaps instead of waiting for
    each: a lookup is two cache misses in a large graph), then look them up
    and add the new ones, line by line, as :func:`_parse_str_lines` does.
    Stops before a line of another form, a line that needs larger arrays,
    a new ID that is not UTF-8 or a weight to report or to give to Python
    (the general path takes it), at ``last`` or when the edge arrays are
    full. Returns ``(pos, k, nodes, used, lineno)``.
    """
    mask = table.shape[0] - 1
    touched = _U0
    while pos <= last and k < src.shape[0]:
        size = 0
        p = pos
        while size < _BATCH and p <= last and k + size < src.shape[0]:
            ok, end, s0, e0, s1, e1, s2, e2 = _fast_fields(buf, p, dkind, d0, three, c0)
            if not ok:
                break
            spans[size, 0] = s0
            spans[size, 1] = e0
            spans[size, 2] = s1
            spans[size, 3] = e1
            spans[size, 4] = s2
            spans[size, 5] = e2
            spans[size, 6] = end
            h0 = _hash_bytes(buf, s0, e0)
            h1 = _hash_bytes(buf, s1, e1)
            keys[size, 0] = h0
            keys[size, 1] = h1
            touched ^= table[np.int64(h0 & np.uint64(mask))] ^ table[np.int64(h1 & np.uint64(mask))]
            size += 1
            p = end + 1
        if size == 0:
            break
        for j in range(size):
            for f in range(2):
                h = keys[j, f]
                entry = table[np.int64(h & np.uint64(mask))]
                if entry != _U0 and (entry & _TAG) == (h & _TAG):
                    touched ^= np.uint64(arena[np.int64(entry & _AT) + 7])
        for j in range(size):
            s0 = spans[j, 0]
            e0 = spans[j, 1]
            s1 = spans[j, 2]
            e1 = spans[j, 3]
            need = (e0 - s0) + (e1 - s1) + 16
            if (
                nodes + 2 > hashes.shape[0]
                or 2 * (nodes + 2) > table.shape[0]
                or used + need > arena.shape[0]
            ):
                keys[0, 0] ^= touched  # keep the loads
                return pos, k, nodes, used, lineno
            row0 = row1 = -1
            for f in range(2):
                s = s0 if f == 0 else s1
                e = e0 if f == 0 else e1
                h = keys[j, f]
                node, slot = _find(buf, s, e, h, table, arena)
                if node < 0:
                    if not _valid_utf8(buf, s, e):
                        keys[0, 0] ^= touched
                        return pos, k, nodes, used, lineno
                    node = nodes
                    nodes += 1
                    table[slot] = (h & _TAG) | np.uint64(used + 1)
                    hashes[node] = h
                    offsets[node] = used
                    for b in range(4):
                        arena[used + b] = (node >> (8 * b)) & 255
                        arena[used + 4 + b] = ((e - s) >> (8 * b)) & 255
                    used += 8
                    for b in range(e - s):
                        arena[used + b] = buf[s + b]
                    used += e - s
                    offsets[node + 1] = used
                    first_line[node] = lineno + 1
                if f == 0:
                    row0 = node
                else:
                    row1 = node
            if usew:
                status, w = _parse_float(buf, spans[j, 4], spans[j, 5], pow5, pow10)
                if status != 0 or not (0.0 <= w < np.inf):
                    keys[0, 0] ^= touched
                    return pos, k, nodes, used, lineno
                wts[k] = w
            src[k] = row0
            dst[k] = row1
            k += 1
            lineno += 1
            pos = spans[j, 6] + 1
    keys[0, 0] ^= touched
    return pos, k, nodes, used, lineno


@njit(cache=True, nogil=True)
def _parse_str_lines(
    buf, pos, final, state, delim, comment, pow5, pow10, override, src, dst, wts,
    table, hashes, offsets, arena, first_line,
):  # fmt: skip
    """Parse lines of string node IDs from ``buf[pos:]``: ``(status, pos)``.

    Appends to ``src``, ``dst`` (rows, in order of first appearance) and
    ``wts``; new IDs go to the hash ``table``, ``hashes``, the byte ``arena``
    (see :func:`_find`; node ``i``'s record is ``arena[offsets[i]:offsets[i + 1]]``)
    and ``first_line``.
    """
    n = buf.shape[0]
    lineno = state[_LINENO]
    k = state[_K]
    nodes = state[_N]
    used = state[_ARENA]
    settled = _settled(state)
    dkind = state[_DKIND]
    dlen = state[_DLEN]
    nfields = state[_NFIELDS]
    usew = state[_USEW]
    three = nfields == 3
    fast = settled and _fast_ok(dkind, delim, dlen)
    c0 = np.int64(comment[0]) if comment.shape[0] else np.int64(-1)
    last = _last_newline(buf)
    status = _DONE
    spans = np.empty((_BATCH, 7), dtype=np.int64)
    keys = np.empty((_BATCH, 2), dtype=np.uint64)
    while pos < n:
        if fast and pos <= last and k < src.shape[0]:
            pos, k, nodes, used, lineno = _str_run(
                buf, pos, last, dkind, delim[0], three, usew, c0, lineno, k, nodes, used,
                src, dst, wts, table, hashes, offsets, arena, first_line, pow5, pow10, spans,
                keys,
            )  # fmt: skip
            if pos >= n:
                break
        if k >= src.shape[0]:
            status = _FULL
            break
        kind, end, count, s0, e0, s1, e1, s2, e2 = _scan(buf, pos, dkind, delim, dlen, comment)
        if end == n and not final:
            status = _MORE
            break
        lineno += 1
        if kind == 0:
            pos = end + 1
            continue
        if not settled:
            kind, end, count, s0, e0, s1, e1, s2, e2 = _setup(
                buf, pos, end, lineno, state, delim, comment
            )
            settled = _settled(state)
            dkind = state[_DKIND]
            dlen = state[_DLEN]
            nfields = state[_NFIELDS]
            usew = state[_USEW]
            three = nfields == 3
            fast = settled and _fast_ok(dkind, delim, dlen)
            if kind == 0:
                pos = end + 1
                continue
        elif count != nfields:
            kind = -_E_MISMATCH
        if kind < 0:
            _fail(state, -kind, lineno, 0, 0, count)
            status = _ERROR
            break
        need = (e0 - s0) + (e1 - s1) + 16  # two records
        if (
            nodes + 2 > hashes.shape[0]
            or 2 * (nodes + 2) > table.shape[0]
            or used + need > arena.shape[0]
        ):
            state[_NEED] = need
            lineno -= 1
            status = _GROW
            break
        source = -1
        node = -1
        for f in range(2):  # the source, then the target
            s = s0 if f == 0 else s1
            e = e0 if f == 0 else e1
            if s == e:
                _fail(state, _E_EMPTY, lineno, s, e, count)
                status = _ERROR
                break
            h = _hash_bytes(buf, s, e)
            node, slot = _find(buf, s, e, h, table, arena)
            if node < 0:
                if not _valid_utf8(buf, s, e):
                    _fail(state, _E_UTF8, lineno, s, e, count)
                    status = _ERROR
                    break
                node = nodes
                nodes += 1
                table[slot] = (h & _TAG) | np.uint64(used + 1)
                hashes[node] = h
                offsets[node] = used
                for j in range(4):
                    arena[used + j] = (node >> (8 * j)) & 255
                    arena[used + 4 + j] = ((e - s) >> (8 * j)) & 255
                used += 8
                for j in range(e - s):
                    arena[used + j] = buf[s + j]
                used += e - s
                offsets[node + 1] = used
                first_line[node] = lineno
            if f == 0:
                source = node
        if status == _ERROR:
            break
        if usew:
            code, w = _weight(buf, s2, e2, state, override, pow5, pow10)
            if code < 0:
                _fail(state, 0, lineno, s2, e2, count)
                lineno -= 1
                status = _PYFLOAT
                break
            if code:
                _fail(state, code, lineno, s2, e2, count)
                status = _ERROR
                break
            wts[k] = w
        src[k] = source
        dst[k] = node
        k += 1
        pos = end + 1
    state[_LINENO] = lineno
    state[_K] = k
    state[_N] = nodes
    state[_ARENA] = used
    return status, pos


@njit(cache=True, nogil=True)
def _rehash(hashes, offsets, n_nodes, table):
    """Fill ``table`` (zeros, a power of two of slots) with nodes ``0 .. n_nodes - 1``."""
    mask = table.shape[0] - 1
    for node in range(n_nodes):
        h = hashes[node]
        slot = np.int64(h & np.uint64(mask))
        while table[slot] != _U0:
            slot = (slot + 1) & mask
        table[slot] = (h & _TAG) | np.uint64(offsets[node] + 1)
    return table


@njit(cache=True, nogil=True)
def _joined(arena, offsets, n_nodes):
    """The IDs separated by newlines (which no ID holds), to decode in one call."""
    out = np.empty(offsets[n_nodes] - 8 * n_nodes + max(n_nodes - 1, 0), dtype=np.uint8)
    p = 0
    for i in range(n_nodes):
        if i:
            out[p] = 10
            p += 1
        for j in range(offsets[i] + 8, offsets[i + 1]):
            out[p] = arena[j]
            p += 1
    return out


@njit(cache=True, nogil=True)
def _find_newline(buf):
    for i in range(buf.shape[0]):
        if buf[i] == 10:
            return i
    return -1


# -- integer IDs to rows ---------------------------------------------------------------


@njit(cache=True, nogil=True)
def _rank_range(src, dst, lo, span):
    """IDs in ``lo .. lo + span - 1`` to their rank among the distinct IDs, in place.

    Returns the distinct IDs, sorted.
    """
    rank = np.zeros(span, dtype=np.int32)
    for e in range(src.shape[0]):
        rank[src[e] - lo] = 1
        rank[dst[e] - lo] = 1
    n = 0
    for i in range(span):
        n += rank[i]
    labels = np.empty(n, dtype=np.int64)
    n = 0
    for i in range(span):
        if rank[i]:
            labels[n] = lo + i
            rank[i] = n
            n += 1
    for e in range(src.shape[0]):
        src[e] = rank[src[e] - lo]
        dst[e] = rank[dst[e] - lo]
    return labels


@njit(cache=True, nogil=True)
def _number_hashed(src, dst):
    """Integer IDs to numbers in order of first appearance, in place, with a hash table.

    Returns the distinct IDs, in that order.
    """
    size = 1 << 12
    keys = np.empty(size, dtype=np.int64)
    slots = np.full(size, -1, dtype=np.int64)
    uniq = np.empty(size // 2, dtype=np.int64)
    n = 0
    for column in (src, dst):
        for e in range(column.shape[0]):
            x = column[e]
            mask = size - 1
            slot = np.int64(mix64(np.uint64(x)) & np.uint64(mask))
            while slots[slot] >= 0 and keys[slot] != x:
                slot = (slot + 1) & mask
            if slots[slot] < 0:
                if 2 * (n + 1) > size:  # grow: twice the slots, everything again
                    size *= 2
                    mask = size - 1
                    keys = np.empty(size, dtype=np.int64)
                    slots = np.full(size, -1, dtype=np.int64)
                    grown = np.empty(size // 2, dtype=np.int64)
                    for i in range(n):
                        grown[i] = uniq[i]
                    uniq = grown
                    for i in range(n):
                        s = np.int64(mix64(np.uint64(uniq[i])) & np.uint64(mask))
                        while slots[s] >= 0:
                            s = (s + 1) & mask
                        keys[s] = uniq[i]
                        slots[s] = i
                    slot = np.int64(mix64(np.uint64(x)) & np.uint64(mask))
                    while slots[slot] >= 0:
                        slot = (slot + 1) & mask
                keys[slot] = x
                slots[slot] = n
                uniq[n] = x
                n += 1
            column[e] = slots[slot]
    return uniq[:n]


@njit(cache=True, nogil=True)
def _remap(column, rank):
    for e in range(column.shape[0]):
        column[e] = rank[column[e]]


def _rank_ints(src, dst, lo, hi):
    """Integer IDs to rows (in place) and the sorted distinct IDs."""
    m = src.shape[0]
    span = int(hi) - int(lo) + 1
    if span <= 2 * m + (1 << 20) and span < 2**31:
        return _rank_range(src, dst, lo, span)
    # IDs spread over a range much wider than their number: a hash table
    uniq = _number_hashed(src, dst)
    order = np.argsort(uniq)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    _remap(src, rank)
    _remap(dst, rank)
    return uniq[order]


# -- CSR -------------------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _scatter(src, dst, wts, weighted, both, indptr, keys, data):
    """Bucket the edges by source row, in file order (a counting sort).

    ``keys`` receive the targets, or with ``both`` (undirected) ``2 * target``
    and, in the target's row, ``2 * source + 1`` for the reverse of each edge
    that is not a self-loop; ``data`` the weights, if ``weighted`` (else it is
    not written). ``indptr`` (zeros on entry) gets the row offsets.
    """
    m = src.shape[0]
    n = indptr.shape[0] - 1
    for e in range(m):
        indptr[src[e] + 1] += 1
        if both and src[e] != dst[e]:
            indptr[dst[e] + 1] += 1
    for i in range(n):
        indptr[i + 1] += indptr[i]
    nxt = indptr[:-1].copy()
    for e in range(m):
        s = src[e]
        d = dst[e]
        w = wts[e] if weighted else 1.0
        p = nxt[s]
        nxt[s] = p + 1
        if weighted:
            data[p] = w
        if both:
            keys[p] = 2 * d
            if s != d:
                p = nxt[d]
                nxt[d] = p + 1
                keys[p] = 2 * s + 1
                if weighted:
                    data[p] = w
        else:
            keys[p] = d


@njit(cache=True, nogil=True)
def _sort_row(keys, data, start, end, weighted, tmp_keys, tmp_data):
    """Sort ``keys[start:end]`` (and ``data`` along if ``weighted``), stably.

    Equal keys keep file order, the order their weights add up in. Runs of
    32 by insertion, then bottom-up merges through ``tmp_keys``/``tmp_data``
    (at least as long as the row).
    """
    for a in range(start, end, 32):
        b = min(a + 32, end)
        for j in range(a + 1, b):
            key = keys[j]
            value = data[j] if weighted else 0.0
            i = j - 1
            while i >= a and keys[i] > key:
                keys[i + 1] = keys[i]
                if weighted:
                    data[i + 1] = data[i]
                i -= 1
            keys[i + 1] = key
            if weighted:
                data[i + 1] = value
    width = 32
    while width < end - start:
        for a in range(start, end, 2 * width):
            mid = min(a + width, end)
            b = min(a + 2 * width, end)
            if mid == b or keys[mid - 1] <= keys[mid]:
                continue
            i = a
            j = mid
            out = 0
            while i < mid and j < b:
                if keys[j] < keys[i]:  # ties: the left run, earlier in the file, first
                    tmp_keys[out] = keys[j]
                    if weighted:
                        tmp_data[out] = data[j]
                    j += 1
                else:
                    tmp_keys[out] = keys[i]
                    if weighted:
                        tmp_data[out] = data[i]
                    i += 1
                out += 1
            while i < mid:
                tmp_keys[out] = keys[i]
                if weighted:
                    tmp_data[out] = data[i]
                i += 1
                out += 1
            # what is left of the right run is in place already
            for j in range(out):
                keys[a + j] = tmp_keys[j]
                if weighted:
                    data[a + j] = tmp_data[j]
        width *= 2


@njit(cache=True, nogil=True)
def _reduce(indptr, keys, data, weighted, both, back):
    """Sort the rows and sum repeated edges (in file order), compacting in place.

    Unweighted (``data`` not read), every edge weighs 1.

    Directed: ``keys`` become the column indices and ``data`` the sums; zeros
    are dropped. Undirected (``both``): for each column, ``data`` gets the
    sum of the edges ``i -> j`` and ``back`` of the edges ``j -> i`` (for the
    diagonal, 0). Returns ``(entries, symmetric)``: whether every ``i -> j``
    sum equals its ``j -> i`` sum.
    """
    n = indptr.shape[0] - 1
    longest = 0
    for i in range(n):
        longest = max(longest, indptr[i + 1] - indptr[i])
    tmp_keys = np.empty(longest, dtype=keys.dtype)
    tmp_data = np.empty(longest if weighted else 0)
    out = 0
    start = 0
    symmetric = True
    for i in range(n):
        end = indptr[i + 1]
        indptr[i] = out
        _sort_row(keys, data, start, end, weighted, tmp_keys, tmp_data)
        j = start
        while j < end:
            key = keys[j]
            total = data[j] if weighted else 1.0
            j += 1
            while j < end and keys[j] == key:
                total += data[j] if weighted else 1.0
                j += 1
            if not both:
                if total != 0.0:
                    keys[out] = key
                    data[out] = total
                    out += 1
                continue
            col = key >> 1
            forward = 0.0
            backward = 0.0
            if key & 1:
                backward = total
            else:
                forward = total
                if j < end and keys[j] == key + 1:
                    backward = data[j] if weighted else 1.0
                    j += 1
                    while j < end and keys[j] == key + 1:
                        backward += data[j] if weighted else 1.0
                        j += 1
            if col != i and forward != backward:
                symmetric = False
            if forward != 0.0 or backward != 0.0:
                keys[out] = col
                data[out] = forward
                back[out] = backward
                out += 1
        start = end
    indptr[n] = out
    return out, symmetric


@njit(cache=True, nogil=True)
def _undirected(indptr, indices, data, back, symmetric):
    """Undirected weights from the two directions' sums, in place; zeros dropped.

    As :func:`sksg._graph.to_csr`: a symmetric matrix is kept as it is, else
    each edge weighs the sum of both directions, a self-loop its own weight.
    """
    n = indptr.shape[0] - 1
    out = 0
    start = 0
    for i in range(n):
        end = indptr[i + 1]
        indptr[i] = out
        for j in range(start, end):
            c = indices[j]
            w = data[j] if symmetric or c == i else data[j] + back[j]
            if w != 0.0:
                indices[out] = c
                data[out] = w
                out += 1
        start = end
    indptr[n] = out
    return out


# -- files -----------------------------------------------------------------------------


class _Blocks:
    """A file's bytes (gzip: decompressed), block by block, read ahead on a thread.

    Iterating yields uint8 arrays of at most ``block_bytes`` bytes; each is
    valid until the next one is taken (three buffers rotate). Use as a
    context manager: leaving it stops the thread and closes the file.
    """

    def __init__(self, path, block_bytes):
        self.name = os.fspath(path)
        self.raw = open(path, "rb")  # noqa: SIM115 (closed by __exit__)
        try:
            self.compressed = self.raw.peek(2)[:2] == b"\x1f\x8b"
            self.size = os.fstat(self.raw.fileno()).st_size
            self.file = gzip.GzipFile(fileobj=self.raw, mode="rb") if self.compressed else self.raw
        except BaseException:
            self.raw.close()
            raise
        self.block_bytes = block_bytes
        self.stop = threading.Event()
        self.thread = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
        if self.file is not self.raw:
            self.file.close()
        self.raw.close()

    def _fill(self, buf):
        view = memoryview(buf)
        filled = 0
        while filled < buf.shape[0]:
            got = self.file.readinto(view[filled:])
            if not got:
                break
            filled += got
        return filled

    def _put(self, out, item):
        """Hand ``item`` to the consumer, unless it has stopped."""
        while not self.stop.is_set():
            try:
                out.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def _read(self, out):
        buffers = [np.empty(self.block_bytes, dtype=np.uint8) for _ in range(3)]
        try:
            for turn in range(2**62):
                buf = buffers[turn % 3]
                filled = self._fill(buf)
                self._put(out, buf[:filled])
                if filled < buf.shape[0] or self.stop.is_set():
                    return
        except BaseException as exc:  # noqa: BLE001 (handed to the consumer, raised there)
            self._put(out, exc)

    def __iter__(self):
        if not self.compressed and 0 < self.size < self.block_bytes:  # a small file: no thread
            buf = np.empty(self.size + 1, dtype=np.uint8)  # + 1: a file that grew reads on
            while True:
                filled = self._fill(buf)
                if filled:
                    yield buf[:filled]
                if filled < buf.shape[0]:
                    return
        # A queue of one: the thread fills the third buffer while the consumer
        # holds one and the queue the other.
        out = queue.Queue(maxsize=1)
        self.thread = threading.Thread(target=self._read, args=(out,), daemon=True)
        self.thread.start()
        while True:
            item = out.get()
            if isinstance(item, BaseException):
                if isinstance(item, (EOFError, zlib.error, gzip.BadGzipFile)):
                    raise ValueError(f"{self.name}: not valid gzip data ({item})") from None
                raise item
            if item.shape[0]:
                yield item
            if item.shape[0] < self.block_bytes:
                return


# -- the public reader -----------------------------------------------------------------


def read_edgelist(
    path, *, delimiter=None, comments="#", header=False, weighted=None, directed=False,
    nodetype="auto",
):  # fmt: skip
    """Read an edge list file into a sparse adjacency matrix and node labels.

    One edge per line, ``source target`` or ``source target weight``, as
    written by ``numpy.savetxt``, ``pandas.DataFrame.to_csv`` or networkx's
    ``write_edgelist``; gzip files are read as they are. The parser is
    compiled (numba) and holds no Python object per edge: large files are
    read in blocks, and memory is the edge columns, the matrix and, for
    string IDs, the distinct IDs.

    Parameters
    ----------
    path : str or path-like
        The file. gzip compression is recognised by its first bytes.
    delimiter : str, default=None
        None splits on runs of spaces and tabs; one character (``','``,
        ``'\\t'``) splits on it, and spaces around each field are stripped
        (a space is the same as None); ``'auto'`` takes a tab if the first
        line that is not a comment holds one, else a comma if it holds one,
        else whitespace.
    comments : str or None, default='#'
        Lines starting with it (after leading spaces) are skipped, as are
        blank lines; None: no comments.
    header : bool, default=False
        Skip the first line that is not blank or a comment (column names).
    weighted : bool or None, default=None
        None uses a third column as weights when the lines have one; True
        requires it; False ignores it (every edge weighs 1). Weights must be
        finite and non-negative; an edge of weight 0 is no edge, but its
        nodes are nodes.
    directed : bool, default=False
        False returns the undirected graph, made as sksg makes an edge list
        undirected, so that ``GraphWalkEmbedder(graph=A)`` builds the same
        graph as from the edges as an array: if the matrix ``M`` of the
        lines is symmetric (every edge listed both ways, with equal weights)
        it is returned as it is, else ``M + M.T`` with self-loops counted
        once (an edge listed both ways then weighs the sum). True returns
        ``M``: row ``i`` holds the edges from ``labels[i]``. Repeated lines
        add up either way.
    nodetype : {'auto', int, str}, default='auto'
        int parses the IDs as 64-bit integers (an error names the first that
        is not one); str keeps them as text, as written (``'007'`` and ``'7'``
        are two nodes); 'auto' is int when every ID is an integer, else str
        (the file is then read a second time).

    Returns
    -------
    A : scipy.sparse.csr_array of shape (n_nodes, n_nodes), dtype float64
        The weighted adjacency matrix, in canonical form (sorted indices, no
        duplicates, no stored zeros), with int32 index arrays when they fit.
    labels : ndarray of shape (n_nodes,)
        Row ``i`` is node ``labels[i]``. Integer IDs: int64, the distinct IDs
        in increasing order (IDs ``0 .. n - 1`` are their own rows). String
        IDs: object array of str, in order of first appearance (the source,
        then the target of each line), the order of the ``sksg`` command.

    Raises
    ------
    ValueError
        On the first problem of the file, naming its line (counting every
        line from 1, comments and blank lines included): a line with other
        than 2 or 3 fields or with another number of fields than the first
        edge, an empty ID, a weight that is not a number or is NaN, infinite
        or negative, an ID that is not UTF-8 (or with ``nodetype=int`` not an
        integer); and for a file without edges.

    See Also
    --------
    GraphWalkEmbedder : Takes ``A`` as its ``graph``; its ``nodes_`` are then the
        rows ``0 .. n - 1``, and row ``i`` of its ``embedding_`` is node
        ``labels[i]``.

    Notes
    -----
    Fields are split on ASCII whitespace; other Unicode spaces are part of an
    ID. Comments are whole lines, never the end of a line, and their bytes
    are not decoded. Weights read as Python's ``float`` reads them
    (correctly rounded), except that ``1_000`` is not a number.

    Examples
    --------
    >>> import os, tempfile
    >>> from sksg import read_edgelist
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = os.path.join(tmp.name, "edges.txt")
    >>> with open(path, "w") as f:
    ...     _ = f.write("# source target weight\\n10 20 0.5\\n20 30 2\\n30 10 1\\n")
    >>> A, labels = read_edgelist(path)
    >>> labels
    array([10, 20, 30])
    >>> A.toarray()
    array([[0. , 0.5, 1. ],
           [0.5, 0. , 2. ],
           [1. , 2. , 0. ]])
    >>> A, labels = read_edgelist(path, directed=True, weighted=False, nodetype=str)
    >>> labels.tolist(), A.toarray()
    (['10', '20', '30'], array([[0., 1., 0.],
           [0., 0., 1.],
           [1., 0., 0.]]))
    >>> tmp.cleanup()
    """
    edges = _parse_edges(
        path, delimiter=delimiter, comments=comments, header=header, weighted=weighted,
        nodetype=nodetype,
    )  # fmt: skip
    if edges.error is not None:
        raise ValueError(edges.error.message)
    labels = edges.labels
    return _to_csr(edges, directed), labels


# -- the parse -------------------------------------------------------------------------

_TERMS = {"delimiter": "delimiter=", "header": "header=True", "weighted": "weighted=True"}
_INT64_LIMITS = (np.iinfo(np.int64).max, np.iinfo(np.int64).min)


class _Error:
    """The first problem of a file: its line (None for the whole file), kind and message."""

    def __init__(self, lineno, code, message):
        self.lineno = lineno
        self.code = code
        self.message = message


class _Edges:
    """An edge list file's columns.

    ``src``, ``dst``: rows (int64 for integer IDs, int32 for strings), or the
    raw integer IDs when not remapped; ``weight``: float64 or None;
    ``labels``: the sorted int64 IDs, or an object array of str in order of
    first appearance (``first_line``: where each first appears); ``error``:
    an :class:`_Error` or None (on error the arrays hold what came before it).
    """

    def __init__(self, name, src, dst, weight, labels, first_line, error):
        self.name = name
        self.src = src
        self.dst = dst
        self.weight = weight
        self.labels = labels
        self.first_line = first_line
        self.error = error


class _Stop(Exception):
    """The parse ended early: an error, or (``switch``) integers turned out to be strings."""

    def __init__(self, switch=False):
        self.switch = switch


def _split_hint(sep, terms):
    name = {None: "whitespace", "\t": "tabs", ",": "commas"}.get(sep, repr(sep))
    return f" (fields split on {name}; see {terms['delimiter']})"


class _Parser:
    """Feeds blocks of bytes to a kernel, grows its arrays, turns its errors into messages."""

    def __init__(self, name, string_ids, strict, delimiter, comment, header, weighted, terms):
        self.name = name
        self.string_ids = string_ids
        self.strict = strict
        self.terms = terms
        state = self.state = np.zeros(_STATE_SIZE, dtype=np.int64)
        self.delim = np.zeros(4, dtype=np.uint8)
        if delimiter == "auto":
            state[_DKIND] = -1
        elif delimiter is not None:
            state[_DKIND] = 1
            state[_DLEN] = len(delimiter)
            self.delim[: len(delimiter)] = np.frombuffer(delimiter, dtype=np.uint8)
        self.comment = np.frombuffer(comment, dtype=np.uint8).copy()
        state[_HEADER] = bool(header)
        state[_WEIGHTED] = -1 if weighted is None else int(bool(weighted))
        state[_LO], state[_HI] = _INT64_LIMITS
        self.override = np.zeros(1)
        self.total_bytes = None
        self.bytes_seen = 0
        self.error = None

    def start(self, total_bytes, compressed):
        """Allocate for a file of ``total_bytes`` (pages untouched until written)."""
        if not compressed:
            self.total_bytes = total_bytes
        cap = max(1024, (total_bytes * (4 if compressed else 1)) // 10)
        self.src = np.empty(cap, dtype=np.int32 if self.string_ids else np.int64)
        self.dst = np.empty_like(self.src)
        self.wts = np.empty(cap)
        if self.string_ids:
            self.table = np.zeros(1 << 12, dtype=np.uint64)
            self.hashes = np.empty(1 << 10, dtype=np.uint64)
            self.offsets = np.zeros((1 << 10) + 1, dtype=np.int64)
            self.first_line = np.empty(1 << 10, dtype=np.int64)
            self.arena = np.empty(1 << 16, dtype=np.uint8)

    def feed(self, buf, final):
        """Parse the lines of ``buf``; the offset of an unfinished last line, or its size."""
        state = self.state
        pos = 0
        while True:
            if self.string_ids:
                status, pos = _parse_str_lines(
                    buf, pos, final, state, self.delim, self.comment, _POW5, _POW10,
                    self.override, self.src, self.dst, self.wts, self.table, self.hashes,
                    self.offsets, self.arena, self.first_line,
                )  # fmt: skip
            else:
                status, pos = _parse_int_lines(
                    buf, pos, final, state, self.delim, self.comment, _POW5, _POW10,
                    self.override, self.src, self.dst, self.wts,
                )  # fmt: skip
            if status == _DONE or status == _MORE:
                return pos
            if status == _FULL:
                self._grow_edges()
            elif status == _GROW:
                self._grow_nodes()
            elif status == _PYFLOAT:  # digits enough to need Python to round them
                self.override[0] = float(bytes(buf[state[_ERR_S] : state[_ERR_E]]))
                state[_OVERRIDE] = 1
            else:
                self._fail(buf)

    def _grow_edges(self):
        k = int(self.state[_K])
        cap = self.src.shape[0] + self.src.shape[0] // 2
        if self.total_bytes and self.bytes_seen:  # lines per byte so far, for the whole file
            cap = max(cap, int(k * self.total_bytes / self.bytes_seen * 1.05) + 1024)
        self.src.resize(cap, refcheck=False)
        self.dst.resize(cap, refcheck=False)
        if self.state[_USEW]:
            self.wts.resize(cap, refcheck=False)

    def _grow_nodes(self):
        state = self.state
        nodes = int(state[_N])
        if nodes + 2 > self.hashes.shape[0]:
            if nodes + 2 > 2**31 - 1:
                raise ValueError(f"{self.name}: more than 2**31 - 1 distinct node IDs")
            cap = min(2 * self.hashes.shape[0], 2**31 - 1)
            self.hashes.resize(cap, refcheck=False)
            self.offsets.resize(cap + 1, refcheck=False)
            self.first_line.resize(cap, refcheck=False)
        if 2 * (nodes + 2) > self.table.shape[0]:
            # numpy's allocation, which asks for huge pages (fewer TLB misses)
            self.table = np.zeros(2 * self.table.shape[0], dtype=np.uint64)
            _rehash(self.hashes, self.offsets, nodes, self.table)
        need = int(state[_ARENA] + state[_NEED])
        if need > self.arena.shape[0]:
            self.arena.resize(max(need, 2 * self.arena.shape[0]), refcheck=False)

    def _sep(self):
        if self.state[_DKIND] <= 0:
            return None
        return bytes(self.delim[: self.state[_DLEN]]).decode("utf-8")

    def _fail(self, buf):
        state = self.state
        code = int(state[_ERR])
        lineno = int(state[_ERR_LINE])
        raw = bytes(buf[state[_ERR_S] : state[_ERR_E]])
        text = raw.decode("utf-8", "backslashreplace")
        count = int(state[_ERR_N])
        terms = self.terms
        if code == _E_NOT_INT and not self.strict:
            raise _Stop(switch=True)
        if code == _E_NOT_NUMBER:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                code, text = _E_UTF8, exc.reason
        if code == _E_UTF8:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = exc.reason
        if code == _E_FIELDS:
            message = (
                f"expected 2 or 3 fields (source target [weight]), got {count}"
                f"{_split_hint(self._sep(), terms)}"
            )
        elif code == _E_NEED_WEIGHT:
            message = f"{terms['weighted']} needs a third column of weights, this line has 2 fields"
        elif code == _E_MISMATCH:
            message = (
                f"expected {state[_NFIELDS]} fields like line {state[_FIRST]}, got {count}"
                f"{_split_hint(self._sep(), terms)}"
            )
        elif code == _E_EMPTY:
            message = "the node ID '' is empty"
        elif code == _E_NOT_INT:
            message = (
                f"the node ID {text!r} is not a 64-bit integer (nodetype=str reads node IDs "
                "as strings)"
            )
        elif code == _E_NOT_NUMBER:
            hint = f"; if it is a header, pass {terms['header']}" if lineno == state[_FIRST] else ""
            message = f"the weight {text!r} is not a number{hint}"
        elif code == _E_NOT_FINITE:
            message = f"the weight {text!r} is not a finite non-negative number"
        else:
            message = f"not UTF-8 text ({text})"
        self.error = _Error(lineno, code, f"{self.name} line {lineno}: {message}")
        raise _Stop

    def run(self, path, block_bytes):
        with _Blocks(path, block_bytes) as blocks:
            self.start(blocks.size, blocks.compressed)
            carry = None
            for block in blocks:
                self.bytes_seen += block.shape[0]
                if carry is not None:  # the line that began in the previous block
                    nl = _find_newline(block)
                    if nl < 0:
                        carry = np.concatenate([carry, block])
                        continue
                    self.feed(np.concatenate([carry, block[: nl + 1]]), False)
                    block = block[nl + 1 :]
                    carry = None
                pos = self.feed(block, False)
                if pos < block.shape[0]:
                    carry = block[pos:].copy()
            if carry is not None:
                self.feed(carry, True)

    def edges(self, remap):
        """The result: arrays trimmed to the edges read, integer IDs ranked if ``remap``."""
        state = self.state
        k = int(state[_K])
        for name in ("src", "dst"):
            getattr(self, name).resize(k, refcheck=False)
        weight = None
        if state[_USEW]:
            self.wts.resize(k, refcheck=False)
            weight = self.wts
        self.wts = None
        error = self.error
        if error is None and k == 0:
            error = _Error(None, 0, f"{self.name}: no edges (the file is empty, or only comments)")
        labels = first_line = None
        if self.string_ids:
            nodes = int(state[_N])
            text = _joined(self.arena, self.offsets, nodes).tobytes().decode("utf-8")
            labels = np.empty(nodes, dtype=object)
            if nodes:
                labels[:] = text.split("\n")
            first_line = self.first_line[:nodes].copy()
        elif remap and error is None:
            labels = _rank_ints(self.src, self.dst, state[_LO], state[_HI])
        return _Edges(self.name, self.src, self.dst, weight, labels, first_line, error)


def _delimiter_bytes(delimiter):
    if delimiter is None or delimiter == "auto":
        return delimiter
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise ValueError(
            f"delimiter must be None (whitespace), 'auto' or one character, got {delimiter!r}."
        )
    if delimiter == "\n":
        raise ValueError("delimiter cannot be a newline: it ends lines.")
    if delimiter.isspace() and delimiter != "\t":
        return None
    return delimiter.encode("utf-8")


def _nodetype(nodetype):
    if nodetype in ("auto", None):
        return (False, True), False
    if nodetype in (int, "int"):
        return (False,), True
    if nodetype in (str, "str"):
        return (True,), False
    raise ValueError(f"nodetype must be 'auto', int or str, got {nodetype!r}.")


def _parse_edges(
    path, *, delimiter=None, comments="#", header=False, weighted=None, nodetype="auto",
    terms=_TERMS, remap=True,
):  # fmt: skip
    """Parse an edge list file into columns: an :class:`_Edges` (errors in ``.error``)."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    delim = _delimiter_bytes(delimiter)
    if comments is None:
        comment = b""
    elif isinstance(comments, str) and comments and "\n" not in comments:
        comment = comments.encode("utf-8")
    else:
        raise ValueError(f"comments must be a non-empty string or None, got {comments!r}.")
    if isinstance(delim, bytes) and comment.startswith(delim):
        raise ValueError(f"delimiter {delimiter!r} cannot start comments too.")
    if weighted not in (None, True, False):
        raise ValueError(f"weighted must be None, True or False, got {weighted!r}.")
    modes, strict = _nodetype(nodetype)
    for string_ids in modes:
        parser = _Parser(name, string_ids, strict, delim, comment, header, weighted, terms)
        try:
            parser.run(path, BLOCK_BYTES)
        except _Stop as stop:
            if stop.switch:
                if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe: no second reading
                    raise ValueError(
                        f"{name}: the node IDs are not all integers, and this file cannot be "
                        "read again as strings; pass nodetype=str."
                    ) from None
                continue
        break
    return parser.edges(remap)


def _to_csr(edges, directed):
    """The edges as a canonical ``csr_array``; frees the edges' columns on the way.

    Directed: the matrix of the edges, repeated edges summed. Undirected: as
    :func:`sksg._graph.to_csr` makes an edge list two-way: that matrix if it
    is symmetric, else ``A + A.T`` with self-loops counted once.
    """
    n = len(edges.labels)
    m = edges.src.shape[0]
    both = not directed
    size = 2 * m if both else m
    key_type = np.int32 if (2 * n if both else n) < 2**31 else np.int64
    indptr = np.zeros(n + 1, dtype=np.int64)
    keys = np.empty(size, dtype=key_type)
    data = np.empty(size)
    weight = edges.weight
    weighted = weight is not None
    _scatter(edges.src, edges.dst, weight if weighted else data[:0], weighted, both, indptr,
             keys, data)  # fmt: skip
    edges.src = edges.dst = edges.weight = weight = None
    back = np.empty(indptr[-1] if both else 0)
    nnz, symmetric = _reduce(indptr, keys, data, weighted, both, back)
    if both:
        nnz = _undirected(indptr, keys, data, back, symmetric)
    del back
    keys.resize(nnz, refcheck=False)
    data.resize(nnz, refcheck=False)
    if nnz < 2**31 and n < 2**31:
        indptr = indptr.astype(np.int32)
        keys = keys.astype(np.int32, copy=False)
    else:
        keys = keys.astype(np.int64, copy=False)
    A = sp.csr_array((data, keys, indptr), shape=(n, n), copy=False)
    A.has_canonical_format = True
    return A
