"""Rows of an order file after parsing: amounts, sale/return/stock adjustment, outlier flags.

``fail(mask, code)`` is transform's: the first reason found for a row is the one it keeps.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

_CANCELLATION = re.compile(r"^[Cc]\d")  # "C536379": a cancelled invoice (Online Retail)


def cancellations(order_no: pd.Series, coded=None) -> np.ndarray:
    """Order numbers of cancellations, as bool (NA: False); matched once per distinct number.
    ``coded``: the numbers already factorised (columns.canonical)."""
    if coded is not None:
        codes, uniques = coded
    else:
        codes, uniques = pd.factorize(order_no.astype("string").to_numpy(dtype=object,
                                                                         na_value=None))
    table = np.array([_CANCELLATION.match(u) is not None for u in uniques] + [False], dtype=bool)
    return table[codes]


def amounts(out: pd.DataFrame, nums: dict, fail) -> None:
    """Quantity, price and amounts of order lines; an amount missing is worked out from the
    others where it can be (line = quantity x price, else the order total or the amount paid)."""
    index = out.index
    nan = pd.Series(np.nan, index=index)
    qty = nums.get("quantity")
    price = nums.get("unit_price")
    line = nums.get("line_amount")
    total = nums.get("order_total")
    paid = nums.get("amount_paid")
    if qty is None:
        qty = pd.Series(1.0, index=index)  # order-level files: one row is one order of one "item"
    fail(qty == 0, "zero_quantity")
    if price is not None:
        fail(price < 0, "negative_price")
    amount = line if line is not None else (qty * price if price is not None else None)
    if amount is None:
        amount = total if total is not None else paid
    if amount is None:
        amount = nan.copy()
    if price is None:
        price = (amount / qty).where(qty != 0)
    fail(amount.isna() & price.isna(), "no_amount")
    out["quantity"] = qty
    out["unit_price"] = price
    out["amount"] = amount
    out["order_total"] = total if total is not None else nan
    out["amount_paid"] = paid if paid is not None else nan
    out["refund"] = nums.get("refund_amount", nan)
    out["discount"] = nums.get("discount", nan)


def classify(out: pd.DataFrame, fail, order_no=None) -> None:
    """Sale, return or stock adjustment (issue: cancellations and returns are kept and linked as
    returns; negative quantity with no customer at zero price is a stock adjustment).
    ``order_no``: the order numbers factorised, if at hand."""
    cancel = pd.Series(cancellations(out["order_no"], order_no), index=out.index)
    negative = (out["quantity"] < 0).fillna(False)
    anonymous = out["customer"].isna()
    zero_price = (out["unit_price"].fillna(0) == 0)
    adjustment = negative & anonymous & zero_price & ~cancel
    kind = pd.Series("sale", index=out.index, dtype=object)
    kind[cancel | (negative & ~adjustment)] = "return"
    kind[adjustment] = "adjustment"
    out["kind"] = kind
    out["cancellation"] = cancel.to_numpy()  # counted for the report when the row is stored


def flag_outliers(out: pd.DataFrame, outlier_limits: dict[str, float]) -> None:
    """Flag, never remove: an 80,995-unit line may be a typo or a real wholesale order."""
    flags = np.full(len(out), "", dtype=object)
    for col, code in (("quantity", "outlier_quantity"), ("unit_price", "outlier_price")):
        limit = outlier_limits.get(col)
        if limit is not None:
            hit = (out[col].abs() > limit).fillna(False).to_numpy(dtype=bool)
            flags[hit] = np.where(flags[hit] == "", code, flags[hit] + ";" + code)
    flags[flags == ""] = pd.NA
    out["flags"] = pd.Series(flags, index=out.index, dtype=object)
