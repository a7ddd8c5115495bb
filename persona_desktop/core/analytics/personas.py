"""Persona cards: who a group is, why it is grouped, what it is worth and what to do.

A ``Persona`` holds numbers and labels only (both languages); ``reports/cards.py`` formats it.
Groups smaller than the privacy threshold are never built alone: ``build_personas`` first maps
labels through ``privacy.disclosure.merge_small_groups`` so they become one "Other" card holding
at least k customers and at least two original groups (see that module for why).

The "why" is the list of features on which the group differs most from the whole shop, measured as
a z-score of the group's mean in the clustering space (log money and counts) against the shop's
spread. Cluster names are made from the two strongest of those differences.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from ..i18n import pick
from ..privacy import disclosure
from . import playbook
from .clustering import transform
from .features import CATEGORY_PREFIX
from .lifecycle import STAGES
from .rfm import SEGMENTS

WHY_FEATURES = ("recency_days", "frequency", "monetary", "aov", "tenure_days", "return_rate",
                "n_products")
KEY_FIGURES = ("frequency", "monetary", "aov", "recency_days", "return_rate")
SMALL_GROUP_NOTE = 50
MIN_Z = 0.25
# feature -> (high en, high zh, low en, low zh); None when that direction says nothing useful.
ADJECTIVES = {
    "frequency": ("frequent", "高频", "infrequent", "低频"),
    "monetary": ("high-spending", "高消费", "low-spending", "低消费"),
    "recency_days": ("long-absent", "久未购买", "recently active", "近期活跃"),
    "aov": ("big-basket", "大单", "small-basket", "小单"),
    "tenure_days": ("long-standing", "老", "newly acquired", "新近"),
    "return_rate": ("return-prone", "高退货", None, None),
    "n_products": ("wide-ranging", "多品类", "narrow-range", "少品类"),
}
OTHER_ID = "other"


@dataclass
class Persona:
    group_id: str
    kind: str                       # "segment" or "cluster"
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    size: int
    share: float                    # of scored customers
    revenue_share: float
    figures: dict = field(default_factory=dict)    # name -> {"group", "shop", "lift"}
    why: list = field(default_factory=list)        # [{"feature", "group", "shop", "z"}]
    top_categories: list = field(default_factory=list)   # [[name, share of group spend]]
    top_products: list = field(default_factory=list)
    mixes: dict = field(default_factory=dict)      # "lifecycle"/"channel"/"gender"/... -> [[k, share]]
    top_tags: list = field(default_factory=list)   # [[tag, share]]
    actions: list = field(default_factory=list)    # [[en, zh]]
    small: bool = False
    merged_groups: int = 1
    predictions: dict = field(default_factory=dict)

    def name(self, lang: str = "en") -> str:
        return pick(self.name_en, self.name_zh, lang)

    def description(self, lang: str = "en") -> str:
        return pick(self.description_en, self.description_zh, lang)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Persona":
        return cls(**data)


def build_personas(kind: str, labels: pd.Series, features: pd.DataFrame, *, segments: pd.Series,
                   lifecycle: pd.Series, tags: pd.DataFrame, purchases: pd.DataFrame,
                   products: pd.DataFrame, k: int | None = None) -> list[Persona]:
    """One persona per group in ``labels`` (index customer_id), small groups merged first."""
    labels = labels.astype(str)
    mapping = disclosure.merge_small_groups(labels.value_counts(), k, other=OTHER_ID)
    merged_from = pd.Series(mapping).value_counts()
    shown = labels.map(mapping)
    space = transform(features, WHY_FEATURES)
    mean, std = space.mean(), space.std(ddof=0).replace(0, np.nan)
    total_money = float(features["monetary"].sum()) or 1.0
    spend = _product_spend(purchases, shown, products)
    personas = []
    for group, members in shown.groupby(shown, sort=False):
        idx = members.index
        z = ((space.loc[idx].mean() - mean) / std).fillna(0.0)
        p = Persona(
            group_id=str(group), kind=kind, name_en="", name_zh="", description_en="",
            description_zh="", size=len(idx), share=len(idx) / len(features),
            revenue_share=float(features.loc[idx, "monetary"].sum()) / total_money,
            figures=_figures(features, idx), why=_why(features, idx, z),
            top_categories=_top_categories(features, idx),
            top_products=spend.get(group, []),
            mixes=_mixes(features, lifecycle, idx, k), top_tags=_top_tags(tags, idx, k),
            small=len(idx) < SMALL_GROUP_NOTE,
            merged_groups=int(merged_from.get(group, 1)) if group == OTHER_ID else 1)
        _name(p, kind, group, z, segments.loc[idx])
        personas.append(p)
    _unique_names(personas)
    order = list(SEGMENTS) if kind == "segment" else None
    personas.sort(key=lambda p: (p.group_id == OTHER_ID,
                                 order.index(p.group_id) if order and p.group_id in order
                                 else -p.size))
    return personas


def _figures(features: pd.DataFrame, idx) -> dict:
    out = {}
    for col in KEY_FIGURES:
        if col == "aov":
            # Average order value is the group's revenue over its orders, as on the Shop page
            # (issue 14, item 5): the mean of customers' own averages weighs a one-order customer
            # like a hundred-order one.
            group, shop = _revenue_per_order(features.loc[idx]), _revenue_per_order(features)
        else:
            agg = "median" if col == "recency_days" else "mean"
            group = float(getattr(features.loc[idx, col], agg)())
            shop = float(getattr(features[col], agg)())
        out[col] = {"group": group, "shop": shop, "lift": group / shop if shop else None}
    return out


def _revenue_per_order(features: pd.DataFrame) -> float:
    orders = float(features["frequency"].sum())
    return float(features["monetary"].sum()) / orders if orders else float("nan")


def _why(features: pd.DataFrame, idx, z: pd.Series, n: int = 4) -> list:
    strongest = z.abs().sort_values(ascending=False)
    out = []
    for col in strongest.index[:n]:
        if abs(z[col]) < 0.1:
            break
        agg = "median" if col == "recency_days" else "mean"
        out.append({"feature": col, "group": float(getattr(features.loc[idx, col], agg)()),
                    "shop": float(getattr(features[col], agg)()), "z": float(z[col])})
    return out


def _top_categories(features: pd.DataFrame, idx, n: int = 3) -> list:
    cols = [c for c in features.columns if c.startswith(CATEGORY_PREFIX)]
    if not cols:
        return []
    shares = features.loc[idx, cols].mean().sort_values(ascending=False)
    return [[c[len(CATEGORY_PREFIX):], float(v)] for c, v in shares.iloc[:n].items() if v > 0]


def _product_spend(purchases: pd.DataFrame, shown: pd.Series, products: pd.DataFrame,
                   n: int = 5) -> dict:
    if purchases.empty or "product_id" not in purchases:
        return {}
    frame = pd.DataFrame({"group": shown.reindex(purchases["customer_id"]).to_numpy(),
                          "product": purchases["product_id"].to_numpy(),
                          "value": purchases["value"].to_numpy()}).dropna()
    if frame.empty:
        return {}
    totals = frame.groupby("group")["value"].sum()
    spend = frame.groupby(["group", "product"])["value"].sum().reset_index()
    spend = spend.sort_values(["group", "value", "product"], ascending=[True, False, True])
    names = products["name"] if "name" in products else pd.Series(dtype=object)
    skus = products["sku"] if "sku" in products else pd.Series(dtype=object)
    out = {}
    for group, rows in spend.groupby("group", sort=False):
        items = []
        for product, value in zip(rows["product"].iloc[:n], rows["value"].iloc[:n]):
            label = names.get(product) if product in names.index else None
            label = label if isinstance(label, str) and label else skus.get(product, str(product))
            items.append([str(label), float(value / totals[group])])
        out[group] = items
    return out


def _mix(values: pd.Series, k: int | None, n: int = 4) -> list:
    """Shares of the most common values; values held by fewer than k customers are not named.

    The shares not shown are 1 minus the shown ones, so the hidden values (with the customers
    without a value, counted as one more group) must together hold at least k customers in at
    least two groups; else the smallest shown values are hidden too, and if that leaves nothing
    shown, the attribute gets no mix at all (privacy.md D1: for gender, "F 3%" would otherwise be
    100% minus "M"). The remainder stays implicit (no "other" entry is listed)."""
    k = disclosure.effective_k(k)
    counts = values.dropna().astype(str).value_counts()
    if counts.empty:
        return []
    shown = [(name, int(c)) for name, c in counts.items() if c >= k][:n]
    if (counts < k).any():
        missing = int(values.isna().sum())
        rest_groups = len(counts) - len(shown) + (1 if missing else 0)
        rest = len(values) - sum(c for _, c in shown)
        while shown and (rest < k or rest_groups < 2):
            _, c = shown.pop()  # the smallest shown value joins the hidden ones
            rest += c
            rest_groups += 1
    return [[name, float(c / len(values))] for name, c in shown]


def _mixes(features: pd.DataFrame, lifecycle: pd.Series, idx, k) -> dict:
    out = {"lifecycle": _mix(lifecycle.loc[idx], k, n=len(STAGES))}
    for col in ("preferred_channel", "gender", "age_band", "province", "country"):
        if col in features and features[col].notna().any():
            out[col] = _mix(features.loc[idx, col], k)
    return out


def _top_tags(tags: pd.DataFrame, idx, k, n: int = 3) -> list:
    if tags is None or tags.empty:
        return []
    counts = tags.loc[idx].sum().sort_values(ascending=False)
    counts = counts[counts >= disclosure.effective_k(k)]
    return [[tag, float(c / len(idx))] for tag, c in counts.iloc[:n].items()]


def _name(p: Persona, kind: str, group, z: pd.Series, segments: pd.Series) -> None:
    if group == OTHER_ID:
        p.name_en, p.name_zh = "Other customers", "其他客户"
        p.description_en = "Small groups combined so that no small group is shown alone"
        p.description_zh = "多个小群体合并显示，避免单独展示人数过少的群体"
        p.actions = [list(a) for a in playbook.OTHER_ACTIONS]
        return
    dominant = str(segments.astype(str).mode().iloc[0]) if len(segments) else "need_attention"
    if kind == "segment":
        p.name_en, p.name_zh = SEGMENTS[group]
        p.description_en, p.description_zh = playbook.DESCRIPTIONS[group]
    else:
        words = _adjectives(z)
        if not words:
            words = [("typical", "普通")]
        en = ", ".join(w[0] for w in words[:2])
        p.name_en = en[:1].upper() + en[1:] + " customers"
        p.name_zh = "、".join(w[1] for w in words[:2]) + "客户"
        seg_en, seg_zh = SEGMENTS.get(dominant) or (dominant, dominant)
        p.description_en = f"Behaviour cluster; most are {seg_en}"
        p.description_zh = f"行为聚类；多数属于{seg_zh}"
    p.actions = [list(a) for a in playbook.ACTIONS.get(group if kind == "segment" else dominant,
                                                       playbook.OTHER_ACTIONS)]


def _adjectives(z: pd.Series) -> list[tuple[str, str]]:
    out = []
    for col in z.abs().sort_values(ascending=False).index:
        if abs(z[col]) < MIN_Z or col not in ADJECTIVES:
            continue
        hi_en, hi_zh, lo_en, lo_zh = ADJECTIVES[col]
        word = (hi_en, hi_zh) if z[col] > 0 else (lo_en, lo_zh)
        if word[0]:
            out.append(word)
    return out


def _unique_names(personas: list[Persona]) -> None:
    seen: dict[str, int] = {}
    for p in personas:
        count = seen.get(p.name_en, 0) + 1
        seen[p.name_en] = count
        if count > 1:
            p.name_en = f"{p.name_en} ({count})"
            p.name_zh = f"{p.name_zh}（{count}）"
