"""Products bought together in the shop's orders: baskets, rules with the privacy floor, the
filters by item, category and segment, and the rules of each RFM segment.

A basket is the set of distinct products of one sale order. A rule must hold in at least
``min_count`` orders (the privacy threshold k, privacy.md D1) whatever the minimum support says:
a "combination" seen in two orders of a small segment describes those customers' orders, not a
pattern. When that floor, not the support, is what leaves no rule, the reason says so: lowering
the support cannot help there, and telling the user to try it would send them in circles.

Orders are not people: one customer repeating the same order k times would make a "rule" out of
one person's habit. So when the shop has customers, each rule's full itemset must also be bought
by at least ``min_count`` distinct customers; anonymous orders do not count as distinct customers
there (conservative). Only a shop with no customers at all falls back to counting orders.
"""
from __future__ import annotations

from fractions import Fraction
from math import ceil
from typing import Iterable

import numpy as np
import pandas as pd

from ...errors import (NoBaskets, NoRulesFound, PersonaError, RulesBelowCustomerFloor,
                       RulesBelowPrivacyFloor, SingleItemBaskets, TooFewOrdersForRules,
                       UnknownCategory)
from ...jobs import NullProgress, Progress
from ..baskets import DEFAULT_MAX_ITEMSETS, encode_baskets, filter_rules, mine_rules
from ..transactions import ShopData

# Segments get shorter rules and a smaller itemset budget than the whole shop: one wholesaler
# repeating a 30-product order a dozen times would otherwise make 2**30 "frequent" combinations.
SEGMENT_MAX_RULE_LENGTH = 3
SEGMENT_MAX_ITEMSETS = 200_000
SEGMENT_RULES_STORED = 20


def order_baskets(data: ShopData, customers: Iterable | None = None) -> pd.DataFrame:
    """(basket_id, item) rows: the distinct products of every sale order with a product line of
    positive quantity and price, with or without a known customer; with ``customers`` (ids),
    only the orders of those customers (a segment's baskets)."""
    lines = data.lines_with_orders(("kind", "customer_id"))
    keep = ((lines["kind"] == "sale") & lines["product_id"].notna() & (lines["quantity"] > 0)
            & (lines["value"] > 0) & ~data.is_service(lines))
    if customers is not None:
        keep &= lines["customer_id"].isin(pd.Index(customers))
    out = pd.DataFrame({"basket_id": lines.loc[keep, "order_id"].to_numpy(np.int64),
                        "item": lines.loc[keep, "product_id"].to_numpy().astype(np.int64)})
    if data.orders["customer_id"].notna().any():
        # the privacy floor counts distinct customers (association_rules); NaN = anonymous
        out["customer_id"] = lines.loc[keep, "customer_id"].to_numpy(dtype=float)
    return out.drop_duplicates()


def association_rules(baskets: pd.DataFrame, min_support: float, min_confidence: float,
                      progress: Progress | None = None, min_count: int = 0,
                      max_length: int | None = None,
                      max_itemsets: int = DEFAULT_MAX_ITEMSETS) -> pd.DataFrame:
    """Rules X => {y} (X not empty) over baskets; raises NoBaskets, SingleItemBaskets,
    TooManyItemsets or a NoRulesFound (TooFewOrdersForRules / RulesBelowPrivacyFloor when the
    privacy floor decides) with a reason to show instead of an empty table.

    ``min_count``: a rule must hold in at least this many baskets whatever the support says."""
    encoded = encode_baskets(baskets)
    sizes = np.diff(encoded.matrix.indptr)
    n = len(sizes)
    if not n:
        raise NoBaskets()
    if sizes.max() < 2:
        raise SingleItemBaskets()
    k = int(min_count)
    multi = int((sizes >= 2).sum())
    if multi < k:  # no rule can reach the floor; mining would only waste time
        raise TooFewOrdersForRules(orders=f"{multi:,}", baskets=f"{n:,}", count=k)
    asked = Fraction(str(min_support))
    support = max(asked, Fraction(k, n))
    rules = mine_rules(encoded, support, min_confidence, min_length=2, max_length=max_length,
                       progress=progress, max_itemsets=max_itemsets)
    if rules.empty:
        count = ceil(support * n)
        if k > ceil(asked * n):
            raise RulesBelowPrivacyFloor(count=count, baskets=f"{n:,}",
                                         confidence=float(min_confidence))
        raise NoRulesFound(count=count, baskets=f"{n:,}", support=float(support),
                           confidence=float(min_confidence))
    if k > 0 and "customer_id" in baskets.columns:
        rules = _rules_of_k_customers(rules, baskets, encoded, k)
        if rules.empty:
            raise RulesBelowCustomerFloor(count=k, baskets=f"{n:,}",
                                          confidence=float(min_confidence))
    return rules


def _rules_of_k_customers(rules: pd.DataFrame, baskets: pd.DataFrame, encoded, k: int):
    """The rules whose full itemset (antecedents + consequent) is in the baskets of at least k
    distinct customers; baskets without a customer (anonymous orders) count for nobody."""
    frame = baskets[baskets["basket_id"].notna() & baskets["item"].notna()]
    rows, ids = pd.factorize(frame["basket_id"], sort=False)  # the rows encode_baskets made
    owner = frame.groupby("basket_id", sort=False)["customer_id"].first()
    owners = owner.reindex(ids).to_numpy(dtype=float)
    csc = encoded.matrix.tocsc()
    column = {item: j for j, item in enumerate(encoded.items)}
    seen: dict[frozenset, bool] = {}
    keep = []
    for lhs, rhs in zip(rules["antecedents"], rules["consequent"]):
        itemset = frozenset(lhs) | {rhs}
        if itemset not in seen:
            hit = None
            for item in itemset:
                j = column[item]
                holders = csc.indices[csc.indptr[j]:csc.indptr[j + 1]]
                hit = holders if hit is None else np.intersect1d(hit, holders, assume_unique=True)
            who = owners[hit]
            seen[itemset] = len(np.unique(who[~np.isnan(who)])) >= k
        keep.append(seen[itemset])
    return rules[np.asarray(keep, dtype=bool)].reset_index(drop=True)


