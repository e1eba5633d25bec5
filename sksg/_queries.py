"""Questions on fitted vectors: nearest tokens, analogies, word-pair and analogy test sets.

The functions take arrays, not estimators: ``unit`` is the float32 matrix of
unit-length rows (:func:`unit_rows` of ``embedding_``), ``vocabulary`` maps a
token to its row and ``labels`` holds the token of each row. The estimators'
query methods (:class:`sksg._base.BaseSkipGram`) are thin wrappers.

Every similarity is a cosine: a dot product of unit vectors. A row of zeros
stays zeros and is at similarity 0 to everything, never NaN.

Analogies use the vector offset method of Mikolov et al. (2013), "3CosAdd":
the answer to "a is to b as c is to ?" is the token whose unit vector is
nearest, by cosine, to ``unit(b) - unit(a) + unit(c)``, leaving out a, b
and c.
"""

import gzip
import math
import numbers
import os
from collections.abc import Iterable

import numpy as np

from ._vocab import display

#: Largest number of similarities held at once when answering analogies in blocks
#: (64 MB of float32).
_BLOCK_ELEMENTS = 1 << 24
#: Questions answered together: one (questions x n_components) @ (n_components x
#: block) product per block of rows.
_QUESTION_BATCH = 1024


# -- unit vectors ----------------------------------------------------------------


def unit_rows(vectors):
    """``vectors`` with every row scaled to length 1, as float32; zero rows stay zero."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def _unit(vector):
    """A float64 vector scaled to length 1 (unchanged if it is zero)."""
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


# -- arguments ---------------------------------------------------------------------


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def row_of(vocabulary, item):
    """Row of ``item`` in the vocabulary, -1 if it is not a token of it (or unhashable)."""
    try:
        return vocabulary.get(item, -1)
    except TypeError:  # unhashable: a list or an array
        return -1


def check_topn(topn, allow_none=True):
    if topn is None and allow_none:
        return
    if isinstance(topn, bool) or not isinstance(topn, numbers.Integral) or topn < 1:
        hint = ""
        if isinstance(topn, (str, list, tuple, np.ndarray)):
            hint = (
                " The second positional argument is topn: pass the tokens to subtract "
                "by keyword, negative=[...]."
            )
        allowed = "a positive integer or None" if allow_none else "a positive integer"
        raise ValueError(f"topn must be {allowed}, got {topn!r}.{hint}")


def check_restrict_vocab(restrict_vocab, n_rows):
    """The number of leading rows to search (``n_rows`` for None)."""
    if restrict_vocab is None:
        return n_rows
    if (
        isinstance(restrict_vocab, bool)
        or not isinstance(restrict_vocab, numbers.Integral)
        or restrict_vocab < 1
    ):
        raise ValueError(
            f"restrict_vocab must be a positive integer or None, got {restrict_vocab!r}."
        )
    return min(int(restrict_vocab), n_rows)


def _unknown(item):
    return KeyError(f"{display(item)} is not in the vocabulary.")


def _as_vector(item, n_components):
    """``item`` as a float64 query vector of shape ``(n_components,)``, or an error."""
    vector = np.asarray(item) if not isinstance(item, np.ndarray) else item
    if vector.dtype.kind not in "biuf" or vector.size == 0:
        raise KeyError(
            f"{display(item)} is neither a token of the vocabulary nor a vector of numbers."
        )
    if vector.shape != (n_components,):
        raise ValueError(
            f"A query vector must have shape ({n_components},), got {vector.shape}. Pass "
            "one vector (e.g. X_new[0]), or several as a list (positive=list(X_new))."
        )
    vector = vector.astype(np.float64)
    if not np.all(np.isfinite(vector)):
        raise ValueError("The query vector contains NaN or infinity.")
    return vector


def as_items(arg, vocabulary, n_components):
    """The list of query items that ``positive`` or ``negative`` stands for.

    The rule, in order:

    1. ``None`` is no item.
    2. A token of the vocabulary is one item (a tuple token included).
    3. A list, tuple or 1-D array whose elements are all numbers, not all of
       them tokens, is one vector if it has ``n_components`` elements, or if
       none of its elements is a token (then its length is reported as
       wrong).
    4. Any other list, tuple, 1-D array or iterable is a list of items.
    5. Anything else (a string, a number) is one item: an unknown token.
    """
    if arg is None:
        return []
    if row_of(vocabulary, arg) >= 0:
        return [arg]
    if isinstance(arg, np.ndarray):
        if arg.ndim == 0:
            return [arg.item()]
        if arg.ndim > 1:
            _as_vector(arg, n_components)  # raises the shape error
        elements = arg.tolist()
    elif isinstance(arg, (str, bytes)) or not isinstance(arg, Iterable):
        return [arg]
    else:
        elements = list(arg)
    if elements and all(_is_number(e) for e in elements):
        known = [row_of(vocabulary, e) >= 0 for e in elements]
        if not all(known) and (len(elements) == n_components or not any(known)):
            return [np.asarray(elements, dtype=np.float64)]  # one vector
    return elements


def _is_pair(item, vocabulary, n_components):
    """Whether ``item`` (not a token) is an ``(item, weight)`` pair."""
    if not (isinstance(item, tuple) and len(item) == 2 and _is_number(item[1])):
        return False
    first = item[0]
    # (number, number) with a first number that is no token: a vector when
    # vectors have two components.
    return not (_is_number(first) and row_of(vocabulary, first) < 0 and n_components == 2)


def resolve_terms(arg, sign, vocabulary, n_components):
    """``[(row, vector, weight)]`` for the items of ``arg``: row -1 for a vector, vector None
    for a token. ``sign`` is +1 for ``positive``, -1 for ``negative``."""
    terms = []
    for item in as_items(arg, vocabulary, n_components):
        weight = float(sign)
        row = row_of(vocabulary, item)
        if row < 0 and _is_pair(item, vocabulary, n_components):
            item, w = item
            if not math.isfinite(w):
                raise ValueError(f"The weight of {display(item)} is {w!r}, not a finite number.")
            weight *= float(w)
            row = row_of(vocabulary, item)
        if row >= 0:
            terms.append((row, None, weight))
        elif isinstance(item, (np.ndarray, list, tuple)):
            terms.append((-1, _unit(_as_vector(item, n_components)), weight))
        else:
            raise _unknown(item)
    return terms


def query_vector(unit, terms):
    """The unit-length weighted sum of the terms' unit vectors, float32."""
    mean = np.zeros(unit.shape[1], dtype=np.float64)
    for row, vector, weight in terms:
        mean += weight * (unit[row].astype(np.float64) if vector is None else vector)
    return _unit(mean).astype(np.float32)


