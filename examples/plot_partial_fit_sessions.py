"""
Daily session updates with partial_fit
======================================

A shop's catalogue grows: every day new items arrive, and a model fit on
yesterday's sessions knows nothing about them. Refitting from scratch on all
the sessions so far fixes that, at the cost of reading all of them again every
day. :meth:`sksg.SkipGramEmbedder.partial_fit` instead continues training on
the day's sessions alone and adds their new items to the vocabulary, as
gensim's ``build_vocab(update=True)`` followed by ``train`` does.

This example runs five days of such updates on generated sessions, measures
retrieval on each day's items before and after the update, and compares with a
refit on all days so far, in quality and in time. Skip-gram is word2vec's
model (Mikolov et al., 2013), with sessions as sentences and items as words.
"""

import time
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone

from sksg import SkipGramEmbedder

# %%
# A shop whose catalogue grows
# ----------------------------
# 20 categories of 40 items on day 0; every day 6 new items per category enter
# the catalogue (120 a day, 13% of it on day 1, 9% on day 5) and none leave.
# Within a category, an item's popularity follows a Zipf law of a random rank,
# so a new item may become a bestseller or stay rare; on the day it enters it
# is on the front page and three times as popular as its rank says.
#
# A session has one category in mind and 3 to 12 views: each view is an item
# of that category with probability 0.6, and any item of the catalogue
# otherwise. Day 0 has 4,500 sessions (the history the first model is fit
# on), every later day 1,500.
categories = [
    "book", "game", "tea", "shoe", "lamp", "plant", "toy", "bike", "bag", "hat",
    "pen", "mug", "rug", "sock", "soap", "clock", "chair", "kite", "coat", "jam",
]  # fmt: skip
n_start, n_new, n_days = 40, 6, 5
n_max = n_start + n_new * n_days
rng = np.random.default_rng(0)
zipf = 1.0 / np.arange(1, n_max + 1)
# weight[c, i]: popularity of the i-th item of category c (the order items enter).
weight = np.array([zipf[rng.permutation(n_max)] for _ in categories])


def item(c, i):
    return f"{categories[c]}-{i:03d}"


def catalogue_size(day):
    return n_start + n_new * day  # items per category on that day


def entry_day(i):
    return 0 if i < n_start else (i - n_start) // n_new + 1


category_of = {item(c, i): c for c in range(len(categories)) for i in range(n_max)}
entered = {item(c, i): entry_day(i) for c in range(len(categories)) for i in range(n_max)}


def make_sessions(day, n_sessions, seed):
    rng = np.random.default_rng(seed)
    m = catalogue_size(day)
    w = weight[:, :m].copy()
    if day > 0:
        w[:, catalogue_size(day - 1) :] *= 3  # today's new items, on the front page
    p = w / w.sum(axis=1, keepdims=True)
    sessions = []
    for _ in range(n_sessions):
        intent = rng.integers(len(categories))
        n = rng.integers(3, 13)
        own = rng.random(n) < 0.6
        c = np.where(own, intent, rng.integers(len(categories), size=n))
        i = np.where(own, rng.choice(m, size=n, p=p[intent]), rng.integers(m, size=n))
        sessions.append([item(a, b) for a, b in zip(c, i, strict=True)])
    return sessions


days = [make_sessions(0, 4_500, seed=100)]
days += [make_sessions(day, 1_500, seed=100 + day) for day in range(1, n_days + 1)]
for day, sessions in enumerate(days):
    n_views = sum(map(len, sessions))
    print(f"day {day}: {len(sessions):,} sessions, {n_views:,} views")
print("a session of day 1:", days[1][0])


# %%
# Retrieval quality
# -----------------
# For an item, the share of its 10 nearest neighbours (cosine, among all the
# items the model knows) that are in its own category; chance is about
# 1 / 20. Coverage is the share of a day's views whose item the model knows:
# a model has no vector, hence no neighbours, for the others.
def precision_at_10(model, items):
    rows = np.array([model.vocabulary_[t] for t in items if t in model.vocabulary_])
    E = model.embedding_ / np.linalg.norm(model.embedding_, axis=1, keepdims=True)
    labels = np.array([category_of[t] for t in model.tokens_])
    S = E[rows] @ E.T
    S[np.arange(len(rows)), rows] = -np.inf  # not the item itself
    nearest = np.argpartition(-S, 10, axis=1)[:, :10]
    return (labels[nearest] == labels[rows, None]).mean()


