"""Customer lifetime value models (core/analytics/clv*): parameter recovery on data simulated
from known parameters, the typed refusals on degenerate data, and the transaction summary."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.analytics.clv import (BGNBD, MIN_CUSTOMERS, GammaGamma, holdout_check,
                                                summary_from_transactions)
from persona_desktop.core.errors import (InvalidPurchaseData, ModelDidNotConverge, ModelNotFitted,
                                         NoRepeatBuyers, PersonaError, TooFewCustomers,
                                         TooFewRepeatBuyers)

BG_TRUE = dict(r=0.5, alpha=5.0, a=0.8, b=2.5)
GG_TRUE = dict(p=6.0, q=4.0, gamma=15.0)


def simulate_bgnbd(n, r, alpha, a, b, seed=0):
    """(frequency, recency, T) drawn from the BG/NBD story: Poisson buying at a gamma-distributed
    rate, dropping out after each repeat purchase with a beta-distributed probability."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1 / alpha, n)
    drop = rng.beta(a, b, n)
    big_t = rng.uniform(30, 60, n)
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / rate[i])
            if t > big_t[i]:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < drop[i]:
                break
    return x, t_x, big_t


def simulate_spend(n, p, q, gamma, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 10, n)
    nu = rng.gamma(q, 1 / gamma, n)
    return x, np.array([rng.gamma(p, 1 / nu[i], x[i]).mean() for i in range(n)])


@pytest.fixture(scope="module")
def simulated():
    return simulate_bgnbd(8000, **BG_TRUE, seed=1)


@pytest.fixture(scope="module")
def fitted(simulated):
    return BGNBD().fit(*simulated)


# --- BG/NBD -------------------------------------------------------------------------------------

def test_bgnbd_recovers_the_parameters_it_was_simulated_with(fitted):
    for name, true in BG_TRUE.items():
        assert getattr(fitted.params_, name) == pytest.approx(true, rel=0.2), name
    assert fitted.converged_ is True
    assert fitted.n_customers_ == 8000
    assert np.isfinite(fitted.log_likelihood_) and fitted.log_likelihood_ < 0


def test_bgnbd_predicts_the_simulated_repeat_purchases_in_aggregate(simulated, fitted):
    x, _t_x, big_t = simulated
    # Each customer's expected repeats over their own (0, T] against what was simulated.
    expected = BGNBD.from_params(**BG_TRUE).expected_purchases_new(big_t).sum()
    assert fitted.expected_purchases_new(big_t).sum() == pytest.approx(x.sum(), rel=0.05)
    assert expected == pytest.approx(x.sum(), rel=0.05)


def test_bgnbd_fit_returns_self_and_keeps_init_params():
    model = BGNBD(penalizer=0.01)
    x, t_x, big_t = simulate_bgnbd(300, **BG_TRUE, seed=2)
    assert model.fit(x, t_x, big_t) is model
    assert model.penalizer == 0.01


def test_penalizer_shrinks_the_parameters(simulated, fitted):
    shrunk = BGNBD(penalizer=0.1).fit(*simulated)
    assert sum(v ** 2 for v in shrunk.params_) < sum(v ** 2 for v in fitted.params_)


def test_everyone_bought_once_raises_no_repeat_buyers():
    n = 100
    with pytest.raises(NoRepeatBuyers) as err:
        BGNBD().fit(np.zeros(n), np.zeros(n), np.full(n, 30.0))
    assert "100" in str(err.value)
    assert "重复购买" in err.value.message("zh")


def test_too_few_customers_raises_before_fitting():
    with pytest.raises(TooFewCustomers) as err:
        BGNBD().fit([1, 2, 0], [3.0, 5.0, 0.0], [10.0, 10.0, 10.0])
    assert str(MIN_CUSTOMERS) in str(err.value)


@pytest.mark.parametrize("column", ["frequency", "recency", "T"])
def test_missing_values_are_refused_not_dropped(column):
    x, t_x, big_t = simulate_bgnbd(200, **BG_TRUE, seed=3)
    data = {"frequency": x, "recency": t_x, "T": big_t}
    data[column] = data[column].copy()
    data[column][5] = np.nan
    with pytest.raises(InvalidPurchaseData) as err:
        BGNBD().fit(data["frequency"], data["recency"], data["T"])
    assert column in str(err.value)


def test_recency_after_the_end_of_the_period_is_refused():
    x, t_x, big_t = simulate_bgnbd(200, **BG_TRUE, seed=4)
    t_x = t_x.copy()
    t_x[0] = big_t[0] + 1
    with pytest.raises(InvalidPurchaseData):
        BGNBD().fit(x, t_x, big_t)


