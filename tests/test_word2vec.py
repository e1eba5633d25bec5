"""word2vec-format files: exact round trips, the bytes on disk, errors, gensim interop."""

import gzip
import io
import pickle

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from sksg import (
    GraphWalkEmbedder,
    SkipGramEmbedder,
    load_word2vec_format,
    save_word2vec_format,
)


def random_vectors(n, dim, seed=0):
    """float32 values of every magnitude, including subnormals and signed zeros."""
    rng = np.random.default_rng(seed)
    V = rng.standard_normal((n, dim)).astype(np.float32)
    V *= (10.0 ** rng.integers(-30, 30, size=(n, dim))).astype(np.float32)
    V.flat[:4] = [0.0, -0.0, np.float32(1e-45), np.finfo(np.float32).max]
    V.flat[4:6] = [np.finfo(np.float32).tiny, -np.finfo(np.float32).smallest_subnormal]
    return V


def same_bits(a, b):
    return a.dtype == b.dtype == np.float32 and np.array_equal(a.view(np.uint32), b.view(np.uint32))


def save_bytes(keys, vectors, binary=False):
    f = io.BytesIO()
    save_word2vec_format(f, keys, vectors, binary=binary)
    return f.getvalue()


def load_bytes(data, binary=False):
    return load_word2vec_format(io.BytesIO(data), binary=binary)


# -- round trips -------------------------------------------------------------------


@pytest.mark.parametrize("binary", [False, True])
def test_round_trip_is_exact(tmp_path, binary):
    keys = [f"k{i}" for i in range(5000)]  # more rows than the reader preallocates
    V = random_vectors(5000, 64)  # binary: more than one read chunk
    path = tmp_path / "vectors.w2v"
    save_word2vec_format(path, keys, V, binary=binary)
    got_keys, got = load_word2vec_format(path, binary=binary)
    assert got_keys == keys
    assert got.shape == V.shape and got.flags.c_contiguous
    assert same_bits(got, V)


@pytest.mark.parametrize("binary", [False, True])
def test_path_kinds_and_gzip(tmp_path, binary):
    keys, V = ["a", "b"], random_vectors(2, 3)
    save_word2vec_format(str(tmp_path / "s.txt"), keys, V, binary=binary)
    assert same_bits(load_word2vec_format(str(tmp_path / "s.txt"), binary=binary)[1], V)
    with open(tmp_path / "f.txt", "wb") as f:
        save_word2vec_format(f, keys, V, binary=binary)
        assert not f.closed  # a file object stays open
    with open(tmp_path / "f.txt", "rb") as f:
        assert same_bits(load_word2vec_format(f, binary=binary)[1], V)
    save_word2vec_format(tmp_path / "v.gz", keys, V, binary=binary)
    with gzip.open(tmp_path / "v.gz", "rb") as f:
        assert f.read() == save_bytes(keys, V, binary)
    assert same_bits(load_word2vec_format(tmp_path / "v.gz", binary=binary)[1], V)


def test_float64_vectors_are_written_as_float32():
    V = np.array([[0.1, 1 / 3]])
    _, got = load_bytes(save_bytes(["x"], V))
    assert same_bits(got, V.astype(np.float32))


def test_unicode_keys(tmp_path):
    keys = ["café", "日本語", "🙂", "naïve-ß", "Ωmega"]
    V = random_vectors(5, 2)
    for binary in (False, True):
        data = save_bytes(keys, V, binary)
        assert "日本語".encode() in data
        got_keys, got = load_bytes(data, binary)
        assert got_keys == keys and same_bits(got, V)


def test_non_string_keys_become_strings():
    keys = [0, np.int64(7), 3.5, b"bytes", ("a", 1)[0]]
    got_keys, _ = load_bytes(save_bytes(keys, np.ones((5, 1))))
    assert got_keys == ["0", "7", "3.5", "bytes", "a"]


def test_empty_set_of_vectors():
    assert save_bytes([], np.zeros((0, 3))) == b"0 3\n"
    keys, V = load_bytes(b"0 3\n")
    assert keys == [] and V.shape == (0, 3) and V.dtype == np.float32


def test_inputs_are_not_modified():
    keys = [1, 2]
    V = np.array([[1.5, 2.5], [3.5, 4.5]])
    before = V.copy()
    save_bytes(keys, V, binary=True)
    assert keys == [1, 2] and np.array_equal(V, before) and V.dtype == np.float64


# -- the bytes on disk -------------------------------------------------------------


def test_text_bytes():
    data = save_bytes(["cat", "dog"], np.array([[0.5, -1.0, 1e-7], [0.1, 2.0, 3e38]]))
    assert data == b"2 3\ncat 0.5 -1 1.00000001e-07\ndog 0.100000001 2 3.00000001e+38\n"


