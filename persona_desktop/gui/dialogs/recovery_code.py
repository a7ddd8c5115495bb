"""The recovery code, shown exactly once after a vault is created: monospace and selectable, a Copy
button (concealed from clipboard managers, cleared after 45 s), and a required "I have stored this
code safely" before Continue. Escape and the close button do nothing until it is ticked."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QVBoxLayout, QWidget

from .. import clipboard, icons, theme
from ..widgets.common import Retranslatable, button, label


def format_code(code: str) -> str:
    """Two lines of four groups, easier to copy by hand than one 47-character line."""
    groups = code.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-\n" + "-".join(groups[half:]) if len(groups) > 4 else code


class RecoveryCodeDialog(Retranslatable, QDialog):
    def __init__(self, code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("RecoveryCodeDialog")
        self._code = code
        self.setModal(True)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        self.heading = label("title")
        self.explain = label(wrap=True)
        self.code_label = label("code", format_code(code), selectable=True)
        self.code_label.setObjectName("RecoveryCode")
        self.code_label.setFont(theme.mono_font(18))
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.copy = button()
        self.copy.setObjectName("CopyRecoveryCode")
        self.copy.setIcon(icons.plain_icon("copy"))
        self.copy.clicked.connect(self._copy)
        self.copied = label("muted", wrap=True)
        self.copied.setObjectName("CopiedNote")
        self.copied.setVisible(False)
        self.stored = QCheckBox()
        self.stored.setObjectName("StoredSafely")
        self.stored.toggled.connect(self._update)
        self.continue_button = button(accent=True)
        self.continue_button.setObjectName("ContinueButton")
        self.continue_button.clicked.connect(self.accept)

        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addWidget(self.code_label)
        row = QHBoxLayout()
        row.addWidget(self.copy)
        row.addWidget(self.copied, 1)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(self.stored)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.continue_button)
        layout.addLayout(row)
        self.retranslate()
        self._update()

    @property
    def code_text(self) -> str:
        return self._code

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Your recovery code"))
        self.heading.setText(self.tr("Your recovery code"))
        self.explain.setText(self.tr(
            "If you forget your password, this code is the only way back into your vault. Write it "
            "down or keep it in a password manager, away from this computer. It is shown only "
            "this once."))
        self.copy.setText(self.tr("Copy"))
        self.copied.setText(self.tr("Copied. The clipboard will be cleared in 45 seconds."))
        self.stored.setText(self.tr("I have stored this code safely"))
        self.continue_button.setText(self.tr("Continue"))

    def _update(self) -> None:
        self.continue_button.setEnabled(self.stored.isChecked())

    def _copy(self) -> None:
        clipboard.copy_secret(self._code)
        self.copied.setVisible(True)

    # The code must not be dismissed by accident.
    def accept(self) -> None:
        if self.stored.isChecked():
            self._code = ""
            self.code_label.clear()
            super().accept()

    def reject(self) -> None:
        if self.stored.isChecked():
            self.accept()

    def force_close(self) -> None:
        """The vault is locking: close without confirmation and forget the code."""
        self._code = ""
        self.code_label.clear()
        self.stored.setChecked(True)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.stored.isChecked():
            super().closeEvent(event)
        else:
            event.ignore()
