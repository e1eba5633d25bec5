"""The ``sksg`` command: embed a graph or a text corpus, or write random walks.

``sksg graph EDGES OUTPUT`` runs :class:`~sksg.GraphWalkEmbedder` on an edge
list file, ``sksg line EDGES OUTPUT`` :class:`~sksg.LINEEmbedder` and ``sksg
struc2vec EDGES OUTPUT`` :class:`~sksg.Struc2VecEmbedder`; ``sksg text CORPUS
OUTPUT`` runs :class:`~sksg.SkipGramEmbedder` on a file of one sequence per
line; all write the vectors with :func:`~sksg.save_word2vec_format`. ``sksg
walks EDGES OUTPUT`` writes the walks of :func:`~sksg.random_walks`, one per
line. ``python -m sksg`` is the same command.
"""

import argparse
import contextlib
import os
import re
import sys
import time
import warnings

import numpy as np

from ._edgelist import _E_EMPTY, _parse_edges, _to_csr
from ._graph_walk import GraphWalkEmbedder, graph_walks
from ._line import AUTO_MIN_SAMPLES, AUTO_SAMPLES_PER_EDGE, LINEEmbedder
from ._skipgram import SkipGramEmbedder
from ._struc2vec import Struc2VecEmbedder
from ._threads import NumbaThreads, n_threads_for
from ._word2vec import _key_problem, save_word2vec_format

PROG = "sksg"


class CommandError(Exception):
    """A problem with the command's input: one line on stderr, exit status 2."""


# -- input files ---------------------------------------------------------------------

_DELIMITERS = {"auto": "auto", "whitespace": None, "space": None, "tab": "\t", "comma": ","}


def _delimiter(value):
    """``--delimiter``: a name of :data:`_DELIMITERS` or one character."""
    if value in _DELIMITERS:
        return _DELIMITERS[value]
    value = {"\\t": "\t"}.get(value, value)
    if len(value) != 1 or value == "#":
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a delimiter: use auto, whitespace, tab, comma or one character"
        )
    return None if value.isspace() and value != "\t" else value


_INT64_MAX = 2**63 - 1