def test_fractional_frequency_is_refused():
    x, t_x, big_t = simulate_bgnbd(200, **BG_TRUE, seed=5)
    with pytest.raises(InvalidPurchaseData):
        BGNBD().fit(x + 0.5, t_x, big_t)


def test_data_without_any_dropout_signal_raise_a_typed_non_convergence():
    # Everyone buys every week to the end: the drop-out parameters are not identified.
    n = 50
    with pytest.raises(ModelDidNotConverge) as err:
        BGNBD().fit(np.full(n, 29.0), np.full(n, 29.0), np.full(n, 30.0))
    assert isinstance(err.value, PersonaError)
    assert "惩罚系数" in err.value.message("zh")


def test_p_alive_of_a_customer_without_repeat_purchase_is_one(fitted):
    assert fitted.p_alive(0, 0.0, 40.0) == 1.0
    alive = fitted.p_alive([0, 3, 3], [0.0, 38.0, 2.0], [40.0, 40.0, 40.0])
    assert alive[0] == 1.0
    # A recent repeat buyer is more likely still active than one silent for 38 weeks.
    assert 0 < alive[2] < alive[1] < 1


def test_expected_purchases_are_zero_now_and_grow_with_the_horizon(fitted):
    horizons = [0.0, 1.0, 10.0, 52.0, 200.0]
    conditional = fitted.expected_purchases(horizons, [2] * 5, [30.0] * 5, [39.0] * 5)
    assert conditional[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(conditional) > 0)
    unconditional = fitted.expected_purchases_new(horizons)
    assert unconditional[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(unconditional) > 0)


def test_p_zero_new_matches_the_closed_form(fitted):
    r, alpha, _a, _b = fitted.params_
    assert fitted.p_zero_new(39.0) == pytest.approx((alpha / (alpha + 39.0)) ** r)
    assert fitted.p_zero_new(0.0) == 1.0


def test_predictions_keep_the_customer_index_of_a_series(fitted):
    index = pd.Index(["c1", "c2"], name="customer")
    out = fitted.expected_purchases(10.0, pd.Series([1, 4], index=index),
                                    pd.Series([5.0, 20.0], index=index),
                                    pd.Series([30.0, 30.0], index=index))
    assert isinstance(out, pd.Series) and list(out.index) == ["c1", "c2"]
    assert isinstance(fitted.expected_purchases(10.0, 1, 5.0, 30.0), float)


def test_predicting_before_fitting_raises_not_fitted():
    with pytest.raises(ModelNotFitted):
        BGNBD().p_alive(1, 2.0, 3.0)
    with pytest.raises(ModelNotFitted):
        GammaGamma().conditional_expected_average_profit(1, 10.0)


# --- Gamma-Gamma and CLV ------------------------------------------------------------------------

def test_gamma_gamma_recovers_the_parameters_it_was_simulated_with():
    x, m = simulate_spend(5000, **GG_TRUE, seed=6)
    model = GammaGamma().fit(x, m)
    for name, true in GG_TRUE.items():
        assert getattr(model.params_, name) == pytest.approx(true, rel=0.2), name
    p, q, gamma = model.params_
    assert p * gamma / (q - 1) == pytest.approx(6.0 * 15.0 / 3.0, rel=0.05)  # population mean


def test_gamma_gamma_ignores_customers_without_repeat_purchases():
    x, m = simulate_spend(500, **GG_TRUE, seed=7)
    base = GammaGamma().fit(x, m).params_
    with_once = GammaGamma().fit(np.r_[x, np.zeros(50)], np.r_[m, np.zeros(50)])
    assert np.allclose(with_once.params_, base)
    assert with_once.n_repeat_buyers_ == 500


def test_gamma_gamma_needs_enough_repeat_buyers():
    with pytest.raises(TooFewRepeatBuyers):
        GammaGamma().fit([0, 0, 1, 2], [0.0, 0.0, 10.0, 12.0])


def test_identical_spends_raise_a_typed_non_convergence():
    with pytest.raises(ModelDidNotConverge):
        GammaGamma().fit(np.tile([1, 2, 3, 4, 5], 10), np.full(50, 10.0))


def test_negative_spend_of_a_repeat_buyer_is_refused():
    x, m = simulate_spend(100, **GG_TRUE, seed=8)
    m = m.copy()
    m[0] = -5.0
    with pytest.raises(InvalidPurchaseData):
        GammaGamma().fit(x, m)


def test_conditional_spend_moves_from_population_mean_towards_own_mean():
    model = GammaGamma.from_params(p=6.0, q=4.0, gamma=15.0)
    population = 6.0 * 15.0 / 3.0
    spend = model.conditional_expected_average_profit([0, 1, 50], [0.0, 100.0, 100.0])
    assert spend[0] == pytest.approx(population)
    assert population < spend[1] < spend[2] < 100.0


