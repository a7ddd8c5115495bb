"""Charts over time and between runs: monthly revenue by segment, cohort retention, migration.

The tables come from the run's metadata (analytics/cohorts.py, analytics/compare.py), already
passed through the privacy threshold there; these functions only draw them. See ``charts.py`` for
the registry and captions.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from ...i18n import Text, normalise, pick
from ...privacy import disclosure
from . import style
from ..formatting import format_count, format_money, format_percent
from .segments import (HIDDEN_CELL, HIDDEN_NOTE, cell_texts, counted, customers_text, edge_color,
                       group_label, heatmap, label_axis, note, run_chart, run_currency, run_k,
                       segment_order, segment_styles)

MAX_MONTH_TICKS = 9
MAX_CELL_TEXTS = 140            # more cells than this: values only on hover

REASONS: dict[str, Text] = {
    "no_months": Text("The orders have no dates, so there is no monthly timeline.",
                      "订单没有下单时间，无法按月显示。"),
    "no_cohort_table": Text("This analysis has no retention table: run the analysis again.",
                            "本次分析没有复购留存表：请重新运行分析。"),
    "no_cohorts": Text(
        "No first-purchase month has at least {k} new customers, so retention cannot "
        "be shown (privacy protection).",
        "没有任何首购月份的新客户达到 {k} 位，为保护隐私无法显示留存。"),
    "no_repeat_months": Text(
        "Every customer's first purchase is in the last month of data, so there "
        "is no later month to show yet.",
        "所有客户的首次购买都在数据的最后一个月，还没有之后的月份可显示。"),
    "no_comparison": Text("No customer appears in both analyses, so there are no moves to show.",
                          "两次分析中没有相同的客户，没有可显示的变化。"),
    "all_hidden": Text(
        "Every move between segments involves fewer than {k} customers, so none can be "
        "shown (privacy protection).",
        "每种分群变化都少于 {k} 位客户，为保护隐私不显示。"),
}
HIDDEN_SMALL = Text("hidden, fewer than {k} customers (privacy)", "已隐藏，少于 {k} 位客户（隐私保护）")
COHORT_NOTE = Text(
    "Hatched cells: fewer than {k} customers of that month came back, hidden for privacy.",
    "斜线格：该月回购的客户少于 {k} 位，为保护隐私而隐藏。")
AXIS: dict[str, Text] = {
    "revenue": Text("Revenue", "销售额"),
    "month": Text("Month", "月份"),
    "cohort": Text("Month of first purchase (new customers)", "首次购买月份（新客户数）"),
    "offset": Text("Months after the first purchase", "首次购买后的月数"),
    "retention": Text("Bought again that month", "当月再次购买的比例"),
    "before": Text("Segment in the earlier analysis", "前一次分析中的分群"),
    "after": Text("Segment in the later analysis", "后一次分析中的分群"),
    "moved": Text("Customers", "客户数"),
}


def partial_text(span: str, lang: str) -> str:
    """"only 1-9 Dec" style wording of a partial month's span (periods.partial_months)."""
    from ...analytics.periods import span_text
    start, end = span_text(span)
    if start and end:
        return pick(f"data only from {start} to {end}", f"仅有 {start} 至 {end} 的数据", lang)
    if end:
        return pick(f"data only up to {end}", f"数据仅到 {end}", lang)
    return pick(f"data only from {start}", f"数据从 {start} 开始", lang)


def mark_partial(fig, ax, x, heights, spans: list[str], lang: str, width: float) -> None:
    """Outline the bars of months the data covers only in part, and say so under the chart."""
    marked = [(i, s) for i, s in enumerate(spans) if s]
    if not marked:
        return
    for i, _span in marked:
        ax.bar(x[i], heights[i], width=width, fill=False, hatch="///", edgecolor=style.MUTED_COLOR,
               linewidth=0.8)
    parts = "; ".join(partial_text(s, lang) for _i, s in marked)
    note(fig, pick(f"Hatched: a month the data covers only in part ({parts}), so it is not "
                   f"comparable with whole months.",
                   f"斜线：数据只覆盖部分天数的月份（{parts}），不能与完整月份直接比较。", lang))


def _reason(code: str, lang: str, **fields):
    return style.empty_figure(REASONS[code].get(lang).format(**fields))


