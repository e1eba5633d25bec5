"""Hierarchical softmax on text: does the Huffman tree explain sksg's gap to gensim?

parity_text_hs.py finds sksg's hierarchical softmax 0.0089 below gensim's
``hs=1`` in topic precision on the same corpus. This script trains sksg twice
per seed on that corpus (one thread, bench_text.py's settings, 2 epochs):
with its own Huffman tree, and with gensim's tree for the same vocabulary
(the ``point`` and ``code`` arrays of ``Word2Vec.build_vocab``, mapped to
sksg's rows; they replace ``sksg._trainer.huffman_paths`` for the second
fit). Everything else stays sksg's.

    PYTHONHASHSEED=0 python benchmarks/parity_hs_tree.py --seeds 3

A one-off experiment script; it patches a private function.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_text as bt  # noqa: E402
import numpy as np  # noqa: E402
import parity_text_hs  # noqa: E402

import sksg._trainer as trainer  # noqa: E402
from sksg.datasets import make_topic_corpus  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    corpus, topic = make_topic_corpus(args.sequences, **bt.CORPUS_PARAMS)
    g = parity_text_hs.gensim_hs(2, 1)
    g.build_vocab(corpus)  # the tree depends on the counts only, not on the seed
    points, codes = g.wv.expandos["point"], g.wv.expandos["code"]
    original = trainer.huffman_paths
    for seed in range(1, args.seeds + 1):
        own = parity_text_hs.sksg_hs(2, seed).fit(corpus)
        tokens = list(own.tokens_)

        def gensim_tree(counts, tokens=tokens):
            assert len(counts) == len(tokens)
            rows = [g.wv.key_to_index[t] for t in tokens]
            offsets = np.zeros(len(rows) + 1, dtype=np.int64)
            offsets[1:] = np.cumsum([len(points[r]) for r in rows])
            nodes = np.concatenate([points[r] for r in rows]).astype(np.int32)
            bits = np.concatenate([codes[r] for r in rows]).astype(np.uint8)
            return offsets, nodes, bits

        trainer.huffman_paths = gensim_tree
        try:
            swapped = parity_text_hs.sksg_hs(2, seed).fit(corpus)
        finally:
            trainer.huffman_paths = original
        a = bt.topic_precision(own.embedding_, own.tokens_, topic)
        b = bt.topic_precision(swapped.embedding_, swapped.tokens_, topic)
        print(f"seed {seed}: sksg's tree {a:.4f}, gensim's tree {b:.4f}, difference {b - a:+.4f}")


if __name__ == "__main__":
    main()
