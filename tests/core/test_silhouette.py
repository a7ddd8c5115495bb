import numpy as np
import pytest
from sklearn.metrics import silhouette_score

from persona_desktop.core.analytics.silhouette import silhouette_many


@pytest.mark.parametrize("n, d", [(50, 2), (1500, 7), (2100, 3)])
def test_many_labelings_match_scikit_learn(n, d):
    rng = np.random.default_rng(n)
    X = rng.normal(size=(n, d))
    labelings = [rng.integers(0, k, n) for k in (2, 3, 5, 9)]
    labelings.append(np.where(np.arange(n) == 0, 1, 0))       # a cluster of one point
    ours = silhouette_many(X, labelings)
    for labels, score in zip(labelings, ours):
        assert score == pytest.approx(silhouette_score(X, labels), abs=1e-9)


def test_a_single_cluster_has_no_silhouette():
    X = np.random.default_rng(0).normal(size=(20, 2))
    assert np.isnan(silhouette_many(X, [np.zeros(20, dtype=int)])[0])


@pytest.mark.parametrize("value,expected", [(0.82, "strong"), (0.6, "reasonable"), (0.31, "weak"),
                                            (0.25, "none"), (None, "none")])
def test_silhouette_is_read_with_kaufman_and_rousseeuws_bands(value, expected):
    from persona_desktop.core.analytics.clustering import structure_strength
    assert structure_strength(value) == expected
