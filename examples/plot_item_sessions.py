"""
Item embeddings from browsing sessions
======================================

Sessions of a shop's visitors, each a sequence of item IDs, are sentences whose
words are items: items viewed in the same sessions get similar vectors, which
gives "viewed together" lists and session features without any item
description. Two ways to learn the vectors:

* :class:`sksg.SkipGramEmbedder` trains skip-gram on the sessions themselves;
* :class:`sksg.GraphWalkEmbedder` with ``graph=None`` first builds the item
  graph of the sessions (an edge between two items viewed one right after the
  other, weighted by how often that happened), then trains skip-gram on random
  walks on that graph. The walks chain views of different sessions together.

Which one works better depends on the sessions; here both are tried on long
and on short sessions with the same number of views in all.
"""

# %%
# Generated sessions
# ------------------
# 8 categories of 40 items; item IDs are strings such as ``"tea-07"``. A
# session has one category in mind: each view is an item of that category
# with probability 0.6 (popular items more often, by a Zipf law), any item of
# the shop with probability 0.2, and one of the 8 bestsellers (the top item of
# each category, on the front page) with probability 0.2.
import matplotlib.pyplot as plt
import numpy as np

from sksg import GraphWalkEmbedder, SkipGramEmbedder

categories = ["book", "game", "tea", "shoe", "lamp", "plant", "toy", "bike"]
per_category = 40
items = np.array([f"{c}-{i:02d}" for c in categories for i in range(per_category)])
category = np.repeat(np.arange(len(categories)), per_category)
rank = np.tile(np.arange(per_category), len(categories))  # popularity rank in its category
popularity = 1.0 / np.arange(1, per_category + 1)
popularity /= popularity.sum()
bestsellers = items[rank == 0]


def make_sessions(n_sessions, min_views, max_views, seed):
    rng = np.random.default_rng(seed)
    sessions = []
    for _ in range(n_sessions):
        intent = rng.integers(len(categories))
        n = rng.integers(min_views, max_views + 1)
        u = rng.random(n)
        own = items[intent * per_category + rng.choice(per_category, size=n, p=popularity)]
        views = np.where(
            u < 0.6, own, np.where(u < 0.8, rng.choice(items, n), rng.choice(bestsellers, n))
        )
        sessions.append(views.tolist())
    return sessions


data = {
    "long sessions": make_sessions(1000, 4, 12, seed=0),
    "short sessions": make_sessions(3000, 2, 3, seed=1),
}
for name, sessions in data.items():
    print(f"{name}: {len(sessions)} sessions, {sum(map(len, sessions))} views")
print("a long session:", data["long sessions"][0])
print("a short session:", data["short sessions"][0])

# %%
# Two embeddings of each
# ----------------------
# Both estimators take the list of sessions as it is: lists of different
# lengths of any hashable IDs. With 320 items every item is frequent by
# word2vec's fixed standard (1e-3); the default ``sample='auto'`` thins only the
# items far more popular than the average one.


def embedders():
    return {
        "SkipGramEmbedder": SkipGramEmbedder(n_components=32, window=5, epochs=10, random_state=0),
        # graph=None (the default): the item graph is built from the sessions.
        "GraphWalkEmbedder": GraphWalkEmbedder(
            n_components=32, walk_length=20, walks_per_node=20, window=5, random_state=0
        ),
    }


models = {name: embedders() for name in data}
for name, sessions in data.items():
    for model in models[name].values():
        model.fit(sessions)

# %%
# Nearest neighbours
# ------------------
# :meth:`~sksg.SkipGramEmbedder.most_similar` ranks items by the cosine
# similarity of their vectors. A popular item and a rarely viewed one, learnt
# from the long sessions:
for item in ["tea-00", "lamp-31"]:
    print(f"\n{item}")
    for kind, model in models["long sessions"].items():
        shown = ", ".join(f"{t} ({s:.2f})" for t, s in model.most_similar(item, topn=5))
        print(f"  {kind:>17}: {shown}")


# %%
# Over all items: the share of an item's 5 nearest neighbours that are in its
# own category (chance: 39 / 319 = 0.12), for the 10 most popular items of each
# category and for the 10 least popular ones.
def same_category_at_5(model):
    rows = [model.vocabulary_[item] for item in items]  # every item was viewed
    E = model.embedding_[rows] / np.linalg.norm(model.embedding_[rows], axis=1, keepdims=True)
    S = E @ E.T
    np.fill_diagonal(S, -np.inf)
    nearest = np.argsort(-S, axis=1)[:, :5]
    return (category[nearest] == category[:, None]).mean(axis=1)


groups = {"10 most popular": rank < 10, "10 least popular": rank >= per_category - 10}
results = {}
for name in data:
    for kind, model in models[name].items():
        share = same_category_at_5(model)
        results[name, kind] = [share.mean()] + [share[g].mean() for g in groups.values()]
        print(
            f"{name:>14}, {kind:>17}: all {share.mean():.2f}, "
            + ", ".join(f"{g} {share[m].mean():.2f}" for g, m in groups.items())
        )

fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
labels = ["all items", *groups]
for ax, name in zip(axes, data, strict=True):
    for k, kind in enumerate(embedders()):
        ax.bar(np.arange(3) + (k - 0.5) * 0.38, results[name, kind], 0.38, label=kind)
    ax.axhline(39 / 319, color="black", linewidth=0.8, linestyle="--", label="chance")
    ax.set_xticks(range(3), labels=labels)
    ax.set_title(name)
    ax.set_ylim(0, 1)
axes[0].set_ylabel("same category among 5 nearest")
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=3)
fig.tight_layout(rect=(0, 0.08, 1, 1))
plt.show()

# %%
# On long sessions, skip-gram on the sessions does better: a window of 5 pairs
# an item with every item viewed near it, while the item graph keeps only
# views that follow each other directly. On sessions of two or three views
# there is little context within a session, and the walks, which run through
# many sessions, give the better vectors, for popular and rare items alike.
#
# Recommendations for a session
# -----------------------------
# :meth:`~sksg.SkipGramEmbedder.transform` pools the vectors of a session's
# items (their mean, by default), and ``most_similar`` also accepts a vector:
# the items nearest to a session's mean vector, minus those already viewed,
# are candidates to show next. An item that was never seen in training is
# skipped: silently with ``handle_unknown="ignore"``, as here, where new items
# are expected (the default, ``"warn"``, would say so each time).
model = models["long sessions"]["SkipGramEmbedder"].set_params(handle_unknown="ignore")
session = ["plant-03", "plant-11", "book-00", "plant-17", "new-item"]
session_vector = model.transform([session])[0]
suggested = [t for t, _ in model.most_similar(session_vector, topn=10) if t not in session][:5]
print(f"{session} -> {suggested}")
