"""
Node classification with a grid search over skip-gram parameters
=================================================================

The headline use of :class:`sksg.GraphWalkEmbedder`: node IDs in, node features
out, a classifier on top, and :class:`~sklearn.model_selection.GridSearchCV`
choosing the skip-gram ``window`` and ``negative`` by cross-validation.

The graph is Zachary's karate club (shipped with sksg,
:func:`sksg.datasets.load_karate_club`): 34 members, 78 friendships, and the
faction each member joined when the club split. The walks depend on neither
``window`` nor ``negative``, so with ``memory`` set they are generated once and
reused by all 9 settings x 5 folds.
"""

# %%
# The data: one node ID per row of ``X``, the faction as ``y``
# --------------------------------------------------------------
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksg import GraphWalkEmbedder
from sksg.datasets import load_karate_club

karate = load_karate_club()
X = np.arange(34).reshape(-1, 1)  # one node ID per row
y = karate.target
print(f"Karate club: {len(y)} members, {len(karate.edges)} friendships, two factions")

# %%
# The search
# ----------
# The embedder gets the whole graph (``graph=karate.edges``): every fit embeds
# all 34 members, and ``X`` only says which rows to turn into features. The
# labels of the held-out fold are never seen, but their nodes are part of the
# graph, as in the transductive setting of DeepWalk and node2vec.
with tempfile.TemporaryDirectory() as cache:
    pipe = make_pipeline(
        GraphWalkEmbedder(karate.edges, n_components=16, memory=cache, random_state=0),
        StandardScaler(),
        LogisticRegression(max_iter=1000),
    )
    windows, negatives = [2, 5, 10], [1, 5, 10]
    grid = {"graphwalkembedder__window": windows, "graphwalkembedder__negative": negatives}
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    tic = time.perf_counter()
    search = GridSearchCV(pipe, grid, cv=cv).fit(X, y)
    took = time.perf_counter() - tic

results = search.cv_results_
print("window  negative  CV accuracy")
for params, mean, std in zip(
    results["params"], results["mean_test_score"], results["std_test_score"], strict=True
):
    window = params["graphwalkembedder__window"]
    negative = params["graphwalkembedder__negative"]
    print(f"{window:>6}  {negative:>8}  {mean:.3f} +- {std:.3f}")
best = search.best_params_
print(
    f"\nBest: window={best['graphwalkembedder__window']}, "
    f"negative={best['graphwalkembedder__negative']}, accuracy {search.best_score_:.3f} "
    f"(majority class: {max(np.mean(y), 1 - np.mean(y)):.3f})"
)
n_fits = len(results["params"]) * cv.get_n_splits() + 1
print(f"{n_fits} fits in {took:.1f} s, walks generated once")

# %%
# The cross-validated accuracy as a heat map
# ------------------------------------------
# ``cv_results_`` lists the settings with ``negative`` varying slowest (the
# grid's keys in sorted order), so the scores reshape into a
# ``negative x window`` table.
scores = np.empty((len(negatives), len(windows)))
for params, mean in zip(results["params"], results["mean_test_score"], strict=True):
    i = negatives.index(params["graphwalkembedder__negative"])
    j = windows.index(params["graphwalkembedder__window"])
    scores[i, j] = mean

fig, ax = plt.subplots(figsize=(5, 4))
image = ax.imshow(scores, cmap="viridis", vmin=0.5, vmax=1.0, origin="lower")
ax.set_xticks(range(len(windows)), labels=windows)
ax.set_yticks(range(len(negatives)), labels=negatives)
ax.set_xlabel("window")
ax.set_ylabel("negative")
for i in range(len(negatives)):
    for j in range(len(windows)):
        colour = "black" if scores[i, j] > 0.8 else "white"
        ax.text(j, i, f"{scores[i, j]:.2f}", ha="center", va="center", color=colour)
fig.colorbar(image, ax=ax, label="5-fold CV accuracy")
ax.set_title("Karate club: faction from node vectors")
fig.tight_layout()
plt.show()

# %%
# Every setting predicts the faction far above the majority class. Read the
# differences between cells with care: with 34 members in folds of 6 or 7, one
# member more or less classified right moves a cell by about 0.03, and the
# standard deviations over folds printed above are several times that. On a
# graph this small, the search mostly shows that the choice matters little
# next to the noise of the folds.