@run_chart
def monthly_revenue_by_segment(run, lang):
    """Stacked bars: each month's sale revenue split by segment (small segments as Other)."""
    table = run.meta.get("monthly_by_segment") or {}
    months, groups = list(table.get("months") or []), list(table.get("segments") or [])
    values = np.asarray(table.get("values") or [], dtype=float)
    if not months or not groups or values.size == 0:
        return _reason("no_months", lang)
    currency = run_currency(run)
    frame = pd.DataFrame(values.reshape(len(months), len(groups)), index=months, columns=groups)
    order = segment_order(groups)
    frame = frame[order]
    totals = frame.sum(axis=1).to_numpy()
    looks = segment_styles(order)
    fig = style.new_figure(style.FIG_WIDTH + 1.3, 4.0)
    ax = fig.add_subplot()
    style.style_axes(ax)
    x = np.arange(len(months))
    bottom = np.zeros(len(months))
    width = 0.78 if len(months) > 1 else 0.4
    for g in order:
        heights = frame[g].to_numpy()
        color, hatch = looks[g]
        label = group_label(g, lang)
        bars = ax.bar(x, heights, bottom=bottom, width=width, color=color, hatch=hatch,
                      edgecolor="white" if not hatch else edge_color(color), linewidth=0.4,
                      label=label)
        texts = [f"{m} · {label}: {format_money(h, currency, lang)} "
                 f"({format_percent(h / t if t else 0.0, lang)})"
                 for m, h, t in zip(months, heights, totals)]
        style.tag_bars(bars, texts)
        bottom += heights
    ax.set_ylim(0, max(float(totals.max()), 1.0) * 1.05)
    mark_partial(fig, ax, x, totals, list(table.get("partial") or []), lang, width)
    style.thin_xticks(ax, months, most=MAX_MONTH_TICKS)
    pad = max(0.0, (8 - len(months)) / 2)
    ax.set_xlim(-0.6 - pad, len(months) - 0.4 + pad)
    ax.yaxis.set_major_formatter(style.money_formatter(currency, lang))
    label_axis(ax.yaxis, AXIS["revenue"].get(lang))
    label_axis(ax.xaxis, AXIS["month"].get(lang))
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0, prop={"family": style.font_families(), "size": style.TICK_PT - 1})
    return fig


@run_chart
def cohort_retention(run, lang):
    """Rows: first-purchase months; columns: months after; colour: share who bought again."""
    table = run.meta.get("cohorts")
    if table is None:
        return _reason("no_cohort_table", lang)
    k = run_k(run)
    cohorts, sizes = list(table.get("cohorts") or []), list(table.get("sizes") or [])
    offsets = list(table.get("offsets") or [])
    if not cohorts or not offsets:
        return _reason("no_cohorts", lang, k=k)
    raw = table.get("shares") or []
    shares = np.array([[np.nan if v is None else float(v) for v in row] for row in raw])
    hidden = np.array([[v is None for v in row] for row in raw], dtype=bool)
    # Month 0 is 100 % by definition: drop it, keep the cohort size in the row label instead.
    cols = [j for j, o in enumerate(offsets) if o > 0]
    if not cols:
        return _reason("no_repeat_months", lang)
    shares, hidden = shares[:, cols], hidden[:, cols]
    offsets = [offsets[j] for j in cols]
    # Months not reached yet (cohort + offset after the last data month) are blank, not 0 %.
    last = _last_month(run)
    future = np.zeros_like(hidden)
    # ...and so are the cells of a last month the data covers only in part (periods.py).
    cut = table.get("last_month_partial") or ""
    if last is not None:
        for i, c in enumerate(cohorts):
            start = pd.Period(c, freq="M")
            future[i] = [(start + o) > last or (cut and start + o == last) for o in offsets]
    shares = np.where(future, np.nan, shares)
    hidden = hidden & ~future
    labels = [counted(c, n, lang) for c, n in zip(cohorts, sizes)]

    def head(i, j):
        c, o = cohorts[i], offsets[j]
        return pick(f"{c} · {o} months later: ", f"{c} · {o} 个月后：", lang)

    def cell(i, j):
        if future[i, j] and cut and pd.Period(cohorts[i], freq="M") + offsets[j] == last:
            return partial_text(cut, lang)
        if future[i, j]:
            return pick("not reached yet", "尚未到达", lang)
        n = format_count(sizes[i], lang)
        return format_percent(shares[i, j], lang) + " " + pick(f"of {n} new customers",
                                                              f"（共 {n} 位新客户）", lang)
    texts = cell_texts(hidden, head, cell, HIDDEN_SMALL.get(lang).format(k=k))
    finite = shares[np.isfinite(shares) & ~hidden]
    top = float(finite.max()) if finite.size else 1.0
    norm = Normalize(vmin=0.0, vmax=max(top, 0.05))
    fig = style.new_figure(style.FIG_WIDTH + 0.5, max(3.0, 0.24 * len(cohorts) + 1.5))
    ax = fig.add_subplot()
    style.style_axes(ax, grid=None)
    heatmap(fig, ax, shares, hidden, texts, norm=norm, label=AXIS["retention"].get(lang),
            fmt=lambda i, j: f"{shares[i, j] * 100:.0f}",
            formatter=style.percent_formatter(lang),
            cell_text=shares.size <= MAX_CELL_TEXTS)
    ax.set_yticks(range(len(cohorts)), labels)
    style.thin_xticks(ax, [str(o) for o in offsets], most=24)
    label_axis(ax.yaxis, AXIS["cohort"].get(lang))
    label_axis(ax.xaxis, AXIS["offset"].get(lang))
    notes = [COHORT_NOTE.get(lang).format(k=k)] if hidden.any() else []
    if cut:
        notes.append(pick(f"{last} is left blank: {partial_text(cut, 'en')}.",
                          f"{last} 留空：{partial_text(cut, 'zh')}。", lang))
    if notes:
        note(fig, " ".join(notes))
    return fig


