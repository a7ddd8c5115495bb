"""Next-best products: item-based collaborative filtering blended with rules, the exclusion of
products already bought, the time-split check against popularity, and sparse scaling."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import errors
from persona_desktop.core.analytics.predictions import recommend as rec
from tests.core.test_churn import behaviour_shop


def _purchases(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_id", "product_id"])


@pytest.fixture(scope="module")
def data():
    return behaviour_shop(n_customers=400, seed=5)


@pytest.fixture(scope="module")
def model(data):
    return rec.Recommender().fit(data.purchases())


def test_customers_are_recommended_products_of_their_own_taste(data, model):
    recs = model.recommend(n=5)
    p = data.purchases()
    # Taste = the product group a customer mostly bought (products 1-10, 11-20, 21-30).
    taste = ((p["product_id"] - 1) // 10).groupby(p["customer_id"]).agg(lambda s: s.mode()[0])
    rec_taste = (recs - 1) // 10
    same = rec_taste.eq(taste.reindex(recs.index), axis=0).to_numpy().mean()
    assert same > 0.7


def test_products_already_bought_come_back_only_when_they_are_repeat_purchases(data, model):
    recs = model.recommend(n=10)
    p = data.purchases()
    bought = set(zip(p["customer_id"], p["product_id"].astype(int)))
    repeat = set(model.items_[model.repeat_items_].tolist())
    assert repeat, "the consumables should be found as repeat-purchase products"
    for cid, row in zip(recs.index, recs.to_numpy()):
        for pid in row[~np.isnan(row)].astype(int):
            assert (cid, pid) not in bought or pid in repeat


def test_repeat_purchase_products_are_those_most_buyers_buy_again():
    rows, oid = [], 0
    for cid in range(1, 41):
        for _ in range(3):  # product 1 bought in three orders by everyone
            oid += 1
            rows.append((cid, oid, 1))
        oid += 1
        rows.append((cid, oid, 2))  # product 2 once
        rows.append((cid, oid, 3 + cid % 4))
    model = rec.Recommender(repeat_share=0.25).fit(_purchases(rows))
    assert model.items_[model.repeat_items_].tolist() == [1]
    recs = model.recommend([5], n=3).iloc[0].dropna().astype(int).tolist()
    assert 2 not in recs and 1 in recs


def test_a_customer_unknown_to_the_model_gets_the_best_sellers(model):
    recs = model.recommend([10_000_001], n=3).iloc[0].to_numpy().astype(int)
    best = model.items_[np.argsort(-model.popularity_, kind="stable")[:3]]
    assert sorted(recs) == sorted(best)


def test_rules_add_their_confidence_to_the_consequent_as_a_noisy_or():
    rows, oid = [], 0
    rng = np.random.default_rng(0)
    for cid in range(1, 301):
        oid += 1
        items = {int(rng.integers(10, 40))}
        if cid % 3 == 0:
            items |= {1, 2}  # 1 and 2 bought together in 100 orders
        rows += [(cid, oid, i) for i in items]
    rows.append((999, 10_000, 1))  # and 1 once without 2: confidence({1} => {2}) = 100/101
    purchases = _purchases(rows)
    with_rules = rec.Recommender(rule_weight=1.0).fit(purchases)
    without = rec.Recommender(rule_weight=0.0).fit(purchases)
    rules = with_rules.rules_
    conf = rules[(rules["antecedents"] == (1,)) & (rules["consequent"] == 2)]["confidence"]
    assert conf.tolist() == [pytest.approx(100 / 101)]
    row = np.searchsorted(with_rules.customers_, [999])
    pop = np.zeros(len(with_rules.items_), dtype=np.float32)
    with np.errstate(invalid="ignore"):  # -inf - -inf where a product is excluded
        diff = with_rules._scores(row, pop, False) - without._scores(row, pop, False)
    item2 = int(np.searchsorted(with_rules.items_, 2))
    assert diff[0, item2] == pytest.approx(100 / 101, abs=1e-5)
    assert with_rules.recommend([999], n=1).iloc[0, 0] == 2


def test_recommendations_beat_popularity_on_a_time_split(data):
    split = data.default_as_of() - pd.Timedelta(days=120)
    check = rec.evaluate(data.purchases(), split, data.default_as_of())
    assert check.n_customers > 30 and check.k == 10
    assert 0 <= check.popularity_hit_rate <= 1 and 0 <= check.hit_rate <= 1
    assert check.hit_rate > check.popularity_hit_rate
    assert set(check.to_dict()) == {"split", "k", "n_customers", "hit_rate",
                                    "popularity_hit_rate"}


def test_a_check_with_nobody_coming_back_is_refused(data):
    with pytest.raises(errors.NoTestCustomers):
        rec.evaluate(data.purchases(), data.default_as_of())


def test_one_product_is_not_enough():
    with pytest.raises(errors.NotEnoughForRecommendations) as err:
        rec.Recommender().fit(_purchases([(1, 1, 7), (2, 2, 7)]))
    assert "至少两种" in err.value.message("zh")


def test_group_top_counts_the_share_of_customers_recommended_each_product(model):
    recs = model.recommend(n=5)
    labels = pd.Series(np.where(recs.index % 2 == 0, "even", "odd"), index=recs.index)
    groups = rec.top_by_group(recs, labels, n=3)
    assert set(groups) == {"even", "odd"}
    for group, top in groups.items():
        members = recs[labels == group]
        pid, share = top[0]
        assert share == pytest.approx((members == pid).any(axis=1).mean())
        assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)


def test_thousands_of_products_and_many_customers_stay_sparse():
    rng = np.random.default_rng(1)
    n = 200_000
    customers = rng.integers(0, 40_000, n)
    purchases = _purchases({"customer_id": customers,
                            "order_id": customers * 4 + rng.integers(0, 4, n),
                            "product_id": rng.zipf(1.4, n) % 3000 + 1})
    start = time.perf_counter()
    model = rec.Recommender(n_neighbors=30, block_cells=1_000_000).fit(purchases)
    recs = model.recommend(n=10)
    elapsed = time.perf_counter() - start
    assert recs.shape == (len(np.unique(customers)), 10)
    assert model.similarity_.nnz <= len(model.items_) * 30
    assert elapsed < 60, f"took {elapsed:.1f} s"
