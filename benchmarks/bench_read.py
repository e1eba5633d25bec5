"""Reading edge lists: ``sksg.read_edgelist`` against ``pandas.read_csv`` and ``numpy.loadtxt``.

Three files are generated in a temporary folder (random edges between
1,000,000 nodes; ``--lines`` sets the sizes):

- ``int``: 10M lines ``source target``, integer IDs, space-separated;
- ``weighted``: 10M lines ``source target weight``, weights with 6 decimals;
- ``string``: 2M lines ``user123 item456``, string IDs.

Readers, each timed on each file in the same process, after a warm-up on a
small file (numba's compiled kernels load from its disk cache), three
repeats with the order of the readers rotated, medians reported:

- ``sksg parse``: the parse alone (``sksg._edgelist._parse_edges``, integer
  IDs as int64 columns, ``remap=False``; string IDs numbered in order of
  first appearance, which a string parse cannot skip), the columns pandas
  returns;
- ``sksg read_edgelist``: the parse, integer IDs to rows and the undirected
  CSR matrix, ``read_edgelist(path)``;
- ``pandas.read_csv``: ``read_csv(path, sep=" ", header=None, engine="c")``,
  columns only;
- ``pandas + to_csr``: ``read_csv`` then the graph sksg builds from the
  DataFrame (``sksg._graph.to_csr(frame, directed=False)``, what
  ``GraphWalkEmbedder(graph=frame)`` does): the same result as
  ``read_edgelist``;
- ``numpy.loadtxt`` (``dtype=np.int64`` for ``int``, ``float`` for
  ``weighted``; numpy 2's C parser, so the full files take seconds, not
  minutes), one array.

The files are read right after being written, so they are in the page cache
for every reader (the cache cannot be emptied without root): the times are
parsing, not disk. Wall-clock seconds on a shared machine; ratios of medians.

    python benchmarks/bench_read.py                # about 10 minutes
    python benchmarks/bench_read.py --lines 1000000 --out /tmp/read.md

Results: ``benchmarks/results/read.md``.
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402

harness.use_source_tree()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import sksg  # noqa: E402
from sksg._edgelist import _parse_edges  # noqa: E402
from sksg._graph import to_csr  # noqa: E402

N_NODES = 1_000_000
REPEATS = 3


def write_files(folder, lines, seed=0):
    """The three edge lists."""
    rng = np.random.default_rng(seed)
    m = lines
    src, dst = rng.integers(0, N_NODES, m), rng.integers(0, N_NODES, m)
    files = {}
    frame = pd.DataFrame({"s": src, "t": dst})
    files["int"] = folder / "int.txt"
    frame.to_csv(files["int"], sep=" ", header=False, index=False)
    frame["w"] = np.round(rng.random(m), 6)
    files["weighted"] = folder / "weighted.txt"
    frame.to_csv(files["weighted"], sep=" ", header=False, index=False)
    k = max(lines // 5, 1)
    strings = pd.DataFrame({"s": "user" + pd.Series(src[:k]).astype(str),
                            "t": "item" + pd.Series(dst[:k] // 10).astype(str)})  # fmt: skip
    files["string"] = folder / "string.txt"
    strings.to_csv(files["string"], sep=" ", header=False, index=False)
    return files


def readers(kind):
    """name -> function(path) for a file of ``kind``."""
    nodetype = str if kind == "string" else int
    names = ["source", "target"] + (["weight"] if kind.startswith("weighted") else [])
    out = {
        "sksg parse": lambda p: _parse_edges(p, nodetype=nodetype, remap=False),
        "sksg read_edgelist": lambda p: sksg.read_edgelist(p, nodetype=nodetype),
        "pandas.read_csv": lambda p: pd.read_csv(p, sep=" ", header=None, engine="c"),
        "pandas + to_csr": lambda p: to_csr(
            pd.read_csv(p, sep=" ", header=None, names=names, engine="c"), directed=False
        ),
    }
    if kind != "string":
        dtype = float if kind == "weighted" else np.int64
        out["numpy.loadtxt"] = lambda p: np.loadtxt(p, dtype=dtype)
    return out


def warm_up(folder):
    """Every reader once on a small file of each kind (loads numba's compiled kernels)."""
    texts = {"int": "1 2\n2 3\n", "weighted": "1 2 0.5\n2 3 1\n", "string": "a b\nb c\n"}
    for kind, text in texts.items():
        path = folder / f"small-{kind}.txt"
        path.write_text(text)
        for read in readers(kind).values():
            read(path)


def measure(files, repeats):
    times = {}
    for kind in ("int", "weighted", "string"):
        tools = readers(kind)
        for repeat in range(repeats):
            for name in harness.rotated(tools, repeat):
                gc.collect()
                tic = time.perf_counter()
                result = tools[name](files[kind])
                took = time.perf_counter() - tic
                del result
                times.setdefault((kind, name), []).append(took)
                print(f"  {kind:12s} {name:20s} {took:7.3f} s", flush=True)
    return times


def report(times, lines, machine):
    med = {key: statistics.median(v) for key, v in times.items()}
    sizes = {"int": lines, "weighted": lines, "string": max(lines // 5, 1)}
    rows = []
    for kind in ("int", "weighted", "string"):
        parse = med[(kind, "sksg parse")]
        full = med[(kind, "sksg read_edgelist")]
        pandas = med[(kind, "pandas.read_csv")]
        both = med[(kind, "pandas + to_csr")]
        rows.append([
            f"{kind} ({sizes[kind]:,} lines)", f"{parse:.2f}", f"{pandas:.2f}",
            f"**{pandas / parse:.2f}x**", f"{full:.2f}", f"{both:.2f}", f"**{both / full:.2f}x**",
        ])  # fmt: skip
    table = harness.md_table(
        ["file", "sksg parse (s)", "pandas.read_csv (s)", "pandas / sksg parse",
         "sksg read_edgelist (s)", "pandas + to_csr (s)", "(pandas + to_csr) / read_edgelist"],
        rows,
    )  # fmt: skip
    rows = []
    for kind in ("int", "weighted"):
        parse = med[(kind, "sksg parse")]
        loadtxt = med[(kind, "numpy.loadtxt")]
        rows.append([f"{kind} ({sizes[kind]:,} lines)", f"{parse:.2f}", f"{loadtxt:.2f}",
                     f"**{loadtxt / parse:.2f}x**"])  # fmt: skip
    loadtxt_table = harness.md_table(
        ["file", "sksg parse (s)", "numpy.loadtxt (s)", "loadtxt / sksg parse"], rows
    )
    raw = harness.md_table(
        ["file", "reader", "runs (s)"],
        [[k, name, ", ".join(f"{t:.3f}" for t in v)] for (k, name), v in times.items()],
    )
    load = f"{machine['load_before'][0]:.2f} and {machine['load_after'][0]:.2f}"
    return f"""# Reading edge lists

`python benchmarks/bench_read.py --lines {lines}`: medians of {len(next(iter(times.values())))}
runs, wall clock, the readers in rotated order. {machine["cpu"]}, {machine["nproc"]}
processors available; Python {machine["python"]}, numpy {machine["numpy"]}, numba
{machine["numba"]}, pandas {pd.__version__}; sksg {machine["sksg_git"]}. The machine was
shared (load average {load} before and after the timed runs). The files were just written,
so they are in the page cache for every reader: the times are parsing, not disk. Ratios
above 1 mean sksg is faster.

"sksg parse" is the parse alone (columns, as pandas returns: int64 IDs and float64
weights; string IDs numbered in order of first appearance); "sksg read_edgelist" also
maps IDs to rows and builds the undirected CSR matrix, the same graph as "pandas +
to_csr" (`read_csv`, then `sksg._graph.to_csr(frame, directed=False)`, what
`GraphWalkEmbedder(graph=frame)` builds).

{table}

`numpy.loadtxt` (one array, as pandas columns only):

{loadtxt_table}

All runs:

{raw}
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000, help="lines of the int files")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--out", type=Path, default=harness.RESULTS / "read.md")
    args = parser.parse_args(argv)
    machine = harness.machine_info(dists=("pandas",))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"writing the files ({args.lines:,} lines) in {folder}", flush=True)
        files = write_files(folder, args.lines)
        warm_up(folder)
        machine["load_before"] = os.getloadavg()
        times = measure(files, args.repeats)
        machine["load_after"] = os.getloadavg()
    markdown = report(times, args.lines, machine)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown)
    print()
    print(markdown)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
