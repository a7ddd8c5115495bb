"""What a screen shows while its worker runs (an unlock, a vault being created, the demo vault
being built): an endless bar with a sentence, hidden until ``set_busy(True)``.

One row (sentence, then the bar) inside a form, or a box (title, sentence, bar) in place of one.
"""
from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from .common import SPACING, label


class BusyIndicator(QWidget):
    def __init__(self, *, titled: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no figure to show: the work reports no steps
        self.bar.setTextVisible(False)
        layout: QBoxLayout = QVBoxLayout(self) if titled else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        self.title = label("title") if titled else None
        self.text = label("muted", wrap=titled)
        if self.title is not None:
            layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.bar, 0 if titled else 1)
        self.setVisible(False)

    def set_busy(self, busy: bool) -> None:
        self.setVisible(busy)
