"""Predictions end to end: lifetime value, churn, products bought together, recommendations,
each with its own check against data the model did not see.

``PredictionAnalysis(params).fit(data)`` leaves plain attributes that ``prediction_service``
stores as an analysis run of kind "predict":

* ``customers_`` (index customer_id): clv, expected_purchases, p_alive, expected_aov,
  next_order_date, churn_probability, churn_risk, rec_1..rec_10 (product ids);
* ``validation_``: the holdout check of the purchase model (MAE and aggregate error), the churn
  backtest (AUC, precision, recall, F1, Brier score, drivers), hit-rate@10 of the recommendations
  against the best sellers, and the fitted parameters;
* ``rules_``: association rules over the shop's orders (product ids);
* ``statuses_``: one entry per part with ok and, when a part could not be computed, the reason in
  English and Chinese. A part that failed leaves its columns empty (NaN): a model that did not
  converge is reported, never shown as a result.

Definitions (as in Fader, Hardie & Lee 2005; see clv.py): purchases on the same day are one
transaction, time is in weeks, frequency counts repeat transactions, and Gamma-Gamma reads the
mean value of repeat transactions. The BG/NBD is validated on a calibration/holdout split by date
(the last ``holdout_days``, by default a quarter of the history, at most half a year), then
refitted on all data for the predictions.

Expected next order date (an approximation, documented for users): the day by which the
customer's expected number of purchases from today reaches 1 under the BG/NBD, found by
bisection within the horizon; none when that does not happen within the horizon or when P(alive)
is below one half.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction
from math import ceil

import numpy as np
import pandas as pd

from ..errors import PersonaError, UsageError
from ..jobs import NullProgress, Progress
from ..privacy.disclosure import DEFAULT_K
from . import recommend as rec_mod
from .baskets import encode_baskets, mine_rules
from .churn import ChurnModel
from .clv import (BGNBD, GammaGamma, ModelDidNotConverge, holdout_check,
                  summary_from_transactions)
from .transactions import ShopData

WEEKS_PER_MONTH = 4.345
HOLDOUT_CAP_DAYS = 182
MIN_HOLDOUT_DAYS = 14
P_ALIVE_FOR_NEXT_ORDER = 0.5
RULES_STORED = 100
# Tried in turn until a fit converges (see fit_value_models).
PENALIZERS = (0.0, 0.001, 0.01)
REC_COLUMNS = [f"rec_{i}" for i in range(1, rec_mod.N_RECOMMENDATIONS + 1)]
VALUE_COLUMNS = ["clv", "expected_purchases", "p_alive", "expected_aov", "next_order_date",
                 "churn_probability", "churn_risk"]
PARTS = ("holdout", "purchases", "spend", "churn", "rules", "recommendations",
         "recommendation_check")


class NoPurchases(PersonaError):
    en = "There are no purchases by identified customers yet, so nothing can be predicted."
    zh = "还没有已识别顾客的购买记录，因此无法进行预测。"


class HoldoutTooShort(PersonaError):
    en = ("The history ({days} days) is too short to keep {holdout} days aside for checking the "
          "predictions. Import a longer history.")
    zh = "历史数据（{days} 天）太短，无法留出 {holdout} 天用于检验预测。请导入更长时间的数据。"


class SpendModelUnusable(PersonaError):
    en = ("The spend model fitted to these data has no finite average (its q is {q:.2f}, 1 or "
          "less): a few very large orders dominate. Spend and lifetime value are not shown.")
    zh = "根据这些数据拟合的消费金额模型没有有限的平均值（q = {q:.2f}，不大于 1）：少数超大订单占主导。不显示消费金额和顾客终身价值。"


class NoBaskets(PersonaError):
    en = ("There are no sale orders with product lines yet, so products bought together cannot "
          "be found. Import order lines (one row per product).")
    zh = "还没有带商品明细的销售订单，因此无法找出一起购买的商品。请导入订单明细（每种商品一行）。"


class SingleItemBaskets(PersonaError):
    en = ("Every order holds a single product, so there are no products bought together to "
          "find. Import order lines (one row per product) to see product combinations.")
    zh = "每个订单都只有一种商品，因此找不到一起购买的商品。请导入订单明细（每种商品一行）以查看商品组合。"


class NoRulesFound(PersonaError):
    en = ("No product combination is in at least {count} of the {baskets} orders (support "
          "{support:.2%}) with a confidence of {confidence:.0%}. Lower the minimum support or "
          "confidence to see weaker combinations.")
    zh = ("在 {baskets} 个订单中，没有商品组合出现在至少 {count} 个订单里（支持度 {support:.2%}）且置信度达到 "
          "{confidence:.0%}。降低最低支持度或置信度可以看到较弱的组合。")


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


def status(part: str, err: PersonaError | None = None) -> dict:
    if err is None:
        return {"part": part, "ok": True, "code": None, "en": None, "zh": None}
    return {"part": part, "ok": False, "code": type(err).__name__, "en": err.message("en"),
            "zh": err.message("zh")}


def purchase_summary(data: ShopData, calibration_end, observation_end=None) -> pd.DataFrame:
    """The BG/NBD / Gamma-Gamma summary (frequency, recency, T in weeks, monetary_value) of the
    shop's purchases, index customer_id; with ``observation_end``, also the holdout columns."""
    return summary_from_transactions(data.purchases(), "customer_id", "ordered_at", "value",
                                     calibration_end, observation_end, freq_days=7)


