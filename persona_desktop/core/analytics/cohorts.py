"""Small tables over time for charts: monthly revenue by segment and cohort retention.

Both are computed once per run and stored with it (charts never reread the vault). Both pass the
privacy threshold: segments are merged with ``merge_small_groups`` before summing, and cohorts
smaller than k are left out entirely (a retention share of a 3-person cohort describes 3 people).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..privacy import disclosure

MAX_COHORT_MONTHS = 24


def monthly_revenue_by_segment(purchases: pd.DataFrame, segments: pd.Series,
                               k: int | None = None) -> dict:
    if purchases.empty or segments.empty:
        return {"months": [], "segments": [], "values": []}
    mapping = disclosure.merge_small_groups(segments.astype(str).value_counts(), k)
    shown = segments.astype(str).map(mapping)
    seg = shown.reindex(purchases["customer_id"]).to_numpy()
    month = purchases["ordered_at"].dt.to_period("M").astype(str).to_numpy()
    table = (pd.DataFrame({"month": month, "segment": seg, "value": purchases["value"].to_numpy()})
             .dropna().pivot_table(index="month", columns="segment", values="value",
                                   aggfunc="sum", fill_value=0.0).sort_index())
    from .periods import partial_months
    spans = partial_months(purchases["ordered_at"].min(), purchases["ordered_at"].max())
    return {"months": list(table.index), "segments": [str(c) for c in table.columns],
            "values": table.to_numpy().tolist(),
            "partial": [spans.get(m, "") for m in table.index]}


def cohort_retention(purchases: pd.DataFrame, k: int | None = None) -> dict:
    """Share of each first-purchase-month cohort that bought again n months later."""
    if purchases.empty:
        return {"cohorts": [], "sizes": [], "offsets": [], "shares": []}
    k = disclosure.effective_k(k)
    stamps = purchases["ordered_at"]
    month = (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy()   # months since year 0
    frame = pd.DataFrame({"customer_id": purchases["customer_id"].to_numpy(),
                          "month": month}).drop_duplicates()
    first = frame.groupby("customer_id")["month"].min()
    frame["cohort"] = first.reindex(frame["customer_id"]).to_numpy()
    frame["offset"] = frame["month"] - frame["cohort"]
    frame = frame[frame["offset"] <= MAX_COHORT_MONTHS]
    active = frame.groupby(["cohort", "offset"])["customer_id"].nunique().unstack(fill_value=0)
    sizes = active[0]
    keep = sizes >= k
    active, sizes = active[keep], sizes[keep]
    shares = active.div(sizes, axis=0)
    # A retention cell under k customers (other than 0) would describe a handful of people.
    shares = shares.where((active >= k) | (active == 0))
    # Months after the data ends are not observed yet: missing, never 0 %.
    last = int(month.max())
    observed = (np.asarray(shares.index)[:, None] + np.asarray(shares.columns)[None, :]) <= last
    shares = shares.where(observed)
    from .periods import partial_months
    spans = partial_months(stamps.min(), stamps.max())
    last_key = f"{last // 12:04d}-{last % 12 + 1:02d}"
    return {"cohorts": [f"{c // 12:04d}-{c % 12 + 1:02d}" for c in shares.index], "sizes": [int(s) for s in sizes],
            "offsets": [int(o) for o in shares.columns],
            "shares": np.where(np.isnan(shares.to_numpy()), None, shares.to_numpy()).tolist(),
            "last_month": last_key, "last_month_partial": spans.get(last_key, "")}
