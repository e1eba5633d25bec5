"""sksg against an earlier sksg: the same fits, timed side by side.

A refactor should not make sksg slower. This script exports a git revision of
the package (``--base``, e.g. the commit before a change) next to the working
tree's, and times the same fits with both in fresh processes, alternating,
with ``--threads`` threads (default one):

* ``text-negative``: ``SkipGramEmbedder`` on the text benchmark's corpus
  (``make_topic_corpus``, 250,000 sequences by default, 100 dimensions, window
  5, 5 negatives, sample 1e-3, ``min_count=5``, 2 epochs);
* ``text-shared``: the same with ``share_negatives=True``;
* ``text-hierarchical``: the same with ``objective='hierarchical'`` (not in
  the default set);
* ``graph-node2vec``: ``GraphWalkEmbedder`` end to end (walks + training) on the
  graph benchmark's planted partition (100,000 nodes, 1,000,000 edges, p = 0.5,
  q = 2, one walk of 80 nodes per node, 128 dimensions, window 10).

Both trees get the same explicit parameters, so defaults that changed between
them do not matter. Each child also returns a checksum of the vectors, so the
report says whether the two trees trained bit-identical vectors, and a score
(text: the text benchmark's topic precision@10; graph: the graph benchmark's
node-classification accuracy). With ``--vary-seed`` repeat ``r`` uses
``random_state=r`` in both trees, and the scores are compared paired by
repeat: what a change that alters the vectors (several threads are not
reproducible anyway) does to quality.

    python benchmarks/bench_versions.py --base 373e974            # ~15 minutes
    python benchmarks/bench_versions.py --base HEAD~3 --repeats 5 --quick
    python benchmarks/bench_versions.py --base HEAD~1 --workloads text-hierarchical \
        --threads 2 --repeats 5 --vary-seed

Results: ``results/versions.json`` and ``results/versions.md``.
"""

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import harness  # noqa: I001 (the benchmarks' own modules, found beside this script)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKLOADS = ("text-negative", "text-shared", "graph-node2vec")
EXTRA_WORKLOADS = ("text-hierarchical",)


def export_revision(rev, dest):
    """Extract the ``sksg`` package of git revision ``rev`` into ``dest``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "sksg"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tempfile.NamedTemporaryFile(suffix=".tar") as f:
        f.write(archive)
        f.flush()
        with tarfile.open(f.name) as tar:
            tar.extractall(dest, filter="data")


def corpus(args):
    from sksg.datasets import make_topic_corpus

    sequences, topic = make_topic_corpus(
        args.sequences, n_topics=50, tokens_per_topic=1000, n_common=100, mix_rate=0.5,
        length_range=(10, 30), random_state=0,
    )  # fmt: skip
    return sequences, topic


def graph(args):
    """The graph benchmark's planted partition (10 edges per node, 50 blocks, 30% across)."""
    from graph_data import adjacency, make_planted_partition

    u, v, labels = make_planted_partition(args.nodes, 10 * args.nodes, 50, 0.3, seed=0)
    return adjacency(u, v, args.nodes), labels


def child(args):
    """Time one fit of one workload with the sksg on ``sys.path``; print JSON."""
    import numpy as np

    import sksg

    if args.workload.startswith("text"):
        from bench_text import topic_precision

        data, topic = corpus(args)
        extra = {}
        if args.workload == "text-shared":
            extra["share_negatives"] = True
        if args.workload == "text-hierarchical":
            extra["objective"] = "hierarchical"  # only then: older trees lack the parameter
        est = sksg.SkipGramEmbedder(
            n_components=100, window=5, negative=5, sample=1e-3, min_count=5, epochs=2,
            n_jobs=args.threads, random_state=args.seed, **extra,
        )  # fmt: skip
        est.fit(data[:200])  # warm-up: loads (or compiles) the kernels
        tic = time.perf_counter()
        est.fit(data)
        seconds = time.perf_counter() - tic
        score = topic_precision(est.embedding_, list(est.tokens_), topic)
    else:
        from graph_data import classify

        A, labels = graph(args)
        params = dict(
            walk_length=80, walks_per_node=1, p=0.5, q=2.0, n_components=128, window=10,
            negative=5, sample=1e-3, epochs=1, n_jobs=args.threads, random_state=args.seed,
        )  # fmt: skip
        sksg.GraphWalkEmbedder(A[:2000, :2000], **params).fit()  # warm-up
        tic = time.perf_counter()
        est = sksg.GraphWalkEmbedder(A, **params).fit()
        seconds = time.perf_counter() - tic
        score = classify(est.embedding_, labels, 50_000, unscaled=False)["accuracy"]
    digest = hashlib.sha1(np.ascontiguousarray(est.embedding_).tobytes()).hexdigest()
    record = {"seconds": seconds, "sha1": digest, "score": score, "sksg": str(sksg.__file__)}
    print(json.dumps(record))


