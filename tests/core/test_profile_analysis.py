import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import errors, services
from persona_desktop.core.analytics import clustering, runs
from persona_desktop.core.analytics.features import CustomerFeatures
from persona_desktop.core.analytics.personas import OTHER_ID, build_personas
from persona_desktop.core.analytics.profile import ProfileAnalysis, ProfileParams
from persona_desktop.core.privacy import disclosure

from .shop_builder import shop, simple_shop


@pytest.fixture(scope="module")
def analysed():
    data = simple_shop(300, seed=3)
    return data, ProfileAnalysis(ProfileParams(k=4)).fit(data)


def test_rerunning_gives_identical_segments_and_cluster_ids(analysed):
    data, first = analysed
    again = ProfileAnalysis(ProfileParams(k=4), previous_centers=first.centers_,
                            previous_clusters=first.customers_["cluster"]).fit(data)
    pd.testing.assert_series_equal(first.customers_["segment"], again.customers_["segment"])
    pd.testing.assert_series_equal(first.customers_["cluster"], again.customers_["cluster"])
    assert again.clustering_["kept_share"] == 1.0


def test_cluster_ids_follow_the_previous_run_when_the_model_renumbers(analysed):
    data, first = analysed
    feats = CustomerFeatures().fit(data).features_
    # A different seed makes KMeans number its clusters differently; matching restores the ids.
    other = clustering.CustomerSegmenter(4, random_state=99, previous_centers=first.centers_).fit(feats)
    share = clustering.kept_share(first.customers_["cluster"], other.labels_)
    assert share > 0.9
    assert sorted(other.matched_) == sorted(first.centers_.index)


def test_auto_k_reports_silhouette_for_every_candidate():
    feats = CustomerFeatures().fit(simple_shop(200, seed=5)).features_
    seg = clustering.CustomerSegmenter("auto", k_range=(2, 5)).fit(feats)
    assert set(seg.k_scores_) == {2, 3, 4, 5}
    assert seg.k_ == max(seg.k_scores_, key=seg.k_scores_.get)
    assert -1 <= seg.silhouette_ <= 1


def test_gaussian_mixture_is_an_option():
    feats = CustomerFeatures().fit(simple_shop(200, seed=5)).features_
    seg = clustering.CustomerSegmenter(3, method="gmm").fit(feats)
    assert seg.labels_.nunique() <= 3


def test_a_three_customer_segment_never_appears_alone(analysed):
    data, result = analysed
    customers = result.customers_.copy()
    segments = customers["segment"].astype(str)
    tiny = segments.index[:3]
    segments.loc[tiny] = "tiny_group"
    personas = build_personas("segment", segments, result.customers_, segments=segments,
                              lifecycle=customers["lifecycle"], tags=result.tags_,
                              purchases=data.purchases(), products=data.products, k=10)
    ids = [p.group_id for p in personas]
    assert "tiny_group" not in ids
    assert sum(p.size for p in personas) == len(customers)
    other = next(p for p in personas if p.group_id == OTHER_ID)
    assert other.size >= 10 and other.merged_groups >= 2
    # Shop total minus every shown group is "Other", never the tiny group on its own.
    shown = sum(p.size for p in personas if p.group_id != OTHER_ID)
    assert len(customers) - shown == other.size != 3
    revenue = sum(p.revenue_share for p in personas if p.group_id != OTHER_ID)
    tiny_share = customers.loc[tiny, "monetary"].sum() / customers["monetary"].sum()
    assert not np.isclose(1 - revenue, tiny_share)


def test_persona_mixes_never_name_fewer_than_k_customers(analysed):
    _, result = analysed
    for p in result.segment_personas_ + result.cluster_personas_:
        for mix in p.mixes.values():
            for _, share in mix:
                assert share * p.size >= disclosure.MIN_K - 1e-9


def test_every_persona_has_names_why_and_actions_in_both_languages(analysed):
    _, result = analysed
    for p in result.segment_personas_ + result.cluster_personas_:
        assert p.name_en and p.name_zh and p.description_en and p.description_zh
        assert p.actions and all(len(a) == 2 for a in p.actions)
        assert p.why or p.group_id == OTHER_ID


@pytest.mark.parametrize("case", ["no_orders", "one_customer", "identical", "negative_only",
                                  "single_day", "no_categories"])
def test_bad_shops_give_an_honest_result_not_a_crash(case):
    if case == "no_orders":
        data = shop([{"order_id": 1, "customer_id": 1, "ordered_at": "2024-01-01"}]).until(
            pd.Timestamp("2000-01-01"))
        expect = "no_orders"
    elif case == "one_customer":
        data = shop([{"order_id": i, "customer_id": 1, "ordered_at": f"2024-01-{i:02d}",
                      "total": 10.0} for i in range(1, 6)])
        expect = "too_few_customers"
    elif case == "identical":
        data = shop([{"order_id": i, "customer_id": i, "ordered_at": "2024-01-05",
                      "total": 10.0} for i in range(1, 41)])
        expect = "identical_customers"
    elif case == "negative_only":
        data = shop([{"order_id": i, "customer_id": i, "ordered_at": "2024-01-05", "total": -5.0}
                     for i in range(1, 41)])
        expect = "no_purchases"
    elif case == "single_day":
        data = shop([{"order_id": i, "customer_id": i, "ordered_at": "2024-01-05",
                      "total": float(i)} for i in range(1, 41)])
        expect = "single_day"
    else:
        data = simple_shop(50)
        data.products["category"] = None
        expect = None
    result = ProfileAnalysis().fit(data)
    if expect:
        assert expect in result.notes_
    else:
        assert result.segment_personas_ and all(not p.top_categories
                                                for p in result.segment_personas_)