def _last_month(run):
    last = run.customers["last_purchase"].max() if "last_purchase" in run.customers else None
    if last is not None and not pd.isna(last):
        return pd.Timestamp(last).to_period("M")
    return None


def migration_matrix(comparison, lang: str = "en", k: int | None = None):
    """Customers by segment in the earlier run (rows) and the later run (columns).

    ``comparison`` is a ``services.results.RunComparison`` (or None); cells it suppressed are
    hatched and carry no number. ``k`` (the threshold the comparison used) is only for the note."""
    lang = normalise(lang)
    k = disclosure.effective_k(k)
    with style.chart_rc():
        counts = comparison.counts if comparison is not None else None
        if counts is None or counts.empty or not comparison.customers_in_both:
            return _reason("no_comparison", lang)
        mask = comparison.suppressed
        hidden = (mask.reindex(index=counts.index, columns=counts.columns, fill_value=True)
                  .to_numpy(dtype=bool) if mask is not None
                  else disclosure.suppress_cells(counts, k).to_numpy())
        n = counts.to_numpy(dtype=float)
        values = np.where(n > 0, n, np.nan)
        if not np.isfinite(values[~hidden]).any():
            return _reason("all_hidden", lang, k=k)
        rows = [group_label(str(g), lang) for g in counts.index]
        cols = [group_label(str(g), lang) for g in counts.columns]
        texts = cell_texts(hidden, lambda i, j: f"{rows[i]} → {cols[j]}: ",
                           lambda i, j: customers_text(n[i, j], lang), HIDDEN_CELL.get(lang))
        size = len(rows)
        fig = style.new_figure(max(5.0, 0.55 * size + 3.4), max(3.2, 0.42 * size + 2.0))
        ax = fig.add_subplot()
        style.style_axes(ax, grid=None)
        shown = values[~hidden & np.isfinite(values)]
        norm = Normalize(vmin=0.0, vmax=float(shown.max()))
        heatmap(fig, ax, values, hidden, texts, norm=norm, label=AXIS["moved"].get(lang),
                fmt=lambda i, j: format_count(n[i, j], lang), formatter=style.count_formatter(lang))
        ax.set_yticks(range(len(rows)), rows)
        # Chinese labels are short enough to stand upright, unless there are many of them.
        slanted = (35, "right")
        rotation, ha = pick(slanted, (45, "right") if size > 6 else (0, "center"), lang)
        ax.set_xticks(range(len(cols)), cols, rotation=rotation, ha=ha, rotation_mode="anchor")
        for i in range(min(len(rows), len(cols))):
            if counts.index[i] == counts.columns[i]:
                ax.add_patch(_diagonal_box(i))
        label_axis(ax.yaxis, AXIS["before"].get(lang))
        label_axis(ax.xaxis, AXIS["after"].get(lang))
        if hidden.any():
            note(fig, HIDDEN_NOTE.get(lang).format(k=k))
        return fig


def _diagonal_box(i: int):
    """An outline on the "stayed in the same segment" cells."""
    return Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=style.TEXT_COLOR,
                     linewidth=0.8)

