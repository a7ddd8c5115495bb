"""Prediction use cases (re-exported lazily by ``core.services``): run and store predictions,
products bought together, recommendations, and the predicted figures of persona cards.

A prediction run is an ``analysis_runs`` row of kind "predict": per customer the columns of
``PredictionAnalysis.customers_``; in ``meta`` the validation figures, the statuses of every part
(with the reason in English and Chinese when a part could not be computed), the top rules, the
top rules within each RFM segment and the names of the products they mention. Segment filters
use the latest profile run, and only groups that run shows on their own (privacy.md D1: no group
smaller than k); a rule must hold in at least k orders, k being that run's privacy threshold.

Rules per segment in ``meta`` (the GUI reads these keys):

* ``rules_by_segment``: {segment id: [rule, ...]}, every segment the profile run shows on its own
  ("other" excluded), in the run's order, at most SEGMENT_RULES_STORED rules each, strongest lift
  first; a rule is {"antecedents": [product id], "consequent": product id, "support",
  "confidence", "lift", "count"} as in ``rules``; [] when the segment has none;
* ``rules_by_segment_status``: {segment id: {"ok", "code", "en", "zh", "orders", "rules_total"}}:
  why a segment has no rules (too few orders for the privacy threshold, none strong enough...),
  its number of orders with products, and how many rules it has before the cut;
* ``rules_by_segment_source``: {"profile_run_id", "privacy_k", "max_rule_length", "top", "ok",
  "code", "en", "zh"}: where the segments came from, or why there are none (no profile run).
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..analytics import runs as runs_mod
from ..analytics import transactions
from ..analytics.personas import OTHER_ID
from ..analytics.predictions.analysis import (REC_COLUMNS, RULES_STORED, PredictionAnalysis,
                                              PredictionParams)
from ..analytics.predictions.baskets import (SEGMENT_MAX_RULE_LENGTH, SEGMENT_RULES_STORED,
                                             association_rules, category_items, filter_rules_by,
                                             order_baskets, product_names, rule_records)
from ..analytics.predictions.value import status
from ..analytics.predictions.recommend import group_top
from ..analytics.rfm import SEGMENTS
from ..errors import (CustomerNotFound, GroupTooSmall, NoPredictions, NoProfileRun, UnknownProduct,
                      UnknownSegment)
from ..jobs import NullProgress, PartProgress, Progress
from .results import GroupPrediction, PersonaPredictions, ProductShare, Recommendations

log = logging.getLogger(__name__)
PREDICT = "predict"
FIGURES = ("clv", "expected_purchases", "p_alive", "expected_aov", "next_order_date",
           "churn_probability", "churn_risk")


def predict(vault, params: PredictionParams | dict | None = None,
            progress: Progress | None = None, *, store: bool = True) -> runs_mod.AnalysisRun:
    """Fit every prediction on the vault's data and store them as a new run of kind "predict"."""
    from .analysis import latest_run
    from ..privacy.disclosure import effective_k
    params = PredictionParams.coerce(params)
    progress = progress or NullProgress()
    data = transactions.load(vault, PartProgress(progress, 0, 15))
    profile = latest_run(vault)
    k = effective_k(profile.meta.get("privacy_k") if profile is not None else None)
    analysis = PredictionAnalysis(
        horizon_months=int(params.horizon_months),
        monthly_discount_rate=float(params.monthly_discount_rate),
        churn_horizon_days=int(params.churn_horizon_days), holdout_days=params.holdout_days,
        min_support=float(params.min_support), min_confidence=float(params.min_confidence),
        churn_threshold=float(params.churn_threshold), random_state=int(params.random_state),
        min_rule_count=k, progress=PartProgress(progress, 15, 80),
    ).fit(data, _shown_segments(profile))
    progress.step(96, 100, "saving")
    run = prediction_run_from(analysis, params, vault.settings().currency)
    run.meta["rules_by_segment_source"] = _segment_source(profile, k)
    if store:
        runs_mod.save(vault, run)
    log.info("prediction run %s: %d customers, failed parts %s", run.run_id, len(run.customers),
             ",".join(s["part"] for s in analysis.statuses_ if not s["ok"]) or "-")
    progress.step(100, 100, "")
    return run


