"""The sksg command: runs, equivalence with the estimators, input errors, warnings."""

import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

import sksg._cli as cli
from sksg import (
    GraphWalkEmbedder,
    LINEEmbedder,
    SkipGramEmbedder,
    Struc2VecEmbedder,
    load_word2vec_format,
)
from sksg._cli import main, read_edge_list

FAST_GRAPH = ["--dimensions", "8", "--walk-length", "10", "--num-walks", "4", "--seed", "0"]
FAST_TEXT = ["--dimensions", "8", "--epochs", "2", "--seed", "0"]
FAST_LINE = ["--dimensions", "8", "--n-samples", "2000", "--seed", "0"]
FAST_S2V = ["--dimensions", "8", "--walk-length", "10", "--num-walks", "4", "--seed", "0"]
EDGES = "# a small graph\n\na b 1.0\nb c 2\nc a 0.5\nc d 1\n  \nd e 3\ne f 1\nf d 1\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def run(capsys, *argv):
    """main(argv) -> (exit status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def embedding(est, keys):
    """Rows of a fitted estimator's embedding, in the order of ``keys`` (str)."""
    rows = {str(label): row for row, label in enumerate(getattr(est, est._labels_attr))}
    return est.embedding_[[rows[k] for k in keys]]


# -- help -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, start",
    [
        (["--help"], "usage: sksg [-h] [--version] COMMAND"),
        (["graph", "--help"], "usage: sksg graph [-h]"),
        (["text", "-h"], "usage: sksg text [-h]"),
        (["walks", "-h"], "usage: sksg walks [-h]"),
        (["line", "--help"], "usage: sksg line [-h]"),
        (["struc2vec", "-h"], "usage: sksg struc2vec [-h]"),
    ],
)
def test_help(capsys, argv, start):
    status, out, err = run(capsys, *argv)
    assert status == 0 and err == ""
    assert out.startswith(start)


def test_version(capsys):
    from sksg import __version__

    status, out, err = run(capsys, "--version")
    assert status == 0 and err == ""
    assert out == f"sksg {__version__}\n"


def test_quiet_help_says_warnings_still_print(capsys):
    _, out, _ = run(capsys, "text", "--help")
    assert "warnings and errors still print" in " ".join(out.split())


def test_graph_help_lists_node2vec_spellings(capsys):
    _, out, _ = run(capsys, "graph", "--help")
    for flag in ("--dimensions", "--walk-length", "--num-walks", "--window-size", "--p", "--q",
                 "--workers", "--weighted", "--directed", "--binary", "--quiet"):  # fmt: skip
        assert flag in out


def test_top_level_help_lists_every_command(capsys):
    _, out, _ = run(capsys, "--help")
    for command in ("graph", "line", "struc2vec", "text", "walks"):
        assert re.search(rf"^    {command}\b", out, re.MULTILINE), command
    assert "LINE" in out and "struc2vec" in out


@pytest.mark.parametrize(
    "command, present, absent",
    [
        ("line",
         ["--order", "--n-samples", "--dimensions", "--negative", "--ns-exponent",
          "--learning-rate", "--min-learning-rate", "--directed", "--weighted", "--unweighted",
          "--delimiter", "--header", "--workers", "--seed", "--binary", "--quiet",
          "the paper's T", "(default: second)", "(default: auto)"],
         ["--window", "--shrink-window", "--sample", "--epochs", "--objective",
          "--share-negatives", "--walk-length", "--p "]),
        ("struc2vec",
         ["--n-layers", "--n-compared", "--compress-degrees", "--no-compress-degrees",
          "--stay-probability", "--walk-length", "--num-walks", "--dimensions", "--window",
          "--shrink-window", "--negative", "--sample", "--epochs", "--objective",
          "--delimiter", "--header", "--workers", "--seed", "--binary", "OPT1", "OPT2",
          "OPT3", "(default: 6)", "(default: 0.3)"],
         ["--directed", "--weighted", "--unweighted", "--p ", "--q ", "--order"]),
    ],
)  # fmt: skip
def test_line_and_struc2vec_help_list_their_options(capsys, command, present, absent):
    status, out, err = run(capsys, command, "--help")
    assert status == 0 and err == ""
    options = out.split("\n\n", 2)[2]  # after the usage and the description
    for text in present:
        assert text in " ".join(out.split()), text
    for text in absent:
        assert text not in options.split("EDGES is read")[0], text


def test_no_command_is_a_usage_error(capsys):
    status, _, err = run(capsys)
    assert status == 2 and "required: COMMAND" in err


