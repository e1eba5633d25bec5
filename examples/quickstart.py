"""
Quick start: token embeddings and sequence classification
=========================================================

Trains :class:`sksg.SkipGramEmbedder` on a corpus with planted topics (made by
:func:`sksg.datasets.make_topic_corpus`, so nothing is downloaded), then

1. shows the nearest neighbours of a few tokens: they should share the token's
   topic;
2. measures how often a token's 10 nearest neighbours share its topic;
3. classifies whole sequences by topic with a scikit-learn pipeline
   (embedder -> scaler -> logistic regression), cross-validated;
4. embeds the nodes of a real graph, Zachary's karate club (shipped with
   sksg), with :class:`sksg.GraphWalkEmbedder` and predicts each member's
   faction from its node vector, cross-validated.

Run it with ``python examples/quickstart.py``; it takes a few seconds once the
kernels are compiled (the first run compiles them, about half a minute, and
caches the result).
"""

import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksg import GraphWalkEmbedder, SkipGramEmbedder
from sksg.datasets import load_karate_club, make_topic_corpus

N_TOPICS = 8
corpus, topic = make_topic_corpus(
    20_000, n_topics=N_TOPICS, tokens_per_topic=50, n_common=20, random_state=0
)
n_tokens = sum(map(len, corpus))
print(f"Corpus: {len(corpus):,} sequences, {n_tokens:,} tokens, {len(topic)} distinct tokens")
print(f"({N_TOPICS} topics of 50 tokens each, plus 20 common tokens shared by all topics)\n")

tic = time.perf_counter()
model = SkipGramEmbedder(n_components=64, epochs=5, random_state=0).fit(corpus)
print(f"Trained {model.embedding_.shape} vectors in {time.perf_counter() - tic:.1f} s")
print(f"Mean loss per pair by epoch: {np.round(model.loss_curve_, 3)}\n")

for token in ["t0_0", "t3_7", "t6_30"]:
    neighbours = model.most_similar(token, topn=5)
    shown = ", ".join(f"{t} ({s:.2f})" for t, s in neighbours)
    print(f"Nearest to {token} (topic {topic[token]}): {shown}")

# Topic precision@10 over all topic tokens.
E = model.embedding_ / np.linalg.norm(model.embedding_, axis=1, keepdims=True)
labels = np.array([topic[t] for t in model.tokens_])
S = E @ E.T
np.fill_diagonal(S, -np.inf)
nearest = np.argsort(-S, axis=1)[:, :10]
mask = labels >= 0
precision = (labels[nearest][mask] == labels[mask, None]).mean()
print(f"\nShare of the 10 nearest neighbours in the same topic: {precision:.3f}")
print(f"(chance: {49 / (len(labels) - 1):.3f})\n")

# Sequence classification: each sequence's label is its topic.
X = corpus[:4000]
y = [np.bincount([topic[t] for t in row if topic[t] >= 0], minlength=N_TOPICS).argmax()
     for row in X]  # fmt: skip
pipe = make_pipeline(
    SkipGramEmbedder(n_components=64, epochs=5, random_state=0, handle_unknown="ignore"),
    StandardScaler(),
    LogisticRegression(max_iter=1000),
)
scores = cross_val_score(pipe, X, y, cv=5)
print(f"Topic of a sequence from its mean token vector, 5-fold CV accuracy: {scores.mean():.3f}")
print(f"(chance: {1 / N_TOPICS:.3f})")

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
