"""Association rules over baskets (core/analytics/baskets): counts on hand-built baskets, exact
thresholds, degenerate inputs, scale, cancellation, and agreement with mlxtend's FP-growth."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.analytics.baskets import (encode_baskets, filter_rules, frequent_itemsets,
                                                    mine_rules)
from persona_desktop.core.errors import InvalidRuleSettings, JobCancelled, TooManyItemsets
from persona_desktop.core.jobs import CallbackProgress, CancelToken

# 10 baskets: a=5, b=6, c=5, {a,b}=4, {b,c}=2, {a,c}=0.
BASKETS = [["a", "b"]] * 4 + [["a"]] + [["b", "c"]] * 2 + [["c"]] * 3


def _rule(rules, lhs, rhs):
    hit = rules[(rules["antecedents"] == tuple(lhs)) & (rules["consequent"] == rhs)]
    assert len(hit) == 1, (lhs, rhs, rules)
    return hit.iloc[0]


def test_rules_have_the_counts_of_hand_built_baskets():
    rules = mine_rules(BASKETS, min_support=0.2, min_confidence=0.5, min_length=2)
    assert list(rules.columns) == ["antecedents", "consequent", "support", "confidence", "lift",
                                   "count"]
    assert len(rules) == 2  # b=>c (2/6) and c=>b (2/5) are below 0.5
    ab = _rule(rules, ["a"], "b")
    assert (ab["count"], ab["support"], ab["confidence"]) == (4, 0.4, 0.8)
    assert ab["lift"] == pytest.approx(0.8 / 0.6)
    ba = _rule(rules, ["b"], "a")
    assert ba["confidence"] == pytest.approx(4 / 6)


def test_confidence_exactly_at_the_threshold_is_kept():
    # a=>b has confidence 4/5: 0.8 in floating point may not equal 4/5; counts decide.
    kept = mine_rules(BASKETS, min_support=0.1, min_confidence=0.8, min_length=2)
    assert [(r.antecedents, r.consequent) for r in kept.itertuples()] == [(("a",), "b")]
    assert mine_rules(BASKETS, 0.1, 0.81, min_length=2).empty


def test_support_exactly_at_the_threshold_is_kept():
    assert len(mine_rules(BASKETS, min_support=0.4, min_confidence=0.5, min_length=2)) == 2
    assert mine_rules(BASKETS, min_support=0.41, min_confidence=0.5, min_length=2).empty


def test_length_one_rules_have_an_empty_left_hand_side_as_in_arules():
    rules = mine_rules(BASKETS, min_support=0.2, min_confidence=0.6)
    empty_lhs = rules[rules["antecedents"] == ()]
    assert list(empty_lhs["consequent"]) == ["b"]  # support 0.6 >= 0.6; a and c are 0.5
    assert empty_lhs.iloc[0]["lift"] == pytest.approx(1.0)
    assert not (mine_rules(BASKETS, 0.2, 0.6, min_length=2)["antecedents"] == ()).any()


def test_max_length_counts_both_sides():
    baskets = [["a", "b", "c"]] * 5
    rules = mine_rules(baskets, 0.5, 0.5, min_length=2, max_length=2)
    assert set(rules["antecedents"].map(len)) == {1}
    assert set(mine_rules(baskets, 0.5, 0.5, min_length=3)["antecedents"].map(len)) == {2}


def test_rules_are_sorted_by_lift():
    rng = np.random.default_rng(0)
    baskets = [list(rng.choice(list("abcdefgh"), size=rng.integers(1, 6), replace=False))
               for _ in range(300)]
    rules = mine_rules(baskets, 0.02, 0.1)
    assert len(rules) > 10
    assert rules["lift"].is_monotonic_decreasing


def test_long_table_gives_the_same_rules_as_lists():
    long = pd.DataFrame([(i, item) for i, basket in enumerate(BASKETS) for item in basket],
                        columns=["basket_id", "item"])
    pd.testing.assert_frame_equal(mine_rules(long, 0.2, 0.5), mine_rules(BASKETS, 0.2, 0.5))


def test_a_product_twice_in_a_basket_counts_once():
    doubled = [basket + basket for basket in BASKETS]
    pd.testing.assert_frame_equal(mine_rules(doubled, 0.2, 0.5), mine_rules(BASKETS, 0.2, 0.5))


def test_encoding_is_sparse_and_keeps_empty_baskets():
    encoded = encode_baskets([["x", "y"], [], ["y", None]])
    assert encoded.n_baskets == 3
    assert list(encoded.items) == ["x", "y"]
    assert encoded.matrix.nnz == 3
    assert encoded.matrix.dtype == bool


def test_single_item_baskets_only_give_no_rules_without_crashing():
    baskets = [["a"], ["b"], ["c"], ["a"]]
    rules = mine_rules(baskets, 0.1, 0.1, min_length=2)
    assert rules.empty
    assert list(rules.columns) == ["antecedents", "consequent", "support", "confidence", "lift",
                                   "count"]


def test_no_baskets_give_no_rules():
    assert mine_rules([], 0.1, 0.5).empty
    assert mine_rules(pd.DataFrame({"basket_id": [], "item": []}), 0.1, 0.5).empty


def test_thousands_of_products_at_tiny_support_finish_with_a_bounded_result():
    rng = np.random.default_rng(1)
    n_items, n_baskets = 5000, 3000
    # Skewed popularity, as in a real shop: a few best sellers and a long tail.
    weights = 1 / np.arange(1, n_items + 1)
    weights /= weights.sum()
    baskets = [list(rng.choice(n_items, size=rng.integers(1, 7), replace=False, p=weights))
               for _ in range(n_baskets)]
    rules = mine_rules(baskets, min_support=2 / n_baskets, min_confidence=0.1)
    # Every rule comes from a sub-itemset of some basket with at most 6 items.
    bound = sum(len(b) * 2 ** (len(b) - 1) for b in baskets)
    assert 0 < len(rules) <= bound
    assert (rules["count"] >= 2).all()


def test_a_combinatorial_explosion_stops_with_a_typed_error():
    # One basket of 40 products at support 1: 2**40 frequent itemsets.
    with pytest.raises(TooManyItemsets) as err:
        mine_rules([[f"p{i}" for i in range(40)]], 1.0, 0.5, max_itemsets=10_000)
    assert "10,000" in str(err.value)


def test_cancelling_stops_mining():
    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        mine_rules(BASKETS, 0.1, 0.5, progress=CallbackProgress(token=token))


def test_progress_is_reported():
    steps = []
    progress = CallbackProgress(lambda done, total, label: steps.append(label))
    mine_rules(BASKETS, 0.1, 0.5, progress=progress)
    assert "itemsets" in steps and steps[-1] == "rules"


@pytest.mark.parametrize("support, confidence", [(0, 0.5), (1.5, 0.5), (0.1, -0.1), ("x", 0.5)])
def test_thresholds_outside_0_1_are_refused(support, confidence):
    with pytest.raises(InvalidRuleSettings):
        mine_rules(BASKETS, support, confidence)


def test_max_length_below_min_length_is_refused():
    with pytest.raises(InvalidRuleSettings):
        mine_rules(BASKETS, 0.1, 0.5, min_length=3, max_length=2)


def test_frequent_itemsets_match_brute_force_counts():
    rng = np.random.default_rng(2)
    baskets = [set(rng.choice(12, size=rng.integers(0, 7), replace=False)) for _ in range(400)]
    encoded = encode_baskets([sorted(b) for b in baskets])
    found = frequent_itemsets(encoded, min_count=8)
    items = list(encoded.items)
    as_sets = {frozenset(items[i] for i in key): count for key, count in found.items()}
    expected = {}
    for size in range(1, 8):
        for combo in itertools.combinations(range(12), size):
            count = sum(1 for b in baskets if set(combo) <= b)
            if count >= 8:
                expected[frozenset(combo)] = count
    assert as_sets == expected


def test_frequent_itemsets_agree_with_mlxtend():
    mlxtend = pytest.importorskip("mlxtend.frequent_patterns")
    rng = np.random.default_rng(3)
    baskets = [list(rng.choice(list("abcdefghijklmnop"), size=rng.integers(1, 8), replace=False))
               for _ in range(1000)]
    encoded = encode_baskets(baskets)
    ours = {frozenset(encoded.items[i] for i in key): count
            for key, count in frequent_itemsets(encoded, min_count=20).items()}
    dense = pd.DataFrame(encoded.matrix.toarray(), columns=list(encoded.items))
    theirs = mlxtend.fpgrowth(dense, min_support=19.5 / 1000, use_colnames=True)
    assert ours == {frozenset(s): round(v * 1000) for s, v in
                    zip(theirs["itemsets"], theirs["support"])}


def test_filter_rules_by_item_on_either_side():
    rules = mine_rules(BASKETS, 0.2, 0.5, min_length=2)
    assert len(filter_rules(rules, item="a")) == 2
    assert filter_rules(rules, item="c").empty
    assert len(filter_rules(rules, items_any=["c", "b"])) == 2
    assert filter_rules(rules, item="a", items_any=["c"]).empty