def test_python_dash_m(tmp_path):
    help = subprocess.run(
        [sys.executable, "-m", "sksg", "--help"], capture_output=True, text=True, timeout=300
    )
    assert help.returncode == 0 and "graph" in help.stdout and "text" in help.stdout
    edges = write(tmp_path, "edges.tsv", "1\t2\n2\t3\n3\t1\n3\t4\n")
    out = tmp_path / "nodes.emb"
    proc = subprocess.run(
        [sys.executable, "-m", "sksg", "graph", edges, str(out), *FAST_GRAPH],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # progress goes to stderr
    assert "wrote 4 vectors" in proc.stderr and "GraphWalkEmbedder" in proc.stderr
    keys, vectors = load_word2vec_format(out)
    assert keys == ["1", "2", "3", "4"] and vectors.shape == (4, 8)


# -- graph -----------------------------------------------------------------------------


def test_read_edge_list(tmp_path):
    labels, src, dst, w = read_edge_list(write(tmp_path, "e.txt", EDGES))
    assert labels == ["a", "b", "c", "d", "e", "f"]
    assert src.tolist() == [0, 1, 2, 2, 3, 4, 5] and dst.tolist() == [1, 2, 0, 3, 4, 5, 3]
    assert w.tolist() == [1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 1.0]
    _, _, _, w = read_edge_list(write(tmp_path, "e.txt", EDGES), weighted=False)
    assert w is None
    labels, _, _, w = read_edge_list(write(tmp_path, "e.txt", "007 7\n7 x\n"))
    assert labels == ["007", "7", "x"] and w is None  # IDs are strings, as written


@pytest.mark.parametrize(
    "text, options",
    [
        ("a b 1.0\nb c 2\n", []),
        ("a,b,1.0\nb,c,2\n", []),
        ("a\tb\t1.0\nb\tc\t2\n", []),
        (" a , b , 1.0 \nb,c,2\n", ["--delimiter", "comma"]),
        ("a;b;1.0\nb;c;2\n", ["--delimiter", ";"]),
        ("src dst w\na b 1.0\nb c 2\n", ["--header"]),
        ("# comment\nsrc,dst,w\na,b,1.0\nb,c,2\n", ["--header"]),
        ("a\tb 1.0\nb\tc 2\n", ["--delimiter", "whitespace"]),
    ],
)
def test_edge_list_formats(tmp_path, text, options):
    labels, src, dst, w = read_edge_list(
        write(tmp_path, "e", text),
        delimiter=cli._delimiter(options[1]) if options[:1] == ["--delimiter"] else "auto",
        header="--header" in options,
    )
    assert labels == ["a", "b", "c"] and w.tolist() == [1.0, 2.0]
    assert src.tolist() == [0, 1] and dst.tolist() == [1, 2]


def edges_frame(path):
    """The edge list as a DataFrame with string node IDs, as the docs describe."""
    pd = pytest.importorskip("pandas")
    rows = [line.split() for line in open(path) if line.strip() and not line.startswith("#")]
    frame = pd.DataFrame(rows, columns=["source", "target", "weight"][: len(rows[0])])
    frame["source"] = frame["source"].astype(object)
    frame["target"] = frame["target"].astype(object)
    if "weight" in frame:
        frame["weight"] = frame["weight"].astype(float)
    return frame


@pytest.mark.parametrize(
    "options, params",
    [
        ([], {}),
        (["--directed"], {"directed": True}),
        (["--unweighted"], {"weighted": False}),
        (["--p", "0.5", "--q", "2", "--window-size", "3"], {"p": 0.5, "q": 2.0, "window": 3}),
        (["--epochs", "2", "--sample", "0", "--negative", "3"],
         {"epochs": 2, "sample": 0.0, "negative": 3}),
    ],
)  # fmt: skip
def test_graph_equals_the_estimator(tmp_path, capsys, options, params):
    edges = write(tmp_path, "edges.txt", EDGES)
    out = tmp_path / "out.emb"
    status, _, err = run(capsys, "graph", edges, out, *FAST_GRAPH, *options, "--binary", "-q")
    assert status == 0 and err == ""
    keys, vectors = load_word2vec_format(out, binary=True)
    assert keys == ["a", "b", "c", "d", "e", "f"]  # every node, first appearance first
    est = GraphWalkEmbedder(
        graph=edges_frame(edges), directed=False, n_components=8, walk_length=10,
        walks_per_node=4, random_state=0,
    ).set_params(**params)  # fmt: skip
    est.fit()
    np.testing.assert_array_equal(vectors, embedding(est, keys))


@pytest.mark.parametrize(
    "options, params",
    [
        ([], {}),
        (["--directed", "--p", "0.5", "--q", "2"], {"directed": True, "p": 0.5, "q": 2.0}),
        (["--unweighted", "--num-walks", "3"], {"weighted": False, "walks_per_node": 3}),
    ],
)
def test_walks_equal_random_walks(tmp_path, capsys, options, params):
    """'sksg walks' writes sksg.random_walks' walks, one per line, in order."""
    from sksg import random_walks

    edges = write(tmp_path, "edges.txt", EDGES)
    out = tmp_path / "walks.txt"
    status, stdout, err = run(
        capsys, "walks", edges, out, "--walk-length", "6", "--seed", "3", *options, "-q"
    )
    assert status == 0 and stdout == "" and err == ""
    expected = random_walks(
        edges_frame(edges), **{"walk_length": 6, "directed": False, **params}, random_state=3
    )
    lines = out.read_text().splitlines()
    assert [line.split(" ") for line in lines] == expected
    assert len(lines) == 6 * params.get("walks_per_node", 10)


def test_walks_to_stdout_with_progress_on_stderr(tmp_path, capsys):
    edges = write(tmp_path, "edges.txt", EDGES)
    status, out, err = run(capsys, "walks", edges, "-", "--walk-length", "4", "--seed", "0")
    assert status == 0
    walks = [line.split() for line in out.splitlines()]
    assert len(walks) == 60 and all(len(w) == 4 for w in walks)
    assert set().union(*walks) == set("abcdef")
    assert "wrote 60 walks, 240 steps to stdout" in err
    status, _, err = run(capsys, "walks", edges, "-", "--p", "0")
    assert status == 2
    assert err == "sksg: error: --p must be a float in the range (0.0, inf). Got 0.0 instead.\n"


def test_graph_text_output_and_stdout(tmp_path, capsysbinary):
    edges = write(tmp_path, "edges.txt", EDGES)
    assert main(["graph", edges, str(tmp_path / "a.emb"), *FAST_GRAPH, "-q"]) == 0
    assert main(["graph", edges, "-", *FAST_GRAPH, "-q"]) == 0
    out, err = capsysbinary.readouterr()
    assert out == (tmp_path / "a.emb").read_bytes() and out.startswith(b"6 8\n")
    assert err == b""


def test_graph_progress_goes_to_stderr(tmp_path, capsys):
    edges = write(tmp_path, "e", EDGES)
    status, out, err = run(capsys, "graph", edges, tmp_path / "o", *FAST_GRAPH)
    assert status == 0 and out == ""
    assert "7 edges, 6 nodes (undirected, weighted)" in err
    assert "[GraphWalkEmbedder]" in err and "epoch 1/" in err and "wrote 6 vectors" in err


def test_header_warning(tmp_path, capsys):
    text = "source target\n" + "".join(f"{i} {i + 1}\n" for i in range(5))
    status, _, err = run(capsys, "graph", write(tmp_path, "e", text), tmp_path / "o", "-q",
                         *FAST_GRAPH)  # fmt: skip
    assert status == 0
    assert re.fullmatch(r"sksg: warning: line 1 of \S+ looks like a header; pass --header to "
                        r"skip it\n", err), err  # fmt: skip
    status, _, err = run(capsys, "graph", write(tmp_path, "e", text), tmp_path / "o", "-q",
                         "--header", *FAST_GRAPH)  # fmt: skip
    assert status == 0 and err == ""
    assert load_word2vec_format(tmp_path / "o")[0] == [str(i) for i in range(6)]


GOOD = "".join(f"n{i} n{i + 1} 1\n" for i in range(16))  # lines 1-16


@pytest.mark.parametrize(
    "text, options, message",
    [
        (GOOD + "n1 n2 1 4\n", [], "line 17: expected 3 fields like line 1, got 4"),
        (GOOD + "n1\n", [], "line 17: expected 3 fields like line 1, got 1"),
        (GOOD + "n1 n2 heavy\n", [], "line 17: the weight 'heavy' is not a number"),
        (GOOD + "n1 n2 -1\n", [], "line 17: the weight '-1' is not a finite non-negative"),
        (GOOD + "n1 n2 nan\n", [], "line 17: the weight 'nan' is not a finite"),
        (GOOD + "n1 n2 inf\n", [], "line 17: the weight 'inf' is not a finite"),
        (GOOD + b"n1 \xff\xfe 1\n".decode("latin-1"), [], "line 17: not UTF-8 text"),
        ("a\n", [], "line 1: expected 2 or 3 fields .source target .weight.., got 1"),
        ("a b c d\n", [], "line 1: expected 2 or 3 fields"),
        ("source target weight\na b 1\n", [], "line 1: the weight 'weight' is not a number; "
         "if it is a header, pass --header"),
        ("a b\n", ["--weighted"], "line 1: --weighted needs a third column"),
        ("# x\nNew York,Boston\n", [], "line 2: the node ID 'New York' contains whitespace"),
        ("a,,1\n", [], "line 1: the node ID '' is empty"),
        ("", [], "no edges"),
        ("# only\n# comments\n\n", [], "no edges"),
    ],
)  # fmt: skip
def test_graph_input_errors(tmp_path, capsys, text, options, message):
    if "not UTF-8" in message:
        text = text.encode("latin-1")
    path = write(tmp_path, "edges.txt", text)
    status, out, err = run(capsys, "graph", path, tmp_path / "out", *options, *FAST_GRAPH)
    assert status == 2 and out == ""
    assert err.startswith(f"sksg: error: {path}") and err.count("\n") == 1
    assert re.search(message, err), err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "options, message",
    [
        (["--window", "0"],
         "sksg: error: --window must be an int in the range [1, inf). Got 0 instead.\n"),
        (["--p", "0"],
         "sksg: error: --p must be a float in the range (0.0, inf). Got 0.0 instead.\n"),
        (["--dimensions", "-3"],
         "sksg: error: --dimensions must be an int in the range [1, inf). Got -3 instead.\n"),
        (["--seed", "-1"],  # not "an instance of 'numpy.random.mtrand.RandomState' or None"
         "sksg: error: --seed must be an int in the range [0, 4294967295]. Got -1 instead.\n"),
        (["--walk-length", "0"], "sksg: error: --walk-length must be"),
        (["--learning-rate", "0.01", "--min-learning-rate", "0.1"],
         "sksg: error: --min-learning-rate=0.1 is larger than --learning-rate=0.01"),
        (["--window", "x"], "argument --window/--window-size: invalid int value: 'x'"),
        (["--window", str(10**23)],
         f"argument --window/--window-size: {10**23} is too large (at most {2**63 - 1})"),
        (["--workers", "0"], "argument --workers/--n-jobs: 0 threads cannot run"),
        (["--delimiter", "ab"], "'ab' is not a delimiter"),
        (["--weighted", "--unweighted"], "not allowed with argument"),
    ],
)  # fmt: skip
def test_bad_options(tmp_path, capsys, options, message):
    edges = write(tmp_path, "e", EDGES)
    status, out, err = run(capsys, "graph", edges, tmp_path / "o", *options, "-q")
    assert status == 2 and out == "" and "Traceback" not in err
    if message.endswith("\n"):
        assert err == message
    else:
        assert message in err
    for name in GraphWalkEmbedder().get_params():  # the options' spelling, not Python's
        assert f"{name}=" not in err and f"'{name}'" not in err
        if "_" in name:
            assert name not in err


