"""Shop charts: every registered chart renders in English and Chinese without missing glyphs, says
why when it has no data, and carries the exact figure for hover."""
from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from persona_desktop.core.analytics import transactions
from persona_desktop.core.analytics.shop import shop_summary
from persona_desktop.core.reports import charts as chart_registry
from persona_desktop.core.reports import formatting
from persona_desktop.core.reports.charts import shop as shop_charts, style
from persona_desktop.core.reports.charts.shop import CAPTIONS, SHOP_CHARTS
from tests.core import test_shop_analytics as shops

NAMES = sorted(SHOP_CHARTS)


@pytest.fixture(scope="module")
def summary():
    return shop_summary(shops.make_shop())


def empty_shop() -> transactions.ShopData:
    orders = pd.DataFrame({col: pd.Series(dtype=object) for col in transactions.ORDER_COLUMNS})
    for col in ("ordered_at", "paid_at"):
        orders[col] = pd.Series(dtype="datetime64[us]")
    for col in ("customer_id", "total", "amount_paid", "refund", "discount"):
        orders[col] = pd.Series(dtype=float)
    orders["order_id"] = pd.Series(dtype=np.int64)
    lines = pd.DataFrame({col: pd.Series(dtype=float) for col in transactions.LINE_COLUMNS})
    lines["order_id"] = pd.Series(dtype=np.int64)
    lines["value"] = pd.Series(dtype=float)
    return transactions.ShopData(orders.set_index("order_id"), lines,
                                 pd.DataFrame(columns=["sku", "name", "category"]),
                                 pd.DataFrame())


def png(fig: Figure) -> bytes:
    """Render to PNG, failing on any glyph the font lacks (Chinese shown as boxes)."""
    buf = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buf, format="png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
    return buf.getvalue()


