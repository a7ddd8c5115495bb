"""How much will each customer spend per purchase, and what are they worth? The Gamma-Gamma
spend model and customer lifetime value.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "RFM and CLV: using iso-value curves for
customer base analysis." Journal of Marketing Research 42(4), 415-430; the likelihood as in
Hardie's note 025 ("The Gamma-Gamma model of monetary value").

A customer's spends z_i ~ Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers. The model is
fitted on the mean spend of each repeat buyer's REPEAT purchases (the first one excluded, as the
paper does), and it assumes spend per purchase is independent of how often a customer buys.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import digamma, gammaln

from ...errors import ModelNotFitted, TooFewRepeatBuyers
from .common import MIN_REPEAT_BUYERS, as_float_array, fit_by_mle, invalid, like, unique_rows


class GammaGammaParams(NamedTuple):
    p: float
    q: float
    gamma: float


def _neg_log_likelihood(log_params, x, m, weights, penalizer):
    """Mean negative log-likelihood of the repeat buyers' mean spends m over x purchases
    (+ penalizer * sum(params**2)) and its gradient with respect to the log-parameters."""
    p, q, gamma = params = np.exp(log_params)
    px = p * x
    log_pool = np.log(gamma + x * m)
    ll = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma)
          + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * log_pool)
    psi = digamma(px + q)
    d_p = x * (psi - digamma(px) + np.log(m) + np.log(x) - log_pool)
    d_q = psi - digamma(q) + np.log(gamma) - log_pool
    d_gamma = q / gamma - (px + q) / (gamma + x * m)

    total = weights.sum()
    value = -(weights @ ll) / total + penalizer * np.sum(params ** 2)
    grad = np.array([weights @ d for d in (d_p, d_q, d_gamma)])
    grad = -grad / total * params + 2 * penalizer * params ** 2
    return value, grad


def _check_spend(frequency, monetary_value) -> tuple[np.ndarray, np.ndarray]:
    x = as_float_array(frequency, "frequency")
    m = as_float_array(monetary_value, "monetary_value")
    if len(x) != len(m):
        raise invalid("frequency and monetary_value have different lengths",
                      "frequency 和 monetary_value 的长度不一致")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise invalid("frequency must be a whole number of repeat purchases, 0 or more",
                      "frequency（重复购买次数）必须是大于等于 0 的整数")
    if np.any(m[x > 0] <= 0) or np.any(m < 0):
        raise invalid("repeat buyers' average spend must be more than 0 (refunds netted out "
                      "beforehand)", "重复购买顾客的平均消费金额必须大于 0（请先扣除退款）")
    return x, m


class GammaGamma:
    """Gamma-Gamma model of average spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV:
    using iso-value curves").

    Parameters
    ----------
    penalizer : float
        L2 penalty on the parameters added to the mean negative log-likelihood (0 = plain MLE).

    Attributes (after ``fit``)
    --------------------------
    params_ : GammaGammaParams (p, q, gamma)
    log_likelihood_ : float, total log-likelihood of the repeat buyers' spends (without penalty)
    converged_ : bool, True after a successful fit (failure raises ModelDidNotConverge)
    n_repeat_buyers_ : int, customers the model was fitted on
    """

    def __init__(self, penalizer: float = 0.0):
        self.penalizer = penalizer

    @classmethod
    def from_params(cls, p: float, q: float, gamma: float) -> "GammaGamma":
        """A model with known parameters, ready to predict."""
        model = cls()
        model.params_ = GammaGammaParams(float(p), float(q), float(gamma))
        model.log_likelihood_ = float("nan")
        model.converged_ = None
        return model

    def fit(self, frequency, monetary_value) -> "GammaGamma":
        """Fit on one (frequency, mean repeat spend) row per customer; customers without a repeat
        purchase are left out, as their mean repeat spend does not exist."""
        # Reset first: a refit that raises must leave the model unfitted, not the last fit.
        self.params_, self.log_likelihood_, self.converged_ = None, float("nan"), False
        self.n_repeat_buyers_ = 0
        x, m = _check_spend(frequency, monetary_value)
        repeat = x > 0
        n_repeat = int(np.count_nonzero(repeat))
        if n_repeat < MIN_REPEAT_BUYERS:
            raise TooFewRepeatBuyers(needed=MIN_REPEAT_BUYERS, found=n_repeat)
        (ux, um), weights = unique_rows(x[repeat], m[repeat])
        penalizer = float(self.penalizer)

        def objective(log_params):
            return _neg_log_likelihood(log_params, ux, um, weights, penalizer)

        params, value = fit_by_mle(objective, 3, "Gamma-Gamma")
        self.params_ = GammaGammaParams(*map(float, params))
        self.log_likelihood_ = -(value - penalizer * float(np.sum(params ** 2))) * n_repeat
        self.converged_ = True
        self.n_repeat_buyers_ = n_repeat
        return self

    def _params(self) -> GammaGammaParams:
        if getattr(self, "params_", None) is None:
            raise ModelNotFitted(model="Gamma-Gamma")
        return self.params_

    def conditional_expected_average_profit(self, frequency, monetary_value):
        """Expected spend per future purchase: a weighted mean of the population mean
        p*gamma/(q-1) and the customer's own mean, weighted by how many repeat purchases back it
        (FHL 2005 iso-value paper, eq. 5). A customer with no repeat purchase gets the population
        mean."""
        p, q, gamma = self._params()
        x, m = _check_spend(frequency, monetary_value)
        return like(p * (gamma + x * m) / (p * x + q - 1), frequency, monetary_value)

    def customer_lifetime_value(self, bgnbd, frequency, recency, T, monetary_value, months=12,
                                monthly_discount_rate=0.01, weeks_per_month=4.345):
        """Discounted value of each customer's next ``months`` months: for every month, the
        BG/NBD's expected purchases in that month times the expected spend per purchase, divided
        by (1 + monthly_discount_rate) ** month (as the lifetimes package does).

        ``weeks_per_month`` is the number of the BG/NBD's time units in a month: 4.345 when T is
        in weeks (the default summary), about 30.44 when it is in days.
        """
        spend = np.asarray(self.conditional_expected_average_profit(frequency, monetary_value),
                           dtype=float)
        value = np.zeros_like(spend, dtype=float)
        previous = np.zeros_like(value)
        for month in range(1, int(months) + 1):
            cumulative = np.asarray(bgnbd.expected_purchases(month * weeks_per_month, frequency,
                                                             recency, T), dtype=float)
            value = value + (cumulative - previous) * spend / (1 + monthly_discount_rate) ** month
            previous = cumulative
        return like(value, frequency, recency, T, monetary_value)
