"""The import wizard, driven step by step: a GBK file with Chinese headers is read and previewed,
a role is changed, privacy is explained, the import runs (and can be cancelled without leaving a
trace), the report accounts for every row and the row set aside can be exported."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from persona_desktop.core import services
from persona_desktop.gui.import_wizard import wizard as wiz
from persona_desktop.gui.import_wizard.mapping_model import ROLE
from tests.gui.conftest import vault_counts

TIMEOUT = 15000


def open_wizard(qtbot, window, path=None):
    window.workspace.open_import_wizard(path)
    wizard = window.workspace.imports_page.wizard
    assert wizard is not None and wizard.isVisible()
    return wizard


def read_file(qtbot, wizard, path) -> None:
    wizard.file_step.set_path(path)
    assert wizard.next_button.isEnabled()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.current == wiz.PREVIEW, timeout=TIMEOUT)


def choose_role(qtbot, wizard, column: str, role: str) -> None:
    """Pick a role in the column's drop-down, as a user does."""
    step = wizard.mapping_step
    combo = step.table.indexWidget(step.model.index(step.model.row_of(column), ROLE))
    assert combo is not None, "the role drop-downs are always open"
    combo.setCurrentIndex(combo.findData(role))
    combo.activated.emit(combo.currentIndex())
    assert step.mapping[column] == role


def wait_next_enabled(qtbot, wizard) -> None:
    qtbot.waitUntil(wizard.next_button.isEnabled, timeout=TIMEOUT)


def click_next(qtbot, wizard) -> None:
    wait_next_enabled(qtbot, wizard)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def test_gbk_file_with_chinese_headers_goes_from_file_to_report(qtbot, unlocked_window,
                                                                 gbk_orders):
    window = unlocked_window
    wizard = open_wizard(qtbot, window)
    assert wizard.current == wiz.FILE and not wizard.next_button.isEnabled()

    # Preview: decoded, with the detected encoding and delimiter named
    read_file(qtbot, wizard, gbk_orders)
    preview = wizard.preview_step
    assert "GB18030" in preview.encoding.currentText() and "detected" in \
        preview.encoding.currentText()
    assert "Comma" in preview.delimiter.currentText()
    assert preview.model.headerData(2, Qt.Orientation.Horizontal) == "客户姓名"
    assert preview.model.text(0, 2) == "张伟" and preview.model.total_rows == 4
    assert "4 rows, 8 columns" in preview.facts.text()

    # Columns: detected roles with reasons; the user changes one
    click_next(qtbot, wizard)
    assert wizard.current == wiz.MAPPING
    mapping = wizard.mapping_step
    assert mapping.mapping["手机号"] == "phone" and mapping.mapping["备注"] == "free_text"
    row = mapping.model.row_of("手机号")
    assert "sure" in mapping.model.data(mapping.model.index(row, 3))
    assert "138" in mapping.model.data(mapping.model.index(row, 1))  # examples
    choose_role(qtbot, wizard, "商品名称", "category")
    assert mapping.model.data(mapping.model.index(mapping.model.row_of("商品名称"), 3)) == \
        "you chose this"
    mapping.profile_name.setText("Tea orders")
    wait_next_enabled(qtbot, wizard)
    assert wizard.plan.mapping["商品名称"] == "category"  # the plan was checked for the change

    # Privacy: what happens to each column, in plain words
    click_next(qtbot, wizard)
    assert wizard.current == wiz.PRIVACY
    privacy = wizard.privacy_step
    pseudonymised = privacy.card_text("pseudonymised")
    assert "客户姓名" in pseudonymised and "手机号" in pseudonymised
    assert "pseudonymised (still personal data)" in pseudonymised
    assert "备注" in privacy.card_text("scanned")
    assert "商品名称 (Category)" in privacy.card_text("kept")
    assert not privacy.drop_duplicates.isChecked()  # exact duplicates are kept by default
    assert wizard.next_button.text() == "Import"

    # Run -> report
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.current == wiz.REPORT, timeout=TIMEOUT)
    report = wizard.report_step
    counts = {k: v.text() for k, (_n, v) in report.count_labels.items()}
    assert counts["read"] == "4" and counts["stored"] == "3" and counts["quarantined"] == "1"
    assert report.equation.text() == ("Every row is accounted for: 4 read = 3 stored + 1 set "
                                      "aside + 0 duplicates dropped.")
    assert "1 × quantity is not a number" in report.details.text()
    assert "1 × phone numbers" in report.details.text()  # redacted from the free-text note
    assert 'saved as "Tea orders"' in report.next_steps.text()

    # The row set aside, with its identifiers masked
    view = report.quarantine
    qtbot.waitUntil(lambda: view.model.total_rows == 1, timeout=TIMEOUT)
    assert view.model.text(0, 2) == "4"  # spreadsheet row (after the header)
    assert view.model.text(0, 3) == "quantity is not a number"
    values = view.model.text(0, 4)
    assert "数量: abc" in values and "•••" in values and "王芳" not in values
    assert view.export_button.isEnabled()

    # The vault and the Dashboard
    assert vault_counts(window.vault)["order_lines"] == 3
    assert [p["name"] for p in services.mapping_profiles(window.vault)] == ["Tea orders"]
    dash = window.workspace.dashboard
    qtbot.waitUntil(lambda: dash.tiles["orders"].value.text() == "3", timeout=TIMEOUT)
    assert window.workspace.imports_page.model.rowCount() == 1
    assert wizard.cancel_button.text() == "Close"
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace.imports_page.wizard is None)

    # The saved mapping comes back for a file with the same columns
    again = open_wizard(qtbot, window)
    read_file(qtbot, again, gbk_orders)
    click_next(qtbot, again)
    step = again.mapping_step
    assert step.profile_note.isVisible() and '"Tea orders"' in step.profile_note.text()
    assert step.mapping["商品名称"] == "category"
    row = step.model.row_of("商品名称")
    assert step.model.data(step.model.index(row, 3)) == "from your saved mapping"
    again.reject()
    qtbot.wait(50)


