"""Numbers as text, the same in charts, cards, tables, pages and the CLI: money in the vault's
currency, counts and percentages, in the user's language (zh compacts with 万/亿).

Kept apart from the chart style (charts/style.py) so that text-only callers (the CLI, cards, the
customer table) do not load matplotlib; the axis formatters built on these live with the style.
"""
from __future__ import annotations

from ..i18n import pick
from ..vault.settings import CURRENCY_SYMBOLS

# Compact steps, largest first: Chinese counts in 万 (10^4) and 亿 (10^8), English in thousands.
_STEPS_EN = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
_STEPS_ZH = ((1e8, "亿"), (1e4, "万"))


def currency_symbol(currency: str) -> str:
    code = (currency or "").strip().upper()
    return CURRENCY_SYMBOLS.get(code, f"{code} " if code else "")


def _compact(value: float, lang: str) -> str:
    sign = "-" if value < 0 else ""
    v = abs(value)
    for size, suffix in pick(_STEPS_EN, _STEPS_ZH, lang):
        if v >= size:
            scaled = v / size
            digits = 0 if scaled >= 100 else 1
            text = f"{scaled:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{scaled:,.0f}"
            return f"{sign}{text}{suffix}"
    text = f"{v:,.0f}" if v >= 100 or v == int(v) else f"{v:,.1f}".rstrip("0").rstrip(".")
    return f"{sign}{text}"


def format_money(value, currency: str = "CNY", lang: str = "en", compact: bool = False) -> str:
    """¥1,234.50 (exact) or ¥1.2k / ¥12.3万 (compact); a plain hyphen for negatives."""
    if value is None:
        return "–"
    value = float(value)
    symbol = currency_symbol(currency)
    sign = "-" if value < 0 else ""
    body = _compact(abs(value), lang) if compact else f"{abs(value):,.2f}"
    return f"{sign}{symbol}{body}"


def format_count(value, lang: str = "en", compact: bool = False) -> str:
    if value is None:
        return "–"
    return _compact(float(value), lang) if compact else f"{int(round(float(value))):,}"


def format_percent(value, lang: str = "en", digits: int = 1) -> str:
    """A share (0..1) as a percentage with one decimal: "12.3 %" (en) / "12.3%" (zh)."""
    if value is None:
        return "–"
    text = f"{float(value) * 100:.{digits}f}"
    return pick(f"{text} %", f"{text}%", lang)