def _int(value):
    """An integer option: a whole number that fits in 64 bits (the kernels' integers)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {value!r}") from None
    if abs(number) > _INT64_MAX:
        raise argparse.ArgumentTypeError(f"{value} is too large (at most {_INT64_MAX})")
    return number


def _workers(value):
    """``--workers``: a thread count, or a negative count from the number of processors."""
    number = _int(value)
    if number == 0:
        raise argparse.ArgumentTypeError(
            "0 threads cannot run: give a positive number, or -1 for all processors"
        )
    return number


def _not_utf8(name, lineno, exc):
    return CommandError(f"{name} line {lineno}: not UTF-8 text ({exc.reason})")


# The options that messages about the edge list name.
_TERMS = {"delimiter": "--delimiter", "header": "--header", "weighted": "--weighted"}
# What a word2vec key cannot hold (see _key_problem), besides the newline that ends lines.
_NOT_IN_KEYS = re.compile(r"[^\S\n]|\x00")


def _first_bad_key(labels, first_line):
    """``(line, message)`` of the first node ID a word2vec file cannot store, or None.

    One regular expression over all IDs finds the candidates (IDs hold no
    newline), then :func:`_key_problem` says why; the earliest first
    appearance wins.
    """
    text = "\n".join(labels)
    hits = [m.start() for m in _NOT_IN_KEYS.finditer(text)]
    if not hits:
        return None
    ends = np.cumsum([len(label) + 1 for label in labels])
    nodes = np.unique(np.searchsorted(ends, hits, side="right")).tolist()
    bad = [(int(first_line[i]), labels[i]) for i in nodes if _key_problem(labels[i])]
    if not bad:
        return None
    lineno, node = min(bad)
    return lineno, f"the node ID {node!r} {_key_problem(node)}, which a word2vec file cannot store"


def _read_edges(path, *, delimiter, header, weighted):
    """EDGES parsed (:func:`sksg._edgelist._parse_edges`, string IDs), and its node IDs.

    Raises :class:`CommandError` on the first problem of the file, in file
    order: a parse error or a node ID that a word2vec file cannot store.
    """
    edges = _parse_edges(
        path, delimiter=delimiter, comments="#", header=header, weighted=weighted,
        nodetype=str, terms=_TERMS,
    )  # fmt: skip
    labels = edges.labels.tolist()
    error = edges.error
    bad = _first_bad_key(labels, edges.first_line)
    if bad is not None and (error is None or error.lineno is None or bad[0] <= error.lineno):
        raise CommandError(f"{edges.name} line {bad[0]}: {bad[1]}")
    if error is not None:
        if error.code == _E_EMPTY:
            raise CommandError(
                f"{edges.name} line {error.lineno}: the node ID '' is empty, which a word2vec "
                "file cannot store"
            )
        raise CommandError(error.message)
    return edges, labels


def read_edge_list(path, *, delimiter="auto", header=False, weighted=None):
    """Read an edge list file: ``source target [weight]`` per line.

    Blank lines and lines starting with ``#`` are skipped; with ``header`` the
    first other line is too. ``delimiter`` is ``"auto"`` (tab if the first
    line holds one, else comma if it holds one, else whitespace), None
    (whitespace) or a character. Every line has the number of fields of the
    first. ``weighted``: None uses a third column if there is one, True
    requires it, False ignores it. The parser is :func:`sksg.read_edgelist`'s,
    with node IDs as strings.

    Returns
    -------
    labels : list of str
        The node IDs, in order of first appearance.
    source, target : ndarray of int64
        The edges, as indices into ``labels``.
    weight : ndarray of float64 or None
        The edge weights (None without a weight column or with
        ``weighted=False``).
    """
    edges, labels = _read_edges(path, delimiter=delimiter, header=header, weighted=weighted)
    return labels, edges.src.astype(np.int64), edges.dst.astype(np.int64), edges.weight


def _looks_like_header(labels, src, dst):
    """Whether the first edge is two non-numeric IDs seen nowhere else, all others numeric."""
    if len(labels) < 3 or labels[0].lstrip("-").isdigit() or labels[1].lstrip("-").isdigit():
        return False
    seen = np.bincount(src, minlength=len(labels)) + np.bincount(dst, minlength=len(labels))
    return (
        seen[0] == 1
        and seen[1] == 1
        and src[0] == 0
        and dst[0] == 1
        and all(label.lstrip("-").isdigit() for label in labels[2:50])
    )


class LineCorpus:
    """A text file as token sequences: one per line, tokens split on whitespace.

    Each iteration reads the file again (as the estimator does once to count
    tokens and once per epoch), so the corpus is never held in memory.
    """

    def __init__(self, path):
        self.path = path

    def __iter__(self):
        lineno = 0
        with open(self.path, "rb") as f:
            try:
                for lineno, raw in enumerate(f, start=1):  # noqa: B007 (for the handler)
                    yield raw.decode("utf-8").split()
            except UnicodeDecodeError as exc:
                raise _not_utf8(os.fspath(self.path), lineno, exc) from None


# -- command line ----------------------------------------------------------------------


def _or_auto(kind):
    """An argparse type: ``'auto'`` or a value of ``kind``."""

    def parse(value):
        return value if value == "auto" else kind(value)

    parse.__name__ = kind.__name__.strip("_")  # argparse names the type in its errors
    return parse


def _add_skipgram_options(parser, defaults):
    """The skip-gram options of the parameters in ``defaults`` (the estimator's), and run.

    An option whose parameter the estimator lacks (LINE has no ``window``,
    ``epochs``, ...) is left out.
    """
    g = parser.add_argument_group("skip-gram")

    def add(*flags, help, **kwargs):
        dest = kwargs.setdefault("dest", flags[0].lstrip("-").replace("-", "_"))
        if dest not in defaults:
            return
        kwargs.setdefault("default", defaults[dest])
        g.add_argument(*flags, help=help + " (default: %(default)s)", **kwargs)

    add(
        "--dimensions",
        "--n-components",
        dest="n_components",
        type=_int,
        metavar="N",
        help="dimension of the vectors",
    )
    add(
        "--window",
        "--window-size",
        type=_int,
        metavar="N",
        help="maximum distance between a center and a context",
    )
    add(
        "--shrink-window",
        action=argparse.BooleanOptionalAction,
        help="draw each center's window from 1..WINDOW, as word2vec does",
    )
    add("--negative", type=_int, metavar="N", help="noise samples per positive pair")
    add("--ns-exponent", type=float, metavar="X", help="exponent of the noise distribution")
    add(
        "--sample",
        type=_or_auto(float),
        metavar="T",
        help="subsampling threshold, 0 to disable, 'auto': 1e-3, or 1/vocabulary size if larger",
    )
    add(
        "--epochs",
        "--iter",
        type=_or_auto(_int),
        metavar="N",
        help="passes over the data; 'auto': the estimator's default, more on small data",
    )
    add("--learning-rate", "--alpha", type=float, metavar="X", help="initial learning rate")
    add(
        "--min-learning-rate",
        "--min-alpha",
        type=float,
        metavar="X",
        help="final learning rate of the linear decay",
    )
    add(
        "--objective",
        choices=["negative", "hierarchical", "softmax"],
        help="negative sampling, hierarchical softmax (word2vec's -hs 1), or the exact "
        "full softmax for small vocabularies",
    )
    add(
        "--share-negatives",
        action=argparse.BooleanOptionalAction,
        help="share each center's noise samples among its pairs (faster)",
    )
    _add_run_options(parser.add_argument_group("run"), binary=True)


def _add_run_options(r, binary):
    """Threads, seed, output format, verbosity."""
    r.add_argument(
        "--workers",
        "--n-jobs",
        dest="n_jobs",
        type=_workers,
        default=None,
        metavar="N",
        help="threads; -1 for all processors (default: 1, bit-reproducible)",
    )
    r.add_argument(
        "--seed",
        "--random-state",
        dest="random_state",
        type=_int,
        default=None,
        metavar="N",
        help="random seed, for reproducible results (default: none)",
    )
    if binary:
        r.add_argument(
            "--binary",
            action="store_true",
            help="write float32 bytes instead of text (smaller, same values)",
        )
    loud = r.add_mutually_exclusive_group()
    loud.add_argument(
        "-v", "--verbose", action="count", default=0, help="more progress output (repeatable)"
    )
    loud.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress output; warnings and errors still print (default: progress on stderr)",
    )


class _NotApplicable(argparse.Action):
    """An option the command does not take: a usage error that says why, not in --help."""

    def __init__(self, option_strings, dest, reason, **kwargs):
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        self.reason = reason

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(f"{option_string} does not apply: {self.reason}")


def _add_graph_options(parser, undirected_unweighted=None):
    """How to read EDGES: direction, weights, delimiter, header.

    ``undirected_unweighted``: why the estimator reads every graph undirected
    and unweighted (struc2vec); then --directed, --weighted and --unweighted
    are usage errors that say so, and a weight column is ignored.
    """
    g = parser.add_argument_group("graph")
    if undirected_unweighted is not None:
        for flag in ("--directed", "--weighted", "--unweighted"):
            g.add_argument(flag, action=_NotApplicable, reason=undirected_unweighted)
        parser.set_defaults(directed=False, weighted=False)
    else:
        g.add_argument(
            "--directed",
            action="store_true",
            help="edges go from source to target (default: undirected)",
        )
        weights = g.add_mutually_exclusive_group()
        weights.add_argument(
            "--weighted",
            dest="weighted",
            action="store_const",
            const=True,
            default=None,
            help="require a weight column (default: use one if present)",
        )
        weights.add_argument(
            "--unweighted",
            dest="weighted",
            action="store_const",
            const=False,
            help="ignore a weight column: every edge weighs 1",
        )
    g.add_argument(
        "--delimiter",
        type=_delimiter,
        default="auto",
        metavar="D",
        help="auto, whitespace, tab, comma, or one character (default: auto, from the first line)",
    )
    g.add_argument("--header", action="store_true", help="skip the first (non-comment) line")


def _add_walk_options(parser, defaults):
    """The random walks: length, number, node2vec's p and q (if ``defaults`` has them)."""
    w = parser.add_argument_group("walks")
    w.add_argument(
        "--walk-length",
        type=_int,
        default=defaults["walk_length"],
        metavar="N",
        help="nodes per walk (default: %(default)s)",
    )
    w.add_argument(
        "--walks-per-node",
        "--num-walks",
        dest="walks_per_node",
        type=_int,
        default=defaults["walks_per_node"],
        metavar="N",
        help="walks started from every node (default: %(default)s)",
    )
    if "p" not in defaults:
        return
    w.add_argument(
        "--p",
        type=float,
        default=defaults["p"],
        metavar="P",
        help="node2vec return parameter (default: %(default)s)",
    )
    w.add_argument(
        "--q",
        type=float,
        default=defaults["q"],
        metavar="Q",
        help="node2vec in-out parameter (default: %(default)s)",
    )


def _compared(value):
    """``--n-compared``: a positive number, ``'auto'``, or ``'all'`` (None: every pair)."""
    if value in ("auto", "all"):
        return {"auto": "auto", "all": None}[value]
    number = _int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"{value} nodes cannot be compared: give a positive number, auto or all"
        )
    return number


