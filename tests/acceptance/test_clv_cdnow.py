"""BG/NBD and Gamma-Gamma on the CDNOW sample (../shared/data/cdnow, skipped when absent) must
reproduce Fader, Hardie & Lee's published numbers (shared/data/README.md, section cdnow)."""
from __future__ import annotations

import pandas as pd
import pytest

from persona_desktop.core.analytics.clv import BGNBD, GammaGamma, summary_from_transactions
from tests.conftest import shared_data

pytestmark = pytest.mark.acceptance

CALIBRATION_END = "1997-09-30"


def _file(name: str):
    # shared_data: <project root>/../shared/data/cdnow/NAME, or skip when it is absent.
    return shared_data("cdnow", name)


@pytest.fixture(scope="module")
def published_summary():
    return pd.read_csv(_file("cdnow_customers_summary.csv"))


@pytest.fixture(scope="module")
def bgnbd(published_summary):
    s = published_summary
    return BGNBD().fit(s["frequency"], s["recency"], s["T"])


@pytest.fixture(scope="module")
def raw_summary():
    raw = pd.read_csv(_file("CDNOW_sample.txt"), sep=r"\s+", header=None,
                      names=["master_id", "customer", "date", "cds", "dollars"],
                      dtype={"date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return summary_from_transactions(raw, "customer", "date", "dollars", CALIBRATION_END)


def test_bgnbd_parameters_match_the_paper(bgnbd):
    published = (0.243, 4.414, 0.793, 2.426)
    for got, want in zip(bgnbd.params_, published):
        assert got == pytest.approx(want, abs=0.01)
    assert bgnbd.log_likelihood_ == pytest.approx(-9582.43, abs=0.05)


def test_expected_purchases_of_a_known_customer_match_the_paper(bgnbd):
    assert bgnbd.expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=0.001)


def test_expected_repeat_purchases_of_a_new_customer_match_the_paper(bgnbd):
    horizons = [0.1429, 1, 3, 31.8571, 32, 78]
    published = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576]
    got = bgnbd.expected_purchases_new(horizons)
    for g, want in zip(got, published):
        assert g == pytest.approx(want, abs=0.001)


def test_probability_of_no_purchase_in_39_weeks_with_the_papers_parameters():
    paper = BGNBD.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    assert paper.p_zero_new(39) == pytest.approx(0.5737864, abs=1e-6)


def test_our_summary_of_the_raw_file_matches_the_published_summary(raw_summary, published_summary):
    assert len(raw_summary) == 2357
    assert int((raw_summary["frequency"] > 0).sum()) == 946
    published = published_summary.set_index("ID")
    assert (raw_summary["frequency"] == published["frequency"]).all()
    # The published summary rounds recency and T to 2 decimals.
    assert (raw_summary["recency"] - published["recency"]).abs().max() < 0.006
    assert (raw_summary["T"] - published["T"]).abs().max() < 0.006


def test_bgnbd_on_our_summary_of_the_raw_file_gives_the_same_parameters(raw_summary, bgnbd):
    ours = BGNBD().fit(raw_summary["frequency"], raw_summary["recency"], raw_summary["T"])
    for got, want in zip(ours.params_, bgnbd.params_):
        assert got == pytest.approx(want, abs=0.01)


def test_gamma_gamma_on_repeat_spend_matches_the_paper(raw_summary):
    model = GammaGamma().fit(raw_summary["frequency"], raw_summary["monetary_value"])
    assert model.n_repeat_buyers_ == 946
    for got, want in zip(model.params_, (6.25, 3.74, 15.44)):
        assert got == pytest.approx(want, abs=0.01)
    first_ten = model.conditional_expected_average_profit(
        raw_summary["frequency"], raw_summary["monetary_value"]).loc[1:10]
    published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]
    for got, want in zip(first_ten, published):
        assert got == pytest.approx(want, abs=0.1)
