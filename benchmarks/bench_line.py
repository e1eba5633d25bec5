"""LINEEmbedder against GraphWalkEmbedder: time and quality on the same graphs.

For planted-partition graphs of 1,000, 10,000 and 100,000 nodes (mean degree
20, 10/20/50 blocks, 30% of the edges across blocks; ``graph_data.py``), each
estimator is fit with its defaults (LINE: second order, first order and
both; ``n_samples='auto'``; walks: DeepWalk's 10 walks of 80 nodes per node,
window 10), 128 dimensions, on ``--threads`` threads, after a warm-up fit that
compiles the kernels. Reported per fit:

- seconds of ``fit`` (graph conversion, walks or edge draws, training);
- node classification: accuracy of logistic regression on standardised
  vectors, trained on a random half of the nodes (``graph_data.classify``);
- link prediction: 10% of the edges are held out before the fit, with as many
  node pairs that are not edges; the ROC AUC of the cosine similarity of the
  two nodes' vectors ranks held-out edges above non-edges.

    python benchmarks/bench_line.py              # about 15 minutes on 2 cores
    python benchmarks/bench_line.py --quick      # 1,000 and 10,000 nodes

Results: ``benchmarks/results/line.json`` and ``line.md``.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import graph_data  # noqa: E402
import harness  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from sksg import GraphWalkEmbedder, LINEEmbedder  # noqa: E402

GRAPHS = [
    dict(n_nodes=1_000, n_edges=10_000, n_blocks=10, cross=0.3, seed=0),
    dict(n_nodes=10_000, n_edges=100_000, n_blocks=20, cross=0.3, seed=0),
    dict(n_nodes=100_000, n_edges=1_000_000, n_blocks=50, cross=0.3, seed=0),
]
MODELS = {
    "walks (DeepWalk)": lambda A, t: GraphWalkEmbedder(A, n_jobs=t, random_state=0),
    "LINE second": lambda A, t: LINEEmbedder(A, order="second", n_jobs=t, random_state=0),
    "LINE first": lambda A, t: LINEEmbedder(A, order="first", n_jobs=t, random_state=0),
    "LINE both": lambda A, t: LINEEmbedder(A, order="both", n_jobs=t, random_state=0),
}
HELD_OUT = 0.1


def split_edges(u, v, n_nodes, seed=0):
    """Training edges, and held-out edges with as many non-edges."""
    rng = np.random.default_rng(seed)
    perm = rng.permutation(u.size)
    n_test = int(HELD_OUT * u.size)
    test, train = perm[:n_test], perm[n_test:]
    existing = set((u * n_nodes + v).tolist())
    neg = []
    while len(neg) < n_test:
        a, b = rng.integers(0, n_nodes, 2)
        lo, hi = min(a, b), max(a, b)
        if lo != hi and lo * n_nodes + hi not in existing:
            neg.append((lo, hi))
    return (u[train], v[train]), (u[test], v[test]), np.array(neg)


def link_auc(E, pos, neg):
    unit = E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-12)
    score_pos = np.sum(unit[pos[0]] * unit[pos[1]], axis=1)
    score_neg = np.sum(unit[neg[:, 0]] * unit[neg[:, 1]], axis=1)
    y = np.r_[np.ones(score_pos.size), np.zeros(score_neg.size)]
    return float(roc_auc_score(y, np.r_[score_pos, score_neg]))


def run(args):
    warm_u, warm_v, _ = graph_data.make_planted_partition(**graph_data.WARMUP_GRAPH)
    warm = graph_data.adjacency(warm_u, warm_v, graph_data.WARMUP_GRAPH["n_nodes"])
    for make in MODELS.values():
        make(warm, args.threads).fit()
    rows = []
    graphs = GRAPHS[:2] if args.quick else GRAPHS
    for params in graphs:
        u, v, labels = graph_data.make_planted_partition(**params)
        n = params["n_nodes"]
        (tu, tv), pos, neg = split_edges(u, v, n)
        A_full = graph_data.adjacency(u, v, n)
        A_train = graph_data.adjacency(tu, tv, n)
        info = graph_data.summary(A_full, u, v, labels, params["n_blocks"])
        print(graph_data.describe(info), flush=True)
        for name, make in MODELS.items():
            tic = time.perf_counter()
            model = make(A_full, args.threads).fit()
            seconds = time.perf_counter() - tic
            clf = graph_data.classify(model.embedding_, labels, max_train=50_000, unscaled=False)
            linked = make(A_train, args.threads).fit()
            auc = link_auc(linked.embedding_, pos, neg)
            row = {
                "nodes": n,
                "edges": int(u.size),
                "model": name,
                "seconds": seconds,
                "accuracy": clf["accuracy"],
                "link_auc": auc,
                "samples_or_positions": int(
                    getattr(model, "n_samples_", 0) or model.node_counts_.sum()
                ),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    return {
        "graphs": graphs,
        "threads": args.threads,
        "rows": rows,
        "machine": harness.machine_info(dists=()),
    }


def render(result):
    lines = [
        "# LINE against random walks on the same graphs",
        "",
        "`benchmarks/bench_line.py`: planted-partition graphs (mean degree 20, 30% of the "
        "edges across blocks), each estimator with its defaults, 128 dimensions, "
        f"{result['threads']} threads; one fit each after a warm-up. Accuracy: node "
        "classification (logistic regression on a random half). Link AUC: 10% of the edges "
        "held out before the fit, against as many non-edges, ranked by cosine similarity. "
        f"Machine: {result['machine']['cpu']}.",
        "",
        "| nodes | model | fit seconds | time / walks | accuracy | link AUC |",
        "|---|---|---|---|---|---|",
    ]
    base = {r["nodes"]: r["seconds"] for r in result["rows"] if r["model"].startswith("walks")}
    for r in result["rows"]:
        lines.append(
            f"| {r['nodes']:,} | {r['model']} | {r['seconds']:.1f} | "
            f"{r['seconds'] / base[r['nodes']]:.2f}x | {r['accuracy']:.3f} | "
            f"{r['link_auc']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=harness.RESULTS / "line")
    args = parser.parse_args()
    result = run(args)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=1))
    text = render(result)
    args.out.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