def coverage(model, sessions):
    return np.mean([t in model.vocabulary_ for s in sessions for t in s])


# %%
# Day 0: the first fit
# --------------------
# The first ``partial_fit`` call is a ``fit``. Items viewed only once are left
# out (``min_count=2``); ``epochs`` is left to ``'auto'`` (a later section
# shows what it resolves to in updates).
model = SkipGramEmbedder(n_components=32, window=5, min_count=2, random_state=0)
model.partial_fit(days[0])
day0_items = list(model.tokens_)
p_day0 = precision_at_10(model, day0_items)
epochs_used = [model.epochs_]
print(f"{len(model.tokens_)} items known, {model.epochs_} epochs, precision@10 {p_day0:.3f}")

# %%
# Five days of updates
# --------------------
# Each day, on the items of that day's sessions:
#
# * **before**: yesterday's model, which does not know today's new items
#   (coverage) and gives neighbours for the items it knows;
# * **after** ``partial_fit(today)``: the items that entered before today
#   (old) and today's new items, separately;
# * **refit**: the same estimator (:func:`~sklearn.base.clone`) fit from
#   scratch on the sessions of all days so far.
#
# The precision of the day-0 items after each update is kept for a later
# section (on day 0, the first fit is both models).
columns = "  before: cover  p@10 | after: cover   old   new  secs | refit:  old   new  secs"
print(f"day  items |{columns}")
history = {key: [] for key in ["before", "old", "new", "refit old", "refit new"]}
day0_history = {"partial_fit": [p_day0], "refit": [p_day0]}
seconds = {"partial_fit": [], "refit": []}
for day in range(1, n_days + 1):
    today = days[day]
    items = sorted({t for s in today for t in s})
    old = [t for t in items if entered[t] < day]
    new = [t for t in items if entered[t] == day]
    cover_before, p_before = coverage(model, today), precision_at_10(model, items)

    known_tokens = model.tokens_.copy()
    tic = time.perf_counter()
    model.partial_fit(today)
    seconds["partial_fit"].append(time.perf_counter() - tic)
    epochs_used.append(model.epochs_)
    # The rows of the items known before stay where they were; new ones come after.
    assert (model.tokens_[: len(known_tokens)] == known_tokens).all()

    tic = time.perf_counter()
    refit = clone(model).fit([s for sessions in days[: day + 1] for s in sessions])
    seconds["refit"].append(time.perf_counter() - tic)

    scores = [
        p_before,
        precision_at_10(model, old),
        precision_at_10(model, new),
        precision_at_10(refit, old),
        precision_at_10(refit, new),
    ]
    for key, score in zip(history, scores, strict=True):
        history[key].append(score)
    day0_history["partial_fit"].append(precision_at_10(model, day0_items))
    day0_history["refit"].append(precision_at_10(refit, day0_items))
    print(
        f"{day:>3}  {len(items):>5} |          {cover_before:.3f} {p_before:.3f} |"
        f"        {coverage(model, today):.3f} {scores[1]:.3f} {scores[2]:.3f} "
        f"{seconds['partial_fit'][-1]:.2f} |        {scores[3]:.3f} {scores[4]:.3f} "
        f"{seconds['refit'][-1]:.2f}"
    )
print(f"{len(model.tokens_)} items known after day {n_days}")
read = {
    "partial_fit": sum(len(s) for sessions in days[1:] for s in sessions),
    "refit": sum(len(s) for d in range(1, n_days + 1) for ss in days[: d + 1] for s in ss),
}
for name in seconds:
    print(f"{name}, days 1 to {n_days}: {sum(seconds[name]):.2f} s, {read[name]:,} views read")

# %%
# Before an update, yesterday's model has no vector for the day's new items:
# in this run they account for 16% to 22% of the day's views. After it, the
# views are covered (a new item viewed only once that day would stay out, by
# ``min_count``) and the new items already have neighbours of their own
# category. The old items' precision does not collapse: in this run it stays
# within a point of its value before the first update, and rises with the
# later ones, as the old items keep training on new sessions. The update reads
# one day's views; the refit reads all days so far, and took several times as
# long in all.
#
# The refit gives the old items better neighbours: it trains on every day's
# sessions in one schedule, while ``partial_fit`` trains on the newest day and
# keeps earlier days only through the vectors it starts from. On the day's new
# items, which both models know from that day's views alone, the update did
# better than the refit on every day of this run.
#
# The most viewed new item of the last day and its neighbours, which it did
# not have the day before:
views = Counter(t for s in days[n_days] for t in s if entered[t] == n_days)
((top, n_views),) = views.most_common(1)
shown = ", ".join(f"{t} ({s:.2f})" for t, s in model.most_similar(top, topn=5))
print(f"{top}, {n_views} views: {shown}")

