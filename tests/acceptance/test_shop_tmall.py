"""Shop analytics on the real Tmall order report (no customer identifiers: shop-level figures only).

Imports ../shared/data/chinese/tmall_order_report.csv (skipped when absent), summarises it and
writes the province and daily charts, in English and Chinese, to /tmp/shop_charts_check/ for a
look. Any glyph missing from the chart font (Chinese shown as boxes) fails the test.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from persona_desktop.core import services
from persona_desktop.core.analytics import transactions
from persona_desktop.core.analytics.shop import NO_CUSTOMERS, shop_summary
from persona_desktop.core.privacy.disclosure import OTHER
from persona_desktop.core.reports.charts import shop as shop_charts, style
from tests.conftest import shared_data

pytestmark = pytest.mark.acceptance

ROWS = 28_010
OUT = Path("/tmp/shop_charts_check")
PROVINCE_SUFFIXES = ("省", "市", "自治区")


@pytest.fixture
def tmall(new_vault):
    path = shared_data("chinese", "tmall_order_report.csv")
    report = services.import_file(new_vault, path)
    data = transactions.load(new_vault)
    return report, data, shop_summary(data)


def test_tmall_summary_counts_every_stored_order(tmall):
    report, data, summary = tmall
    assert report.rows_read == ROWS
    assert summary.orders == ROWS - report.rows_quarantined == len(data.orders)
    assert summary.customers is None and summary.repeat_purchase_rate is None
    assert summary.missing["repeat_purchase_rate"] == NO_CUSTOMERS
    assert summary.anonymous_order_share == 1.0
    assert 0 < summary.refund_rate < 1
    assert summary.refunded_orders > 0
    assert summary.revenue > summary.net_revenue > 0
    assert summary.median_payment_delay_minutes is not None
    assert 0 < summary.paid_orders < summary.orders  # some orders were never paid


def test_tmall_revenue_by_province_has_chinese_province_names(tmall):
    _report, _data, summary = tmall
    provinces = summary.breakdown("province")
    names = [label for label in provinces["label"] if label != OTHER]
    assert len(names) >= 25
    assert all(name.endswith(PROVINCE_SUFFIXES) for name in names), names
    assert "上海市" in names and "广东省" in names
    # no province with fewer than k orders is shown on its own
    assert provinces.loc[provinces["label"] != OTHER, "orders"].min() >= summary.k
    assert provinces["revenue"].sum() == pytest.approx(summary.revenue)


def test_tmall_revenue_by_day_covers_february_2020(tmall):
    _report, _data, summary = tmall
    days = summary.by_day["date"].tolist()
    assert days[0] == "2020-02-01" and days[-1] == "2020-02-29" and len(days) == 29
    assert summary.by_month["month"].tolist() == ["2020-02"]
    assert summary.by_day["orders"].sum() == summary.orders


def test_tmall_charts_render_with_chinese_glyphs(tmall):
    _report, _data, summary = tmall
    assert style.cjk_font_family() is not None, "no CJK font: install fonts-noto-cjk"
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("revenue_by_region", "revenue_by_day", "orders_by_weekday_hour"):
        for lang in ("en", "zh"):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fig = shop_charts.SHOP_CHARTS[name](summary, lang=lang, currency="CNY")
                target = OUT / f"tmall_{name}_{lang}.png"
                fig.savefig(target)
            glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
            assert glyphs == [], glyphs
            assert not style.is_empty_figure(fig)
            assert target.stat().st_size > 10_000