def test_export_quarantined_rows_writes_raw_values_and_is_audited(qtbot, unlocked_window,
                                                                  gbk_orders, tmp_path,
                                                                  monkeypatch):
    window = unlocked_window
    wizard = open_wizard(qtbot, window)
    read_file(qtbot, wizard, gbk_orders)
    for _ in range(3):
        click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.current == wiz.REPORT, timeout=TIMEOUT)
    view = wizard.report_step.quarantine
    qtbot.waitUntil(view.export_button.isEnabled, timeout=TIMEOUT)
    assert "personal data" in view.note.text() and "audit log" in view.note.text()

    dest = tmp_path / "set-aside"  # the ".csv" is added
    asked = []

    def fake_save(parent, caption, start, filters):
        asked.append(start)
        return str(dest), filters

    monkeypatch.setattr("persona_desktop.gui.widgets.quarantine_view.QFileDialog.getSaveFileName",
                        fake_save)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.result.isVisible, timeout=TIMEOUT)
    written = tmp_path / "set-aside.csv"
    assert asked and asked[0].endswith("订单导出-set-aside-1.csv")
    text = written.read_text(encoding="utf-8-sig")
    assert "王芳" in text and "quantity is not a number" in text  # raw values, as in the file
    assert "1 row(s) written to" in view.result.text() and "audit log" in view.result.text()
    events = [e["event"] for e in services.audit_entries(window.vault, 20)]
    assert "quarantine_exported" in events
    qtbot.wait(50)


def test_cancelled_import_leaves_vault_unchanged(qtbot, unlocked_window, gbk_orders,
                                                 monkeypatch):
    window = unlocked_window
    before = vault_counts(window.vault)
    reached, release = threading.Event(), threading.Event()
    real_run = services.run_import

    class SlowProgress:
        """Holds the import after its first chunk is written (inside the transaction)."""

        def __init__(self, inner):
            self.inner = inner

        def step(self, done, total, label=""):
            if label == "importing":
                reached.set()
                release.wait(10)
            self.inner.step(done, total, label)

        def check_cancelled(self):
            self.inner.check_cancelled()

    monkeypatch.setattr(services, "run_import",
                        lambda vault, plan, progress=None: real_run(vault, plan,
                                                                    SlowProgress(progress)))
    wizard = open_wizard(qtbot, window)
    read_file(qtbot, wizard, gbk_orders)
    for _ in range(3):
        click_next(qtbot, wizard)
    assert wizard.current == wiz.RUN
    qtbot.waitUntil(reached.is_set, timeout=TIMEOUT)
    assert wizard.cancel_button.text() == "Cancel import"
    assert window.status_area.job is not None  # the status bar shows it too
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    assert wizard.isVisible()  # cancelling does not close the wizard before it is done
    release.set()
    qtbot.waitUntil(lambda: wizard.run_step.state == "cancelled", timeout=TIMEOUT)
    assert wizard.run_step.outcome.text().startswith("Cancelled. Nothing was changed.")
    assert vault_counts(window.vault) == before
    assert services.list_imports(window.vault) == []
    assert wizard.back_button.isVisible()  # back to try again
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.current == wiz.PRIVACY
    qtbot.wait(50)


