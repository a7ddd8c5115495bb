"""CDNOW from the raw file through the real import pipeline (skipped when ../shared/data is absent):
the summary our prediction code builds from the vault's purchases, with the calibration period
ending 1997-09-30, must give Fader, Hardie & Lee's published BG/NBD and Gamma-Gamma parameters
(the app leaves out eight $0.00 "purchases", which moves r by 0.001: still within 0.01)."""
from __future__ import annotations

import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.analytics import transactions
from persona_desktop.core.analytics.predictions.value import fit_value_models, purchase_summary
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD, shared_data

pytestmark = pytest.mark.acceptance
CALIBRATION_END = "1997-09-30"


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    path = shared_data("cdnow", "CDNOW_sample.txt")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("cdnow-home")))
        vault, _code = Vault.create(tmp_path_factory.mktemp("cdnow") / "vault", PASSWORD)
        try:
            services.import_file(vault, path)
            data = transactions.load(vault)
        finally:
            vault.lock(record=False)
    return purchase_summary(data, CALIBRATION_END)


def test_summary_matches_the_published_one(summary):
    # Eight customers' only purchase was a $0.00 line: by the app's definition of a purchase
    # (positive quantity and price, data README) they have none, so they are not in our summary;
    # everyone else must have the published frequency, recency and T.
    raw = pd.read_csv(shared_data("cdnow", "CDNOW_sample.txt"), sep=r"\s+", header=None,
                      names=["master_id", "customer", "date", "cds", "dollars"])
    free_only = raw.groupby("customer")["dollars"].max().loc[lambda s: s <= 0].index
    assert len(free_only) == 8
    published = pd.read_csv(shared_data("cdnow", "cdnow_customers_summary.csv"))
    published = published[~published["ID"].isin(free_only)]
    assert len(summary) == len(published) == 2_349
    assert int((summary["frequency"] > 0).sum()) == 946
    for col in ("frequency", "recency", "T"):
        ours = summary[col].sort_values().to_numpy()
        theirs = published[col].sort_values().to_numpy()
        assert abs(ours - theirs).max() < 0.01, col


def test_models_fitted_on_the_pipeline_summary_give_the_published_parameters(summary):
    bgnbd, spend, statuses = fit_value_models(summary)
    assert all(s["ok"] for s in statuses)
    assert bgnbd.penalizer == 0.0 and spend.penalizer == 0.0
    for got, want in zip(bgnbd.params_, (0.243, 4.414, 0.793, 2.426)):
        assert got == pytest.approx(want, abs=0.01)
    for got, want in zip(spend.params_, (6.25, 3.74, 15.44)):
        assert got == pytest.approx(want, abs=0.01)
    print(f"\nCDNOW through the import pipeline: "
          f"BG/NBD {tuple(round(x, 4) for x in bgnbd.params_)}, "
          f"Gamma-Gamma {tuple(round(x, 4) for x in spend.params_)}")
