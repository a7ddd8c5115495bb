"""Shop-level figures: what every vault can show, even one without customer identifiers.

Marketplace order reports (Tmall: order totals, province, refund, order and payment times, no
customer) only support these; shops with customers get them too, next to the customer analytics.

Definitions (one place, see also transactions.py):

* **revenue** is the value of the lines of sale orders; **refunded value** is the orders' refund
  column (sale orders) plus the value of return orders; **net revenue** = revenue - refunded value;
  **refund rate** = refunded value / revenue (None when the data has neither refunds nor returns);
* **orders** are sale orders; **customers** the distinct customers of sale orders (None without
  customer identifiers), so the **repeat-purchase rate** (customers with >= 2 distinct purchase
  orders / customers with a purchase) only exists where customers exist;
* time series (month, day, weekday, hour, weekday x hour) count sale orders by their order time;
  they describe the shop's calendar, not groups of people, so they are not suppressed;
* breakdowns by country, province, city, channel, product category and product are groups of
  people: each goes through ``disclosure.merge_small_groups`` on its distinct customers (distinct
  orders when the shop has no customers), so no row with fewer than k of them is ever shown alone
  (privacy.md D1). Orders with no value for a dimension are left out of it and counted in
  ``unattributed_revenue``.

A dimension or figure the data cannot give is absent, with a reason code in ``missing``
(``REASONS``), never an empty frame or a zero pretending to be a measurement.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from ..jobs import NullProgress, Progress
from ..privacy.disclosure import effective_k
# NO_VALUES: the orders carry no such field; ALL_GROUPS_SMALL: every group is below k.
from .breakdowns import ALL_GROUPS_SMALL, NO_VALUES, breakdown
from .transactions import ShopData

SCHEMA_VERSION = 1
TOP_PRODUCTS = 20
REGION_DIMENSIONS = ("country", "province", "city", "channel")
DIMENSIONS = REGION_DIMENSIONS + ("category", "product")

# Reason codes for what a summary leaves out (charts and pages translate them).
NO_SALES = "no_sales"                  # no sale orders at all
NO_DATES = "no_dates"                  # sale orders carry no order time
NO_PRODUCTS = "no_products"            # order-level file: no products on the lines
NO_CATEGORIES = "no_categories"        # products have no category
NO_CUSTOMERS = "no_customers"          # no customer identifiers (anonymous orders only)
NO_PAYMENT_TIMES = "no_payment_times"  # no payment times
NO_REFUND_DATA = "no_refund_data"      # neither a refund column nor return orders
FRAME_FIELDS = ("by_month", "by_day", "by_weekday", "by_hour", "weekday_hour")
REASONS = (NO_SALES, NO_DATES, NO_VALUES, NO_PRODUCTS, NO_CATEGORIES, ALL_GROUPS_SMALL,
           NO_CUSTOMERS, NO_PAYMENT_TIMES, NO_REFUND_DATA)


@dataclass
class ShopSummary:
    """Plain numbers and frames (RangeIndex, str/int64/float64 columns); JSON-safe via to_dict()."""
    k: int
    orders: int
    revenue: float
    net_revenue: float
    anonymous_order_share: float | None
    average_order_value: float | None
    return_orders: int
    refunded_orders: int
    refunded_value: float | None
    refund_rate: float | None
    customers: int | None
    repeat_purchase_rate: float | None
    median_payment_delay_minutes: float | None
    paid_orders: int | None
    amount_paid: float | None
    first_order_at: str | None
    last_order_at: str | None
    undated_orders: int
    by_month: pd.DataFrame      # month "YYYY-MM", revenue, orders (every month first..last)
    by_day: pd.DataFrame        # date "YYYY-MM-DD", revenue, orders (every day first..last)
    by_weekday: pd.DataFrame    # weekday 0 (Monday)..6, revenue, orders
    by_hour: pd.DataFrame       # hour 0..23, revenue, orders
    weekday_hour: pd.DataFrame  # weekday, hour, orders (168 rows)
    breakdowns: dict[str, pd.DataFrame] = field(default_factory=dict)
    unattributed_revenue: dict[str, float] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    @property
    def has_customers(self) -> bool:
        return self.customers is not None

    def breakdown(self, dimension: str) -> pd.DataFrame | None:
        """Rows label, revenue, orders, groups[, customers]; the merged small groups are OTHER."""
        return self.breakdowns.get(dimension)

    def to_dict(self) -> dict:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, pd.DataFrame):
                out[f.name] = _frame_to_dict(value)
            elif f.name == "breakdowns":
                out[f.name] = {dim: _frame_to_dict(frame) for dim, frame in value.items()}
            elif isinstance(value, dict):
                out[f.name] = {key: _scalar(v) for key, v in value.items()}
            else:
                out[f.name] = _scalar(value)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "ShopSummary":
        kwargs = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name == "breakdowns":
                kwargs[f.name] = {dim: _frame_from_dict(frame) for dim, frame in value.items()}
            elif f.name in FRAME_FIELDS:
                kwargs[f.name] = _frame_from_dict(value)
            elif isinstance(value, dict):
                kwargs[f.name] = dict(value)
            else:
                kwargs[f.name] = value
        return cls(**kwargs)


@dataclass
class _Sales:
    """The orders and lines shop_summary reads, split once into sales and the rest."""
    orders: pd.DataFrame
    kind: pd.Series             # per order: sale, return, adjustment
    sales: pd.DataFrame         # the sale orders
    sale_times: pd.Series       # their order times (NaT where unparseable)
    lines: pd.DataFrame         # every line, with its order's customer, kind, region and time
    sale_lines: pd.DataFrame    # the lines of sale orders (RangeIndex)
    has_customers: bool


def shop_summary(data: ShopData, k: int = 10, progress: Progress | None = None) -> ShopSummary:
    """Everything the shop pages and charts show, from the orders and lines of ``data``.

    ``missing`` is filled in the order of the steps below, which is the order of its keys in the
    JSON output: keep the steps in this order."""
    progress = progress or NullProgress()
    k = effective_k(k)
    total = 6
    progress.step(0, total, "orders")
    s = _split_sales(data)
    missing: dict[str, str] = {}
    n_orders = int(len(s.sales))
    revenue = float(s.sale_lines["value"].sum())
    if n_orders == 0:
        missing["orders"] = NO_SALES

    progress.step(1, total, "refunds")
    progress.check_cancelled()
    refunds = _refund_figures(s, revenue, missing)
    payments = _payment_figures(s, missing)

    progress.step(2, total, "customers")
    progress.check_cancelled()
    customers = _customer_figures(data, s, missing)

    progress.step(3, total, "calendar")
    progress.check_cancelled()
    series = _time_series(s.sale_lines, s.sale_times)
    if n_orders and not s.sale_times.notna().any():
        missing["calendar"] = NO_DATES

    progress.step(4, total, "breakdowns")
    breakdowns, unattributed = _breakdowns(data, s, k, n_orders, missing, progress)

    progress.step(5, total, "summary")
    stamps = s.sale_times.dropna()
    summary = ShopSummary(
        k=k, orders=n_orders, revenue=revenue,
        net_revenue=revenue - (refunds["refunded_value"] or 0.0),
        anonymous_order_share=float(s.sales["customer_id"].isna().mean()) if n_orders else None,
        average_order_value=revenue / n_orders if n_orders else None,
        **refunds, **customers, **payments,
        first_order_at=stamps.min().isoformat() if len(stamps) else None,
        last_order_at=stamps.max().isoformat() if len(stamps) else None,
        undated_orders=int(s.sale_times.isna().sum()),
        breakdowns=breakdowns, unattributed_revenue=unattributed, missing=missing, **series)
    progress.step(total, total, "")
    return summary


# --- pieces ---------------------------------------------------------------------------------------

def _split_sales(data: ShopData) -> _Sales:
    orders = data.orders
    ordered_at = pd.to_datetime(orders["ordered_at"], errors="coerce")
    kind = orders["kind"].astype(object)
    is_sale = (kind == "sale").to_numpy()
    sales = orders[is_sale]
    sale_times = ordered_at[is_sale]
    has_customers = bool(sales["customer_id"].notna().any())
    lines = data.lines_with_orders(("customer_id", "kind") + REGION_DIMENSIONS)
    lines["ordered_at"] = ordered_at.to_numpy()[orders.index.get_indexer(lines["order_id"])]
    sale_lines = lines[(lines["kind"] == "sale").to_numpy()].reset_index(drop=True)
    return _Sales(orders, kind, sales, sale_times, lines, sale_lines, has_customers)


def _refund_figures(s: _Sales, revenue: float, missing: dict) -> dict:
    """Return orders, refunded orders and value, and the refund rate (ShopSummary fields)."""
    return_orders = int((s.kind == "return").sum())
    lines = s.lines
    return_value = float(lines.loc[(lines["kind"] == "return").to_numpy(), "value"].abs().sum())
    refund_col = pd.to_numeric(s.sales["refund"], errors="coerce")
    has_refunds = bool(refund_col.notna().any()) or return_orders > 0
    refunded_value = float(refund_col.fillna(0).clip(lower=0).sum()) + return_value \
        if has_refunds else None
    refund_rate = None
    if refunded_value is None:
        missing["refund_rate"] = NO_REFUND_DATA
    elif revenue > 0:
        refund_rate = refunded_value / revenue
    return {"return_orders": return_orders,
            "refunded_orders": int((refund_col.fillna(0) > 0).sum()),
            "refunded_value": refunded_value, "refund_rate": refund_rate}


def _payment_figures(s: _Sales, missing: dict) -> dict:
    """Paid orders, amount paid and the median minutes from order to payment."""
    paid_at = pd.to_datetime(s.sales["paid_at"], errors="coerce")
    delay = None
    paid_orders = None
    if paid_at.notna().any():
        paid_orders = int(paid_at.notna().sum())
        minutes = (paid_at - s.sale_times).dt.total_seconds() / 60.0
        minutes = minutes[minutes.notna() & (minutes >= 0)]
        delay = float(minutes.median()) if len(minutes) else None
    else:
        missing["median_payment_delay_minutes"] = NO_PAYMENT_TIMES
    amount_paid = pd.to_numeric(s.sales["amount_paid"], errors="coerce")
    return {"median_payment_delay_minutes": delay, "paid_orders": paid_orders,
            "amount_paid": float(amount_paid.sum()) if amount_paid.notna().any() else None}


def _customer_figures(data: ShopData, s: _Sales, missing: dict) -> dict:
    """Distinct customers and the repeat-purchase rate; None without customer identifiers."""
    customers = repeat_rate = None
    if s.has_customers:
        customers = int(s.sales["customer_id"].nunique())
        bought = data.purchases()
        per_customer = bought.groupby("customer_id")["order_id"].nunique()
        repeat_rate = float((per_customer >= 2).mean()) if len(per_customer) else None
    else:
        missing["customers"] = missing["repeat_purchase_rate"] = NO_CUSTOMERS
    return {"customers": customers, "repeat_purchase_rate": repeat_rate}


def _breakdowns(data: ShopData, s: _Sales, k: int, n_orders: int, missing: dict,
                progress: Progress) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """Every dimension the data has, small groups merged; a reason in ``missing`` for the rest."""
    breakdowns: dict[str, pd.DataFrame] = {}
    unattributed: dict[str, float] = {}
    sale_lines = s.sale_lines
    labels = {dim: sale_lines[dim] for dim in REGION_DIMENSIONS}
    labels.update(_product_labels(data, sale_lines, missing))
    for dim in DIMENSIONS:
        progress.check_cancelled()
        if dim not in labels:
            continue
        if n_orders == 0:
            missing[dim] = NO_SALES
            continue
        result = breakdown(sale_lines, labels[dim], k, s.has_customers,
                           top=TOP_PRODUCTS if dim == "product" else None)
        if isinstance(result, str):
            missing[dim] = result
            continue
        breakdowns[dim], unattributed[dim] = result
    return breakdowns, unattributed


def _time_series(sale_lines: pd.DataFrame, sale_times: pd.Series) -> dict[str, pd.DataFrame]:
    dated = sale_lines[sale_lines["ordered_at"].notna()]
    times = sale_times.dropna()
    # Sum lines per order first: the calendar keys are then built for orders, not for every line.
    per_order = dated.groupby("order_id", sort=False).agg(t=("ordered_at", "first"),
                                                         v=("value", "sum"))
    value = per_order["v"].to_numpy(dtype=float)
    line_t = pd.to_datetime(per_order["t"])

    def series(line_key, order_key, keys, name):
        rev = pd.Series(value, index=line_key.to_numpy()).groupby(level=0).sum()
        cnt = order_key.value_counts()
        return pd.DataFrame({name: keys,
                             "revenue": rev.reindex(keys, fill_value=0.0).to_numpy(dtype=float),
                             "orders": cnt.reindex(keys, fill_value=0).to_numpy(dtype=np.int64)})

    if len(times):
        months = [str(p) for p in pd.period_range(times.min(), times.max(), freq="M")]
        days = [d.strftime("%Y-%m-%d")
                for d in pd.date_range(times.min().normalize(), times.max().normalize(), freq="D")]
    else:
        months, days = [], []
    out = {
        "by_month": series(line_t.dt.strftime("%Y-%m"), times.dt.strftime("%Y-%m"), months,
                           "month"),
        "by_day": series(line_t.dt.strftime("%Y-%m-%d"), times.dt.strftime("%Y-%m-%d"), days,
                         "date"),
        "by_weekday": series(line_t.dt.day_of_week, times.dt.day_of_week, list(range(7)),
                             "weekday"),
        "by_hour": series(line_t.dt.hour, times.dt.hour, list(range(24)), "hour"),
    }
    for key in ("month", "date"):
        frame = out["by_" + ("month" if key == "month" else "day")]
        frame[key] = frame[key].astype(str)
    # The first and last months may hold only part of a month of data: marked, so a chart never
    # shows a short month as a drop (periods.py).
    from .periods import partial_months
    spans = partial_months(times.min(), times.max()) if len(times) else {}
    out["by_month"]["partial"] = [spans.get(m, "") for m in out["by_month"]["month"]]
    for key, name in (("weekday", "by_weekday"), ("hour", "by_hour")):
        out[name][key] = out[name][key].astype(np.int64)
    cells = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"])
    counts = pd.Series(1, index=pd.MultiIndex.from_arrays([times.dt.day_of_week, times.dt.hour]))
    counts = counts.groupby(level=[0, 1]).sum().reindex(cells, fill_value=0)
    out["weekday_hour"] = pd.DataFrame({
        "weekday": cells.get_level_values(0).to_numpy(dtype=np.int64),
        "hour": cells.get_level_values(1).to_numpy(dtype=np.int64),
        "orders": counts.to_numpy(dtype=np.int64)})
    return out


def _product_labels(data: ShopData, sale_lines: pd.DataFrame, missing: dict) -> dict:
    """Product and category label per sale line, or a reason in ``missing`` when there are none.

    A product is labelled by its name, else its SKU, else "#id" (grouped by that label)."""
    pid = pd.to_numeric(sale_lines["product_id"], errors="coerce")
    if not pid.notna().any():
        missing["product"] = missing["category"] = NO_PRODUCTS
        return {}
    products = data.products

    def column(name: str) -> pd.Series:
        if name not in products:
            return pd.Series(None, index=products.index, dtype=object)
        values = products[name].astype(object)
        return values.where(values.notna() & (values.astype(str).str.strip() != ""), None)

    fallback = pd.Series([f"#{int(i)}" for i in products.index], index=products.index, dtype=object)
    label = column("name")
    label = label.where(label.notna(), column("sku"))
    label = label.where(label.notna(), fallback)
    pos = products.index.get_indexer(pid)
    found = pos >= 0
    unknown = ~found & pid.notna().to_numpy()
    product = pd.Series(None, index=range(len(pid)), dtype=object)
    product[found] = label.to_numpy()[pos[found]]
    product[unknown] = [f"#{int(i)}" for i in pid[unknown]]
    # Postage, fees and adjustments are not products: their revenue stays in the shop's total
    # and shows as not attributed to a product.
    product[data.is_service(sale_lines).to_numpy()] = None
    out = {"product": product}
    categories = column("category")
    if categories.notna().any():
        category = pd.Series(None, index=range(len(pid)), dtype=object)
        category[found] = categories.to_numpy()[pos[found]]
        category[data.is_service(sale_lines).to_numpy()] = None
        out["category"] = category
    else:
        missing["category"] = NO_CATEGORIES
    return out


# --- JSON -----------------------------------------------------------------------------------------

def _scalar(value):
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def _frame_to_dict(frame: pd.DataFrame) -> dict:
    data = {}
    for col in frame.columns:
        values = frame[col].tolist()
        data[str(col)] = [_scalar(v) for v in values]
    return {"columns": [str(c) for c in frame.columns],
            "dtypes": [str(frame[c].dtype) for c in frame.columns], "data": data}


def _frame_from_dict(data: dict) -> pd.DataFrame:
    columns = data["columns"]
    out = {}
    for col, dtype in zip(columns, data["dtypes"]):
        values = data["data"][col]
        if dtype.startswith("float"):
            values = [np.nan if v is None else v for v in values]
        out[col] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(out, columns=columns)