def _add_line_options(parser, defaults):
    """LINE's proximity order and number of edge samples."""
    g = parser.add_argument_group("LINE")
    g.add_argument(
        "--order",
        choices=["first", "second", "both"],
        default=defaults["order"],
        help="the proximity to preserve: first (linked nodes are close; undirected graphs), "
        "second (nodes with the same neighbours are close), or both, concatenated "
        "(default: %(default)s)",
    )
    g.add_argument(
        "--n-samples",
        type=_or_auto(_int),
        default=defaults["n_samples"],
        metavar="N",
        help=f"edges drawn per order (the paper's T); 'auto': {AUTO_SAMPLES_PER_EDGE} per "
        f"directed edge (an undirected edge counts twice), at least {AUTO_MIN_SAMPLES:,} "
        "(default: %(default)s)",
    )


def _add_struc2vec_options(parser, defaults):
    """struc2vec's multilayer graph: layers, compared nodes, compression, layer changes."""
    g = parser.add_argument_group("struc2vec")
    g.add_argument(
        "--n-layers",
        type=_int,
        default=defaults["n_layers"],
        metavar="N",
        help="rings compared, from the node itself to N-1 hops; the paper's OPT3 "
        "(default: %(default)s)",
    )
    g.add_argument(
        "--n-compared",
        type=_compared,
        default=defaults["n_compared"],
        metavar="N",
        help="nodes of the closest degrees each node is compared with, the paper's OPT2; "
        "'auto': 2*ceil(log2(nodes)), 'all': every pair, O(nodes^2) (default: %(default)s)",
    )
    g.add_argument(
        "--compress-degrees",
        action=argparse.BooleanOptionalAction,
        default=defaults["compress_degrees"],
        help="compare degree sequences as (degree, count) pairs; the paper's OPT1 "
        "(default: %(default)s)",
    )
    g.add_argument(
        "--stay-probability",
        type=float,
        default=defaults["stay_probability"],
        metavar="X",
        help="probability that a walk step stays in its layer; the paper's q "
        "(default: %(default)s)",
    )


