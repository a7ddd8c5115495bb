"""Shop-level charts from a ShopSummary (analytics/shop.py): matplotlib Figures, no Qt, no pyplot.

Every chart is ``function(summary, lang="en", currency="CNY") -> Figure`` and is registered in
``SHOP_CHARTS`` (the CLI's ``persona chart NAME -o file.png``, the Insights page, reports) with a
one-line "how to read it" caption in ``CAPTIONS[name] = Text(en, zh)``. Titles belong to the
page, not the figure. When the summary lacks what a chart needs, the chart is an ``empty_figure``
saying why (``REASON_TEXTS``), never an empty axis. Bars, heatmap cells and line points carry their exact
figure for hover (style.tag_bars / tag_grid / tag_points).
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...analytics import shop
from ...analytics.shop import ShopSummary
from ...i18n import Text, normalise, pick
from ...privacy.disclosure import OTHER
from . import style
from ..formatting import format_count, format_money

MAX_DAY_BARS = 62
MIN_SLOTS = 8
LABEL_CHARS = 26

CAPTIONS: dict[str, Text] = {
    "revenue_by_month": Text(
        "Each bar is one month's revenue from sale orders; "
        "hover a bar for the exact amount and orders.",
        "每根柱子是一个月的销售额（销售订单）；悬停查看精确金额和订单数。"),
    "revenue_by_day": Text(
        "Revenue per calendar day from sale orders; a gap is a day without orders. "
        "Hover for the exact amount.",
        "每天的销售额（销售订单）；空缺表示当天没有订单。悬停查看精确金额。"),
    "orders_by_weekday_hour": Text(
        "Darker cells mean more orders placed in that hour of that weekday; "
        "hover a cell for the count.",
        "颜色越深，表示该星期几该时段下单越多；悬停查看订单数。"),
    "revenue_by_region": Text(
        "Revenue by province (or country), largest first; "
        "small regions are grouped as Other for privacy.",
        "按省份（或国家）的销售额，从高到低；人数过少的地区合并为“其他”以保护隐私。"),
    "revenue_by_channel": Text(
        "Revenue by sales channel, largest first; small channels are grouped as Other for privacy.",
        "按销售渠道的销售额，从高到低；过小的渠道合并为“其他”以保护隐私。"),
    "revenue_by_category": Text(
        "Revenue by product category, largest first; "
        "small categories are grouped as Other for privacy.",
        "按商品类别的销售额，从高到低；过小的类别合并为“其他”以保护隐私。"),
    "top_products": Text(
        "The 20 products with the most revenue; "
        "products bought by only a few are left out for privacy.",
        "销售额最高的 20 个商品；购买人数过少的商品因隐私不单独显示。"),
}

REASON_TEXTS: dict[str, Text] = {
    shop.NO_SALES: Text("No sale orders yet: import an order file to see this chart.",
                        "还没有销售订单：导入订单文件后即可查看此图。"),
    shop.NO_DATES: Text("The imported orders have no order dates, so there is no timeline.",
                        "导入的订单没有下单时间，无法按时间显示。"),
    shop.NO_VALUES: Text("The imported orders do not say their {what}.",
                         "导入的订单中没有{what}信息。"),
    shop.NO_PRODUCTS: Text("The imported orders have no product lines (an order-level export).",
                           "导入的订单没有商品明细（按订单汇总的导出文件）。"),
    shop.NO_CATEGORIES: Text(
        "The products have no categories: import a product list with categories.",
        "商品没有类别：请导入带类别的商品清单。"),
    shop.ALL_GROUPS_SMALL: Text(
        "Every group has fewer than {k} {who}, so none can be shown on its own "
        "(privacy protection).",
        "每个分组都少于 {k} 个{who}，为保护隐私不单独显示。"),
}
WHAT: dict[str, Text] = {
    "country": Text("country", "国家"), "province": Text("province or country", "省份或国家"),
    "city": Text("city", "城市"), "channel": Text("sales channel", "销售渠道"),
    "category": Text("product category", "商品类别"), "product": Text("products", "商品"),
}
WHO: dict[bool, Text] = {True: Text("customers", "客户"), False: Text("orders", "订单")}
OTHER_TEXT = Text("Other", "其他")
WEEKDAYS = (("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
            ("周一", "周二", "周三", "周四", "周五", "周六", "周日"))
AXIS: dict[str, Text] = {
    "revenue": Text("Revenue", "销售额"),
    "orders": Text("Orders", "订单数"),
    "month": Text("Month", "月份"),
    "day": Text("Day", "日期"),
    "hour": Text("Hour of the day (order time)", "下单时段（点）"),
    "weekday": Text("Weekday", "星期"),
}

SHOP_CHARTS: dict[str, Callable[..., Figure]] = {}


def reason_text(code: str, summary: ShopSummary | None = None, lang: str = "en",
                dimension: str = "province") -> str:
    """Why a chart has no data, in plain words (``code`` from analytics.shop.REASONS)."""
    text = REASON_TEXTS.get(code, REASON_TEXTS[shop.NO_VALUES])
    has_customers = bool(summary and summary.has_customers)
    return text.get(lang).format(k=summary.k if summary else 10,
                                 who=WHO[has_customers].get(lang),
                                 what=WHAT.get(dimension, WHAT["province"]).get(lang))


def _chart(func):
    def wrapper(summary: ShopSummary, lang: str = "en", currency: str = "CNY") -> Figure:
        lang = normalise(lang)
        with style.chart_rc():
            if summary.orders == 0:
                return style.empty_figure(reason_text(shop.NO_SALES, summary, lang))
            return func(summary, lang, currency)
    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    SHOP_CHARTS[func.__name__] = wrapper
    return wrapper


# --- timelines ------------------------------------------------------------------------------------

@_chart
def revenue_by_month(summary, lang, currency):
    """Vertical bars, one per month from the first to the last order."""
    frame = summary.by_month
    if not len(frame):
        return style.empty_figure(reason_text(shop.NO_DATES, summary, lang))
    labels = frame["month"].tolist()
    texts = [f"{m}: {format_money(r, currency, lang)} · {_orders(o, lang)}"
             for m, r, o in zip(labels, frame["revenue"], frame["orders"])]
    values = frame["revenue"].to_numpy(float)
    fig = _column_chart(labels, values, texts, lang, currency, AXIS["month"])
    if "partial" in frame:  # runs stored before it have no such column
        from .trends import mark_partial
        mark_partial(fig, fig.axes[0], np.arange(len(labels)), values,
                     frame["partial"].fillna("").astype(str).tolist(), lang, 0.75)
    return fig


@_chart
def revenue_by_day(summary, lang, currency):
    """Bars per day up to two months, a line beyond (too many bars to point at)."""
    frame = summary.by_day
    if not len(frame):
        return style.empty_figure(reason_text(shop.NO_DATES, summary, lang))
    dates = frame["date"].tolist()
    names = pick(*WEEKDAYS, lang)
    weekday = [names[int(d)] for d in _weekdays(dates)]
    texts = [f"{d} ({w}): {format_money(r, currency, lang)} · {_orders(o, lang)}"
             for d, w, r, o in zip(dates, weekday, frame["revenue"], frame["orders"])]
    years = {d[:4] for d in dates}
    labels = [d[5:] if len(years) == 1 else d for d in dates]
    values = frame["revenue"].to_numpy(float)
    if len(dates) <= MAX_DAY_BARS:
        return _column_chart(labels, values, texts, lang, currency, AXIS["day"])
    fig = style.new_figure()
    ax = fig.add_subplot()
    style.style_axes(ax)
    x = np.arange(len(dates))
    ax.plot(x, values, color=style.ACCENT, linewidth=1.2)
    ax.fill_between(x, values, color=style.ACCENT, alpha=0.12, linewidth=0)
    style.tag_points(ax, x, values, texts)
    starts = [i for i, d in enumerate(dates) if d.endswith("-01")] or [0]
    step = max(1, int(np.ceil(len(starts) / 8)))
    ax.set_xticks([starts[i] for i in range(0, len(starts), step)],
                  [dates[starts[i]][:7] for i in range(0, len(starts), step)])
    ax.set_xlim(-0.5, len(dates) - 0.5)
    ax.set_ylim(bottom=min(0.0, float(values.min())))
    _money_axis(ax.yaxis, currency, lang, AXIS["revenue"])
    ax.set_xlabel(AXIS["day"].get(lang))
    return fig


@_chart
def orders_by_weekday_hour(summary, lang, currency):
    """A 7 x 24 heatmap of sale orders by weekday (rows) and hour of the order (columns)."""
    cells = summary.weekday_hour
    if not len(cells) or int(cells["orders"].sum()) == 0:
        return style.empty_figure(reason_text(shop.NO_DATES, summary, lang))
    grid = np.zeros((7, 24), dtype=np.int64)
    grid[cells["weekday"].to_numpy(), cells["hour"].to_numpy()] = cells["orders"].to_numpy()
    names = pick(*WEEKDAYS, lang)
    fig = style.new_figure(style.FIG_WIDTH, 3.2)
    ax = fig.add_subplot()
    style.style_axes(ax, grid=None)
    image = ax.imshow(grid, aspect="auto", cmap=style.HEAT_CMAP, interpolation="nearest",
                      vmin=0)
    ax.set_yticks(range(7), names)
    ax.set_xticks(range(0, 24, 3), [str(h) for h in range(0, 24, 3)])
    ax.set_xlabel(AXIS["hour"].get(lang))
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    style.colorbar(fig, ax, image, AXIS["orders"].get(lang), style.count_formatter(lang))
    style.tag_grid(ax, [[f"{names[d]} {h:02d}:00–{h:02d}:59: {_orders(grid[d, h], lang)}"
                         for h in range(24)] for d in range(7)])
    return fig


# --- breakdowns -----------------------------------------------------------------------------------

@_chart
def revenue_by_region(summary, lang, currency):
    """Horizontal bars by province when the data has provinces, else by country."""
    for dim in ("province", "country"):
        if summary.breakdown(dim) is not None:
            return _ranked_bars(summary, dim, lang, currency)
    codes = [summary.missing.get(d) for d in ("province", "country")]
    code = shop.ALL_GROUPS_SMALL if shop.ALL_GROUPS_SMALL in codes else (codes[0] or shop.NO_VALUES)
    return style.empty_figure(reason_text(code, summary, lang))


@_chart
def revenue_by_channel(summary, lang, currency):
    return _breakdown_chart(summary, "channel", lang, currency)


@_chart
def revenue_by_category(summary, lang, currency):
    return _breakdown_chart(summary, "category", lang, currency)


@_chart
def top_products(summary, lang, currency):
    """The top products by revenue; the merged "Other" row is not drawn (it is not a product)."""
    return _breakdown_chart(summary, "product", lang, currency, show_other=False)


def _breakdown_chart(summary, dim, lang, currency, show_other=True):
    if summary.breakdown(dim) is None:
        return style.empty_figure(reason_text(summary.missing.get(dim, shop.NO_VALUES), summary,
                                              lang, dim))
    return _ranked_bars(summary, dim, lang, currency, show_other)


def _ranked_bars(summary, dim, lang, currency, show_other=True) -> Figure:
    frame = summary.breakdown(dim)
    if not show_other:
        frame = frame[frame["label"] != OTHER]
    if not len(frame):
        return style.empty_figure(reason_text(shop.ALL_GROUPS_SMALL, summary, lang))
    labels = [OTHER_TEXT.get(lang) if label == OTHER else label for label in frame["label"]]
    values = frame["revenue"].to_numpy(float)
    texts = []
    for i, row in enumerate(frame.itertuples(index=False)):
        parts = [f"{labels[i]}: {format_money(row.revenue, currency, lang)}",
                 _orders(row.orders, lang)]
        if "customers" in frame.columns:
            parts.append(_customers(row.customers, lang))
        if row.label == OTHER:
            parts.append(pick(f"{row.groups} groups", f"{row.groups} 个分组", lang))
        texts.append(" · ".join(parts))
    n = len(frame)
    fig = style.new_figure(style.FIG_WIDTH, max(2.4, 0.27 * n + 0.9))
    ax = fig.add_subplot()
    style.style_axes(ax, grid="x")
    y = np.arange(n)
    colors = [style.OTHER_COLOR if label == OTHER else style.ACCENT for label in frame["label"]]
    bars = ax.barh(y, values, color=colors, height=0.7)
    style.tag_bars(bars, texts)
    ax.set_yticks(y, [_short(label) for label in labels])
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    top = float(values.max()) if len(values) else 0.0
    for bar, value in zip(bars, values):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2,
                format_money(value, currency, lang, compact=True), va="center", ha="left",
                fontsize=style.TICK_PT - 1, color=style.MUTED_COLOR,
                fontfamily=style.font_families())
    ax.set_xlim(min(0.0, float(values.min())), top * 1.12 if top > 0 else 1.0)
    _money_axis(ax.xaxis, currency, lang, AXIS["revenue"])
    return fig


# --- helpers --------------------------------------------------------------------------------------

def _column_chart(labels, values, texts, lang, currency, xlabel) -> Figure:
    fig = style.new_figure()
    ax = fig.add_subplot()
    style.style_axes(ax)
    x = np.arange(len(labels))
    bars = ax.bar(x, values, color=style.ACCENT, width=0.75)
    style.tag_bars(bars, texts)
    style.thin_xticks(ax, labels, most_long=8)
    pad = max(0.0, (MIN_SLOTS - len(labels)) / 2)  # a lone month is a bar, not a wall
    ax.set_xlim(-0.6 - pad, len(labels) - 0.4 + pad)
    _money_axis(ax.yaxis, currency, lang, AXIS["revenue"])
    ax.set_xlabel(xlabel.get(lang))
    return fig


def _money_axis(axis, currency, lang, label) -> None:
    axis.set_major_formatter(style.money_formatter(currency, lang))
    axis.set_label_text(label.get(lang), fontfamily=style.font_families(),
                        fontsize=style.LABEL_PT, color=style.TEXT_COLOR)


def _short(label: str) -> str:
    limit = LABEL_CHARS if not style._has_cjk(label) else LABEL_CHARS * 2 // 3
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _weekdays(dates) -> list[int]:
    return [int(d) for d in pd.to_datetime(pd.Series(dates), format="%Y-%m-%d").dt.day_of_week]


def _orders(n, lang) -> str:
    count = format_count(n, lang)
    return pick(f"{count} order" + ("" if int(n) == 1 else "s"), f"{count} 笔订单", lang)


def _customers(n, lang) -> str:
    count = format_count(n, lang)
    return pick(f"{count} customer" + ("" if int(n) == 1 else "s"), f"{count} 位客户", lang)
