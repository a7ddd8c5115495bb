"""Predictions end to end: lifetime value, churn, products bought together, recommendations,
each with its own check against data the model did not see.

``PredictionAnalysis(params).fit(data, segments)`` leaves plain attributes that
``services.predictions`` stores as an analysis run of kind "predict":

* ``customers_`` (index customer_id): clv, expected_purchases, p_alive, expected_aov,
  next_order_date, churn_probability, churn_risk, rec_1..rec_10 (product ids);
* ``validation_``: the holdout check of the purchase model (MAE and aggregate error), the churn
  backtest (AUC, precision, recall, F1, Brier score, drivers), hit-rate@10 of the recommendations
  against the best sellers, and the fitted parameters;
* ``rules_``: association rules over the shop's orders (product ids);
* ``segment_rules_`` / ``segment_statuses_``: with ``segments``, the rules within each segment's
  orders and, per segment, ok or why there are none (too few orders for the privacy floor...);
* ``statuses_``: one entry per part with ok and, when a part could not be computed, the reason in
  English and Chinese. A part that failed leaves its columns empty (NaN): a model that did not
  converge is reported, never shown as a result.

The parts live in their own modules: lifetime value and its holdout check in value.py, baskets
and rules in baskets.py, churn in churn.py and recommendations in recommend.py; this one runs
them in order and keeps the run's shape. Import each part's names from its own module.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from ...errors import NoPurchases, PersonaError, UsageError
from ...jobs import NullProgress, PartProgress, Progress
from ...privacy.disclosure import DEFAULT_K
from . import recommend as rec_mod
from .baskets import (SEGMENT_RULES_STORED, SegmentRules, association_rules, order_baskets,
                      product_names)
from .churn import ChurnModel
from .value import (HOLDOUT_CAP_DAYS, PENALIZERS, VALUE_COLUMNS, CustomerValues, holdout_figures,
                    status)
from ..transactions import ShopData

RULES_STORED = 100
REC_COLUMNS = [f"rec_{i}" for i in range(1, rec_mod.N_RECOMMENDATIONS + 1)]
PARTS = ("holdout", "purchases", "spend", "churn", "rules", "recommendations",
         "recommendation_check")


@dataclass
class PredictionParams:
    horizon_months: int = 12
    monthly_discount_rate: float = 0.01
    churn_horizon_days: int = 90
    churn_threshold: float = 0.5
    holdout_days: int | None = None
    min_support: float = 0.01
    min_confidence: float = 0.2
    random_state: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def coerce(cls, params) -> "PredictionParams":
        if params is None:
            params = cls()
        elif isinstance(params, dict):
            params = cls(**params)
        params.check()
        return params

    def check(self) -> None:
        if not 1 <= int(self.horizon_months) <= 120:
            raise UsageError(what="the horizon must be 1 to 120 months")
        if not 0 <= float(self.monthly_discount_rate) < 1:
            raise UsageError(what="the monthly discount rate must be between 0 and 1 (e.g. 0.01)")
        if not 7 <= int(self.churn_horizon_days) <= 730:
            raise UsageError(what="the churn period must be 7 to 730 days")
        if self.holdout_days is not None and int(self.holdout_days) < 1:
            raise UsageError(what="the holdout period must be 1 day or more")
        if not 0 < float(self.min_support) <= 1 or not 0 <= float(self.min_confidence) <= 1:
            raise UsageError(what="support must be in (0, 1] and confidence in [0, 1]")


class PredictionAnalysis:
    """See the module docstring. Parameters as in ``PredictionParams``."""

    def __init__(self, horizon_months: int = 12, monthly_discount_rate: float = 0.01,
                 churn_horizon_days: int = 90, holdout_days: int | None = None,
                 min_support: float = 0.01, min_confidence: float = 0.2,
                 churn_threshold: float = 0.5, random_state: int = 0,
                 min_rule_count: int = DEFAULT_K, penalizers=PENALIZERS,
                 progress: Progress | None = None):
        self.horizon_months = horizon_months
        self.monthly_discount_rate = monthly_discount_rate
        self.churn_horizon_days = churn_horizon_days
        self.holdout_days = holdout_days
        self.min_support = min_support
        self.min_confidence = min_confidence
        self.churn_threshold = churn_threshold
        self.random_state = random_state
        self.min_rule_count = min_rule_count
        self.penalizers = penalizers
        self.progress = progress

    def fit(self, data: ShopData, segments: pd.Series | None = None) -> "PredictionAnalysis":
        """``segments`` (optional): customer_id -> segment id, only for the segments shown on
        their own (privacy.md D1); the rules of each are then found in its customers' orders."""
        progress = self.progress or NullProgress()
        self.validation_, self.statuses_, self.products_ = {}, [], {}
        self.rules_ = pd.DataFrame()
        self.segment_rules_, self.segment_statuses_ = {}, {}
        self.split_ = self.bgnbd_ = self.spend_ = None   # stay None when nothing was purchased
        purchases = data.purchases()
        self.as_of_ = data.default_as_of()
        if purchases.empty or self.as_of_ is None:
            self.customers_ = pd.DataFrame(columns=VALUE_COLUMNS + REC_COLUMNS,
                                           dtype=float).rename_axis("customer_id")
            self.statuses_ = [status(part, NoPurchases()) for part in PARTS]
            return self
        first_day = purchases["ordered_at"].min().normalize()
        span = int((self.as_of_ - first_day).days)
        holdout = int(self.holdout_days) if self.holdout_days else min(max(span // 4, 1),
                                                                       HOLDOUT_CAP_DAYS)
        self.split_ = self.as_of_ - pd.Timedelta(days=holdout)  # first day of the holdout
        self.validation_["as_of"] = self.as_of_.date().isoformat()

        progress.step(0, 100, "purchase model check")
        self._holdout(data, span, holdout)
        progress.step(10, 100, "lifetime value")
        frame = self._values(data)
        progress.step(25, 100, "churn")
        churn = self._churn(data, PartProgress(progress, 25, 30))
        frame["churn_probability"] = churn.reindex(frame.index)
        progress.step(55, 100, "products bought together")
        self._rules(data, PartProgress(progress, 55, 10))
        if segments is not None:
            self._segment_rules(data, segments, PartProgress(progress, 65, 5))
        progress.step(70, 100, "recommendations")
        recs = self._recommendations(purchases, frame.index, PartProgress(progress, 70, 30))
        self.customers_ = frame.join(recs.reindex(frame.index))
        self._name_products(data)
        progress.step(100, 100, "")
        return self

    # -- lifetime value (value.py) ---------------------------------------------------------------

    def _holdout(self, data: ShopData, span: int, holdout: int) -> None:
        try:
            self.validation_["holdout"] = holdout_figures(data, self.split_, self.as_of_, span,
                                                          holdout, self.penalizers)
            self.statuses_.append(status("holdout"))
        except PersonaError as err:
            self.statuses_.append(status("holdout", err))

    def _values(self, data: ShopData) -> pd.DataFrame:
        values = CustomerValues(self.horizon_months, self.monthly_discount_rate,
                                self.penalizers).fit(data, self.as_of_)
        self.statuses_ += values.statuses_
        self.validation_.update(values.validation_)
        self.bgnbd_, self.spend_ = values.bgnbd_, values.spend_
        return values.frame_

    # -- churn ---------------------------------------------------------------------------------

    def _churn(self, data: ShopData, progress: Progress) -> pd.Series:
        try:
            model = ChurnModel(self.churn_horizon_days, self.churn_threshold,
                               self.random_state).fit(data, self.as_of_, progress)
        except PersonaError as err:
            self.statuses_.append(status("churn", err))
            return pd.Series(dtype=float)
        self.validation_["churn"] = {
            "horizon_days": int(self.churn_horizon_days), "threshold": float(self.churn_threshold),
            "cutoff": model.cutoff_.date().isoformat(), "n_labelled": model.n_labelled_,
            "n_test": model.n_test_, "churn_rate": model.churn_rate_, "auc": model.auc_,
            "precision": model.precision_, "recall": model.recall_, "f1": model.f1_,
            "brier": model.brier_, "drivers": model.drivers_}
        self.statuses_.append(status("churn"))
        return model.probabilities_

    # -- rules and recommendations -------------------------------------------------------------

    def _rules(self, data: ShopData, progress: Progress) -> None:
        try:
            rules = association_rules(order_baskets(data), self.min_support, self.min_confidence,
                                      progress, self.min_rule_count)
        except PersonaError as err:  # TooManyItemsets is one too
            self.statuses_.append(status("rules", err))
            return
        self.rules_ = rules
        self.validation_["rules"] = {"count": len(rules), "min_support": float(self.min_support),
                                     "min_confidence": float(self.min_confidence)}
        self.statuses_.append(status("rules"))

    def _segment_rules(self, data: ShopData, segments: pd.Series, progress: Progress) -> None:
        found = SegmentRules(self.min_support, self.min_confidence, self.min_rule_count,
                             progress=progress).fit(data, segments)
        for seg, orders in found.orders_.items():
            err = found.errors_.get(seg)
            rules = found.rules_.get(seg)
            entry = status("rules", err)
            del entry["part"]
            self.segment_statuses_[seg] = {**entry, "orders": orders,
                                           "rules_total": 0 if rules is None else len(rules)}
            if rules is not None:
                self.segment_rules_[seg] = rules

    def _recommendations(self, purchases: pd.DataFrame, customers: pd.Index,
                         progress: Progress) -> pd.DataFrame:
        params = dict(min_support=self.min_support, min_confidence=self.min_confidence)
        try:
            check = rec_mod.evaluate(purchases, self.split_, self.as_of_,
                                     **params)
            self.validation_["recommendations"] = check.to_dict()
            self.statuses_.append(status("recommendation_check"))
        except PersonaError as err:
            self.statuses_.append(status("recommendation_check", err))
        progress.step(40, 100, "recommendations")
        try:
            model = rec_mod.Recommender(**params).fit(purchases)
            recs = model.recommend(customers, rec_mod.N_RECOMMENDATIONS,
                                   progress=PartProgress(progress, 50, 50))
        except PersonaError as err:
            self.statuses_.append(status("recommendations", err))
            return pd.DataFrame(columns=REC_COLUMNS, dtype=float)
        self.statuses_.append(status("recommendations"))
        return recs.reindex(columns=REC_COLUMNS)

    def _name_products(self, data: ShopData) -> None:
        ids = set(pd.unique(self.customers_[REC_COLUMNS].to_numpy().ravel()))
        shown = [self.rules_] + [r.head(SEGMENT_RULES_STORED)
                                 for r in self.segment_rules_.values()]
        for rules in shown:
            for lhs, rhs in zip(rules.get("antecedents", []), rules.get("consequent", [])):
                ids.update(lhs)
                ids.add(rhs)
        self.products_ = product_names(data.products, ids)
