"""Rule-based tags: "feature operator threshold -> tag", editable by the user, stored in the vault.

A threshold is a number or a percentile of the shop written "p80" (the 80th percentile of that
feature across scored customers), so the defaults fit a tea shop and a hardware store alike. A
rule whose feature the data does not have (no discounts in the file, say) tags nobody and is
reported as not applicable instead of silently tagging everyone or no one.
"""
from __future__ import annotations

import json
import operator
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from ..errors import InvalidSetting
from ..i18n import pick
from .features import CATEGORY_PREFIX

SETTING_KEY = "tag_rules"
OPERATORS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
             "==": operator.eq, "!=": operator.ne}


@dataclass(frozen=True)
class Condition:
    feature: str
    op: str
    threshold: float | str

    def resolve(self, features: pd.DataFrame) -> float | None:
        if isinstance(self.threshold, str) and self.threshold.startswith("p"):
            values = features[self.feature].dropna()
            return float(values.quantile(float(self.threshold[1:]) / 100)) if len(values) else None
        return float(self.threshold)


@dataclass(frozen=True)
class TagRule:
    tag: str
    label_en: str
    label_zh: str
    conditions: tuple[Condition, ...] = field(default_factory=tuple)

    def label(self, lang: str = "en") -> str:
        return pick(self.label_en, self.label_zh, lang)

    def validated(self) -> "TagRule":
        if not self.tag or not self.conditions:
            raise InvalidSetting(name="tag", value=self.tag or "?", why="a name and a condition")
        for c in self.conditions:
            if c.op not in OPERATORS:
                raise InvalidSetting(name="operator", value=c.op, why=" ".join(OPERATORS))
            if isinstance(c.threshold, str):
                try:
                    float(c.threshold[1:]) if c.threshold.startswith("p") else float("x")
                except ValueError:
                    raise InvalidSetting(name="threshold", value=c.threshold,
                                         why="a number or a percentile such as p80") from None
        return self

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TagRule":
        conds = tuple(Condition(c["feature"], c["op"], c["threshold"]) for c in data["conditions"])
        return cls(data["tag"], data.get("label_en") or data["tag"],
                   data.get("label_zh") or data.get("label_en") or data["tag"], conds).validated()


def default_rules(categories: list[str] = ()) -> list[TagRule]:
    """Common practice in retail CRM; category lovers for each of the top categories."""
    rules = [
        TagRule("high_value", "High value", "高价值", (Condition("monetary", ">=", "p80"),)),
        TagRule("frequent", "Frequent", "高频", (Condition("frequency", ">=", "p80"),
                                                 Condition("frequency", ">=", 3))),
        TagRule("bargain_hunter", "Bargain hunter", "价格敏感",
                (Condition("discount_share", ">=", 0.5),)),
        TagRule("one_time", "One-time buyer", "一次性客户", (Condition("frequency", "==", 1),)),
        TagRule("dormant", "Dormant", "沉睡", (Condition("recency_days", ">", 180),)),
        TagRule("new", "New", "新客", (Condition("tenure_days", "<=", 30),)),
        TagRule("returner", "Returner", "高退货", (Condition("return_rate", ">=", 0.2),)),
    ]
    for name in list(categories)[:5]:
        rules.append(TagRule(f"loves:{name}", f"{name} lover", f"{name}爱好者",
                             (Condition(CATEGORY_PREFIX + name, ">=", 0.5),)))
    return rules


class Tagger:
    """``fit(features)`` sets ``tags_`` (bool frame, one column per rule), ``thresholds_`` and
    ``not_applicable_`` (rules whose feature is missing or empty)."""

    def __init__(self, rules: list[TagRule]):
        self.rules = rules

    def fit(self, features: pd.DataFrame) -> "Tagger":
        tags, thresholds, missing = {}, {}, []
        for rule in self.rules:
            mask = pd.Series(True, index=features.index)
            usable = True
            for cond in rule.conditions:
                if cond.feature not in features or features[cond.feature].notna().sum() == 0:
                    usable = False
                    break
                value = cond.resolve(features)
                thresholds[(rule.tag, cond.feature, cond.op)] = value
                mask &= OPERATORS[cond.op](features[cond.feature], value).fillna(False)
            if not usable:
                missing.append(rule.tag)
                mask = pd.Series(False, index=features.index)
            tags[rule.tag] = mask.to_numpy(dtype=bool)
        self.tags_ = pd.DataFrame(tags, index=features.index)
        self.thresholds_ = thresholds
        self.not_applicable_ = missing
        return self


def stored_rules(vault) -> list[TagRule] | None:
    """The user's rules, or None when they never edited them (then the defaults apply)."""
    with vault.reader() as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING_KEY,)).fetchone()
    return [TagRule.from_dict(d) for d in json.loads(row[0])] if row else None


def save_rules(vault, rules: list[TagRule]) -> None:
    text = json.dumps([r.validated().to_dict() for r in rules], ensure_ascii=False)
    vault.write(lambda v, i: v.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (SETTING_KEY, text)),
        audit_event=("settings_changed", {"setting": SETTING_KEY, "rules": len(rules)}))


def reset_rules(vault) -> None:
    vault.write(lambda v, i: v.execute("DELETE FROM settings WHERE key = ?", (SETTING_KEY,)),
                audit_event=("settings_changed", {"setting": SETTING_KEY, "rules": 0}))


def tag_counts(tags: pd.DataFrame) -> pd.Series:
    return tags.sum().astype(np.int64).sort_values(ascending=False)
