"""Order lines that are not merchandise: postage, shipping, fees, bank charges, manual adjustments,
discounts (issue 14, item 6).

Shops put these on the same invoices as products, under their own codes (POST, M, DOT, 运费...).
Counted as products they top the best-seller lists, become "recommendations" and inflate a
customer's spend. They are found from the data in front of the app, never from a list of one
shop's codes:

* **name**: the product's name or code says so, in English or Chinese (postage, carriage, fee,
  commission, adjustment, discount, 运费, 手续费, 优惠 ...);
* **negative_price**: some sale line charges a negative unit price (a discount or a correction
  booked as a line; merchandise is never sold below zero);
* **priced_per_order**: a new unit price on most lines (at least ``MIN_PRICES`` distinct prices,
  and as many as ``MIN_PRICE_SHARE`` of its lines): a product has a price list of a few prices
  (wholesale tiers, promotions), postage or a manual line is priced for each order. On Online
  Retail no product has more than 15 distinct prices, DOTCOM POSTAGE has 686 over 706 lines.

The user confirms or changes each one (``persona products --service --set CODE=...``); the choice
is stored in the vault (settings key ``product_kinds``) and wins over detection.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from ..i18n import Text

SETTING_KEY = "product_kinds"
KINDS = ("service", "merchandise")
MIN_PRICES = 20
MIN_PRICE_SHARE = 0.3

_WORDS = (
    r"postage|postal\s*charges?|shipping|shipment|carriage|courier|freight|handling|delivery|"
    r"bank\s*charges?|charges?|fees?|commission|surcharge|adjust(?:ment)?s?|discounts?|"
    r"rounding|write[\s-]?off|bad\s*debt")
# Words that end names of goods too ("EASTER EGG HUNT START POST"): only the whole name counts.
_WHOLE = re.compile(r"^\s*(?:post|manual|sample|samples)\s*$", re.IGNORECASE)
# English puts the head noun last: "DOTCOM POSTAGE", "Next Day Carriage" and "AMAZON FEE" are
# charges, "CARRIAGE CLOCK" and "RED POST BOX" are goods. So the word must end the name, or end
# a one-word code (DOTCOMPOSTAGE).
_ENGLISH = re.compile(rf"(?<![a-z])(?:{_WORDS})\s*[.!]?\s*$", re.IGNORECASE)
_GLUED = re.compile(r"^\w*(?:postage|carriage|shipping)$", re.IGNORECASE)
_CHINESE = re.compile(r"运费|邮费|快递费|配送费|物流费|手续费|服务费|包装费|佣金|折扣|优惠|立减|"
                      r"满减|调整|补差|差价|补款|抹零|红包")

REASONS = {
    "name": Text("its name or code says it is not a product",
                 "名称或编码表明它不是商品"),
    "negative_price": Text("sold at a negative price on some lines",
                           "部分明细的单价为负数"),
    "priced_per_order": Text("priced anew on most orders, unlike a product's price list",
                             "几乎每笔订单单价都不同，不像商品的固定价目"),
    "set_by_user": Text("set by you", "由您设定"),
}


def name_says_service(*texts) -> bool:
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        if (_ENGLISH.search(text) or _WHOLE.match(text) or _CHINESE.search(text)
                or _GLUED.match(text.strip())):
            return True
    return False


def detect(products: pd.DataFrame, sale_lines: pd.DataFrame) -> pd.DataFrame:
    """One row per product that looks like a service line: product_id, sku, name, reason, lines,
    value. ``products`` is indexed by product_id (sku, name); ``sale_lines`` are lines of sale
    orders with product_id, unit_price and value."""
    lines = sale_lines[sale_lines["product_id"].notna()]
    ids = lines["product_id"].astype(np.int64)
    price = pd.to_numeric(lines["unit_price"], errors="coerce")
    g = price.groupby(ids)
    stats = pd.DataFrame({"lines": g.size(), "negative": (price < 0).groupby(ids).sum(),
                          "value": pd.to_numeric(lines["value"], errors="coerce").groupby(ids).sum()})
    positive = price.where(price > 0)
    pg = positive.groupby(ids)
    stats["priced"] = pg.count()
    stats["prices"] = pg.nunique()
    rows = []
    for pid, s in stats.iterrows():
        sku = products["sku"].get(pid) if pid in products.index else None
        name = products["name"].get(pid) if pid in products.index else None
        if name_says_service(name, sku):
            reason = "name"
        elif s["negative"] > 0:
            reason = "negative_price"
        elif s["prices"] >= MIN_PRICES and s["prices"] >= MIN_PRICE_SHARE * s["priced"]:
            reason = "priced_per_order"
        else:
            continue
        rows.append({"product_id": int(pid), "sku": sku, "name": name, "reason": reason,
                     "lines": int(s["lines"]), "value": float(s["value"])})
    return pd.DataFrame(rows, columns=["product_id", "sku", "name", "reason", "lines", "value"])


def stored_kinds(vault) -> dict[str, str]:
    """The user's choices: product code -> "service" | "merchandise"."""
    with vault.reader() as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING_KEY,)).fetchone()
    return json.loads(row[0]) if row else {}


def set_kind(vault, sku: str, kind: str) -> None:
    """Store one product's kind (audited as a settings change; the code is not written to the log:
    a shop's own product code could be anything)."""
    if kind not in KINDS:
        raise ValueError(kind)
    kinds = stored_kinds(vault)
    kinds[sku] = kind
    text = json.dumps(kinds, ensure_ascii=False, sort_keys=True)
    vault.write(lambda v, i: v.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (SETTING_KEY, text)),
        audit_event=("settings_changed", {"setting": SETTING_KEY, "products": len(kinds)}))


def candidates(products: pd.DataFrame, sale_lines: pd.DataFrame,
               kinds: dict[str, str]) -> pd.DataFrame:
    """Every detected line and every code the user chose, with its ``kind`` now: detected lines
    are "service" unless set to merchandise; a code the user set to service that detection missed
    joins with reason ``set_by_user``. What the app shows for the user to confirm or change."""
    found = detect(products, sale_lines)
    found["kind"] = found["sku"].map(lambda s: kinds.get(s, "service"))
    extra = []
    if kinds:
        by_sku = products.reset_index().drop_duplicates("sku").set_index("sku")
        for sku, kind in kinds.items():
            if kind != "service" or sku in set(found["sku"]) or sku not in by_sku.index:
                continue
            pid = int(by_sku.loc[sku, "product_id"])
            mine = sale_lines[sale_lines["product_id"] == pid]
            extra.append({"product_id": pid, "sku": sku, "name": by_sku.loc[sku, "name"],
                          "reason": "set_by_user", "lines": len(mine),
                          "value": float(pd.to_numeric(mine["value"], errors="coerce").sum()),
                          "kind": "service"})
    if extra:
        found = pd.concat([found, pd.DataFrame(extra, columns=found.columns)], ignore_index=True)
    return found.sort_values("value", ascending=False, key=abs).reset_index(drop=True)


def in_shop(data, kinds: dict[str, str]) -> pd.DataFrame:
    """``candidates`` over a ShopData's sale lines."""
    lines = data.lines_with_orders(("kind",))
    return candidates(data.products, lines[lines["kind"] == "sale"], kinds)


def service_ids(found: pd.DataFrame) -> frozenset:
    """The product ids an analysis leaves out of purchases, baskets and product lists, from
    ``in_shop``'s table."""
    return frozenset(int(i) for i in found.loc[found["kind"] == "service", "product_id"].dropna())
