"""Live password strength hint: a five-step bar and the core's label and reasons (en/zh)."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from ...core import i18n
from ...core.vault.passwords import strength
from .. import theme
from .common import Retranslatable, label


class StrengthHint(Retranslatable, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StrengthHint")
        self._password = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.text = label("muted", wrap=True)
        self.text.setObjectName("StrengthText")
        row.addWidget(self.bar, 1)
        outer.addLayout(row)
        outer.addWidget(self.text)
        self.set_password("")

    @property
    def weak(self) -> bool:
        return bool(self._password) and strength(self._password).weak

    def set_password(self, password: str) -> None:
        self._password = password
        self.retranslate()

    def retranslate(self) -> None:
        lang = i18n.language()
        if not self._password:
            self.bar.setValue(0)
            self.bar.setProperty("strength", "")
            self.text.setText(self.tr("Use at least 12 characters; a few unrelated words work "
                                      "well."))
        else:
            result = strength(self._password)
            self.bar.setValue(max(1, result.score))
            self.bar.setProperty("strength", str(result.score))
            reasons = result.reason_text(lang)
            text = self.tr("Strength: {0}").format(result.label(lang))
            if reasons:
                text += self.tr(" ({0})").format(reasons)
            self.text.setText(text)
        theme.repolish(self.bar)
