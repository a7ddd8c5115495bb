"""Persona cards as text: the same lines feed the CLI, the GUI card widget and exports.

Layout follows ux.md's card: name and size, the one-sentence description, three figures, the
"why" (features that set the group apart, with the shop's value beside), top categories, what to
do, and a warning when the group is small.
"""
from __future__ import annotations

from ..analytics.lifecycle import stage_label
from ..analytics.personas import Persona
from .feature_names import feature_name, feature_value
from .charts.style import format_count, format_money, format_percent


def _t(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def _why_value(why: dict, side: str, lang: str, currency: str) -> str:
    """One side ("group" or "shop") of a "why" figure, as running text."""
    return feature_value(why["feature"], why[side], lang, currency, plain=True, compact=True)


def card(persona: Persona, lang: str = "en", currency: str = "CNY") -> dict:
    """The card's parts as strings (title, size, description, chips, why, top, do, note, ...)."""
    p = persona
    fig = p.figures
    chips = [_t(lang, f"{format_percent(p.revenue_share, lang)} of revenue",
                f"占营收 {format_percent(p.revenue_share, lang)}")]
    if "aov" in fig:
        lift = fig["aov"].get("lift")
        lift_text = f" ×{lift:.1f}" if lift else ""
        chips.append(_t(lang, "AOV ", "客单价 ") + format_money(fig["aov"]["group"], currency, lang,
                                                             compact=True) + lift_text)
    if "recency_days" in fig:
        days = fig["recency_days"]["group"]
        chips.append(_t(lang, f"last {days:,.0f} d", f"最近 {days:,.0f} 天"))
    why = [f"{feature_name(w['feature'], lang)} {_why_value(w, 'group', lang, currency)}"
           f" ({_t(lang, 'shop', '全店')} {_why_value(w, 'shop', lang, currency)})" for w in p.why]
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
        "do": [a[1] if lang == "zh" else a[0] for a in p.actions],
        "note": (_t(lang, "Small group: figures are approximate.", "群体较小：数据仅供参考。")
                 if p.small else ""),
    }
    if p.group_id == "other" and p.merged_groups > 1:
        out["note"] = _t(lang, f"{p.merged_groups} small groups combined for privacy.",
                         f"为保护隐私，合并了 {p.merged_groups} 个小群体。")
    pred = p.predictions or {}
    if pred:
        parts = []
        if pred.get("clv") is not None:
            parts.append(_t(lang, "Predicted 12-month value ", "预测 12 个月价值 ")
                         + format_money(pred["clv"], currency, lang, compact=True))
        # The supervised model is the informative one where BG/NBD sees almost nobody leave.
        churn = pred.get("churn_probability")
        churn = pred.get("churn_risk") if churn is None else churn
        if churn is not None:
            parts.append(_t(lang, "churn risk ", "流失风险 ") + format_percent(churn, lang, 0))
        out["predicted"] = " · ".join(parts)
        names = [item["name"] for item in pred.get("top_products", [])[:3]]
        if names:
            out["recommend"] = names
    return out


def card_text(persona: Persona, lang: str = "en", currency: str = "CNY") -> str:
    c = card(persona, lang, currency)
    lines = [f"● {c['title']}    {c['size']}", f"  \"{c['description']}\"" if lang != "zh"
             else f"  “{c['description']}”", "  [" + "] [".join(c["chips"]) + "]"]
    if c["why"]:
        lines.append(_t(lang, "  Why: ", "  原因：") + " · ".join(c["why"]))
    if c["top"]:
        lines.append(_t(lang, "  Top: ", "  偏好：") + " · ".join(c["top"]))
    if c["lifecycle"]:
        lines.append(_t(lang, "  Stage: ", "  阶段：") + " · ".join(c["lifecycle"]))
    if c.get("predicted"):
        lines.append("  " + c["predicted"])
    if c.get("recommend"):
        lines.append(_t(lang, "  Recommend: ", "  推荐：") + " · ".join(c["recommend"]))
    if c["do"]:
        lines.append(_t(lang, "  Do: ", "  建议：") + " · ".join(c["do"]))
    if c["note"]:
        lines.append("  ⚠ " + c["note"])
    return "\n".join(lines)