def test_incomplete_mapping_is_explained_inline_in_the_users_language(qtbot, unlocked_window,
                                                                      gbk_orders, context):
    window = unlocked_window
    wizard = open_wizard(qtbot, window)
    read_file(qtbot, wizard, gbk_orders)
    click_next(qtbot, wizard)
    choose_role(qtbot, wizard, "下单时间", "ignore")
    step = wizard.mapping_step
    assert step.error_label.isVisible()
    assert "choose a column for Order date" in step.error_label.text()
    assert not wizard.next_button.isEnabled()
    context.set_language("zh", remember=False)
    qtbot.waitUntil(lambda: "请为" in step.error_label.text())  # LanguageChange is posted
    assert "下单时间" in step.error_label.text()
    combo = step.table.indexWidget(step.model.index(0, ROLE))
    assert combo.findText("订单编号") >= 0  # role names in Chinese too
    assert wizard.next_button.text() == "下一步"
    context.set_language("en", remember=False)
    qtbot.waitUntil(lambda: wizard.next_button.text() == "Next")
    choose_role(qtbot, wizard, "下单时间", "order_date")
    assert not step.error_label.isVisible()
    wait_next_enabled(qtbot, wizard)
    qtbot.wait(50)


def test_a_file_without_enough_columns_still_opens_the_mapping_step(qtbot, unlocked_window,
                                                                    tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("code,note\nX1,hello\nX2,world\n", encoding="utf-8")
    wizard = open_wizard(qtbot, unlocked_window)
    read_file(qtbot, wizard, path)
    click_next(qtbot, wizard)
    step = wizard.mapping_step
    assert wizard.current == wiz.MAPPING and step.error_label.isVisible()
    assert not wizard.next_button.isEnabled()
    choose_role(qtbot, wizard, "code", "customer_id")
    wait_next_enabled(qtbot, wizard)  # a customer list: an identifier is enough
    qtbot.wait(50)


def test_dates_the_file_cannot_settle_ask_day_or_month_first(qtbot, unlocked_window, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order id,order date,customer id,amount\n"
                    "1,03/04/2024,C1,10.5\n2,05/06/2024,C2,12.0\n3,07/08/2024,C1,8.0\n",
                    encoding="utf-8")
    wizard = open_wizard(qtbot, unlocked_window)
    read_file(qtbot, wizard, path)
    click_next(qtbot, wizard)
    step = wizard.mapping_step
    assert step.dates_card.isVisible() and "order date" in step.dates_question.text()
    assert not wizard.next_button.isEnabled()  # an answer is needed
    qtbot.mouseClick(step.day_first, Qt.MouseButton.LeftButton)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.current == wiz.REPORT, timeout=TIMEOUT)
    assert wizard.report.date_decisions["order date"] == {"dayfirst": True, "ambiguous": True}
    assert "Dates in order date were read day first." in wizard.report_step.details.text()
    qtbot.wait(50)


def test_drop_exact_duplicates_when_asked(qtbot, unlocked_window, tmp_path):
    path = tmp_path / "dups.csv"
    line = "A1,2024-03-01,C1,10.5\n"
    path.write_text("order id,order date,customer id,amount\n" + line * 2 + "A2,2024-03-02,C2,3\n",
                    encoding="utf-8")
    wizard = open_wizard(qtbot, unlocked_window)
    read_file(qtbot, wizard, path)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    wizard.privacy_step.drop_duplicates.setChecked(True)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.current == wiz.REPORT, timeout=TIMEOUT)
    assert wizard.report.duplicates_dropped == 1
    assert wizard.report_step.count_labels["dropped"][1].text() == "1"
    assert "3 read = 2 stored + 0 set aside + 1 duplicates dropped" in \
        wizard.report_step.equation.text()
    qtbot.wait(50)


