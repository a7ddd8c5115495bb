"""Feature names and values (core/reports/feature_names.py): one wording per feature in both
languages, and the value forms the cards, the customer panel and the charts use."""
from __future__ import annotations

import math
import re

import pytest

from persona_desktop.core.analytics.personas import WHY_FEATURES
from persona_desktop.core.reports.feature_names import FEATURE_NAMES, feature_name, feature_value

CJK = re.compile(r"[\u3000-\u9fff]")


def test_every_feature_has_a_short_and_a_long_name_in_both_languages():
    assert set(WHY_FEATURES) <= set(FEATURE_NAMES)
    for short, long in FEATURE_NAMES.values():
        for en, zh in (short, long):
            assert en and not CJK.search(en) and CJK.search(zh)
    assert feature_name("monetary") == "spend"
    assert feature_name("monetary", long=True) == "Spend per customer"
    assert feature_name("frequency", "zh", long=True) == "人均订单数"
    assert feature_name("unknown_feature", "zh") == "unknown_feature"


@pytest.mark.parametrize("value", [None, math.nan])
def test_a_missing_value_is_a_dash(value):
    for kw in ({}, {"plain": True}, {"compact": True}, {"short": True}):
        assert feature_value("monetary", value, **kw) == "–"
        assert feature_value("frequency", value, **kw) == "–"


def test_chart_forms():
    assert feature_value("monetary", 1234.5, "en", "CNY") == "¥1,234.50"
    assert feature_value("monetary", 1234.5, "en", "CNY", short=True) == "¥1,234"
    assert feature_value("return_rate", 0.125, "en") == "12.5 %"
    assert feature_value("recency_days", 12.4, "en") == "12 d"
    assert feature_value("recency_days", 12.4, "zh") == "12 天"
    assert feature_value("frequency", 2.0, "en") == "2.0"


def test_running_text_forms():
    assert feature_value("monetary", 1234.5, "en", "CNY", plain=True) == "¥1,234.50"
    assert feature_value("monetary", 1234.5, "en", "CNY", plain=True, compact=True) == "¥1.2k"
    assert feature_value("monetary", 1234.5, "en", "CNY", compact=True, short=True) == "¥1.2k"
    assert feature_value("recency_days", 12.0, "en", plain=True) == "12"
    assert feature_value("frequency", 2.5, "en", plain=True) == "2.5"
    assert feature_value("tenure_days", 1234.0, "en", plain=True) == "1,234"
    assert feature_value("return_rate", 0.01, "zh", plain=True) == "1.0%"
