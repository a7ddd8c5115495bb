"""Shop-level figures (analytics/shop.py) on a small hand-built shop whose figures are known.

The shop: 34 customers in four provinces (浙江省 12, 上海市 11, 北京市 8, 江苏省 3), each buying
one ¥100 green tea in January 2024; 10 of them (1-5 and 13-17) buy a ¥100 teapot order in
February; two anonymous ¥60 orders (order totals only, 浙江省) in February; customer 1 returns the
tea in March; customer 2's January order has a ¥30 refund.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.analytics import shop as shop_mod
from persona_desktop.core.analytics import transactions
from persona_desktop.core.analytics.shop import ShopSummary, shop_summary
from persona_desktop.core.errors import JobCancelled
from persona_desktop.core.jobs import CallbackProgress
from persona_desktop.core.privacy.disclosure import OTHER

PROVINCES = {**{c: "浙江省" for c in range(1, 13)}, **{c: "上海市" for c in range(13, 24)},
             **{c: "江苏省" for c in range(24, 27)}, **{c: "北京市" for c in range(27, 35)}}
REPEATERS = [1, 2, 3, 4, 5, 13, 14, 15, 16, 17]


def make_shop(anonymous_only: bool = False):
    orders, lines = [], []

    def order(oid, customer, when, kind="sale", total=None, refund=0.0, province="浙江省",
              paid=True):
        at = pd.Timestamp(when)
        orders.append({"order_id": oid, "customer_id": customer, "ordered_at": at.isoformat(),
                       "paid_at": (at + pd.Timedelta(minutes=5)).isoformat() if paid else None,
                       "channel": None, "kind": kind, "total": total, "amount_paid": total,
                       "refund": refund, "discount": None, "country": "CN",
                       "province": province, "city": None})

    oid = 0
    for c in range(1, 35):
        oid += 1
        order(oid, c, f"2024-01-{c % 28 + 1:02d} 10:00", total=100.0,
              refund=30.0 if c == 2 else 0.0, province=PROVINCES[c])
        lines.append({"order_id": oid, "product_id": 1, "quantity": 1, "unit_price": 100.0,
                      "amount": 100.0, "discount": None})
    for c in REPEATERS:
        oid += 1
        order(oid, c, f"2024-02-{c:02d} 15:30", total=100.0, province=PROVINCES[c])
        lines.append({"order_id": oid, "product_id": 2, "quantity": 2, "unit_price": 50.0,
                      "amount": 100.0, "discount": None})
    for day in (20, 21):
        oid += 1
        order(oid, None, f"2024-02-{day} 21:00", total=60.0, paid=False)
    oid += 1
    order(oid, 1, "2024-03-02 09:00", kind="return", total=-100.0, province=PROVINCES[1])
    lines.append({"order_id": oid, "product_id": 1, "quantity": -1, "unit_price": 100.0,
                  "amount": -100.0, "discount": None})
    orders = pd.DataFrame(orders)
    lines = pd.DataFrame(lines)
    if anonymous_only:
        orders["customer_id"] = None
    products = pd.DataFrame({"product_id": [1, 2], "sku": ["T-1", "W-2"],
                             "name": ["Green tea", "Teapot"], "category": ["Tea", "Teaware"]})
    customers = pd.DataFrame({"customer_id": [] if anonymous_only else list(range(1, 35))})
    return transactions.prepare(orders, lines, products, customers)


def make_anonymous_shop():
    """Order totals only (a marketplace report): 15 orders in A, 12 in B, 4 in C."""
    rows = []
    for i, province in enumerate(["A"] * 15 + ["B"] * 12 + ["C"] * 4, start=1):
        at = pd.Timestamp("2020-02-01 08:00") + pd.Timedelta(hours=7 * i)
        rows.append({"order_id": i, "customer_id": None, "ordered_at": at.isoformat(),
                     "kind": "sale", "total": 10.0 * i, "refund": 5.0 if i % 10 == 0 else 0.0,
                     "province": province})
    lines = pd.DataFrame(columns=list(transactions.LINE_COLUMNS))
    return transactions.prepare(pd.DataFrame(rows), lines,
                                pd.DataFrame(columns=["product_id", "sku", "name", "category"]),
                                pd.DataFrame({"customer_id": []}))


@pytest.fixture(scope="module")
def summary():
    return shop_summary(make_shop())


def test_kpis_match_the_hand_counted_figures(summary):
    revenue = 34 * 100 + 10 * 100 + 2 * 60
    assert summary.orders == 46
    assert summary.revenue == pytest.approx(revenue)
    assert summary.customers == 34
    assert summary.anonymous_order_share == pytest.approx(2 / 46)
    assert summary.average_order_value == pytest.approx(revenue / 46)
    assert summary.return_orders == 1 and summary.refunded_orders == 1
    assert summary.median_payment_delay_minutes == pytest.approx(5.0)
    assert summary.paid_orders == 44
    assert summary.first_order_at == "2024-01-01T10:00:00"  # customer 28
    assert summary.last_order_at == "2024-02-21T21:00:00"


def test_refund_rate_counts_the_refund_column_and_return_orders(summary):
    assert summary.refunded_value == pytest.approx(30 + 100)
    assert summary.refund_rate == pytest.approx(130 / 4520)
    assert summary.net_revenue == pytest.approx(4520 - 130)


def test_repeat_rate_is_the_share_of_customers_with_two_purchase_orders(summary):
    assert summary.repeat_purchase_rate == pytest.approx(10 / 34)


def test_revenue_and_orders_by_month(summary):
    assert summary.by_month["month"].tolist() == ["2024-01", "2024-02"]
    assert summary.by_month["revenue"].tolist() == pytest.approx([3400.0, 1120.0])
    assert summary.by_month["orders"].tolist() == [34, 12]


def test_calendar_series_cover_every_day_weekday_and_hour(summary):
    days = summary.by_day
    assert days["date"].iloc[0] == "2024-01-01" and days["date"].iloc[-1] == "2024-02-21"
    assert len(days) == (pd.Timestamp("2024-02-21") - pd.Timestamp("2024-01-01")).days + 1
    assert days["revenue"].sum() == pytest.approx(summary.revenue)
    assert summary.by_weekday["weekday"].tolist() == list(range(7))
    assert summary.by_hour["hour"].tolist() == list(range(24))
    assert summary.by_hour.set_index("hour").loc[[10, 15, 21], "orders"].tolist() == [34, 10, 2]
    assert summary.by_weekday["orders"].sum() == summary.orders
    assert len(summary.weekday_hour) == 168 and summary.weekday_hour["orders"].sum() == 46
    # 2024-02-20 was a Tuesday: one anonymous order at 21:00
    cell = summary.weekday_hour.query("weekday == 1 and hour == 21")["orders"].item()
    assert cell == 1


def test_a_province_with_three_customers_never_appears_alone(summary):
    provinces = summary.breakdown("province")
    assert "江苏省" not in provinces["label"].tolist()
    assert provinces["label"].tolist() == ["浙江省", "上海市", OTHER]
    other = provinces.set_index("label").loc[OTHER]
    # 江苏省 (3) alone would be recomputable from the total: 北京市 (8) joins it
    assert (other["customers"], other["groups"]) == (11, 2)
    zhejiang = provinces.set_index("label").loc["浙江省"]
    assert zhejiang["revenue"] == pytest.approx(12 * 100 + 5 * 100 + 2 * 60)
    assert zhejiang["customers"] == 12 and zhejiang["orders"] == 12 + 5 + 2


@pytest.mark.parametrize("k", [5, 10, 12])
def test_no_breakdown_row_has_fewer_than_k_customers(k):
    summary = shop_summary(make_shop(), k=k)
    for dim, frame in summary.breakdowns.items():
        for row in frame.itertuples(index=False):
            assert row.customers >= k, (dim, row)
            if row.label == OTHER:
                assert row.groups >= 2, (dim, row)


def test_category_and_product_breakdowns(summary):
    cats = summary.breakdown("category").set_index("label")
    assert cats.loc["Tea", "revenue"] == pytest.approx(3400)
    assert cats.loc["Teaware", "customers"] == 10
    assert summary.unattributed_revenue["category"] == pytest.approx(120)  # the anonymous totals
    assert summary.breakdown("product")["label"].tolist() == ["Green tea", "Teapot"]


def test_missing_dimensions_are_absent_with_a_reason(summary):
    assert "channel" not in summary.breakdowns and "city" not in summary.breakdowns
    assert summary.missing["channel"] == shop_mod.NO_VALUES
    assert summary.missing["city"] == shop_mod.NO_VALUES
    assert set(summary.missing.values()) <= set(shop_mod.REASONS)


def test_anonymous_only_shop_has_no_repeat_rate_and_merges_on_orders():
    summary = shop_summary(make_anonymous_shop())
    assert summary.customers is None and summary.repeat_purchase_rate is None
    assert summary.missing["repeat_purchase_rate"] == shop_mod.NO_CUSTOMERS
    assert summary.anonymous_order_share == 1.0
    assert summary.orders == 31
    assert summary.revenue == pytest.approx(10.0 * sum(range(1, 32)))
    assert summary.refund_rate == pytest.approx(15.0 / summary.revenue)
    assert summary.missing["product"] == summary.missing["category"] == shop_mod.NO_PRODUCTS
    assert summary.missing["median_payment_delay_minutes"] == shop_mod.NO_PAYMENT_TIMES
    provinces = summary.breakdown("province")
    assert "customers" not in provinces.columns
    assert provinces["label"].tolist() == ["A", OTHER]  # C (4 orders) is not alone: B joins it
    assert provinces.set_index("label").loc[OTHER, "orders"] == 16


def test_a_shop_whose_every_group_is_small_shows_no_breakdown():
    summary = shop_summary(make_anonymous_shop(), k=20)
    assert "province" not in summary.breakdowns
    assert summary.missing["province"] == shop_mod.ALL_GROUPS_SMALL


def test_summary_round_trips_through_json_exactly(summary):
    text = json.dumps(summary.to_dict(), allow_nan=False, ensure_ascii=False)
    back = ShopSummary.from_dict(json.loads(text))
    assert back.to_dict() == summary.to_dict()
    for name in ("by_month", "by_day", "by_weekday", "by_hour", "weekday_hour"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(summary, name), check_exact=True)
    assert back.breakdowns.keys() == summary.breakdowns.keys()
    for dim, frame in summary.breakdowns.items():
        pd.testing.assert_frame_equal(back.breakdowns[dim], frame, check_exact=True)
    assert back.revenue == summary.revenue and back.refund_rate == summary.refund_rate
    assert back.missing == summary.missing


def test_anonymous_summary_round_trips_with_its_nones():
    summary = shop_summary(make_anonymous_shop())
    back = ShopSummary.from_dict(json.loads(json.dumps(summary.to_dict(), allow_nan=False)))
    assert back.to_dict() == summary.to_dict()
    assert back.customers is None and back.median_payment_delay_minutes is None


def test_progress_is_reported_and_cancelling_stops_the_work():
    steps = []
    shop_summary(make_shop(), progress=CallbackProgress(lambda d, t, _l: steps.append((d, t))))
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]
    progress = CallbackProgress()
    progress.token.cancel()
    with pytest.raises(JobCancelled):
        shop_summary(make_shop(), progress=progress)


def test_frames_hold_only_json_friendly_dtypes(summary):
    frames = [summary.by_month, summary.by_day, summary.by_weekday, summary.by_hour,
              summary.weekday_hour, *summary.breakdowns.values()]
    for frame in frames:
        assert isinstance(frame.index, pd.RangeIndex)
        for dtype in frame.dtypes:
            assert dtype in (np.int64, np.float64) or pd.api.types.is_string_dtype(dtype), dtype


def make_rare_products_shop(popular_buyers: int = 30, second_buyers: int = 12):
    """Customers 1..popular_buyers buy product 1, the first second_buyers of them product 2, and
    customers 1-3 each buy the five rare products 3-7 (¥7 each) in one order."""
    orders, lines = [], []
    oid = 0

    def order(customer, products, price):
        nonlocal oid
        oid += 1
        orders.append({"order_id": oid, "customer_id": customer,
                       "ordered_at": f"2024-01-{oid % 28 + 1:02d}T10:00:00", "kind": "sale",
                       "total": price * len(products), "province": "浙江省"})
        for p in products:
            lines.append({"order_id": oid, "product_id": p, "quantity": 1, "unit_price": price,
                          "amount": price, "discount": None})

    for c in range(1, popular_buyers + 1):
        order(c, [1], 100.0)
    for c in range(1, second_buyers + 1):
        order(c, [2], 50.0)
    for c in (1, 2, 3):
        order(c, [3, 4, 5, 6, 7], 7.0)
    products = pd.DataFrame({"product_id": list(range(1, 8)),
                             "sku": [f"P-{i}" for i in range(1, 8)],
                             "name": ["Tea", "Pot"] + [f"Rare {i}" for i in range(3, 8)],
                             "category": ["Tea", "Teaware"] + [f"Rare {i}" for i in range(3, 8)]})
    customers = pd.DataFrame({"customer_id": list(range(1, popular_buyers + 1))})
    return transactions.prepare(pd.DataFrame(orders), pd.DataFrame(lines), products, customers)


def test_other_row_counts_distinct_customers_not_the_sum_of_its_groups():
    # five rare products of 3 buyers each sum to 15, but they are the same 3 customers: "Other"
    # must not show their revenue. The smallest visible product (Pot, 12) joins it.
    summary = shop_summary(make_rare_products_shop(), k=10)
    for dim in ("product", "category"):
        frame = summary.breakdown(dim).set_index("label")
        assert frame.loc[OTHER, "customers"] >= 10, dim
        assert frame.loc[OTHER, "revenue"] == pytest.approx(12 * 50 + 3 * 35), dim
        assert frame.index.tolist() == ["Tea", OTHER], dim
    for frame in summary.breakdowns.values():
        assert (frame["customers"] >= 10).all()


def test_other_row_is_dropped_when_it_cannot_reach_k_distinct_customers():
    # no second product: adding Tea to "Other" would hide everything, so "Other" is dropped and
    # its revenue is counted as unattributed
    summary = shop_summary(make_rare_products_shop(second_buyers=0), k=10)
    frame = summary.breakdown("product")
    assert frame["label"].tolist() == ["Tea"]
    assert summary.unattributed_revenue["product"] == pytest.approx(3 * 35)
