"""The typed results of the use cases (services/results.py): each ``to_dict()`` is exactly the dict
the use case returned before it had a type, keys in the same order, because the CLI prints it
with ``--json`` and scripts parse that."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.analytics import compare
from persona_desktop.core.analytics.runs import AnalysisRun
from persona_desktop.core.ingest import history
from persona_desktop.core.services.predictions import persona_predictions
from persona_desktop.core.services.results import (GroupPrediction, PersonaPredictions,
                                                   ProductShare, Recommendations, RunComparison)

VAULT_INFO_KEYS = ["path", "vault_id", "created_at", "settings", "kdf", "schema_version", "counts",
                   "file_bytes", "failed_unlocks_since_last"]
IMPORT_KEYS = ["import_id", "started_at", "finished_at", "kind", "file_name", "rows_read",
               "rows_stored", "rows_quarantined", "status", "undone_at", "rows_new",
               "duplicates_found"]
COMPARISON_KEYS = ["counts", "suppressed", "customers_in_both", "only_in_a", "only_in_b",
                   "stayed_share", "clusters_kept_share"]


def test_vault_info_to_dict_has_the_old_keys_in_order(new_vault):
    info = services.vault_info(new_vault)
    out = info.to_dict()
    assert list(out) == VAULT_INFO_KEYS
    assert list(out["settings"]) == ["shop_name", "currency", "timezone", "phone_country"]
    assert list(out["kdf"]) == ["id", "memory_kib", "iterations"]
    assert out["counts"]["customers"] == 0 and info.shop_name == out["settings"]["shop_name"]
    json.dumps(out)   # plain values only, as the CLI prints them


def test_import_records_are_the_rows_of_the_import_history(new_vault, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("订单编号,客户编号,下单时间,数量,单价\n1,C1,2024-03-01 10:00,1,2.5\n"
                    "2,C2,2024-03-02 11:00,2,3.5\n", encoding="utf-8")
    services.import_file(new_vault, path)
    records = services.list_imports(new_vault)
    assert [r.to_dict() for r in records] == history.list_imports(new_vault)
    assert list(records[0].to_dict()) == IMPORT_KEYS
    assert records[0].status == "complete" and records[0].rows_stored == 2


def _segments(values) -> pd.DataFrame:
    return pd.DataFrame({"segment": values}, index=pd.RangeIndex(len(values), name="customer_id"))


def test_run_comparison_to_dict_is_the_migration_dict():
    a = _segments(["champions"] * 20 + ["loyal"] * 20)
    b = _segments(["champions"] * 15 + ["loyal"] * 25)
    old = compare.migration(a, b, k=5)
    out = RunComparison.from_migration(old).to_dict()
    assert list(out) == list(old) == COMPARISON_KEYS
    pd.testing.assert_frame_equal(out["counts"], old["counts"])
    pd.testing.assert_frame_equal(out["suppressed"], old["suppressed"])
    assert {k: out[k] for k in COMPARISON_KEYS[2:]} == {k: old[k] for k in COMPARISON_KEYS[2:]}


def test_a_stored_comparison_reads_back_as_the_one_computed(new_vault):
    from persona_desktop.core.services.analysis import _migration_from, comparison_from_meta
    earlier = AnalysisRun(1, "profile", "", None, {}, _segments(["champions"] * 20 + ["lost"] * 20),
                          pd.DataFrame(), {})
    later = AnalysisRun(2, "profile", "", None, {}, _segments(["champions"] * 30 + ["lost"] * 10),
                        pd.DataFrame(), {})
    stored = json.loads(json.dumps(_migration_from(earlier, later, 5)))
    back = comparison_from_meta(stored)
    computed = RunComparison.from_migration(compare.migration(earlier.customers, later.customers, 5))
    assert back.customers_in_both == computed.customers_in_both == 40
    assert back.stayed_share == computed.stayed_share
    assert back.counts.to_numpy().tolist() == computed.counts.to_numpy().tolist()


def test_recommendations_keep_the_old_key_order_per_scope():
    tea = ProductShare(1, "Tea", None)
    one = Recommendations("customer", "c_1", (tea,), {"clv": 12.5})
    assert one.to_dict() == {"scope": "customer", "name": "c_1",
                             "products": [{"product_id": 1, "name": "Tea", "share": None}],
                             "figures": {"clv": 12.5}}
    assert list(one.to_dict()) == ["scope", "name", "products", "figures"]
    assert list(Recommendations("customer", "c_2").to_dict()) == ["scope", "name", "products",
                                                                  "figures"]
    shop = Recommendations("shop", None, (ProductShare(2, "Cup", 0.5),))
    assert shop.to_dict() == {"scope": "shop", "name": None, "figures": {},
                              "products": [{"product_id": 2, "name": "Cup", "share": 0.5}]}
    assert list(shop.to_dict()) == ["scope", "name", "figures", "products"]


def test_persona_predictions_to_dict_has_the_old_shape():
    ids = pd.Index(range(1, 31), name="customer_id")
    profile = AnalysisRun(1, "profile", "", None, {},
                          pd.DataFrame({"segment": ["a"] * 20 + ["b"] * 10}, index=ids),
                          pd.DataFrame(index=ids),
                          {"segment_personas": [{"group_id": "a"}, {"group_id": "other"}]})
    customers = pd.DataFrame({"clv": np.r_[np.ones(20), np.full(10, 3.0)], "churn_risk": 0.5,
                              "churn_probability": 0.25, "rec_1": 1.0}, index=ids)
    run = AnalysisRun(2, "predict", "", None, {}, customers, pd.DataFrame(index=ids),
                      {"products": {"1": "Tea"}})
    result = persona_predictions(run, profile)
    tea = [{"product_id": 1, "name": "Tea", "share": 1.0}]
    assert result.to_dict() == {"segment": {
        "a": {"clv": 1.0, "churn_risk": 0.5, "churn_probability": 0.25, "top_products": tea},
        "other": {"clv": 3.0, "churn_risk": 0.5, "churn_probability": 0.25, "top_products": tea}}}
    assert result.figures("segment", "a") == result.to_dict()["segment"]["a"]
    assert result.figures("cluster", "1") == {} and result.of("cluster") == {}
    assert result and not PersonaPredictions() and not persona_predictions(None, profile)


def test_results_are_frozen():
    with pytest.raises(AttributeError):
        GroupPrediction(1.0, None, None).clv = 2.0
