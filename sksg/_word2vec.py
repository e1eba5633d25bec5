"""Vectors to and from the word2vec format (word2vec.c, gensim, fastText, PecanPy).

The format is a header line ``"<n_vectors> <dimensions>\\n"`` followed by one
record per vector:

- text: ``key v1 v2 ... vd\\n``, the values as decimal numbers;
- binary: ``key`` and a space, then ``d`` float32 values in little-endian
  byte order, then ``\\n`` (word2vec.c writes the newline, gensim does not;
  both forms are read).

Keys are UTF-8 and cannot hold whitespace (it separates the fields).
"""

import gzip
import io
import os

import numpy as np

from ._vocab import display

__all__ = ["load_word2vec_format", "save_word2vec_format"]

_CHUNK = 1 << 20  # bytes read at a time from a binary file
_ROWS = 1024  # rows formatted per write


def _key_problem(key):
    """Why ``key`` (a str) cannot be written as a word2vec key, or None."""
    if not key:
        return "is empty"
    if key.split() != [key]:
        return "contains whitespace"
    if "\0" in key:
        return "contains a NUL character"
    return None


def check_keys(keys):
    """The keys as a list of str, each one writable and all distinct.

    ``str`` keys are kept, ``bytes`` are decoded as UTF-8 and anything else
    (numbers, numpy scalars) goes through ``str``.
    """
    out = []
    for i, key in enumerate(keys):
        text = key.decode("utf-8") if isinstance(key, (bytes, bytearray)) else str(key)
        problem = _key_problem(text)
        if problem is not None:
            raise ValueError(
                f"Key {i} ({display(key)}) {problem}: the word2vec format separates keys from "
                "values with whitespace and cannot store it. Rename the key (e.g. "
                "replace spaces with '_')."
            )
        out.append(text)
    if len(set(out)) != len(out):
        first = {}
        for i, text in enumerate(out):
            if text in first:
                j = first[text]
                raise ValueError(
                    f"Keys {j} ({display(keys[j])}) and {i} ({display(keys[i])}) are both "
                    f"written as {text!r}: keys must be distinct once converted to strings."
                )
            first[text] = i
    return out


def _check_vectors(vectors, n_keys):
    try:
        V = np.asarray(vectors)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"vectors must be a 2-D array of numbers: {exc}") from None
    if V.dtype.kind not in "biuf":
        raise ValueError(f"vectors must be real numbers, got dtype {V.dtype}.")
    if V.ndim != 2:
        raise ValueError(f"vectors must be 2-D (one row per key), got shape {V.shape}.")
    if V.shape[0] != n_keys:
        raise ValueError(f"There are {n_keys} keys but {V.shape[0]} rows of vectors.")
    if V.shape[1] == 0:
        raise ValueError("vectors have no columns: the dimension must be at least 1.")
    with np.errstate(over="ignore"):
        V32 = V.astype("<f4")  # a copy: the caller's array is never touched
    if not np.all(np.isfinite(V32)):
        row = int(np.flatnonzero(~np.isfinite(V32).all(axis=1))[0])
        why = "NaN or infinity" if not np.all(np.isfinite(V[row])) else "a value beyond float32"
        raise ValueError(f"Row {row} of vectors holds {why}; the vectors must be finite.")
    return V32


def _open(path, mode):
    """An open binary file for a path (``.gz`` compressed), or the file object itself."""
    if hasattr(path, "write" if "w" in mode else "read"):
        if isinstance(path, io.TextIOBase):
            raise TypeError(
                f"The file object is open in text mode; open it in binary mode ('{mode}')."
            )
        return path, False
    name = os.fspath(path)
    opener = gzip.open if str(name).endswith(".gz") else open
    return opener(name, mode), True


