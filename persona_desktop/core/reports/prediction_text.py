"""Predictions and how well they held up, in words: the same lines for the CLI, the Insights page
and exports. Every predicted figure is shown next to its backtest (ux.md, issue: honest about
accuracy); a part that could not be computed says why instead of showing a number."""
from __future__ import annotations

from ..i18n import Text, lookup, pick

PART_NAMES: dict[str, Text] = {
    "holdout": Text("purchase model check", "购买模型检验"),
    "purchases": Text("repeat purchases (BG/NBD)", "回购预测（BG/NBD）"),
    "spend": Text("spend per order (Gamma-Gamma)", "客单价预测（Gamma-Gamma）"),
    "churn": Text("churn model", "流失模型"),
    "rules": Text("products bought together", "商品组合"),
    "recommendations": Text("recommendations", "推荐"),
    "recommendation_check": Text("recommendation check", "推荐效果检验"),
}


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def summary_lines(run, lang: str = "en") -> list[str]:
    from ..analytics.predictions.churn import feature_label

    v, p = run.meta.get("validation", {}), run.params
    currency = run.meta.get("currency", "")
    as_of = run.as_of or "-"
    lines = [pick(f"Prediction run {run.run_id} as of {as_of}: {len(run.customers):,} customers",
                  f"预测记录 {run.run_id}（截至 {as_of}）：客户 {len(run.customers):,} 人", lang)]
    h = v.get("holdout")
    if h:
        lines.append(pick(
            f"Purchase model check on {h['holdout_days']} held-out days "
            f"(after {h['calibration_end']}, {h['n_customers']:,} customers): MAE "
            f"{h['mae']:.3f} purchases per customer, aggregate error {_pct(h['aggregate_error'])} "
            f"(predicted {h['predicted_total']:,.0f}, actual {h['actual_total']:,.0f})",
            f"购买模型检验（留出 {h['calibration_end']} 之后 {h['holdout_days']} 天，"
            f"{h['n_customers']:,} 位顾客）：平均绝对误差 {h['mae']:.3f} 次/人，总量误差 "
            f"{_pct(h['aggregate_error'])}（预测 {h['predicted_total']:,.0f}，实际 "
            f"{h['actual_total']:,.0f}）", lang))
    clv = run.customers["clv"] if "clv" in run.customers else None
    if clv is not None and clv.notna().any():
        lines.append(pick(
            f"Lifetime value over {p.get('horizon_months')} months (discount "
            f"{p.get('monthly_discount_rate'):.1%} a month): mean {clv.mean():,.2f} {currency}, "
            f"total {clv.sum():,.0f} {currency}",
            f"未来 {p.get('horizon_months')} 个月顾客终身价值（月折现率 "
            f"{p.get('monthly_discount_rate'):.1%}）：平均 {clv.mean():,.2f} {currency}，合计 "
            f"{clv.sum():,.0f} {currency}", lang))
    c = v.get("churn")
    if c:
        lines.append(pick(
            f"Churn in the next {c['horizon_days']} days, backtest on {c['n_test']:,} customers "
            f"(trained as of {c['cutoff']}): AUC {c['auc']:.3f}, precision {c['precision']:.3f}, "
            f"recall {c['recall']:.3f}, F1 {c['f1']:.3f} at {c['threshold']:.2f}",
            f"未来 {c['horizon_days']} 天流失预测，回测 {c['n_test']:,} 位顾客（以 {c['cutoff']} "
            f"为训练时点）：AUC {c['auc']:.3f}，精确率 {c['precision']:.3f}，召回率 "
            f"{c['recall']:.3f}，F1 {c['f1']:.3f}（阈值 {c['threshold']:.2f}）", lang))
        if c.get("drivers"):
            lines.append(pick("  main drivers: ", "  主要因素：", lang) + "; ".join(
                f"{feature_label(d['feature'], lang)} ({d['importance']:.3f})"
                for d in c["drivers"]))
    r = v.get("recommendations")
    if r:
        lines.append(pick(
            f"Recommendations: hit-rate@{r['k']} {_pct(r['hit_rate'])} vs popularity "
            f"{_pct(r['popularity_hit_rate'])} ({r['n_customers']:,} customers who bought again "
            f"from {r['split']})",
            f"推荐：命中率@{r['k']} {_pct(r['hit_rate'])}，热销榜基准 "
            f"{_pct(r['popularity_hit_rate'])}（{r['split']} 起再次购买的 {r['n_customers']:,} "
            f"位顾客）", lang))
    if v.get("rules"):
        ru = v["rules"]
        lines.append(pick(f"Products bought together: {ru['count']:,} rules (support >= "
                          f"{ru['min_support']:.2%}, confidence >= {ru['min_confidence']:.0%})",
                          f"商品组合：{ru['count']:,} 条规则（支持度 >= {ru['min_support']:.2%}，"
                          f"置信度 >= {ru['min_confidence']:.0%}）", lang))
    by_segment = run.meta.get("rules_by_segment_status") or {}
    if by_segment:
        found = sum(1 for s in by_segment.values() if s["ok"])
        lines.append(pick(f"Products bought together within segments: rules for {found} of "
                          f"{len(by_segment)} segments",
                          f"分群内的商品组合：{len(by_segment)} 个分群中有 {found} 个有规则", lang))
    return lines


