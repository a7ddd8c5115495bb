"""`persona predict | rules | recommend`: predictions and products from the command line.

Output names products, never customers; the only customer figures printed are those of the one
pseudonym the user asked about (`persona recommend --customer`).
"""
from __future__ import annotations

from .commands import TextProgress, _open, t
from ..core import i18n, services

PART_NAMES = {
    "holdout": ("purchase model check", "购买模型检验"),
    "purchases": ("repeat purchases (BG/NBD)", "回购预测（BG/NBD）"),
    "spend": ("spend per order (Gamma-Gamma)", "客单价预测（Gamma-Gamma）"),
    "churn": ("churn model", "流失模型"),
    "rules": ("products bought together", "商品组合"),
    "recommendations": ("recommendations", "推荐"),
    "recommendation_check": ("recommendation check", "推荐效果检验"),
}


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def _num(value, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def cmd_predict(args):
    from ..core.analytics.predictions import PredictionParams
    params = PredictionParams(horizon_months=args.horizon_months,
                              monthly_discount_rate=args.discount_rate,
                              churn_horizon_days=args.churn_days, holdout_days=args.holdout_days,
                              min_support=args.min_support, min_confidence=args.min_confidence)
    with _open(args) as vault:
        run = services.predict(vault, params, TextProgress(not args.json))
    data = {"run_id": run.run_id, "as_of": run.as_of, "customers": len(run.customers),
            "validation": run.meta["validation"], "statuses": run.meta["statuses"],
            "rules_total": run.meta["rules_total"],
            "rules_by_segment_status": run.meta.get("rules_by_segment_status", {})}
    return data, predict_text(run)


def predict_text(run) -> str:
    from ..core.analytics.churn import feature_label
    lang = i18n.language()
    v, p = run.meta.get("validation", {}), run.params
    currency = run.meta.get("currency", "")
    as_of = run.as_of or "-"
    lines = [t(f"Prediction run {run.run_id} as of {as_of}: {len(run.customers):,} customers",
               f"预测记录 {run.run_id}（截至 {as_of}）：客户 {len(run.customers):,} 人")]
    h = v.get("holdout")
    if h:
        lines.append(t(
            f"Purchase model check on {h['holdout_days']} held-out days "
            f"(after {h['calibration_end']}, {h['n_customers']:,} customers): MAE "
            f"{h['mae']:.3f} purchases per customer, aggregate error {_pct(h['aggregate_error'])} "
            f"(predicted {h['predicted_total']:,.0f}, actual {h['actual_total']:,.0f})",
            f"购买模型检验（留出 {h['calibration_end']} 之后 {h['holdout_days']} 天，{h['n_customers']:,} 位顾客）："
            f"平均绝对误差 {h['mae']:.3f} 次/人，总量误差 {_pct(h['aggregate_error'])}"
            f"（预测 {h['predicted_total']:,.0f}，实际 {h['actual_total']:,.0f}）"))
    clv = run.customers["clv"] if "clv" in run.customers else None
    if clv is not None and clv.notna().any():
        lines.append(t(
            f"Lifetime value over {p.get('horizon_months')} months (discount "
            f"{p.get('monthly_discount_rate'):.1%} a month): mean {clv.mean():,.2f} {currency}, "
            f"total {clv.sum():,.0f} {currency}",
            f"未来 {p.get('horizon_months')} 个月顾客终身价值（月折现率 {p.get('monthly_discount_rate'):.1%}）："
            f"平均 {clv.mean():,.2f} {currency}，合计 {clv.sum():,.0f} {currency}"))
    c = v.get("churn")
    if c:
        lines.append(t(
            f"Churn in the next {c['horizon_days']} days, backtest on {c['n_test']:,} customers "
            f"(trained as of {c['cutoff']}): AUC {c['auc']:.3f}, precision {c['precision']:.3f}, "
            f"recall {c['recall']:.3f}, F1 {c['f1']:.3f} at {c['threshold']:.2f}",
            f"未来 {c['horizon_days']} 天流失预测，回测 {c['n_test']:,} 位顾客（以 {c['cutoff']} 为训练时点）："
            f"AUC {c['auc']:.3f}，精确率 {c['precision']:.3f}，召回率 {c['recall']:.3f}，"
            f"F1 {c['f1']:.3f}（阈值 {c['threshold']:.2f}）"))
        if c.get("drivers"):
            lines.append(t("  main drivers: ", "  主要因素：") + "; ".join(
                f"{feature_label(d['feature'], lang)} ({d['importance']:.3f})"
                for d in c["drivers"]))
    r = v.get("recommendations")
    if r:
        lines.append(t(
            f"Recommendations: hit-rate@{r['k']} {_pct(r['hit_rate'])} vs popularity "
            f"{_pct(r['popularity_hit_rate'])} ({r['n_customers']:,} customers who bought again "
            f"from {r['split']})",
            f"推荐：命中率@{r['k']} {_pct(r['hit_rate'])}，热销榜基准 {_pct(r['popularity_hit_rate'])}"
            f"（{r['split']} 起再次购买的 {r['n_customers']:,} 位顾客）"))
    if v.get("rules"):
        ru = v["rules"]
        lines.append(t(f"Products bought together: {ru['count']:,} rules (support >= "
                       f"{ru['min_support']:.2%}, confidence >= {ru['min_confidence']:.0%}); "
                       f"see persona rules",
                       f"商品组合：{ru['count']:,} 条规则（支持度 >= {ru['min_support']:.2%}，"
                       f"置信度 >= {ru['min_confidence']:.0%}）；详见 persona rules"))
    by_segment = run.meta.get("rules_by_segment_status") or {}
    if by_segment:
        found = sum(1 for s in by_segment.values() if s["ok"])
        lines.append(t(f"Products bought together within segments: rules for {found} of "
                       f"{len(by_segment)} segments; see persona rules --segment NAME",
                       f"分群内的商品组合：{len(by_segment)} 个分群中有 {found} 个有规则；"
                       f"详见 persona rules --segment 分群名"))
    lines.append(t("Status:", "状态："))
    for s in run.meta.get("statuses", []):
        en, zh = PART_NAMES.get(s["part"], (s["part"], s["part"]))
        name = zh if lang == "zh" else en
        reason = s["zh"] if lang == "zh" else s["en"]
        lines.append(f"  {name}: " + (t("ok", "完成") if s["ok"]
                                      else t("not available. ", "无法计算。") + reason))
    return "\n".join(lines)


def cmd_rules(args):
    # prediction_service directly: the services facade's association_rules predates --category.
    from ..core.prediction_service import rules
    with _open(args) as vault:
        found = rules(vault, args.min_support, args.min_confidence, args.segment, args.item,
                      category=args.category)
    shown = found.head(args.limit)
    items = [{"antecedents": list(r.antecedents), "consequent": r.consequent,
              "support": r.support, "confidence": r.confidence, "lift": r.lift, "count": r.count}
             for r in shown.itertuples(index=False)]
    head = t(f"{len(found):,} rules (support >= {args.min_support:.2%}, confidence >= "
             f"{args.min_confidence:.0%}), strongest lift first",
             f"{len(found):,} 条规则（支持度 >= {args.min_support:.2%}，置信度 >= "
             f"{args.min_confidence:.0%}），按提升度排序")
    lines = [head] + [
        f"{{{', '.join(r['antecedents'])}}} => {r['consequent']}   "
        + t("support", "支持度") + f" {r['support']:.2%}  " + t("confidence", "置信度")
        + f" {r['confidence']:.1%}  " + t("lift", "提升度") + f" {r['lift']:.2f}" for r in items]
    if not items and args.category is not None:
        lines.append(t("(no rule mentions a product of this category)", "（没有规则涉及此类别的商品）"))
    elif not items:
        lines.append(t("(no rule mentions this product)", "（没有规则涉及此商品）"))
    return {"total": len(found), "rules": items}, "\n".join(lines)


def cmd_recommend(args):
    with _open(args) as vault:
        result = services.recommend(vault, args.customer, args.segment, args.limit)
    lang = i18n.language()
    if result["scope"] == "customer":
        head = t(f"Recommended for {result['name']}:", f"为 {result['name']} 推荐：")
    elif result["scope"] == "segment":
        from ..core.analytics.rfm import segment_label
        head = t(f"Most recommended to {segment_label(result['name'], lang)} "
                 "(share of its customers):",
                 f"最常推荐给“{segment_label(result['name'], lang)}”的商品（占该分群顾客的比例）：")
    else:
        head = t("Most recommended products (share of customers):", "最常推荐的商品（占顾客的比例）：")
    lines = [head] + [f"{i:>3}. {p['name']}" + (f"  {p['share']:.0%}" if p["share"] is not None
                                                  else "")
                      for i, p in enumerate(result["products"], 1)]
    if not result["products"] and result["scope"] == "customer":
        lines.append(t("(no recommendation: this customer has no purchases in the last prediction "
                       "run)", "（无推荐：该顾客在最近一次预测中没有购买记录）"))
    elif not result["products"]:
        lines.append(t("(no recommendations in the last prediction run: see persona predict)",
                       "（最近一次预测没有推荐结果：请查看 persona predict）"))
    f = result.get("figures") or {}
    if f:
        lines.append(t(
            f"Predicted: lifetime value {_num(f.get('clv'), 2)}, "
            f"P(alive) {_pct(f.get('p_alive'))}, "
            f"churn probability {_pct(f.get('churn_probability'))}, next order around "
            f"{f.get('next_order_date') or '-'}",
            f"预测：终身价值 {_num(f.get('clv'), 2)}，活跃概率 {_pct(f.get('p_alive'))}，"
            f"流失概率 {_pct(f.get('churn_probability'))}，预计下次购买约 {f.get('next_order_date') or '-'}"))
    return result, "\n".join(lines)


def add_parsers(sub, common) -> None:
    p = sub.add_parser("predict", help="predict lifetime value, churn and next products, with "
                                       "their accuracy checks")
    common(p)
    p.add_argument("--horizon-months", type=int, default=12, help="lifetime value horizon")
    p.add_argument("--discount-rate", type=float, default=0.01, help="monthly discount rate")
    p.add_argument("--churn-days", type=int, default=90, help="churn period in days")
    p.add_argument("--holdout-days", type=int, default=None,
                   help="days kept aside to check the purchase model (default: a quarter of the "
                        "history, at most 182)")
    p.add_argument("--min-support", type=float, default=0.01)
    p.add_argument("--min-confidence", type=float, default=0.2)
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("rules", help="products bought together (association rules)")
    common(p)
    p.add_argument("--min-support", type=float, default=0.01,
                   help="share of orders holding all the rule's products")
    p.add_argument("--min-confidence", type=float, default=0.2)
    p.add_argument("--segment", help="only the orders of one RFM segment (e.g. champions)")
    p.add_argument("--item", help="only rules mentioning this product (name, code or number)")
    p.add_argument("--category", metavar="NAME",
                   help="only rules with a product of this category on either side")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("recommend", help="next-best products for a customer or a segment")
    common(p)
    who = p.add_mutually_exclusive_group()
    who.add_argument("--customer", metavar="PSEUDONYM", help="a customer's pseudonym")
    who.add_argument("--segment", metavar="NAME", help="an RFM segment (e.g. champions)")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(func=cmd_recommend)
