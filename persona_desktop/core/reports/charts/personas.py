"""Charts of a profiling run (analytics/runs.py AnalysisRun), as matplotlib Figures (no Qt, no pyplot).

* ``PROFILE_CHARTS``: ``fn(run, lang="en") -> Figure`` for charts that need only a run
  (segment_sizes, rfm_heatmap, cluster_scatter, segment_boxplots, monthly_revenue_by_segment,
  cohort_retention); ``segment_boxplots`` also takes ``feature=``.
* ``OTHER_CHARTS``: charts that need more than a run: ``persona_profile(run, group_id,
  kind="segment", lang="en")`` and ``migration_matrix(comparison, lang="en", k=None)`` (a
  ``services.results.RunComparison``).
* ``CAPTIONS[name] = Text(en, zh)``: the one-line "how to read it" text of every chart.

The style is charts/style.py (titles belong to the page). A run without customers, clusters or
cohorts gives an ``empty_figure`` saying why, never an empty axis. Groups below the privacy
threshold k (``run.meta["privacy_k"]``) are never drawn alone (privacy.md D1). Bars, boxes, heatmap
cells and scatter points carry their exact figure for hover (style.tag_bars / tag_grid /
tag_points). Segment and cluster charts live in segments.py, time and comparison charts in
trends.py; this module adds the two persona charts (the registry is the package's __init__).
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ...i18n import Text, pick
from ...privacy import disclosure
from ...privacy.disclosure import OTHER
from . import style
from .segments import (OTHER_ID, OTHER_TEXT, counted, customers_text, edge_color, group_label,
                       label_axis, rfm_heatmap, run_chart, run_currency, run_k, segment_boxplots,
                       segment_sizes)
from .trends import cohort_retention, migration_matrix, monthly_revenue_by_segment
from ..feature_names import feature_name, feature_value
from ..formatting import format_percent

MAX_POINTS = 4000               # scatter points drawn (all customers are used for the projection)
MIN_LIFT, MAX_LIFT = 0.05, 20.0  # drawing range of lift bars (the text keeps the exact figure)

CAPTIONS: dict[str, Text] = {
    "segment_sizes": Text(
        "Customers in each RFM segment, with their share of all customers; small segments are "
        "grouped as Other for privacy. Hover a bar for its share of spend.",
        "每个 RFM 分群的客户数及占全部客户的比例；人数过少的分群合并为“其他”以保护隐私。悬停查看消费占比。"),
    "rfm_heatmap": Text(
        "Each cell counts the customers with that recency and frequency score; darker means they "
        "spend more on average. Hatched cells are hidden for privacy.",
        "每格是该最近购买得分和购买频次得分下的客户数；颜色越深表示人均消费越高。斜线格为保护隐私而隐藏。"),
    "cluster_scatter": Text(
        "Each dot is a customer placed by buying behaviour; nearby dots buy alike, colours are "
        "the behaviour clusters and diamonds their centres.",
        "每个点是一位客户，按购买行为摆放；距离越近行为越相似，颜色表示行为聚类，菱形为聚类中心。"),
    "persona_profile": Text(
        "How this group differs from the shop average: bars to the right are higher, to the "
        "left lower (×2 = twice the shop figure).",
        "该群体与全店平均的差异：向右的柱子表示更高，向左表示更低（×2 = 全店的两倍）。"),
    "segment_boxplots": Text(
        "The spread in each segment: the box holds the middle half of customers, the line is "
        "the median, whiskers reach the 5th and 95th percentile.",
        "每个分群的分布：箱体是中间一半的客户，竖线是中位数，须线延伸到第 5 和第 95 百分位。"),
    "monthly_revenue_by_segment": Text(
        "Each month's revenue split by the segment customers are in today; hover a block for "
        "the exact amount.",
        "每月销售额按客户当前所属分群拆分；悬停查看精确金额。"),
    "cohort_retention": Text(
        "Each row is the customers who first bought in that month; cells show the share who "
        "bought again n months later. Hatched cells are hidden for privacy.",
        "每行是在该月首次购买的客户；格中是 n 个月后再次购买的比例。斜线格为保护隐私而隐藏。"),
    "migration_matrix": Text(
        "Customers by segment in the earlier analysis (rows) and the later one (columns); "
        "outlined cells stayed put. Hatched cells are hidden for privacy.",
        "按前一次分析（行）和后一次分析（列）分群的客户数；带框的格表示分群未变。斜线格为保护隐私而隐藏。"),
}

REASONS: dict[str, Text] = {
    "too_few": Text("Too few customers to find behaviour clusters (at least 20 are needed).",
                    "客户太少，无法进行行为聚类（至少需要 20 位）。"),
    "identical": Text("All customers behave the same, so there are no clusters to show.",
                      "所有客户的行为都相同，没有可显示的聚类。"),
    "missing": Text("Behaviour clusters were not computed in this analysis: run it again.",
                    "本次分析没有计算行为聚类：请重新运行分析。"),
    "all_small": Text("Every cluster has fewer than {k} customers, so none can be shown "
                      "(privacy protection).",
                      "每个聚类都少于 {k} 位客户，为保护隐私不显示。"),
    "no_persona": Text("There is no persona \u201c{group}\u201d in this analysis.",
                       "本次分析中没有“{group}”这个画像。"),
    "no_figures": Text("This persona has no key figures to compare.", "此画像没有可比较的关键指标。"),
}
SHOP_TEXT = Text("shop", "全店")
AXIS: dict[str, Text] = {
    "lift": Text("Compared with the shop average (×, 1 = same as the shop)",
                 "与全店平均相比（倍数，1 = 与全店相同）"),
    "component": Text("Behaviour direction {n} ({share} of the differences)",
                      "行为方向 {n}（解释 {share} 的差异）"),
}


def _empty(code: str, lang: str, **fields) -> Figure:
    return style.empty_figure(REASONS[code].get(lang).format(**fields))


def cluster_color(group_id) -> str:
    """Cluster ids are small integers kept stable across runs: one palette slot per id (hashing
    "1".."9" would give two clusters of one run the same colour); "other" is grey."""
    text = str(group_id)
    if text in (OTHER, OTHER_ID):
        return style.OTHER_COLOR
    try:
        return style.GROUP_PALETTE[(int(float(text)) - 1) % len(style.GROUP_PALETTE)]
    except ValueError:
        return style.group_color(text)


def _cluster_name(persona: dict, group: str, lang: str) -> str:
    name = persona.get(pick("name_en", "name_zh", lang))
    if name:
        return name
    if group == OTHER_ID:
        return OTHER_TEXT.get(lang)
    return pick(f"Cluster {group}", f"第 {group} 类", lang)


@run_chart
def cluster_scatter(run, lang):
    """Customers on the first two principal components of the standardised clustering space."""
    info = run.meta.get("clustering") or {}
    if info.get("status") != "ok":
        return _empty({"too_few_customers": "too_few", "identical": "identical"}
                      .get(info.get("status"), "missing"), lang)
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    from ...analytics.clustering import FEATURES as CLUSTER_FEATURES
    from ...analytics.clustering import transform

    customers = run.customers[run.customers["cluster"].notna()]
    columns = [col for col in CLUSTER_FEATURES if col in customers]
    if len(customers) < 3 or len(columns) < 2:
        return _empty("missing", lang)
    k = run_k(run)
    ids = customers["cluster"].astype(np.int64).astype(str)
    mapping = disclosure.merge_small_groups(ids.value_counts(), k, other=OTHER_ID)
    shown = ids.map(mapping).to_numpy()
    if set(shown) == {OTHER_ID} and len(mapping) > 1:
        return _empty("all_small", lang, k=k)
    space = StandardScaler().fit_transform(transform(customers, columns).to_numpy())
    pca = PCA(n_components=2, random_state=0)
    xy = pca.fit_transform(space)
    personas = {str(p.get("group_id")): p for p in run.meta.get("cluster_personas") or []}
    groups = sorted(set(shown), key=lambda g: (g == OTHER_ID, -int((shown == g).sum()), g))
    draw = np.arange(len(xy)) if len(xy) <= MAX_POINTS else \
        np.sort(np.random.default_rng(0).choice(len(xy), MAX_POINTS, replace=False))
    fig = style.new_figure(style.FIG_WIDTH, 4.4)
    ax = fig.add_subplot()
    style.style_axes(ax, grid=None)
    handles, hover_x, hover_y, hover_t = [], [], [], []
    size = 14 if len(draw) <= 1000 else 7
    for g in groups:
        members = shown == g
        sel = draw[members[draw]]
        color = cluster_color(g)
        name = _cluster_name(personas.get(g, {}), g, lang)
        n = int(members.sum())
        ax.scatter(xy[sel, 0], xy[sel, 1], s=size, color=color, alpha=0.5, linewidths=0,
                   zorder=1 if g == OTHER_ID else 2)
        cx, cy = float(xy[members, 0].mean()), float(xy[members, 1].mean())
        ax.scatter([cx], [cy], s=110, color=color, edgecolors="white", linewidths=1.6,
                   marker="D", zorder=4)
        text = f"{name}: {customers_text(n, lang)} ({format_percent(n / len(xy), lang)})"
        hover_x += [cx, *xy[sel, 0]]
        hover_y += [cy, *xy[sel, 1]]
        hover_t += [text] * (len(sel) + 1)
        handles.append(Line2D([], [], marker="o", linestyle="", color=color, markersize=7,
                              label=counted(name, n, lang)))
    style.tag_points(ax, hover_x, hover_y, hover_t)
    for axis, i in ((ax.xaxis, 0), (ax.yaxis, 1)):
        label_axis(axis, AXIS["component"].get(lang).format(
            n=i + 1, share=format_percent(pca.explained_variance_ratio_[i], lang, digits=0)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01), borderaxespad=0,
              ncols=min(len(handles), 2), prop={"family": style.font_families(),
                                                "size": style.TICK_PT})
    return fig


def persona_profile(run, group_id, kind: str = "segment", lang: str = "en") -> Figure:
    """Lift bars: a persona's key figures divided by the shop's (log scale, 1 = shop average).

    ``group_id`` is the persona's group_id: a segment id, a cluster id (int or text) or "other";
    ``kind`` is "segment" or "cluster"."""
    return _persona_profile(run, lang, group_id=group_id, kind=kind)


@run_chart
def _persona_profile(run, lang, group_id=None, kind="segment"):
    group = OTHER_ID if str(group_id) in (OTHER, OTHER_ID) else str(group_id)
    if kind == "cluster" and group != OTHER_ID:
        try:
            group = str(int(float(group)))
        except ValueError:
            pass
    key = "cluster_personas" if kind == "cluster" else "segment_personas"
    persona = next((p for p in run.meta.get(key) or [] if str(p.get("group_id")) == group), None)
    if persona is None:
        return _empty("no_persona", lang,
                      group=group if kind == "cluster" else group_label(group, lang))
    rows = [(f, v) for f, v in (persona.get("figures") or {}).items()
            if v.get("lift") is not None and np.isfinite(v["lift"])]
    if not rows:
        return _empty("no_figures", lang)
    currency = run_currency(run)
    color = (cluster_color(group) if kind == "cluster"
             else style.group_color(OTHER if group == OTHER_ID else group))
    lifts = np.array([min(max(float(v["lift"]), MIN_LIFT), MAX_LIFT) for _, v in rows])
    name = persona.get(pick("name_en", "name_zh", lang)) or group
    shop = SHOP_TEXT.get(lang)
    fig = style.new_figure(style.FIG_WIDTH, max(2.4, 0.42 * len(rows) + 1.0))
    ax = fig.add_subplot()
    style.style_axes(ax, grid="x")
    y = np.arange(len(rows))
    bars = ax.barh(y, lifts - 1.0, left=1.0, height=0.6, color=color,
                   edgecolor=edge_color(color), linewidth=0.6)
    texts = []
    for yi, (feature, v), lift in zip(y, rows, lifts):
        what = feature_name(feature, lang, long=True)
        mine = feature_value(feature, v["group"], lang, currency)
        theirs = feature_value(feature, v["shop"], lang, currency)
        arrow = "▲" if v["lift"] > 1.005 else ("▼" if v["lift"] < 0.995 else "=")
        texts.append(f"{name} · {what}: {mine}; {shop} {theirs} (×{v['lift']:.2f})")
        mine, theirs = (feature_value(feature, v[x], lang, currency, short=True)
                        for x in ("group", "shop"))
        versus = pick(f"{mine} vs {shop} {theirs}", f"{mine}，{shop} {theirs}", lang)
        ax.text(max(lift, 1.0) * 1.06, yi, f"{arrow} ×{v['lift']:.2f}   {versus}",
                va="center", ha="left", fontsize=style.TICK_PT - 1, color=style.TEXT_COLOR,
                fontfamily=style.font_families())
    style.tag_bars(bars, texts)
    ax.set_xscale("log")
    ax.set_xlim(min(0.5, float(lifts.min()) / 1.6), max(2.0, float(lifts.max())) * 6.0)
    ax.axvline(1.0, color=style.MUTED_COLOR, linewidth=1.0)
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"×{v:g}"))
    median = pick(" (median)", "（中位数）", lang)
    ax.set_yticks(y, [feature_name(f, lang, long=True) + (median if f == "recency_days" else "")
                      for f, _ in rows])
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    label_axis(ax.xaxis, AXIS["lift"].get(lang))
    return fig


PROFILE_CHARTS: dict[str, Callable[..., Figure]] = {
    "segment_sizes": segment_sizes,
    "rfm_heatmap": rfm_heatmap,
    "cluster_scatter": cluster_scatter,
    "segment_boxplots": segment_boxplots,
    "monthly_revenue_by_segment": monthly_revenue_by_segment,
    "cohort_retention": cohort_retention,
}
OTHER_CHARTS: dict[str, Callable[..., Figure]] = {
    "persona_profile": persona_profile,
    "migration_matrix": migration_matrix,
}
