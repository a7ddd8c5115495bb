"""Profiling on the real Online Retail file (skipped when ../shared/data is absent).

Recency, frequency and monetary of every customer must equal an independent pandas computation
straight from the CSV, over purchases as the data README defines them (customer present,
Quantity > 0, UnitPrice > 0, duplicates kept: 397,884 rows and 4,338 customers), less the lines
of the product codes the vault lists as postage, fees and adjustments (issue 14, item 6).
"""
from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.analytics.profile import ProfileParams

pytestmark = pytest.mark.acceptance


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, online_retail):
    vault, _report, path = online_retail    # imported once for the run (conftest.py)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("retail-home")))
        run = services.analyze(vault)
    return vault, run, path


@pytest.fixture(scope="module")
def expected(analysed):
    vault, _run, path = analysed
    service = {r["sku"] for r in services.service_lines(vault)}
    assert {"POST", "DOT", "M", "C2", "BANK CHARGES", "AMAZONFEE"} <= service
    raw = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str})
    raw["InvoiceDate"] = pd.to_datetime(raw["InvoiceDate"])
    as_of = raw["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
    p = raw[raw["CustomerID"].notna() & (raw["Quantity"] > 0) & (raw["UnitPrice"] > 0)].copy()
    assert len(p) == 397_884 and p["CustomerID"].nunique() == 4_338
    p = p[~p["StockCode"].isin(service)]
    print(f"\nOnline Retail service lines: {sorted(service)}; {len(p):,} purchase rows left")
    p["customer"] = p["CustomerID"].str.replace(r"\.0$", "", regex=True)
    p["value"] = p["Quantity"] * p["UnitPrice"]
    g = p.groupby("customer")
    out = pd.DataFrame({"frequency": g["InvoiceNo"].nunique(), "monetary": g["value"].sum(),
                        "recency": (as_of - g["InvoiceDate"].max().dt.normalize()).dt.days})
    return out


def _by_customer_ref(vault, customers: pd.DataFrame) -> pd.DataFrame:
    with vault.reader() as conn:
        ids = dict(conn.execute("SELECT customer_id, pseudonym FROM customers").fetchall())
    with vault.identity_reader() as conn:
        refs = dict(conn.execute("SELECT pseudonym, value FROM identities "
                                 "WHERE kind = 'customer_ref'").fetchall())
    keyed = customers.copy()
    keyed.index = [refs[ids[i]] for i in customers.index]
    return keyed


def test_rfm_inputs_equal_an_independent_pandas_computation(analysed, expected):
    vault, run, _ = analysed
    ours = _by_customer_ref(vault, run.customers)
    assert sorted(ours.index) == sorted(expected.index)
    ours = ours.loc[expected.index]
    assert (ours["frequency"].to_numpy() == expected["frequency"].to_numpy()).all()
    assert (ours["recency_days"].to_numpy() == expected["recency"].to_numpy()).all()
    np.testing.assert_allclose(ours["monetary"].to_numpy(), expected["monetary"].to_numpy(),
                               rtol=1e-9, atol=1e-6)


def test_k_and_silhouette_are_reported_and_every_card_renders(analysed):
    from persona_desktop.core.reports.cards import card_text
    _, run, _ = analysed
    c = run.meta["clustering"]
    assert c["status"] == "ok" and 2 <= c["k"] <= 10 and -1 < c["silhouette"] <= 1
    print(f"\nOnline Retail: k = {c['k']}, silhouette = {c['silhouette']:.3f}, "
          f"scores {c['k_scores']}")
    personas = run.segment_personas + run.cluster_personas
    assert len(run.segment_personas) >= 8
    for p in personas:
        for lang in ("en", "zh"):
            text = card_text(p, lang, run.meta["currency"])
            assert p.name(lang) in text
        assert p.size >= 10


def test_charts_render_to_png_in_english_and_chinese(analysed, tmp_path):
    from persona_desktop.core.reports import charts as chart_registry
    _, run, _ = analysed
    for name in chart_registry.names():
        if name in ("migration_matrix", "persona_profile"):
            continue
        for lang in ("en", "zh"):
            with warnings.catch_warnings():
                warnings.simplefilter("error", UserWarning)
                fig = chart_registry.render(name, run, lang=lang)
                buffer = io.BytesIO()
                fig.savefig(buffer, format="png")
            assert buffer.tell() > 1000


def test_cluster_ids_survive_a_month_of_new_data(analysed):
    vault, run, _ = analysed
    params = dict(k=5, privacy_k=10)
    earlier = services.analyze(vault, ProfileParams(as_of="2011-11-09", **params))
    later = services.analyze(vault, ProfileParams(**params))
    kept = later.meta["clustering"]["kept_share"]
    assert kept is not None and kept > 0.5
    assert set(later.meta["clustering"]["matched"].values()) <= set(
        int(i) for i in earlier.customers["cluster"].dropna().unique())
    comparison = services.compare_runs(vault, earlier.run_id, later.run_id)
    stayed = comparison.stayed_share
    stayed_text = "hidden (a small cell)" if stayed is None else f"{stayed:.1%}"
    print(f"\nOnline Retail, k=5, run as of 2011-11-09 vs all data: {kept:.1%} of customers kept "
          f"their cluster; {stayed_text} kept their RFM segment")
