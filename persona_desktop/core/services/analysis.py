"""Analysis use cases (re-exported by ``core.services``): run, store, list and compare analyses.

The GUI and the CLI call these and nothing below them. A run reads the vault once, computes
everything on that snapshot and stores the result as one ``analysis_runs`` row.
"""
from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd

from ..analytics import runs as runs_mod
from ..analytics import tags as tags_mod
from ..analytics import transactions
from ..analytics.compare import migration
from ..analytics.profile import ProfileAnalysis, ProfileParams
from ..analytics.shop import shop_summary
from ..errors import UsageError
from ..jobs import NullProgress, PartProgress, Progress
from .results import RunComparison

log = logging.getLogger(__name__)
PROFILE = "profile"


def analyze(vault, params: ProfileParams | None = None, progress: Progress | None = None,
            *, store: bool = True) -> runs_mod.AnalysisRun:
    """Profile the customers and store the result as a new run (returned with its run_id)."""
    # A copy: _check_params normalises k and as_of, and the caller's object stays as it was.
    params = replace(params) if params is not None else ProfileParams()
    progress = progress or NullProgress()
    _check_params(params)
    data = transactions.load(vault, PartProgress(progress, 0, 20))
    previous = runs_mod.load(vault, kind=PROFILE)
    prev_centers = prev_clusters = None
    if previous is not None and previous.params.get("method") == params.method:
        centers = previous.meta.get("clustering", {}).get("centers")
        if centers:
            prev_centers = pd.DataFrame(centers["data"], index=centers["index"],
                                        columns=centers["columns"])
        if "cluster" in previous.customers:
            prev_clusters = previous.customers["cluster"].dropna()
    analysis = ProfileAnalysis(params, tags_mod.stored_rules(vault), prev_centers, prev_clusters,
                               PartProgress(progress, 20, 70)).fit(data)
    shop = shop_summary(data, k=params.privacy_k, progress=PartProgress(progress, 90, 5))
    progress.step(95, 100, "saving")
    run = profile_run_from(analysis, params, vault.settings().currency)
    run.meta["shop"] = shop.to_dict()
    run.meta["migration"] = _migration_from(previous, run, params.privacy_k)
    if store:
        runs_mod.save(vault, run)
    log.info("analysis run %s: %d customers, notes %s", run.run_id, len(run.customers),
             ",".join(run.meta["notes"]) or "-")
    progress.step(100, 100, "")
    return run


def profile_run_from(analysis: ProfileAnalysis, params: ProfileParams,
                     currency: str) -> runs_mod.AnalysisRun:
    """The profiling run (kind "profile", not yet stored) of a fitted ``ProfileAnalysis``."""
    clustering = dict(analysis.clustering_)
    if analysis.centers_ is not None:
        c = analysis.centers_
        clustering["centers"] = {"index": [int(i) for i in c.index], "columns": list(c.columns),
                                 "data": c.to_numpy().tolist()}
    meta = {
        "notes": analysis.notes_, "clustering": clustering, "rfm": analysis.rfm_,
        "lifecycle": analysis.lifecycle_, "currency": currency,
        "no_purchase_count": analysis.no_purchase_count_,
        "categories": analysis.categories_,
        "privacy_k": params.privacy_k,
        "tag_rules": [r.to_dict() for r in analysis.tag_rules_],
        "tags_not_applicable": analysis.tags_not_applicable_,
        "segment_personas": [p.to_dict() for p in analysis.segment_personas_],
        "cluster_personas": [p.to_dict() for p in analysis.cluster_personas_],
        "monthly_by_segment": analysis.monthly_by_segment_,
        "cohorts": analysis.cohorts_,
    }
    as_of = analysis.as_of_.date().isoformat() if analysis.as_of_ is not None else None
    return runs_mod.AnalysisRun(None, PROFILE, runs_mod.now_iso(), as_of, params.to_dict(),
                                analysis.customers_, analysis.tags_, meta)


def latest_run(vault) -> runs_mod.AnalysisRun | None:
    return runs_mod.load(vault, kind=PROFILE)


def get_run(vault, run_id: int) -> runs_mod.AnalysisRun:
    return runs_mod.load(vault, run_id)


