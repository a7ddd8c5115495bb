"""The scikit-learn conventions every estimator-style class keeps (style.md 3): ``fit`` sets all
its fitted attributes on every path, early returns and failed refits included; it never changes
the caller's parameters or data; bad input raises a typed, bilingual error, never a bare
ValueError."""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import errors, services
from persona_desktop.core.analytics.clustering import MIN_CUSTOMERS, CustomerSegmenter
from persona_desktop.core.analytics.clv import BGNBD, GammaGamma
from persona_desktop.core.analytics.features import CustomerFeatures
from persona_desktop.core.analytics.predictions.analysis import PredictionAnalysis
from persona_desktop.core.analytics.predictions.churn import ChurnModel
from persona_desktop.core.analytics.predictions.recommend import Recommender
from persona_desktop.core.analytics.profile import ProfileAnalysis, ProfileParams
from persona_desktop.core.analytics.rfm import RFMScorer

from .shop_builder import shop, simple_shop

PROFILE_FITTED = ("as_of_", "customers_", "tags_", "tag_rules_", "segment_personas_",
                  "cluster_personas_", "clustering_", "rfm_", "lifecycle_", "no_purchase_count_",
                  "notes_", "categories_", "tags_not_applicable_", "centers_",
                  "monthly_by_segment_", "cohorts_")
PREDICTION_FITTED = ("as_of_", "customers_", "validation_", "statuses_", "rules_", "products_",
                     "segment_rules_", "segment_statuses_", "split_", "bgnbd_", "spend_")
SEGMENTER_FITTED = ("labels_", "k_", "silhouette_", "k_scores_", "centers_", "matched_",
                    "scaler_")


def _features(n: int, seed: int = 5) -> pd.DataFrame:
    return CustomerFeatures().fit(simple_shop(n, seed=seed)).features_


def _identical(n: int) -> pd.DataFrame:
    return pd.DataFrame({"recency_days": 5.0, "frequency": 2.0, "monetary": 40.0, "aov": 20.0,
                         "tenure_days": 100.0, "return_rate": 0.0, "n_products": 1.0},
                        index=pd.RangeIndex(n, name="customer_id"))


def _one_order_shop(n_customers: int):
    orders = [{"order_id": i, "customer_id": i, "ordered_at": "2024-03-01T10:00", "total": 10.0}
              for i in range(1, n_customers + 1)]
    lines = [{"order_id": i, "product_id": 1, "quantity": 1, "unit_price": 10.0}
             for i in range(1, n_customers + 1)]
    return shop(orders, lines, [{"product_id": 1, "sku": "P1", "name": "Tea", "category": "T"}])


def _returns_only():
    return shop([{"order_id": 1, "customer_id": 1, "ordered_at": "2024-03-01T10:00",
                  "total": 5.0, "kind": "return"}])


def _bilingual(err: errors.PersonaError) -> None:
    assert err.message("en") and err.message("zh") and err.message("en") != err.message("zh")


# -- typed errors -------------------------------------------------------------------------------

def test_segmenter_refuses_too_few_customers_with_a_typed_error():
    with pytest.raises(errors.TooFewToCluster) as err:
        CustomerSegmenter(3).fit(_features(MIN_CUSTOMERS).head(MIN_CUSTOMERS - 1))
    assert not isinstance(err.value, ValueError)
    assert f"{MIN_CUSTOMERS - 1}" in err.value.message("en")
    _bilingual(err.value)


def test_segmenter_refuses_identical_customers_with_a_typed_error():
    with pytest.raises(errors.IdenticalCustomers) as err:
        CustomerSegmenter("auto").fit(_identical(30))
    _bilingual(err.value)


def test_segmenter_refuses_a_cluster_count_the_data_cannot_give():
    with pytest.raises(errors.ClusterCountOutOfRange) as err:
        CustomerSegmenter(1).fit(_features(60))
    assert err.value.exit_code == errors.EXIT_USAGE
    _bilingual(err.value)


def test_rfm_scorer_refuses_unknown_bins_with_a_typed_error():
    with pytest.raises(errors.InvalidSetting):
        RFMScorer(bins=4).fit(_features(30))


