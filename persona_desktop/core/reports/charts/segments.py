"""Segment and cluster charts of a profiling run (see ``charts.py`` for the registry and captions).

Also holds the helpers every profile chart shares: the run wrapper that turns a run without
customers into an ``empty_figure`` saying why (``REASONS``), segment labels and colours, and the
hatched "hidden for privacy" heatmap cells. Groups below the privacy threshold k are never drawn
alone (privacy.md D1): segments and clusters go through ``disclosure.merge_small_groups`` and
table cells through ``disclosure.suppress_cells``.
"""
from __future__ import annotations

import functools
import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap, Normalize, to_rgb
from matplotlib.patches import Rectangle
from matplotlib.ticker import LogLocator, NullFormatter

from ...analytics.rfm import SEGMENTS, segment_label
from ...i18n import Text, normalise, pick
from ...privacy import disclosure
from ...privacy.disclosure import OTHER
from . import style
from ..feature_names import MONEY_FEATURES, feature_name, feature_value
from ..formatting import format_count, format_money, format_percent

OTHER_ID = "other"              # the group_id of a merged persona (analytics.personas.OTHER_ID)
OTHER_TEXT = Text("Other", "其他")
HIDDEN_COLOR = "#F2F2F2"
HIDDEN_EDGE = "#B0B0B0"
DUPLICATE_HATCHES = ("//", "..", "xx", "\\\\")
# The app's heat colours without their near-white end, so a low value never looks like a blank cell.
HEAT_CMAP = ListedColormap(style.HEAT_CMAP(np.linspace(0.12, 1.0, 256)),
                           name="persona_heat_cells").with_extremes(bad="white")

REASONS: dict[str, Text] = {
    "no_run": Text("No analysis yet: import orders and run the analysis to see this chart.",
                   "还没有分析结果：导入订单并运行分析后即可查看此图。"),
    "no_orders": Text("No orders in this vault yet: import an order file, then run the analysis.",
                      "保险库中还没有订单：请先导入订单文件，再运行分析。"),
    "no_customers": Text("The orders have no customer identifiers, so customers cannot be grouped.",
                         "订单中没有客户标识，无法对客户分组。"),
    "no_purchases": Text("No order is a purchase (all are returns, adjustments or zero value), so "
                         "there are no customers to show.",
                         "没有有效的购买订单（全部为退货、调整或金额为零），因此没有可显示的客户。"),
    "too_few_customers": Text("Fewer than {k} customers have bought, so no group can be shown "
                              "(privacy protection).",
                              "购买过的客户少于 {k} 位，为保护隐私不显示任何分组。"),
    "all_small": Text("Every segment has fewer than {k} customers, so none can be shown on its own "
                      "(privacy protection).",
                      "每个分群都少于 {k} 位客户，为保护隐私不单独显示。"),
    "no_values": Text("No customer has a value for {what}.", "没有客户有{what}数据。"),
}

AXIS: dict[str, Text] = {
    "customers": Text("Customers", "客户数"),
    "recency": Text("Recency score (5 = bought most recently)", "最近购买得分（5 = 最近购买）"),
    "recency3": Text("Recency score (3 = bought most recently)", "最近购买得分（3 = 最近购买）"),
    "frequency": Text("Frequency score (higher = more orders)", "购买频次得分（越高 = 订单越多）"),
    "mean_money": Text("Average spend per customer", "人均消费"),
}
HIDDEN_NOTE = Text("Hatched cells: fewer than {k} customers, or hidden so that they cannot be worked "
                   "out from the others (privacy).",
                   "斜线格：少于 {k} 位客户，或为防止被推算而隐藏（隐私保护）。")
HIDDEN_CELL = Text("hidden (privacy)", "已隐藏（隐私保护）")


# --- shared helpers ------------------------------------------------------------------------------

def run_k(run) -> int:
    return disclosure.effective_k((getattr(run, "meta", None) or {}).get("privacy_k"))


def run_currency(run) -> str:
    return (getattr(run, "meta", None) or {}).get("currency") or "CNY"


def reason(code: str, lang: str, **fields) -> str:
    return REASONS[code].get(lang).format(**fields)


def empty(code: str, lang: str, **fields):
    return style.empty_figure(reason(code, lang, **fields))


