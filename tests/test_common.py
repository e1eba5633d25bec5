"""scikit-learn's common estimator checks, all of them, none skipped.

The estimators are checked first exactly as a user constructs them, with
default parameters, then in their other modes.
"""

import os
from unittest import SkipTest

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_get_feature_names_out_error,
    check_global_output_transform_pandas,
    check_global_set_output_transform_polars,
    check_param_validation,
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_set_output_transform_polars,
    check_transformer_get_feature_names_out,
    check_transformer_get_feature_names_out_pandas,
    estimator_checks_generator,
    parametrize_with_checks,
)

from sksg import GraphWalkEmbedder, LINEEmbedder, SkipGramEmbedder, Struc2VecEmbedder

#: check_estimator runs 47 checks on a transformer like ours with scikit-learn
#: 1.9; other versions may add or retire some, so only a floor is asserted.
MIN_CHECKS = 45


def _other_modes():
    """Non-default modes, small so that the suite stays fast."""
    common = dict(n_components=8, epochs=2, random_state=0)
    walks = dict(walk_length=10, walks_per_node=2, window=3)
    ring = sp.csr_array((np.ones(30), (np.arange(30), (np.arange(30) + 1) % 30)), shape=(30, 30))
    return [
        SkipGramEmbedder(**common, share_negatives=True),
        SkipGramEmbedder(**common, objective="softmax"),
        SkipGramEmbedder(objective="hierarchical"),
        SkipGramEmbedder(**common, sample=1e-3, handle_unknown="ignore"),
        GraphWalkEmbedder(**common, **walks, p=0.5, q=2.0),
        GraphWalkEmbedder(ring, **common, **walks),
        GraphWalkEmbedder(objective="hierarchical"),
        LINEEmbedder(order="first", n_components=8, random_state=0),
        Struc2VecEmbedder(ring, **common, **walks, n_compared=None, compress_degrees=False),
        LINEEmbedder(
            ring, order="both", directed=False, n_components=8, n_samples=20_000, random_state=0
        ),  # fmt: skip
    ]


DEFAULTS = [SkipGramEmbedder(), GraphWalkEmbedder(), LINEEmbedder(), Struc2VecEmbedder()]


@parametrize_with_checks(DEFAULTS + _other_modes())
def test_scikit_learn_checks(estimator, check):
    assert os.environ.get("SCIPY_ARRAY_API") == "1", "set before scipy is imported"
    try:
        check(estimator)
    except SkipTest as exc:  # a skipped check is a check that did not pass
        pytest.fail(f"the check was skipped: {exc}")


@pytest.mark.parametrize("estimator", DEFAULTS, ids=lambda e: type(e).__name__)
def test_every_check_runs(estimator):
    """No check is expected to fail and none is left out."""
    checks = list(estimator_checks_generator(estimator, mark="skip"))
    assert len(checks) >= MIN_CHECKS
    # An expected failure would come back as a marked pytest.param (3 fields).
    assert all(len(item) == 2 for item in checks)


EXTRA_CHECKS = [
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_global_output_transform_pandas,
    check_set_output_transform_polars,
    check_global_set_output_transform_polars,
    check_transformer_get_feature_names_out,
    check_transformer_get_feature_names_out_pandas,
    check_get_feature_names_out_error,
    check_param_validation,
    check_dataframe_column_names_consistency,
]


@pytest.mark.parametrize("estimator", DEFAULTS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("check", EXTRA_CHECKS, ids=lambda c: c.__name__)
def test_public_checks_outside_check_estimator(check, estimator):
    """Public checks that check_estimator leaves out, on the defaults."""
    check(type(estimator).__name__, estimator)
