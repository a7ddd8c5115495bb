import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.analytics.features import CustomerFeatures
from persona_desktop.core.analytics.lifecycle import LifecycleStager
from persona_desktop.core.analytics.tags import Condition, Tagger, TagRule, default_rules

from .shop_builder import shop


@pytest.fixture
def two_customers():
    orders = [
        {"order_id": 1, "customer_id": 1, "ordered_at": "2024-01-01 10:00", "channel": "web"},
        {"order_id": 2, "customer_id": 1, "ordered_at": "2024-01-11 10:00", "channel": "web"},
        {"order_id": 3, "customer_id": 1, "ordered_at": "2024-01-31 10:00", "channel": "shop"},
        {"order_id": 4, "customer_id": 1, "ordered_at": "2024-02-01 10:00", "kind": "return"},
        {"order_id": 5, "customer_id": 2, "ordered_at": "2024-01-20 09:00", "channel": "shop"},
        {"order_id": 6, "customer_id": 3, "ordered_at": "2024-01-25 09:00", "kind": "return"},
        {"order_id": 7, "customer_id": None, "ordered_at": "2024-01-26 09:00"},
    ]
    lines = [
        {"order_id": 1, "product_id": 1, "quantity": 2, "unit_price": 10.0, "amount": 20.0},
        {"order_id": 2, "product_id": 2, "quantity": 1, "unit_price": 30.0, "amount": 30.0},
        {"order_id": 3, "product_id": 1, "quantity": 1, "unit_price": 10.0, "amount": 10.0},
        {"order_id": 3, "product_id": 3, "quantity": 1, "unit_price": 0.0, "amount": 0.0},
        {"order_id": 4, "product_id": 2, "quantity": -1, "unit_price": 30.0, "amount": -30.0},
        {"order_id": 5, "product_id": 2, "quantity": 1, "unit_price": 30.0, "amount": 30.0},
        {"order_id": 6, "product_id": 2, "quantity": -1, "unit_price": 30.0, "amount": -30.0},
        {"order_id": 7, "product_id": 2, "quantity": 5, "unit_price": 30.0, "amount": 150.0},
    ]
    products = [{"product_id": 1, "sku": "A", "name": "Green tea", "category": "Tea"},
                {"product_id": 2, "sku": "B", "name": "Cup", "category": "Cups"},
                {"product_id": 3, "sku": "C", "name": "Sample", "category": "Tea"}]
    return shop(orders, lines, products)


def test_rfm_inputs_follow_the_documented_definitions(two_customers):
    f = CustomerFeatures().fit(two_customers)
    # as of the day after the last order (2024-02-01)
    assert f.as_of_ == pd.Timestamp("2024-02-02")
    one = f.features_.loc[1]
    assert one["frequency"] == 3 and one["monetary"] == 60.0
    assert one["recency_days"] == 2 and one["tenure_days"] == 32
    assert one["returns_value"] == 30.0 and one["net_revenue"] == 30.0
    assert one["return_rate"] == pytest.approx(0.5)
    assert one["mean_gap_days"] == pytest.approx(15.0)
    assert one["median_gap_days"] == pytest.approx(15.0)
    assert one["aov"] == 20.0 and one["n_products"] == 2
    assert one["preferred_channel"] == "web"
    assert one["cat:Tea"] == pytest.approx(30 / 60)


def test_zero_price_lines_and_anonymous_orders_are_not_purchases(two_customers):
    p = two_customers.purchases()
    assert (p["unit_price"] > 0).all()
    assert p["customer_id"].notna().all()
    assert 7 not in set(p["order_id"])


def test_customer_with_only_returns_is_listed_not_scored(two_customers):
    f = CustomerFeatures().fit(two_customers)
    assert 3 not in f.features_.index
    assert f.no_purchase_ == [3]


def test_as_of_date_ignores_later_orders(two_customers):
    f = CustomerFeatures(as_of="2024-01-15").fit(two_customers)
    assert set(f.features_.index) == {1}
    assert f.features_.loc[1, "frequency"] == 2
    assert f.features_.loc[1, "recency_days"] == 4


def test_orders_without_lines_count_with_their_total():
    data = shop([{"order_id": 1, "customer_id": 1, "ordered_at": "2024-03-01", "total": 99.0},
                 {"order_id": 2, "customer_id": 1, "ordered_at": "2024-03-05", "total": 1.0}])
    f = CustomerFeatures().fit(data)
    assert f.features_.loc[1, "monetary"] == 100.0


def _features(recency, frequency, gaps, tenure):
    return pd.DataFrame({"recency_days": recency, "frequency": frequency,
                         "median_gap_days": gaps, "tenure_days": tenure})


def test_lifecycle_uses_the_customers_own_rhythm():
    feats = _features(recency=[10, 40, 80, 200, 20, 5],
                      frequency=[5, 5, 5, 5, 1, 1],
                      gaps=[20, 20, 20, 20, np.nan, np.nan],
                      tenure=[400, 400, 400, 400, 400, 5])
    stager = LifecycleStager().fit(feats)
    assert stager.shop_cycle_days_ == 20
    assert list(stager.stages_) == ["active", "at_risk", "lapsed", "lost", "active", "new"]


def test_lifecycle_without_repeat_buyers_falls_back_to_90_days():
    feats = _features([10, 200, 400, 600], [1, 1, 1, 1], [np.nan] * 4, [700] * 4)
    stager = LifecycleStager().fit(feats)
    assert stager.shop_cycle_days_ == 90
    assert list(stager.stages_) == ["active", "at_risk", "lapsed", "lost"]


def test_percentile_thresholds_and_missing_features_in_tags():
    feats = pd.DataFrame({"monetary": np.arange(1, 101, dtype=float), "frequency": 1.0,
                          "discount_share": np.nan, "recency_days": 10.0, "tenure_days": 100.0,
                          "return_rate": 0.0})
    tagger = Tagger(default_rules()).fit(feats)
    assert tagger.tags_["high_value"].sum() == 20          # >= 80th percentile of 1..100 (80.2)
    assert tagger.tags_["one_time"].all()
    assert "bargain_hunter" in tagger.not_applicable_
    assert not tagger.tags_["bargain_hunter"].any()


def test_tag_rule_round_trips_and_rejects_bad_operators():
    rule = TagRule("vip", "VIP", "贵宾", (Condition("monetary", ">=", "p95"),))
    assert TagRule.from_dict(rule.to_dict()) == rule
    from persona_desktop.core.errors import InvalidSetting
    with pytest.raises(InvalidSetting):
        TagRule("x", "x", "x", (Condition("monetary", "=>", 1),)).validated()
