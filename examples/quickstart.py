"""
Quick start: token embeddings from unlabelled sequences
=======================================================

Trains :class:`sksg.SkipGramEmbedder` on a corpus generated with planted
topics (:func:`sksg.datasets.make_topic_corpus`, so nothing is downloaded).
The corpus is made hard on purpose: 20 topics of 150 tokens, 50 "common"
tokens shared by all topics in 30% of the positions, and more than half of the
other positions drawn from a different topic than the sequence's. Then

1. shows the nearest neighbours of a few tokens, and how often a token's 10
   nearest neighbours share its topic;
2. classifies sequences by topic when only a few are labelled: token vectors
   learned from all the (unlabelled) sequences, pooled per sequence, against a
   bag of words trained on the labelled ones alone;
3. embeds the nodes of a real graph, Zachary's karate club (shipped with
   sksg), with :class:`sksg.GraphWalkEmbedder` in a cross-validated pipeline.

Run it with ``python examples/quickstart.py``. The first run in a new
environment compiles sksg's numba kernels (about half a minute, reported on its
own line); they are cached on disk, so later runs start at once.
"""

import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksg import GraphWalkEmbedder, SkipGramEmbedder
from sksg.datasets import load_karate_club, make_topic_corpus

N_TOPICS = 20
corpus, topic = make_topic_corpus(
    15_000,
    n_topics=N_TOPICS,
    tokens_per_topic=150,
    n_common=50,
    common_rate=0.3,
    mix_rate=0.55,
    length_range=(5, 20),
    random_state=0,
)
n_positions = sum(map(len, corpus))
print(f"Corpus: {len(corpus):,} sequences, {n_positions:,} tokens, {len(topic):,} distinct")
print(f"({N_TOPICS} topics of 150 tokens, 50 common tokens, 55% of topic positions off-topic)\n")

# The first fit of a process loads the compiled kernels, compiling them on the
# very first run: time it apart from training.
tic = time.perf_counter()
SkipGramEmbedder(n_components=8, epochs=1, random_state=0).fit([["a", "b", "c"]] * 10)
print(f"Kernels ready in {time.perf_counter() - tic:.1f} s (compiled on a first run, then cached)")

tic = time.perf_counter()
model = SkipGramEmbedder(n_components=64, random_state=0).fit(corpus)
took = time.perf_counter() - tic
print(
    f"Trained {model.embedding_.shape[0]:,} vectors of {model.embedding_.shape[1]} dimensions "
    f"in {took:.1f} s: {model.epochs_} epochs, "
    f"{n_positions * model.epochs_ / took / 1e6:.2f} M tokens/s on one thread"
)
# The exact mean loss per (center, context) pair of each epoch, see the User Guide.
print(f"Mean loss per pair by epoch: {np.round(model.loss_curve_, 3)}\n")

labels = np.array([topic[t] for t in model.tokens_])
for token in ["t0_0", "t7_20", "t13_90"]:
    neighbours = model.most_similar(token, topn=5)
    shown = ", ".join(f"{t} ({s:.2f})" for t, s in neighbours)
    same = sum(topic[t] == topic[token] for t, _ in neighbours)
    print(f"Nearest to {token} (topic {topic[token]}): {shown}  [{same}/5 same topic]")

E = model.embedding_ / np.linalg.norm(model.embedding_, axis=1, keepdims=True)
S = E @ E.T
np.fill_diagonal(S, -np.inf)
nearest = np.argsort(-S, axis=1)[:, :10]
mask = labels >= 0
precision = (labels[nearest][mask] == labels[mask, None]).mean()
print(f"\nShare of a topic token's 10 nearest neighbours in its topic: {precision:.3f}")
print(f"(chance: {149 / (len(labels) - 1):.3f})\n")

# Sequence classification with few labels. A sequence's label is its most
# frequent topic. The embedding saw every sequence, without labels; the bag of
# words sees only the labelled ones.
y = np.array(
    [np.bincount([topic[t] for t in row if topic[t] >= 0], minlength=N_TOPICS).argmax()
     for row in corpus]
)  # fmt: skip
order = np.random.default_rng(0).permutation(len(corpus))
test, pool = order[:5000], order[5000:]
X_all = model.transform(corpus)
print("Topic of a sequence, accuracy on 5,000 held-out sequences (chance 0.05):")
print("  labelled | bag of words | mean token vector")
for n_labelled in [100, 1000, 5000]:
    train = pool[:n_labelled]
    bow = make_pipeline(CountVectorizer(analyzer=list), LogisticRegression(max_iter=2000)).fit(
        [corpus[i] for i in train], y[train]
    )
    bow_score = bow.score([corpus[i] for i in test], y[test])
    emb = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    emb_score = emb.fit(X_all[train], y[train]).score(X_all[test], y[test])
    print(f"  {n_labelled:>8,} | {bow_score:12.3f} | {emb_score:17.3f}")

# Graphs: node vectors from random walks, on a real social network.
print("\nZachary's karate club (34 members, 78 friendships, two factions after a split):")
karate = load_karate_club()
nodes = np.arange(34).reshape(-1, 1)
graph_pipe = make_pipeline(
    GraphWalkEmbedder(karate.edges, n_components=16, random_state=0),
    LogisticRegression(max_iter=1000),
)
scores = cross_val_score(graph_pipe, nodes, karate.target, cv=5)
print(f"Faction of a member from its node vector, 5-fold CV accuracy: {scores.mean():.3f}")
print("(majority class: 0.500)")
