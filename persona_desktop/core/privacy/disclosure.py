"""Small-group suppression for everything shown or exported in aggregate (privacy.md D1).

A group smaller than ``k`` customers is never shown alone: it is merged into "Other". Merging is
not enough on its own: if only one small group went into "Other", its figures would be the shop
total minus the shown groups. So "Other" must itself hold at least ``k`` customers *and* at least
two original groups whenever it is shown; the smallest visible groups are added to it until both
hold (complementary suppression). If that swallows everything, nothing is shown per group.

For cross tables (a migration matrix, a heatmap) cells under ``k`` are blanked, and then more cells
are blanked until no row or column has exactly one blank cell (a lone blank would be its row total
minus the rest).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_K = 10
MIN_K = 5
OTHER = "Other"


def effective_k(k: int | None) -> int:
    """The configured threshold, never below the floor."""
    return max(MIN_K, int(k if k is not None else DEFAULT_K))


def merge_small_groups(sizes: pd.Series, k: int | None = None, other=OTHER) -> dict:
    """Map each group label to the label it is shown under (itself or ``other``).

    ``sizes`` holds the number of distinct customers (or orders, for shop-level breakdowns) per
    group. Ties are broken by label order, so the result is deterministic.
    """
    k = effective_k(k)
    sizes = sizes[sizes > 0]
    order = sorted(sizes.index, key=lambda g: (int(sizes.at[g]), str(g)))
    counts = {g: int(c) for g, c in sizes.items()}
    hidden = [g for g in order if counts[g] < k]
    if hidden:
        visible = [g for g in order if counts[g] >= k]
        hidden_total = sum(counts[g] for g in hidden)
        while visible and (hidden_total < k or len(hidden) < 2):
            g = visible.pop(0)
            hidden.append(g)
            hidden_total += counts[g]
    hidden_set = set(hidden)
    return {g: (other if g in hidden_set else g) for g in sizes.index}


def suppress_cells(counts: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """A boolean mask (True = blank) for a table of counts, with complementary suppression."""
    k = effective_k(k)
    values = counts.to_numpy(dtype=float)
    mask = (values > 0) & (values < k)
    for _ in range(values.size):
        changed = False
        for axis in (0, 1):
            lone = mask.sum(axis=axis) == 1
            for idx in np.flatnonzero(lone):
                line = values[:, idx] if axis == 0 else values[idx, :]
                line_mask = mask[:, idx] if axis == 0 else mask[idx, :]
                candidates = [(line[i], i) for i in range(len(line))
                              if not line_mask[i] and line[i] > 0]
                if not candidates:
                    continue
                _, pick = min(candidates)
                if axis == 0:
                    mask[pick, idx] = True
                else:
                    mask[idx, pick] = True
                changed = True
        if not changed:
            break
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)