def test_binary_bytes():
    V = np.array([[1.0, -2.0], [0.5, 0.0]], dtype=np.float32)
    data = save_bytes(["a", "é"], V, binary=True)
    assert data == (
        b"2 2\n"
        + b"a "
        + b"\x00\x00\x80\x3f"  # 1.0, little-endian
        + b"\x00\x00\x00\xc0"  # -2.0
        + b"\n"
        + "é".encode()
        + b" "
        + b"\x00\x00\x00\x3f"  # 0.5
        + b"\x00\x00\x00\x00"
        + b"\n"
    )


def test_reads_other_writers_variants():
    # word2vec.c text: six decimals and a trailing space; Windows line ends.
    keys, V = load_bytes(b"2 2\r\na 0.100000 -1.000000 \r\nb 2.000000 3.000000 \r\n")
    assert keys == ["a", "b"]
    np.testing.assert_array_equal(V, np.array([[0.1, -1], [2, 3]], dtype=np.float32))
    # gensim binary: no newline after each record; trailing blank lines in text.
    V = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    gensim_style = b"2 2\na " + V[0].tobytes() + b"b " + V[1].tobytes()
    keys, got = load_bytes(gensim_style, binary=True)
    assert keys == ["a", "b"] and same_bits(got, V)
    assert load_bytes(b"1 1\na 1\n\n\n")[0] == ["a"]
    # A key made of non-ASCII whitespace-like bytes stays whole (only ASCII
    # whitespace separates fields, as in word2vec.c).
    assert load_bytes("1 1\na\u00a0b 1\n".encode())[0] == ["a\u00a0b"]


# -- errors when writing ------------------------------------------------------------


@pytest.mark.parametrize(
    "key, problem",
    [
        ("two words", "contains whitespace"),
        ("tab\there", "contains whitespace"),
        ("line\n", "contains whitespace"),
        ("nb\u00a0sp", "contains whitespace"),
        ("", "is empty"),
        ("nul\0", "NUL"),
    ],
)
def test_unwritable_keys(key, problem):
    with pytest.raises(ValueError, match=f"Key 1 .*{problem}"):
        save_bytes(["ok", key], np.ones((2, 2)))


def test_duplicate_keys_after_str():
    with pytest.raises(ValueError, match=r"Keys 0 \(1\) and 2 \('1'\) are both written as '1'"):
        save_bytes([1, 2, "1"], np.ones((3, 2)))


@pytest.mark.parametrize(
    "vectors, match",
    [
        (np.ones((3, 2)), "2 keys but 3 rows"),
        (np.ones(2), "must be 2-D"),
        (np.ones((2, 0)), "at least 1"),
        (np.array([[1.0, np.nan], [0, 0]]), "Row 0 of vectors holds NaN"),
        (np.array([[1.0, 0], [np.inf, 0]]), "Row 1 of vectors holds NaN or infinity"),
        (np.array([[1.0, 0], [1e300, 0]]), "Row 1 of vectors holds a value beyond float32"),
        (np.array([["a", "b"], ["c", "d"]]), "real numbers"),
        (np.ones((2, 2), dtype=complex), "real numbers"),
        ([[1.0, 2.0], [3.0]], "2-D array of numbers"),
    ],
)
def test_bad_vectors(vectors, match):
    with pytest.raises(ValueError, match=match):
        save_bytes(["a", "b"], vectors)


def test_text_mode_file_object_is_refused(tmp_path):
    with open(tmp_path / "t.txt", "w") as f, pytest.raises(TypeError, match="binary mode"):
        save_word2vec_format(f, ["a"], np.ones((1, 2)))
    (tmp_path / "r.txt").write_text("1 1\na 1\n")
    with open(tmp_path / "r.txt") as f, pytest.raises(TypeError, match="binary mode"):
        load_word2vec_format(f)


# -- errors when reading -------------------------------------------------------------


@pytest.mark.parametrize(
    "data, match",
    [
        (b"", "The file is empty"),
        (b"3\n", "line 1: expected the header"),
        (b"a 3\n", "line 1: expected the header"),
        (b"the 0.1 0.2\n", "line 1: expected the header.*GloVe"),
        (b"-1 3\n", "line 1: the header announces -1 vectors"),
        (b"1 0\n", "dimension 0"),
        (b"2 2\na 1 2\nb 1\n", "line 3: expected a key and 2 values .*got 1 values"),
        (b"2 2\na 1 2\nb 1 2 3\n", "line 3: expected a key and 2 values"),
        (b"2 2\na 1 2\n\nb 1 2\n", "line 3: .*got an empty line"),
        (b"2 2\na 1 2\nb 1 x7\n", "line 3: the value 'x7' is not a number"),
        (b"3 2\na 1 2\nb 1 2\n", "announces 3 vectors but the file ends after 2 .line 3"),
        (b"1 2\na 1 2\nb 1 2\n", "line 3: the header announces 1 vectors but the file holds more"),
        (b"1 1\n\xff\xfe 1\n", "line 2: the key .* is not valid UTF-8"),
    ],
)
def test_malformed_text(data, match):
    with pytest.raises(ValueError, match=match):
        load_bytes(data)


