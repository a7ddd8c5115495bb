"""The user's language for messages produced by the core (errors, reports), and the one way the
core and the CLI choose a text by language.

The GUI sets the language when the user switches it; the CLI sets it from ``--lang`` or the locale.
Only two languages exist: English ("en") and Simplified Chinese ("zh").

Choosing: ``pick(en, zh, lang)`` for a phrase written inline, ``Text(en, zh).get(lang)`` for a
phrase kept in a table, ``lookup(table, key, lang)`` for a code's words. ``lang=None`` means the
current language (what the CLI wants); core functions pass the ``lang`` they were given. The GUI's
own strings go through Qt's tr() instead.
"""
from __future__ import annotations

import locale
import os
from typing import Mapping, NamedTuple, TypeVar

SUPPORTED = ("en", "zh")
_current = "en"

T = TypeVar("T")


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


def pick(en: T, zh: T, lang: str | None = None) -> T:
    """``zh`` in Chinese, else ``en``: the one place the core chooses by language.

    Any pair of values works (texts, tuples of weekday names, a label rotation). ``lang`` may be a
    locale name ("zh_CN"); None is the current language."""
    if lang is None:
        lang = _current
    elif lang not in SUPPORTED:
        lang = normalise(lang)
    return zh if lang == "zh" else en


class Text(NamedTuple):
    """A phrase in both languages. A tuple, so tables of them stay JSON-able and unpack as
    ``en, zh = text`` where both are needed (e.g. for an error's two templates)."""

    en: str
    zh: str

    def get(self, lang: str | None = None) -> str:
        return pick(self.en, self.zh, lang)


def lookup(table: Mapping[str, Text], key: str, lang: str | None = None,
           default: str | None = None) -> str:
    """The words for ``key`` in ``table``; an unknown key reads as ``default`` (else itself), so
    a code added in a newer version still shows as something."""
    text = table.get(key)
    if text is None:
        return key if default is None else default
    en, zh = text
    return pick(en, zh, lang)