def save_word2vec_format(path, keys, vectors, *, binary=False):
    """Write vectors in the word2vec format, as word2vec.c and gensim do.

    Parameters
    ----------
    path : str, path-like or binary file object
        The file to write (replaced if it exists; compressed with gzip when the
        name ends with ``.gz``), or a file object open for writing bytes.

    keys : sequence of length n_vectors
        The key of each row. Strings are written as they are (UTF-8), bytes
        are decoded as UTF-8 and other values (such as integer node IDs) are
        converted with ``str``. Keys must be non-empty, distinct after
        conversion and free of whitespace, which the format cannot store.

    vectors : array-like of shape (n_vectors, dimensions)
        Finite real numbers, written as float32.

    binary : bool, default=False
        Write float32 bytes (little-endian) instead of decimal text. The text
        form writes 9 significant digits, which read back as the same float32
        values; the binary form is about 4 times smaller and faster.

    See Also
    --------
    load_word2vec_format : Read such a file.

    Notes
    -----
    gensim reads the file with
    ``gensim.models.KeyedVectors.load_word2vec_format(path, binary=binary)``.
    Binary records end with a newline, as in word2vec.c.

    Examples
    --------
    >>> import io
    >>> from sksg import save_word2vec_format
    >>> f = io.BytesIO()
    >>> save_word2vec_format(f, ["cat", 42], [[0.5, -1.0], [0.1, 2.0]])
    >>> print(f.getvalue().decode())
    2 2
    cat 0.5 -1
    42 0.100000001 2
    <BLANKLINE>
    """
    keys = list(keys)
    names = check_keys(keys)
    V = _check_vectors(vectors, len(names))
    n, dim = V.shape
    fout, close = _open(path, "wb")
    try:
        fout.write(f"{n} {dim}\n".encode())
        if binary:
            for name, row in zip(names, V, strict=True):
                fout.write(name.encode("utf-8") + b" " + row.tobytes() + b"\n")
        else:
            fmt = "%s " + " ".join(["%.9g"] * dim) + "\n"
            for start in range(0, n, _ROWS):  # a batch at a time as Python floats
                stop = start + _ROWS
                rows = zip(names[start:stop], V[start:stop].tolist(), strict=True)
                lines = [fmt % (name, *row) for name, row in rows]
                fout.write("".join(lines).encode("utf-8"))
    finally:
        if close:
            fout.close()


def _decode_key(raw, where):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{where}: the key {raw[:40]!r} is not valid UTF-8 ({exc.reason})."
        ) from None


def _read_header(fin):
    raw = fin.readline()
    parts = raw.split()
    try:
        if len(parts) != 2:
            raise ValueError
        n, dim = int(parts[0]), int(parts[1])
    except ValueError:
        shown = raw[:60].decode("utf-8", "replace").rstrip("\n")
        if not raw:
            raise ValueError("The file is empty: expected a word2vec header line.") from None
        raise ValueError(
            "line 1: expected the header '<n_vectors> <dimensions>' (two integers), got "
            f"{shown!r}. Files without a header (GloVe) are not supported."
        ) from None
    if n < 0 or dim < 1:
        raise ValueError(
            f"line 1: the header announces {n} vectors of dimension {dim}; expected "
            "n_vectors >= 0 and dimensions >= 1."
        )
    return n, dim, len(raw)


class _Rows:
    """A float32 (n, dim) array filled row by row, grown by doubling up to n rows.

    A wrong header count cannot make it allocate more than the file holds.
    """

    def __init__(self, n, dim):
        self.n = n
        self.data = np.empty((min(n, 4096), dim), dtype=np.float32)

    def holding(self, i):
        """The array, grown if needed to hold row ``i``."""
        if i == self.data.shape[0]:
            grown = np.empty((min(self.n, 2 * i), self.data.shape[1]), dtype=np.float32)
            grown[:i] = self.data
            self.data = grown
        return self.data


def _read_text(fin, n, dim):
    keys = []
    rows = _Rows(n, dim)
    lineno = 1
    for lineno, raw in enumerate(fin, start=2):
        parts = raw.split()
        i = len(keys)
        if i == n:
            if parts:
                raise ValueError(
                    f"line {lineno}: the header announces {n} vectors but the file holds more."
                )
            continue
        if len(parts) != dim + 1:
            got = "an empty line" if not parts else f"{len(parts) - 1} values"
            raise ValueError(
                f"line {lineno}: expected a key and {dim} values (the header's dimension), "
                f"got {got}."
            )
        keys.append(_decode_key(parts[0], f"line {lineno}"))
        out = rows.holding(i)
        try:
            out[i] = parts[1:]
        except ValueError:
            out[i] = [_number(p, lineno) for p in parts[1:]]
    if len(keys) < n:
        raise ValueError(
            f"The header announces {n} vectors but the file ends after {len(keys)} (line {lineno})."
        )
    return keys, rows.data