def test_empty_vault_analysis_is_stored_with_a_note(new_vault):
    run = services.analyze(new_vault)
    assert "no_orders" in run.meta["notes"]
    assert services.latest_run(new_vault).run_id == run.run_id


def test_run_round_trips_through_the_vault(new_vault, analysed):
    from persona_desktop.core.services.analysis import profile_run_from
    _, result = analysed
    run = profile_run_from(result, ProfileParams(k=4), "EUR")
    run_id = runs.save(new_vault, run)
    back = runs.load(new_vault, run_id)
    pd.testing.assert_frame_equal(back.customers, result.customers_, check_dtype=False,
                                  check_categorical=False, check_freq=False, check_index_type=False)
    pd.testing.assert_frame_equal(back.tags, result.tags_, check_index_type=False)
    assert [p.to_dict() for p in back.segment_personas] == \
           [p.to_dict() for p in result.segment_personas_]
    entries = services.audit_entries(new_vault, 5)
    assert any(e["event"] == "analysis_run" for e in entries)


def test_unknown_run_is_a_clear_error(new_vault):
    with pytest.raises(errors.RunNotFound):
        services.get_run(new_vault, 42)


def test_two_distinct_behaviours_are_clustered_not_called_identical():
    rows = pd.DataFrame({"recency_days": [1.0] * 20 + [300.0] * 20,
                         "frequency": [10.0] * 20 + [1.0] * 20,
                         "monetary": [900.0] * 20 + [20.0] * 20, "aov": [90.0] * 20 + [20.0] * 20,
                         "tenure_days": [400.0] * 20 + [300.0] * 20, "return_rate": 0.0,
                         "n_products": [8.0] * 20 + [1.0] * 20})
    seg = clustering.CustomerSegmenter("auto").fit(rows)
    assert seg.k_ == 2 and seg.labels_.nunique() == 2


def _shown_counts(mix, size):
    return {name: round(share * size) for name, share in mix}


def test_a_hidden_mix_value_is_not_one_hundred_percent_minus_the_rest():
    from persona_desktop.core.analytics.personas import _mix
    # 47 M and 3 F: "M 94%" would give F = 6% of 50 = 3 customers
    gender = pd.Series(["M"] * 47 + ["F"] * 3)
    assert _mix(gender, 10) == []
    # two small values hidden together (3 + 8 = 11 >= k, two values): the rest may be shown
    region = pd.Series(["A"] * 40 + ["B"] * 20 + ["C"] * 3 + ["D"] * 8)
    assert _shown_counts(_mix(region, 10), len(region)) == {"A": 40, "B": 20}
    # one small value (3) hidden: the smallest shown value (B, 20) must be hidden with it
    region = pd.Series(["A"] * 40 + ["B"] * 20 + ["C"] * 3)
    assert _shown_counts(_mix(region, 10), len(region)) == {"A": 40}
    # two small values but together under k: B joins them
    region = pd.Series(["A"] * 40 + ["B"] * 20 + ["C"] * 3 + ["D"] * 2)
    assert _shown_counts(_mix(region, 10), len(region)) == {"A": 40}
    # nothing small: every value may be named
    assert _shown_counts(_mix(pd.Series(["M"] * 30 + ["F"] * 20), 10), 50) == {"M": 30, "F": 20}


def test_card_average_order_value_is_revenue_over_orders_as_on_the_shop_page(analysed):
    """Issue 14, item 5: one definition of AOV. A group's AOV is its customers' spend over their
    orders (not the mean of each customer's average), and the shop's is the same over everyone."""
    data, fitted = analysed
    customers = fitted.customers_
    for persona in fitted.segment_personas_:
        members = customers.index[customers["segment"] == persona.group_id] \
            if persona.group_id in set(customers["segment"]) else None
        if members is None or not len(members):
            continue
        group = customers.loc[members]
        aov = persona.figures["aov"]
        assert aov["group"] == pytest.approx(group["monetary"].sum() / group["frequency"].sum())
        assert aov["shop"] == pytest.approx(customers["monetary"].sum()
                                            / customers["frequency"].sum())
    from persona_desktop.core.analytics.shop import shop_summary
    summary = shop_summary(data)
    purchases = data.purchases()
    # every order of this shop has a customer and one merchandise line: the same basis
    assert summary.average_order_value == pytest.approx(
        purchases["value"].sum() / purchases["order_id"].nunique())
    assert aov["shop"] == pytest.approx(summary.average_order_value)