def top(sims, topn, exclude=()):
    """Indices of the ``topn`` largest ``sims``, largest first (ties: lower index first),
    leaving out the indices in ``exclude``."""
    sims = np.asarray(sims)
    keep = np.ones(sims.shape[0], dtype=bool)
    keep[list(exclude)] = False
    candidates = np.flatnonzero(keep)
    k = min(topn, candidates.shape[0])
    if k == 0:
        return candidates[:0]
    values = sims[candidates]
    if k < candidates.shape[0]:
        part = np.argpartition(-values, k - 1)[:k]
        candidates, values = candidates[part], values[part]
    order = np.lexsort((candidates, -values))
    return candidates[order]


# -- nearest tokens ----------------------------------------------------------------


def most_similar(unit, vocabulary, labels, positive, negative=None, topn=10, restrict_vocab=None):
    """3CosAdd nearest tokens; see ``BaseSkipGram.most_similar``."""
    check_topn(topn)
    n_rows = check_restrict_vocab(restrict_vocab, unit.shape[0])
    d = unit.shape[1]
    terms = resolve_terms(positive, 1, vocabulary, d) + resolve_terms(negative, -1, vocabulary, d)
    if not terms:
        raise ValueError(
            "Nothing to compare with: positive and negative are both empty. Pass at "
            "least one token or vector."
        )
    sims = unit[:n_rows] @ query_vector(unit, terms)
    if topn is None:
        return sims
    exclude = {row for row, _, _ in terms if 0 <= row < n_rows}
    return [(labels[i], float(sims[i])) for i in top(sims, topn, exclude)]


