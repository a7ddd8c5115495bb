"""Imports: past imports (what came in, when, how many rows, how many set aside), a wizard to
import a file, undo of a past import and its rows set aside.

The wizard module (and pandas with it) loads only when the user opens it, so this page costs
nothing at start-up. Every change (an import, an undo) is announced with ``data_changed`` so the
workspace reloads the Dashboard's counts.
"""
from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QMessageBox,
                               QTableView)

from ...core import services
from ...core.services.results import ImportRecord
from ..errors import error_text, show_error
from ..models.imports_model import ImportsModel
from ..widgets.common import Card, button, label
from .base import Page


class ImportsPage(Page):
    data_changed = Signal()

    def __init__(self, context, vault, parent=None):
        super().__init__(context, vault, parent)
        self.wizard = None
        self.quarantine_dialog = None
        self.service_dialog = None
        self.confirm_box: QMessageBox | None = None
        self._list_job = None
        self._undo_job = None
        self._notice: tuple | None = None
        self._select_newest = False
        self.loaded = False

        self.import_button = button(accent=True)
        self.import_button.setObjectName("ImportFileButton")
        self.import_button.clicked.connect(lambda: self.open_wizard())
        self.service_button = button()
        self.service_button.setObjectName("ServiceLinesButton")
        self.service_button.clicked.connect(self.edit_service_lines)
        self.actions.addWidget(self.service_button)
        self.actions.addWidget(self.import_button)
        self.empty_card = self.add_empty_state(lambda: self.open_wizard(), "ImportsEmpty")
        self.empty_title, self.empty_text = self.empty_card.title, self.empty_card.text
        self.empty_button = self.empty_card.button
        self.empty_button.setObjectName("ImportFirstFile")
        self.content.addWidget(self._list_card())
        self.retranslate()
        self._update_buttons()
        self.refresh()

    def _list_card(self) -> Card:
        """Past imports, with the actions on the one selected and the outcome of an undo."""
        self.list_card = Card()
        self.list_card.setObjectName("ImportsList")
        self.list_title = label("section")
        self.model = ImportsModel(self)
        self.table = QTableView()
        self.table.setObjectName("ImportsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setMinimumHeight(260)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.view_quarantine())
        buttons = QHBoxLayout()
        self.undo_button = button()
        self.undo_button.setObjectName("UndoImport")
        self.undo_button.clicked.connect(self.ask_undo)
        self.quarantine_button = button()
        self.quarantine_button.setObjectName("ViewQuarantine")
        self.quarantine_button.clicked.connect(self.view_quarantine)
        self.selection_hint = label("muted")
        buttons.addWidget(self.quarantine_button)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.selection_hint, 1)
        self.notice = label("success", wrap=True)
        self.notice.setObjectName("ImportsNotice")
        self.notice.setVisible(False)
        self.notice_error = label("error", wrap=True)  # fixed roles: see RunStep
        self.notice_error.setObjectName("ImportsError")
        self.notice_error.setVisible(False)
        self.list_card.add(self.list_title, self.table, buttons, self.notice, self.notice_error)
        self.list_card.setVisible(False)
        return self.list_card

    def page_title(self) -> str:
        return self.tr("Imports")

    def retranslate(self) -> None:
        self.title.setText(self.page_title())
        self.subtitle.setText(self.tr("Bring in orders and customers from spreadsheets (CSV, TSV, "
                                      "Excel), and see what every import brought."))
        self.import_button.setText(self.tr("Import a file…"))
        self.service_button.setText(self.tr("Postage and fee lines…"))
        self.empty_title.setText(self.tr("Import your first file"))
        self.empty_text.setText(self.tr(
            "Export your orders or customers from your shop system as CSV or Excel, in any "
            "encoding (UTF-8, GBK…). The wizard shows how it read the file, lets you check what "
            "each column holds, pseudonymises names and contact details on the way in, and "
            "lists every row it sets aside with the reason. You can also drop a file on this "
            "window."))
        self.empty_button.setText(self.tr("Import a file…"))
        self.list_title.setText(self.tr("Past imports"))
        self.undo_button.setText(self.tr("Undo import…"))
        self.quarantine_button.setText(self.tr("View rows set aside"))
        self.selection_hint.setText(self.tr("Select an import to see its rows set aside or to "
                                            "undo it."))
        self.model.retranslate()
        self._show_notice()

    # --- the list -----------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.vault is None:
            return
        self._list_job = self.context.jobs.run(services.list_imports, self.vault,
                                               on_success=self._listed,
                                               on_failure=self._list_failed)

    def _listed(self, rows: list[ImportRecord]) -> None:
        if self.vault is None:
            return
        selected = self.selected_import()
        self.model.set_imports(rows)
        self.loaded = True
        self.empty_card.setVisible(not rows)
        self.list_card.setVisible(bool(rows))
        if rows:
            wanted = selected.import_id if selected and not self._select_newest else None
            row = next((i for i, r in enumerate(rows) if r.import_id == wanted), 0)
            self._select_newest = False
            self.table.selectRow(row)
        self._update_buttons()

    def _list_failed(self, exc: BaseException) -> None:
        if self.vault is not None:
            show_error(self.window(), exc)

    def selected_import(self) -> ImportRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= self.model.rowCount():
            return None
        return self.model.record(rows[0].row())

    def _update_buttons(self) -> None:
        item = self.selected_import()
        busy = self._undo_job is not None
        self.undo_button.setEnabled(bool(item) and item.status != "undone" and not busy)
        self.quarantine_button.setEnabled(bool(item) and bool(item.rows_quarantined))
        self.import_button.setEnabled(self.vault is not None)
        self.service_button.setEnabled(self.vault is not None)

    # --- import -------------------------------------------------------------------------------
    def open_wizard(self, path=None) -> None:
        """Open the import wizard (with a file already chosen, when one was dropped)."""
        if self.vault is None:
            return
        if self.wizard is not None:
            if path is not None:
                self.wizard.open_file(path)
            self.wizard.raise_()
            self.wizard.activateWindow()
            return
        from ..import_wizard.wizard import ImportWizard
        wizard = ImportWizard(self.context, self.vault, path, parent=self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._imported)
        wizard.finished.connect(lambda _r, w=wizard: self._wizard_closed(w))
        self.wizard = wizard
        wizard.open()

    def _wizard_closed(self, wizard) -> None:
        if self.wizard is wizard:
            self.wizard = None

    def _imported(self, _report) -> None:
        self._select_newest = True  # the list is newest first
        self._notice = None
        self._show_notice()
        self.refresh()
        self.data_changed.emit()

    # --- undo ---------------------------------------------------------------------------------
    def ask_undo(self) -> None:
        item = self.selected_import()
        if item is None or item.status == "undone" or self.vault is None:
            return
        box = QMessageBox(self.window())
        box.setObjectName("ConfirmUndo")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Undo import"))
        box.setText(self.tr("Undo import {0} ({1})?").format(item.import_id,
                                                             item.file_name or ""))
        box.setInformativeText(self.tr(
            "Its orders, order lines and rows set aside are removed, and so are customers whom "
            "only this import brought in, with their identities. Your file is not touched and "
            "you can import it again. The undo is recorded in the audit log."))
        undo = box.addButton(self.tr("Undo import"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda clicked, i=item: self.undo(i) if clicked is undo else None)
        box.finished.connect(lambda _r: setattr(self, "confirm_box", None))
        self.confirm_box = box
        box.open()

    def undo(self, item: dict) -> None:
        if self.vault is None or self._undo_job is not None:
            return
        import_id = item.import_id
        self._undo_job = self.context.jobs.run(
            services.undo_import, self.vault, import_id,
            label=self.tr("Undoing import {0}…").format(import_id),
            on_success=lambda counts: self._undone(import_id, counts),
            on_failure=self._undo_failed)
        self._update_buttons()

    def _undone(self, import_id: int, counts: dict) -> None:
        self._undo_job = None
        self._notice = ("undone", import_id, dict(counts))
        self._show_notice()
        self.refresh()
        self.data_changed.emit()

    def _undo_failed(self, exc: BaseException) -> None:
        self._undo_job = None
        self._notice = ("error", exc)
        self._show_notice()
        self._update_buttons()

    def _show_notice(self) -> None:
        kind = self._notice[0] if self._notice else None
        self.notice.setVisible(kind == "undone")
        self.notice_error.setVisible(kind == "error")
        if kind == "undone":
            _kind, import_id, counts = self._notice
            locale = QLocale()
            self.notice.setText(self.tr(
                "Import {0} was undone: {1} order lines, {2} orders, {3} customers, {4} products "
                "and {5} rows set aside were removed.").format(
                import_id, *(locale.toString(int(counts.get(k, 0))) for k in (
                    "order_lines", "orders", "customers", "products", "quarantined_rows"))))
        elif kind == "error":
            self.notice_error.setText(error_text(self._notice[1]))

    # --- lines that are not products (issue 14, item 6) -----------------------------------------
    def edit_service_lines(self) -> None:
        """Read the detected lines in a worker, then open the dialog (``self.service_dialog``)."""
        if self.vault is None:
            return
        self.service_button.setEnabled(False)
        self.context.jobs.run(lambda vault: services.service_lines(vault, all_candidates=True),
                              self.vault, on_success=self._open_service_lines,
                              on_failure=self._service_lines_failed)

    def _open_service_lines(self, rows: list[dict]) -> None:
        from ..dialogs.service_lines_dialog import ServiceLinesDialog
        self.service_button.setEnabled(self.vault is not None)
        if self.vault is None:
            return
        self.service_dialog = ServiceLinesDialog(self.context, self.vault, rows, self)
        self.service_dialog.finished.connect(lambda _r: setattr(self, "service_dialog", None))
        self.service_dialog.open()

    def _service_lines_failed(self, exc) -> None:
        self.service_button.setEnabled(self.vault is not None)
        if self.vault is not None:
            show_error(self.window(), exc)

    # --- rows set aside -----------------------------------------------------------------------
    def view_quarantine(self) -> None:
        item = self.selected_import()
        if item is None or self.vault is None or not item.rows_quarantined:
            return
        from ..dialogs.quarantine_dialog import QuarantineDialog
        if self.quarantine_dialog is not None:
            self.quarantine_dialog.shutdown()
        dialog = QuarantineDialog(self.context, self.vault, item.import_id,
                                  item.file_name or "", parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._quarantine_closed(d))
        self.quarantine_dialog = dialog
        dialog.open()

    def _quarantine_closed(self, dialog) -> None:
        if self.quarantine_dialog is dialog:
            self.quarantine_dialog = None

    def clear(self) -> None:
        """The vault is locking: close the wizard and dialogs, forget the list."""
        for dialog in (self.wizard, self.quarantine_dialog):
            if dialog is not None:
                dialog.shutdown()
        if self.service_dialog is not None:
            self.service_dialog.reject()
            self.service_dialog = None
        if self.confirm_box is not None:
            self.confirm_box.done(0)
        self.wizard = self.quarantine_dialog = self.confirm_box = None
        super().clear()
        self.model.clear()
        self._notice = None
        self._show_notice()
        self._update_buttons()
