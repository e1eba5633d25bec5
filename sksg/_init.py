"""Initial vectors: start a fit from known vectors (gensim's ``intersect_word2vec_format``).

The source is a word2vec-format file, a ``(keys, vectors)`` pair or a fitted
sksg estimator. Tokens of the vocabulary that the source knows start from its
vectors; the others start from random vectors as usual.
"""

import os

import numpy as np

from ._vocab import display
from ._word2vec import load_word2vec_format

SOURCES = "a path to a word2vec-format file, a (keys, vectors) pair or a fitted sksg estimator"


def _load_file(path):
    """``(keys, vectors)`` of a word2vec file, text or binary (tried in that order)."""
    name = os.fspath(path)
    binary_first = str(name).endswith((".bin", ".bin.gz"))
    problems = []
    for binary in (binary_first, not binary_first):
        try:
            return load_word2vec_format(path, binary=binary)
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(f"as {'binary' if binary else 'text'}: {exc}")
    raise ValueError(
        f"init_vectors={display(name)} is not a word2vec-format file (" + "; ".join(problems) + ")."
    )


def _source(init):
    """The source as ``(keys, vectors, by_text)``."""
    if isinstance(init, (str, bytes, os.PathLike)):
        keys, vectors = _load_file(init)
        return keys, vectors, True
    embedding = getattr(init, "embedding_", None)
    labels_attr = getattr(init, "_labels_attr", None)
    if labels_attr is not None and hasattr(init, "get_params"):
        if embedding is None:
            raise ValueError(
                f"init_vectors is an unfitted {type(init).__name__}: fit it first, or pass "
                "its vectors."
            )
        return list(getattr(init, labels_attr)), embedding, False
    if isinstance(init, (tuple, list)) and len(init) == 2:
        keys, vectors = init
        try:
            vectors = np.asarray(vectors, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"init_vectors: the vectors are not numbers ({exc}).") from None
        keys = list(keys)
        if vectors.ndim != 2 or vectors.shape[0] != len(keys):
            raise ValueError(
                f"init_vectors: {len(keys)} keys need vectors of shape ({len(keys)}, "
                f"n_components), got shape {vectors.shape}."
            )
        return keys, vectors, False
    raise TypeError(f"init_vectors must be {SOURCES}; got {type(init).__name__}.")


def initial_rows(init, labels, n_components):
    """Rows of the vocabulary that ``init`` knows, and their vectors.

    Parameters
    ----------
    init : path, (keys, vectors) or fitted estimator
    labels : sequence
        The label of each row of the vocabulary.
    n_components : int

    Returns
    -------
    rows : ndarray of int64
        Rows of the vocabulary found in the source.
    vectors : ndarray of float32, shape (len(rows), n_components)
    """
    keys, vectors, by_text = _source(init)
    if vectors.shape[1] != n_components:
        raise ValueError(
            f"init_vectors holds vectors of dimension {vectors.shape[1]}, but "
            f"n_components={n_components}."
        )
    if not np.all(np.isfinite(vectors)):
        bad = int(np.flatnonzero(~np.isfinite(vectors).all(axis=1))[0])
        raise ValueError(f"init_vectors: the vector of {display(keys[bad])} holds NaN or infinity.")
    position = {}
    for i, key in enumerate(keys):
        position.setdefault(key, i)  # the first of duplicate keys, as gensim
    rows, found = [], []
    for row, label in enumerate(labels):
        i = position.get(str(label) if by_text else label)
        if i is not None:
            rows.append(row)
            found.append(i)
    rows = np.asarray(rows, dtype=np.int64)
    return rows, np.asarray(vectors, dtype=np.float32)[np.asarray(found, dtype=np.int64)]