def _rows_of_tokens(vocabulary, tokens, what):
    if isinstance(tokens, (str, bytes)) or not isinstance(tokens, Iterable):
        raise ValueError(
            f"{what} takes a list of tokens, got {type(tokens).__name__} {display(tokens)}."
        )
    tokens = tokens.tolist() if isinstance(tokens, np.ndarray) else list(tokens)
    rows = []
    for token in tokens:
        row = row_of(vocabulary, token)
        if row < 0:
            raise _unknown(token)
        rows.append(row)
    return tokens, np.asarray(rows, dtype=np.intp)


def similarity(unit, vocabulary, a, b):
    """Cosine similarity of two tokens."""
    rows = []
    for token in (a, b):
        row = row_of(vocabulary, token)
        if row < 0:
            raise _unknown(token)
        rows.append(row)
    return float(unit[rows[0]].astype(np.float64) @ unit[rows[1]].astype(np.float64))


def doesnt_match(unit, vocabulary, tokens):
    """The token of ``tokens`` least similar to the mean of their unit vectors."""
    tokens, rows = _rows_of_tokens(vocabulary, tokens, "doesnt_match")
    if rows.shape[0] == 0:
        raise ValueError("doesnt_match needs at least one token, got an empty list.")
    vectors = unit[rows].astype(np.float64)
    sims = vectors @ _unit(vectors.sum(axis=0))
    return tokens[int(np.argmin(sims))]


# -- reading test sets -------------------------------------------------------------


def _open_text(path, encoding):
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    if name.endswith(".gz"):
        return gzip.open(name, "rt", encoding=encoding)
    return open(name, encoding=encoding)


def _records(source, encoding, what):
    """Yield ``(where, item)``: ``item`` a str line (``where`` = "line n", from 1) or, from
    an iterable, any other element (``where`` = "item i", from 0)."""
    if isinstance(source, (str, bytes, os.PathLike)):
        with _open_text(source, encoding) as f:
            for n, line in enumerate(f, start=1):
                yield f"line {n}", line
        return
    if not isinstance(source, Iterable):
        raise TypeError(
            f"{what} must be a path, a file object or an iterable, got {type(source).__name__}."
        )
    for i, item in enumerate(source):
        if isinstance(item, (bytes, bytearray)):
            item = bytes(item).decode(encoding)
        yield (f"line {i + 1}" if isinstance(item, str) else f"item {i}"), item


def _score(raw, where):
    try:
        score = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"Word pairs, {where}: the score {raw!r} is not a number.") from None
    if not math.isfinite(score):
        raise ValueError(f"Word pairs, {where}: the score {raw!r} is not finite.")
    return score


def read_pairs(pairs, delimiter="\t", encoding="utf-8"):
    """Yield ``(where, from_text, a, b, score)`` for each pair; comments and blank lines
    skipped, malformed records an error naming where they are."""
    for where, item in _records(pairs, encoding, "pairs"):
        if isinstance(item, str):
            text = item.rstrip("\r\n")
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            fields = text.split(delimiter)
            if len(fields) != 3:
                raise ValueError(
                    f"Word pairs, {where}: expected 3 fields (word1, word2, score) separated "
                    f"by {delimiter!r}, got {len(fields)}: {text[:80]!r}. Set delimiter "
                    "(None splits on any whitespace)."
                )
            a, b, raw = (field.strip() for field in fields)
            yield where, True, a, b, _score(raw, where)
            continue
        try:
            a, b, raw = item
        except (TypeError, ValueError):
            raise ValueError(
                f"Word pairs, {where}: expected a (token1, token2, score) triple or a line of "
                f"text, got {display(item)}."
            ) from None
        yield where, False, a, b, _score(raw, where)