def holdout_summary(data: ShopData, split, end) -> pd.DataFrame:
    """Summary of the purchases before ``split`` (T measured to ``split``) with the holdout
    columns of [split, end): frequency_holdout (distinct purchase days) and duration_holdout
    (weeks), as ``holdout_check`` reads them. Half-open periods, like as-of dates elsewhere."""
    split, end = pd.Timestamp(split).normalize(), pd.Timestamp(end).normalize()
    summary = purchase_summary(data.until(split), split)
    p = data.purchases()
    later = p[(p["ordered_at"] >= split) & (p["ordered_at"] < end)]
    days = later.assign(day=later["ordered_at"].dt.normalize()) \
        .drop_duplicates(["customer_id", "day"]).groupby("customer_id").size()
    summary["frequency_holdout"] = days.reindex(summary.index, fill_value=0).astype(float)
    summary["duration_holdout"] = (end - split) / pd.Timedelta(days=7)
    return summary


def fit_value_models(summary: pd.DataFrame, penalizers=PENALIZERS):
    """(BGNBD or None, GammaGamma or None, [status, status]) fitted on a purchase summary.

    Each model is fitted by plain maximum likelihood first; when that does not converge (on a
    year of data nobody may seem to drop out, and the BG/NBD's a runs off to 0), it is refitted
    with the next, larger L2 penalizer in ``penalizers``, the remedy the lifetimes package
    recommends. The penalizer that worked is kept on the model (``penalizer``) and stored with
    the run; when none works, the part fails with ModelDidNotConverge.
    """
    bgnbd = spend = None
    try:
        bgnbd = _first_fit(lambda pen: BGNBD(pen).fit(summary["frequency"], summary["recency"],
                                                      summary["T"]), penalizers)
        statuses = [status("purchases")]
    except PersonaError as err:
        statuses = [status("purchases", err)]
    try:
        spend = _first_fit(lambda pen: GammaGamma(pen).fit(summary["frequency"],
                                                           summary["monetary_value"]), penalizers)
        if spend.params_.q <= 1:
            raise SpendModelUnusable(q=spend.params_.q)
        statuses.append(status("spend"))
    except PersonaError as err:
        spend = None
        statuses.append(status("spend", err))
    return bgnbd, spend, statuses


def _first_fit(fit, penalizers):
    for i, penalizer in enumerate(penalizers):
        try:
            return fit(float(penalizer))
        except ModelDidNotConverge:
            if i == len(penalizers) - 1:
                raise
    raise ValueError("no penalizer to try")


def order_baskets(data: ShopData) -> pd.DataFrame:
    """(basket_id, item) rows: the distinct products of every sale order with a product line of
    positive quantity and price, with or without a known customer."""
    lines = data.lines_with_orders(("kind",))
    keep = ((lines["kind"] == "sale") & lines["product_id"].notna() & (lines["quantity"] > 0)
            & (lines["value"] > 0))
    out = pd.DataFrame({"basket_id": lines.loc[keep, "order_id"].to_numpy(np.int64),
                        "item": lines.loc[keep, "product_id"].to_numpy().astype(np.int64)})
    return out.drop_duplicates()


