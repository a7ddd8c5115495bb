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
                    and not ws.analysis.busy, timeout=180000)
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
    # issue 14, item 7: a weak structure is said in words beside the clusters
    weak = run.meta["clustering"]["structure"] in ("weak", "none")
    assert ("weakly separated" in segments.notes.text()) == weak

    customers = ws.pages[1]
    qtbot.waitUntil(lambda: customers.model.total_rows == len(run.customers), timeout=20000)
    customers.search.setText("no customer number has letters")
    qtbot.waitUntil(lambda: customers.model.total_rows == 0, timeout=5000)
    customers.search.clear()
    qtbot.waitUntil(lambda: customers.model.total_rows == len(run.customers), timeout=5000)
    customers.segment.setCurrentIndex(customers.segment.findData("champions"))
    champions = int((run.customers["segment"] == "champions").sum())
    qtbot.waitUntil(lambda: customers.model.total_rows == champions, timeout=5000)  # in a worker
    customers.table.selectRow(0)
    assert customers.detail_title.text().startswith("Customer #")
    assert len(customers.detail_rows) >= 8

    # Predictions follow the profile in the same re-run: cards, customer detail and Insights.
    qtbot.waitUntil(lambda: bool(ws.analysis.persona_predictions), timeout=60000)
    segments.by_segment.setChecked(True)
    assert any("Predicted 12-month value" in c.lines.get("predicted").text()
               for c in segments.cards if "predicted" in c.lines)
    assert any("recommend" in c.lines for c in segments.cards)
    customers._show_selected()
    details = customers.detail_text.text()
    assert "Predicted 12-month value" in details

    insights = ws.pages[3]
    assert insights.predictions_card.isVisibleTo(insights)
    assert "AUC" in insights.predictions_text.text()
    assert "next 12 months" in insights.predictions_headline.text()
    assert "hit-rate@10" in insights.predictions_text.text()
    all_rules = insights.rules_model.total_rows
    assert all_rules > 0
    insights.rules_search.setText("no product is called this")
    assert insights.rules_model.total_rows == 0
    insights.rules_search.clear()
    if insights.rules_segment.count() > 1:
        insights.rules_segment.setCurrentIndex(1)
        assert insights.rules_model.total_rows > 0
    assert insights.tiles["orders"].value.text() not in ("", "—", "…")
    for i in range(insights.picker.count()):
        insights.picker.setCurrentIndex(i)
        assert insights.chart.canvas is not None
    assert "segments" in ws.dashboard.analysis_text.text()
    _run_analysis(qtbot, ws)   # a second run: the page offers the migration since the first
    assert insights.picker.findData("migration_matrix") >= 0
    insights.picker.setCurrentIndex(insights.picker.findData("migration_matrix"))
    assert insights.comparison.customers_in_both == len(run.customers)
    assert ws.last_analysis.text().startswith("last analysis")

    window.context.set_language("zh", remember=False)
    segments.by_segment.setChecked(True)
    # Pages rebuild after a language change from the event loop (deferred, one after another):
    # on a busy machine that takes longer than a fixed short wait.
    qtbot.waitUntil(lambda: "冠军客户" in [c.title.text() for c in segments.cards], timeout=20000)
    window.context.set_language("en", remember=False)
    qtbot.waitUntil(lambda: "Champions" in [c.title.text() for c in segments.cards], timeout=20000)

    # Locking leaves no page holding the analysis (its customers' figures) in memory.
    dashboard = ws.dashboard
    window.lock("test")
    assert dashboard.run is None and segments.run is None and segments.chart is None
    assert customers.run is None and customers.rows is None and customers.model.frame is None
    assert insights.run is None and insights.chart is None and insights.comparison is None


def test_reopening_shows_the_stored_analysis_without_recomputing(qtbot, make_window, demo_folder):
    window = make_window(demo_folder)
    ws = _unlock(qtbot, window)
    if ws.analysis.run is None:
        _run_analysis(qtbot, ws)
        window.lock("test")
        ws = _unlock(qtbot, window)
    stored = [r["run_id"] for r in services.list_runs(window.vault) if r["kind"] == "profile"]
    assert ws.analysis.run.run_id == stored[-1]
    qtbot.waitUntil(lambda: ws.analysis.predictions is not None, timeout=20000)
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


def test_tag_rules_can_be_added_saved_and_reset_from_the_segments_page(qtbot, make_window,
                                                                      demo_folder):
    window = make_window(demo_folder)
    ws = _unlock(qtbot, window)
    segments = ws.pages[2]
    segments.edit_tags()
    qtbot.waitUntil(lambda: getattr(segments, "tags_dialog", None) is not None, timeout=10000)
    dialog = segments.tags_dialog
    before = len(dialog.model.rules)
    dialog.tag.setText("vip")
    dialog.label_zh.setText("贵宾")
    dialog.threshold.setText("p95")
    dialog.add_button.click()
    assert len(dialog.model.rules) == before + 1
    dialog.threshold.setText("lots")
    dialog.tag.setText("bad")
    dialog.add_button.click()
    assert dialog.error.isVisibleTo(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved, timeout=10000)  # stored in a worker
    assert any(r.tag == "vip" and r.label_zh == "贵宾" for r in services.tag_rules(window.vault))
    qtbot.waitUntil(lambda: not ws.analysis.busy and ws.analysis.run is not None
                    and "vip" in ws.analysis.run.tags.columns, timeout=120000)
    segments.tags_dialog = None
    segments.edit_tags()
    qtbot.waitUntil(lambda: segments.tags_dialog is not None, timeout=10000)
    dialog = segments.tags_dialog
    assert any(r.tag == "vip" for r in dialog.model.rules)
    dialog.reset_button.click()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved, timeout=10000)
    assert not any(r.tag == "vip" for r in services.tag_rules(window.vault))
    qtbot.waitUntil(lambda: not ws.analysis.busy, timeout=120000)


def test_orders_without_customers_show_shop_figures_and_no_customer_pages(
        qtbot, make_window, existing_vault, tmp_path):
    # A marketplace report like Tmall's: orders, totals, regions and refunds, no customer column.
    from persona_desktop.core.vault.store import Vault
    from tests.conftest import PASSWORD
    provinces = ["上海", "北京", "江苏省", "广东省"]
    rows = ["订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额"]
    for i in range(60):
        rows.append(f"{i + 1},{50 + i},{50 + i},{provinces[i % 4]},2020-02-{1 + i % 28:02d} "
                    f"10:{i % 60:02d}:00,2020-02-{1 + i % 28:02d} 10:{i % 60:02d}:30,"
                    f"{10 if i % 7 == 0 else 0}")
    path = tmp_path / "orders.csv"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    vault = Vault.open(existing_vault, PASSWORD)
    services.import_file(vault, path)
    vault.lock()
    window = make_window(existing_vault)
    ws = _unlock(qtbot, window, PASSWORD)
    run = _run_analysis(qtbot, ws)
    assert "no_customers" in run.meta["notes"]
    segments, customers, insights = ws.pages[2], ws.pages[1], ws.pages[3]
    assert not segments.cards and "customer identifiers" in segments.notes.text()
    assert customers.model.total_rows == 0
    assert "customer identifiers" in customers.empty.text.text()
    assert insights.tiles["orders"].value.text() == "60"
    names = [insights.picker.itemData(i) for i in range(insights.picker.count())]
    assert "revenue_by_region" in names and "rfm_heatmap" not in names
