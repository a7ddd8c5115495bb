"""The Imports page: an empty state that says what to do, the list of past imports, undo (with a
confirmation, in a worker, audit-logged by the core), the rows set aside; and the table models."""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from persona_desktop.core import services
from persona_desktop.gui.models.frame_model import FrameModel
from persona_desktop.gui.models.imports_model import ImportsModel
from persona_desktop.gui.import_wizard.mapping_model import MappingModel
from tests.gui.conftest import vault_counts

TIMEOUT = 15000


def imports_page(window):
    window.workspace.show_page(4)
    return window.workspace.imports_page


def test_an_empty_vault_says_import_your_first_file(qtbot, unlocked_window):
    page = imports_page(unlocked_window)
    qtbot.waitUntil(lambda: page.loaded, timeout=TIMEOUT)
    assert page.empty_card.isVisible() and not page.list_card.isVisible()
    assert page.empty_title.text() == "Import your first file"
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    assert page.wizard is not None and page.wizard.isVisible()
    page.wizard.reject()
    qtbot.waitUntil(lambda: page.wizard is None)
    qtbot.wait(50)


def test_past_imports_are_listed_and_undo_removes_the_import(qtbot, unlocked_window, gbk_orders):
    window = unlocked_window
    services.import_file(window.vault, gbk_orders)
    page = imports_page(window)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    assert page.list_card.isVisible() and not page.empty_card.isVisible()
    texts = [page.model.text(0, c) for c in range(page.model.columnCount())]
    assert texts[0] == "1" and texts[2] == "订单导出.csv"
    assert texts[3:] == ["4", "3", "1", "Imported"]
    assert page.selected_import().import_id == 1  # the newest is selected
    assert page.undo_button.isEnabled() and page.quarantine_button.isEnabled()

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    box = page.confirm_box
    assert box is not None and "Undo import 1 (订单导出.csv)?" == box.text()
    assert "audit log" in box.informativeText()
    undo = next(b for b in box.buttons()
                if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1
                    and page.model.record(0).status == "undone", timeout=TIMEOUT)
    assert page.model.text(0, 6).startswith("Undone on ")
    assert "Import 1 was undone: 3 order lines" in page.notice.text()
    assert not page.undo_button.isEnabled()  # an undone import cannot be undone twice
    counts = vault_counts(window.vault)
    assert counts["order_lines"] == counts["orders"] == counts["customers"] == 0
    assert counts["quarantine"] == 0
    assert "import_undone" in [e["event"] for e in services.audit_entries(window.vault, 20)]
    dash = window.workspace.dashboard
    qtbot.waitUntil(lambda: dash.tiles["orders"].value.text() == "0", timeout=TIMEOUT)
    qtbot.wait(50)


def test_keeping_the_import_changes_nothing(qtbot, unlocked_window, gbk_orders):
    window = unlocked_window
    services.import_file(window.vault, gbk_orders)
    page = imports_page(window)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    page.ask_undo()
    box = page.confirm_box
    keep = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert vault_counts(window.vault)["order_lines"] == 3
    assert page.model.record(0).status == "complete"
    qtbot.wait(50)


def test_view_rows_set_aside_of_a_past_import(qtbot, unlocked_window, gbk_orders):
    window = unlocked_window
    services.import_file(window.vault, gbk_orders)
    page = imports_page(window)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=TIMEOUT)
    qtbot.mouseClick(page.quarantine_button, Qt.MouseButton.LeftButton)
    dialog = page.quarantine_dialog
    assert dialog is not None and dialog.isVisible()
    view = dialog.view
    qtbot.waitUntil(lambda: view.model.total_rows == 1, timeout=TIMEOUT)
    assert view.model.text(0, 3) == "quantity is not a number"
    assert "王芳" not in view.model.text(0, 4)  # masked by default
    window.lock("manual")  # locking closes it and forgets the rows
    assert not dialog.isVisible() and view.model.total_rows == 0
    qtbot.wait(50)


# --- models -------------------------------------------------------------------------------------

def test_frame_model_passes_the_model_tester_and_loads_rows_on_demand(qtmodeltester):
    frame = pd.DataFrame({"name": [f"row {i}" for i in range(1000)],
                          "amount": [i * 1.5 for i in range(1000)],
                          "empty": [None] * 1000})
    model = FrameModel(frame, batch=100)
    assert model.rowCount() == 100 and model.canFetchMore()
    qtmodeltester.check(model)  # Qt's tester fetches more rows itself, checking each step
    assert 100 < model.rowCount() < 1000
    model.clear()
    assert model.rowCount() == 0 and model.columnCount() == 0

    loaded = FrameModel(frame, batch=100)
    while loaded.canFetchMore():
        loaded.fetchMore()
    assert loaded.rowCount() == 1000 and not loaded.canFetchMore()
    assert loaded.data(loaded.index(999, 0)) == "row 999"
    assert loaded.data(loaded.index(0, 2)) == ""
    assert loaded.data(loaded.index(1, 1), Qt.ItemDataRole.TextAlignmentRole) & \
        Qt.AlignmentFlag.AlignRight
    assert loaded.headerData(0, Qt.Orientation.Horizontal) == "name"
    qtmodeltester.check(loaded)
    loaded.set_frame(frame.head(3))  # a new frame resets the model
    assert loaded.rowCount() == 3


def test_a_million_row_frame_opens_at_once(qtbot):
    import time
    frame = pd.DataFrame({"a": range(1_000_000), "b": ["x"] * 1_000_000})
    started = time.perf_counter()
    model = FrameModel(frame)
    from PySide6.QtWidgets import QTableView
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    assert time.perf_counter() - started < 2.0
    assert model.rowCount() < 1000  # only what is on screen (and a little more) is fetched


def test_imports_and_mapping_models_pass_the_model_tester(qtmodeltester):
    from persona_desktop.core.ingest.mapping import ColumnGuess
    from persona_desktop.core.services.results import ImportRecord
    imports = ImportsModel()
    imports.set_imports([
        ImportRecord(import_id=2, started_at="2024-03-01T10:00:00+00:00", finished_at=None,
                     kind="csv", file_name="b.csv", rows_read=10, rows_stored=8,
                     rows_quarantined=2, status="complete", undone_at=None, rows_new=8,
                     duplicates_found=0),
        ImportRecord(import_id=1, started_at="2024-02-01T10:00:00+00:00", finished_at=None,
                     kind="csv", file_name=None, rows_read=5, rows_stored=5, rows_quarantined=0,
                     status="undone", undone_at="2024-02-02T10:00:00+00:00", rows_new=None,
                     duplicates_found=None)])
    qtmodeltester.check(imports)
    mapping = MappingModel()
    mapping.set_columns(["a", "b"], {"a": "email", "b": "ignore"},
                        [ColumnGuess("a", "email", 0.9, "values_email"),
                         ColumnGuess("b", "ignore", 0.0, "no_evidence")], {"a": "x@example.com"})
    qtmodeltester.check(mapping)
    assert mapping.set_role("b", "free_text") and mapping.mapping["b"] == "free_text"
    assert not mapping.set_role("b", "not a role")
    qtmodeltester.check(mapping)