def association_rules(baskets: pd.DataFrame, min_support: float, min_confidence: float,
                      progress: Progress | None = None, min_count: int = 0) -> pd.DataFrame:
    """Rules X => {y} (X not empty) over baskets; raises SingleItemBaskets, TooManyItemsets or
    NoRulesFound with a reason to show instead of an empty table.

    ``min_count``: a rule must hold in at least this many baskets whatever the support says
    (the privacy threshold k: a "combination" seen in two orders of a small segment would
    describe those customers' orders, not a pattern)."""
    encoded = encode_baskets(baskets)
    sizes = np.diff(encoded.matrix.indptr)
    if not len(sizes):
        raise NoBaskets()
    if sizes.max() < 2:
        raise SingleItemBaskets()
    floor = Fraction(int(min_count), len(sizes))
    support = max(Fraction(str(min_support)), floor) if floor <= 1 else 1
    rules = mine_rules(encoded, support, min_confidence, min_length=2, progress=progress)
    if rules.empty:
        raise NoRulesFound(count=ceil(support * len(sizes)), baskets=f"{len(sizes):,}",
                           support=float(support), confidence=float(min_confidence))
    return rules


class _Part:
    """Maps a part's own progress onto its slice of the whole bar (0..100)."""

    def __init__(self, outer: Progress, start: int, span: int):
        self.outer, self.start, self.span = outer, start, span

    def step(self, done: int, total: int, label: str = "") -> None:
        self.outer.step(self.start + int(self.span * done / total) if total else self.start,
                        100, label)

    def check_cancelled(self) -> None:
        self.outer.check_cancelled()


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

    def fit(self, data: ShopData) -> "PredictionAnalysis":
        progress = self.progress or NullProgress()
        self.validation_, self.statuses_, self.products_ = {}, [], {}
        self.rules_ = pd.DataFrame()
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
        frame["churn_probability"] = self._churn(data, _Part(progress, 25, 30)).reindex(frame.index)
        progress.step(55, 100, "products bought together")
        self._rules(data, _Part(progress, 55, 15))
        progress.step(70, 100, "recommendations")
        recs = self._recommendations(purchases, frame.index, _Part(progress, 70, 30))
        self.customers_ = frame.join(recs.reindex(frame.index))
        self._name_products(data)
        progress.step(100, 100, "")
        return self

    # -- lifetime value ------------------------------------------------------------------------

    def _holdout(self, data: ShopData, span: int, holdout: int) -> None:
        try:
            if holdout < MIN_HOLDOUT_DAYS or span - holdout < 2 * MIN_HOLDOUT_DAYS:
                raise HoldoutTooShort(days=span, holdout=max(holdout, MIN_HOLDOUT_DAYS))
            cal = holdout_summary(data, self.split_, self.as_of_)
            model = _first_fit(lambda pen: BGNBD(pen).fit(cal["frequency"], cal["recency"],
                                                          cal["T"]), self.penalizers)
            check = holdout_check(model, cal)
            self.validation_["holdout"] = {
                "calibration_end": (self.split_ - pd.Timedelta(days=1)).date().isoformat(),
                "observation_end": (self.as_of_ - pd.Timedelta(days=1)).date().isoformat(),
                "holdout_days": holdout, "penalizer": model.penalizer,
                "n_customers": check.n_customers, "mae": check.mae,
                "predicted_total": check.predicted_total, "actual_total": check.actual_total,
                "aggregate_error": check.relative_error}
            self.statuses_.append(status("holdout"))
        except PersonaError as err:
            self.statuses_.append(status("holdout", err))

    def _values(self, data: ShopData) -> pd.DataFrame:
        # T runs to as_of, the day after the last order: a first purchase on the last day of
        # the data has T = 1 day, not 0.
        summary = purchase_summary(data, self.as_of_)
        summary.index = summary.index.astype(np.int64)
        bgnbd, spend, statuses = fit_value_models(summary, self.penalizers)
        self.statuses_ += statuses
        self.bgnbd_, self.spend_ = bgnbd, spend
        frame = pd.DataFrame(np.nan, index=summary.index.rename("customer_id"),
                             columns=VALUE_COLUMNS)
        frame["next_order_date"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
        x, t_x, big_t = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
        horizon = float(self.horizon_months) * WEEKS_PER_MONTH
        if bgnbd is not None:
            self.validation_["bgnbd"] = {**bgnbd.params_._asdict(), "penalizer": bgnbd.penalizer,
                                         "log_likelihood": bgnbd.log_likelihood_,
                                         "n_customers": bgnbd.n_customers_,
                                         "n_repeat_buyers": bgnbd.n_repeat_buyers_}
            frame["expected_purchases"] = bgnbd.expected_purchases(horizon, x, t_x, big_t)
            frame["p_alive"] = bgnbd.p_alive(x, t_x, big_t)
            frame["churn_risk"] = 1.0 - frame["p_alive"]
            weeks = _weeks_to_one_purchase(bgnbd, x, t_x, big_t, horizon)
            weeks[frame["p_alive"].to_numpy() < P_ALIVE_FOR_NEXT_ORDER] = np.nan
            days = np.round(weeks * 7)
            frame["next_order_date"] = (self.as_of_ + pd.to_timedelta(days, unit="D")).as_unit("us")
        if spend is not None:
            self.validation_["gammagamma"] = {**spend.params_._asdict(),
                                              "penalizer": spend.penalizer,
                                              "n_repeat_buyers": spend.n_repeat_buyers_}
            m = summary["monetary_value"].to_numpy(float)
            frame["expected_aov"] = spend.conditional_expected_average_profit(x, m)
            if bgnbd is not None:
                frame["clv"] = spend.customer_lifetime_value(
                    bgnbd, x, t_x, big_t, m, months=int(self.horizon_months),
                    monthly_discount_rate=float(self.monthly_discount_rate),
                    weeks_per_month=WEEKS_PER_MONTH)
        return frame

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
                                   progress=_Part(progress, 50, 50))
        except PersonaError as err:
            self.statuses_.append(status("recommendations", err))
            return pd.DataFrame(columns=REC_COLUMNS, dtype=float)
        self.statuses_.append(status("recommendations"))
        return recs.reindex(columns=REC_COLUMNS)

    def _name_products(self, data: ShopData) -> None:
        ids = set(pd.unique(self.customers_[REC_COLUMNS].to_numpy().ravel()))
        for lhs, rhs in zip(self.rules_.get("antecedents", []), self.rules_.get("consequent", [])):
            ids.update(lhs)
            ids.add(rhs)
        self.products_ = product_names(data.products, ids)