def run_child(tree, workload, args, seed):
    cmd = [sys.executable, __file__, "--child", workload, "--sequences", str(args.sequences)]
    cmd += ["--nodes", str(args.nodes), "--threads", str(args.threads), "--seed", str(seed)]
    # this tree's sksg, not the one harness.child_env would put first
    env = dict(harness.child_env(), PYTHONPATH=str(tree))
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{workload} with {tree} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--workloads",
        default=",".join(WORKLOADS),
        help=f"comma-separated among {', '.join(WORKLOADS + EXTRA_WORKLOADS)} (default: "
        "%(default)s)",
    )
    parser.add_argument("--threads", type=int, default=1, help="n_jobs of every fit")
    parser.add_argument(
        "--vary-seed",
        action="store_true",
        help="repeat r fits with random_state=r (default: 0 always); scores paired by repeat",
    )
    parser.add_argument("--sequences", type=int, default=250_000)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="small inputs, one repeat")
    parser.add_argument("--out", default=None)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        args.workload = args.child
        return child(args)
    if args.quick:
        args.sequences, args.nodes, args.repeats = 20_000, 10_000, 1
    workloads = args.workloads.split(",")
    with tempfile.TemporaryDirectory(prefix="sksg_base_") as base_dir:
        export_revision(args.base, base_dir)
        trees = {"base": Path(base_dir), "head": ROOT}
        runs = {(w, t): [] for w in workloads for t in trees}
        for repeat in range(args.repeats):
            for workload in workloads:
                for name in harness.rotated(list(trees), repeat):
                    seed = repeat if args.vary_seed else 0
                    record = run_child(trees[name], workload, args, seed)
                    runs[workload, name].append(record)
                    print(
                        f"{workload} {name} (seed {seed}): {record['seconds']:.2f} s, "
                        f"score {record['score']:.4f}",
                        flush=True,
                    )
    rev = subprocess.run(
        ["git", "rev-parse", "--short", args.base], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    rows, summary = [], {}
    for workload in workloads:
        base = statistics.median(r["seconds"] for r in runs[workload, "base"])
        head = statistics.median(r["seconds"] for r in runs[workload, "head"])
        same = {r["sha1"] for r in runs[workload, "base"]} == {
            r["sha1"] for r in runs[workload, "head"]
        }
        scores = {t: [r["score"] for r in runs[workload, t]] for t in trees}
        paired = harness.paired_difference(scores["head"], scores["base"])
        summary[workload] = {"base_s": base, "head_s": head, "identical_vectors": same,
                             "score": {t: statistics.median(s) for t, s in scores.items()},
                             "score_difference": paired}  # fmt: skip
        interval = (
            f" ({paired['ci_low']:+.4f}, {paired['ci_high']:+.4f})"
            if paired["ci_low"] is not None
            else ""
        )
        rows.append(
            [workload, f"{base:.2f} s", f"{head:.2f} s", f"{base / head:.3f}x",
             "yes" if same else "no", f"{statistics.median(scores['base']):.4f}",
             f"{statistics.median(scores['head']):.4f}", f"{paired['mean']:+.4f}{interval}"]
        )  # fmt: skip
    table = harness.md_table(
        ["workload", f"base ({rev})", "working tree", "speed base/tree", "same vectors",
         "score base", "score tree", "tree - base, paired (95% CI)"], rows,
    )  # fmt: skip
    seeds = "random_state = the repeat's index" if args.vary_seed else "random_state=0"
    text = (
        f"# sksg against {rev}\n\nMedians of {args.repeats} fresh-process runs per tree, "
        f"{args.threads} thread(s), {seeds}, the trees alternating. Score: topic "
        f"precision@10 (text), node-classification accuracy (graph).\n\n{table}\n"
    )
    print(text)
    result = {"base": rev, "args": vars(args), "summary": summary,
              "runs": {f"{w}/{t}": r for (w, t), r in runs.items()}}  # fmt: skip
    out = (
        Path(args.out)
        if args.out
        else HERE / "results" / ("versions-quick" if args.quick else "versions")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1))
    out.with_suffix(".md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
