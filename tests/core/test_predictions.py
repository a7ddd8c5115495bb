"""Predictions end to end: lifetime value, churn, rules and recommendations on synthetic shops and
the demo vault, stored as a run; bad input gives a status with a reason, never a result."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import errors, services
from persona_desktop.core.analytics.predictions import analysis as pred
from persona_desktop.core.analytics.predictions import baskets as pred_baskets
from persona_desktop.core.analytics.predictions import value as pred_value
from persona_desktop.core.analytics.clv import BGNBD, GammaGamma
from tests.core.shop_builder import shop
from tests.core.test_churn import START, behaviour_shop

PRODUCTS = [{"product_id": i, "sku": f"P{i}", "name": f"Product {i}", "category": "Tea"}
            for i in range(1, 6)]


def _status(analysis, part) -> dict:
    return next(s for s in analysis.statuses_ if s["part"] == part)


def _orders(rows, products=PRODUCTS):
    """rows: (customer, day, [product ids]) -> a shop; every line costs 20."""
    orders, lines = [], []
    for oid, (cid, day, items) in enumerate(rows, 1):
        orders.append({"order_id": oid, "customer_id": cid,
                       "ordered_at": (START + pd.Timedelta(days=day, hours=10)).isoformat()})
        lines += [{"order_id": oid, "product_id": p, "quantity": 1.0, "unit_price": 20.0,
                   "amount": 20.0} for p in items]
    return shop(orders, lines, products)


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
    assert list(c.columns) == pred_value.VALUE_COLUMNS + pred.REC_COLUMNS
    assert c["p_alive"].between(0, 1).all() and (c["clv"] >= 0).all()
    np.testing.assert_allclose(c["churn_risk"], 1 - c["p_alive"])
    assert c["churn_probability"].between(0, 1).all()
    assert (c["expected_aov"] > 0).all() and c["rec_1"].notna().all()
    later = c["next_order_date"].dropna()
    assert len(later) and (later >= analysis.as_of_).all()
    assert c.loc[c["p_alive"] < 0.5, "next_order_date"].isna().all()


def test_lifetime_value_equals_the_models_applied_to_the_summary(analysis, data):
    summary = pred_value.purchase_summary(data, analysis.as_of_)
    bg = BGNBD().fit(summary["frequency"], summary["recency"], summary["T"])
    gg = GammaGamma().fit(summary["frequency"], summary["monetary_value"])
    clv = gg.customer_lifetime_value(bg, summary["frequency"], summary["recency"], summary["T"],
                                     summary["monetary_value"], months=12,
                                     monthly_discount_rate=0.01)
    np.testing.assert_allclose(analysis.customers_["clv"].loc[summary.index], clv, rtol=1e-9)
    assert analysis.validation_["bgnbd"]["r"] == pytest.approx(bg.params_.r)


def test_next_order_date_is_when_expected_purchases_reach_one(analysis, data):
    summary = pred_value.purchase_summary(data, analysis.as_of_)
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
    with pytest.raises(errors.NoBaskets):
        pred_baskets.association_rules(pred_baskets.order_baskets(order_level), 0.01, 0.2)


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
    baskets = pred_baskets.order_baskets(_orders(rows))
    assert len(pred_baskets.association_rules(baskets, 0.05, 0.5, min_count=5)) == 2
    with pytest.raises(errors.TooFewOrdersForRules) as err:
        pred_baskets.association_rules(baskets, 0.05, 0.5, min_count=10)
    assert isinstance(err.value, errors.NoRulesFound)  # callers catching the general case still do
    en, zh = err.value.message("en"), err.value.message("zh")
    assert "Only 7 of the 59 orders" in en and "at least 10 orders" in en
    assert "privacy threshold" in en and "Lower the minimum support" not in en
    assert "隐私阈值" in zh and "降低最低支持度或置信度可以看到" not in zh


def test_no_rules_because_of_the_privacy_floor_says_so_not_lower_the_support():
    # 12 orders hold two products, but no pair is in 10 of them: the floor (10 orders) asks for
    # more than the support (5% of 60 = 3 orders), so a lower support could not show any rule.
    rows = ([(cid, 1, [1, 2]) for cid in range(1, 7)] + [(cid, 1, [3, 4]) for cid in range(7, 13)]
            + [(cid, 2, [5]) for cid in range(13, 61)])
    baskets = pred_baskets.order_baskets(_orders(rows))
    assert len(pred_baskets.association_rules(baskets, 0.05, 0.5, min_count=5)) == 4
    with pytest.raises(errors.RulesBelowPrivacyFloor) as err:
        pred_baskets.association_rules(baskets, 0.05, 0.5, min_count=10)
    en, zh = err.value.message("en"), err.value.message("zh")
    assert "at least 10 of the 60 orders" in en and "privacy threshold" in en
    assert "lowering the minimum support will not" in en
    assert "隐私阈值" in zh and "降低最低支持度不会" in zh
    # When the support is the stricter threshold, lowering it is the right advice.
    with pytest.raises(errors.NoRulesFound) as err:
        pred_baskets.association_rules(baskets, 0.5, 0.5, min_count=10)
    assert type(err.value) is errors.NoRulesFound
    assert "Lower the minimum support" in err.value.message("en")


def test_fewer_orders_than_k_never_give_a_rule_even_if_all_alike():
    # Five identical orders: support 100%, but five orders describe those customers, not a pattern.
    baskets = pred_baskets.order_baskets(_orders([(cid, 1, [1, 2]) for cid in range(1, 6)]))
    with pytest.raises(errors.TooFewOrdersForRules):
        pred_baskets.association_rules(baskets, 0.01, 0.2, min_count=10)


# Tea: 1, 2; Cups: 3; Cakes: 4, 5. Pairs {1,3}, {4,5} and {2,5}, each in 12 orders.
CATEGORY_PRODUCTS = [{"product_id": i, "sku": f"P{i}", "name": f"Product {i}", "category": c}
                     for i, c in zip(range(1, 6), ["Tea", "Tea", "Cups", "Cakes", "Cakes"])]


def _category_shop():
    pairs = [[1, 3], [4, 5], [2, 5]]
    rows = [(cid, 1 + i, pair) for i, pair in enumerate(pairs) for cid in range(1, 13)]
    return _orders(rows, CATEGORY_PRODUCTS)


def test_rules_filter_by_category_on_either_side():
    data = _category_shop()
    rules = pred_baskets.association_rules(pred_baskets.order_baskets(data), 0.05, 0.2, min_count=10)
    assert len(rules) == 6

    def pairs(found):
        return {(tuple(a), c) for a, c in zip(found["antecedents"], found["consequent"])}

    cups = pred_baskets.filter_rules_by(rules, data.products, category="Cups")
    assert pairs(cups) == {((1,), 3), ((3,), 1)}  # Cups on the right and on the left
    tea = pred_baskets.filter_rules_by(rules, data.products, category=" tea ")  # trimmed, any case
    assert pairs(tea) == {((1,), 3), ((3,), 1), ((2,), 5), ((5,), 2)}
    cakes_and_5 = pred_baskets.filter_rules_by(rules, data.products, item=5, category="Cakes")
    assert pairs(cakes_and_5) == {((4,), 5), ((5,), 4), ((2,), 5), ((5,), 2)}
    assert list(cups.index) == [0, 1] and cups["lift"].is_monotonic_decreasing
    with pytest.raises(errors.UnknownCategory) as err:
        pred_baskets.filter_rules_by(rules, data.products, category="Shoes")
    assert "Cakes, Cups, Tea" in err.value.message("en") and "Shoes" in err.value.message("zh")


def test_order_baskets_of_some_customers_only():
    data = _category_shop()
    # Customers 1-12 placed all three pairs; keep customers 1-3: their 9 orders only.
    baskets = pred_baskets.order_baskets(data, customers=[1, 2, 3])
    owners = data.orders.loc[baskets["basket_id"].unique(), "customer_id"]
    assert set(owners) == {1, 2, 3} and baskets["basket_id"].nunique() == 9


def _segment_shop():
    """Segment a: 15 customers buying {1, 2}; b: 15 buying {4, 5}; c: 6 customers buying
    {1, 3}, too few orders for k = 10; d: 20 customers with pairs spread too thin."""
    rows = ([(cid, 1, [1, 2]) for cid in range(1, 16)] + [(cid, 1, [4, 5]) for cid in range(16, 31)]
            + [(cid, 1, [1, 3]) for cid in range(31, 37)]
            + [(cid, 1, [[1, 4], [2, 3], [3, 5], [2, 4]][cid % 4]) for cid in range(37, 57)])
    data = _orders(rows, CATEGORY_PRODUCTS)
    labels = ["a"] * 15 + ["b"] * 15 + ["c"] * 6 + ["d"] * 20
    segments = pd.Series(pd.Categorical(labels, categories=["b", "a", "c", "d"]),
                         index=pd.Index(range(1, 57), name="customer_id"))
    return data, segments


def test_rules_per_segment_come_from_the_segments_own_orders():
    data, segments = _segment_shop()
    found = pred_baskets.SegmentRules(0.01, 0.2, min_count=10).fit(data, segments)
    assert list(found.orders_) == ["b", "a", "c", "d"]  # the order of the segments given
    assert found.orders_ == {"b": 15, "a": 15, "c": 6, "d": 20}
    a = found.rules_["a"]
    assert {(tuple(x), y) for x, y in zip(a["antecedents"], a["consequent"])} == \
        {((1,), 2), ((2,), 1)}
    assert (a["count"] == 15).all() and (a["support"] == 1.0).all()  # of a's 15 orders
    assert set(found.rules_["b"]["consequent"]) == {4, 5}
    assert set(found.rules_) == {"a", "b"}
    too_few, thin = found.errors_["c"], found.errors_["d"]
    assert isinstance(too_few, errors.TooFewOrdersForRules)
    assert "Only 6 of the 6 orders" in too_few.message("en") and "隐私阈值" in too_few.message("zh")
    assert isinstance(thin, errors.RulesBelowPrivacyFloor)
    assert "lowering the minimum support will not" in thin.message("en")


def test_prediction_analysis_stores_segment_rules_and_reasons():
    data, segments = _segment_shop()
    a = pred.PredictionAnalysis(min_rule_count=10).fit(data, segments)
    assert list(a.segment_statuses_) == ["b", "a", "c", "d"]
    assert a.segment_statuses_["a"] == {"ok": True, "code": None, "en": None, "zh": None,
                                        "orders": 15, "rules_total": 2}
    c = a.segment_statuses_["c"]
    assert not c["ok"] and c["code"] == "TooFewOrdersForRules" and c["en"] and c["zh"]
    assert c["orders"] == 6 and c["rules_total"] == 0
    assert set(a.segment_rules_) == {"a", "b"}
    assert {1, 2, 4, 5} <= set(a.products_)  # named for display
    assert {s["part"] for s in a.statuses_} == set(pred.PARTS)  # no segment in the part list


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
        assert list(figures.of(kind)) == ids
    champions = figures.of("segment")["champions"]
    members = profile.customers.index[profile.customers["segment"] == "champions"]
    assert champions.clv == pytest.approx(run.customers.loc[members, "clv"].mean())
    assert champions.top_products and champions.top_products[0].name
    assert champions.clv > figures.of("segment")["lost"].clv


def test_other_group_is_every_customer_not_shown_alone():
    from persona_desktop.core.analytics.runs import AnalysisRun
    from persona_desktop.core.services.predictions import persona_predictions
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
    out = persona_predictions(pred_run, profile).of("segment")
    assert out["a"].clv == 1.0 and out["other"].clv == 3.0
    assert out["other"].to_dict()["top_products"] == [{"product_id": 1, "name": "Tea",
                                                       "share": 1.0}]


def test_recommend_service_for_a_customer_a_segment_and_the_shop(demo):
    from persona_desktop.core.errors import CustomerNotFound, GroupTooSmall
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
    assert len(one.products) == 5 and one.figures["clv"] == pytest.approx(
        run.customers.loc[cid, "clv"])
    assert seg.scope == "segment" and seg.name == "champions" and len(seg.products) == 3
    assert whole.scope == "shop" and whole.products[0].share > 0


def test_rules_service_filters_by_item_and_segment(demo):
    from persona_desktop.core.errors import UnknownProduct, UnknownSegment
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


def test_prediction_run_stores_rules_per_shown_segment(demo):
    folder, profile, run = demo
    k = profile.meta.get("privacy_k") or 10
    shown = [p["group_id"] for p in profile.meta["segment_personas"] if p["group_id"] != "other"]
    with services.open_vault(folder, services.DEMO_PASSWORD) as vault:
        meta = services.latest_predictions(vault).meta  # as stored, read back
        champions = services.association_rules(vault, 0.01, 0.2, segment="champions")
    by_segment, statuses = meta["rules_by_segment"], meta["rules_by_segment_status"]
    assert list(by_segment) == list(statuses) == shown  # the persona cards' order
    assert meta["rules_by_segment_source"] == {
        "profile_run_id": profile.run_id, "privacy_k": k, "max_rule_length": 3, "top": 20,
        "ok": True, "code": None, "en": None, "zh": None}
    for seg in shown:
        rules, st = by_segment[seg], statuses[seg]
        assert set(st) == {"ok", "code", "en", "zh", "orders", "rules_total"}
        assert len(rules) == min(st["rules_total"], 20) and bool(rules) == st["ok"]
        assert all(r["count"] >= k and len(r["antecedents"]) <= 2 for r in rules)
        assert all(str(r["consequent"]) in meta["products"] for r in rules)
        if not st["ok"]:
            assert st["code"] and st["en"] and st["zh"]
    assert statuses["champions"]["ok"]
    # The stored rules are those `persona rules --segment` lists, up to two products on the left.
    short = champions[champions["antecedent_ids"].map(len) <= 2].head(20)
    assert [(r["antecedents"], r["consequent"]) for r in by_segment["champions"]] == \
        [(list(a), c) for a, c in zip(short["antecedent_ids"], short["consequent_id"])]


def test_a_small_segment_blames_the_privacy_floor_not_the_support(demo):
    from persona_desktop.core.errors import RulesBelowPrivacyFloor
    folder, _profile, run = demo
    floor = [seg for seg, st in run.meta["rules_by_segment_status"].items()
             if st["code"] == "RulesBelowPrivacyFloor"]
    assert floor, run.meta["rules_by_segment_status"]
    assert "lowering the minimum support will not" in \
        run.meta["rules_by_segment_status"][floor[0]]["en"]
    with services.open_vault(folder, services.DEMO_PASSWORD) as vault:
        with pytest.raises(RulesBelowPrivacyFloor) as err:
            services.association_rules(vault, 0.001, 0.2, segment=floor[0])
    assert "隐私阈值" in err.value.message("zh") and "Lower the minimum support" not in str(err.value)


def test_no_profile_run_gives_a_reason_for_the_missing_segment_rules(tmp_path, monkeypatch):
    monkeypatch.setenv("PERSONA_HOME", str(tmp_path / "home"))
    vault = services.create_demo_vault(tmp_path / "vault")
    try:
        run = services.predict(vault, store=False)
    finally:
        vault.lock(record=False)
    source = run.meta["rules_by_segment_source"]
    assert source["profile_run_id"] is None and not source["ok"]
    assert source["code"] == "NoProfileRun" and source["en"] and source["zh"]
    assert run.meta["rules_by_segment"] == {} == run.meta["rules_by_segment_status"]


def test_rules_service_and_cli_filter_by_category(cli, demo, monkeypatch):
    from persona_desktop.core.services.predictions import rules as rules_service
    folder, _profile, _run = demo
    monkeypatch.setenv("PERSONA_PASSWORD", services.DEMO_PASSWORD)
    with services.open_vault(folder, services.DEMO_PASSWORD) as vault:
        with vault.reader() as conn:
            products = dict(conn.execute("SELECT product_id, category FROM products").fetchall())
        everything = rules_service(vault, 0.01, 0.2)
        category = products[int(everything["consequent_id"].iloc[0])]
        mine = rules_service(vault, 0.01, 0.2, category=category)
    assert 0 < len(mine) <= len(everything)
    expected = [i for i, (a, c) in enumerate(zip(everything["antecedent_ids"],
                                                  everything["consequent_id"]))
                if category in {products[int(x)] for x in (*a, c)}]
    assert list(mine["consequent_id"]) == list(everything["consequent_id"].iloc[expected])
    code, out, err = cli("rules", "--vault", str(folder), "--category", category, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["total"] == len(mine) and len(doc["rules"]) == min(len(mine), 20)
    code, _, err = cli("rules", "--vault", str(folder), "--category", "no such category")
    assert code == 2 and "no such category" in err and category in err


def test_cli_predict_prints_the_validation_figures(cli, demo, monkeypatch):
    folder, _profile, _run = demo
    monkeypatch.setenv("PERSONA_PASSWORD", services.DEMO_PASSWORD)
    code, out, err = cli("predict", "--vault", str(folder), "--churn-days", "60")
    assert code == 0, err
    for text in ("MAE", "aggregate error", "AUC", "precision", "recall", "F1", "hit-rate@10",
                 "popularity", "within segments", "Status:"):
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


def test_one_customer_repeating_an_order_k_times_makes_no_rule():
    from persona_desktop.core.errors import RulesBelowCustomerFloor
    # customer 1 orders {1, 2} twelve times; nobody else buys 1 or 2 (others buy 3, 4 alone)
    rows = [(1, day, [1, 2]) for day in range(1, 13)] + [(cid, 2, [3]) for cid in range(2, 40)] \
        + [(cid, 3, [4]) for cid in range(2, 20)]
    baskets = pred_baskets.order_baskets(_orders(rows))
    with pytest.raises(errors.RulesBelowPrivacyFloor) as err:
        pred_baskets.association_rules(baskets, 0.01, 0.2, min_count=10)
    assert isinstance(err.value, RulesBelowCustomerFloor)
    assert "10 different customers" in err.value.message("en") and "不同顾客" in err.value.message("zh")


def test_rules_count_distinct_customers_and_not_anonymous_orders():
    # {1, 2}: 6 customers once each + 8 anonymous orders = 14 orders but only 6 customers;
    # {3, 4}: 10 customers once each. Only the rules of {3, 4} remain.
    rows = ([(cid, 1, [1, 2]) for cid in range(1, 7)] + [(None, 1, [1, 2])] * 8
            + [(cid, 2, [3, 4]) for cid in range(7, 17)] + [(cid, 3, [5]) for cid in range(17, 40)])
    rules = pred_baskets.association_rules(pred_baskets.order_baskets(_orders(rows)), 0.01, 0.2, min_count=10)
    assert {(tuple(a), c) for a, c in zip(rules["antecedents"], rules["consequent"])} \
        == {((3,), 4), ((4,), 3)}


def test_a_shop_without_customers_counts_orders_for_the_floor():
    rows = [(None, day % 28, [1, 2]) for day in range(12)] + [(None, 3, [5])] * 20
    rules = pred_baskets.association_rules(pred_baskets.order_baskets(_orders(rows)), 0.01, 0.2, min_count=10)
    assert len(rules) == 2