def category_items(products: pd.DataFrame, category: str) -> set[int]:
    """Ids of the products whose category is ``category`` (trimmed, case-insensitive); raises
    UnknownCategory, listing the shop's categories, when no product has it."""
    cats = products["category"] if "category" in products else pd.Series(dtype=object)
    text = cats.astype(object).where(cats.notna(), None)
    wanted = str(category).strip().casefold()
    hit = [int(pid) for pid, c in zip(products.index, text)
           if isinstance(c, str) and c.strip().casefold() == wanted]
    if not hit:
        names = sorted({c.strip() for c in text if isinstance(c, str) and c.strip()})
        raise UnknownCategory(name=category, names=", ".join(names) or "-")
    return set(hit)


def filter_rules_by(rules: pd.DataFrame, products: pd.DataFrame | None = None, item=None,
                    category: str | None = None) -> pd.DataFrame:
    """The rules mentioning ``item`` (a product id) and/or a product of ``category`` (from
    ``products.category``) on either side, in their order."""
    items_any = category_items(products, category) if category is not None else None
    if item is None and items_any is None:
        return rules
    return filter_rules(rules, item=item, items_any=items_any)


def rule_records(rules: pd.DataFrame, top: int | None = None) -> list[dict]:
    """Plain, JSON-ready rules (product ids): antecedents, consequent, support, confidence,
    lift, count; the first ``top`` rows (the strongest lift first)."""
    if rules is None or not len(rules):
        return []
    head = rules if top is None else rules.head(top)
    return [{"antecedents": [int(x) for x in lhs], "consequent": int(rhs), "support": float(s),
             "confidence": float(c), "lift": float(lift), "count": int(n)}
            for lhs, rhs, s, c, lift, n in
            head[["antecedents", "consequent", "support", "confidence", "lift", "count"]]
            .itertuples(index=False)]


class SegmentRules:
    """Rules within each segment's orders. ``fit(data, segments)`` with ``segments`` a Series
    customer_id -> segment id (only the segments shown on their own: privacy.md D1; in the
    order of its categories when categorical, else in order of appearance) sets
    ``rules_`` {segment: rules frame}, ``errors_`` {segment: PersonaError, why there are none}
    and ``orders_`` {segment: baskets}. Each segment uses the same support, confidence and
    privacy floor as the whole shop."""

    def __init__(self, min_support: float = 0.01, min_confidence: float = 0.2,
                 min_count: int = 10, max_length: int = SEGMENT_MAX_RULE_LENGTH,
                 max_itemsets: int = SEGMENT_MAX_ITEMSETS, progress: Progress | None = None):
        self.min_support = min_support
        self.min_confidence = min_confidence
        self.min_count = min_count
        self.max_length = max_length
        self.max_itemsets = max_itemsets
        self.progress = progress

    def fit(self, data: ShopData, segments: pd.Series) -> "SegmentRules":
        progress = self.progress or NullProgress()
        self.rules_, self.errors_, self.orders_ = {}, {}, {}
        baskets = order_baskets(data)
        owner = data.orders["customer_id"].reindex(baskets["basket_id"].to_numpy()).to_numpy()
        labels = segments.dropna()
        groups = list(segments.cat.categories) if isinstance(segments.dtype, pd.CategoricalDtype) \
            else list(dict.fromkeys(labels.to_numpy().tolist()))
        labels = labels.astype(object)
        for i, seg in enumerate(groups):
            progress.step(i, len(groups), "products bought together by segment")
            progress.check_cancelled()
            members = labels.index[labels.to_numpy() == seg]
            mine = baskets[np.isin(owner, members.to_numpy(dtype=float))]
            sizes = mine.groupby("basket_id").size()
            self.orders_[seg] = len(sizes)
            try:
                # Checked here, before "every order holds one product", which would wrongly
                # tell the user to import order lines when only this segment's are single.
                multi = int((sizes >= 2).sum())
                if multi < int(self.min_count) or not multi:
                    raise TooFewOrdersForRules(orders=f"{multi:,}", baskets=f"{len(sizes):,}",
                                               count=int(self.min_count))
                self.rules_[seg] = association_rules(
                    mine, self.min_support, self.min_confidence, min_count=self.min_count,
                    max_length=self.max_length, max_itemsets=self.max_itemsets)
            except PersonaError as err:  # TooManyItemsets and SingleItemBaskets too
                self.errors_[seg] = err
        progress.step(len(groups), len(groups), "")
        return self


def product_names(products: pd.DataFrame, ids) -> dict:
    """{product id: name (or SKU, or "#id")} for the given ids."""
    out = {}
    for pid in ids:
        if pid is None or pid != pid:
            continue
        pid = int(pid)
        name = sku = None
        if pid in products.index:
            row = products.loc[pid]
            name, sku = row.get("name"), row.get("sku")
        out[pid] = str(name) if isinstance(name, str) and name else \
            (str(sku) if isinstance(sku, str) and sku else f"#{pid}")
    return out
