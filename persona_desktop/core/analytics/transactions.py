"""The shop's orders and order lines as pandas frames, read once from the vault for an analysis.

Everything downstream (features, RFM, shop-level figures, predictions) works on these frames, so
the definitions live here in one place:

* a **line value** is the stored line amount (after line discounts) or, when a file gave none,
  quantity x unit price;
* an order imported without lines (order-level exports such as marketplace reports) gets one
  synthetic line worth its total, so shop-level revenue does not depend on the file's shape;
* a **purchase** is a line of a sale order with a customer, a positive quantity and a positive
  unit price (the data README's definition; returns and stock adjustments are not purchases),
  whose product is merchandise: postage, fees and adjustments booked as lines
  (``service_products``, found by service_lines.py and confirmed by the user) are not.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..jobs import NullProgress, Progress

ORDER_COLUMNS = ("order_id", "customer_id", "ordered_at", "paid_at", "channel", "kind", "total",
                 "amount_paid", "refund", "discount", "country", "province", "city")
LINE_COLUMNS = ("order_id", "product_id", "quantity", "unit_price", "amount", "discount")
CUSTOMER_COLUMNS = ("customer_id", "pseudonym", "signup_date", "gender", "age_band", "city",
                    "province", "country")


@dataclass
class ShopData:
    """Orders (index order_id), lines, products (index product_id) and customers (index customer_id)."""
    orders: pd.DataFrame
    lines: pd.DataFrame
    products: pd.DataFrame
    customers: pd.DataFrame
    service_products: frozenset = frozenset()   # product ids of service/fee lines
    # service_lines.in_shop's table as ``load`` found it (None for shops built without a vault)
    service_candidates: pd.DataFrame | None = None

    @property
    def has_customers(self) -> bool:
        return bool(self.orders["customer_id"].notna().any())

    @property
    def last_order_at(self) -> pd.Timestamp | None:
        stamps = self.orders["ordered_at"].dropna()
        return stamps.max() if len(stamps) else None

    def default_as_of(self) -> pd.Timestamp | None:
        """The day after the last order: recency 0 means "bought on the last day of the data"."""
        last = self.last_order_at
        return None if last is None else last.normalize() + pd.Timedelta(days=1)

    def until(self, as_of: pd.Timestamp) -> "ShopData":
        """Only what had happened before ``as_of`` (for analyses "as of" an earlier date)."""
        last = self.last_order_at
        if last is None or last < as_of:
            return self     # nothing to drop: no copy of millions of lines
        keep = self.orders["ordered_at"] < as_of
        orders = self.orders[keep]
        lines = self.lines[self.lines["order_id"].isin(orders.index)]
        return ShopData(orders, lines.reset_index(drop=True), self.products, self.customers,
                        self.service_products, self.service_candidates)

    def lines_with_orders(self, columns=("customer_id", "ordered_at", "kind")) -> pd.DataFrame:
        """Lines with the named order fields attached (a positional take, not a merge: fast)."""
        pos = self.orders.index.get_indexer(self.lines["order_id"])
        out = self.lines.copy()
        for col in columns:
            out[col] = self.orders[col].to_numpy()[pos]
        return out

    def purchases(self) -> pd.DataFrame:
        # Several analyses ask for the purchases of the same snapshot; compute them once.
        cached = self.__dict__.get("_purchases")
        if cached is not None:
            return cached
        self.__dict__["_purchases"] = out = self._purchases()
        return out

    def _purchases(self) -> pd.DataFrame:
        lines = self.lines_with_orders(("customer_id", "ordered_at", "kind", "channel"))
        price = lines["unit_price"].where(lines["unit_price"].notna(), lines["value"])
        keep = ((lines["kind"] == "sale") & lines["customer_id"].notna()
                & (lines["quantity"] > 0) & (price > 0) & ~self.is_service(lines))
        out = lines[keep].reset_index(drop=True)
        out["customer_id"] = out["customer_id"].astype(np.int64)
        return out

    def is_service(self, lines: pd.DataFrame) -> pd.Series:
        """Which of ``lines`` are postage, fee or adjustment lines (not merchandise)."""
        if not self.service_products:
            return pd.Series(False, index=lines.index)
        return lines["product_id"].isin(list(self.service_products))

    def returns(self) -> pd.DataFrame:
        """Lines of return orders that have a customer; ``value`` is made positive."""
        lines = self.lines_with_orders(("customer_id", "ordered_at", "kind"))
        keep = (lines["kind"] == "return") & lines["customer_id"].notna()
        out = lines[keep].reset_index(drop=True)
        out["customer_id"] = out["customer_id"].astype(np.int64)
        out["value"] = out["value"].abs()
        return out


def load(vault, progress: Progress | None = None) -> ShopData:
    progress = progress or NullProgress()
    progress.step(0, 4, "orders")
    with vault.reader() as conn:
        orders = _frame(conn, f"SELECT {', '.join(ORDER_COLUMNS)} FROM orders", ORDER_COLUMNS)
        progress.step(1, 4, "order lines")
        lines = _frame(conn, f"SELECT {', '.join(LINE_COLUMNS)} FROM order_lines", LINE_COLUMNS)
        progress.step(2, 4, "products")
        products = _frame(conn, "SELECT product_id, sku, name, category FROM products",
                          ("product_id", "sku", "name", "category"))
        customers = _frame(conn, f"SELECT {', '.join(CUSTOMER_COLUMNS)} FROM customers",
                           CUSTOMER_COLUMNS)
    progress.step(3, 4, "preparing")
    data = prepare(orders, lines, products, customers)
    from . import service_lines
    data.service_candidates = service_lines.in_shop(data, service_lines.stored_kinds(vault))
    data.service_products = service_lines.service_ids(data.service_candidates)
    progress.step(4, 4, "")
    return data


def prepare(orders: pd.DataFrame, lines: pd.DataFrame, products: pd.DataFrame,
            customers: pd.DataFrame) -> ShopData:
    """Typed frames from raw rows (also used by tests that build a shop without a vault)."""
    orders = orders.copy()
    orders["ordered_at"] = _dates(orders["ordered_at"])
    orders["paid_at"] = _dates(orders["paid_at"] if "paid_at" in orders
                               else pd.Series(None, index=orders.index, dtype=object))
    for col in ("total", "amount_paid", "refund", "discount", "customer_id"):
        if col in orders:
            orders[col] = pd.to_numeric(orders[col], errors="coerce").astype(float)
    for col in ORDER_COLUMNS:
        if col not in orders:
            orders[col] = np.nan
    orders = orders.set_index("order_id").sort_index()

    lines = lines.copy()
    for col in ("quantity", "unit_price", "amount", "discount", "product_id"):
        lines[col] = pd.to_numeric(lines[col], errors="coerce").astype(float) if col in lines \
            else np.nan
    lines["value"] = lines["amount"].where(lines["amount"].notna(),
                                           lines["quantity"] * lines["unit_price"])
    lines = pd.concat([lines, _synthetic_lines(orders, lines)], ignore_index=True)
    lines["order_id"] = lines["order_id"].astype(np.int64)

    products = products.set_index("product_id") if "product_id" in products else products
    customers = customers.copy()
    if "signup_date" in customers:
        customers["signup_date"] = _dates(customers["signup_date"])
    customers = customers.set_index("customer_id") if "customer_id" in customers else customers
    return ShopData(orders, lines, products, customers)


def _synthetic_lines(orders: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    bare = orders.index.difference(pd.Index(lines["order_id"].unique()))
    if not len(bare):
        return lines.iloc[0:0]
    total = orders.loc[bare, "total"].to_numpy(dtype=float)
    is_return = orders.loc[bare, "kind"].eq("return").to_numpy()
    # A return order's total may be written positive or negative; its value is always negative.
    # A sale with a zero or negative total keeps that price, so it is not a purchase.
    value = np.where(is_return, -np.abs(total), total)
    return pd.DataFrame({"order_id": bare.to_numpy(), "product_id": np.nan,
                         "quantity": np.where(is_return, -1.0, 1.0),
                         "unit_price": np.where(is_return, np.abs(total), total),
                         "amount": value, "discount": np.nan, "value": value})


def _frame(conn, sql: str, columns, chunk: int = 100_000) -> pd.DataFrame:
    # In chunks: two million rows as Python tuples would cost far more memory than the frame.
    cursor = conn.execute(sql)
    parts = []
    while True:
        rows = cursor.fetchmany(chunk)
        if not rows:
            break
        parts.append(pd.DataFrame.from_records(rows, columns=list(columns)))
    if not parts:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _dates(values: pd.Series) -> pd.Series:
    # Stored as ISO text; parse each distinct stamp once (orders share few distinct stamps).
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    values = values.astype(object).where(values.notna(), None)
    uniques = pd.unique(values.dropna())
    if not len(uniques):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object), format="ISO8601", errors="coerce")
    mapping = pd.Series(parsed.to_numpy(), index=uniques)
    return pd.to_datetime(values.map(mapping))
