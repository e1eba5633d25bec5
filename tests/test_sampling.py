"""Statistical properties of the samplers, with calibrated tolerances."""

import numpy as np
import pytest
from naive import subsample_keep
from scipy import stats

from sksg import _sgns
from sksg._random import _LOW32, bounded32, derive_key, hash64
from sksg._sampling import (
    alias_sample,
    alias_table,
    keep_probability,
    keep_thresholds,
    noise_distribution,
)
from sksg._trainer import make_tables

# A fixed seed makes each test deterministic; the p-value bound is what a
# correct sampler passes with probability 1 - 1e-4 over seeds.
P_MIN = 1e-4


def _zipf_counts(n, s=1.1, scale=10_000):
    return np.maximum(1, (scale / np.arange(1, n + 1) ** s).astype(np.int64))


@pytest.mark.parametrize("ns_exponent", [0.75, 1.0, 0.0, -0.5])
def test_alias_sampler_matches_noise_distribution(ns_exponent):
    counts = _zipf_counts(60)
    prob = noise_distribution(counts, ns_exponent)
    np.testing.assert_allclose(prob, counts**ns_exponent / np.sum(counts**ns_exponent))
    draws = alias_sample(alias_table(prob), np.uint64(derive_key(3, 1, 4)), 400_000)
    observed = np.bincount(draws, minlength=len(prob))
    assert stats.chisquare(observed, prob * draws.shape[0]).pvalue > P_MIN


def test_noise_exponent_075_worked_example():
    """Seeds 001/004: frequencies 0.9 and 0.1 become about 0.84 and 0.16."""
    np.testing.assert_allclose(noise_distribution([9, 1], 0.75), [0.84, 0.16], atol=6e-3)


def test_alias_sampler_detects_a_wrong_distribution():
    """The chi-square test above has power: a 2% shift is caught."""
    counts = _zipf_counts(60)
    prob = noise_distribution(counts, 0.75)
    draws = alias_sample(alias_table(prob), np.uint64(derive_key(3, 1, 4)), 400_000)
    wrong = prob.copy()
    wrong[0] *= 1.02
    wrong /= wrong.sum()
    observed = np.bincount(draws, minlength=len(prob))
    assert stats.chisquare(observed, wrong * draws.shape[0]).pvalue < P_MIN


def test_alias_sampler_edge_cases():
    one = alias_sample(alias_table(np.array([1.0])), np.uint64(1), 100)
    assert np.all(one == 0)
    draws = alias_sample(alias_table(np.array([0.0, 1.0, 0.0])), np.uint64(2), 1000)
    assert np.all(draws == 1)
    with pytest.raises(ValueError):
        alias_table(np.array([]))


def test_subsampling_matches_seed_numbers():
    """t = 0.001: f = 0.03 keeps about 0.22; f <= 0.0026 is always kept."""
    counts = np.array([300, 26, 10] + [1] * 9664)  # frequencies 0.03, 0.0026, 0.001, ...
    assert counts.sum() == 10_000
    p = keep_probability(counts, 1e-3)
    np.testing.assert_allclose(p[0], 0.22, atol=5e-3)
    np.testing.assert_allclose(p, subsample_keep(counts, 1e-3))
    assert np.all(p[1:] == 1.0)
    # t = 0.002 keeps f = 0.03 with about 0.32 (word2vec.c's formula, Mikolov et al., 2013).
    np.testing.assert_allclose(keep_probability(counts, 2e-3)[0], 0.32, atol=5e-3)
    assert np.all(keep_probability(counts, 0) == 1.0)


def test_subsampling_keep_rate_in_training():
    """The kernel keeps each position with the token's probability."""
    rng = np.random.default_rng(0)
    prob = np.array([0.4, 0.2, 0.1] + [0.3 / 97] * 97)
    tokens = rng.choice(100, size=300_000, p=prob).astype(np.int32)
    counts = np.bincount(tokens, minlength=100)
    thr = keep_thresholds(counts, 1e-3)
    key = np.uint64(derive_key(9, 0, 0))
    kept = np.array([(int(hash64(key, p)) >> 32) < int(thr[t]) for p, t in enumerate(tokens)])
    p_keep = keep_probability(counts, 1e-3)
    for token in range(3):
        n = counts[token]
        k = kept[tokens == token].sum()
        assert stats.binomtest(int(k), int(n), p_keep[token]).pvalue > P_MIN
    # The epoch kernel reports the same number of kept positions.
    settings = _sgns.SkipGramSettings.create(
        objective=_sgns.Objective.NEGATIVE, window=2, shrink_window=True, negative=1,
        lr_start=0.025, lr_end=1e-4, epochs=1, n_positions=tokens.shape[0],
    )  # fmt: skip
    W = np.zeros((100, 2), dtype=np.float32)
    offsets = np.array([0, tokens.shape[0]], dtype=np.int64)
    tables = make_tables(counts, settings.objective, 1e-3, 0.75)
    at = _sgns.Cursor.create(seed=9, epoch=0)
    *_, words = _sgns.train_block(W, W.copy(), tables, tokens, offsets, settings, at, 1)
    assert words == kept.sum()


def test_reduced_window_is_uniform():
    """Per-center windows are uniform on 1..window."""
    key = np.uint64(derive_key(5, 0, 0))
    window = 7
    draws = np.array(
        [1 + bounded32(np.uint64(int(hash64(key, p)) & int(_LOW32)), window) for p in range(70_000)]
    )
    assert draws.min() == 1 and draws.max() == window
    observed = np.bincount(draws - 1, minlength=window)
    assert stats.chisquare(observed).pvalue > P_MIN


def test_streams_are_independent_of_each_other():
    """Different keys give uncorrelated draws (no shared sequence)."""
    a = np.array([int(hash64(np.uint64(derive_key(1, 0, 1)), i)) >> 11 for i in range(20_000)])
    b = np.array([int(hash64(np.uint64(derive_key(1, 0, 2)), i)) >> 11 for i in range(20_000)])
    r = np.corrcoef(a.astype(float), b.astype(float))[0, 1]
    assert abs(r) < 4 / np.sqrt(20_000)
    assert stats.kstest(a / 2.0**53, "uniform").pvalue > P_MIN