def all_text(fig: Figure) -> str:
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.texts]
        texts += [ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    return " ".join(texts)


def test_a_cjk_font_is_found():
    if style.cjk_font_family() is None:
        pytest.skip("no CJK font on this machine (install fonts-noto-cjk or fonts-wqy-microhei)")
    assert style.font_families()[0] == style.cjk_font_family()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", NAMES)
def test_every_chart_renders_to_png(summary, name, lang):
    if lang == "zh" and style.cjk_font_family() is None:
        pytest.skip("no CJK font")
    fig = SHOP_CHARTS[name](summary, lang=lang, currency="CNY")
    assert isinstance(fig, Figure)
    data = png(fig)
    assert data.startswith(b"\x89PNG") and len(data) > 2000
    if name != "revenue_by_channel":  # the hand-built shop has no channels
        assert not style.is_empty_figure(fig)
        for ax in fig.axes[:1]:
            assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
            assert ax.get_title() == ""  # titles belong to the page


def test_every_chart_has_a_caption_in_both_languages():
    assert set(CAPTIONS) == set(SHOP_CHARTS)
    for en, zh in CAPTIONS.values():
        assert en and zh and en != zh
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert chart_registry.caption("revenue_by_month", "zh") == CAPTIONS["revenue_by_month"][1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_shop_gives_figures_that_say_why(lang):
    summary = shop_summary(empty_shop())
    assert summary.orders == 0 and summary.revenue == 0
    why = shop_charts.reason_text("no_sales", summary, lang)
    for name in NAMES:
        fig = SHOP_CHARTS[name](summary, lang=lang)
        assert style.is_empty_figure(fig), name
        assert fig.axes == []  # no empty axis pretending to be a zero
        assert why.split("\n")[0][:10] in all_text(fig).replace("\n", " ")
        png(fig)


def test_a_missing_dimension_says_which_one(summary):
    fig = shop_charts.revenue_by_channel(summary, lang="en")
    assert style.is_empty_figure(fig)
    assert "sales channel" in fig.persona_empty
    zh = shop_charts.revenue_by_channel(summary, lang="zh")
    assert "销售渠道" in zh.persona_empty


def test_chinese_labels_are_used_in_chinese(summary):
    text = all_text(shop_charts.revenue_by_region(summary, lang="zh"))
    assert "浙江省" in text and "其他" in text and "销售额" in text
    assert "Other" in all_text(shop_charts.revenue_by_region(summary, lang="en"))
    heat = all_text(shop_charts.orders_by_weekday_hour(summary, lang="zh"))
    assert "周一" in heat


def _event_at(fig, x, y):
    return MouseEvent("motion_notify_event", fig.canvas, x, y)


def test_bars_carry_their_exact_figure_for_hover(summary):
    fig = shop_charts.revenue_by_region(summary, lang="en", currency="CNY")
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    bar = ax.patches[0]
    centre = ax.transData.transform((bar.get_x() + bar.get_width() / 2,
                                     bar.get_y() + bar.get_height() / 2))
    text = style.hover_text(fig, _event_at(fig, *centre))
    assert text == "浙江省: ¥1,820.00 · 19 orders · 12 customers"
    corner = ax.transAxes.transform((0.99, 0.01))
    assert style.hover_text(fig, _event_at(fig, *corner)) is None


def test_heatmap_cells_carry_their_count(summary):
    fig = shop_charts.orders_by_weekday_hour(summary, lang="en")
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    x, y = ax.transData.transform((21, 1))  # Tuesday 21:00: one anonymous order
    assert style.hover_text(fig, _event_at(fig, x, y)) == "Tue 21:00–21:59: 1 order"


def test_long_daily_series_is_a_line_with_hover_points():
    rows = [{"order_id": i + 1, "customer_id": None, "kind": "sale", "total": 10.0 + i,
             "ordered_at": (pd.Timestamp("2023-01-01 12:00") + pd.Timedelta(days=i)).isoformat()}
            for i in range(120)]
    data = transactions.prepare(pd.DataFrame(rows),
                                pd.DataFrame(columns=list(transactions.LINE_COLUMNS)),
                                pd.DataFrame(columns=["product_id", "sku", "name", "category"]),
                                pd.DataFrame({"customer_id": []}))
    fig = shop_charts.revenue_by_day(shop_summary(data), lang="zh")
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    assert len(ax.lines) == 1 and not ax.patches
    x, y = ax.transData.transform((10, 20.0))
    assert style.hover_text(fig, _event_at(fig, x, y)).startswith("2023-01-11 (周三): ¥20.00")
    png(fig)


def test_money_and_percent_formats():
    assert formatting.format_money(1234.5, "CNY", "en") == "¥1,234.50"
    assert formatting.format_money(-1234.5, "EUR", "en") == "-€1,234.50"
    assert formatting.format_money(1234.5, "CHF", "en") == "CHF 1,234.50"
    assert formatting.format_money(2_995_760.61, "CNY", "en", compact=True) == "¥3M"
    assert formatting.format_money(2_995_760.61, "CNY", "zh", compact=True) == "¥300万"
    assert formatting.format_money(123_456, "CNY", "zh", compact=True) == "¥12.3万"
    assert formatting.format_money(1_500, "USD", "en", compact=True) == "$1.5k"
    assert formatting.format_percent(0.19104, "en") == "19.1 %"
    assert formatting.format_percent(0.19104, "zh") == "19.1%"
    assert formatting.format_count(28010, "en") == "28,010"


def test_group_colours_are_stable_and_colour_blind_safe():
    assert style.group_color("Champions") == style.group_color("Champions")
    assert style.group_color("Champions") in style.OKABE_ITO.values()
    assert style.group_color("冠军客户") in style.GROUP_PALETTE
    assert style.group_color(style.OTHER) == style.OTHER_COLOR
    assert len({style.group_color(f"segment {i}") for i in range(40)}) == len(style.GROUP_PALETTE)


def test_new_figure_is_a_plain_figure_with_the_app_style():
    fig = style.new_figure(4, 3)
    assert type(fig) is Figure and tuple(fig.get_size_inches()) == (4, 3)
    with style.chart_rc():
        import matplotlib
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    ax = fig.add_subplot()
    style.style_axes(ax)
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
