"""Persona cards as text: the same lines feed the CLI, the GUI card widget and exports.

Layout follows ux.md's card: name and size, the one-sentence description, three figures, the
"why" (features that set the group apart, with the shop's value beside), top categories, what to
do, and a warning when the group is small.
"""
from __future__ import annotations

from ..analytics.lifecycle import stage_label
from ..analytics.personas import Persona
from ..i18n import pick
from .feature_names import feature_name, feature_value
from .formatting import format_count, format_money, format_percent


def _why_value(why: dict, side: str, lang: str, currency: str) -> str:
    """One side ("group" or "shop") of a "why" figure, as running text."""
    return feature_value(why["feature"], why[side], lang, currency, plain=True, compact=True)


def card(persona: Persona, lang: str = "en", currency: str = "CNY") -> dict:
    """The card's parts as strings (title, size, description, chips, why, top, do, note, ...)."""
    p = persona
    fig = p.figures
    chips = [pick(f"{format_percent(p.revenue_share, lang)} of revenue",
                  f"占营收 {format_percent(p.revenue_share, lang)}", lang)]
    if "aov" in fig:
        lift = fig["aov"].get("lift")
        lift_text = f" ×{lift:.1f}" if lift else ""
        chips.append(pick("AOV ", "客单价 ", lang)
                     + format_money(fig["aov"]["group"], currency, lang, compact=True) + lift_text)
    if "recency_days" in fig:
        days = fig["recency_days"]["group"]
        chips.append(pick(f"last {days:,.0f} d", f"最近 {days:,.0f} 天", lang))
    why = [f"{feature_name(w['feature'], lang)} {_why_value(w, 'group', lang, currency)}"
           f" ({pick('shop', '全店', lang)} {_why_value(w, 'shop', lang, currency)})" for w in p.why]
    top = [f"{name} {format_percent(share, lang, 0)}" for name, share in p.top_categories]
    if not top:
        top = [f"{name} {format_percent(share, lang, 0)}" for name, share in p.top_products[:3]]
    life = [f"{stage_label(stage, lang)} {format_percent(share, lang, 0)}"
            for stage, share in p.mixes.get("lifecycle", [])[:3]]
    out = {
        "title": p.name(lang),
        "size": f"{format_count(p.size, lang)} · {format_percent(p.share, lang)}",
        "description": p.description(lang),
        "chips": chips,
        "why": why,
        "top": top,
        "lifecycle": life,
        "do": [pick(en, zh, lang) for en, zh in p.actions],
        "note": (pick("Small group: figures are approximate.", "群体较小：数据仅供参考。", lang)
                 if p.small else ""),
    }
    if p.group_id == "other" and p.merged_groups > 1:
        out["note"] = pick(f"{p.merged_groups} small groups combined for privacy.",
                           f"为保护隐私，合并了 {p.merged_groups} 个小群体。", lang)
    pred = p.predictions or {}
    if pred:
        parts = []
        if pred.get("clv") is not None:
            parts.append(pick("Predicted 12-month value ", "预测 12 个月价值 ", lang)
                         + format_money(pred["clv"], currency, lang, compact=True))
        # The supervised model is the informative one where BG/NBD sees almost nobody leave.
        churn = pred.get("churn_probability")
        churn = pred.get("churn_risk") if churn is None else churn
        if churn is not None:
            parts.append(pick("churn risk ", "流失风险 ", lang) + format_percent(churn, lang, 0))
        out["predicted"] = " · ".join(parts)
        names = [item["name"] for item in pred.get("top_products", [])[:3]]
        if names:
            out["recommend"] = names
    return out


def card_text(persona: Persona, lang: str = "en", currency: str = "CNY") -> str:
    c = card(persona, lang, currency)
    lines = [f"● {c['title']}    {c['size']}",
             pick(f"  \"{c['description']}\"", f"  “{c['description']}”", lang),
             "  [" + "] [".join(c["chips"]) + "]"]
    if c["why"]:
        lines.append(pick("  Why: ", "  原因：", lang) + " · ".join(c["why"]))
    if c["top"]:
        lines.append(pick("  Top: ", "  偏好：", lang) + " · ".join(c["top"]))
    if c["lifecycle"]:
        lines.append(pick("  Stage: ", "  阶段：", lang) + " · ".join(c["lifecycle"]))
    if c.get("predicted"):
        lines.append("  " + c["predicted"])
    if c.get("recommend"):
        lines.append(pick("  Recommend: ", "  推荐：", lang) + " · ".join(c["recommend"]))
    if c["do"]:
        lines.append(pick("  Do: ", "  建议：", lang) + " · ".join(c["do"]))
    if c["note"]:
        lines.append("  ⚠ " + c["note"])
    return "\n".join(lines)
