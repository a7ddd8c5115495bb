"""Predictions on the real Online Retail file (skipped when ../shared/data is absent): the holdout
check of the purchase model, the churn backtest and the recommendation hit-rate@10 against the
popularity baseline are computed, stored with the run and printed; recommendations must beat
popularity."""
from __future__ import annotations

import time

import numpy as np
import pytest

from persona_desktop.core import services

pytestmark = pytest.mark.acceptance


@pytest.fixture(scope="module")
def predicted(tmp_path_factory, online_retail):
    vault, _report, _path = online_retail   # imported once for the run (conftest.py)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("retail-home")))
        start = time.perf_counter()
        run = services.predict(vault)
        seconds = time.perf_counter() - start
        stored = services.latest_predictions(vault)
    return vault, run, stored, seconds


def test_validation_figures_are_computed_and_stored(predicted):
    _vault, run, stored, seconds = predicted
    assert stored.run_id == run.run_id and stored.kind == "predict"
    v = stored.meta["validation"]
    h, c, r = v["holdout"], v["churn"], v["recommendations"]
    assert h["n_customers"] > 3000 and 0 < h["mae"] < 5 and np.isfinite(h["aggregate_error"])
    assert 0.6 < c["auc"] <= 1 and all(0 <= c[m] <= 1 for m in ("precision", "recall", "f1"))
    assert c["drivers"]
    assert r["n_customers"] > 1000 and 0 < r["popularity_hit_rate"] < 1 and 0 < r["hit_rate"] <= 1
    print(f"\nOnline Retail predictions ({seconds:.1f} s): holdout {h['holdout_days']} days after "
          f"{h['calibration_end']} (penalizer {h['penalizer']}), MAE {h['mae']:.3f}, aggregate "
          f"error {h['aggregate_error']:+.1%} (predicted {h['predicted_total']:.0f}, actual "
          f"{h['actual_total']:.0f}); churn {c['horizon_days']} d AUC {c['auc']:.3f}, precision "
          f"{c['precision']:.3f}, recall {c['recall']:.3f}, F1 {c['f1']:.3f}, Brier "
          f"{c['brier']:.3f}; hit-rate@10 {r['hit_rate']:.3f} vs popularity "
          f"{r['popularity_hit_rate']:.3f} on {r['n_customers']} customers; BG/NBD "
          f"{v['bgnbd']}; rules {v['rules']['count']}")


def test_recommendations_beat_popularity(predicted):
    r = predicted[2].meta["validation"]["recommendations"]
    assert r["hit_rate"] > r["popularity_hit_rate"] + 0.05


def test_every_customer_has_predictions_and_recommendations(predicted):
    _vault, _run, stored, _ = predicted
    c = stored.customers
    # The data README's 4,338 customers, less the 4 whose only purchases are postage or manual
    # lines (service lines are not purchases: issue 14, item 6)
    assert len(c) == 4_334
    assert all(s["ok"] for s in stored.meta["statuses"]), stored.meta["statuses"]
    assert c[["clv", "p_alive", "expected_aov", "churn_probability"]].notna().all().all()
    assert c["rec_1"].notna().all()


def test_the_cli_text_shows_the_figures(predicted):
    from persona_desktop.cli.predict_commands import predict_text
    text = predict_text(predicted[2])
    for needle in ("MAE", "AUC", "hit-rate@10", "popularity"):
        assert needle in text
    names = set(predicted[2].meta["products"].values())
    assert "WHITE HANGING HEART T-LIGHT HOLDER" in names
