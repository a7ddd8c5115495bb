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

from ...errors import EXIT_USAGE, PersonaError
from ...jobs import NullProgress, Progress
from ..baskets import DEFAULT_MAX_ITEMSETS, encode_baskets, filter_rules, mine_rules
from ..transactions import ShopData

# Segments get shorter rules and a smaller itemset budget than the whole shop: one wholesaler
# repeating a 30-product order a dozen times would otherwise make 2**30 "frequent" combinations.
SEGMENT_MAX_RULE_LENGTH = 3
SEGMENT_MAX_ITEMSETS = 200_000
SEGMENT_RULES_STORED = 20


class NoBaskets(PersonaError):
    en = ("There are no sale orders with product lines yet, so products bought together cannot "
          "be found. Import order lines (one row per product).")
    zh = "还没有带商品明细的销售订单，因此无法找出一起购买的商品。请导入订单明细（每种商品一行）。"


class SingleItemBaskets(PersonaError):
    en = ("Every order holds a single product, so there are no products bought together to "
          "find. Import order lines (one row per product) to see product combinations.")
    zh = "每个订单都只有一种商品，因此找不到一起购买的商品。请导入订单明细（每种商品一行）以查看商品组合。"


class NoRulesFound(PersonaError):
    en = ("No product combination is in at least {count} of the {baskets} orders (support "
          "{support:.2%}) with a confidence of {confidence:.0%}. Lower the minimum support or "
          "confidence to see weaker combinations.")
    zh = ("在 {baskets} 个订单中，没有商品组合出现在至少 {count} 个订单里（支持度 {support:.2%}）且置信度达到 "
          "{confidence:.0%}。降低最低支持度或置信度可以看到较弱的组合。")


class RulesBelowPrivacyFloor(NoRulesFound):
    """No rule, and the privacy floor asked for more orders than the minimum support did."""
    en = ("No product combination is in at least {count} of the {baskets} orders with a "
          "confidence of {confidence:.0%}. To protect small groups of customers, a combination "
          "is shown only when at least {count} orders hold it (the privacy threshold), which is "
          "more than the minimum support asks for, so lowering the minimum support will not "
          "show more. A lower minimum confidence, a larger group or a longer history may.")
    zh = ("在 {baskets} 个订单中，没有商品组合出现在至少 {count} 个订单里且置信度达到 {confidence:.0%}。"
          "为保护小群体顾客，商品组合至少出现在 {count} 个订单中才会显示（隐私阈值），这高于最低支持度的要求，"
          "因此降低最低支持度不会显示更多组合。降低最低置信度、选择更大的分群或导入更长时间的数据可能会有帮助。")


class RulesBelowCustomerFloor(RulesBelowPrivacyFloor):
    """Combinations reached k orders, but not k distinct customers."""
    en = ("No product combination is bought by at least {count} different customers with a "
          "confidence of {confidence:.0%} (among {baskets} orders). To protect small groups of "
          "customers, a combination is shown only when at least {count} different customers "
          "bought it (the privacy threshold); orders repeated by the same few customers do not "
          "count. Lowering the minimum support will not show more; a larger group or a longer "
          "history may.")
    zh = ("在 {baskets} 个订单中，没有商品组合被至少 {count} 位不同顾客购买且置信度达到 {confidence:.0%}。"
          "为保护小群体顾客，商品组合至少被 {count} 位不同顾客购买才会显示（隐私阈值），同几位顾客的重复订单不计入。"
          "降低最低支持度不会显示更多组合；选择更大的分群或导入更长时间的数据可能会有帮助。")


class TooFewOrdersForRules(NoRulesFound):
    """Fewer orders with two or more products than the privacy floor: no rule is possible."""
    en = ("Only {orders} of the {baskets} orders hold two or more products, and a product "
          "combination is shown only when at least {count} orders hold it (the privacy "
          "threshold, to protect small groups of customers). Lowering the minimum support or "
          "confidence will not change this; a larger group or a longer history would.")
    zh = ("{baskets} 个订单中只有 {orders} 个包含两种或以上商品，而商品组合至少出现在 {count} 个订单中才会显示"
          "（隐私阈值，用于保护小群体顾客）。降低最低支持度或置信度不会改变这一点；选择更大的分群或导入更长时间的数据才行。")


class UnknownCategory(PersonaError):
    exit_code = EXIT_USAGE
    en = "No product is in the category {name}. Categories: {names}."
    zh = "没有商品属于类别 {name}。现有类别：{names}。"


def order_baskets(data: ShopData, customers: Iterable | None = None) -> pd.DataFrame:
    """(basket_id, item) rows: the distinct products of every sale order with a product line of
    positive quantity and price, with or without a known customer; with ``customers`` (ids),
    only the orders of those customers (a segment's baskets)."""
    lines = data.lines_with_orders(("kind", "customer_id"))
    keep = ((lines["kind"] == "sale") & lines["product_id"].notna() & (lines["quantity"] > 0)
            & (lines["value"] > 0))
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
