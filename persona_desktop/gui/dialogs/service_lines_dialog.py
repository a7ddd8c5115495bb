"""Confirm or change which product codes are postage, fees or adjustments rather than products
(issue 14, item 6). The list is read in a worker before the dialog opens; saving stores each
changed code (services.set_product_kind) in a worker too, and applies from the next analysis."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView,
                               QTableView, QVBoxLayout)

from ...core import services
from ...core.errors import PersonaError
from ..errors import error_text, show_error
from ..models.service_lines_model import ServiceLinesModel
from ..widgets.common import Retranslatable, label


class ServiceLinesDialog(Retranslatable, QDialog):
    def __init__(self, context, vault, rows: list[dict], parent=None):
        super().__init__(parent)
        self.setObjectName("ServiceLinesDialog")
        self.context, self.vault = context, vault
        self._save_job = None
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        self.title = label("title")
        self.hint = label("muted", wrap=True)
        self.empty = label("muted", wrap=True)
        self.model = ServiceLinesModel(rows)
        self.table = QTableView()
        self.table.setObjectName("ServiceLinesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Only the checkbox changes: no cell editor (the check toggles on a click or Space).
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(2, 200)
        self.error = label("error", wrap=True)
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.title, self.hint, self.empty):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Postage and fee lines"))
        self.title.setText(self.tr("Lines that are not products"))
        self.hint.setText(self.tr(
            "Postage, shipping, fees, bank charges and manual adjustments booked as order lines "
            "are left out of products, customer spend, baskets and recommendations. These were "
            "found from their names and prices; untick a line that is a real product. Changes "
            "apply from the next analysis."))
        self.empty.setText(self.tr("No postage, fee or adjustment lines were found in this "
                                   "vault's orders."))
        self.model.retranslate()

    def save(self) -> None:
        changes = self.model.changes()
        if not changes:
            self.accept()
            return
        if self._save_job is not None:
            return
        self.setEnabled(False)
        self._save_job = self.context.jobs.run(
            store_kinds, self.vault, changes, on_success=self._saved,
            on_failure=self._save_failed)

    def _saved(self, _result) -> None:
        self._save_job = None
        self.setEnabled(True)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._save_job = None
        self.setEnabled(True)
        if isinstance(exc, PersonaError):
            self.error.setText(error_text(exc))
            self.error.setVisible(True)
        else:
            show_error(self, exc)


def store_kinds(vault, changes: dict[str, str]) -> None:
    """The save itself (runs in a worker, touches no widget)."""
    for sku, kind in changes.items():
        services.set_product_kind(vault, sku, kind)
