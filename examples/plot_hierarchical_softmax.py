"""
Hierarchical softmax or negative sampling
=========================================

Skip-gram needs a way around the softmax over the whole vocabulary. sksg
offers word2vec's two (Mikolov et al., 2013):

- ``objective='negative'`` (the default): each (center, context) pair is told
  apart from ``negative`` noise tokens drawn from the unigram distribution
  raised to 0.75;
- ``objective='hierarchical'``: the tokens are the leaves of a Huffman tree of
  their counts, and a pair updates the inner nodes on the center's path, about
  ``log2(n_tokens)`` of them, frequent tokens having the shortest paths.

The word2vec paper found hierarchical softmax better for rare words and
negative sampling better for frequent ones. This example measures both on a
corpus with planted topics and a Zipf law of token frequencies, separately for
rare, middle and frequent tokens.
"""

import time

import matplotlib.pyplot as plt
import numpy as np

from sksg import SkipGramEmbedder
from sksg.datasets import make_topic_corpus

# %%
# A corpus with rare tokens
# -------------------------
# 20 topics of 200 tokens whose frequencies follow a Zipf law, 50 common
# tokens, and 45% of the topic positions drawn from another topic.
corpus, topic = make_topic_corpus(
    20_000,
    n_topics=20,
    tokens_per_topic=200,
    n_common=50,
    mix_rate=0.45,
    length_range=(5, 20),
    random_state=0,
)
print(f"{len(corpus):,} sequences, {sum(map(len, corpus)):,} tokens, {len(topic):,} distinct")

# %%
# Both objectives, the same settings otherwise
# --------------------------------------------
# With hierarchical softmax, ``context_vectors_`` holds the vectors of the
# tree's ``n_tokens - 1`` inner nodes, not one per token.
models, seconds = {}, {}
for objective in ["negative", "hierarchical"]:
    tic = time.perf_counter()
    models[objective] = SkipGramEmbedder(n_components=64, objective=objective, random_state=0).fit(
        corpus
    )
    seconds[objective] = time.perf_counter() - tic
    model = models[objective]
    print(
        f"{objective:>12}: {seconds[objective]:.1f} s, embedding {model.embedding_.shape}, "
        f"context vectors {model.context_vectors_.shape}"
    )

# %%
# Topic precision by token frequency
# ----------------------------------
# For every topic token, the share of its 10 nearest neighbours (cosine) in its
# own topic; tokens split into thirds by how often they occur.


def precision_by_frequency(model):
    E = model.embedding_ / np.linalg.norm(model.embedding_, axis=1, keepdims=True)
    labels = np.array([topic[t] for t in model.tokens_])
    S = E @ E.T
    np.fill_diagonal(S, -np.inf)
    nearest = np.argsort(-S, axis=1)[:, :10]
    hits = (labels[nearest] == labels[:, None]).mean(axis=1)
    is_topic = labels >= 0
    counts = model.token_counts_
    low, high = np.quantile(counts[is_topic], [1 / 3, 2 / 3])
    thirds = [counts <= low, (counts > low) & (counts <= high), counts > high]
    return [hits[is_topic & third].mean() for third in thirds]


names = ["rare third", "middle third", "frequent third"]
fig, ax = plt.subplots(figsize=(6, 3.5))
for k, objective in enumerate(models):
    scores = precision_by_frequency(models[objective])
    print(objective, ", ".join(f"{n} {s:.3f}" for n, s in zip(names, scores, strict=True)))
    ax.bar(np.arange(3) + (k - 0.5) * 0.38, scores, 0.38, label=objective)
ax.set_xticks(np.arange(3), names)
ax.set_ylabel("topic precision@10")
ax.set_ylim(0.5, 1.0)
ax.legend(loc="lower right")
ax.set_title("Neighbours in the same topic, by token frequency")
fig.tight_layout()
plt.show()

# %%
# What to take from it
# --------------------
print(f"hierarchical / negative training time: {seconds['hierarchical'] / seconds['negative']:.2f}")

# %%
# On this corpus the two objectives agree on frequent tokens, and hierarchical
# softmax places rare tokens better, as the word2vec paper reports. It costs
# more per pair here: a path of about ``log2(n_tokens)`` inner nodes (12 for
# 4,050 tokens, fewer for frequent centers) against ``negative + 1 = 6`` output
# vectors. Its cost grows with the logarithm of the vocabulary, that of
# negative sampling not at all; see the benchmarks page for both against
# gensim. DeepWalk trained with hierarchical softmax, node2vec with negative
# sampling: ``GraphWalkEmbedder`` takes the same ``objective`` parameter.
