"""read_edgelist: IDs, weights, file formats, errors, the graph sksg builds, pandas."""

import gzip
import math
import os
import re
import struct
import threading

import numpy as np
import pytest
import scipy.sparse as sp

import sksg._edgelist as E
from sksg import random_walks, read_edgelist
from sksg._graph import to_csr


def write(tmp_path, text, name="edges.txt"):
    path = tmp_path / name
    data = text.encode() if isinstance(text, str) else text
    if name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def dense(A):
    return A.toarray().tolist()


def canonical(A):
    """The arrays of a CSR matrix, after checking that it is canonical."""
    assert sp.issparse(A) and A.format == "csr" and A.dtype == np.float64
    B = A.copy()
    B.has_canonical_format = False
    B.sum_duplicates()  # recomputes: nothing to sort or sum
    assert np.array_equal(B.indices, A.indices) and np.array_equal(B.data, A.data)
    assert A.data.size == 0 or A.data.min() > 0  # no stored zeros
    return A.indptr, A.indices, A.data


# -- node IDs ----------------------------------------------------------------------------


def test_integer_ids_are_sorted_rows(tmp_path):
    A, labels = read_edgelist(write(tmp_path, "30 10\n10 -5\n# c\n\n-5 30 \n"))
    assert labels.dtype == np.int64 and labels.tolist() == [-5, 10, 30]
    assert dense(A) == [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    assert A.indices.dtype == np.int32 and A.indptr.dtype == np.int32
    A, labels = read_edgelist(write(tmp_path, "0 1\n1 2\n2 0\n3 4\n"))
    assert labels.tolist() == [0, 1, 2, 3, 4]  # 0 .. n - 1: rows are the IDs


def test_integer_ids_far_apart(tmp_path):
    """IDs spread over int64: the hash table, not an array indexed by ID."""
    big = 2**63 - 1
    text = f"{big} -9223372036854775808\n7 {big}\n+7 -0\n"
    A, labels = read_edgelist(write(tmp_path, text), directed=True)
    assert labels.tolist() == [-(2**63), 0, 7, big]
    assert dense(A) == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 1], [1, 0, 0, 0]]


def test_string_ids_in_order_of_first_appearance(tmp_path):
    A, labels = read_edgelist(write(tmp_path, "b a\na 007\n7 b\ncafé b\n"), directed=True)
    assert labels.dtype == object and labels.tolist() == ["b", "a", "007", "7", "café"]
    assert all(type(label) is str for label in labels)
    assert A[[0], [1]].tolist() == [1.0] and A.nnz == 4


def test_nodetype(tmp_path):
    path = write(tmp_path, "007 7\n7 8\n")
    _, labels = read_edgelist(path)
    assert labels.tolist() == [7, 8]  # auto: all integers
    _, labels = read_edgelist(path, nodetype=str)
    assert labels.tolist() == ["007", "7", "8"]
    path = write(tmp_path, "1 2\n2 x\n")
    _, labels = read_edgelist(path)
    assert labels.tolist() == ["1", "2", "x"]  # auto: strings, read again
    with pytest.raises(ValueError, match=r"line 2: the node ID 'x' is not a 64-bit integer"):
        read_edgelist(path, nodetype=int)
    with pytest.raises(ValueError, match=r"line 1: the node ID '9223372036854775808' is not"):
        read_edgelist(write(tmp_path, "9223372036854775808 1\n"), nodetype="int")
    with pytest.raises(ValueError, match="nodetype must be"):
        read_edgelist(path, nodetype=float)


# -- weights -------------------------------------------------------------------------------


def test_weights(tmp_path):
    path = write(tmp_path, "a b 0.5\nb c 2e0\na b 1.25\nc c 3\n")
    A, labels = read_edgelist(path)
    assert dense(A) == [[0, 1.75, 0], [1.75, 0, 2], [0, 2, 3]]  # summed; a self-loop once
    A, _ = read_edgelist(path, weighted=False)
    assert dense(A) == [[0, 2, 0], [2, 0, 1], [0, 1, 1]]  # every line weighs 1
    A, _ = read_edgelist(path, directed=True)
    assert dense(A) == [[0, 1.75, 0], [0, 0, 2], [0, 0, 3]]
    with pytest.raises(ValueError, match=r"line 1: weighted=True needs a third column"):
        read_edgelist(write(tmp_path, "a b\n"), weighted=True)


