"""
Node classification with a grid search over skip-gram parameters
=================================================================

The headline use of :class:`sksg.GraphWalkEmbedder`: node IDs in, node features
out, a classifier on top, and ``GridSearchCV`` choosing the skip-gram ``window``
and ``negative`` by cross-validation.

The graph is Zachary's karate club (shipped with sksg): 34 members, 78
friendships, and the faction each member joined when the club split. The
walks depend on neither ``window`` nor ``negative``, so with ``memory`` set
they are generated once and reused by all 9 settings x 5 folds.
"""

import tempfile
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline

from sksg import GraphWalkEmbedder
from sksg.datasets import load_karate_club

karate = load_karate_club()
X = np.arange(34).reshape(-1, 1)  # one node ID per row
y = karate.target
print(f"Karate club: {len(y)} members, {len(karate.edges)} friendships, two factions\n")

with tempfile.TemporaryDirectory() as cache:
    pipe = make_pipeline(
        GraphWalkEmbedder(karate.edges, n_components=16, memory=cache, random_state=0),
        LogisticRegression(max_iter=1000),
    )
    grid = {"graphwalkembedder__window": [2, 5, 10], "graphwalkembedder__negative": [1, 5, 10]}
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