def read_analogies(analogies, encoding="utf-8"):
    """Yield ``(where, section name, None)`` for a ``: section`` line and ``(where, None,
    (a, b, c, d))`` for a question; blank lines skipped."""
    has_section = False
    for where, item in _records(analogies, encoding, "analogies"):
        if not isinstance(item, str):
            raise ValueError(
                f"Analogies, {where}: expected a line of text, got {type(item).__name__} "
                f"{display(item)}."
            )
        text = item.strip()
        if not text:
            continue
        if text.startswith(": "):
            has_section = True
            yield where, text.lstrip(": ").strip(), None
            continue
        words = text.split()
        if len(words) != 4:
            raise ValueError(
                f"Analogies, {where}: expected 4 words 'a b c d' or a ': section' line, got "
                f"{len(words)}: {text[:80]!r}."
            )
        if not has_section:
            raise ValueError(f"Analogies, {where}: a question before the first ': section' line.")
        yield where, None, tuple(words)


class _Lookup:
    """Token -> first row among the first ``n_rows``, for test sets: matches tokens by
    value (``from_text=False``) or as text (``str`` of each label), and upper-cased strings
    with ``case_insensitive``. The first (most frequent) row of equal keys wins."""

    def __init__(self, labels, n_rows, case_insensitive):
        self.labels = labels
        self.n_rows = n_rows
        self.case_insensitive = case_insensitive
        self._maps = {}

    def key(self, token):
        if self.case_insensitive and isinstance(token, str):
            return token.upper()
        return token

    def mapping(self, from_text):
        if from_text not in self._maps:
            found = {}
            for row in range(self.n_rows):
                label = self.labels[row]
                found.setdefault(self.key(str(label) if from_text else label), row)
            self._maps[from_text] = found
        return self._maps[from_text]

    def groups(self, from_text):
        """For each of the first rows, the row its key maps to."""
        mapping = self.mapping(from_text)
        return np.array(
            [
                mapping[self.key(str(label) if from_text else label)]
                for label in self.labels[: self.n_rows]
            ],
            dtype=np.intp,
        )

    def row(self, token, from_text, where):
        try:
            return self.mapping(from_text).get(self.key(token), -1)
        except TypeError:
            raise ValueError(
                f"{where}: the token {display(token)} is not hashable, so not a token."
            ) from None


# -- word pairs --------------------------------------------------------------------


def evaluate_word_pairs(
    unit,
    labels,
    pairs,
    *,
    delimiter="\t",
    encoding="utf-8",
    restrict_vocab=300000,
    case_insensitive=False,
    dummy4unknown=False,
):
    """Correlation of cosine similarities with human scores; see the estimator method."""
    from scipy import stats

    lookup = _Lookup(labels, check_restrict_vocab(restrict_vocab, unit.shape[0]), case_insensitive)
    gold, rows_a, rows_b = [], [], []
    n_pairs = n_oov = 0
    for where, from_text, a, b, score in read_pairs(pairs, delimiter, encoding):
        n_pairs += 1
        ra = lookup.row(a, from_text, where)
        rb = lookup.row(b, from_text, where)
        if ra < 0 or rb < 0:
            n_oov += 1
            if not dummy4unknown:
                continue
        gold.append(score)
        rows_a.append(ra)
        rows_b.append(rb)
    if len(gold) < 2:
        raise ValueError(
            f"{len(gold)} of {n_pairs} word pairs have both tokens among the first "
            f"{lookup.n_rows} rows: a correlation needs at least 2. Check the format, the "
            "delimiter, restrict_vocab and case_insensitive."
        )
    rows_a, rows_b = np.asarray(rows_a), np.asarray(rows_b)
    known = (rows_a >= 0) & (rows_b >= 0)
    model = np.zeros(len(gold), dtype=np.float64)
    model[known] = np.einsum(
        "ij,ij->i",
        unit[rows_a[known]].astype(np.float64),
        unit[rows_b[known]].astype(np.float64),
    )
    r, r_p = stats.pearsonr(gold, model)
    rho, rho_p = stats.spearmanr(gold, model)
    return (float(r), float(r_p)), (float(rho), float(rho_p)), 100.0 * n_oov / n_pairs