def _number(raw, lineno):
    try:
        return float(raw)
    except ValueError:
        shown = raw[:40].decode("utf-8", "replace")
        raise ValueError(f"line {lineno}: the value {shown!r} is not a number.") from None


def _read_binary(fin, n, dim, offset):
    keys = []
    rows = _Rows(n, dim)
    size = 4 * dim
    buf = b""
    pos = 0
    for i in range(n):
        while True:
            space = buf.find(b" ", pos)
            if space != -1 and len(buf) - space - 1 >= size:
                break
            more = fin.read(max(_CHUNK, size + 1))
            if not more:
                at = offset + pos
                if space == -1:
                    what = "the space after a key" if buf[pos:].strip(b"\n") else "a key"
                else:
                    what = f"{size} bytes of vector, got {len(buf) - space - 1}"
                raise ValueError(
                    f"vector {i + 1} (byte {at}): the file ends early, expected {what}; "
                    f"the header announces {n} vectors of dimension {dim}."
                )
            if space == -1 and len(buf) - pos > _CHUNK:
                raise ValueError(
                    f"vector {i + 1} (byte {offset + pos}): no key found in a megabyte of "
                    "data; is this a text file (binary=False)?"
                )
            offset += pos
            buf = buf[pos:] + more
            pos = 0
        # word2vec.c ends each record with a newline, gensim does not.
        raw = buf[pos:space].lstrip(b"\n")
        where = f"vector {i + 1} (byte {offset + pos})"
        if not raw or b"\n" in raw:
            raise ValueError(
                f"{where}: malformed key {raw[:40]!r}; is the dimension in the header "
                f"({dim}) right, and is the file binary?"
            )
        keys.append(_decode_key(raw, where))
        rows.holding(i)[i] = np.frombuffer(buf, dtype="<f4", count=dim, offset=space + 1)
        pos = space + 1 + size
    rest = buf[pos:] + fin.read(_CHUNK)
    if rest.strip(b"\n"):
        raise ValueError(
            f"byte {offset + pos}: the header announces {n} vectors but the file holds "
            "more data (is the file text? pass binary=False)."
        )
    return keys, rows.data


def load_word2vec_format(path, *, binary=False):
    """Read vectors from a word2vec-format file.

    Reads the files of word2vec.c, gensim
    (``KeyedVectors.save_word2vec_format``), fastText's ``.vec`` files,
    PecanPy and :func:`save_word2vec_format`.

    Parameters
    ----------
    path : str, path-like or binary file object
        The file (gzip-compressed when the name ends with ``.gz``), or a file
        object open for reading bytes.

    binary : bool, default=False
        Whether the vectors are float32 bytes rather than text.

    Returns
    -------
    keys : list of str
        The key of each vector, in file order (duplicates, if the file holds
        any, are kept).

    vectors : ndarray of shape (n_vectors, dimensions), dtype float32
        The vectors.

    Raises
    ------
    ValueError
        If the file does not follow the format; the message gives the line
        (text) or byte offset (binary) of the first problem.

    See Also
    --------
    save_word2vec_format : Write such a file.

    Examples
    --------
    >>> import io
    >>> from sksg import load_word2vec_format
    >>> keys, vectors = load_word2vec_format(io.BytesIO(b"2 3\\ncat 1 2 3\\ndog 4 5 6.5\\n"))
    >>> keys
    ['cat', 'dog']
    >>> vectors
    array([[1. , 2. , 3. ],
           [4. , 5. , 6.5]], dtype=float32)
    """
    fin, close = _open(path, "rb")
    try:
        n, dim, offset = _read_header(fin)
        if binary:
            return _read_binary(fin, n, dim, offset)
        return _read_text(fin, n, dim)
    finally:
        if close:
            fin.close()