def no_customers_reason(run, lang: str) -> str:
    """Why a run has no customers to chart, from its notes."""
    if run is None:
        return reason("no_run", lang)
    notes = (run.meta or {}).get("notes", [])
    for code in ("no_orders", "no_customers", "no_purchases", "too_few_customers"):
        if code in notes:
            return reason(code, lang, k=run_k(run))
    return reason("no_run", lang)


def run_chart(func):
    """``fn(run, lang="en", **kw)``: normalised lang, the chart style, an empty run said why."""
    @functools.wraps(func)
    def wrapper(run, lang: str = "en", **kw):
        lang = normalise(lang)
        with style.chart_rc():
            if run is None or run.customers is None or run.customers.empty \
                    or "segment" not in run.customers:
                return style.empty_figure(no_customers_reason(run, lang))
            return func(run, lang, **kw)
    return wrapper


def group_label(group, lang: str) -> str:
    """A segment id (or "Other") in ``lang``."""
    return OTHER_TEXT.get(lang) if group in (OTHER, OTHER_ID) else segment_label(str(group), lang)


def customers_text(n, lang: str) -> str:
    return pick(f"{format_count(n, lang)} customers", f"{format_count(n, lang)} 位客户", lang)


def groups_text(n, lang: str) -> str:
    return pick(f"{n} groups combined", f"{n} 个分组合并", lang)


def counted(label: str, n, lang: str) -> str:
    """A label with its customer count, for axis and legend labels: "Loyal (1,234)"."""
    return pick(f"{label} ({format_count(n, lang)})", f"{label}（{format_count(n, lang)}）", lang)


def cell_texts(hidden: np.ndarray, head, value, hidden_text: str) -> list[list[str]]:
    """The hover texts of a heatmap, ``texts[row][col]``: ``head(i, j)`` then ``value(i, j)``,
    or ``hidden_text`` for a cell hidden for privacy (its figure is not even on hover)."""
    rows, cols = hidden.shape
    return [[head(i, j) + (hidden_text if hidden[i, j] else value(i, j)) for j in range(cols)]
            for i in range(rows)]


def segment_order(groups) -> list:
    """Display order: SEGMENTS order (best first), unknown ids by name, Other last."""
    order = list(SEGMENTS)
    return sorted(groups, key=lambda g: (g in (OTHER, OTHER_ID),
                                         order.index(g) if g in order else len(order), str(g)))


def segment_styles(groups) -> dict:
    """group -> (colour, hatch): ``style.group_color`` keeps each segment's colour everywhere;
    when two shown segments share a colour, the later one gets a hatch as a second cue."""
    seen: dict[str, int] = {}
    out = {}
    for g in groups:
        color = style.group_color(OTHER if g in (OTHER, OTHER_ID) else g)
        n = seen.get(color, 0)
        seen[color] = n + 1
        out[g] = (color, DUPLICATE_HATCHES[(n - 1) % len(DUPLICATE_HATCHES)] if n else None)
    return out


def edge_color(color: str) -> str:
    """A darker outline so light colours (Okabe-Ito yellow) stay visible on white."""
    r, g, b = to_rgb(color)
    return (r * 0.6, g * 0.6, b * 0.6)


def text_on(rgba) -> str:
    r, g, b = rgba[:3]
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else style.TEXT_COLOR


def merged_segments(run) -> tuple[pd.Series, dict]:
    """Each customer's segment as shown (small segments -> OTHER) and the merge mapping."""
    seg = run.customers["segment"].dropna().astype(str)
    mapping = disclosure.merge_small_groups(seg.value_counts(), run_k(run))
    return seg.map(mapping), mapping


def label_axis(axis, text: str) -> None:
    axis.set_label_text(text, fontfamily=style.font_families(), fontsize=style.LABEL_PT,
                        color=style.TEXT_COLOR)


def note(fig, text: str) -> None:
    """A muted line under the chart (kept inside the figure by constrained layout), wrapped to
    the figure's width."""
    chars = int(fig.get_figwidth() * (7 if style._has_cjk(text) else 13))
    fig.supxlabel("\n".join(textwrap.wrap(text, chars)) or text, fontsize=style.TICK_PT - 1, color=style.MUTED_COLOR,
                  fontfamily=style.font_families())


