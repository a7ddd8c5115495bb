"""The rows an import set aside: a table (identifiers masked) and "Export quarantined rows…".

Shown on the import report and from the Imports page. The table shows what vault.db holds: names,
phone numbers and other identifier columns as •••. The export writes the rows as they were in the
file (they may hold personal data), so the user is told that before choosing where, and the core
records the export in the audit log.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView,
                               QTableView, QVBoxLayout, QWidget)

from ...core import i18n, services
from ..import_wizard import texts as texts
from ..errors import error_text
from ..models.frame_model import FrameModel
from .common import Retranslatable, button, label

# Columns of services.quarantine_rows: quarantine_id, import_id, source_row, reason, values
SOURCE_ROW, REASON, VALUES = 2, 3, 4
LIMIT = 1000


def values_text(raw) -> str:
    """The stored JSON of a row as "column: value · column: value" (masked values stay •••)."""
    if raw is None:
        return ""
    try:
        values = json.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    if not isinstance(values, dict):
        return str(values)
    return " · ".join(f"{k}: {'' if v is None else v}" for k, v in values.items())


class QuarantineView(Retranslatable, QWidget):
    exported = Signal(int, str)  # rows written, file
    loaded = Signal(int)  # rows shown

    def __init__(self, context, vault, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("QuarantineView")
        self.context = context
        self.vault = vault
        self.import_id: int | None = None
        self.file_name = ""
        self._load_job = None
        self._export_job = None
        self._state: tuple = ("empty",)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.heading = label("section")
        self.summary = label("muted", wrap=True)
        self.summary.setObjectName("QuarantineSummary")
        self.model = FrameModel(headers=self._headers, formatters={
            REASON: lambda code: texts.reason(str(code)), VALUES: values_text})
        self.table = QTableView()
        self.table.setObjectName("QuarantineTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(160)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.note = label("note", wrap=True)
        self.note.setObjectName("ExportNote")
        self.export_button = button()
        self.export_button.setObjectName("ExportQuarantine")
        self.export_button.clicked.connect(self.export)
        self.result = label("success", wrap=True, selectable=True)
        self.result.setObjectName("ExportResult")
        self.result.setVisible(False)
        self.export_error = label("error", wrap=True)
        self.export_error.setObjectName("ExportError")
        self.export_error.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.result)
        layout.addWidget(self.export_error)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self._show_state()

    def _headers(self) -> list[str]:
        return ["", "", self.tr("Row in the file"), self.tr("Why it was set aside"),
                self.tr("Values (names and contact details hidden)")]

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Rows set aside"))
        self.export_button.setText(self.tr("Export quarantined rows…"))
        self.note.setText(self.tr("The export holds the rows exactly as they were in your file, "
                                  "so it may contain personal data (names, phone numbers). Keep "
                                  "it safe and delete it when you are done. Every export is "
                                  "recorded in the audit log."))
        self.model.retranslate()
        self._show_state()

    # --- loading ------------------------------------------------------------------------------
    def load(self, import_id: int | None, file_name: str = "") -> None:
        """Show the rows set aside by one import (all imports with None)."""
        self.import_id, self.file_name = import_id, file_name
        self.result.setVisible(False)
        self.export_error.setVisible(False)
        if self.vault is None:
            return
        self._state = ("loading",)
        self._show_state()
        self._load_job = self.context.jobs.run(
            services.quarantine_rows, self.vault, import_id, raw=False, limit=LIMIT,
            on_success=self._loaded, on_failure=self._load_failed)

    def _loaded(self, frame) -> None:
        if self.vault is None:
            return
        self.model.set_frame(frame)
        for column in (0, 1):
            self.table.setColumnHidden(column, True)
        self.table.resizeColumnToContents(SOURCE_ROW)
        self.table.setColumnWidth(REASON, min(max(self.table.sizeHintForColumn(REASON), 160), 320))
        self._state = ("loaded", len(frame))
        self._show_state()
        self.loaded.emit(len(frame))

    def _load_failed(self, exc: BaseException) -> None:
        self._state = ("failed", exc)
        self._show_state()

    def _show_state(self) -> None:
        kind = self._state[0]
        n = self.model.total_rows
        self.export_button.setEnabled(kind == "loaded" and n > 0)
        if kind == "loading":
            self.summary.setText(self.tr("Loading…"))
        elif kind == "failed":
            self.summary.setText(error_text(self._state[1]))
        elif kind == "loaded" and n == 0:
            self.summary.setText(self.tr("No rows were set aside: every row could be read."))
        elif kind == "loaded" and n >= LIMIT:
            self.summary.setText(self.tr("The first {0} rows set aside are shown; the export "
                                         "holds all of them.").format(QLocale().toString(n)))
        elif kind == "loaded":
            self.summary.setText(self.tr("{0} row(s) could not be imported. Fix them in your "
                                         "file and import it again, or leave them out.")
                                 .format(QLocale().toString(n)))
        else:
            self.summary.setText("")
        self.table.setVisible(n > 0)
        self.note.setVisible(n > 0)
        self.export_button.setVisible(n > 0)

    # --- export -------------------------------------------------------------------------------
    def suggested_name(self) -> str:
        stem = Path(self.file_name).stem if self.file_name else "import"
        suffix = f"-{self.import_id}" if self.import_id is not None else ""
        return self.tr("{0}-set-aside{1}.csv").format(stem, suffix)

    def export(self) -> None:
        if self.vault is None:
            return
        start = str(Path.home() / self.suggested_name())
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export quarantined rows"), start, self.tr("CSV files (*.csv)"))
        if not path:
            return
        if not path.lower().endswith(".csv"):
            path += ".csv"
        self.export_button.setEnabled(False)
        self.result.setVisible(False)
        self.export_error.setVisible(False)
        self._export_job = self.context.jobs.run(
            services.export_quarantine, self.vault, path, self.import_id, i18n.language(),
            label=self.tr("Exporting quarantined rows…"),
            on_success=lambda n, p=path: self._exported(n, p), on_failure=self._export_failed)

    def _exported(self, rows: int, path: str) -> None:
        self.export_button.setEnabled(True)
        self.result.setText(self.tr("{0} row(s) written to {1}. The file may hold personal data; "
                                    "this export was recorded in the audit log.")
                            .format(QLocale().toString(rows), path))
        self.result.setVisible(True)
        self.exported.emit(rows, path)

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        if isinstance(exc, OSError):  # the core writes the chosen file directly
            self.export_error.setText(self.tr("The file could not be written ({0}). Nothing was "
                                        "exported; choose another folder or name.")
                                .format(exc.strerror or type(exc).__name__))
        else:
            self.export_error.setText(error_text(exc))
        self.export_error.setVisible(True)

    def clear(self) -> None:
        self.vault = None
        self.model.clear()
        self._state = ("empty",)
        self.result.setVisible(False)
        self.export_error.setVisible(False)
        self._show_state()
