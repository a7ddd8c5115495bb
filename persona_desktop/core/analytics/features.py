"""One row of behaviour per customer, computed from purchases with vectorised pandas.

Definitions (the README's "How the figures are computed" repeats them for users):

* recency: whole days from the last purchase day to the as-of day (default: the day after the
  last order in the vault, so a purchase on the last day has recency 1);
* frequency: distinct purchase orders; monetary: gross value of purchases;
* returns: value of the customer's return orders (made positive); net revenue = monetary - returns;
  return rate = returns / monetary, capped at 1;
* tenure: days from the first purchase day to the as-of day; gaps: days between consecutive
  distinct purchase orders;
* customers with orders but no purchase (only cancellations, say) are not scored: they are listed
  in ``no_purchase_`` so screens can say how many there are.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .transactions import ShopData

TOP_CATEGORIES = 8
CATEGORY_PREFIX = "cat:"
NUMERIC = ("recency_days", "frequency", "monetary", "net_revenue", "returns_value", "aov",
           "tenure_days", "mean_gap_days", "median_gap_days", "return_rate", "n_products",
           "n_categories", "weekend_share", "discount_share")
DEMOGRAPHICS = ("gender", "age_band", "city", "province", "country")


class CustomerFeatures:
    """``fit(data)`` sets ``features_`` (index customer_id), ``as_of_``, ``categories_`` and
    ``no_purchase_`` (customer ids with orders but no purchase)."""

    def __init__(self, as_of=None, top_categories: int = TOP_CATEGORIES):
        self.as_of = as_of
        self.top_categories = top_categories

    def fit(self, data: ShopData) -> "CustomerFeatures":
        as_of = pd.Timestamp(self.as_of) if self.as_of is not None else data.default_as_of()
        if as_of is not None:
            data = data.until(as_of)
        self.as_of_ = as_of
        purchases = data.purchases()
        with_orders = set(data.orders["customer_id"].dropna().astype(np.int64))
        self.no_purchase_ = sorted(with_orders - set(purchases["customer_id"].unique()))
        if purchases.empty:
            self.features_ = pd.DataFrame(columns=list(NUMERIC)).rename_axis("customer_id")
            self.categories_ = []
            return self
        feats = _behaviour(purchases, as_of)
        feats = feats.join(_returns(data.returns()), how="left")
        feats["returns_value"] = feats["returns_value"].fillna(0.0)
        feats["net_revenue"] = feats["monetary"] - feats["returns_value"]
        feats["return_rate"] = (feats["returns_value"] / feats["monetary"]).clip(upper=1.0)
        cats, self.categories_ = _categories(purchases, data.products, self.top_categories)
        feats = feats.join(cats, how="left")
        feats = feats.join(_channel(purchases), how="left")
        feats = feats.join(_demographics(data.customers, feats.index), how="left")
        self.features_ = feats
        return self


def _behaviour(p: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    orders = (p.groupby(["customer_id", "order_id"], sort=False)
              .agg(ordered_at=("ordered_at", "first"), value=("value", "sum"))
              .reset_index().sort_values(["customer_id", "ordered_at", "order_id"]))
    g = orders.groupby("customer_id", sort=True)
    out = pd.DataFrame({"first_purchase": g["ordered_at"].min(),
                        "last_purchase": g["ordered_at"].max(),
                        "frequency": g["order_id"].size().astype(float),
                        "monetary": g["value"].sum()})
    day = as_of.normalize()
    out["recency_days"] = (day - out["last_purchase"].dt.normalize()).dt.days.astype(float)
    out["tenure_days"] = (day - out["first_purchase"].dt.normalize()).dt.days.astype(float)
    out["aov"] = out["monetary"] / out["frequency"]
    same = orders["customer_id"].eq(orders["customer_id"].shift())
    gaps = (orders["ordered_at"].diff().dt.total_seconds() / 86400.0).where(same)
    gap_groups = gaps.groupby(orders["customer_id"])
    out["mean_gap_days"] = gap_groups.mean()
    out["median_gap_days"] = gap_groups.median()
    weekend = orders["ordered_at"].dt.day_of_week >= 5
    out["weekend_share"] = weekend.groupby(orders["customer_id"]).mean()
    out["main_hour"] = _most_common(orders["customer_id"], orders["ordered_at"].dt.hour)
    lines = p.groupby("customer_id")
    out["n_products"] = lines["product_id"].nunique().astype(float)
    if p["discount"].fillna(0).gt(0).any():
        out["discount_share"] = p["discount"].fillna(0).gt(0).groupby(p["customer_id"]).mean()
    else:
        out["discount_share"] = np.nan
    return out


def _returns(returns: pd.DataFrame) -> pd.DataFrame:
    if returns.empty:
        return pd.DataFrame({"returns_value": pd.Series(dtype=float)})
    return returns.groupby("customer_id")["value"].sum().to_frame("returns_value")


def _categories(p: pd.DataFrame, products: pd.DataFrame, top: int):
    if "category" not in products or products["category"].isna().all():
        return pd.DataFrame({"n_categories": pd.Series(dtype=float)}), []
    cat = products["category"].reindex(p["product_id"]).to_numpy()
    frame = pd.DataFrame({"customer_id": p["customer_id"].to_numpy(), "category": cat,
                          "value": p["value"].to_numpy()}).dropna(subset=["category"])
    out = frame.groupby("customer_id")["category"].nunique().astype(float).to_frame("n_categories")
    ranking = frame.groupby("category")["value"].sum().sort_values(ascending=False)
    names = [str(c) for c in ranking.index[:top]]
    spend = frame.pivot_table(index="customer_id", columns="category", values="value",
                              aggfunc="sum", fill_value=0.0)
    totals = spend.sum(axis=1).replace(0, np.nan)
    for name in names:
        out[CATEGORY_PREFIX + name] = (spend[name] / totals).fillna(0.0)
    return out, names


def _channel(p: pd.DataFrame) -> pd.DataFrame:
    if "channel" not in p or p["channel"].isna().all():
        return pd.DataFrame({"preferred_channel": pd.Series(dtype=object)})
    orders = p.dropna(subset=["channel"]).drop_duplicates(["customer_id", "order_id"])
    counts = orders.groupby(["customer_id", "channel"]).size().reset_index(name="n")
    counts = counts.sort_values(["customer_id", "n", "channel"], ascending=[True, False, True])
    first = counts.drop_duplicates("customer_id").set_index("customer_id")["channel"]
    return first.to_frame("preferred_channel")


def _demographics(customers: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    cols = [c for c in DEMOGRAPHICS if c in customers and customers[c].notna().any()]
    return customers.reindex(index)[cols]


def _most_common(keys: pd.Series, values: pd.Series) -> pd.Series:
    """Per key, its most frequent value (the smallest on ties), without a Python call per key."""
    counts = pd.DataFrame({"key": keys.to_numpy(), "value": values.to_numpy()}).dropna()
    counts = counts.groupby(["key", "value"]).size().reset_index(name="n")
    counts = counts.sort_values(["key", "n", "value"], ascending=[True, False, True])
    return counts.drop_duplicates("key").set_index("key")["value"].astype(float)