def test_identical_customers_still_give_a_profile_with_a_note():
    data = _one_order_shop(40)
    result = ProfileAnalysis(ProfileParams(privacy_k=5)).fit(data)
    assert "identical_customers" in result.notes_ and result.centers_ is None


# -- fitted attributes on every path ------------------------------------------------------------

def test_profile_without_purchases_sets_every_fitted_attribute():
    result = ProfileAnalysis().fit(_returns_only())
    assert "no_purchases" in result.notes_
    for name in PROFILE_FITTED:
        assert hasattr(result, name), name
    assert result.centers_ is None and result.cohorts_ is None


def test_profile_on_too_few_customers_sets_every_fitted_attribute():
    result = ProfileAnalysis(ProfileParams(privacy_k=10)).fit(_one_order_shop(3))
    assert "too_few_customers" in result.notes_
    for name in PROFILE_FITTED:
        assert hasattr(result, name), name
    assert result.tags_not_applicable_ == [] and result.monthly_by_segment_ is None


def test_predictions_without_purchases_set_every_fitted_attribute():
    result = PredictionAnalysis().fit(_returns_only())
    for name in PREDICTION_FITTED:
        assert hasattr(result, name), name
    assert result.split_ is None and result.bgnbd_ is None and result.spend_ is None


def test_failed_segmenter_refit_leaves_no_previous_clusters():
    seg = CustomerSegmenter(3).fit(_features(60))
    assert seg.k_ == 3
    with pytest.raises(errors.IdenticalCustomers):
        seg.fit(_identical(30))
    for name in SEGMENTER_FITTED:
        assert hasattr(seg, name), name
    assert seg.k_ is None and seg.labels_.empty and seg.centers_.empty


def test_churn_model_that_refuses_still_has_its_fitted_attributes():
    model = ChurnModel(horizon_days=30)
    with pytest.raises(errors.NotEnoughChurnData):
        model.fit(_one_order_shop(5))
    assert model.model_ is None and model.probabilities_.empty and model.drivers_ == []
    assert model.auc_ is None and model.n_labelled_ == 0


@pytest.mark.parametrize("make, fit_bad", [
    (lambda: BGNBD(), lambda m: m.fit([0] * 30, [0] * 30, [10] * 30)),
    (lambda: GammaGamma(), lambda m: m.fit([0] * 30, [0] * 30)),
])
def test_failed_clv_refit_leaves_the_model_unfitted(make, fit_bad):
    model = make()
    with pytest.raises(errors.PersonaError):
        fit_bad(model)
    assert model.params_ is None and model.converged_ is False
    with pytest.raises(errors.ModelNotFitted):
        model._params()


def test_recommender_refit_does_not_keep_the_previous_rules_note():
    purchases = pd.DataFrame({"customer_id": [1, 2, 3], "order_id": [1, 2, 3],
                              "product_id": [1, 2, 1]})
    model = Recommender().fit(purchases)
    assert model.rules_note_ == "single_item_baskets"
    rules = pd.DataFrame({"antecedents": [[1]], "consequent": [2], "confidence": [0.5]})
    assert model.fit(purchases, rules=rules).rules_note_ is None


# -- the caller's arguments are never changed ---------------------------------------------------

def test_analyze_does_not_change_the_callers_params(new_vault):
    params = ProfileParams(as_of="2024-03-01 10:00", k="4")
    before = asdict(params)
    run = services.analyze(new_vault, params)
    assert asdict(params) == before
    assert run.params["k"] == 4 and run.params["as_of"] == "2024-03-01"


def test_fits_do_not_change_the_callers_data():
    features = _features(60)
    kept = features.copy()
    CustomerSegmenter(3).fit(features)
    RFMScorer().fit(features)
    pd.testing.assert_frame_equal(features, kept)
    data = simple_shop(80, seed=2)
    orders, lines = data.orders.copy(), data.lines.copy()
    segments = pd.Series("a", index=pd.Index(np.arange(1, 81), name="customer_id"))
    kept_segments = segments.copy()
    ProfileAnalysis(ProfileParams(k=3)).fit(data)
    PredictionAnalysis(min_rule_count=2).fit(data, segments)
    pd.testing.assert_frame_equal(data.orders, orders)
    pd.testing.assert_frame_equal(data.lines, lines)
    pd.testing.assert_series_equal(segments, kept_segments)
