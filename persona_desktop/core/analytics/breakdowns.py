"""One breakdown of sale lines by a dimension (country, product, ...) that never shows a group of
fewer than k people on its own (privacy.md D1; the definitions are in shop.py's docstring).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..privacy.disclosure import OTHER, merge_small_groups

NO_VALUES = "no_values"                # the orders carry no such field (absent from the file)
ALL_GROUPS_SMALL = "all_groups_small"  # every group is below k: nothing can be shown per group


def breakdown(sale_lines: pd.DataFrame, label: pd.Series, k: int, has_customers: bool,
              top: int | None = None):
    """(frame, unattributed revenue) with small groups merged into OTHER, or a reason code."""
    # Clean each distinct label once: a breakdown sees one label per order line (500k+).
    codes, uniques = pd.factorize(pd.Series(label.to_numpy(dtype=object), dtype=object))
    cleaned = np.array([str(v).strip() for v in uniques] + [None], dtype=object)
    text = pd.Series(cleaned[codes], dtype=object)
    known = (text.notna() & (text != "")).to_numpy().copy()
    if not known.any():
        return NO_VALUES
    value = sale_lines["value"].to_numpy(dtype=float)
    rows = pd.DataFrame({"label": text[known].to_numpy(dtype=object),
                         "order_id": sale_lines["order_id"].to_numpy()[known],
                         "customer_id": sale_lines["customer_id"].to_numpy()[known],
                         "value": value[known]})
    grouped = rows.groupby("label", sort=True)
    sizes = grouped["customer_id"].nunique() if has_customers else grouped["order_id"].nunique()
    mapping = merge_small_groups(sizes, k)
    if top is not None:
        revenue = grouped["value"].sum()
        visible = [g for g, shown in mapping.items() if shown == g]
        keep = set(sorted(visible, key=lambda g: (-revenue[g], str(g)))[:top])
        mapping = {g: (g if g in keep else OTHER) for g in mapping}
    rows["shown"] = rows["label"].map(pd.Series(mapping, dtype=object)).fillna(OTHER)
    who = "customer_id" if has_customers else "order_id"
    other = rows["shown"] == OTHER
    if other.any() and rows.loc[other, who].nunique() < k:
        rows = _fill_other(rows, other, sizes, k, who, known)
    if rows.empty or (rows["shown"] == OTHER).all():
        return ALL_GROUPS_SMALL
    return _shown_frame(rows, has_customers), float(value[~known].sum())


def _fill_other(rows: pd.DataFrame, other: pd.Series, sizes: pd.Series, k: int, who: str,
                known: np.ndarray) -> pd.DataFrame:
    """OTHER grown to k distinct people, or dropped (its lines then unattributed: ``known`` is
    updated in place).

    One customer (or order) can sit in several groups (several products, categories, or an
    order per province), so the merged OTHER row can hold fewer than k *distinct* people even
    though its groups add up to k. Count them distinct; add the smallest visible groups until
    it reaches k, as long as one visible group is left; else drop OTHER (see below)."""
    visible = sorted({g for g in rows.loc[~other, "shown"]},
                     key=lambda g: (int(sizes.get(g, 0)), str(g)))
    added = other.to_numpy().copy()
    moved = []
    label_arr = rows["label"].to_numpy(dtype=object)
    while len(visible) > 1 and rows.loc[added, who].nunique() < k:
        g = visible.pop(0)
        moved.append(g)
        added |= label_arr == g
    if rows.loc[added, who].nunique() >= k:
        rows.loc[rows["label"].isin(moved), "shown"] = OTHER
        return rows
    # OTHER cannot reach k distinct without swallowing every group: it is not shown at
    # all. Its revenue is counted in the unattributed revenue (with the lines that have
    # no value for this dimension), so shown rows + unattributed still add up to the
    # total and the dropped row never appears as a group of its own.
    dropped = rows.index[other]
    known[np.flatnonzero(known)[dropped.to_numpy()]] = False
    return rows.drop(index=dropped).reset_index(drop=True)


def _shown_frame(rows: pd.DataFrame, has_customers: bool) -> pd.DataFrame:
    """Rows label, revenue, orders, groups[, customers]: biggest revenue first, OTHER last."""
    shown = rows.groupby("shown", sort=True)
    frame = pd.DataFrame({
        "revenue": shown["value"].sum().astype(float),
        "orders": shown["order_id"].nunique().astype(np.int64),
        "groups": shown["label"].nunique().astype(np.int64)})
    if has_customers:
        frame["customers"] = shown["customer_id"].nunique().astype(np.int64)
    frame["is_other"] = frame.index == OTHER
    frame = frame.sort_values(["is_other", "revenue"], ascending=[True, False], kind="stable")
    frame = frame.drop(columns="is_other").rename_axis("label").reset_index()
    frame["label"] = frame["label"].astype(str)
    return frame
