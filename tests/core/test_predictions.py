"""Predictions end to end: lifetime value, churn, rules and recommendations on synthetic shops and
the demo vault, stored as a run; bad input gives a status with a reason, never a result."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.analytics import predictions as pred
from persona_desktop.core.analytics.clv import BGNBD, GammaGamma
from tests.core.shop_builder import shop
from tests.core.test_churn import START, behaviour_shop

PRODUCTS = [{"product_id": i, "sku": f"P{i}", "name": f"Product {i}", "category": "Tea"}
            for i in range(1, 6)]


def _status(analysis, part) -> dict:
    return next(s for s in analysis.statuses_ if s["part"] == part)


def _orders(rows):
    """rows: (customer, day, [product ids]) -> a shop; every line costs 20."""
    orders, lines = [], []
    for oid, (cid, day, items) in enumerate(rows, 1):
        orders.append({"order_id": oid, "customer_id": cid,
                       "ordered_at": (START + pd.Timedelta(days=day, hours=10)).isoformat()})
        lines += [{"order_id": oid, "product_id": p, "quantity": 1.0, "unit_price": 20.0,
                   "amount": 20.0} for p in items]
    return shop(orders, lines, PRODUCTS)


@pytest.fixture(scope="module")
def data():
    return behaviour_shop(n_customers=400, seed=2)


@pytest.fixture(scope="module")
def analysis(data):
    return pred.PredictionAnalysis(min_support=0.02).fit(data)


# -- a shop that behaves ---------------------------------------------------------------------

def test_every_part_succeeds_and_is_validated(analysis, data):
    assert all(s["ok"] for s in analysis.statuses_), analysis.statuses_
    v = analysis.validation_
    assert v["holdout"]["mae"] >= 0 and np.isfinite(v["holdout"]["aggregate_error"])
    span = (analysis.as_of_ - data.purchases()["ordered_at"].min().normalize()).days
    assert v["holdout"]["holdout_days"] == span // 4  # a quarter of the history by default
    assert 0.5 < v["churn"]["auc"] <= 1 and v["churn"]["drivers"]
    assert 0 <= v["recommendations"]["popularity_hit_rate"] <= 1
    assert v["rules"]["count"] == len(analysis.rules_) > 0


def test_per_customer_columns_are_consistent(analysis, data):
    c = analysis.customers_
    assert set(c.index) == set(data.purchases()["customer_id"])
    assert list(c.columns) == pred.VALUE_COLUMNS + pred.REC_COLUMNS
    assert c["p_alive"].between(0, 1).all() and (c["clv"] >= 0).all()
    np.testing.assert_allclose(c["churn_risk"], 1 - c["p_alive"])
    assert c["churn_probability"].between(0, 1).all()
    assert (c["expected_aov"] > 0).all() and c["rec_1"].notna().all()
    later = c["next_order_date"].dropna()
    assert len(later) and (later >= analysis.as_of_).all()
    assert c.loc[c["p_alive"] < 0.5, "next_order_date"].isna().all()


def test_lifetime_value_equals_the_models_applied_to_the_summary(analysis, data):
    summary = pred.purchase_summary(data, analysis.as_of_)
    bg = BGNBD().fit(summary["frequency"], summary["recency"], summary["T"])
    gg = GammaGamma().fit(summary["frequency"], summary["monetary_value"])
    clv = gg.customer_lifetime_value(bg, summary["frequency"], summary["recency"], summary["T"],
                                     summary["monetary_value"], months=12,
                                     monthly_discount_rate=0.01)
    np.testing.assert_allclose(analysis.customers_["clv"].loc[summary.index], clv, rtol=1e-9)
    assert analysis.validation_["bgnbd"]["r"] == pytest.approx(bg.params_.r)


def test_next_order_date_is_when_expected_purchases_reach_one(analysis, data):
    summary = pred.purchase_summary(data, analysis.as_of_)
    c = analysis.customers_
    dated = c["next_order_date"].dropna().index[:20]
    weeks = (c.loc[dated, "next_order_date"] - analysis.as_of_).dt.days / 7
    s = summary.loc[dated]
    expected = analysis.bgnbd_.expected_purchases(weeks.to_numpy(), s["frequency"],
                                                  s["recency"], s["T"])
    np.testing.assert_allclose(expected, 1.0, atol=0.05)


def test_a_short_holdout_period_is_used_when_asked(data):
    a = pred.PredictionAnalysis(holdout_days=60).fit(data)
    assert a.validation_["holdout"]["holdout_days"] == 60
    assert a.validation_["recommendations"]["split"] == \
        (a.as_of_ - pd.Timedelta(days=60)).date().isoformat()


# -- bad input: a status with a reason, never a result ----------------------------------------

def _no_result(analysis, *parts):
    for part in parts:
        s = _status(analysis, part)
        assert not s["ok"] and s["code"] and s["en"] and s["zh"], s


def test_a_shop_where_everyone_bought_once_gives_reasons_not_values():
    rows = [(cid, cid % 300, [1 + cid % 5]) for cid in range(1, 301)]
    a = pred.PredictionAnalysis().fit(_orders(rows))
    _no_result(a, "purchases", "spend", "holdout", "churn")
    assert _status(a, "purchases")["code"] == "NoRepeatBuyers"
    assert "重复购买" in _status(a, "purchases")["zh"]
    assert a.customers_[["clv", "expected_purchases", "p_alive", "churn_risk",
                         "churn_probability"]].isna().all().all()
    assert a.customers_["next_order_date"].isna().all()


def test_single_item_baskets_give_a_rules_status():
    rows = [(cid, day, [1 + (cid + day) % 5]) for cid in range(1, 61) for day in (3, 40, 90)]
    a = pred.PredictionAnalysis().fit(_orders(rows))
    s = _status(a, "rules")
    assert s["code"] == "SingleItemBaskets" and "只有一种商品" in s["zh"]
    assert a.rules_.empty
    assert _status(a, "recommendations")["ok"]


def test_orders_without_product_lines_give_no_baskets_not_single_items():
    order_level = shop([{"order_id": i, "customer_id": i, "ordered_at": "2024-01-02",
                         "total": 30.0} for i in range(1, 5)])
    with pytest.raises(pred.NoBaskets):
        pred.association_rules(pred.order_baskets(order_level), 0.01, 0.2)


def test_too_few_customers_give_reasons():
    rows = [(cid, day, [1]) for cid in range(1, 11) for day in (1, 30 + cid)]
    a = pred.PredictionAnalysis().fit(_orders(rows))
    assert _status(a, "purchases")["code"] == "TooFewCustomers"
    assert _status(a, "churn")["code"] == "NotEnoughChurnData"
    assert a.customers_["clv"].isna().all()


def test_a_fit_that_does_not_converge_is_reported_not_shown():
    # Everyone buys every week until the end: nobody ever drops out, so the BG/NBD's dropout
    # parameters run off to the edge even with the penalizers the analysis tries.
    rows = [(cid, day, [1 + day % 3]) for cid in range(1, 61) for day in range(cid % 50, 210, 7)]
    a = pred.PredictionAnalysis().fit(_orders(rows))
    s = _status(a, "purchases")
    assert s["code"] == "ModelDidNotConverge" and "BG/NBD" in s["en"]
    assert "bgnbd" not in a.validation_
    assert a.customers_[["clv", "expected_purchases", "p_alive", "churn_risk"]].isna().all().all()


def test_a_vault_without_purchases_says_so():
    only_a_return = shop([{"order_id": 1, "customer_id": 1, "ordered_at": "2024-01-01",
                           "kind": "return", "total": -5.0}])
    a = pred.PredictionAnalysis().fit(only_a_return)
    assert {s["code"] for s in a.statuses_} == {"NoPurchases"}
    assert a.customers_.empty


def test_rules_keep_to_the_privacy_floor_of_k_orders():
    rows = [(cid, 1, [1, 2]) for cid in range(1, 8)] + [(cid, 2, [3]) for cid in range(8, 60)]
    baskets = pred.order_baskets(_orders(rows))
    assert len(pred.association_rules(baskets, 0.05, 0.5, min_count=5)) == 2
    with pytest.raises(pred.NoRulesFound) as err:
        pred.association_rules(baskets, 0.05, 0.5, min_count=10)
    assert "at least 10 of the 59 orders" in err.value.message("en")


def test_params_are_checked():
    from persona_desktop.core.errors import UsageError
    with pytest.raises(UsageError):
        pred.PredictionParams.coerce({"horizon_months": 0})
    with pytest.raises(UsageError):
        pred.PredictionParams.coerce({"monthly_discount_rate": 1.5})
    assert pred.PredictionParams.coerce(None).churn_horizon_days == 90


# -- the demo vault: stored run, persona figures, services, CLI -------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("demo-home")))
        folder = tmp_path_factory.mktemp("demo") / "vault"
        vault = services.create_demo_vault(folder)
        try:
            profile = services.analyze(vault)
            run = services.predict(vault)
        finally:
            vault.lock(record=False)
        yield folder, profile, run


def test_prediction_run_is_stored_and_read_back(demo):
    folder, _profile, run = demo
    with services.open_vault(folder, services.DEMO_PASSWORD) as vault:
        back = services.latest_predictions(vault)
        listed = services.list_runs(vault)
    assert back.kind == "predict" and back.run_id == run.run_id
    pd.testing.assert_frame_equal(back.customers, run.customers, check_dtype=False,
                                  check_freq=False)
    assert back.meta["validation"]["holdout"]["mae"] == run.meta["validation"]["holdout"]["mae"]
    assert {r["kind"] for r in listed} == {"profile", "predict"}
    assert all(set(s) == {"part", "ok", "code", "en", "zh"} for s in back.meta["statuses"])
    assert back.meta["rules"] and all(str(r["consequent"]) in back.meta["products"]
                                      for r in back.meta["rules"])


def test_persona_cards_get_group_predictions(demo):
    _folder, profile, run = demo
    figures = services.persona_predictions(run, profile)
    for kind in ("segment", "cluster"):
        ids = [p["group_id"] for p in profile.meta[f"{kind}_personas"]]
        assert list(figures[kind]) == ids
    champions = figures["segment"]["champions"]
    members = profile.customers.index[profile.customers["segment"] == "champions"]
    assert champions["clv"] == pytest.approx(run.customers.loc[members, "clv"].mean())
    assert champions["top_products"] and champions["top_products"][0]["name"]
    assert figures["segment"]["champions"]["clv"] > figures["segment"]["lost"]["clv"]


def test_other_group_is_every_customer_not_shown_alone():
    from persona_desktop.core.analytics.runs import AnalysisRun
    from persona_desktop.core.prediction_service import persona_predictions
    ids = pd.Index(range(1, 31), name="customer_id")
    profile = AnalysisRun(1, "profile", "", None, {},
                          pd.DataFrame({"segment": ["a"] * 20 + ["b"] * 6 + ["c"] * 4}, index=ids),
                          pd.DataFrame(index=ids),
                          {"segment_personas": [{"group_id": "a"}, {"group_id": "other"}]})
    customers = pd.DataFrame({"clv": np.r_[np.ones(20), np.full(10, 3.0)],
                              "churn_risk": 0.5, "churn_probability": 0.2, "rec_1": 1.0},
                             index=ids)
    pred_run = AnalysisRun(2, "predict", "", None, {}, customers, pd.DataFrame(index=ids),
                           {"products": {"1": "Tea"}})
    out = persona_predictions(pred_run, profile)["segment"]
    assert out["a"]["clv"] == 1.0 and out["other"]["clv"] == 3.0
    assert out["other"]["top_products"] == [{"product_id": 1, "name": "Tea", "share": 1.0}]


def test_recommend_service_for_a_customer_a_segment_and_the_shop(demo):
    from persona_desktop.core.prediction_service import CustomerNotFound, GroupTooSmall
    folder, profile, run = demo
    with services.open_vault(folder, services.DEMO_PASSWORD) as vault:
        with vault.reader() as conn:
            cid, pseudonym = conn.execute(
                "SELECT customer_id, pseudonym FROM customers ORDER BY customer_id").fetchone()
        one = services.recommend(vault, customer=pseudonym, n=5)
        seg = services.recommend(vault, segment="Champions", n=3)
        whole = services.recommend(vault, n=3)
        with pytest.raises(CustomerNotFound):
            services.recommend(vault, customer="c_nobody")
        small = [s for s, n in profile.customers["segment"].value_counts().items()
                 if s not in {p["group_id"] for p in profile.meta["segment_personas"]}]
        if small:
            with pytest.raises(GroupTooSmall):
                services.recommend(vault, segment=small[0])
    assert len(one["products"]) == 5 and one["figures"]["clv"] == pytest.approx(
        run.customers.loc[cid, "clv"])
    assert seg["scope"] == "segment" and seg["name"] == "champions" and len(seg["products"]) == 3
    assert whole["scope"] == "shop" and whole["products"][0]["share"] > 0


def test_rules_service_filters_by_item_and_segment(demo):
    from persona_desktop.core.prediction_service import UnknownProduct, UnknownSegment
    folder, _profile, _run = demo
    with services.open_vault(folder, services.DEMO_PASSWORD) as vault:
        everything = services.association_rules(vault, 0.01, 0.2)
        name = everything["consequent"].iloc[0]
        about = services.association_rules(vault, 0.01, 0.2, item=name)
        champions = services.association_rules(vault, 0.01, 0.2, segment="champions")
        with pytest.raises(UnknownProduct):
            services.association_rules(vault, 0.01, 0.2, item="no such tea")
        with pytest.raises(UnknownSegment):
            services.association_rules(vault, 0.01, 0.2, segment="whales")
    assert (everything["count"] >= 10).all()
    assert len(about) and all(name in set(a) | {c} for a, c in
                              zip(about["antecedents"], about["consequent"]))
    assert len(champions) and (champions["count"] >= 10).all()


def test_cli_predict_prints_the_validation_figures(cli, demo, monkeypatch):
    folder, _profile, _run = demo
    monkeypatch.setenv("PERSONA_PASSWORD", services.DEMO_PASSWORD)
    code, out, err = cli("predict", "--vault", str(folder), "--churn-days", "60")
    assert code == 0, err
    for text in ("MAE", "aggregate error", "AUC", "precision", "recall", "F1", "hit-rate@10",
                 "popularity", "Status:"):
        assert text in out
    code, out, _ = cli("--lang", "zh", "predict", "--vault", str(folder), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["validation"]["churn"]["horizon_days"] == 90
    assert {s["part"] for s in doc["statuses"]} == set(pred.PARTS)


def test_cli_rules_and_recommend_name_products_not_ids(cli, demo, monkeypatch):
    folder, _profile, run = demo
    monkeypatch.setenv("PERSONA_PASSWORD", services.DEMO_PASSWORD)
    code, out, err = cli("rules", "--vault", str(folder), "--limit", "3")
    assert code == 0, err
    names = set(run.meta["products"].values())
    assert any(n in out for n in names) and "=>" in out and "lift" in out
    code, out, _ = cli("recommend", "--vault", str(folder), "--segment", "champions")
    assert code == 0 and "Champions" in out and any(n in out for n in names)
    with services.open_vault(folder, services.DEMO_PASSWORD) as vault:
        with vault.reader() as conn:
            pseudonyms = [r[0] for r in conn.execute("SELECT pseudonym FROM customers LIMIT 2")]
    code, out, _ = cli("recommend", "--vault", str(folder), "--customer", pseudonyms[0])
    assert code == 0 and pseudonyms[0] in out and pseudonyms[1] not in out
    code, _, err = cli("recommend", "--vault", str(folder), "--customer", "c_nobody")
    assert code == 2 and "c_nobody" in err
    code, _, err = cli("rules", "--vault", str(folder), "--min-support", "0.9")
    assert code == 1 and "No product combination" in err