def test_changing_the_encoding_reads_the_file_again(qtbot, unlocked_window, gbk_orders):
    wizard = open_wizard(qtbot, unlocked_window)
    read_file(qtbot, wizard, gbk_orders)
    preview = wizard.preview_step
    combo = preview.encoding
    combo.setCurrentIndex(combo.findData("big5"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: wizard.plan.info.encoding == "big5", timeout=TIMEOUT)
    assert preview.model.text(0, 2) != "张伟"  # read wrongly, and the user can see it
    combo = preview.encoding
    combo.setCurrentIndex(0)  # back to the detected encoding
    combo.activated.emit(0)
    qtbot.waitUntil(lambda: wizard.plan.info.encoding == "gb18030", timeout=TIMEOUT)
    assert preview.model.text(0, 2) == "张伟"
    qtbot.wait(50)


def test_unreadable_file_says_why_and_stays_on_the_first_step(qtbot, unlocked_window, tmp_path):
    path = tmp_path / "missing.csv"
    wizard = open_wizard(qtbot, unlocked_window)
    wizard.file_step.set_path(path)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.error_label.isVisible, timeout=TIMEOUT)
    assert "missing.csv" in wizard.error_label.text() and "Traceback" not in \
        wizard.error_label.text()
    assert wizard.current == wiz.FILE
    qtbot.wait(50)


def test_dropping_a_file_on_the_main_window_opens_the_wizard_with_it(qtbot, unlocked_window,
                                                                     gbk_orders):
    window = unlocked_window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(gbk_orders))])
    where = QPointF(400, 300)
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the window takes the file (a drop goes where the enter went)
    event = QDropEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    assert event.isAccepted()
    page = window.workspace.imports_page
    assert window.workspace.current_index == 4 and page.wizard is not None
    qtbot.waitUntil(lambda: page.wizard.current == wiz.PREVIEW, timeout=TIMEOUT)
    assert page.wizard.plan.path == gbk_orders
    qtbot.wait(50)


def test_locking_closes_the_wizard_and_forgets_the_file(qtbot, unlocked_window, gbk_orders):
    window = unlocked_window
    wizard = open_wizard(qtbot, window)
    read_file(qtbot, wizard, gbk_orders)
    window.lock("manual")
    assert not wizard.isVisible()
    assert wizard.plan is None and wizard.preview_step.model.total_rows == 0
    qtbot.wait(50)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_step_has_a_title_in_the_language(qtbot, unlocked_window, context, lang):
    context.set_language(lang, remember=False)
    wizard = open_wizard(qtbot, unlocked_window)
    titles = [step.title() for step in wizard.steps]
    assert all(titles) and len(set(titles)) == len(titles)
    if lang == "zh":
        assert wizard.windowTitle() == "导入文件"
    qtbot.wait(50)


def test_the_window_and_the_wizard_module_load_without_pandas():
    # The window must appear fast (desktop-testing.md): pandas loads in the worker that reads
    # the first file, not when the app starts or the wizard opens.
    from tests.conftest import run_python
    result = run_python(
        "import sys\n"
        "import persona_desktop.gui.main_window, persona_desktop.gui.import_wizard.wizard\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_names_flags_redactions_and_blocked_rows(qtbot, context, lang):
    from collections import Counter

    from persona_desktop.core.ingest.report import ImportReport
    from persona_desktop.gui.import_wizard.report_step import ReportStep
    context.set_language(lang, remember=False)
    report = ImportReport(file_name="orders.csv", import_id=7, rows_read=1010, rows_stored=1000,
                          rows_new=990, rows_already_present=10, rows_quarantined=4,
                          duplicates_found=3, duplicates_dropped=3, rows_blocked=3,
                          quarantine_reasons=Counter(bad_quantity=3, unbalanced_quotes=1),
                          flags=Counter(outlier_quantity=2), pii_redactions=Counter(email=5),
                          stored_counts=Counter(customers_new=12, orders_new=300))
    assert report.accounting_ok
    step = ReportStep(context, None)
    qtbot.addWidget(step)
    step.set_report(report)
    counts = {k: v.text() for k, (_n, v) in step.count_labels.items()}
    assert counts == {"read": "1,010", "stored": "1,000", "quarantined": "4", "dropped": "3",
                      "blocked": "3"}
    details = step.details.text()
    if lang == "en":
        assert "1,010 read = 1,000 stored + 4 set aside + 3 duplicates dropped + 3 skipped" in \
            step.equation.text()
        assert "2 × unusually large quantity" in details
        assert "5 × email addresses" in details
        assert "1 × a quotation mark is never closed" in details
        assert "New in the vault: 12 customers, 300 orders, 0 products." in details
        assert "import number 7" in step.next_steps.text()
    else:
        assert "跳过 3" in step.equation.text()
        assert "2 × 数量异常大" in details and "5 × 邮箱地址" in details
        assert "3 × 数量不是数字" in details  # the core's own Chinese reason text