# -- analogies ---------------------------------------------------------------------


def answer_analogies(unit, a, b, c, n_rows, groups=None):
    """The 3CosAdd answer (a row, -1 if none) to each question "a is to b as c is to ?".

    ``a``, ``b``, ``c`` are row arrays. Candidates are the first ``n_rows`` rows minus
    those of a, b and c (with ``groups``, minus every row whose group is a, b or c).
    Questions go in batches and rows in blocks, one matrix product per block, keeping
    the best so far (ties: the lower row).
    """
    n = a.shape[0]
    answers = np.full(n, -1, dtype=np.intp)
    if n == 0 or n_rows == 0:
        return answers
    batch = min(n, _QUESTION_BATCH)
    block = max(1, _BLOCK_ELEMENTS // batch)
    candidates = unit[:n_rows]
    for start in range(0, n, batch):
        qa, qb, qc = a[start : start + batch], b[start : start + batch], c[start : start + batch]
        m = qa.shape[0]
        # unit(b) + unit(c) - unit(a), not normalised: scaling does not change the answer.
        queries = unit[qb] + unit[qc] - unit[qa]
        best = np.full(m, -np.inf, dtype=np.float32)
        best_row = np.full(m, -1, dtype=np.intp)
        for lo in range(0, n_rows, block):
            hi = min(lo + block, n_rows)
            sims = queries @ candidates[lo:hi].T
            if groups is None:
                for q in (qa, qb, qc):
                    inside = np.flatnonzero((q >= lo) & (q < hi))
                    sims[inside, q[inside] - lo] = -np.inf
            else:
                g = groups[lo:hi]
                drop = (g == qa[:, None]) | (g == qb[:, None]) | (g == qc[:, None])
                sims[drop] = -np.inf
            where = np.argmax(sims, axis=1)
            value = sims[np.arange(m), where]
            better = value > best
            best[better] = value[better]
            best_row[better] = where[better] + lo
        answers[start : start + m] = best_row
    return answers


def evaluate_word_analogies(
    unit,
    labels,
    analogies,
    *,
    restrict_vocab=300000,
    case_insensitive=False,
    dummy4unknown=False,
    encoding="utf-8",
):
    """Accuracy on an analogy test set; see the estimator method."""
    lookup = _Lookup(labels, check_restrict_vocab(restrict_vocab, unit.shape[0]), case_insensitive)
    sections = []
    entries = []  # (section index, question words, index among answered questions or -1)
    rows = []
    for where, name, words in read_analogies(analogies, encoding):
        if name is not None:
            sections.append({"section": name, "correct": [], "incorrect": [], "oov": []})
            continue
        found = [lookup.row(w, True, where) for w in words]
        if min(found) < 0:
            entries.append((len(sections) - 1, words, -1))
        else:
            entries.append((len(sections) - 1, words, len(rows)))
            rows.append(found)
    if not entries:
        raise ValueError("There is no analogy question ('a b c d' line) in analogies.")
    rows = np.asarray(rows, dtype=np.intp).reshape(-1, 4)
    groups = lookup.groups(True)
    if np.array_equal(groups, np.arange(groups.shape[0])):
        groups = None  # every key has one row: leave out the rows of a, b and c only
    answers = answer_analogies(unit, rows[:, 0], rows[:, 1], rows[:, 2], lookup.n_rows, groups)
    answer_group = answers if groups is None else np.where(answers >= 0, groups[answers], -1)
    correct = (answers >= 0) & (answer_group == rows[:, 3])
    for section, words, q in entries:
        out = sections[section]
        if q < 0:
            out["oov"].append(words)
            if dummy4unknown:
                out["incorrect"].append(words)
        else:
            out["correct" if correct[q] else "incorrect"].append(words)
    total = {key: [w for s in sections for w in s[key]] for key in ("correct", "incorrect", "oov")}
    sections.append({"section": "Total accuracy", **total})
    answered = len(total["correct"]) + len(total["incorrect"])
    score = len(total["correct"]) / answered if answered else 0.0
    return score, sections