def test_missing_input_and_output_folder(tmp_path, capsys):
    status, _, err = run(capsys, "graph", tmp_path / "nope.txt", tmp_path / "o")
    missing = tmp_path / "nope.txt"
    assert status == 2 and err == f"sksg: error: {missing}: No such file or directory\n"
    edges = write(tmp_path, "e", EDGES)
    status, _, err = run(capsys, "graph", edges, tmp_path / "no" / "o")
    assert status == 2 and "does not exist" in err and err.count("\n") == 1
    status, _, err = run(capsys, "text", tmp_path / "nope.txt", tmp_path / "o")
    assert status == 2 and "nope.txt: No such file or directory" in err
    status, _, err = run(capsys, "text", tmp_path, tmp_path / "o")
    assert status == 2 and err == f"sksg: error: {tmp_path}: Is a directory\n"
    status, _, err = run(capsys, "graph", tmp_path, tmp_path / "o")
    assert status == 2 and err == f"sksg: error: {tmp_path}: Is a directory\n"
    status, _, err = run(capsys, "graph", "", tmp_path / "o")
    assert status == 2 and err == "sksg: error: '': No such file or directory\n"


def test_bad_output_paths(tmp_path, capsys):
    edges = write(tmp_path, "e", EDGES)
    argv = [*FAST_GRAPH, "-q"]
    status, _, err = run(capsys, "graph", edges, tmp_path, *argv)
    assert status == 2 and err == f"sksg: error: {tmp_path}: is a folder, not a file\n"
    status, _, err = run(capsys, "graph", edges, f"{edges}/o", *argv)
    assert status == 2 and err == f"sksg: error: {edges}/o: {edges} is a file, not a folder\n"
    status, _, err = run(capsys, "graph", edges, "", *argv)
    assert status == 2
    assert err == "sksg: error: OUTPUT is empty: give a file name, or '-' for stdout\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e"]


