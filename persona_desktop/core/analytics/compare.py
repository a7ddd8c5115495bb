"""Comparing two profiling runs: who moved from which segment to which.

The migration matrix counts customers scored in both runs; cells under the privacy threshold are
blanked with complementary suppression (``privacy.disclosure.suppress_cells``) so a hidden cell is
never its row total minus the shown ones.
"""
from __future__ import annotations

import pandas as pd

from ..errors import RunsNotComparable
from ..privacy import disclosure
from .clustering import kept_share
from .rfm import SEGMENTS


def _suppress_with_total(counts: pd.DataFrame, k: int) -> pd.DataFrame:
    """``suppress_cells`` plus the grand total: ``customers_in_both`` is shown, so the blank cells
    together are the total minus the shown ones. Like "Other", they must hold at least k customers
    in at least two cells; otherwise the smallest shown cell is blanked too (forced under k) and
    the row/column suppression is redone."""
    forced = counts.copy()
    values = counts.to_numpy()
    while True:
        mask = disclosure.suppress_cells(forced, k)
        blank = mask.to_numpy()
        hidden = int(values[blank].sum())
        if hidden == 0 or (hidden >= k and int((blank & (values > 0)).sum()) >= 2):
            return mask
        candidates = [(int(values[i, j]), i, j) for i, j in zip(*((~blank & (values > 0)).nonzero()))]
        if not candidates:
            return mask
        _, i, j = min(candidates)
        forced.iloc[i, j] = 1


def migration(customers_a: pd.DataFrame, customers_b: pd.DataFrame, k: int | None = None) -> dict:
    """Migration matrix and shares. Figures that would show fewer than k customers are None:
    ``only_in_a``/``only_in_b`` under k, and ``stayed_share`` whenever a diagonal cell is hidden
    (with ``customers_in_both`` shown it would be that hidden cell's count)."""
    for which, frame in (("A", customers_a), ("B", customers_b)):
        if "segment" not in getattr(frame, "columns", ()):
            raise RunsNotComparable(which=which)
    k = disclosure.effective_k(k)
    both = customers_a.index.intersection(customers_b.index)
    a = customers_a.loc[both, "segment"].astype(str)
    b = customers_b.loc[both, "segment"].astype(str)
    order = [s for s in SEGMENTS if s in set(a) | set(b)]
    counts = pd.crosstab(a, b).reindex(index=order, columns=order, fill_value=0)
    mask = _suppress_with_total(counts, k)
    clusters_kept = None
    if "cluster" in customers_a and "cluster" in customers_b:
        ca, cb = customers_a["cluster"].dropna(), customers_b["cluster"].dropna()
        clusters_kept = kept_share(ca, cb)
    diagonal_hidden = any(bool(mask.loc[s, s]) for s in order)
    stayed = int(sum(counts.loc[s, s] for s in order if not mask.loc[s, s]))
    only_a = int(len(customers_a.index.difference(both)))
    only_b = int(len(customers_b.index.difference(both)))
    return {"counts": counts, "suppressed": mask, "customers_in_both": int(len(both)),
            "only_in_a": None if 0 < only_a < k else only_a,
            "only_in_b": None if 0 < only_b < k else only_b,
            "stayed_share": stayed / len(both) if len(both) and not diagonal_hidden else None,
            "clusters_kept_share": clusters_kept}
