"""Segments, Customers, Insights and the Dashboard on a demo vault: run the analysis from the
window, see persona cards, filter customers, switch charts and languages; reopen and see the stored
run at once."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from persona_desktop.core import services

DEMO_PASSWORD = services.DEMO_PASSWORD


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "vault"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("demo-home")))
        mp.setenv("PERSONA_KDF", "floor")
        services.create_demo_vault(folder).lock()
    return folder


def _unlock(qtbot, window, password=DEMO_PASSWORD):
    panel = window.welcome.unlock
    panel.password.setText(password)
    panel.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20000)
    qtbot.waitUntil(lambda: window.workspace.analysis.loaded, timeout=20000)
    return window.workspace


def _run_analysis(qtbot, ws):
    before = ws.analysis.run.run_id if ws.analysis.run else 0
    ws.rerun_button.click()
    qtbot.waitUntil(lambda: ws.analysis.run is not None and ws.analysis.run.run_id != before
                    and not ws.analysis.busy, timeout=120000)
    return ws.analysis.run


def test_running_the_analysis_fills_segments_customers_insights_and_dashboard(
        qtbot, make_window, demo_folder):
    window = make_window(demo_folder)
    ws = _unlock(qtbot, window)
    run = _run_analysis(qtbot, ws)
    segments = ws.pages[2]
    assert len(segments.cards) == len(run.segment_personas) >= 5
    titles = [c.title.text() for c in segments.cards]
    assert "Champions" in titles
    assert all(c.lines.get("why") for c in segments.cards if c.title.text() != "Other customers")
    segments.by_cluster.setChecked(True)
    assert len(segments.cards) == len(run.cluster_personas)

    customers = ws.pages[1]
    assert customers.model.total_rows == len(run.customers)
    customers.segment.setCurrentIndex(customers.segment.findData("champions"))
    champions = int((run.customers["segment"] == "champions").sum())
    assert customers.model.total_rows == champions
    customers.table.selectRow(0)
    assert customers.detail_title.text().startswith("Customer #")
    assert customers.detail_form.rowCount() >= 8

    insights = ws.pages[3]
    assert insights.tiles["orders"].value.text() not in ("", "—", "…")
    for i in range(insights.picker.count()):
        insights.picker.setCurrentIndex(i)
        assert insights.chart.canvas is not None
    assert "segments" in ws.dashboard.analysis_text.text()
    assert ws.last_analysis.text().startswith("last analysis")

    window.context.set_language("zh", remember=False)
    qtbot.wait(50)
    segments.by_segment.setChecked(True)
    assert "冠军客户" in [c.title.text() for c in segments.cards]
    window.context.set_language("en", remember=False)
    qtbot.wait(50)


def test_reopening_shows_the_stored_analysis_without_recomputing(qtbot, make_window, demo_folder):
    window = make_window(demo_folder)
    ws = _unlock(qtbot, window)
    if ws.analysis.run is None:
        _run_analysis(qtbot, ws)
        window.lock("test")
        ws = _unlock(qtbot, window)
    stored = services.list_runs(window.vault)[-1]["run_id"]
    assert ws.analysis.run.run_id == stored
    assert ws.pages[2].cards


def test_empty_vault_offers_to_run_and_says_why_nothing_is_shown(qtbot, make_window,
                                                                  existing_vault):
    from tests.conftest import PASSWORD
    window = make_window(existing_vault)
    ws = _unlock(qtbot, window, PASSWORD)
    segments = ws.pages[2]
    assert segments.empty.isVisibleTo(segments)
    _run_analysis(qtbot, ws)
    assert not segments.cards
    assert "import" in segments.notes.text().lower()
    texts = " ".join(lab.text() for lab in ws.pages[1].findChildren(QLabel))
    assert "import a file first" in texts