# %%
# How many epochs per update
# --------------------------
# Each call's learning rate decays from ``learning_rate`` to
# ``min_learning_rate`` over that call's epochs, so every update starts at the
# full rate. In ``partial_fit``, ``epochs='auto'`` takes the epochs that a fit
# on all the sessions seen so far would take:
print("epochs per call, days 0 to 5:", " ".join(map(str, epochs_used)))

# %%
# A fit on one day's sessions alone would take many more, since ``'auto'``
# gives a small corpus more passes:
alone = SkipGramEmbedder(n_components=32, window=5, min_count=2, random_state=0)
alone.fit(days[n_days])
print(f"fit on day {n_days} alone: {alone.epochs_} epochs, ", end="")
print(f"day-0 items' precision@10 {precision_at_10(alone, day0_items):.3f}")

# %%
# Updates that took that many epochs each would read every day's sessions that
# many times, from the full learning rate, and overwrite what the vectors
# learnt before:
many = SkipGramEmbedder(n_components=32, window=5, min_count=2, random_state=0)
many.partial_fit(days[0])
many.set_params(epochs=alone.epochs_)
many_history = day0_history[f"partial_fit, {alone.epochs_} epochs per update"] = [p_day0]
for day in range(1, n_days + 1):
    many.partial_fit(days[day])
    many_history.append(precision_at_10(many, day0_items))
print(f"day-0 items' precision@10, days 0 to 5, {alone.epochs_} epochs per update:", end="")
print("".join(f" {p:.3f}" for p in many_history))
print("day-0 items' precision@10, days 0 to 5, 'auto':", end="")
print("".join(f" {p:.3f}" for p in day0_history["partial_fit"]))

# %%
# The figure: on the left, retrieval on each day's items before and after the
# update, and with the refit; on the right, the items of day 0 after each
# update, from the first fit on.
x = np.arange(1, n_days + 1)
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
styles = {
    "before": ("before update (known items)", "C7", "o", "-"),
    "old": ("partial_fit, old items", "C0", "o", "-"),
    "new": ("partial_fit, new items", "C1", "o", "-"),
    "refit old": ("refit, old items", "C0", "s", ":"),
    "refit new": ("refit, new items", "C1", "s", ":"),
}
for key, (label, color, marker, line) in styles.items():
    axes[0].plot(x, history[key], color=color, marker=marker, linestyle=line, label=label)
axes[0].set_title("Each day's items")
axes[0].set_xticks(x)
styles = {
    "partial_fit": ("C0", "o", "-"),
    f"partial_fit, {alone.epochs_} epochs per update": ("C3", "o", "-"),
    "refit": ("C0", "s", ":"),
}
for key, (color, marker, line) in styles.items():
    axes[1].plot(
        np.arange(n_days + 1),
        day0_history[key],
        color=color,
        marker=marker,
        linestyle=line,
        label=key,
    )
axes[1].set_title("The items of day 0")
axes[1].set_xticks(np.arange(n_days + 1))
for ax in axes:
    ax.axhline(1 / 20, color="black", linewidth=0.8, linestyle="--", label="chance")
    ax.set_xlabel("day")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower left", fontsize=8)
axes[0].set_ylabel("same category among 10 nearest")
fig.tight_layout()
plt.show()

# %%
# When to update and when to refit
# --------------------------------
# With the epochs of a fit on all the data seen, the day-0 items keep their
# neighbours through five days of updates. With the many epochs of a fit on
# one day, each update overwrites what the vectors learnt before with what one
# day's sessions say: in this run the day-0 items' precision drops on the first
# update and ends near that of a model fit on the last day's sessions alone.
# This is why ``'auto'`` resolves on all the data seen; an explicit
# ``epochs`` applies to each call as given.
#
# ``partial_fit`` suits frequent updates that must cover new items quickly: it
# costs one day's data, and the rows of known items never move, so row numbers
# stored elsewhere stay aligned (their vectors, though, keep training). A
# refit weighs all the history alike and gave the old items better neighbours
# here. It is also the way to drop items: ``partial_fit``'s vocabulary only
# grows, while a refit on recent sessions keeps only the items they view. A
# daily ``partial_fit`` with a periodic refit on the accumulated sessions
# combines both.