def test_clv_is_discounted_monthly_expected_purchases_times_spend():
    bg = BGNBD.from_params(**BG_TRUE)
    gg = GammaGamma.from_params(**GG_TRUE)
    spend = gg.conditional_expected_average_profit(3, 40.0)
    one_month = gg.customer_lifetime_value(bg, 3, 20.0, 30.0, 40.0, months=1)
    assert one_month == pytest.approx(bg.expected_purchases(4.345, 3, 20.0, 30.0) * spend / 1.01)
    undiscounted = gg.customer_lifetime_value(bg, 3, 20.0, 30.0, 40.0, months=12,
                                              monthly_discount_rate=0.0)
    assert undiscounted == pytest.approx(bg.expected_purchases(12 * 4.345, 3, 20.0, 30.0) * spend)
    discounted = gg.customer_lifetime_value(bg, 3, 20.0, 30.0, 40.0, months=12)
    assert one_month < discounted < undiscounted


# --- summary_from_transactions and the holdout check -------------------------------------------

def _log():
    rows = [("A", "2024-01-01 09:00", 10.0), ("A", "2024-01-01 17:00", 5.0),  # same day: one
            ("A", "2024-01-15", 20.0), ("A", "2024-01-29", 40.0),
            ("A", "2024-03-10", 7.0),                                    # holdout
            ("B", "2024-01-08", 30.0),
            ("C", "2024-02-20", 9.0),                                    # first after cutoff
            (None, "2024-01-02", 99.0)]                                   # no customer
    frame = pd.DataFrame(rows, columns=["customer", "date", "amount"])
    frame["date"] = pd.to_datetime(frame["date"], format="ISO8601")
    return frame


def test_summary_counts_same_day_purchases_once_and_averages_repeat_spend_only():
    summary = summary_from_transactions(_log(), "customer", "date", "amount", "2024-01-31")
    assert list(summary.index) == ["A", "B"]
    a = summary.loc["A"]
    assert a["frequency"] == 2
    assert a["recency"] == pytest.approx(4.0)
    assert a["T"] == pytest.approx(30 / 7)
    assert a["monetary_value"] == pytest.approx(30.0)  # (20 + 40) / 2; the first day's 15 left out
    b = summary.loc["B"]
    assert (b["frequency"], b["recency"], b["monetary_value"]) == (0, 0, 0)
    assert b["T"] == pytest.approx(23 / 7)


def test_summary_holdout_columns_cover_the_period_after_calibration():
    summary = summary_from_transactions(_log(), "customer", "date", "amount", "2024-01-31",
                                        observation_end="2024-03-31", freq_days=1)
    assert summary.loc["A", "frequency_holdout"] == 1
    assert summary.loc["B", "frequency_holdout"] == 0
    assert summary.loc["A", "monetary_value_holdout"] == pytest.approx(7.0)
    assert (summary["duration_holdout"] == 60).all()
    assert "C" not in summary.index
    assert summary.loc["A", "T"] == 30


def test_summary_refuses_numeric_dates_instead_of_guessing():
    frame = pd.DataFrame({"c": [1, 1], "d": [20240101, 20240201], "v": [1.0, 2.0]})
    with pytest.raises(InvalidPurchaseData):
        summary_from_transactions(frame, "c", "d", "v", "2024-03-01")


def test_summary_refuses_missing_amounts():
    frame = _log()
    frame.loc[2, "amount"] = np.nan
    with pytest.raises(InvalidPurchaseData):
        summary_from_transactions(frame, "customer", "date", "amount", "2024-01-31")


def test_holdout_check_reports_mae_and_aggregate_error():
    summary = pd.DataFrame({"frequency": [0.0, 2.0, 5.0], "recency": [0.0, 10.0, 30.0],
                            "T": [40.0, 40.0, 40.0], "frequency_holdout": [0.0, 1.0, 4.0],
                            "duration_holdout": [20.0, 20.0, 20.0]})
    model = BGNBD.from_params(**BG_TRUE)
    check = holdout_check(model, summary)
    predicted = model.expected_purchases(20.0, summary["frequency"], summary["recency"],
                                         summary["T"]).to_numpy()
    assert check.mae == pytest.approx(np.mean(np.abs(predicted - [0, 1, 4])))
    assert check.actual_total == 5.0
    assert check.relative_error == pytest.approx((predicted.sum() - 5.0) / 5.0)
    assert list(check.per_customer.columns) == ["predicted", "actual"]


def test_holdout_check_needs_holdout_columns():
    summary = pd.DataFrame({"frequency": [1.0], "recency": [1.0], "T": [2.0]})
    with pytest.raises(InvalidPurchaseData):
        holdout_check(BGNBD.from_params(**BG_TRUE), summary)