def list_runs(vault) -> list[dict]:
    return runs_mod.listing(vault)


def _migration_from(previous, run, k) -> dict | None:
    """Who moved between segments since the previous run, stored with the run (the app shows it
    without loading two runs again). Plain lists; see ``comparison_from_meta``."""
    if previous is None or "segment" not in previous.customers or "segment" not in run.customers:
        return None
    result = migration(previous.customers, run.customers, k)
    counts, mask = result.pop("counts"), result.pop("suppressed")
    return {**result, "from_run": previous.run_id, "index": list(counts.index),
            "columns": list(counts.columns), "counts": counts.to_numpy().tolist(),
            "suppressed": mask.to_numpy().tolist()}


def comparison_from_meta(stored: dict) -> RunComparison:
    """The migration a run stored with itself, as ``compare_runs`` returns one (for the chart)."""
    frames = {name: pd.DataFrame(stored[name], index=stored["index"], columns=stored["columns"])
              for name in ("counts", "suppressed")}
    frames["suppressed"] = frames["suppressed"].astype(bool)
    return RunComparison.from_migration({**stored, **frames})


def compare_runs(vault, run_a: int, run_b: int) -> RunComparison:
    a, b = runs_mod.load(vault, run_a), runs_mod.load(vault, run_b)
    k = b.meta.get("privacy_k")
    return RunComparison.from_migration(migration(a.customers, b.customers, k))


def tag_rules(vault, categories: list[str] | None = None) -> list[tags_mod.TagRule]:
    """The rules in force: the user's, else the defaults for the shop's top categories (read
    from the latest run unless the caller already knows them)."""
    stored = tags_mod.stored_rules(vault)
    if stored is not None:
        return stored
    if categories is None:
        run = latest_run(vault)
        categories = run.meta.get("categories", []) if run else []
    return tags_mod.default_rules(categories)


def save_tag_rules(vault, rules: list[tags_mod.TagRule]) -> None:
    tags_mod.save_rules(vault, rules)


def reset_tag_rules(vault) -> None:
    tags_mod.reset_rules(vault)


def _check_params(params: ProfileParams) -> None:
    if params.k != "auto":
        try:
            k = int(params.k)
        except (TypeError, ValueError):
            raise UsageError(what="k must be 'auto' or a number from 2 to 20") from None
        if not 2 <= k <= 20:
            raise UsageError(what="k must be 'auto' or a number from 2 to 20")
        params.k = k
    if params.method not in ("kmeans", "gmm"):
        raise UsageError(what="method must be kmeans or gmm")
    if params.as_of is not None:
        try:
            params.as_of = pd.Timestamp(params.as_of).date().isoformat()
        except (TypeError, ValueError):
            raise UsageError(what="as-of must be a date such as 2011-12-10") from None


# --- products that are not merchandise (issue 14, item 6) ---------------------------------------
def service_lines(vault, *, all_candidates: bool = False) -> list[dict]:
    """The postage, fee and adjustment lines treated as such now (the detection with the user's
    choices applied): one dict per product (product_id, sku, name, reason, lines, value), largest
    value first. ``all_candidates`` adds the detected ones the user set back to merchandise, with
    a ``kind`` of each (what the app lists for confirming or changing)."""
    from ..analytics.transactions import load
    found = load(vault).service_candidates   # found once, by the load itself
    if not all_candidates:
        found = found.loc[found["kind"] == "service"].drop(columns="kind")
    return found.to_dict("records")


def set_product_kind(vault, sku: str, kind: str) -> None:
    """Mark one product code as a service line or as merchandise (overrides the detection)."""
    from ..analytics import service_lines as sl
    from ..errors import InvalidSetting
    with vault.reader() as conn:
        known = conn.execute("SELECT 1 FROM products WHERE sku = ?", (sku,)).fetchone()
    if known is None:
        raise InvalidSetting(name="product", value=sku, why="a product code of this vault")
    if kind not in sl.KINDS:
        raise InvalidSetting(name="kind", value=kind, why="service or merchandise")
    sl.set_kind(vault, sku, kind)
