"""
A graph embedding in two dimensions
===================================

What do node vectors look like? Embed two graphs with
:class:`sksg.GraphWalkEmbedder` and project the vectors to the plane, coloured
by the community each node belongs to:

* a stochastic block model from networkx, with six planted communities;
* Zachary's karate club (:func:`sksg.datasets.load_karate_club`), coloured by
  the faction each member joined when the club split.

The walks and the skip-gram never see the communities; nodes of one community
end up close because random walks stay inside a community for many steps.
"""

# %%
# Six planted communities
# -----------------------
# 6 blocks of 60 nodes; an edge inside a block with probability 0.15 and
# across blocks with probability 0.01, so about a quarter of each node's
# neighbours are in other blocks.
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE
from sklearn.metrics import adjusted_rand_score

from sksg import GraphWalkEmbedder
from sksg.datasets import load_karate_club

n_blocks, block_size = 6, 60
probs = np.full((n_blocks, n_blocks), 0.01)
np.fill_diagonal(probs, 0.15)
G = nx.stochastic_block_model([block_size] * n_blocks, probs, seed=1)
block = np.repeat(np.arange(n_blocks), block_size)  # nodes are 0..359, block by block
across = sum(block[u] != block[v] for u, v in G.edges()) / G.number_of_edges()
print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges, {across:.0%} across blocks")

# %%
# The node vectors
# ----------------
# With a graph given, ``fit`` needs no ``X``: it embeds every node, and
# ``embedding_`` holds the vectors in the order of ``nodes_`` (here the
# networkx node order, 0 to 359). On a graph of a few hundred nodes every node
# is frequent by word2vec's fixed standard (1e-3); the default
# ``sample='auto'`` raises the threshold to ``1 / n_nodes`` so that walks are
# not thinned away (``emb.sample_`` is the threshold used).
emb = GraphWalkEmbedder(G, n_components=32, random_state=0).fit()
vectors = emb.embedding_
print(f"vectors: {vectors.shape}, first nodes: {emb.nodes_[:5].tolist()}")
print(f"subsampling threshold: {emb.sample_:.4f}")

# %%
# How well do the vectors separate the communities? k-means with six clusters
# on the vectors, compared with the planted blocks by the adjusted Rand index
# (1 is a perfect match, 0 what random clusters score):
clusters = KMeans(n_clusters=n_blocks, n_init=10, random_state=0).fit_predict(vectors)
print(f"k-means on the vectors vs planted blocks: ARI {adjusted_rand_score(block, clusters):.3f}")

# %%
# PCA keeps the two directions of largest variance; t-SNE places nodes so
# that near neighbours in the 32-dimensional space stay near (its exact
# method is quick for a few hundred points).
pca = PCA(n_components=2).fit_transform(vectors)
tsne = TSNE(n_components=2, perplexity=30, method="exact", init="pca", random_state=0)
tsne = tsne.fit_transform(vectors)

fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
for ax, points, title in [(axes[0], pca, "PCA"), (axes[1], tsne, "t-SNE")]:
    ax.scatter(points[:, 0], points[:, 1], c=block, cmap="tab10", vmax=9, s=12)
    ax.set_title(f"Stochastic block model, {title} of the node vectors")
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()
plt.show()

# %%
# The karate club
# ---------------
# 34 nodes are few for word2vec, so more walks per node give steadier vectors
# (``epochs='auto'`` would also add epochs to short walks); PCA is enough to
# draw them. The edges are drawn between the projected members.
karate = load_karate_club()
club = GraphWalkEmbedder(karate.edges, n_components=16, walks_per_node=40, random_state=0).fit()
nodes = club.nodes_.astype(int)  # node labels of the rows: 0..33
points = np.empty((34, 2))
points[nodes] = PCA(n_components=2).fit_transform(club.embedding_)

fig, ax = plt.subplots(figsize=(6, 5))
for u, v in karate.edges:
    ax.plot(*points[[u, v]].T, color="lightgrey", linewidth=0.6, zorder=0)
for side, colour in enumerate(["tab:blue", "tab:orange"]):
    members = np.flatnonzero(karate.target == side)
    ax.scatter(*points[members].T, color=colour, s=60, label=karate.target_names[side])
for node in [0, 33]:  # the instructor and the administrator
    ax.annotate(str(node), points[node], textcoords="offset points", xytext=(6, 6))
ax.legend(title="joined")
ax.set_title("Karate club, PCA of the node vectors")
ax.set_xticks([])
ax.set_yticks([])
fig.tight_layout()
plt.show()

# %%
# The two factions fall on two sides of the picture, the instructor (node 0)
# and the administrator (node 33) each inside their own group; members with
# friends on both sides lie between the groups. The split is not planted in
# the walks: it is read off the friendships alone.
side = KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(club.embedding_)
agree = np.mean(side == karate.target[nodes])
print(f"k-means with 2 clusters agrees with the split for {max(agree, 1 - agree):.0%} of members")
