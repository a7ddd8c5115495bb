"""`persona predict | rules | recommend`: predictions and products from the command line.

Output names products, never customers; the only customer figures printed are those of the one
pseudonym the user asked about (`persona recommend --customer`).
"""
from __future__ import annotations

from .commands import TextProgress, _open
from ..core import i18n, services
from ..core.i18n import pick


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def _num(value, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def cmd_predict(args):
    from ..core.analytics.predictions.analysis import PredictionParams
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
    from ..core.reports.prediction_text import status_lines, summary_lines
    lang = i18n.language()
    lines = summary_lines(run, lang)
    lines.append(pick("(rules: persona rules [--segment NAME])", "（规则：persona rules [--segment 分群名]）"))
    lines.append(pick("Status:", "状态："))
    lines += ["  " + line for line in status_lines(run, lang)]
    return "\n".join(lines)


def cmd_rules(args):
    with _open(args) as vault:
        found = services.association_rules(vault, args.min_support, args.min_confidence,
                                           args.segment, args.item, category=args.category)
    shown = found.head(args.limit)
    items = [{"antecedents": list(r.antecedents), "consequent": r.consequent,
              "support": r.support, "confidence": r.confidence, "lift": r.lift, "count": r.count}
             for r in shown.itertuples(index=False)]
    head = pick(f"{len(found):,} rules (support >= {args.min_support:.2%}, confidence >= "
                f"{args.min_confidence:.0%}), strongest lift first",
                f"{len(found):,} 条规则（支持度 >= {args.min_support:.2%}，置信度 >= "
                f"{args.min_confidence:.0%}），按提升度排序")
    lines = [head] + [
        f"{{{', '.join(r['antecedents'])}}} => {r['consequent']}   "
        + pick("support", "支持度") + f" {r['support']:.2%}  " + pick("confidence", "置信度")
        + f" {r['confidence']:.1%}  " + pick("lift", "提升度") + f" {r['lift']:.2f}" for r in items]
    if not items and args.category is not None:
        lines.append(pick("(no rule mentions a product of this category)", "（没有规则涉及此类别的商品）"))
    elif not items:
        lines.append(pick("(no rule mentions this product)", "（没有规则涉及此商品）"))
    return {"total": len(found), "rules": items}, "\n".join(lines)


def cmd_recommend(args):
    with _open(args) as vault:
        result = services.recommend(vault, args.customer, args.segment, args.limit)
    lang = i18n.language()
    if result.scope == "customer":
        head = pick(f"Recommended for {result.name}:", f"为 {result.name} 推荐：")
    elif result.scope == "segment":
        from ..core.analytics.rfm import segment_label
        head = pick(f"Most recommended to {segment_label(result.name, lang)} "
                    "(share of its customers):",
                    f"最常推荐给“{segment_label(result.name, lang)}”的商品（占该分群顾客的比例）：")
    else:
        head = pick("Most recommended products (share of customers):", "最常推荐的商品（占顾客的比例）：")
    lines = [head] + [f"{i:>3}. {p.name}" + (f"  {p.share:.0%}" if p.share is not None
                                                  else "")
                      for i, p in enumerate(result.products, 1)]
    if not result.products and result.scope == "customer":
        lines.append(pick("(no recommendation: this customer has no purchases in the last prediction "
                          "run)", "（无推荐：该顾客在最近一次预测中没有购买记录）"))
    elif not result.products:
        lines.append(pick("(no recommendations in the last prediction run: see persona predict)",
                          "（最近一次预测没有推荐结果：请查看 persona predict）"))
    f = result.figures
    if f:
        lines.append(pick(
            f"Predicted: lifetime value {_num(f.get('clv'), 2)}, "
            f"P(alive) {_pct(f.get('p_alive'))}, "
            f"churn probability {_pct(f.get('churn_probability'))}, next order around "
            f"{f.get('next_order_date') or '-'}",
            f"预测：终身价值 {_num(f.get('clv'), 2)}，活跃概率 {_pct(f.get('p_alive'))}，"
            f"流失概率 {_pct(f.get('churn_probability'))}，预计下次购买约 {f.get('next_order_date') or '-'}"))
    return result.to_dict(), "\n".join(lines)


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
