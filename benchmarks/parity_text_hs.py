"""Hierarchical softmax on text: sksg and gensim ``hs=1`` paired by seed, on the same corpus.

``bench_text.py`` times both tools with one seed; this script asks the
quality question with several. For each seed ``s`` (one thread, so both tools
are deterministic): ``Word2Vec(sg=1, hs=1, negative=0, seed=s)`` and
``SkipGramEmbedder(objective='hierarchical', random_state=s)`` train on the
same generated topic corpus with bench_text.py's settings (100 dimensions,
window 5, sample 1e-3, min_count 5, 2 epochs); the score is bench_text.py's
topic precision@10, and the differences sksg - gensim are paired by seed.

    PYTHONHASHSEED=0 python benchmarks/parity_text_hs.py --sequences 100000 --seeds 5
    PYTHONHASHSEED=0 python benchmarks/parity_text_hs.py --first-seed 6 --seeds 10 \
        --out benchmarks/results/parity-text-hs2
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_parity as bp  # noqa: E402
import bench_text as bt  # noqa: E402
from gensim.models import Word2Vec  # noqa: E402

from sksg import SkipGramEmbedder  # noqa: E402
from sksg.datasets import make_topic_corpus  # noqa: E402


def gensim_hs(epochs, seed):
    """An untrained ``Word2Vec(hs=1, negative=0)`` with bench_text.py's settings, one worker."""
    p = bt.MODEL_PARAMS
    return Word2Vec(
        vector_size=p["n_components"],
        window=p["window"],
        negative=0,
        hs=1,
        sg=1,
        sample=p["sample"],
        min_count=p["min_count"],
        epochs=epochs,
        alpha=p["learning_rate"],
        min_alpha=p["min_learning_rate"],
        workers=1,
        seed=seed,
    )


def sksg_hs(epochs, seed):
    """``SkipGramEmbedder(objective='hierarchical')`` with the same settings, one thread."""
    p = bt.MODEL_PARAMS
    return SkipGramEmbedder(
        objective="hierarchical",
        n_components=p["n_components"],
        window=p["window"],
        sample=p["sample"],
        min_count=p["min_count"],
        epochs=epochs,
        learning_rate=p["learning_rate"],
        min_learning_rate=p["min_learning_rate"],
        n_jobs=1,
        random_state=seed,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=bt.harness.RESULTS / "parity-text-hs")
    args = parser.parse_args()
    corpus, topic = make_topic_corpus(args.sequences, **bt.CORPUS_PARAMS)
    rows = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        g = gensim_hs(args.epochs, seed)
        g.build_vocab(corpus)
        g.train(corpus, total_examples=g.corpus_count, epochs=g.epochs)
        s = sksg_hs(args.epochs, seed).fit(corpus)
        rec = {
            "seed": seed,
            "gensim": bt.topic_precision(g.wv.vectors, g.wv.index_to_key, topic),
            "sksg": bt.topic_precision(s.embedding_, s.tokens_, topic),
        }
        print(json.dumps(rec), flush=True)
        rows.append(rec)
    diff = bp.paired([r["sksg"] for r in rows], [r["gensim"] for r in rows])
    result = {"sequences": args.sequences, "epochs": args.epochs, "rows": rows, "paired": diff}
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=1))
    lines = [
        "# Hierarchical softmax on text: sksg and gensim hs=1, paired by seed",
        "",
        f"`benchmarks/parity_text_hs.py`: `make_topic_corpus({args.sequences:,}, "
        f"**bench_text.CORPUS_PARAMS)`, bench_text.py's settings, {args.epochs} epochs, "
        "one thread; topic precision@10.",
        "",
        "| seed | gensim hs=1 | sksg hierarchical | sksg - gensim |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['seed']} | {r['gensim']:.4f} | {r['sksg']:.4f} | {r['sksg'] - r['gensim']:+.4f} |"
        for r in rows
    ]
    ci = diff["ci"]
    lines += [
        "",
        f"Paired difference: {diff['mean']:+.4f} (95% CI {ci[0]:+.4f}, {ci[1]:+.4f}; "
        f"p = {diff['p']:.2f}; {diff['k']} seeds).",
    ]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
