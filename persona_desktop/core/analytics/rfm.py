"""RFM scores and the named segment map.

Scores: each of recency, frequency and monetary is ranked across customers, and the rank
percentile is cut into equal bins: score = ceil(rank / n x bins). Ties share the *lowest* rank of
their run (pandas ``method="min"``), so two identical customers always get the same score and a
large tie is scored by where it starts: when 60 % of customers bought once, they all get F = 1
instead of being spread over F = 1..3 by an arbitrary order. Recency is ranked descending (the most
recent customers score highest). Bins are therefore uneven when many customers share a value.

Bins: quintiles (1-5); below ``SMALL_SHOP`` customers, terciles (1-3) with a coarser map, because
five bins over a hundred customers are mostly noise (``small_shop_`` is set so the UI can say so).

Segment map: on R and FM = round-half-up((F + M) / 2). Every (R, FM) cell belongs to exactly one
segment; ``tests/core/test_rfm.py`` checks every cell and boundary.

    quintiles   FM=1            FM=2           FM=3            FM=4              FM=5
    R=5         New Customers   Potential L.   Potential L.    Champions         Champions
    R=4         Promising       Potential L.   Potential L.    Loyal             Champions
    R=3         About to Sleep  About to Sleep Need Attention  Loyal             Loyal
    R=2         Hibernating     Hibernating    At Risk         At Risk           Cannot Lose Them
    R=1         Lost            Lost           At Risk         At Risk           Cannot Lose Them

    terciles    FM=1            FM=2                 FM=3
    R=3         New Customers   Potential Loyalists  Champions
    R=2         About to Sleep  Need Attention       Loyal
    R=1         Lost            At Risk              Cannot Lose Them
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InvalidSetting
from ..i18n import Text, lookup

SMALL_SHOP = 200

# id -> its name; the order is the display order (best first).
SEGMENTS: dict[str, Text] = {
    "champions": Text("Champions", "冠军客户"),
    "loyal": Text("Loyal", "忠诚客户"),
    "potential_loyalists": Text("Potential Loyalists", "潜力客户"),
    "new_customers": Text("New Customers", "新客户"),
    "promising": Text("Promising", "有望客户"),
    "need_attention": Text("Need Attention", "需要关注"),
    "about_to_sleep": Text("About to Sleep", "即将沉睡"),
    "at_risk": Text("At Risk", "流失风险"),
    "cannot_lose_them": Text("Cannot Lose Them", "不能失去"),
    "hibernating": Text("Hibernating", "休眠客户"),
    "lost": Text("Lost", "已流失"),
}

_QUINTILE_MAP = {
    5: ["new_customers", "potential_loyalists", "potential_loyalists", "champions", "champions"],
    4: ["promising", "potential_loyalists", "potential_loyalists", "loyal", "champions"],
    3: ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
    2: ["hibernating", "hibernating", "at_risk", "at_risk", "cannot_lose_them"],
    1: ["lost", "lost", "at_risk", "at_risk", "cannot_lose_them"],
}
_TERCILE_MAP = {
    3: ["new_customers", "potential_loyalists", "champions"],
    2: ["about_to_sleep", "need_attention", "loyal"],
    1: ["lost", "at_risk", "cannot_lose_them"],
}


def segment_label(segment_id: str, lang: str = "en") -> str:
    return lookup(SEGMENTS, segment_id, lang)


def score(values: pd.Series, bins: int, ascending: bool = True) -> pd.Series:
    """1..bins from the lowest-rank percentile (see the module docstring). A measure on which all
    customers are equal (a shop with one day of sales) says nothing: everyone gets the middle
    score instead of the lowest, so people who bought yesterday are not called "Lost"."""
    if values.nunique(dropna=True) <= 1:
        return pd.Series((bins + 1) // 2, index=values.index, dtype=np.int8)
    pct = values.rank(method="min", ascending=ascending, pct=True)
    return np.ceil(pct * bins).clip(1, bins).astype(np.int8)


def fm_score(f: pd.Series | int, m: pd.Series | int):
    return (f + m + 1) // 2


def segment_for(r: int, fm: int, bins: int = 5) -> str:
    table = _QUINTILE_MAP if bins == 5 else _TERCILE_MAP
    return table[int(r)][int(fm) - 1]


class RFMScorer:
    """``fit(features)`` (columns recency_days, frequency, monetary) sets ``scores_`` (R, F, M, FM,
    segment per customer), ``bins_`` and ``small_shop_``."""

    def __init__(self, bins: int | str = "auto", small_shop: int = SMALL_SHOP):
        self.bins = bins
        self.small_shop = small_shop

    def fit(self, features: pd.DataFrame) -> "RFMScorer":
        n = len(features)
        bins = self.bins if self.bins != "auto" else (3 if n < self.small_shop else 5)
        if bins not in (3, 5):
            raise InvalidSetting(name="bins", value=bins, why="it must be 3, 5 or auto")
        self.bins_ = bins
        self.small_shop_ = bins == 3
        out = pd.DataFrame(index=features.index)
        out["R"] = score(features["recency_days"], bins, ascending=False)
        out["F"] = score(features["frequency"], bins)
        out["M"] = score(features["monetary"], bins)
        out["FM"] = fm_score(out["F"].astype(int), out["M"].astype(int)).astype(np.int8)
        table = _QUINTILE_MAP if bins == 5 else _TERCILE_MAP
        lookup = {(r, fm): seg for r, row in table.items() for fm, seg in enumerate(row, start=1)}
        keys = list(zip(out["R"].astype(int), out["FM"].astype(int)))
        out["segment"] = pd.Categorical([lookup[k] for k in keys], categories=list(SEGMENTS))
        self.scores_ = out
        return self