def test_zero_weights_leave_nodes_without_edges(tmp_path):
    A, labels = read_edgelist(write(tmp_path, "1 2 0\n2 3 1\n-0 4 0.0\n"))
    assert labels.tolist() == [0, 1, 2, 3, 4] and A.nnz == 2
    assert dense(A)[2] == [0, 0, 0, 1, 0]


@pytest.mark.parametrize(
    "text",
    ["0.1", "1e-320", "4.9406564584124654e-324", "1.7976931348623157e308", "9007199254740993",
     "0.30000000000000004", "123456789012345678901234567890", "2.5e-3", "7.", ".5", "+1",
     "1E5", "0000000000000000000000000.5", "3",
     "1.00000000000000011102230246251565404236316680908203125",
     "1.00000000000000011102230246251565404236316680908203124"],
)  # fmt: skip
def test_weights_read_as_python_float(tmp_path, text):
    """Correctly rounded, even halfway cases of many digits (Python's float decides them)."""
    A, _ = read_edgelist(write(tmp_path, f"1 2 {text}\n"), directed=True)
    assert A.data.tolist() == [float(text)]


def test_weights_random_against_python_float(tmp_path):
    rng = np.random.default_rng(0)
    bits = rng.integers(0, 2**63 - 2**52, 2000, dtype=np.int64)  # positive, finite
    values = [struct.unpack("<d", struct.pack("<q", int(b)))[0] for b in bits]
    texts = [repr(v) for v in values] + [f"{v:.25e}" for v in values[:500]]
    texts += [f"{rng.random() * 10.0 ** rng.integers(-30, 30):.{rng.integers(0, 20)}f}"
              for _ in range(500)]  # fmt: skip
    body = "".join(f"{i} {i + 1} {t}\n" for i, t in enumerate(texts))
    A, labels = read_edgelist(write(tmp_path, body), directed=True)
    expected = [float(t) for t in texts]
    got = A[np.arange(len(texts)), np.arange(1, len(texts) + 1)]
    mask = np.array(expected) > 0  # zero weights are no edges
    assert np.array_equal(got[mask], np.array(expected)[mask])


# -- file formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, options",
    [
        ("a b 1.0\nb c 2\n", {}),
        ("a,b,1.0\nb,c,2\n", {"delimiter": ","}),
        ("a\tb\t1.0\nb\tc\t2\n", {"delimiter": "\t"}),
        ("a\tb\t1.0\t\nb\tc\t2\n", {"delimiter": "\t"}),  # trailing tabs: stripped
        (" a , b , 1.0 \nb,c,2\n", {"delimiter": ","}),
        ("a;b;1.0\nb;c;2\n", {"delimiter": ";"}),
        ("a§b§1.0\nb§c§2\n", {"delimiter": "§"}),  # a delimiter of two UTF-8 bytes
        ("src dst w\na b 1.0\nb c 2\n", {"header": True}),
        ("# comment\n\n  # indented comment\nsrc,dst,w\na,b,1.0\nb,c,2\n",
         {"header": True, "delimiter": "auto"}),
        ("// c\na b 1.0\nb c 2\n", {"comments": "//"}),
        ("a\tb 1.0\r\nb\tc 2\r\n", {}),  # runs of whitespace, CRLF
        ("a b 1.0\nb c 2", {}),  # no newline at the end
        ("a b 1.0\nb c 2\n", {"delimiter": " "}),  # a space: whitespace
    ],
)  # fmt: skip
def test_formats(tmp_path, text, options):
    A, labels = read_edgelist(write(tmp_path, text), directed=True, **options)
    assert labels.tolist() == ["a", "b", "c"]
    assert dense(A) == [[0, 1, 0], [0, 0, 2], [0, 0, 0]]


def test_comments_none(tmp_path):
    A, labels = read_edgelist(write(tmp_path, "#a b\nb c\n"), comments=None, directed=True)
    assert labels.tolist() == ["#a", "b", "c"]


