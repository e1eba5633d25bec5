"""scikit-learn's common estimator checks, all of them, none skipped."""

import os

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_estimator,
    check_get_feature_names_out_error,
    check_global_output_transform_pandas,
    check_global_set_output_transform_polars,
    check_param_validation,
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_set_output_transform_polars,
    check_transformer_get_feature_names_out,
    check_transformer_get_feature_names_out_pandas,
)

from sksg import GraphWalkEmbedder, SkipGramEmbedder

#: Number of checks check_estimator runs for a transformer like ours (1.6 has
#: check_estimator_cloneable but not check_array_api_input nor check_estimator_sparse_tag).
EXPECTED_N_CHECKS = {"1.6": 46, "1.9": 47}


def _instances():
    # Small vectors and few epochs keep the suite fast; held-out rows of the
    # checks' random data are unknown tokens, hence handle_unknown='ignore'.
    common = dict(n_components=8, epochs=2, random_state=0, handle_unknown="ignore")
    walks = dict(walk_length=10, walks_per_node=2, window=3)
    ring = sp.csr_array((np.ones(30), (np.arange(30), (np.arange(30) + 1) % 30)), shape=(30, 30))
    return [
        SkipGramEmbedder(**common),
        SkipGramEmbedder(**common, share_negatives=True),
        SkipGramEmbedder(**common, objective="softmax"),
        GraphWalkEmbedder(**common, **walks),
        GraphWalkEmbedder(**common, **walks, p=0.5, q=2.0),
        GraphWalkEmbedder(ring, **common, **walks),
    ]


IDS = ["negative", "shared", "softmax", "graph-from-X", "node2vec-from-X", "graph-given"]


@pytest.mark.parametrize("estimator", _instances(), ids=IDS)
def test_check_estimator_all_checks_pass(estimator):
    assert os.environ.get("SCIPY_ARRAY_API") == "1", "set before scipy is imported"
    results = check_estimator(estimator, on_skip=None, on_fail=None)
    failed = {r["check_name"]: repr(r["exception"]) for r in results if r["status"] != "passed"}
    assert not failed, failed
    version = ".".join(sklearn.__version__.split(".")[:2])
    expected = EXPECTED_N_CHECKS.get(version)
    if expected is not None:
        assert len(results) == expected
    else:  # another scikit-learn: at least as many as the versions we know
        assert len(results) >= min(EXPECTED_N_CHECKS.values())


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


@pytest.mark.parametrize("estimator", [_instances()[0], _instances()[3]], ids=IDS[0:4:3])
@pytest.mark.parametrize("check", EXTRA_CHECKS, ids=lambda c: c.__name__)
def test_public_checks_outside_check_estimator(check, estimator):
    pytest.importorskip("pandas")
    if "polars" in check.__name__:
        pytest.importorskip("polars")
    check(type(estimator).__name__, estimator)
