"""Comparing two profiling runs: who moved from which segment to which.

The migration matrix counts customers scored in both runs; cells under the privacy threshold are
blanked with complementary suppression (``privacy.disclosure.suppress_cells``) so a hidden cell is
never its row total minus the shown ones.
"""
from __future__ import annotations

import pandas as pd

from ..privacy import disclosure
from .clustering import kept_share
from .rfm import SEGMENTS


def migration(customers_a: pd.DataFrame, customers_b: pd.DataFrame, k: int | None = None) -> dict:
    both = customers_a.index.intersection(customers_b.index)
    a = customers_a.loc[both, "segment"].astype(str)
    b = customers_b.loc[both, "segment"].astype(str)
    order = [s for s in SEGMENTS if s in set(a) | set(b)]
    counts = pd.crosstab(a, b).reindex(index=order, columns=order, fill_value=0)
    mask = disclosure.suppress_cells(counts, k)
    clusters_kept = None
    if "cluster" in customers_a and "cluster" in customers_b:
        ca, cb = customers_a["cluster"].dropna(), customers_b["cluster"].dropna()
        clusters_kept = kept_share(ca, cb)
    stayed = int(sum(counts.loc[s, s] for s in order))
    return {"counts": counts, "suppressed": mask, "customers_in_both": int(len(both)),
            "only_in_a": int(len(customers_a.index.difference(both))),
            "only_in_b": int(len(customers_b.index.difference(both))),
            "stayed_share": stayed / len(both) if len(both) else None,
            "clusters_kept_share": clusters_kept}