@pytest.mark.parametrize("name", ["edges.txt.gz", "edges.bin"])
def test_gzip(tmp_path, name, monkeypatch):
    body = "".join(f"{i} {i * 7 % 101} {i % 5}\n" for i in range(3000))
    path = tmp_path / name
    path.write_bytes(gzip.compress(body.encode()))  # found by its first bytes, not its name
    expected = read_edgelist(write(tmp_path, body))
    for block in (E.BLOCK_BYTES, 1000):
        monkeypatch.setattr(E, "BLOCK_BYTES", block)
        A, labels = read_edgelist(path)
        assert np.array_equal(labels, expected[1]) and (A != expected[0]).nnz == 0


def test_truncated_gzip(tmp_path):
    data = gzip.compress(b"1 2\n" * 1000)
    path = tmp_path / "e.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="not valid gzip data"):
        read_edgelist(path)


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 13, 64])
def test_lines_across_blocks(tmp_path, monkeypatch, block):
    text = "# x\nalpha beta 0.5\n\n10 20 1.25\r\nbeta  gamma\t3\nalpha gamma 1e-3"
    expected = read_edgelist(write(tmp_path, text))
    monkeypatch.setattr(E, "BLOCK_BYTES", block)
    A, labels = read_edgelist(write(tmp_path, text))
    assert labels.tolist() == expected[1].tolist() and (A != expected[0]).nnz == 0


def test_arrays_grow(tmp_path, monkeypatch):
    """More edges and nodes than first allocated: the kernels stop, the arrays grow."""
    start = E._Parser.start

    def small_start(self, total_bytes, compressed):
        start(self, total_bytes, compressed)
        self.src, self.dst, self.wts = self.src[:7].copy(), self.dst[:7].copy(), self.wts[:7].copy()

    monkeypatch.setattr(E._Parser, "start", small_start)
    rng = np.random.default_rng(1)
    n = 5000
    names = [f"node{i}" * (1 + i % 3) for i in range(n)]
    src, dst = rng.integers(0, n, 20000), rng.integers(0, n, 20000)
    body = "".join(f"{names[a]} {names[b]}\n" for a, b in zip(src, dst, strict=True))
    path = write(tmp_path, body, "e.txt.gz")  # compressed: no size to allocate for
    A, labels = read_edgelist(path, directed=True)
    rows = {name: i for i, name in enumerate(labels.tolist())}
    B = sp.coo_array(
        (np.ones(src.size), ([rows[names[a]] for a in src], [rows[names[b]] for b in dst])),
        shape=A.shape,
    ).tocsr()
    assert (A != B).nnz == 0


# -- errors ---------------------------------------------------------------------------------

GOOD = "".join(f"n{i} n{i + 1} 1\n" for i in range(16))  # lines 1-16


@pytest.mark.parametrize(
    "text, options, message",
    [
        (GOOD + "n1 n2 1 4\n", {}, "line 17: expected 3 fields like line 1, got 4"),
        (GOOD + "n1\n", {}, "line 17: expected 3 fields like line 1, got 1"),
        (GOOD + "n1 n2 heavy\n", {}, "line 17: the weight 'heavy' is not a number$"),
        (GOOD + "n1 n2 -1\n", {}, "line 17: the weight '-1' is not a finite non-negative"),
        (GOOD + "n1 n2 nan\n", {}, "line 17: the weight 'nan' is not a finite"),
        (GOOD + "n1 n2 -inf\n", {}, "line 17: the weight '-inf' is not a finite"),
        (GOOD + "n1 n2 1e999\n", {}, "line 17: the weight '1e999' is not a finite"),
        (GOOD + "n1 n2 1_000\n", {}, "line 17: the weight '1_000' is not a number"),
        (b"# \xff comments are not decoded\n" + GOOD.encode() + b"n1 \xff\xfe 1\n", {},
         r"line 18: not UTF-8 text \(invalid start byte\)"),
        (GOOD.encode() + b"n1 n2 \xe9\n", {}, "line 17: not UTF-8 text"),
        ("a\n", {}, r"line 1: expected 2 or 3 fields \(source target \[weight\]\), got 1 "
         r"\(fields split on whitespace; see delimiter=\)"),
        ("\n\n1,2,3,4\n", {"delimiter": ","}, "line 3: expected 2 or 3 fields .* got 4 "
         r"\(fields split on commas"),
        ("source target weight\na b 1\n", {}, "line 1: the weight 'weight' is not a number; "
         r"if it is a header, pass header=True"),
        ("a,,1\n", {"delimiter": ","}, "line 1: the node ID '' is empty"),
        (" ,a\n", {"delimiter": ","}, "line 1: the node ID '' is empty"),
        ("1 2\n3 x\n", {"nodetype": int}, "line 2: the node ID 'x' is not a 64-bit integer"),
        ("", {}, r"edges.txt: no edges \(the file is empty, or only comments\)"),
        ("# only\n# comments\n\n", {}, "no edges"),
        ("a b\n", {"header": True}, "no edges"),
    ],
)  # fmt: skip
def test_errors(tmp_path, text, options, message):
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match=message) as info:
        read_edgelist(path, **options)
    assert str(info.value).startswith(str(path))