def test_out_of_memory(tmp_path, capsys, monkeypatch):
    corpus = write(tmp_path, "c.txt", CORPUS)
    # numpy refuses an array larger than the address space: no allocation is tried
    status, out, err = run(capsys, "text", corpus, tmp_path / "o", "--dimensions", 2**62, "-q")
    assert status == 1 and out == ""
    assert err == (
        "sksg: error: out of memory; the vectors grow with --dimensions and the vocabulary "
        "(--min-count, --max-final-vocab)\n"
    )

    def no_memory(self, *args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(GraphWalkEmbedder, "fit", no_memory)
    status, _, err = run(capsys, "graph", write(tmp_path, "e", EDGES), tmp_path / "o", "-q")
    assert status == 1
    assert err.startswith("sksg: error: out of memory; the walks grow with --walks-per-node")
    assert err.count("\n") == 1 and not (tmp_path / "o").exists()


def test_closed_stdout_is_quiet(tmp_path):
    """``sksg ... - | head``: the reader goes away; no traceback, no error line."""
    edges = write(tmp_path, "e", "".join(f"n{i} n{i + 1}\n" for i in range(3000)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sksg", "graph", edges, "-", *FAST_GRAPH, "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    proc.stdout.close()  # before the vectors are written
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=300) == 141
    assert err == ""


# -- line and struc2vec ----------------------------------------------------------------


@pytest.mark.parametrize(
    "options, params",
    [
        ([], {}),
        (["--order", "first"], {"order": "first"}),
        (["--order", "both", "--unweighted", "--negative", "3"],
         {"order": "both", "weighted": False, "negative": 3}),
        (["--directed", "--n-samples", "5000", "--learning-rate", "0.05"],
         {"directed": True, "n_samples": 5000, "learning_rate": 0.05}),
    ],
)  # fmt: skip
def test_line_equals_the_estimator(tmp_path, capsys, options, params):
    edges = write(tmp_path, "edges.txt", EDGES)
    out = tmp_path / "out.emb"
    status, _, err = run(capsys, "line", edges, out, *FAST_LINE, *options, "--binary", "-q")
    assert status == 0 and err == ""
    keys, vectors = load_word2vec_format(out, binary=True)
    assert keys == ["a", "b", "c", "d", "e", "f"]  # every node, first appearance first
    est = LINEEmbedder(
        graph=edges_frame(edges), directed=False, n_components=8, n_samples=2000,
        random_state=0,
    ).set_params(**params)  # fmt: skip
    est.fit()
    assert est.n_samples_ == params.get("n_samples", 2000)
    np.testing.assert_array_equal(vectors, embedding(est, keys))


@pytest.mark.parametrize(
    "options, params",
    [
        ([], {}),
        (["--n-layers", "2", "--stay-probability", "0.5"],
         {"n_layers": 2, "stay_probability": 0.5}),
        (["--n-compared", "all", "--no-compress-degrees", "--window-size", "3", "--epochs", "2"],
         {"n_compared": None, "compress_degrees": False, "window": 3, "epochs": 2}),
    ],
)  # fmt: skip
def test_struc2vec_equals_the_estimator(tmp_path, capsys, options, params):
    """Text output (9 significant digits: float32 exactly); the weight column is ignored."""
    edges = write(tmp_path, "edges.txt", EDGES)
    out = tmp_path / "out.emb"
    status, _, err = run(capsys, "struc2vec", edges, out, *FAST_S2V, *options, "-q")
    assert status == 0 and err == ""
    keys, vectors = load_word2vec_format(out)
    assert keys == ["a", "b", "c", "d", "e", "f"]
    est = Struc2VecEmbedder(
        graph=edges_frame(edges), n_components=8, walk_length=10, walks_per_node=4,
        random_state=0,
    ).set_params(**params)  # fmt: skip
    est.fit()
    np.testing.assert_array_equal(vectors, embedding(est, keys))


class Stop(Exception):
    """Raised by a fake fit, to see the estimator the command built without training it."""


@pytest.mark.parametrize(
    "command, cls, options, params",
    [
        ("line", LINEEmbedder, [],
         {"directed": False, "weighted": True, "order": "second", "n_samples": "auto"}),
        ("line", LINEEmbedder,
         ["--order", "first", "--n-samples", "5000", "--dimensions", "16", "--negative", "2",
          "--ns-exponent", "0.5", "--alpha", "0.1", "--min-alpha", "0.001", "--workers", "2",
          "--seed", "7", "--unweighted", "-q"],
         {"order": "first", "n_samples": 5000, "n_components": 16, "negative": 2,
          "ns_exponent": 0.5, "learning_rate": 0.1, "min_learning_rate": 0.001, "n_jobs": 2,
          "random_state": 7, "weighted": False, "verbose": 0}),
        ("line", LINEEmbedder, ["--n-samples", "auto", "--directed", "--weighted"],
         {"n_samples": "auto", "directed": True, "weighted": True}),
        ("struc2vec", Struc2VecEmbedder, [], {}),
        ("struc2vec", Struc2VecEmbedder,
         ["--n-layers", "2", "--stay-probability", "0.5", "--n-compared", "3",
          "--no-compress-degrees", "--walk-length", "5", "--num-walks", "2", "--window", "2",
          "--no-shrink-window", "--sample", "0", "--epochs", "3", "--objective", "softmax",
          "--share-negatives", "--negative", "4"],
         {"n_layers": 2, "stay_probability": 0.5, "n_compared": 3, "compress_degrees": False,
          "walk_length": 5, "walks_per_node": 2, "window": 2, "shrink_window": False,
          "sample": 0.0, "epochs": 3, "objective": "softmax", "share_negatives": True,
          "negative": 4}),
        ("struc2vec", Struc2VecEmbedder, ["--n-compared", "all"], {"n_compared": None}),
        ("graph", GraphWalkEmbedder, ["--objective", "hierarchical"],
         {"objective": "hierarchical", "directed": False}),
        ("text", SkipGramEmbedder, ["--objective", "hierarchical"],
         {"objective": "hierarchical"}),
    ],
)  # fmt: skip
def test_options_reach_the_estimator(tmp_path, monkeypatch, command, cls, options, params):
    """Every option sets its parameter; the others keep the estimator's defaults."""
    seen = {}

    def fake_fit(self, X=None, y=None):
        seen.update(self.get_params())
        raise Stop

    monkeypatch.setattr(cls, "fit", fake_fit)
    with pytest.raises(Stop):
        main([command, write(tmp_path, "e", EDGES), str(tmp_path / "o"), *options])
    expected = cls().get_params()
    if "directed" in expected:
        expected["directed"] = False  # undirected unless --directed, as an edge list is
    expected.update({"verbose": 2, **params})  # progress on: verbose 2, -q: 0
    seen.pop("graph", None), expected.pop("graph", None)
    assert seen == expected


def test_line_and_struc2vec_progress_and_stdout(tmp_path, capsysbinary):
    edges = write(tmp_path, "edges.txt", EDGES)
    assert main(["line", edges, "-", *FAST_LINE]) == 0
    out, err = capsysbinary.readouterr()
    assert out.startswith(b"6 8\na ") and len(out.splitlines()) == 7
    assert b"7 edges, 6 nodes (undirected, weighted)" in err and b"[LINEEmbedder]" in err
    assert b"wrote 6 vectors of dimension 8 to stdout" in err
    assert main(["struc2vec", edges, str(tmp_path / "s.emb"), *FAST_S2V]) == 0
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert b"7 edges, 6 nodes (undirected)\n" in err  # the weights are not read
    assert b"[Struc2VecEmbedder] structure:" in err and b"wrote 6 vectors" in err


def python_names_in(err, cls):
    """The estimator's parameter names that ``err`` spells as in Python, not as options."""
    found = []
    for name in cls().get_params():
        plain = rf"(?<![\w-]){name}="  # --order=first is an option, order=first is not
        if re.search(plain, err) or f"'{name}'" in err or ("_" in name and name in err):
            found.append(name)
    return found


@pytest.mark.parametrize(
    "command, options, message",
    [
        ("line", ["--order", "third"],
         "argument --order: invalid choice: 'third' (choose from"),
        ("line", ["--n-samples", "0"],
         "sksg: error: --n-samples must be an int in the range [1, inf) or a str among "
         "{'auto'}. Got 0 instead.\n"),
        ("line", ["--n-samples", "many"], "argument --n-samples: invalid int value: 'many'"),
        ("line", ["--negative", "0"],
         "sksg: error: --negative must be an int in the range [1, inf). Got 0 instead.\n"),
        ("line", ["--order", "first", "--directed"],
         "sksg: error: --order=first needs an undirected graph"),
        ("line", ["--learning-rate", "0.01", "--min-learning-rate", "0.1"],
         "sksg: error: --min-learning-rate=0.1 is larger than --learning-rate=0.01"),
        ("line", ["--window", "3"], "unrecognized arguments: --window 3"),
        ("struc2vec", ["--n-layers", "0"],
         "sksg: error: --n-layers must be an int in the range [1, inf). Got 0 instead.\n"),
        ("struc2vec", ["--stay-probability", "1.5"],
         "sksg: error: --stay-probability must be a float in the range (0.0, 1.0]. "
         "Got 1.5 instead.\n"),
        ("struc2vec", ["--stay-probability", "x"],
         "argument --stay-probability: invalid float value: 'x'"),
        ("struc2vec", ["--n-compared", "0"],
         "argument --n-compared: 0 nodes cannot be compared: give a positive number, auto "
         "or all"),
        ("struc2vec", ["--walk-length", "0"], "sksg: error: --walk-length must be"),
        ("struc2vec", ["--directed"],
         "sksg struc2vec: error: --directed does not apply: struc2vec reads every graph as "
         "undirected and unweighted"),
        ("struc2vec", ["--unweighted"], "error: --unweighted does not apply"),
        ("struc2vec", ["--weighted"], "error: --weighted does not apply"),
        ("struc2vec", ["--q", "2"], "unrecognized arguments: --q 2"),
    ],
)  # fmt: skip
def test_line_and_struc2vec_bad_options(tmp_path, capsys, command, options, message):
    edges = write(tmp_path, "e", EDGES)
    cls = LINEEmbedder if command == "line" else Struc2VecEmbedder
    status, out, err = run(capsys, command, edges, tmp_path / "o", *options, "-q")
    assert status == 2 and out == "" and "Traceback" not in err
    if message.endswith("\n"):
        assert err == message
    else:
        assert message in err
    assert python_names_in(err, cls) == []
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "command, cls, message",
    [
        ("line", LINEEmbedder, "the vectors grow with --dimensions, the edge sampler with the "
         "number of edges"),
        ("struc2vec", Struc2VecEmbedder, "the multilayer graph grows with --n-layers and "
         "--n-compared, the vectors with --dimensions"),
    ],
)  # fmt: skip
def test_line_and_struc2vec_out_of_memory(tmp_path, capsys, monkeypatch, command, cls, message):
    def no_memory(self, *args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(cls, "fit", no_memory)
    status, _, err = run(capsys, command, write(tmp_path, "e", EDGES), tmp_path / "o", "-q")
    assert status == 1 and err == f"sksg: error: out of memory; {message}\n"
    assert not (tmp_path / "o").exists()


# -- text ------------------------------------------------------------------------------

CORPUS = "the cat sat on the mat\nthe dog sat on the rug\n\n  a cat and a dog  \n" * 5


def test_text_equals_the_estimator(tmp_path, capsys):
    corpus = write(tmp_path, "corpus.txt", CORPUS)
    out = tmp_path / "out.emb"
    status, _, err = run(capsys, "text", corpus, out, *FAST_TEXT, "--min-count", "6",
                         "--window-size", "3", "-q")  # fmt: skip
    assert status == 0 and err == ""
    keys, vectors = load_word2vec_format(out)
    est = SkipGramEmbedder(n_components=8, epochs=2, min_count=6, window=3, random_state=0)
    est.fit([line.split() for line in open(corpus, encoding="utf-8")])
    assert keys == list(est.tokens_)
    assert keys == ["the", "cat", "sat", "on", "dog", "a"]  # 'mat', 'rug', 'and': 5 times
    np.testing.assert_array_equal(vectors, est.embedding_)


def test_text_streams_the_file(tmp_path, capsys, monkeypatch):
    reads = []
    original = cli.LineCorpus.__iter__

    def counting(self):
        reads.append(1)
        return original(self)

    monkeypatch.setattr(cli.LineCorpus, "__iter__", counting)
    corpus = write(tmp_path, "corpus.txt", CORPUS)
    assert main(["text", corpus, str(tmp_path / "o"), *FAST_TEXT, "--epochs", "3", "-q"]) == 0
    assert len(reads) == 1 + 3  # a counting pass, then one pass per epoch


def test_line_corpus_is_reiterable(tmp_path):
    corpus = cli.LineCorpus(write(tmp_path, "c", "a b\n\nc  d e\r\n"))
    assert list(corpus) == [["a", "b"], [], ["c", "d", "e"]] == list(corpus)


def test_text_unicode_and_progress(tmp_path, capsys):
    corpus = write(tmp_path, "c.txt", "café au lait\n日本 語 café\n" * 5)
    status, out, err = run(capsys, "text", corpus, tmp_path / "o", *FAST_TEXT, "--binary")
    assert status == 0 and out == ""
    assert "[SkipGramEmbedder]" in err and "epoch 2/2" in err and "wrote 5 vectors" in err
    keys, _ = load_word2vec_format(tmp_path / "o", binary=True)
    assert sorted(keys) == sorted(["café", "au", "lait", "日本", "語"])


@pytest.mark.parametrize(
    "text, options, message",
    [
        ("", [], "The corpus is empty"),
        ("\n\n", [], "The corpus is empty"),
        ("a b\nc d\n\xff\n", [], "line 3: not UTF-8 text"),
        ("a b\n", ["--min-count", "5"], "No token occurs at least --min-count=5 times"),
        (
            "a b\n",
            ["--max-final-vocab", "0"],
            "--max-final-vocab must be an int in the range [1, inf). Got 0 instead.\n",
        ),
        (
            "a b\n",
            ["--max-vocab-size", "0"],  # the old name of the option still works
            "--max-final-vocab must be an int in the range [1, inf). Got 0 instead.\n",
        ),
        ("a b\n", ["--min-count", "0"], "--min-count must be an int in the range [1, inf)"),
        (
            "a b\n",
            ["--sample", "2"],
            "--sample must be a float in the range [0.0, 1.0) or a str among {'auto'}. Got 2.0",
        ),
        ("a b\n", ["--objective", "hs"], "invalid choice: 'hs'"),
    ],
)
def test_text_errors(tmp_path, capsys, text, options, message):
    corpus = write(tmp_path, "c.txt", text.encode("latin-1") if "\xff" in text else text)
    status, out, err = run(capsys, "text", corpus, tmp_path / "o", *options, "-q")
    assert status == 2 and out == "" and message in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


# -- warnings --------------------------------------------------------------------------

ONE_TOKEN_LINES = "a\nb\nc\na\n" * 5  # no line holds a (center, context) pair


def estimator_warnings(fit):
    """The warnings ``fit()`` raises, as the command sees them (each location once)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        fit()
    return [w for w in caught if issubclass(w.category, UserWarning)]


def warning_lines(err):
    return [line for line in err.splitlines() if line.startswith("sksg: warning: ")]


def assert_no_python_warning_format(err):
    assert ".py:" not in err and "warnings.warn(" not in err and "UserWarning" not in err


def test_graph_warning_is_one_line(tmp_path, capsys):
    edges = write(tmp_path, "e", EDGES)
    argv = ["graph", edges, tmp_path / "o", *FAST_GRAPH, "--walk-length", "1"]
    expected = estimator_warnings(
        GraphWalkEmbedder(
            graph=edges_frame(edges), n_components=8, walk_length=1, walks_per_node=4,
            random_state=0,
        ).fit
    )  # fmt: skip
    assert len(expected) >= 1  # walks of one node: no pair to train on
    status, out, err = run(capsys, *argv, "-q")  # -q silences progress, not warnings
    assert status == 0 and out == ""
    assert len(warning_lines(err)) == len(expected)
    assert err.splitlines() == warning_lines(err)  # nothing else, no source line
    assert_no_python_warning_format(err)
    status, _, err = run(capsys, *argv)  # with progress: the same lines among it
    assert status == 0 and "[GraphWalkEmbedder]" in err and "wrote 6 vectors" in err
    assert len(warning_lines(err)) == len(expected)
    assert_no_python_warning_format(err)


def test_text_warning_is_one_line_on_every_run(tmp_path, capsys):
    corpus = write(tmp_path, "c.txt", ONE_TOKEN_LINES)
    expected = estimator_warnings(
        lambda: SkipGramEmbedder(n_components=8, epochs=2, random_state=0).fit(
            [line.split() for line in ONE_TOKEN_LINES.splitlines()]
        )
    )
    assert len(expected) >= 1
    for _ in range(2):  # in-process runs: the second is not silenced as a repeat
        status, out, err = run(capsys, "text", corpus, tmp_path / "o", *FAST_TEXT, "-q")
        assert status == 0 and out == ""
        assert err.splitlines() == warning_lines(err) and len(warning_lines(err)) == len(expected)
        assert_no_python_warning_format(err)
    assert load_word2vec_format(tmp_path / "o")[0] == ["a", "b", "c"]


def test_warnings_and_progress_speak_in_flags(tmp_path, capsys, monkeypatch):
    def fake_run(args, verbose, stdout):
        warnings.warn(
            "min_count=3 leaves\n    few tokens; lower min_count", UserWarning, stacklevel=2
        )
        warnings.warn("window='x' looks odd", RuntimeWarning, stacklevel=2)
        print("[SkipGramEmbedder] 3 kept (min_count=3), sample=0.001")  # progress
        cli._write(args, ["a"], np.zeros((1, 2), dtype=np.float32), verbose, stdout)

    monkeypatch.setattr(cli, "_run_text", fake_run)
    corpus = write(tmp_path, "c.txt", CORPUS)
    status, out, err = run(capsys, "text", corpus, tmp_path / "o")
    assert status == 0 and out == ""
    assert err.splitlines() == [
        "sksg: warning: --min-count=3 leaves few tokens; lower --min-count",
        "sksg: warning: RuntimeWarning: --window=x looks odd",
        "[SkipGramEmbedder] 3 kept (--min-count=3), --sample=0.001",
        f"[sksg] wrote 1 vectors of dimension 2 to {tmp_path / 'o'} (text word2vec format)",
    ]


def test_main_restores_the_warnings_state(tmp_path, capsys):
    show, filters = warnings.showwarning, list(warnings.filters)
    corpus = write(tmp_path, "c.txt", ONE_TOKEN_LINES)
    assert main(["text", corpus, str(tmp_path / "o"), *FAST_TEXT, "-q"]) == 0  # warns
    assert main(["text", write(tmp_path, "e.txt", ""), str(tmp_path / "o"), "-q"]) == 2
    capsys.readouterr()
    assert warnings.showwarning is show and warnings.filters == filters


@pytest.mark.parametrize(
    "message, expected",
    [
        ("min_learning_rate=0.5 is larger than learning_rate=0.025; the rate decays from "
         "learning_rate to min_learning_rate.",
         "--min-learning-rate=0.5 is larger than --learning-rate=0.025; the rate decays from "
         "--learning-rate to --min-learning-rate."),
        ("n_components=8, random_state=3, n_jobs=2, walks_per_node=1",
         "--dimensions=8, --seed=3, --workers=2, --walks-per-node=1"),
        ("shrink_window=False, share_negatives=True, objective='softmax', directed=True",
         "--no-shrink-window, --share-negatives, --objective=softmax, --directed"),
        ("The 'max_final_vocab' parameter of SkipGramEmbedder must be an int in the range "
         "[1, inf) or None. Got 0 instead.",
         "--max-final-vocab must be an int in the range [1, inf). Got 0 instead."),
        ("the row np.int64(99) of np.float32(0.5)", "the row 99 of 0.5"),
        ("order='first', n_samples=5000, n_layers=2, stay_probability=0.5, "
         "compress_degrees=False; lower n_compared",
         "--order=first, --n-samples=5000, --n-layers=2, --stay-probability=0.5, "
         "--no-compress-degrees; lower --n-compared"),
        # words that are also parameter names stay words
        ("a window of negative samples; p and q; the sample", None),
        ("must be a str among {'negative', 'softmax'}. Got 'window' instead.", None),
        ("self.min_count, /data/min_count/x, the_window=1, verbose=2, weighted=False", None),
        ("handle_unknown='ignore' (not an option)", None),
    ],
)  # fmt: skip
def test_messages_in_flags(message, expected):
    flags = cli._Flags(cli.build_parser())
    assert flags(message) == (message if expected is None else expected)
