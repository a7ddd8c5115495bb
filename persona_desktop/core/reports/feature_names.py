"""The customer features' names and values as text, the same everywhere (ux.md "same terms
everywhere"): persona cards, the customer detail panel and the profile charts.

Each feature has a short name for running text (a card's "why" line, a detail row) and a long one
for chart axes and hover texts, where the figure is a per-customer statistic of a group.
"""
from __future__ import annotations

import math

from ..i18n import Text, pick
from .formatting import format_count, format_money, format_percent

# feature -> (short name, long name)
FEATURE_NAMES: dict[str, tuple[Text, Text]] = {
    "recency_days": (Text("days since last order", "距上次购买天数"),
                     Text("Days since last order", "距上次购买天数")),
    "frequency": (Text("orders", "订单数"), Text("Orders per customer", "人均订单数")),
    "monetary": (Text("spend", "消费额"), Text("Spend per customer", "人均消费额")),
    "aov": (Text("average order value", "客单价"), Text("Average order value", "客单价")),
    "tenure_days": (Text("days since first order", "首次购买至今天数"),
                    Text("Days since first order", "首次购买至今天数")),
    "return_rate": (Text("return rate", "退货率"), Text("Return rate", "退货率")),
    "n_products": (Text("different products bought", "购买商品种数"),
                   Text("Different products bought", "购买商品种数")),
    "n_categories": (Text("product categories bought", "购买商品类别数"),
                     Text("Product categories bought", "购买商品类别数")),
    "net_revenue": (Text("spend after returns", "扣除退货后的消费额"),
                    Text("Spend after returns", "扣除退货后的消费额")),
    "mean_gap_days": (Text("days between orders", "购买间隔天数"),
                      Text("Days between orders", "购买间隔天数")),
    "discount_share": (Text("share of orders with a discount", "使用折扣的订单占比"),
                       Text("Share of orders with a discount", "使用折扣的订单占比")),
}
MONEY_FEATURES = ("monetary", "aov", "net_revenue", "returns_value")
SHARE_FEATURES = ("return_rate", "discount_share", "weekend_share")


def feature_name(feature: str, lang: str = "en", long: bool = False) -> str:
    """The feature's name in ``lang``: short for running text, ``long`` for charts."""
    names = FEATURE_NAMES.get(feature)
    if names is None:
        return feature
    return names[1 if long else 0].get(lang)


def feature_value(feature: str, value, lang: str = "en", currency: str = "CNY", *,
                  plain: bool = False, compact: bool = False, short: bool = False) -> str:
    """A customer figure as text ("–" when missing).

    Money is exact (¥1,234.50), ``compact`` (¥1.2k) or ``short`` (whole units, for chart labels);
    shares are percentages. Other figures carry a unit for charts ("12 d", "2.3"), or are
    ``plain`` numbers for running text ("12", "2.3", "1,234").
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if feature in MONEY_FEATURES:
        text = format_money(value, currency, lang, compact=compact)
        return text[:-3] if short and not compact and text[-3:-2] == "." else text
    if feature in SHARE_FEATURES:
        return format_percent(value, lang)
    if plain:
        return (f"{value:,.1f}".rstrip("0").rstrip(".") if value < 100
                else format_count(value, lang))
    if feature.endswith("_days"):
        return pick(f"{value:,.0f} d", f"{value:,.0f} 天", lang)
    return f"{value:,.1f}"