def test_pipe(tmp_path):
    """A file read as it is written (no size, no second reading)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def write_into(text):
        with open(fifo, "w") as f:
            f.write(text)

    for text, nodetype in (("1 2\n2 3\n", "auto"), ("a b\nb c\n", str), ("1 2\n2 x\n", "auto")):
        writer = threading.Thread(target=write_into, args=(text,))
        writer.start()
        try:
            if text.endswith("x\n"):
                with pytest.raises(ValueError, match="cannot be read again as strings"):
                    read_edgelist(fifo, nodetype=nodetype)
            else:
                A, labels = read_edgelist(fifo, nodetype=nodetype)
                assert len(labels) == 3 and A.nnz == 4
        finally:
            writer.join()


def test_errors_of_the_file_itself(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_edgelist(tmp_path / "missing.txt")
    with pytest.raises(IsADirectoryError):
        read_edgelist(tmp_path)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"delimiter": "ab"}, "delimiter must be None"),
        ({"delimiter": "\n"}, "cannot be a newline"),
        ({"delimiter": "#"}, "cannot start comments"),
        ({"comments": ""}, "comments must be"),
        ({"weighted": "yes"}, "weighted must be"),
    ],
)
def test_bad_parameters(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        read_edgelist(write(tmp_path, "a b\n"), **options)


# -- the graph sksg builds -------------------------------------------------------------------


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [None, False])
@pytest.mark.parametrize("kind", ["dense", "sparse", "strings", "symmetric"])
def test_same_graph_as_an_edge_array(tmp_path, directed, weighted, kind):
    """read_edgelist's matrix is the graph sksg builds from the edges as an array."""
    rng = np.random.default_rng(len(kind) + 7 * directed)
    m, n = 400, 60
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    src[:40] = dst[:40]  # self-loops
    src[40:80], dst[40:80] = src[80:120], dst[80:120]  # repeated edges
    if kind == "symmetric":  # already both ways: kept as it is
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    w = rng.integers(0, 8, src.size) / 4  # sums are exact in any order
    if kind == "sparse":
        src, dst = src * 10**12 - 5, dst * 10**12 - 5
    ids = [f"v{x}" for x in src], [f"v{x}" for x in dst]
    if kind != "strings":
        ids = src.tolist(), dst.tolist()
    body = "".join(f"{a}\t{b}\t{c}\n" for a, b, c in zip(*ids, w.tolist(), strict=True))
    A, labels = read_edgelist(write(tmp_path, body), weighted=weighted, directed=directed)
    canonical(A)
    columns = [np.array(ids[0], dtype=object), np.array(ids[1], dtype=object)]
    if kind != "strings":
        columns = [src, dst]
    edges = np.column_stack(columns + ([w] if weighted is None else []))
    if kind == "strings":
        edges = edges.astype(object)
    expected = to_csr(edges, directed=directed)
    assert labels.tolist() == expected.labels.tolist()
    got = to_csr(A, directed=directed)  # what GraphWalkEmbedder(graph=A) builds
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.weights, expected.weights)
    assert got.directed == expected.directed
    if not directed:
        assert got.directed is False  # a symmetric matrix: undirected as given, too
        assert to_csr(A).directed is False


