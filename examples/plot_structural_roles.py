"""
Structural roles with struc2vec
===============================

Walk-based embeddings (DeepWalk, node2vec) place a node near the nodes it can
reach: they find communities. :class:`sksg.Struc2VecEmbedder` (struc2vec,
Ribeiro et al., 2017) places a node near the nodes whose surroundings look
alike, wherever they are: it finds roles. This example builds a graph where
the two questions have different answers and asks both embeddings.
"""

# %%
# A ring of communities, three roles
# ----------------------------------
# Eight communities in a ring. Each has a **hub** linked to 12 to 15
# **periphery** nodes, a few of which are also linked to each other; the hubs
# of neighbouring communities are joined through a **bridge** node, linked to
# both hubs only. Every node has a community and a role.
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from sksg import GraphWalkEmbedder, Struc2VecEmbedder

rng = np.random.default_rng(0)
G = nx.Graph()
role, community = {}, {}
n_communities = 8
hubs = []
for c in range(n_communities):
    hub = f"hub{c}"
    hubs.append(hub)
    role[hub], community[hub] = "hub", c
    leaves = [f"p{c}.{i}" for i in range(rng.integers(12, 16))]
    for leaf in leaves:
        G.add_edge(hub, leaf)
        role[leaf], community[leaf] = "periphery", c
    for _ in range(3):  # a few links among the periphery
        a, b = rng.choice(len(leaves), 2, replace=False)
        G.add_edge(leaves[a], leaves[b])
for c in range(n_communities):
    bridge = f"bridge{c}"
    G.add_edge(hubs[c], bridge)
    G.add_edge(bridge, hubs[(c + 1) % n_communities])
    role[bridge], community[bridge] = "bridge", c
nodes = list(G)
roles = np.array([role[v] for v in nodes])
communities = np.array([community[v] for v in nodes])
print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
print({r: int((roles == r).sum()) for r in ("hub", "bridge", "periphery")})

# %%
# Two embeddings of the same graph
# --------------------------------
# Both with 32 dimensions and the same walks per node; struc2vec with its
# defaults otherwise (6 layers, each node compared with about 2 log2(n) nodes
# of similar degree).
struc = Struc2VecEmbedder(G, n_components=32, random_state=0).fit()
walks = GraphWalkEmbedder(G, n_components=32, random_state=0).fit()
print("struc2vec phases (s):", {k: round(v, 2) for k, v in struc.fit_times_.items()})


def vectors(model):
    return model.embedding_[[model.vocabulary_[v] for v in nodes]]


# %%
# Which does each embedding know: the role or the community?
# ----------------------------------------------------------
# A linear classifier predicts each label from the vectors (5-fold
# cross-validation, balanced accuracy so that the 8 hubs and 8 bridges count as
# much as the periphery; chance is 1/3 for roles and 1/8 for communities).
def score(X, y):
    clf = LogisticRegression(max_iter=2000)
    return cross_val_score(clf, X, y, cv=5, scoring="balanced_accuracy").mean()


for name, model in [("struc2vec", struc), ("walks", walks)]:
    X = vectors(model)
    print(
        f"{name:>9}: role {score(X, roles):.2f}, community {score(X, communities):.2f} "
        "(balanced accuracy)"
    )

# %%
# The picture
# -----------
# Each embedding projected on its first two principal components, nodes
# coloured by role.
colors = {"hub": "C3", "bridge": "C2", "periphery": "C0"}
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
for ax, (name, model) in zip(axes, [("struc2vec", struc), ("walks", walks)], strict=True):
    xy = PCA(n_components=2, random_state=0).fit_transform(vectors(model))
    for r, color in colors.items():
        sel = roles == r
        ax.scatter(xy[sel, 0], xy[sel, 1], s=40 if r != "periphery" else 12, c=color, label=r)
    ax.set_title(name)
    ax.set_xticks([])
    ax.set_yticks([])
axes[0].legend(loc="best")
fig.tight_layout()
plt.show()

# %%
# struc2vec puts the hubs together, the bridges together and the periphery
# together, whichever community they belong to, and knows little of the
# communities: from one community to the next the graph looks the same. The
# walks do the opposite: a hub sits among its own periphery, and the
# communities separate. Which one to use depends on the question: "who is
# like whom" (roles: struc2vec) or "who is near whom" (communities, links:
# walks or LINE).
