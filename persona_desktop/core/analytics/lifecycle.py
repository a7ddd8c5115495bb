"""Lifecycle stage per customer: new, active, at risk, lapsed, lost.

The rule compares how long a customer has been away with how often *they* usually buy:

* the shop's typical cycle C is the median, over customers with at least two gaps, of their
  median gap between orders (90 days when the shop has no such customers yet), kept in 7..365 days;
* a customer's own cycle g is their median gap when they have at least two gaps (three orders),
  otherwise C; g is at least 7 days so daily buyers are not "at risk" after a long weekend;
* new: first purchase within the last C days;
* otherwise by recency r: active r <= 1.5 g; at risk r <= 3 g; lapsed r <= 6 g; lost beyond.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import Text, lookup

STAGES: dict[str, Text] = {
    "new": Text("New", "新客"),
    "active": Text("Active", "活跃"),
    "at_risk": Text("At risk", "有流失风险"),
    "lapsed": Text("Lapsed", "已沉睡"),
    "lost": Text("Lost", "已流失"),
}
DEFAULT_CYCLE_DAYS = 90.0
MIN_CYCLE, MAX_CYCLE = 7.0, 365.0


def stage_label(stage: str, lang: str = "en") -> str:
    return lookup(STAGES, stage, lang)


class LifecycleStager:
    """``fit(features)`` sets ``shop_cycle_days_`` and ``stages_`` (Categorical per customer)."""

    def __init__(self, active=1.5, at_risk=3.0, lapsed=6.0):
        self.active = active
        self.at_risk = at_risk
        self.lapsed = lapsed

    def fit(self, features: pd.DataFrame) -> "LifecycleStager":
        repeaters = features["frequency"] >= 3
        gaps = features.loc[repeaters, "median_gap_days"].dropna()
        cycle = float(gaps.median()) if len(gaps) else DEFAULT_CYCLE_DAYS
        self.shop_cycle_days_ = float(np.clip(cycle, MIN_CYCLE, MAX_CYCLE))
        own = features["median_gap_days"].where(repeaters, self.shop_cycle_days_)
        g = own.fillna(self.shop_cycle_days_).clip(lower=MIN_CYCLE)
        r = features["recency_days"]
        stage = np.select(
            [features["tenure_days"] <= self.shop_cycle_days_, r <= self.active * g,
             r <= self.at_risk * g, r <= self.lapsed * g],
            ["new", "active", "at_risk", "lapsed"], default="lost")
        self.stages_ = pd.Series(pd.Categorical(stage, categories=list(STAGES)),
                                 index=features.index, name="lifecycle")
        return self