def test_same_walks_as_an_edge_array(tmp_path):
    rng = np.random.default_rng(3)
    src, dst = rng.integers(0, 30, 200), rng.integers(0, 30, 200)
    path = write(tmp_path, "".join(f"{a} {b}\n" for a, b in zip(src, dst, strict=True)))
    A, labels = read_edgelist(path)
    from_file = random_walks(A, walk_length=8, walks_per_node=2, random_state=0)
    from_array = random_walks(
        np.column_stack([src, dst]), walk_length=8, walks_per_node=2, random_state=0
    )
    assert [labels[w].tolist() for w in map(np.array, from_file)] == from_array


# -- other writers ---------------------------------------------------------------------------


def test_round_trip_numpy_savetxt(tmp_path):
    rng = np.random.default_rng(4)
    edges = np.column_stack([rng.integers(0, 50, 300), rng.integers(0, 50, 300),
                             rng.random(300)])  # fmt: skip
    path = tmp_path / "e.txt"
    np.savetxt(path, edges, fmt=["%d", "%d", "%.18e"], header="source target weight")
    A, labels = read_edgelist(path, directed=True)
    expected = to_csr(edges, directed=True)
    assert labels.tolist() == expected.labels.tolist()
    assert np.array_equal(A.indices, expected.indices)
    np.testing.assert_allclose(A.data, expected.weights, rtol=1e-15)  # sums' order may differ


def test_round_trip_pandas(tmp_path):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({
        "source": [f"user {i}" for i in rng.integers(0, 40, 200)],
        "target": [f"item,{i}" for i in rng.integers(0, 40, 200)],
        "weight": rng.integers(1, 9, 200) / 8,
    })  # fmt: skip
    path = tmp_path / "e.csv.gz"
    frame.to_csv(path, index=False, sep="\t")  # pandas compresses by the suffix
    A, labels = read_edgelist(path, delimiter="auto", header=True, directed=True)
    expected = to_csr(frame, directed=True)
    assert labels.tolist() == expected.labels.tolist()
    assert np.array_equal(A.indices, expected.indices)
    assert np.array_equal(A.data, expected.weights)


def test_large_file_against_pandas(tmp_path):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(6)
    m = 200_000
    frame = pd.DataFrame({
        "s": rng.integers(0, 20_000, m) * 3,
        "t": rng.integers(0, 20_000, m) * 3,
        "w": np.round(rng.random(m), 6),
    })  # fmt: skip
    path = tmp_path / "e.txt"
    frame.to_csv(path, sep=" ", header=False, index=False)
    A, labels = read_edgelist(path, directed=True)
    read = pd.read_csv(path, sep=" ", header=None, engine="c")
    uniq, inverse = np.unique(read[[0, 1]].to_numpy(), return_inverse=True)
    inverse = inverse.reshape(-1, 2)
    B = sp.csr_array((read[2].to_numpy(), (inverse[:, 0], inverse[:, 1])), shape=A.shape)
    B.sum_duplicates()
    assert np.array_equal(labels, uniq)
    assert np.array_equal(A.indptr, B.indptr) and np.array_equal(A.indices, B.indices)
    np.testing.assert_allclose(A.data, B.data, rtol=1e-15)


# -- a reference parser, in Python ---------------------------------------------------------

WS = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
INT = re.compile(rb"[+-]?[0-9]+")
FLOAT = re.compile(
    rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:inf|infinity|nan)",
    re.IGNORECASE,
)


