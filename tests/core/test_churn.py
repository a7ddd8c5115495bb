"""The supervised churn model: time-split labels, calibrated scores, honest backtest figures, and
a refusal (not a guess) when there are too few customers to learn from."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.analytics.predictions.churn import ChurnModel, feature_label
from persona_desktop.core.errors import NotEnoughChurnData
from tests.core.shop_builder import shop

START = pd.Timestamp("2024-01-01")


def behaviour_shop(n_customers: int = 400, days: int = 540, seed: int = 0,
                   n_tastes: int = 3, per_taste: int = 10):
    """A shop whose customers behave as the models assume: each buys at their own Poisson rate
    and drops out after an exponential lifetime; each has a taste (a group of products) and
    orders 1-3 products, mostly of their taste; the first product of each taste is a
    consumable bought again and again. Used by the churn, recommendation and prediction tests."""
    rng = np.random.default_rng(seed)
    n_products = n_tastes * per_taste
    price = rng.choice([12.0, 25.0, 48.0, 88.0, 150.0], size=n_products + 1)
    orders, lines, oid = [], [], 0
    for cid in range(1, n_customers + 1):
        taste = int(rng.integers(0, n_tastes))
        first = float(rng.uniform(0, days * 0.7))
        rate = float(rng.gamma(1.5, 1 / 40))            # orders per day, mean 1 per ~27 days
        end = min(days - 0.01, first + float(rng.exponential(220)))
        spend = float(rng.gamma(4.0, 0.25))             # the customer's own basket size factor
        t = first
        while t < end:
            oid += 1
            orders.append({"order_id": oid, "customer_id": cid,
                           "ordered_at": (START + pd.Timedelta(days=t)).isoformat()})
            base = taste * per_taste + 1
            picks = {base} if rng.random() < 0.5 else set()
            for _ in range(int(rng.integers(1, 4))):
                own = rng.random() < 0.85
                picks.add(int(base + rng.integers(0, per_taste)) if own
                          else int(rng.integers(1, n_products + 1)))
            for pid in sorted(picks):
                q = float(max(1, round(spend * rng.integers(1, 3))))
                lines.append({"order_id": oid, "product_id": pid, "quantity": q,
                              "unit_price": price[pid], "amount": q * price[pid]})
            t += float(rng.exponential(1 / rate))
    products = [{"product_id": i, "sku": f"P{i:03d}", "name": f"Product {i}",
                 "category": f"Taste {(i - 1) // per_taste}"} for i in range(1, n_products + 1)]
    return shop(orders, lines, products)


@pytest.fixture(scope="module")
def data():
    return behaviour_shop()


@pytest.fixture(scope="module")
def fitted(data):
    return ChurnModel(horizon_days=90, random_state=0).fit(data)


def test_backtest_figures_are_computed_and_beat_chance(fitted):
    m = fitted
    assert m.n_labelled_ >= 200 and 0 < m.churn_rate_ < 1
    assert m.auc_ > 0.7
    for value in (m.precision_, m.recall_, m.f1_, m.brier_):
        assert 0 <= value <= 1
    assert m.n_test_ == pytest.approx(0.25 * m.n_labelled_, abs=1)


def test_labels_come_from_the_period_after_the_cutoff(data, fitted):
    assert fitted.cutoff_ == fitted.as_of_ - pd.Timedelta(days=90)
    purchases = data.purchases()
    before = set(purchases.loc[purchases["ordered_at"] < fitted.cutoff_, "customer_id"])
    later = set(purchases.loc[purchases["ordered_at"] >= fitted.cutoff_, "customer_id"])
    assert fitted.n_labelled_ == len(before)
    assert fitted.n_churned_ == len(before - later)


def test_every_current_customer_gets_a_probability(data, fitted):
    p = fitted.probabilities_
    assert set(p.index) == set(data.purchases()["customer_id"])
    assert p.between(0, 1).all()
    # Customers silent for months should look riskier than those who bought last week.
    recency = (fitted.as_of_ - data.purchases().groupby("customer_id")["ordered_at"].max()).dt.days
    assert p[recency > 150].mean() > p[recency < 14].mean()


def test_calibrated_scores_average_to_the_observed_churn_rate(data, fitted):
    # Calibration in the large: on the labelled customers, the mean score is the churn rate.
    from persona_desktop.core.analytics.features import CustomerFeatures
    past = CustomerFeatures(as_of=fitted.cutoff_).fit(data).features_
    X = past.reindex(columns=fitted.features_used_).to_numpy(dtype=float)
    assert fitted.model_.predict_proba(X)[:, 1].mean() == pytest.approx(fitted.churn_rate_,
                                                                         abs=0.03)
    assert fitted.brier_ < 0.25  # better than a coin


def test_drivers_are_named_features_with_positive_importance(fitted):
    assert fitted.drivers_, "no driver found"
    for d in fitted.drivers_:
        assert d["feature"] in fitted.features_used_ and d["importance"] > 0
    assert "recency_days" in [d["feature"] for d in fitted.drivers_]
    assert feature_label("recency_days", "zh") == "距上次购买的天数"
    assert feature_label("cat:Tea", "en") == "share of spend on Tea"


def test_later_orders_do_not_change_a_fit_as_of_an_earlier_date(data):
    as_of = data.default_as_of() - pd.Timedelta(days=60)
    a = ChurnModel().fit(data, as_of=as_of)
    b = ChurnModel().fit(data.until(as_of), as_of=as_of)
    assert a.auc_ == b.auc_
    pd.testing.assert_series_equal(a.probabilities_, b.probabilities_)


def test_too_few_customers_is_refused_with_a_reason_in_both_languages():
    small = behaviour_shop(n_customers=60, seed=3)
    with pytest.raises(NotEnoughChurnData) as err:
        ChurnModel().fit(small)
    assert "at least 200" in err.value.message("en")
    assert "至少需要 200" in err.value.message("zh")


def test_a_shop_where_nobody_churned_is_refused():
    orders, lines, oid = [], [], 0
    for cid in range(1, 251):  # everyone buys every 20 days until the end: no churner at all
        for day in range(cid % 20, 400, 20):
            oid += 1
            orders.append({"order_id": oid, "customer_id": cid,
                           "ordered_at": (START + pd.Timedelta(days=day)).isoformat()})
            lines.append({"order_id": oid, "product_id": 1, "quantity": 1.0, "unit_price": 9.0,
                          "amount": 9.0})
    with pytest.raises(NotEnoughChurnData) as err:
        ChurnModel().fit(shop(orders, lines, [{"product_id": 1, "name": "Tea"}]))
    assert "0 did not" in err.value.message("en")