def prediction_run_from(analysis: PredictionAnalysis, params: PredictionParams,
                        currency: str) -> runs_mod.AnalysisRun:
    """The prediction run (kind "predict", not yet stored) of a fitted ``PredictionAnalysis``."""
    rules = analysis.rules_
    segment_rules, statuses = analysis.segment_rules_, analysis.segment_statuses_
    meta = {"validation": analysis.validation_, "statuses": analysis.statuses_,
            "rules": rule_records(rules, RULES_STORED), "rules_total": len(rules),
            "rules_by_segment": {seg: rule_records(segment_rules.get(seg), SEGMENT_RULES_STORED)
                                 for seg in statuses},
            "rules_by_segment_status": dict(statuses),
            "currency": currency, "notes": [],
            "products": {str(k): v for k, v in analysis.products_.items()}}
    as_of = analysis.as_of_.date().isoformat() if analysis.as_of_ is not None else None
    customers = analysis.customers_
    tags = pd.DataFrame(index=customers.index)
    return runs_mod.AnalysisRun(None, PREDICT, runs_mod.now_iso(), as_of, params.to_dict(),
                                customers, tags, meta)


def latest_predictions(vault) -> runs_mod.AnalysisRun | None:
    return runs_mod.load(vault, kind=PREDICT)


def rules(vault, min_support: float = 0.01, min_confidence: float = 0.2, segment: str | None = None,
          item=None, progress: Progress | None = None, category: str | None = None) -> pd.DataFrame:
    """Rules X => {y} over the vault's orders (a basket = the distinct products of a sale order),
    optionally only the orders of one RFM segment's customers, only rules mentioning ``item``
    (a product name, code or number) and only rules with a product of ``category`` on either
    side. Columns: antecedents and consequent (product names), antecedent_ids, consequent_id,
    support, confidence, lift, count; strongest lift first. A rule must hold in at least k
    orders (the privacy threshold), whatever the support. Raises SingleItemBaskets /
    NoRulesFound (or its privacy-floor kinds) / TooManyItemsets / UnknownCategory with a reason
    to show."""
    from .analysis import latest_run
    from ..privacy.disclosure import effective_k
    data = transactions.load(vault)
    members = _group_members(vault, "segment", segment) if segment is not None else None
    item_id = _product_id(data.products, item) if item is not None else None
    if category is not None:  # an unknown category is refused before the mining, not after it
        category_items(data.products, category)
    profile = latest_run(vault)
    k = effective_k(profile.meta.get("privacy_k") if profile is not None else None)
    found = association_rules(order_baskets(data, members), min_support, min_confidence,
                              progress, min_count=k)
    found = filter_rules_by(found, data.products, item=item_id, category=category)
    names = _names(data.products)
    return pd.DataFrame({
        "antecedents": [tuple(names.get(int(x), f"#{x}") for x in lhs)
                        for lhs in found["antecedents"]],
        "consequent": [names.get(int(y), f"#{y}") for y in found["consequent"]],
        "antecedent_ids": [tuple(int(x) for x in lhs) for lhs in found["antecedents"]],
        "consequent_id": found["consequent"].astype(np.int64).to_numpy(),
        "support": found["support"].to_numpy(), "confidence": found["confidence"].to_numpy(),
        "lift": found["lift"].to_numpy(), "count": found["count"].to_numpy()})


def recommend(vault, customer: str | None = None, segment: str | None = None,
              n: int = 10) -> Recommendations:
    """Next-best products from the latest prediction run for one customer (by pseudonym), for
    one segment (the products most often recommended to its customers), or for the whole shop;
    figures (CLV, P(alive)...) are given for the one customer asked about only."""
    run = latest_predictions(vault)
    if run is None:
        raise NoPredictions()
    names = {**{int(k): v for k, v in run.meta.get("products", {}).items()},
             **_names(_products(vault))}
    cols = [c for c in REC_COLUMNS if c in run.customers]
    if customer is not None:
        with vault.reader() as conn:
            row = conn.execute("SELECT customer_id FROM customers WHERE pseudonym = ?",
                               (str(customer),)).fetchone()
        if row is None:
            raise CustomerNotFound(pseudonym=customer)
        if row[0] not in run.customers.index:
            return Recommendations("customer", customer)
        rec = run.customers.loc[row[0]]
        ids = [int(v) for v in rec[cols].to_numpy() if v == v][:n]
        figures = {f: _plain(rec[f]) for f in FIGURES if f in rec.index}
        return Recommendations("customer", customer, _shares(names, ((i, None) for i in ids)),
                               figures)
    if segment is not None:
        members = _group_members(vault, "segment", segment)
        scope, name = "segment", _segment_id(segment)
    else:
        members, scope, name = run.customers.index, "shop", None
    top = group_top(run.customers.loc[run.customers.index.intersection(members), cols], n)
    return Recommendations(scope, name, _shares(names, top))