def product_names(products: pd.DataFrame, ids) -> dict:
    """{product id: name (or SKU, or "#id")} for the given ids."""
    out = {}
    for pid in ids:
        if pid is None or pid != pid:
            continue
        pid = int(pid)
        name = sku = None
        if pid in products.index:
            row = products.loc[pid]
            name, sku = row.get("name"), row.get("sku")
        out[pid] = str(name) if isinstance(name, str) and name else \
            (str(sku) if isinstance(sku, str) and sku else f"#{pid}")
    return out


def _weeks_to_one_purchase(bgnbd: BGNBD, x, t_x, big_t, horizon: float) -> np.ndarray:
    """Weeks until the expected number of purchases from now reaches 1 (NaN beyond
    ``horizon``), by bisection: expected purchases grow with time."""
    out = np.full(len(x), np.nan)
    reach = np.asarray(bgnbd.expected_purchases(horizon, x, t_x, big_t)) >= 1
    if not reach.any():
        return out
    xs, ts, bs = x[reach], t_x[reach], big_t[reach]
    lo, hi = np.zeros(len(xs)), np.full(len(xs), horizon)
    for _ in range(30):
        mid = (lo + hi) / 2
        enough = np.asarray(bgnbd.expected_purchases(mid, xs, ts, bs)) >= 1
        hi = np.where(enough, mid, hi)
        lo = np.where(enough, lo, mid)
    out[reach] = hi
    return out