def heatmap(fig, ax, values: np.ndarray, hidden: np.ndarray, texts, *, norm, fmt, label: str,
            formatter=None, cell_text=True, blank_text=""):
    """An imshow grid: NaN cells white (``blank_text`` written in them), ``hidden`` cells hatched
    grey, values written in cells by ``fmt(row, col)``."""
    cmap = HEAT_CMAP
    image = ax.imshow(np.ma.masked_invalid(np.where(hidden, np.nan, values)), aspect="auto",
                      cmap=cmap, norm=norm, interpolation="nearest")
    fonts = style.font_families()
    for (r, c), is_hidden in np.ndenumerate(hidden):
        if is_hidden:
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=HIDDEN_COLOR,
                                   edgecolor="white", hatchcolor=HIDDEN_EDGE, hatch="///",
                                   linewidth=1.5))
        elif cell_text and np.isfinite(values[r, c]) and fmt(r, c):
            ax.text(c, r, fmt(r, c), ha="center", va="center", fontsize=style.TICK_PT - 1,
                    color=text_on(cmap(norm(values[r, c]))), fontfamily=fonts)
        elif cell_text and blank_text and not np.isfinite(values[r, c]):
            ax.text(c, r, blank_text, ha="center", va="center", fontsize=style.TICK_PT - 1,
                    color=style.MUTED_COLOR, fontfamily=fonts)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    style.colorbar(fig, ax, image, label, formatter)
    style.tag_grid(ax, texts)
    return image


# --- charts -------------------------------------------------------------------------------------

@run_chart
def segment_sizes(run, lang):
    """Horizontal bars: customers per RFM segment (small ones merged into Other), share as text."""
    shown, mapping = merged_segments(run)
    sizes = shown.value_counts()
    if list(sizes.index) == [OTHER] and len(mapping) > 1 or sizes.empty:
        return empty("all_small", lang, k=run_k(run))
    groups = segment_order(sizes.index)
    total = int(sizes.sum())
    money = run.customers["monetary"].reindex(shown.index).astype(float)
    revenue = money.groupby(shown).sum()
    all_money = float(revenue.sum()) or 1.0
    merged = pd.Series(mapping).value_counts()
    counts = np.array([int(sizes[g]) for g in groups])
    labels = [group_label(g, lang) for g in groups]
    fig = style.new_figure(style.FIG_WIDTH, max(2.4, 0.3 * len(groups) + 1.0))
    ax = fig.add_subplot()
    style.style_axes(ax, grid="x")
    y = np.arange(len(groups))
    colors = [style.group_color(g) for g in groups]
    bars = ax.barh(y, counts, height=0.7, color=colors,
                   edgecolor=[edge_color(c) for c in colors], linewidth=0.6)
    texts = []
    for g, label, n in zip(groups, labels, counts):
        parts = [f"{label}: {customers_text(n, lang)}",
                 f"{format_percent(n / total, lang)} " + pick("of customers", "的客户", lang),
                 f"{format_percent(revenue.get(g, 0.0) / all_money, lang)} "
                 + pick("of spend", "的消费额", lang)]
        if g == OTHER:
            parts.append(groups_text(int(merged.get(OTHER, 0)), lang))
        texts.append(" · ".join(parts))
    style.tag_bars(bars, texts)
    top = float(counts.max())
    for bar, n in zip(bars, counts):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2,
                f"{format_count(n, lang)} · {format_percent(n / total, lang)}", va="center",
                ha="left", fontsize=style.TICK_PT - 1, color=style.MUTED_COLOR,
                fontfamily=style.font_families())
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_xlim(0, top * 1.22)
    ax.xaxis.set_major_formatter(style.count_formatter(lang))
    label_axis(ax.xaxis, AXIS["customers"].get(lang))
    return fig