def build_parser():
    """The argument parser of the ``sksg`` command."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Skip-gram embeddings (word2vec, DeepWalk, node2vec, LINE, struc2vec) "
        "from the command line. 'graph', 'line', 'struc2vec' and 'text' write the vectors "
        "as a word2vec-format file, which sksg.load_word2vec_format and gensim's "
        "KeyedVectors.load_word2vec_format read; 'walks' writes random walks, one per line.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    graph = commands.add_parser(
        "graph",
        help="embed the nodes of a graph (an edge list file)",
        description="Embed the nodes of a graph with random walks (DeepWalk, node2vec) and "
        "skip-gram: GraphWalkEmbedder on an edge list file.",
        epilog="EDGES holds one edge per line, 'source target' or 'source target weight', "
        "split on whitespace, commas or tabs. Blank lines and lines starting with '#' are "
        "skipped. Node IDs are kept as strings, as written ('007' and '7' are two nodes), "
        "and are the keys of the output file; the rows follow the nodes' first appearance. "
        "The result equals GraphWalkEmbedder(graph=edges, directed=..., ...) with the same "
        "options, where edges is a DataFrame of the file with string source/target columns.",
        allow_abbrev=False,
    )
    graph.add_argument("edges", metavar="EDGES", help="the edge list file")
    graph.add_argument("output", metavar="OUTPUT", help="the vectors file to write ('-': stdout)")
    defaults = GraphWalkEmbedder().get_params()
    _add_graph_options(graph)
    _add_walk_options(graph, defaults)
    _add_skipgram_options(graph, defaults)

    line = commands.add_parser(
        "line",
        help="embed the nodes of a graph with LINE (no walks)",
        description="Embed the nodes of a graph from its edges alone with LINE (Tang et al., "
        "2015): first-order proximity (linked nodes are close), second-order (nodes with the "
        "same neighbours are close), or both. LINEEmbedder on an edge list file.",
        epilog="EDGES is read as by 'sksg graph'. --order first and both need an undirected "
        "graph. The result equals LINEEmbedder(graph=edges, directed=..., ...) with the same "
        "options, where edges is a DataFrame of the file with string source/target columns.",
        allow_abbrev=False,
    )
    line.add_argument("edges", metavar="EDGES", help="the edge list file")
    line.add_argument("output", metavar="OUTPUT", help="the vectors file to write ('-': stdout)")
    defaults = LINEEmbedder().get_params()
    _add_graph_options(line)
    _add_line_options(line, defaults)
    _add_skipgram_options(line, defaults)

    struc2vec = commands.add_parser(
        "struc2vec",
        help="embed the structural roles of the nodes of a graph",
        description="Embed the structural roles of the nodes of a graph with struc2vec "
        "(Ribeiro et al., 2017): nodes whose neighbourhoods look alike (degrees ring by ring) "
        "get close vectors, however far apart. Struc2VecEmbedder on an edge list file.",
        epilog="EDGES is read as by 'sksg graph', but always undirected and unweighted: "
        "struc2vec compares degrees, so a weight column is ignored and --directed, --weighted "
        "and --unweighted are not options. The result equals Struc2VecEmbedder(graph=edges, "
        "...) with the same options, where edges is a DataFrame of the file with string "
        "source/target columns.",
        allow_abbrev=False,
    )
    struc2vec.add_argument("edges", metavar="EDGES", help="the edge list file")
    struc2vec.add_argument(
        "output", metavar="OUTPUT", help="the vectors file to write ('-': stdout)"
    )
    defaults = Struc2VecEmbedder().get_params()
    _add_graph_options(
        struc2vec,
        undirected_unweighted="struc2vec reads every graph as undirected and unweighted "
        "(it compares degrees)",
    )
    _add_struc2vec_options(struc2vec, defaults)
    _add_walk_options(struc2vec, defaults)
    _add_skipgram_options(struc2vec, defaults)

    text = commands.add_parser(
        "text",
        help="embed the tokens of a text corpus",
        description="Embed the tokens of a corpus with skip-gram (word2vec): "
        "SkipGramEmbedder on a text file.",
        epilog="CORPUS holds one sequence per line (a sentence, a session of item IDs, a "
        "walk), tokens separated by whitespace, UTF-8. The file is read again on every "
        "epoch instead of being held in memory. The result equals SkipGramEmbedder(...)"
        ".fit([line.split() for line in open(CORPUS, encoding='utf-8')]) with the same options.",
        allow_abbrev=False,
    )
    text.add_argument("corpus", metavar="CORPUS", help="the text file")
    text.add_argument("output", metavar="OUTPUT", help="the vectors file to write ('-': stdout)")
    defaults = SkipGramEmbedder().get_params()
    v = text.add_argument_group("vocabulary")
    v.add_argument(
        "--min-count",
        type=_int,
        default=defaults["min_count"],
        metavar="N",
        help="ignore tokens seen fewer times (default: %(default)s; word2vec: 5)",
    )
    v.add_argument(
        "--max-final-vocab",
        type=_int,
        default=None,
        metavar="N",
        help="keep at most the N most frequent tokens (default: all)",
    )
    v.add_argument(  # the name of --max-final-vocab until 0.2
        "--max-vocab-size",
        dest="max_final_vocab",
        type=_int,
        help=argparse.SUPPRESS,
    )
    v.add_argument(
        "--max-counted-tokens",
        type=_int,
        default=None,
        metavar="N",
        help="hold at most about N distinct tokens while counting, forgetting rare ones "
        "(gensim's max_vocab_size; default: no limit)",
    )
    _add_skipgram_options(text, defaults)

    walks = commands.add_parser(
        "walks",
        help="write random walks on a graph, one per line",
        description="Write the random walks of a graph (DeepWalk, weighted, node2vec), one "
        "walk per line, node IDs separated by spaces: the walks GraphWalkEmbedder trains on, "
        "for other tools.",
        epilog="EDGES is read as by 'sksg graph'. The walks are written as they are made, a "
        "block at a time, so memory does not grow with their number. With the same options "
        "and --seed they equal sksg.random_walks(edges, ...), where edges is a DataFrame of "
        "the file with string source/target columns, and the walks of 'sksg graph'.",
        allow_abbrev=False,
    )
    walks.add_argument("edges", metavar="EDGES", help="the edge list file")
    walks.add_argument("output", metavar="OUTPUT", help="the walks file to write ('-': stdout)")
    _add_graph_options(walks)
    _add_walk_options(walks, GraphWalkEmbedder().get_params())
    r = walks.add_argument_group("run")
    _add_run_options(r, binary=False)
    return parser


def _estimator_params(args, estimator_class):
    names = estimator_class().get_params().keys()
    return {name: getattr(args, name) for name in names if hasattr(args, name)}


def _say(verbose, message):
    if verbose:
        print(f"[{PROG}] {message}", file=sys.stderr, flush=True)


def _warn(message):
    """A warning: one line on stderr, also with ``--quiet``."""
    print(f"{PROG}: warning: {message}", file=sys.stderr, flush=True)


def _check_output(path):
    if path == "-":
        return
    if not path:
        raise CommandError("OUTPUT is empty: give a file name, or '-' for stdout")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        if os.path.exists(folder):
            raise CommandError(f"{path}: {folder} is a file, not a folder")
        raise CommandError(f"{path}: the folder {folder} does not exist")
    if os.path.isdir(path):
        raise CommandError(f"{path}: is a folder, not a file")
    if not os.access(path if os.path.exists(path) else folder, os.W_OK):
        raise CommandError(f"{path}: permission denied, cannot write the vectors there")


def _write(args, keys, vectors, verbose, stdout):
    out = stdout.buffer if args.output == "-" else args.output
    save_word2vec_format(out, keys, vectors, binary=args.binary)
    if args.output == "-":
        out.flush()  # a reader that went away (| head) shows here, not at exit
    kind = "binary" if args.binary else "text"
    where = "stdout" if args.output == "-" else args.output
    _say(
        verbose,
        f"wrote {len(keys):,} vectors of dimension {vectors.shape[1]} to {where} "
        f"({kind} word2vec format)",
    )


def _read_graph(args, verbose):
    """EDGES as a scipy CSR adjacency matrix (directed, as read), and the node IDs of its rows."""
    edges, labels = _read_edges(
        args.edges, delimiter=args.delimiter, header=args.header, weighted=args.weighted
    )
    if not args.header and _looks_like_header(labels, edges.src, edges.dst):
        _warn(f"line 1 of {args.edges} looks like a header; pass --header to skip it")
    n = len(labels)
    kind = ("directed" if args.directed else "undirected") + (
        ", weighted" if edges.weight is not None else ""
    )
    _say(verbose, f"{args.edges}: {edges.src.shape[0]:,} edges, {n:,} nodes ({kind})")
    return labels, _to_csr(edges, directed=True)


def _fit_graph(estimator_class, args, verbose, stdout):
    """Fit ``estimator_class`` on EDGES with the options, and write its vectors."""
    labels, graph = _read_graph(args, verbose)
    params = _estimator_params(args, estimator_class)
    params["verbose"] = verbose
    if "directed" in params:  # not struc2vec's: it reads every graph undirected, unweighted
        params.update(directed=args.directed, weighted=args.weighted is not False)
    model = estimator_class(graph=graph, **params)
    model.fit()
    _write(args, [labels[i] for i in model.nodes_], model.embedding_, verbose, stdout)


def _run_graph(args, verbose, stdout):
    _fit_graph(GraphWalkEmbedder, args, verbose, stdout)


def _run_line(args, verbose, stdout):
    _fit_graph(LINEEmbedder, args, verbose, stdout)


def _run_struc2vec(args, verbose, stdout):
    _fit_graph(Struc2VecEmbedder, args, verbose, stdout)


def _run_walks(args, verbose, stdout):
    params = {name: getattr(args, name) for name in ("walk_length", "walks_per_node", "p", "q")}
    GraphWalkEmbedder(**params)._validate_params()  # the estimator's checks and messages
    labels, graph = _read_graph(args, verbose)
    walks, nodes = graph_walks(
        graph, **params, weighted=args.weighted is not False, directed=args.directed,
        random_state=args.random_state, n_threads=n_threads_for(args.n_jobs),
    )  # fmt: skip
    del graph
    names = np.empty(len(labels), dtype=object)
    names[:] = [labels[i] for i in nodes]
    threads = n_threads_for(args.n_jobs)
    tic = time.perf_counter()
    steps = 0
    with contextlib.ExitStack() as stack:
        if args.output == "-":
            out = stdout.buffer
        else:
            out = stack.enter_context(open(args.output, "wb"))
        stack.enter_context(NumbaThreads(threads))
        for ids, offsets in walks.blocks(threads):
            tokens = names[ids].tolist()
            bounds = offsets.tolist()
            lines = [" ".join(tokens[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
            steps += ids.shape[0]
    took = time.perf_counter() - tic
    where = "stdout" if args.output == "-" else args.output
    _say(
        verbose,
        f"wrote {walks.n_walks:,} walks, {steps:,} steps to {where} in {took:.2f} s "
        f"({steps / max(took, 1e-9):,.0f} steps/s)",
    )


def _run_text(args, verbose, stdout):
    if not os.path.isfile(args.corpus):
        with open(args.corpus, "rb"):  # raises the OSError that says why
            pass
    params = _estimator_params(args, SkipGramEmbedder)
    params["verbose"] = verbose
    model = SkipGramEmbedder(**params)
    model.fit(LineCorpus(args.corpus))
    _write(args, list(model.tokens_), model.embedding_, verbose, stdout)


_GROWS = {
    "graph": "the walks grow with --walks-per-node and --walk-length, the vectors with "
    "--dimensions",
    "line": "the vectors grow with --dimensions, the edge sampler with the number of edges",
    "struc2vec": "the multilayer graph grows with --n-layers and --n-compared, the vectors "
    "with --dimensions",
    "text": "the vectors grow with --dimensions and the vocabulary "
    "(--min-count, --max-final-vocab)",
}


def _out_of_memory(command):
    return f"out of memory; {_GROWS.get(command, _GROWS['text'])}"


# numpy's refusals of an array larger than the address space: out of memory too
_TOO_BIG = re.compile(r"^(array is too big|Maximum allowed dimension exceeded)")


# -- messages in the command's terms -------------------------------------------------


def _option_actions(parser):
    """Destination (the estimator parameter) -> the action of its option."""
    actions = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                for dest, sub_action in _option_actions(sub).items():
                    actions.setdefault(dest, sub_action)
        elif action.option_strings:
            actions.setdefault(action.dest, action)
    return actions


class _Flags:
    """Rewrite an estimator's message in the command's terms: parameters as options.

    ``min_learning_rate=0.5`` becomes ``--min-learning-rate=0.5``,
    ``shrink_window=False`` ``--no-shrink-window``, scikit-learn's ``The
    'window' parameter of GraphWalkEmbedder must be ...`` ``--window must be
    ...`` (without the alternatives an option cannot take: None, instances),
    and a bare ``min_count`` ``--min-count``. Names without an underscore
    (``window``, ``sample``, ``p``) are only rewritten as ``name=`` or
    ``'name'``, since bare they are plain words. numpy scalars such as
    ``np.int64(3)`` print as ``3``. The library's own messages keep the
    Python names; only the command rewrites them.

    >>> flags = _Flags(build_parser())
    >>> flags("min_learning_rate=0.5 is larger than learning_rate=0.025; lower min_count.")
    '--min-learning-rate=0.5 is larger than --learning-rate=0.025; lower --min-count.'
    >>> flags("a window of np.int64(5) tokens: objective='softmax', shrink_window=False")
    'a window of 5 tokens: --objective=softmax, --no-shrink-window'
    """

    # Options whose value is not the parameter's: -v/-q for verbose, --unweighted.
    _NOT_OPTIONS = ("verbose", "weighted")
    _NUMPY_SCALAR = re.compile(
        r"\bnp\.(?:u?int\d*|float\d*|complex\d*|u?intp|bool_?|str_|bytes_|half|single|"
        r"double|longdouble)\(([^()]*)\)"
    )

    def __init__(self, parser):
        params = set().union(
            *(
                cls().get_params()
                for cls in (GraphWalkEmbedder, SkipGramEmbedder, LINEEmbedder, Struc2VecEmbedder)
            )
        )
        actions = _option_actions(parser)
        self.actions = {
            name: actions[name] for name in params & actions.keys() if name not in self._NOT_OPTIONS
        }
        longest_first = sorted(self.actions, key=len, reverse=True)
        names = "|".join(longest_first)
        snake = "|".join(name for name in longest_first if "_" in name)
        start = r"(?<![\w./'\"-])"  # not inside a word, attribute, path, string or flag
        self._sklearn = re.compile(rf"^The '({names})' parameter of \w+")
        self._assign = re.compile(rf"{start}({names})=(True\b|False\b|'[\w.+-]*')?")
        # 'name', but not a value among others: {'negative', 'softmax'}, Got 'x'
        self._quoted = re.compile(rf"(?<![\w={{\[(])(?<!', )(?<!Got )'({names})'")
        self._bare = re.compile(rf"{start}({snake})(?![\w'\"(-]|\.\w)") if snake else None

    def flag(self, name):
        return self.actions[name].option_strings[0]

    def _assignment(self, match):
        action, value = self.actions[match[1]], match[2]
        flag = action.option_strings[0]
        if value in ("True", "False"):
            if isinstance(action, argparse.BooleanOptionalAction):
                negative = next(s for s in action.option_strings if s.startswith("--no-"))
                return flag if value == "True" else negative
            if isinstance(action, argparse._StoreTrueAction):
                return flag if value == "True" else f"without {flag}"
            return f"{flag}={value}"
        if value is None:
            return f"{flag}="
        return f"{flag}={value[1:-1]}"  # 'softmax' -> softmax, as typed

    def __call__(self, text):
        text, validation = self._sklearn.subn(lambda m: self.flag(m[1]), text)
        if validation:  # drop the alternatives an option cannot take
            text = re.sub(r" or None(?=\. Got )", "", text)
            text = re.sub(r",? (?:or )?an instance of '[\w.]+'", "", text)
        text = self._assign.sub(self._assignment, text)
        text = self._quoted.sub(lambda m: self.flag(m[1]), text)
        if self._bare is not None:
            text = self._bare.sub(lambda m: self.flag(m[1]), text)
        return self._NUMPY_SCALAR.sub(r"\1", text)


class _Translated:
    """A text stream writing to ``stream`` what ``translate`` makes of each write."""

    def __init__(self, stream, translate):
        self.stream = stream
        self.translate = translate

    def write(self, text):
        self.stream.write(self.translate(text))
        return len(text)

    def flush(self):
        self.stream.flush()

    def __getattr__(self, name):  # encoding, isatty, ...: the stream's
        return getattr(self.stream, name)


def _warning_printer(flags):
    """A :func:`warnings.showwarning` that prints ``sksg: warning: ...``, one line each."""

    def show(message, category, filename, lineno, file=None, line=None):
        text = flags(" ".join(str(message).split()))
        _warn(text if category is UserWarning else f"{category.__name__}: {text}")

    return show


def _stdout_gone():
    """The reader of stdout went away: send what is left to /dev/null, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor (captured output)
        pass


