"""What the customer-value models (bgnbd, gammagamma) share: the checks on their inputs, the
maximum-likelihood driver and the helper that builds their InvalidPurchaseData error.

Their typed errors (TooFewCustomers, ModelDidNotConverge...) live in ``core.errors`` with the
others: they say why a prediction cannot be made from these data and what to do about it, and
never quote a customer's values, only counts.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd
from scipy import optimize

from ...errors import InvalidPurchaseData, ModelDidNotConverge

# Below this, four (or three) parameters are fitted to noise: refuse rather than predict nonsense.
MIN_CUSTOMERS = 20
MIN_REPEAT_BUYERS = 10

# A fitted parameter outside exp(+-LOG_PARAM_LIMIT) means the likelihood kept improving as the
# parameter ran off to 0 or infinity: the data do not identify the model (e.g. all spends equal).
LOG_PARAM_LIMIT = 18.0
# Largest |gradient| of the per-customer mean log-likelihood (in log-parameters) accepted as a
# maximum. BFGS often stops with "precision loss" right at the optimum; the gradient is the judge.
GRADIENT_TOLERANCE = 1e-4
# Smallest curvature (Hessian eigenvalue of the mean log-likelihood in log-parameters) accepted.
# A flatter direction means the data cannot tell some parameters apart: e.g. nobody ever drops
# out, so the BG/NBD's a and b run off together with a/b fixed. CDNOW's smallest is 3e-3; the
# degenerate fits we met were below 1e-7 or not even concave.
MIN_CURVATURE = 1e-6


def invalid(why_en: str, why_zh: str) -> InvalidPurchaseData:
    return InvalidPurchaseData(why_en=why_en, why_zh=why_zh)


def as_float_array(values, name: str) -> np.ndarray:
    """A 1-D float array of ``values``; missing or non-numeric entries are refused, not dropped,
    because a silently shorter input would shift every customer's prediction."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise invalid(f"the column {name} contains values that are not numbers",
                      f"{name} 列包含非数字的值") from None
    array = np.atleast_1d(array)
    if array.ndim != 1:
        raise invalid(f"{name} must be one value per customer", f"{name} 必须每位顾客一个值")
    if not np.all(np.isfinite(array)):
        raise invalid(f"the column {name} has missing or infinite values",
                      f"{name} 列有缺失值或无穷大的值")
    return array


def check_rfm(frequency, recency, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated (frequency, recency, T) arrays of one customer each."""
    x = as_float_array(frequency, "frequency")
    t_x = as_float_array(recency, "recency")
    big_t = as_float_array(T, "T")
    try:  # one value may stand for all customers (e.g. a common T)
        x, t_x, big_t = np.broadcast_arrays(x, t_x, big_t)
    except ValueError:
        raise invalid("frequency, recency and T have different lengths",
                      "frequency、recency 和 T 的长度不一致") from None
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise invalid("frequency must be a whole number of repeat purchases, 0 or more",
                      "frequency（重复购买次数）必须是大于等于 0 的整数")
    if np.any(t_x < 0) or np.any(big_t <= 0):
        raise invalid("recency must be 0 or more and T more than 0",
                      "recency 必须大于等于 0，T 必须大于 0")
    # Tolerance for float noise only: rounding both (the published CDNOW summary keeps 2
    # decimals) never puts recency after T.
    if np.any(t_x > big_t + 1e-6):
        raise invalid("some customers' last purchase (recency) is later than the end of the "
                      "period (T)",
                      "部分顾客的最近购买时间（recency）晚于观察期结束（T）")
    return x, t_x, big_t


def like(result: np.ndarray, *templates):
    """Return ``result`` as a Series on the index of the first Series among ``templates``, as a
    float when every input was a scalar, else as an array: callers get back what they gave."""
    for template in templates:
        if isinstance(template, pd.Series) and len(template) == np.size(result):
            return pd.Series(np.reshape(result, -1), index=template.index)
    if all(np.ndim(t) == 0 for t in templates) and np.size(result) == 1:
        return float(np.reshape(result, -1)[0])
    return result


def unique_rows(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows of ``columns`` and how often each occurs. Summaries repeat (frequency,
    recency, T) triples a lot (everyone who bought once in the same week), so the likelihood is
    evaluated once per distinct row and weighted: same optimum, several times faster."""
    stacked = np.column_stack(columns)
    rows, counts = np.unique(stacked, axis=0, return_counts=True)
    return [rows[:, i] for i in range(rows.shape[1])], counts.astype(float)


def fit_by_mle(neg_ll_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]], n_params: int,
               model: str) -> tuple[np.ndarray, float]:
    """Minimise a mean negative log-likelihood over log-parameters from a few starting points.

    Returns (parameters, objective at the optimum). Raises ModelDidNotConverge when no start
    reaches a point with a near-zero gradient and finite, bounded parameters.
    """
    # 0 is every parameter = 1; the others rescue fits whose first start wanders off.
    for start in (0.0, np.log(0.1), 1.0):
        with np.errstate(all="ignore"):
            result = optimize.minimize(neg_ll_and_grad, np.full(n_params, start), jac=True,
                                       method="BFGS",
                                       options={"gtol": GRADIENT_TOLERANCE / 10, "maxiter": 2000})
            value, grad = neg_ll_and_grad(result.x)
        if (np.isfinite(value) and np.all(np.isfinite(result.x))
                and np.max(np.abs(grad)) < GRADIENT_TOLERANCE
                and np.max(np.abs(result.x)) < LOG_PARAM_LIMIT
                and _min_curvature(neg_ll_and_grad, result.x) > MIN_CURVATURE):
            return np.exp(result.x), float(value)
    raise ModelDidNotConverge(model=model)


def _min_curvature(neg_ll_and_grad, x: np.ndarray, step: float = 1e-5) -> float:
    """Smallest eigenvalue of the Hessian at ``x``, by central differences of the gradient."""
    columns = []
    for i in range(len(x)):
        shift = np.zeros_like(x)
        shift[i] = step
        with np.errstate(all="ignore"):
            columns.append((neg_ll_and_grad(x + shift)[1] - neg_ll_and_grad(x - shift)[1])
                           / (2 * step))
    hessian = np.column_stack(columns)
    if not np.all(np.isfinite(hessian)):
        return float("nan")
    return float(np.linalg.eigvalsh((hessian + hessian.T) / 2)[0])