def status_lines(run, lang: str = "en") -> list[str]:
    out = []
    for s in run.meta.get("statuses", []):
        name = lookup(PART_NAMES, s["part"], lang)
        if s["ok"]:
            out.append(f"{name}: " + pick("ok", "完成", lang))
        else:
            out.append(f"{name}: " + pick("not available. ", "无法计算。", lang)
                       + pick(s["en"], s["zh"], lang))
    return out


def rules_table(run, limit: int = 50, segment: str | None = None, search: str = ""):
    """The stored top rules with product names, as a frame for a table: if, then, support,
    confidence, lift (strongest lift first); ``segment`` picks the rules mined within one RFM
    segment's orders, ``search`` keeps rules naming a product that contains the text."""
    import pandas as pd
    rows = rules_rows(run, None, segment)
    text = search.strip().lower()
    if text:
        rows = [r for r in rows if text in r["if"].lower() or text in r["then"].lower()]
    return pd.DataFrame(rows[:limit], columns=["if", "then", "support", "confidence", "lift"])


def rule_segments(run) -> list[str]:
    """Segments with stored rules of their own, in display order."""
    return [seg for seg, rules in (run.meta.get("rules_by_segment") or {}).items() if rules]


def rules_rows(run, limit: int | None = 20, segment: str | None = None) -> list[dict]:
    """The stored top rules with product names: {"if", "then", "support", "confidence", "lift"}."""
    names = run.meta.get("products", {})
    rules = (run.meta.get("rules_by_segment") or {}).get(segment, []) if segment \
        else run.meta.get("rules", [])
    rows = []
    for r in rules[:limit]:
        rows.append({"if": " + ".join(names.get(str(i), f"#{i}") for i in r["antecedents"]),
                     "then": names.get(str(r["consequent"]), f"#{r['consequent']}"),
                     "support": r["support"], "confidence": r["confidence"], "lift": r["lift"]})
    return rows


def headline_lines(run, lang: str = "en") -> list[str]:
    """The predictions in plain words for a shop owner, each with how well it held up on past
    data; ``summary_lines`` has the technical figures (MAE, AUC) for the "how" panel."""
    from .formatting import format_money, format_percent

    c, v = run.customers, run.meta.get("validation", {})
    currency = run.meta.get("currency", "CNY")
    months = run.params.get("horizon_months", 12)
    lines = []
    if "clv" in c and c["clv"].notna().any():
        total, mean = float(c["clv"].sum()), float(c["clv"].mean())
        spend = format_money(total, currency, lang, True)
        line = pick(f"Your customers are expected to spend {spend} "
                    f"in the next {months} months ({format_money(mean, currency, lang)} each on "
                    f"average).",
                    f"预计客户在未来 {months} 个月共消费 {spend}"
                    f"（人均 {format_money(mean, currency, lang)}）。", lang)
        h = v.get("holdout")
        if h:
            line += pick(f" Checked on the last {h['holdout_days']} days of past data: predicted "
                         f"{h['predicted_total']:,.0f} orders, there were "
                         f"{h['actual_total']:,.0f}.",
                         f"用过去最后 {h['holdout_days']} 天的数据检验：预测 {h['predicted_total']:,.0f} "
                         f"单，实际 {h['actual_total']:,.0f} 单。", lang)
        lines.append(line)
    churn = v.get("churn")
    if "churn_probability" in c and c["churn_probability"].notna().any() and churn:
        likely = int((c["churn_probability"] >= churn["threshold"]).sum())
        share = likely / max(1, int(c["churn_probability"].notna().sum()))
        lines.append(pick(
            f"{likely:,} customers ({format_percent(share, lang)}) are likely to buy nothing in "
            f"the next {churn['horizon_days']} days. On past data, {format_percent(churn['precision'], lang, 0)} "
            f"of those flagged this way really did not come back, and "
            f"{format_percent(churn['recall'], lang, 0)} of those who left had been flagged.",
            f"{likely:,} 位客户（{format_percent(share, lang)}）在未来 {churn['horizon_days']} 天内"
            f"可能不再购买。按过去的数据检验，被标为可能流失的客户中 "
            f"{format_percent(churn['precision'], lang, 0)} 确实没有回来，实际流失的客户中 "
            f"{format_percent(churn['recall'], lang, 0)} 被提前标出。", lang))
    rec = v.get("recommendations")
    if rec:
        lines.append(pick(
            f"Recommended products were bought by {format_percent(rec['hit_rate'], lang, 0)} of "
            f"returning customers in a test on past data (best sellers: "
            f"{format_percent(rec['popularity_hit_rate'], lang, 0)}).",
            f"在过去数据上的检验中，{format_percent(rec['hit_rate'], lang, 0)} 的回头客买了推荐的商品"
            f"（只推荐畅销品时为 {format_percent(rec['popularity_hit_rate'], lang, 0)}）。", lang))
    return lines
