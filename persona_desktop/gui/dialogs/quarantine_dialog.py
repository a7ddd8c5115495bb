"""The rows one past import set aside (opened from the Imports page), exportable."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from ..widgets.common import Retranslatable, label
from ..widgets.quarantine_view import QuarantineView


class QuarantineDialog(Retranslatable, QDialog):
    def __init__(self, context, vault, import_id: int, file_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName("QuarantineDialog")
        self.import_id, self.file_name = import_id, file_name
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        self.title = label("title")
        layout.addWidget(self.title)
        self.view = QuarantineView(context, vault)
        layout.addWidget(self.view, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.view.load(import_id, file_name)

    def retranslate(self) -> None:
        title = self.tr("Rows set aside by import {0} ({1})").format(self.import_id,
                                                                    self.file_name)
        self.setWindowTitle(title)
        self.title.setText(title)

    def shutdown(self) -> None:
        self.view.clear()
        self.done(QDialog.DialogCode.Rejected)
