"""The user's language for messages produced by the core (errors, reports).

The GUI sets it when the user switches language; the CLI sets it from ``--lang`` or the locale.
Only two languages exist: English ("en") and Simplified Chinese ("zh").
"""
from __future__ import annotations

import locale
import os

SUPPORTED = ("en", "zh")
_current = "en"


def normalise(lang: str | None) -> str:
    """Map a locale name such as ``zh_CN.UTF-8`` or ``en-GB`` to one of SUPPORTED."""
    if not lang:
        return "en"
    return "zh" if lang.lower().replace("-", "_").startswith("zh") else "en"


def set_language(lang: str | None) -> None:
    global _current
    _current = normalise(lang)


def language() -> str:
    return _current


def system_language() -> str:
    for var in ("PERSONA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise(value)
    try:
        return normalise(locale.getlocale()[0])
    except (ValueError, TypeError):
        return "en"
