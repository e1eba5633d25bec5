"""Vocabularies of integer node labels without a Python object per node.

A graph given as a sparse matrix has the nodes ``0 .. n - 1``; an edge list
of integers has sorted integer labels. A ``dict`` from label to row costs about
100 bytes per node (the key objects, the hash table), as much as a
26-dimensional float32 vector: at a million nodes, more than the rest of what
``fit`` allocates besides the vectors. The mappings here answer the same
questions as that dict (``vocabulary_[node]``, ``node in vocabulary_``,
``get``, iteration in row order, ``len``, equality with a dict) from the
label array alone.
"""

import numbers
import operator
from collections.abc import Mapping

import numpy as np


def _as_int(key):
    """``key`` as a Python int if a dict keyed by ints would find it, else None.

    A dict finds ``1`` under ``1``, ``True``, ``np.int32(1)``, ``1.0`` and
    ``np.float64(1.0)`` (equal values with equal hashes).
    """
    hash(key)  # an unhashable key raises TypeError, as in a dict
    if isinstance(key, (str, bytes)):
        return None
    try:
        return operator.index(key)
    except TypeError:
        pass
    if isinstance(key, numbers.Real) and not isinstance(key, numbers.Integral):
        try:
            value = float(key)
        except (TypeError, ValueError, OverflowError):
            return None
        if value.is_integer():
            return int(value)
    return None


class RangeVocabulary(Mapping):
    """The vocabulary of nodes ``0 .. n - 1``: node ``i`` is row ``i``.

    Behaves as ``{i: i for i in range(n)}`` in 16 bytes.

    Examples
    --------
    >>> from sksg._labels import RangeVocabulary
    >>> v = RangeVocabulary(3)
    >>> v[2], 5 in v, v.get(7, -1), list(v.items())
    (2, False, -1, [(0, 0), (1, 1), (2, 2)])
    >>> v == {0: 0, 1: 1, 2: 2}
    True
    """

    def __init__(self, n):
        self.n = int(n)

    def __getitem__(self, key):
        i = _as_int(key)
        if i is None or not 0 <= i < self.n:
            raise KeyError(key)
        return i

    def get(self, key, default=None):
        i = _as_int(key)
        return i if i is not None and 0 <= i < self.n else default

    def __contains__(self, key):
        return self.get(key) is not None

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        return self.n

    def __repr__(self):
        return f"RangeVocabulary({self.n}): {{0: 0, ..., {self.n - 1}: {self.n - 1}}}"

    def lookup(self, keys):
        """Rows of an integer array of labels; -1 for labels not in the vocabulary."""
        keys = np.asarray(keys)
        rows = np.where((keys >= 0) & (keys < self.n), keys, -1)
        return rows.astype(np.int32, copy=False)


class SortedVocabulary(Mapping):
    """The vocabulary of sorted distinct integer labels: ``labels[i]`` is row ``i``.

    Lookups are binary searches in the label array, which the estimator keeps
    anyway as ``nodes_``; nothing is stored per node besides it.

    Examples
    --------
    >>> import numpy as np
    >>> from sksg._labels import SortedVocabulary
    >>> v = SortedVocabulary(np.array([3, 10, 42]))
    >>> v[42], 4 in v, dict(v)
    (2, False, {3: 0, 10: 1, 42: 2})
    """

    def __init__(self, labels):
        self.labels = labels

    def __getitem__(self, key):
        row = self.get(key)
        if row is None:
            raise KeyError(key)
        return row

    def get(self, key, default=None):
        i = _as_int(key)
        if i is None:
            return default
        labels = self.labels
        if not int(labels[0]) <= i <= int(labels[-1]):
            return default
        row = int(np.searchsorted(labels, i))
        return row if int(labels[row]) == i else default

    def __contains__(self, key):
        return self.get(key) is not None

    def __iter__(self):
        return iter(self.labels.tolist())

    def __len__(self):
        return self.labels.shape[0]

    def __repr__(self):
        n = len(self)
        first, last = int(self.labels[0]), int(self.labels[-1])
        return f"SortedVocabulary({n}): {{{first}: 0, ..., {last}: {n - 1}}}"

    def lookup(self, keys):
        """Rows of an integer array of labels; -1 for labels not in the vocabulary."""
        keys = np.asarray(keys)
        rows = np.searchsorted(self.labels, keys)
        rows = np.minimum(rows, self.labels.shape[0] - 1)
        found = self.labels[rows] == keys
        return np.where(found, rows, -1).astype(np.int32)


def integer_labels(labels):
    """``labels`` as an int64 array if they are distinct sorted integers, else None."""
    if isinstance(labels, np.ndarray) and labels.dtype.kind in "iu" and labels.ndim == 1:
        arr = labels.astype(np.int64, copy=False)
    else:
        return None
    if arr.shape[0] == 0 or (arr.shape[0] > 1 and not np.all(arr[1:] > arr[:-1])):
        return None
    return arr


def vocabulary_for(labels):
    """The label -> row mapping of ``labels`` (an array of distinct labels).

    Integer labels ``0 .. n - 1`` get a :class:`RangeVocabulary`, other sorted
    integer labels a :class:`SortedVocabulary`, anything else a ``dict``.
    """
    ints = integer_labels(labels)
    if ints is not None:
        n = ints.shape[0]
        if int(ints[0]) == 0 and int(ints[-1]) == n - 1:
            return RangeVocabulary(n)
        return SortedVocabulary(ints)
    if isinstance(labels, np.ndarray):
        labels = labels.tolist()  # Python keys, as for object labels
    return {label: row for row, label in enumerate(labels)}


def label_rows(vocabulary, labels):
    """The row of each of ``labels`` in ``vocabulary`` (int64), -1 where absent."""
    if (
        hasattr(vocabulary, "lookup")
        and isinstance(labels, np.ndarray)
        and labels.dtype.kind in "iu"
    ):
        return vocabulary.lookup(labels).astype(np.int64)
    get = vocabulary.get
    return np.fromiter((get(v, -1) for v in labels), dtype=np.int64, count=len(labels))


def grown_labels(labels, vocabulary, new):
    """``labels`` with the labels ``new`` appended, and the vocabulary of the result.

    Integer labels stay an int64 array (and a range or sorted vocabulary
    while they are ``0 .. n - 1`` or sorted); otherwise an object array and a dict.
    """
    if labels.dtype.kind == "i" and isinstance(new, np.ndarray) and new.dtype.kind in "iu":
        grown = np.concatenate([labels, new.astype(np.int64)])
        if integer_labels(grown) is not None:
            return grown, vocabulary_for(grown)
        vocabulary = dict(vocabulary)
    else:
        grown = np.empty(labels.shape[0] + len(new), dtype=object)
        grown[: labels.shape[0]] = labels.tolist() if labels.dtype.kind != "O" else labels
        grown[labels.shape[0] :] = new.tolist() if isinstance(new, np.ndarray) else list(new)
        vocabulary = dict(vocabulary)
    n_old = labels.shape[0]
    vocabulary.update({label: n_old + k for k, label in enumerate(grown[n_old:].tolist())})
    return grown, vocabulary
