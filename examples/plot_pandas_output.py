"""
Token columns next to numeric columns, with pandas output
=========================================================

A table often holds a column of token sequences (words of a message, pages of a
visit, codes of a record) next to ordinary numeric columns. In a
:class:`~sklearn.compose.ColumnTransformer`, :class:`sksg.SkipGramEmbedder`
turns the token column into vector features while the numeric columns are
scaled, and ``set_output(transform="pandas")`` keeps the result a DataFrame
with named columns, so the features stay readable all the way to the model.
"""

# %%
# A table of support tickets
# --------------------------
# The ``tokens`` column holds the words of each ticket, drawn by
# :func:`sksg.datasets.make_topic_corpus` from one of 4 topics; ``amount`` and
# ``hour`` are numbers. Whether a ticket is escalated depends on its topic
# (topics 0 and 1 are the serious ones) *and* on the amount involved, so
# neither the text nor the numbers alone can predict it well.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sksg import SkipGramEmbedder
from sksg.datasets import make_topic_corpus

n_topics = 4
corpus, token_topic = make_topic_corpus(
    3000, n_topics=n_topics, tokens_per_topic=50, mix_rate=0.2, random_state=0
)
# A ticket's topic: the most common topic among its tokens (common tokens are -1).
topic = np.array(
    [np.bincount([token_topic[t] + 1 for t in row], minlength=n_topics + 1)[1:].argmax()
     for row in corpus]
)  # fmt: skip
rng = np.random.default_rng(0)
amount = rng.lognormal(mean=4, sigma=1, size=len(corpus)).round(2)
hour = rng.integers(0, 24, size=len(corpus))
serious = np.isin(topic, [0, 1])
logit = 2.5 * serious + 1.5 * (np.log(amount) - 4) - 1.25 + rng.logistic(size=len(corpus)) * 0.5
df = pd.DataFrame({"tokens": corpus, "amount": amount, "hour": hour})
y = (logit > 0).astype(int)
print(f"{len(df)} tickets, {y.mean():.0%} escalated")
df.head()

# %%
# The column transformer
# ----------------------
# Naming the token column by a string (``"tokens"``, not ``["tokens"]``)
# hands the embedder a Series of lists: one sequence per row, of any length.
# Each row becomes the mean of its token vectors, then scaled like the numeric
# columns. ``handle_unknown="ignore"`` lets a test fold hold words that its
# training folds never saw.
text = make_pipeline(
    SkipGramEmbedder(n_components=16, epochs=5, handle_unknown="ignore", random_state=0),
    StandardScaler(),
)
features = ColumnTransformer(
    [("text", text, "tokens"), ("num", StandardScaler(), ["amount", "hour"])]
).set_output(transform="pandas")

Xt = features.fit_transform(df)
print(f"{Xt.shape[1]} columns: {list(Xt.columns[:3])} ... {list(Xt.columns[-3:])}")
Xt.iloc[:5, [0, 1, 2, -2, -1]].round(3)

# %%
# The column names come from
# :meth:`~sksg.SkipGramEmbedder.get_feature_names_out` (the estimator's name
# and the vector coordinate), prefixed by the transformer's name, and the
# index is the DataFrame's: rows can be traced back to their tickets.
#
# Text, numbers, or both
# ----------------------
# The same model on the token column only, the numeric columns only, and
# both, scored by 5-fold cross-validated accuracy:
candidates = {
    "tokens only": ColumnTransformer([("text", text, "tokens")]),
    "numbers only": ColumnTransformer([("num", StandardScaler(), ["amount", "hour"])]),
    "tokens + numbers": features,
}
scores = {}
for name, transformer in candidates.items():
    model = make_pipeline(transformer, LogisticRegression(max_iter=1000))
    scores[name] = cross_val_score(model, df, y, cv=5)
    print(f"{name:>16}: {scores[name].mean():.3f} +- {scores[name].std():.3f}")
print(f"{'majority class':>16}: {max(y.mean(), 1 - y.mean()):.3f}")

fig, ax = plt.subplots(figsize=(6, 2.5))
ax.barh(list(scores), [s.mean() for s in scores.values()], xerr=[s.std() for s in scores.values()])
ax.axvline(max(y.mean(), 1 - y.mean()), color="black", linestyle="--", label="majority class")
ax.set_xlim(0.5, 1)
ax.set_xlabel("5-fold CV accuracy")
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()

# %%
# Which coefficients does the model lean on? With pandas output all the way,
# the fitted logistic regression's coefficients line up with named columns:
# ``amount`` and a few vector coordinates (which separate the serious topics
# from the others) carry the largest weights, while ``hour``, which plays no
# part in escalation, gets a small one.
model = make_pipeline(features, LogisticRegression(max_iter=1000)).fit(df, y)
coef = pd.Series(model[-1].coef_[0], index=model[-1].feature_names_in_)
print(coef.abs().sort_values(ascending=False).head(5).round(2).to_string())
print(f"num__hour: {coef['num__hour']:.2f}")