def main(argv=None):
    """Run the ``sksg`` command.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after the program name; None reads ``sys.argv``.

    Returns
    -------
    int
        The exit status: 0 on success, 2 on a usage or input error (reported
        as one line on stderr), 1 if it runs out of memory, 130 if
        interrupted, 141 if the reader of stdout went away (``| head``).
        Warnings print as one ``sksg: warning:`` line each on stderr, also
        with ``--quiet``.

    Examples
    --------
    >>> import os, tempfile
    >>> from sksg import load_word2vec_format
    >>> from sksg._cli import main
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = tmp.name
    >>> edges, out = os.path.join(folder, "edges.txt"), os.path.join(folder, "nodes.emb")
    >>> with open(edges, "w") as f:
    ...     _ = f.write("a b\\nb c\\nc a\\nc d\\n")
    >>> main(["graph", edges, out, "--dimensions", "8", "--walk-length", "10", "--seed", "0",
    ...       "--quiet"])
    0
    >>> keys, vectors = load_word2vec_format(out)
    >>> keys, vectors.shape
    (['a', 'b', 'c', 'd'], (4, 8))
    >>> tmp.cleanup()
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else 2
    flags = _Flags(parser)
    verbose = 0 if args.quiet else 2 + args.verbose
    # Warnings print as one line each, in the options' terms, also with --quiet;
    # the filters and showwarning are restored on return.
    with warnings.catch_warnings():
        warnings.showwarning = _warning_printer(flags)
        try:
            _check_output(args.output)
            run = {
                "graph": _run_graph,
                "line": _run_line,
                "struc2vec": _run_struc2vec,
                "text": _run_text,
                "walks": _run_walks,
            }[args.command]
            # the estimators print their progress on stdout, which holds the output of '-'
            stdout = sys.stdout
            with contextlib.redirect_stdout(_Translated(sys.stderr, flags)):
                run(args, verbose, stdout)
        except CommandError as exc:
            return _fail(str(exc))
        except BrokenPipeError:  # the reader of the output stopped early, as head does
            _stdout_gone()
            return 141  # what a shell reports for a process ended by SIGPIPE
        except OSError as exc:
            if exc.filename is None:
                return _fail(exc.strerror or str(exc))
            name = str(exc.filename) or "''"
            return _fail(f"{name}: {exc.strerror or exc}")
        except MemoryError:
            return _fail(_out_of_memory(args.command), 1)
        except ValueError as exc:  # invalid option values, rejected by the estimator
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if _TOO_BIG.match(message):
                return _fail(_out_of_memory(args.command), 1)
            return _fail(flags(message))
        except KeyboardInterrupt:
            return _fail("interrupted", 130)
    return 0


def _fail(message, status=2):
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status
