"""From a purchase log to the one-row-per-customer summary the customer-value models read, and
a check of their predictions against a holdout period.

The summary follows Fader, Hardie & Lee (2005) and the lifetimes package, so that published
CDNOW numbers come out of it: purchases on the same day are one transaction; frequency counts
REPEAT transactions (the first is the moment of acquisition, not a repeat); recency and T are
measured from the first purchase in units of ``freq_days`` days (7 = weeks).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .common import invalid


def _days(values: pd.Series, name: str) -> pd.Series:
    # pandas would read 19970101 as nanoseconds since 1970: refuse numbers instead of guessing.
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        raise invalid(f"the column {name} holds numbers, not dates", f"{name} 列是数字而不是日期")
    try:
        dates = pd.to_datetime(values)
    except (TypeError, ValueError):
        raise invalid(f"the column {name} contains values that are not dates",
                      f"{name} 列包含不是日期的值") from None
    if dates.isna().any():
        raise invalid(f"the column {name} has missing dates", f"{name} 列有缺失的日期")
    return dates.dt.normalize()


def _day(value, name: str) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise invalid(f"{name} is not a date", f"{name} 不是日期")
    return stamp.normalize()


def summary_from_transactions(df: pd.DataFrame, customer_col: str, date_col: str,
                              value_col: str | None, calibration_end, observation_end=None,
                              freq_days: float = 7) -> pd.DataFrame:
    """One row per customer who bought on or before ``calibration_end``.

    Columns: frequency (repeat transactions; same-day purchases count as one), recency (first to
    last transaction), T (first transaction to calibration_end), both in units of ``freq_days``
    days, and, with ``value_col``, monetary_value: the mean value of the REPEAT transactions
    (same-day values summed; 0 for customers with no repeat). With ``observation_end``, also
    frequency_holdout (transactions in (calibration_end, observation_end]),
    monetary_value_holdout (their mean value, 0 when none) and duration_holdout.

    Rows without a customer cannot be attributed to anyone and are left out; customers whose
    first purchase is after calibration_end are not in the summary (they have no history yet).
    """
    columns = [customer_col, date_col] + ([value_col] if value_col is not None else [])
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise invalid(f"the purchase table has no column {missing[0]}",
                      f"购买记录中没有 {missing[0]} 列")
    if not freq_days or freq_days <= 0:
        raise invalid("the time unit must be more than 0 days", "时间单位必须大于 0 天")
    frame = df.loc[df[customer_col].notna(), columns]
    cal_end = _day(calibration_end, "calibration_end")
    obs_end = _day(observation_end, "observation_end") if observation_end is not None else cal_end
    if obs_end < cal_end:
        raise invalid("the holdout period ends before the calibration period",
                      "验证期的结束早于校准期")

    days = _days(frame[date_col], date_col)
    values = pd.to_numeric(frame[value_col], errors="coerce") if value_col is not None \
        else pd.Series(0.0, index=frame.index)
    if values.isna().any():
        raise invalid(f"the column {value_col} has missing or non-numeric amounts",
                      f"{value_col} 列有缺失或非数字的金额")
    daily = (pd.DataFrame({"customer": frame[customer_col].to_numpy(), "day": days.to_numpy(),
                           "value": values.to_numpy(dtype=float)})
             .groupby(["customer", "day"], sort=True)["value"].sum().reset_index())

    calib = daily[daily["day"] <= cal_end]
    per = calib.groupby("customer", sort=True)
    first = per["day"].min()
    first_value = per["value"].first()  # rows are sorted by day within a customer
    n_days = per.size()
    unit = pd.Timedelta(days=1) * freq_days
    summary = pd.DataFrame({
        "frequency": (n_days - 1).astype(float),
        "recency": (per["day"].max() - first) / unit,
        "T": (cal_end - first) / unit,
    })
    if value_col is not None:
        repeat_total = per["value"].sum() - first_value
        repeats = summary["frequency"]
        summary["monetary_value"] = np.where(repeats > 0, repeat_total / repeats.where(repeats > 0),
                                             0.0)
    if observation_end is not None:
        hold = daily[(daily["day"] > cal_end) & (daily["day"] <= obs_end)]
        hold_per = hold.groupby("customer", sort=True)
        summary["frequency_holdout"] = hold_per.size().reindex(summary.index, fill_value=0) \
            .astype(float)
        if value_col is not None:
            summary["monetary_value_holdout"] = hold_per["value"].mean() \
                .reindex(summary.index, fill_value=0.0)
        summary["duration_holdout"] = (obs_end - cal_end) / unit
    summary.index.name = customer_col
    return summary


@dataclass(frozen=True)
class HoldoutCheck:
    """How well a fitted purchase model predicted a period it did not see.

    ``per_customer`` has columns predicted and actual (purchases in the holdout period);
    ``relative_error`` is (predicted_total - actual_total) / actual_total, NaN when nobody
    bought in the holdout period.
    """
    n_customers: int
    mae: float
    predicted_total: float
    actual_total: float
    relative_error: float
    per_customer: pd.DataFrame


def holdout_check(model, summary: pd.DataFrame) -> HoldoutCheck:
    """Compare ``model.expected_purchases`` over each customer's holdout duration with the
    purchases they actually made (summary from ``summary_from_transactions`` with
    observation_end)."""
    needed = ("frequency", "recency", "T", "frequency_holdout", "duration_holdout")
    missing = [c for c in needed if c not in summary.columns]
    if missing:
        raise invalid(f"the summary has no holdout period (missing {', '.join(missing)})",
                      f"汇总数据没有验证期（缺少 {', '.join(missing)}）")
    predicted = np.asarray(model.expected_purchases(summary["duration_holdout"].to_numpy(),
                                                    summary["frequency"], summary["recency"],
                                                    summary["T"]), dtype=float)
    actual = summary["frequency_holdout"].to_numpy(dtype=float)
    predicted_total, actual_total = float(predicted.sum()), float(actual.sum())
    relative = (predicted_total - actual_total) / actual_total if actual_total else float("nan")
    return HoldoutCheck(
        n_customers=len(summary),
        mae=float(np.mean(np.abs(predicted - actual))),
        predicted_total=predicted_total,
        actual_total=actual_total,
        relative_error=relative,
        per_customer=pd.DataFrame({"predicted": predicted, "actual": actual}, index=summary.index),
    )
