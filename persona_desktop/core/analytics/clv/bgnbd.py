"""How many times will each customer buy again? The BG/NBD model.

Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers the easy way: an
alternative to the Pareto/NBD model." Marketing Science 24(2), 275-284. Equation numbers below
refer to that paper; the likelihood is its section 7 / Hardie's note 004.

While "alive", a customer buys at a Poisson rate lambda ~ Gamma(r, alpha); after each purchase
they drop out with probability p ~ Beta(a, b). A customer is summarised by frequency x (repeat
purchases), recency t_x (time of the last purchase since the first) and T (time since the first
purchase), all in the same unit (weeks by default, see summary.py).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

from ...errors import ModelNotFitted, NoRepeatBuyers, TooFewCustomers
from .common import (MIN_CUSTOMERS, as_float_array, check_rfm, fit_by_mle, invalid, like,
                     unique_rows)


class BGNBDParams(NamedTuple):
    r: float
    alpha: float
    a: float
    b: float


def _neg_log_likelihood(log_params, x, t_x, big_t, weights, penalizer):
    """Mean negative log-likelihood over customers (+ penalizer * sum(params**2), as in the
    lifetimes package) and its gradient with respect to the log-parameters."""
    r, alpha, a, b = params = np.exp(log_params)
    repeat = x > 0
    b_x1 = b + np.maximum(x, 1) - 1  # b + x - 1, kept positive where x = 0 (that term is unused)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + big_t)
    a4 = np.where(repeat, np.log(a) - np.log(b_x1) - (r + x) * np.log(alpha + t_x), -np.inf)
    # log(exp(a3) + exp(a4)) without overflow; for x = 0 it is a3 exactly.
    log_sum = np.logaddexp(a3, a4)
    ll = a1 + a2 + log_sum
    w3, w4 = np.exp(a3 - log_sum), np.exp(a4 - log_sum)

    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + big_t) \
        - w4 * np.log(alpha + t_x)
    d_alpha = r / alpha - w3 * (r + x) / (alpha + big_t) - w4 * (r + x) / (alpha + t_x)
    d_ab = digamma(a + b) - digamma(a + b + x)
    d_a = d_ab + w4 / a
    d_b = d_ab + digamma(b + x) - digamma(b) - w4 / b_x1

    total = weights.sum()
    value = -(weights @ ll) / total + penalizer * np.sum(params ** 2)
    grad = np.array([weights @ d for d in (d_r, d_alpha, d_a, d_b)])
    grad = -grad / total * params + 2 * penalizer * params ** 2
    return value, grad


class BGNBD:
    """Beta-geometric / negative binomial model of repeat purchases (Fader, Hardie & Lee 2005,
    "Counting your customers the easy way").

    Parameters
    ----------
    penalizer : float
        L2 penalty on the parameters added to the mean negative log-likelihood. 0 gives the
        published maximum-likelihood estimates; a small value (0.001-0.1) steadies fits on short
        or tiny histories.

    Attributes (after ``fit``)
    --------------------------
    params_ : BGNBDParams (r, alpha, a, b)
    log_likelihood_ : float, total log-likelihood of the data (without the penalty)
    converged_ : bool, True after a successful fit (a fit that does not converge raises
        ModelDidNotConverge instead); None when built by ``from_params``
    n_customers_, n_repeat_buyers_ : int
    """

    def __init__(self, penalizer: float = 0.0):
        self.penalizer = penalizer

    @classmethod
    def from_params(cls, r: float, alpha: float, a: float, b: float) -> "BGNBD":
        """A model with known parameters (e.g. published ones), ready to predict."""
        model = cls()
        model.params_ = BGNBDParams(float(r), float(alpha), float(a), float(b))
        model.log_likelihood_ = float("nan")
        model.converged_ = None
        return model

    def fit(self, frequency, recency, T) -> "BGNBD":
        """Maximum-likelihood fit on one (frequency, recency, T) row per customer."""
        # Reset first: a refit that raises must leave the model unfitted, not the last fit.
        self.params_, self.log_likelihood_, self.converged_ = None, float("nan"), False
        self.n_customers_ = self.n_repeat_buyers_ = 0
        x, t_x, big_t = check_rfm(frequency, recency, T)
        if len(x) < MIN_CUSTOMERS:
            raise TooFewCustomers(needed=MIN_CUSTOMERS, found=len(x))
        n_repeat = int(np.count_nonzero(x))
        if n_repeat == 0:
            raise NoRepeatBuyers(found=len(x))
        (ux, ut_x, ubig_t), weights = unique_rows(x, t_x, big_t)
        penalizer = float(self.penalizer)

        def objective(log_params):
            return _neg_log_likelihood(log_params, ux, ut_x, ubig_t, weights, penalizer)

        params, value = fit_by_mle(objective, 4, "BG/NBD")
        self.params_ = BGNBDParams(*map(float, params))
        penalty = penalizer * float(np.sum(params ** 2))
        self.log_likelihood_ = -(value - penalty) * len(x)
        self.converged_ = True
        self.n_customers_ = len(x)
        self.n_repeat_buyers_ = n_repeat
        return self

    def _params(self) -> BGNBDParams:
        if getattr(self, "params_", None) is None:
            raise ModelNotFitted(model="BG/NBD")
        return self.params_

    def expected_purchases(self, t, frequency, recency, T):
        """Expected number of purchases in the next ``t`` time units by a customer with history
        (frequency, recency, T): FHL 2005 equation 10. ``t`` is a scalar or one per customer."""
        r, alpha, a, b = self._params()
        x, t_x, big_t = check_rfm(frequency, recency, T)
        horizon = _check_time(t)
        z = horizon / (alpha + big_t + horizon)
        # ((alpha+T)/(alpha+T+t))^(r+x) = (1 - z)^(r+x)
        tail = np.exp((r + x) * np.log1p(-z)) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        expected = (a + b + x - 1) / (a - 1) * (1 - tail) * self._p_alive(x, t_x, big_t)
        return like(expected, frequency, recency, T, t)

    def expected_purchases_new(self, t):
        """Expected repeat purchases by a new (just acquired) customer in the first ``t`` time
        units: FHL 2005 equation 9, with Gauss's hypergeometric function 2F1."""
        r, alpha, a, b = self._params()
        horizon = _check_time(t)
        z = horizon / (alpha + horizon)
        tail = np.exp(r * np.log1p(-z)) * hyp2f1(r, b, a + b - 1, z)
        return like((a + b - 1) / (a - 1) * (1 - tail), t)

    def p_alive(self, frequency, recency, T):
        """Probability that the customer has not dropped out by T (FHL 2005, appendix / note 021).
        A customer with no repeat purchase has had no chance to drop out: 1."""
        self._params()
        x, t_x, big_t = check_rfm(frequency, recency, T)
        return like(self._p_alive(x, t_x, big_t), frequency, recency, T)

    def _p_alive(self, x, t_x, big_t):
        r, alpha, a, b = self.params_
        b_x1 = b + np.maximum(x, 1) - 1
        # log of a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x); expit(-L) = 1/(1+e^L) cannot overflow.
        log_odds_dead = np.log(a) - np.log(b_x1) + (r + x) * (np.log(alpha + big_t)
                                                               - np.log(alpha + t_x))
        return np.where(x > 0, expit(-log_odds_dead), 1.0)

    def p_zero_new(self, t):
        """Probability that a new customer makes no repeat purchase in (0, t]: FHL 2005
        equation 8 with x = 0, which reduces to (alpha / (alpha + t))^r."""
        r, alpha, _a, _b = self._params()
        horizon = _check_time(t)
        return like(np.exp(r * (np.log(alpha) - np.log(alpha + horizon))), t)


def _check_time(t) -> np.ndarray:
    t = as_float_array(t, "t")
    if np.any(t < 0):
        raise invalid("the prediction horizon t must be 0 or more", "预测时长 t 必须大于等于 0")
    return t