@run_chart
def rfm_heatmap(run, lang):
    """Recency score (rows, best on top) x frequency score (columns), coloured by mean spend."""
    c = run.customers
    bins = int((run.meta.get("rfm") or {}).get("bins") or max(c["R"].max(), c["F"].max(), 3))
    k = run_k(run)
    currency = run_currency(run)
    scored = c[["R", "F", "monetary"]].dropna(subset=["R", "F"])
    frame = pd.DataFrame({"R": scored["R"].astype(int), "F": scored["F"].astype(int),
                          "m": scored["monetary"].astype(float)})
    rows, cols = list(range(bins, 0, -1)), list(range(1, bins + 1))
    counts = frame.groupby(["R", "F"]).size().unstack(fill_value=0) \
        .reindex(index=rows, columns=cols, fill_value=0)
    means = frame.groupby(["R", "F"])["m"].mean().unstack().reindex(index=rows, columns=cols)
    hidden = disclosure.suppress_cells(counts, k).to_numpy()
    n = counts.to_numpy()
    values = np.where(n > 0, means.to_numpy(dtype=float), np.nan)
    shown = values[~hidden & np.isfinite(values)]
    if not shown.size:
        return empty("all_small", lang, k=k)

    def cell(i, j):
        if n[i, j] == 0:
            return customers_text(0, lang)
        return (f"{customers_text(n[i, j], lang)} · " + pick("average spend ", "人均消费 ", lang)
                + format_money(values[i, j], currency, lang))
    texts = cell_texts(hidden, lambda i, j: f"R {rows[i]} · F {cols[j]}: ", cell,
                       HIDDEN_CELL.get(lang))
    fig = style.new_figure(6.4, 4.2 if bins == 5 else 3.4)
    ax = fig.add_subplot()
    style.style_axes(ax, grid=None)
    norm = Normalize(vmin=float(shown.min()) * 0.9, vmax=float(shown.max()))
    heatmap(fig, ax, values, hidden, texts, norm=norm,
            fmt=lambda i, j: format_count(n[i, j], lang) if n[i, j] else "",
            label=AXIS["mean_money"].get(lang), formatter=style.money_formatter(currency, lang),
            blank_text="0")
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    ax.set_xticks(range(len(cols)), [str(f) for f in cols])
    label_axis(ax.yaxis, AXIS["recency" if bins == 5 else "recency3"].get(lang))
    label_axis(ax.xaxis, AXIS["frequency"].get(lang))
    if hidden.any():
        note(fig, HIDDEN_NOTE.get(lang).format(k=k))
    return fig


@run_chart
def segment_boxplots(run, lang, feature: str = "monetary"):
    """One box per shown segment (5th-95th percentile whiskers, no single-customer outliers)."""
    if feature not in run.customers:
        raise ValueError(f"unknown feature {feature!r}")
    currency = run_currency(run)
    shown, mapping = merged_segments(run)
    if set(shown) == {OTHER} and len(mapping) > 1:
        return empty("all_small", lang, k=run_k(run))
    values = run.customers[feature].reindex(shown.index).astype(float)
    log = feature in MONEY_FEATURES
    what = feature_name(feature, lang, long=True)
    usable = values[np.isfinite(values) & ((values > 0) if log else True)]
    if usable.empty:
        return empty("no_values", lang, what=what)
    groups = segment_order(shown.unique())
    data = [usable[shown.reindex(usable.index) == g].to_numpy() for g in groups]
    keep = [i for i, d in enumerate(data) if len(d)]
    groups, data = [groups[i] for i in keep], [data[i] for i in keep]
    counts = [int((shown == g).sum()) for g in groups]
    labels = [counted(group_label(g, lang), n, lang) for g, n in zip(groups, counts)]
    fig = style.new_figure(style.FIG_WIDTH, max(2.6, 0.36 * len(groups) + 1.1))
    ax = fig.add_subplot()
    style.style_axes(ax, grid="x")
    parts = ax.boxplot(data, orientation="horizontal", whis=(5, 95), showfliers=False,
                       patch_artist=True, widths=0.6, tick_labels=labels,
                       medianprops={"color": style.TEXT_COLOR, "linewidth": 1.4},
                       whiskerprops={"color": style.MUTED_COLOR},
                       capprops={"color": style.MUTED_COLOR})
    texts = []
    for box, g, d, label, n in zip(parts["boxes"], groups, data, labels, counts):
        color = style.group_color(g)
        box.set_facecolor(color)
        box.set_alpha(0.85)
        box.set_edgecolor(edge_color(color))
        q1, med, q3 = np.percentile(d, [25, 50, 75])

        def f(v):
            return feature_value(feature, v, lang, currency)
        texts.append(f"{group_label(g, lang)}: {customers_text(n, lang)} · "
                     + pick("median ", "中位数 ", lang) + f(med) + " · "
                     + pick("middle half ", "中间一半 ", lang) + f"{f(q1)}–{f(q3)}")
    style.tag_bars(parts["boxes"], texts)
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    if log:
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.xaxis.set_major_formatter(style.money_formatter(currency, lang))
    elif feature in ("return_rate", "discount_share"):
        ax.xaxis.set_major_formatter(style.percent_formatter(lang))
    label_axis(ax.xaxis, what + (pick(" (log scale)", "（对数刻度）", lang) if log else ""))
    return fig
