"""What one chunk of an import writes, as SQLite parameters, prepared without a connection.

Everything here is pure (rows in, plain Python lists out), so it runs on the import's prefetch
thread (prefetch.py) and the writer thread is left with the statements and the look-ups of ids
that only the database knows. One row per customer, product and order is each one's first
non-missing value per column, as ``groupby(...).first()`` gives it; ``first_valid`` computes
that from the first row of each group and fixes up only the columns that have gaps (measured on
Online Retail: 0.05 s instead of groupby's 0.5 s, most of it on object columns).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import columns
from .binding import column
from .bulk import NULL, Packed
from .natural_keys import ChunkKeys, sorted_runs

CUSTOMER_COLUMNS = ["customer", "signup_date", "gender", "age_band", "city", "province", "country",
                    "postcode_prefix"]
PRODUCT_COLUMNS = ["sku", "product_name", "category"]
ORDER_COLUMNS = ["order_no", "customer", "ordered_at", "paid_at", "channel", "kind", "order_total",
                 "amount_paid", "refund", "discount", "country", "province", "city", "note"]
LINE_COLUMNS = ["quantity", "unit_price", "amount", "discount", "flags"]


def first_rows(group: np.ndarray) -> np.ndarray:
    """Row of each group's first appearance. ``group`` numbers groups in order of first
    appearance (what ``pd.factorize`` gives; -1: the row is in no group), so a row is a first
    exactly when its number is larger than every number before it."""
    if not len(group):
        return np.empty(0, dtype=np.int64)
    before = np.maximum.accumulate(np.concatenate(([-1], group[:-1])))
    return np.flatnonzero(group > before)


def first_valid(frame: pd.DataFrame, group: np.ndarray, absent=frozenset()) -> pd.DataFrame:
    """``frame.groupby(group, sort=True).first()`` for groups numbered as ``first_rows`` wants
    them: per group and column, the first non-missing value (missing if there is none).
    ``absent``: columns known to be missing on every row.

    Only rows of groups whose first row lacks the value are searched, so columns filled on every
    line (most of an order's) cost one take of the first rows."""
    firsts = first_rows(group)
    out = {}
    for c in frame.columns:
        column = frame[c]
        values = column.iloc[firsts]
        if c not in absent:
            lacking = values.isna().to_numpy()
            if lacking.any():
                wanted = np.zeros(len(firsts) + 1, dtype=bool)  # + 1: group -1 is never wanted
                wanted[:-1] = lacking
                search = np.flatnonzero(wanted[group])
                found = search[column.iloc[search].notna().to_numpy()]
                if len(found):
                    groups, at = np.unique(group[found], return_index=True)
                    take = firsts.copy()
                    take[groups] = found[at]
                    values = column.iloc[take]
        out[c] = values.reset_index(drop=True)
    return pd.DataFrame(out, index=pd.RangeIndex(len(firsts)))


@dataclass
class Customers:
    keys: list[str]  # pseudonyms, one per customer of the chunk
    present: list[int]  # per customer: bit i set when attribute column i + 1 is not missing
    params: list  # CUSTOMER_COLUMNS, one value per customer (binding.column: list or NULL)


@dataclass
class Products:
    keys: list[str]
    params: list  # PRODUCT_COLUMNS (binding.column)
    name_from_sale: list[int]  # 1: the name came from a sale line (positive quantity and price)


@dataclass
class Orders:
    keys: list[bytes]  # natural keys, one per order (ChunkKeys.orders)
    customer: tuple[np.ndarray, np.ndarray]  # each order's pseudonym: codes, distinct values
    params: dict[str, list]  # ORDER_COLUMNS but customer; order_total filled in, see derived
    derived: list[bool]  # the total is the sum of the order's lines in this chunk (no total given)


@dataclass
class Lines:
    group: np.ndarray  # each line's order, a position in Orders.keys
    sku: tuple[np.ndarray, np.ndarray]  # each line's product: codes, distinct values
    keys: Packed  # the 16-byte natural keys, in line order
    params: dict[str, list]  # LINE_COLUMNS


@dataclass
class ChunkRows:
    n: int
    identities: pd.DataFrame | None = None
    customers: Customers | None = None
    products: Products | None = None
    orders: Orders | None = None
    lines: Lines | None = None
    outcomes: Counter = field(default_factory=Counter)  # report.outcomes of these rows
    flags: Counter = field(default_factory=Counter)


def prepare(good: pd.DataFrame, identities: pd.DataFrame | None, keys: ChunkKeys | None,
            coded: dict, customers_only: bool, absent=frozenset()) -> ChunkRows:
    """``good``: the rows to store; ``coded``: their customer/order number/product texts
    factorised (Transformed.texts), where at hand; ``absent``: columns missing on every row."""
    out = ChunkRows(len(good))
    if identities is not None and len(identities):
        out.identities = identities[identities["pseudonym"].isin(good["customer"].dropna())]
    out.customers = _customers(good, _codes(good, "customer", coded), absent)
    if customers_only:
        return out
    out.products = None if "sku" in absent else _products(good, _codes(good, "sku", coded), absent)
    out.orders, out.lines = _orders(good, keys, _codes(good, "sku", coded), absent)
    for kind, c in good["kind"].value_counts().items():
        out.outcomes[f"{kind}_lines"] += int(c)
    out.outcomes["anonymous_lines"] += int((coded["customer"][0] < 0).sum()
                                           if "customer" in coded else good["customer"].isna().sum())
    out.outcomes["cancellation_rows"] += int(good["cancellation"].sum())
    if good["flags"].notna().any():
        for flag, c in good["flags"].dropna().str.split(";").explode().value_counts().items():
            out.flags[flag] += int(c)
    return out


def _codes(rows: pd.DataFrame, column: str, coded: dict) -> tuple[np.ndarray, np.ndarray]:
    """A column's (codes, distinct values), -1 where missing, numbered 0..n-1 in order of first
    appearance. ``coded`` may hold a factorisation of more rows than ``rows`` (columns.subset
    keeps the chunk's distinct values): its codes are renumbered to the values still used."""
    if column not in coded:
        codes, uniques = pd.factorize(rows[column].to_numpy(dtype=object, na_value=None))
        return codes, np.asarray(uniques, dtype=object)
    # Renumbered from scratch: once rows were dropped, the kept codes need not be in order of
    # first appearance any more (a value's first row may have been quarantined).
    return columns.canonical(*coded[column])


def _customers(rows: pd.DataFrame, customer, absent) -> Customers | None:
    codes, uniques = customer
    if not (codes >= 0).any():
        return None
    first = first_valid(rows[CUSTOMER_COLUMNS], codes, absent)
    attributes = first[CUSTOMER_COLUMNS[1:]].notna().to_numpy()
    present = (attributes * (1 << np.arange(attributes.shape[1]))).sum(axis=1)
    return Customers([str(u) for u in uniques.tolist()], present.tolist(),
                     [column(first[c]) for c in CUSTOMER_COLUMNS])


def _products(rows: pd.DataFrame, sku, absent) -> Products | None:
    codes, uniques = sku
    if not (codes >= 0).any():
        return None
    first = first_valid(rows[PRODUCT_COLUMNS], codes, absent)
    from_sale = np.zeros(len(first), dtype=np.int64)
    if "product_name" not in absent:
        # A product is named by a line that sells it: an adjustment row (zero price, a "mailout"
        # note) may come first in the file and must not name the product (issue 14, item 6).
        names = rows["product_name"].where(_sale_lines(rows))
        sale_names = first_valid(names.to_frame(), codes)["product_name"]
        from_sale = sale_names.notna().to_numpy().astype(np.int64)
        first["product_name"] = np.where(from_sale == 1, sale_names.to_numpy(dtype=object),
                                         first["product_name"].to_numpy(dtype=object))
    return Products([str(u) for u in uniques.tolist()],
                    [column(first[c]) for c in PRODUCT_COLUMNS], from_sale.tolist())


def _sale_lines(rows: pd.DataFrame) -> pd.Series:
    """Rows that sell something: a sale with a positive quantity and unit price (where given)."""
    sale = rows["kind"].eq("sale") if "kind" in rows else pd.Series(True, index=rows.index)
    for col in ("quantity", "unit_price"):
        if col in rows:
            values = pd.to_numeric(rows[col], errors="coerce")
            sale &= values.gt(0) | values.isna()
    return sale


def _fsum(values: list) -> float:
    try:
        return math.fsum(values)
    except OverflowError:  # sums past the largest float: inf, as SQLite's sum() gives
        return sum(values)


def _line_sums(amount: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """Per group, the sum of its non-missing amounts (NaN when it has none), correctly rounded,
    whatever order the lines come in: SQLite's compensated sum() gives the same (equal on every
    order of Online Retail and the demo shop; at most an ulp apart in contrived cancellations).
    One or two values need no help (IEEE addition of two is correctly rounded); longer runs go
    through math.fsum. Like SQLite's, a sum is never -0.0."""
    known = ~np.isnan(amount)
    out = np.full(n, np.nan)
    if not known.any():
        return out
    by_group = np.argsort(group[known], kind="stable")
    values = amount[known][by_group]
    ordered = group[known][by_group]
    starts, counts = sorted_runs(ordered)
    groups = ordered[starts]
    out[groups] = values[starts]
    pair = counts == 2
    out[groups[pair]] += values[starts[pair] + 1]
    many = np.flatnonzero(counts > 2)
    if len(many):
        listed = values.tolist()
        ends = starts + counts
        out[groups[many]] = [_fsum(listed[a:b])
                             for a, b in zip(starts[many].tolist(), ends[many].tolist())]
    return out + 0.0  # -0.0 + 0.0 is 0.0


def _orders(rows: pd.DataFrame, keys: ChunkKeys, sku, absent) -> tuple[Orders, Lines]:
    orders = first_valid(rows[ORDER_COLUMNS], keys.group, absent)
    params = {c: column(orders[c]) for c in ORDER_COLUMNS if c != "customer"}
    # An order without a total is worth the sum of its lines (SQL's sum: NULL amounts left out,
    # NULL when all are): summed here per chunk; the writer re-sums in SQL the few orders whose
    # lines span chunks.
    derived = orders["order_total"].isna().to_numpy()
    if derived.any():
        sums = _line_sums(rows["amount"].to_numpy(dtype=np.float64, na_value=np.nan), keys.group,
                          len(orders))
        totals = np.where(derived, sums, orders["order_total"].to_numpy(dtype=np.float64,
                                                                       na_value=np.nan))
        params["order_total"] = NULL if np.isnan(totals).all() else totals.tolist()
    customer = pd.factorize(orders["customer"].to_numpy(dtype=object, na_value=None))
    # Lines go in in the order of their keys, so the UNIQUE index on the keys (random values)
    # is filled page by page rather than at random places (measured: inserts ~12 % faster). No
    # reader relies on line ids following the file: lines are found by order, import and key.
    # By the first 8 bytes only (ties are as rare as 64-bit collisions and cost nothing but a
    # slightly less ordered insert): a quarter of the time np.lexsort takes for both halves.
    by_key = np.argsort(np.ascontiguousarray(keys.line).view(">u8")[::2].astype(np.uint64))
    line = rows[LINE_COLUMNS].take(by_key)
    lines = Lines(keys.group[by_key], (sku[0][by_key], sku[1]),
                  Packed(keys.line[by_key].tobytes(), keys.line.dtype.itemsize),
                  {c: column(line[c]) for c in LINE_COLUMNS})
    return Orders(keys.orders, customer, params, derived.tolist()), lines
