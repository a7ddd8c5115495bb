"""Lifetime value for the prediction run: the BG/NBD / Gamma-Gamma purchase summary of a shop,
the holdout check of the purchase model, and the per-customer value columns.

Definitions (as in Fader, Hardie & Lee 2005; see clv.py): purchases on the same day are one
transaction, time is in weeks, frequency counts repeat transactions, and Gamma-Gamma reads the
mean value of repeat transactions. The BG/NBD is validated on a calibration/holdout split by date
(``holdout_figures``), then refitted on all data for the predictions (``customer_values``).

Expected next order date (an approximation, documented for users): the day by which the
customer's expected number of purchases from today reaches 1 under the BG/NBD, found by
bisection within the horizon; none when that does not happen within the horizon or when P(alive)
is below one half.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import (HoldoutTooShort, ModelDidNotConverge, PersonaError, SpendModelUnusable,
                       UsageError)
from ..clv import BGNBD, GammaGamma, holdout_check, summary_from_transactions
from ..transactions import ShopData

WEEKS_PER_MONTH = 4.345
HOLDOUT_CAP_DAYS = 182
MIN_HOLDOUT_DAYS = 14
P_ALIVE_FOR_NEXT_ORDER = 0.5
# Tried in turn until a fit converges (see fit_value_models).
PENALIZERS = (0.0, 0.001, 0.01)
VALUE_COLUMNS = ["clv", "expected_purchases", "p_alive", "expected_aov", "next_order_date",
                 "churn_probability", "churn_risk"]


def status(part: str, err: PersonaError | None = None) -> dict:
    """The stored outcome of one part of the run: ok, or the reason in English and Chinese."""
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
        bgnbd = first_fit(lambda pen: BGNBD(pen).fit(summary["frequency"], summary["recency"],
                                                     summary["T"]), penalizers)
        statuses = [status("purchases")]
    except PersonaError as err:
        statuses = [status("purchases", err)]
    try:
        spend = first_fit(lambda pen: GammaGamma(pen).fit(summary["frequency"],
                                                          summary["monetary_value"]), penalizers)
        if spend.params_.q <= 1:
            raise SpendModelUnusable(q=spend.params_.q)
        statuses.append(status("spend"))
    except PersonaError as err:
        spend = None
        statuses.append(status("spend", err))
    return bgnbd, spend, statuses


def first_fit(fit, penalizers):
    """``fit(penalizer)`` with the first penalizer for which it converges."""
    for i, penalizer in enumerate(penalizers):
        try:
            return fit(float(penalizer))
        except ModelDidNotConverge:
            if i == len(penalizers) - 1:
                raise
    raise UsageError(what="at least one penalizer is needed (for example 0.0)")


def holdout_figures(data: ShopData, split: pd.Timestamp, as_of: pd.Timestamp, span: int,
                    holdout: int, penalizers=PENALIZERS) -> dict:
    """The BG/NBD fitted on the days before ``split`` against what happened from ``split`` to
    ``as_of``: MAE and aggregate error of the predicted purchases. Raises HoldoutTooShort (or
    the fit's own error) when the check cannot be made."""
    if holdout < MIN_HOLDOUT_DAYS or span - holdout < 2 * MIN_HOLDOUT_DAYS:
        raise HoldoutTooShort(days=span, holdout=max(holdout, MIN_HOLDOUT_DAYS))
    cal = holdout_summary(data, split, as_of)
    model = first_fit(lambda pen: BGNBD(pen).fit(cal["frequency"], cal["recency"], cal["T"]),
                      penalizers)
    check = holdout_check(model, cal)
    return {"calibration_end": (split - pd.Timedelta(days=1)).date().isoformat(),
            "observation_end": (as_of - pd.Timedelta(days=1)).date().isoformat(),
            "holdout_days": holdout, "penalizer": model.penalizer,
            "n_customers": check.n_customers, "mae": check.mae,
            "predicted_total": check.predicted_total, "actual_total": check.actual_total,
            "aggregate_error": check.relative_error}


class CustomerValues:
    """The value columns per customer (``frame_``, VALUE_COLUMNS with churn_probability left
    empty for the churn part), the fitted models (``bgnbd_``, ``spend_``, None when a fit
    failed), their ``statuses_`` and the ``validation_`` figures to store."""

    def __init__(self, horizon_months: int = 12, monthly_discount_rate: float = 0.01,
                 penalizers=PENALIZERS):
        self.horizon_months = horizon_months
        self.monthly_discount_rate = monthly_discount_rate
        self.penalizers = penalizers

    def fit(self, data: ShopData, as_of: pd.Timestamp) -> "CustomerValues":
        # T runs to as_of, the day after the last order: a first purchase on the last day of
        # the data has T = 1 day, not 0.
        summary = purchase_summary(data, as_of)
        summary.index = summary.index.astype(np.int64)
        bgnbd, spend, self.statuses_ = fit_value_models(summary, self.penalizers)
        self.bgnbd_, self.spend_, self.validation_ = bgnbd, spend, {}
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
            weeks = weeks_to_one_purchase(bgnbd, x, t_x, big_t, horizon)
            weeks[frame["p_alive"].to_numpy() < P_ALIVE_FOR_NEXT_ORDER] = np.nan
            days = np.round(weeks * 7)
            frame["next_order_date"] = (as_of + pd.to_timedelta(days, unit="D")).as_unit("us")
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
        self.frame_ = frame
        return self


def weeks_to_one_purchase(bgnbd: BGNBD, x, t_x, big_t, horizon: float) -> np.ndarray:
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