def _binary(n=2, dim=2):
    V = np.arange(n * dim, dtype=np.float32).reshape(n, dim)
    return save_bytes([f"k{i}" for i in range(n)], V, binary=True)


@pytest.mark.parametrize(
    "data, match",
    [
        (_binary()[:-3], r"vector 2 \(byte \d+\): the file ends early, expected 8 bytes of vector"),
        (_binary()[: len(b"2 2\n") + 12], "vector 2 .*ends early, expected a key"),
        (_binary()[: len(b"2 2\n") + 13], "vector 2 .*ends early, expected the space after a key"),
        (_binary() + b"k2 " + bytes(8), "announces 2 vectors but the file holds more data"),
        (b"2 3" + _binary()[3:], "malformed key|ends early"),
        (b"1 1\n\xff\xfe " + bytes(4), r"vector 1 \(byte 4\): the key .* is not valid UTF-8"),
    ],
)
def test_malformed_binary(data, match):
    with pytest.raises(ValueError, match=match):
        load_bytes(data, binary=True)


def test_wrong_dimension_in_binary_header_is_explained():
    data = b"2 1" + _binary(2, 2)[3:]  # the records hold 2 values, the header says 1
    with pytest.raises(ValueError, match=r"vector 2 .*malformed key.*dimension in the header"):
        load_bytes(data, binary=True)


def test_text_file_read_as_binary():
    with pytest.raises(ValueError, match="holds more data .is the file text"):
        load_bytes(b"1 2\nword 0.123 0.5\n", binary=True)


# -- estimators --------------------------------------------------------------------


@pytest.mark.parametrize("binary", [False, True])
def test_estimator_method(tmp_path, binary):
    corpus = [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat", "ran"]]
    model = SkipGramEmbedder(n_components=8, sample=0, epochs=2, random_state=0).fit(corpus)
    model.save_word2vec_format(tmp_path / "text.w2v", binary=binary)
    keys, V = load_word2vec_format(tmp_path / "text.w2v", binary=binary)
    assert keys == list(model.tokens_)
    assert same_bits(V, model.embedding_)

    edges = np.array([[0, 1], [1, 2], [2, 0], [2, 3]])
    graph = GraphWalkEmbedder(graph=edges, n_components=4, walk_length=5, random_state=0)
    graph.fit()
    graph.save_word2vec_format(tmp_path / "graph.w2v", binary=binary)
    keys, V = load_word2vec_format(tmp_path / "graph.w2v", binary=binary)
    assert keys == [str(node) for node in graph.nodes_] == ["0", "1", "2", "3"]
    assert same_bits(V, graph.embedding_)


def test_estimator_method_needs_a_fit(tmp_path):
    with pytest.raises(NotFittedError):
        SkipGramEmbedder().save_word2vec_format(tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_estimator_with_unwritable_tokens(tmp_path):
    model = SkipGramEmbedder(n_components=2, sample=0, random_state=0)
    model.fit([["new york", "boston"]])
    with pytest.raises(ValueError, match="'new york'.* contains whitespace"):
        model.save_word2vec_format(tmp_path / "x")
    pickle.dumps(model)  # the estimator is unharmed


# -- gensim ------------------------------------------------------------------------


@pytest.mark.parametrize("binary", [False, True])
def test_gensim_reads_sksg_files(tmp_path, binary):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    keys = ["the", "café", "日本", "42", "x"]
    V = random_vectors(5, 7)
    path = tmp_path / "sksg.w2v"
    save_word2vec_format(path, keys, V, binary=binary)
    kv = KeyedVectors.load_word2vec_format(str(path), binary=binary)
    assert kv.index_to_key == keys
    assert same_bits(kv.vectors, V)


@pytest.mark.parametrize("binary", [False, True])
def test_sksg_reads_gensim_files(tmp_path, binary):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    keys = ["the", "café", "日本", "42", "x"]
    V = random_vectors(5, 7, seed=1)
    kv = KeyedVectors(vector_size=7)
    kv.add_vectors(keys, V)
    path = tmp_path / "gensim.w2v"
    kv.save_word2vec_format(str(path), binary=binary)
    got_keys, got = load_word2vec_format(path, binary=binary)
    assert got_keys == keys
    assert same_bits(got, V)


def test_gensim_reads_a_fitted_estimator(tmp_path):
    KeyedVectors = pytest.importorskip("gensim.models").KeyedVectors
    corpus = [["a", "b", "c", "a"], ["b", "c", "d"]] * 5
    model = SkipGramEmbedder(n_components=6, sample=0, random_state=0).fit(corpus)
    model.save_word2vec_format(tmp_path / "m.bin", binary=True)
    kv = KeyedVectors.load_word2vec_format(str(tmp_path / "m.bin"), binary=True)
    assert kv.index_to_key == list(model.tokens_)
    assert same_bits(kv.vectors, model.embedding_)
    assert kv.most_similar("a", topn=2)[0][0] == model.most_similar("a", topn=2)[0][0]