def persona_predictions(pred_run, profile_run, n_products: int = 5) -> PersonaPredictions:
    """The predicted figures of every persona card of ``profile_run`` ("segment" and "cluster"
    kinds); "other" is every scored customer not in a group shown on its own. Means skip
    customers a part could not score."""
    out: dict = {}
    if pred_run is None or profile_run is None:
        return PersonaPredictions(out)
    names = {int(k): v for k, v in pred_run.meta.get("products", {}).items()}
    pred = pred_run.customers
    cols = [c for c in REC_COLUMNS if c in pred]
    for kind in ("segment", "cluster"):
        personas = profile_run.meta.get(f"{kind}_personas") or []
        if not personas or kind not in profile_run.customers:
            continue
        labels = _labels(profile_run.customers[kind])
        shown = {p["group_id"] for p in personas if p["group_id"] != OTHER_ID}
        groups = {}
        for p in personas:
            gid = p["group_id"]
            mask = ~labels.isin(shown) & labels.notna() if gid == OTHER_ID else labels.eq(gid)
            rows = pred.loc[pred.index.intersection(labels.index[mask])]
            groups[gid] = GroupPrediction(
                _mean(rows, "clv"), _mean(rows, "churn_risk"), _mean(rows, "churn_probability"),
                _shares(names, group_top(rows[cols], n_products)))
        out[kind] = groups
    return PersonaPredictions(out)


# -- helpers -----------------------------------------------------------------------------------

def _segment_id(name: str) -> str:
    wanted = str(name).strip().lower().replace(" ", "_")
    for seg, (en, zh) in SEGMENTS.items():
        if wanted in (seg, en.lower().replace(" ", "_"), zh):
            return seg
    raise UnknownSegment(name=name, names=", ".join(SEGMENTS))


def _group_members(vault, kind: str, name: str) -> pd.Index:
    """Customer ids of a group the latest profile run shows on its own (never a hidden one)."""
    from .analysis import latest_run
    profile = latest_run(vault)
    if profile is None:
        raise NoProfileRun()
    gid = _segment_id(name) if kind == "segment" else str(name)
    shown = {p["group_id"] for p in profile.meta.get(f"{kind}_personas") or []}
    if gid not in shown or gid == OTHER_ID:
        from ..privacy.disclosure import effective_k
        raise GroupTooSmall(name=name, k=effective_k(profile.meta.get("privacy_k")))
    labels = _labels(profile.customers[kind])
    return labels.index[labels.eq(gid)]


def _segment_source(profile, k: int) -> dict:
    why = status("rules", None if profile is not None else NoProfileRun())
    del why["part"]
    return {"profile_run_id": profile.run_id if profile is not None else None, "privacy_k": k,
            "max_rule_length": SEGMENT_MAX_RULE_LENGTH, "top": SEGMENT_RULES_STORED, **why}


def _shown_segments(profile) -> pd.Series | None:
    """customer_id -> RFM segment id for the customers of segments ``profile`` shows on their
    own ("other" mixes small groups: it has no rules of its own), categorical in the run's
    order; None without a profile run."""
    if profile is None or "segment" not in profile.customers:
        return None
    shown = [p["group_id"] for p in profile.meta.get("segment_personas") or []
             if p["group_id"] != OTHER_ID]
    labels = _labels(profile.customers["segment"])
    labels = labels[labels.isin(shown)]
    return pd.Series(pd.Categorical(labels, categories=shown), index=labels.index)


def _labels(values: pd.Series) -> pd.Series:
    def text(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        return str(v)
    return pd.Series([text(v) for v in values.astype(object)], index=values.index, dtype=object)


def _products(vault) -> pd.DataFrame:
    with vault.reader() as conn:
        rows = conn.execute("SELECT product_id, sku, name, category FROM products").fetchall()
    return pd.DataFrame.from_records(rows, columns=["product_id", "sku", "name", "category"]) \
        .set_index("product_id")


def _names(products: pd.DataFrame) -> dict:
    return product_names(products, products.index)


def _product_id(products: pd.DataFrame, item) -> int:
    text = str(item).strip()
    for col in ("name", "sku"):
        if col in products:
            hit = products.index[products[col].astype(str).str.strip().str.lower() == text.lower()]
            if len(hit):
                return int(hit[0])
    if text.isdigit() and int(text) in products.index:
        return int(text)
    raise UnknownProduct(item=item)


def _shares(names: dict, top) -> tuple[ProductShare, ...]:
    """(product id, share) pairs as named products; an unnamed product shows as "#id"."""
    return tuple(ProductShare(pid, names.get(pid, f"#{pid}"), share) for pid, share in top)


def _mean(rows: pd.DataFrame, col: str):
    if col not in rows or rows[col].notna().sum() == 0:
        return None
    return float(rows[col].mean())


def _plain(value):
    if value is None or (np.isscalar(value) or value is pd.NaT) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return float(value) if isinstance(value, (int, float, np.number)) else value