def reference(data, delimiter=None, comments="#", header=False, weighted=None, ints=False):
    """``(labels, src, dst, weights)``, or ``(line, error code)``: the semantics, line by line."""
    sep = delimiter.encode() if delimiter not in (None, "auto") else delimiter
    n_fields = None
    src, dst, wts, labels = [], [], [], {}
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        line = raw.strip(WS)
        if not line or (comments and line.startswith(comments.encode())):
            continue
        if sep == "auto":
            sep = b"\t" if b"\t" in line else b"," if b"," in line else None
        if header:
            header = False
            continue
        if sep is None:
            fields = re.split(rb"[ \t\n\r\x0b\x0c\x1c-\x1f]+", line)
        else:
            fields = [f.strip(WS) for f in line.split(sep)]
        if n_fields is None:
            if len(fields) not in (2, 3):
                return lineno, E._E_FIELDS
            if weighted and len(fields) == 2:
                return lineno, E._E_NEED_WEIGHT
            n_fields = len(fields)
        elif len(fields) != n_fields:
            return lineno, E._E_MISMATCH
        row = []
        if ints and (not fields[0] or not fields[1]):
            return lineno, E._E_EMPTY
        for field in fields[:2]:
            if not field:
                return lineno, E._E_EMPTY
            if ints:
                if not INT.fullmatch(field) or not -(2**63) <= int(field) < 2**63:
                    return lineno, E._E_NOT_INT
                row.append(int(field))
                continue
            try:
                label = field.decode("utf-8")
            except UnicodeDecodeError:
                return lineno, E._E_UTF8
            row.append(labels.setdefault(label, len(labels)))
        if n_fields == 3 and weighted is not False:
            try:
                fields[2].decode("utf-8")
            except UnicodeDecodeError:
                return lineno, E._E_UTF8
            if not FLOAT.fullmatch(fields[2]):
                return lineno, E._E_NOT_NUMBER
            w = float(fields[2])
            if not 0 <= w < math.inf:
                return lineno, E._E_NOT_FINITE
            wts.append(w)
        src.append(row[0])
        dst.append(row[1])
    if not src:
        return None, 0
    if ints:
        uniq = sorted(set(src) | set(dst))
        rank = {x: i for i, x in enumerate(uniq)}
        return uniq, [rank[x] for x in src], [rank[x] for x in dst], wts or None
    return list(labels), src, dst, wts or None


PIECES = ["1", "22", "007", "-3", "+4", "a", "bb", "é", "x y", "", "0.5", "1e3", "-1", "nan",
          "9" * 20, "\xff", " ", "\t", ",", ";", "#"]  # fmt: skip


def random_file(rng):
    lines = []
    for _ in range(rng.integers(0, 12)):
        roll = rng.random()
        if roll < 0.1:
            lines.append(rng.choice(["", "   ", "# c", "  #x \xff", "\r"]))
            continue
        n = rng.choice([2, 3, 3, 3, 4, 1]) if roll < 0.2 else 3
        fields = [str(rng.integers(0, 5)) for _ in range(2)] + ["1"]
        fields = fields[:n] + ["2"] * (n - 3)
        for i in range(n):
            if rng.random() < 0.15:
                fields[i] = rng.choice(PIECES)
        sep = rng.choice([" ", "  ", "\t", ",", " , ", ";"], p=[0.4, 0.1, 0.2, 0.2, 0.05, 0.05])
        lines.append(sep.join(fields) + rng.choice(["", " ", "\r", "\t"]))
    text = "\n".join(lines) + rng.choice(["", "\n"])
    return text.encode("utf-8").replace("\xff".encode(), b"\xff")


def test_against_the_reference(tmp_path, monkeypatch):
    """Random small files, messy on purpose: same edges, or the same first error."""
    rng = np.random.default_rng(7)
    path = tmp_path / "e.txt"
    for case in range(300):
        data = random_file(rng)
        path.write_bytes(data)
        options = {
            "delimiter": [None, ",", "\t", "auto", ";"][case % 5],
            "header": case % 7 == 0,
            "weighted": [None, None, True, False][case % 4],
        }
        monkeypatch.setattr(E, "BLOCK_BYTES", [1 << 20, 1 << 20, 3, 1 << 20, 16][case % 5])
        for nodetype in ("auto", int, str):
            edges = E._parse_edges(path, nodetype=nodetype, **options)
            ints = nodetype is int or (
                nodetype == "auto" and reference(data, ints=True, **options)[1] != E._E_NOT_INT
            )
            expected = reference(data, ints=ints, **options)
            where = f"case {case}, {nodetype}, {options}: {data!r}"
            if edges.error is not None:
                assert (edges.error.lineno, edges.error.code) == expected, where
                continue
            assert len(expected) == 4, where
            labels, src, dst, weights = expected
            assert edges.labels.tolist() == labels, where
            assert edges.src.tolist() == src and edges.dst.tolist() == dst, where
            got = None if edges.weight is None else edges.weight.tolist()
            assert got == weights, where
