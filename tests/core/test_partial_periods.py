"""A month the data covers only in part is marked in every time chart and left out of cohort
retention; months not yet observable are missing, never 0 % (issue 14, item 8)."""
from __future__ import annotations

import pandas as pd
import pytest

from persona_desktop.core.analytics.cohorts import cohort_retention, monthly_revenue_by_segment
from persona_desktop.core.analytics.periods import partial_months
from persona_desktop.core.analytics.shop import shop_summary

from .shop_builder import shop


@pytest.mark.parametrize("first,last,expected", [
    ("2024-01-01", "2024-03-31", {}),
    ("2024-01-01", "2024-03-09", {"2024-03": "to 2024-03-09"}),
    ("2024-01-15", "2024-03-31 23:10", {"2024-01": "from 2024-01-15"}),
    ("2024-02-03", "2024-02-20", {"2024-02": "2024-02-03..2024-02-20"}),
    ("2024-02-01", "2024-02-29", {}),
])
def test_partial_months_are_read_from_the_datas_own_first_and_last_order(first, last, expected):
    assert partial_months(pd.Timestamp(first), pd.Timestamp(last)) == expected


def _shop_to_the_9th():
    orders, lines = [], []
    for n in range(300):
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=n)   # daily, 1 Jan .. 9 Aug
        if day > pd.Timestamp("2024-08-09"):
            break
        orders.append({"order_id": n + 1, "customer_id": n % 30 + 1,
                       "ordered_at": (day + pd.Timedelta(hours=10)).isoformat()})
        lines.append({"order_id": n + 1, "product_id": 1, "quantity": 1, "unit_price": 50.0})
    return shop(orders, lines, [{"product_id": 1, "sku": "T", "name": "Tea"}])


def test_a_partial_last_month_is_marked_in_the_shop_and_segment_series():
    data = _shop_to_the_9th()
    by_month = shop_summary(data).by_month.set_index("month")["partial"]
    assert by_month["2024-08"] == "to 2024-08-09" and (by_month.drop("2024-08") == "").all()
    purchases = data.purchases()
    segments = pd.Series("champions", index=purchases["customer_id"].unique())
    table = monthly_revenue_by_segment(purchases, segments, k=5)
    assert table["partial"][-1] == "to 2024-08-09" and not any(table["partial"][:-1])


def test_months_after_the_data_ends_are_missing_not_zero():
    data = _shop_to_the_9th()
    table = cohort_retention(data.purchases(), k=5)
    assert table["last_month"] == "2024-08" and table["last_month_partial"] == "to 2024-08-09"
    first = table["cohorts"].index("2024-01")
    for offset, share in zip(table["offsets"], table["shares"][first]):
        if offset > 7:                      # 2024-01 + 8 months is after August
            assert share is None


def test_the_monthly_revenue_chart_hatches_and_names_the_partial_month():
    from persona_desktop.core.reports.charts import shop as shop_charts
    data = _shop_to_the_9th()
    for lang, words in (("en", "only up to 2024-08-09"), ("zh", "数据仅到 2024-08-09")):
        fig = shop_charts.revenue_by_month(shop_summary(data), lang)
        assert words in fig._supxlabel.get_text().replace("\n", " ")
        hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
        assert len(hatched) == 1
