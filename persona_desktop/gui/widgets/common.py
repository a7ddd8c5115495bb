"""Small building blocks every page uses: styled labels, cards, KPI tiles, a retranslating base.

``Retranslatable`` is the pattern all widgets follow: build the layout once, set every text in
``retranslate()``, and call it again when Qt sends ``LanguageChange`` (the language switch).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

SPACING = 8  # the grid (ux.md)


def label(role: str = "", text: str = "", *, wrap: bool = False, selectable: bool = False,
          parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(wrap)
    if selectable:
        lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                    | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return lab


def button(text: str = "", *, accent: bool = False, link: bool = False,
           parent: QWidget | None = None) -> QPushButton:
    btn = QPushButton(text, parent)
    if accent:
        btn.setProperty("accent", True)
    if link:
        btn.setProperty("link", True)
        btn.setCursor(Qt.CursorShape.PointingHandCursor)
        btn.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return btn


class Card(QFrame):
    """A white surface with a 1 px border, 10 px radius and 16 px padding."""

    def __init__(self, parent: QWidget | None = None, padding: int = 16):
        super().__init__(parent)
        self.setProperty("card", True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(padding, padding, padding, padding)
        self.body.setSpacing(SPACING)

    def add(self, *items: QWidget | QLayout) -> None:
        """Widgets and layouts into the body, in order."""
        for item in items:
            if isinstance(item, QLayout):
                self.body.addLayout(item)
            else:
                self.body.addWidget(item)


class EmptyStateCard(Card):
    """What a page shows when there is nothing yet: a title, a sentence and one action
    (ux.md: every page has an empty state that says what to do next). Hidden until needed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label("section")
        self.text = label(wrap=True)
        self.button = button(accent=True)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        self.body.addWidget(self.title)
        self.body.addWidget(self.text)
        self.body.addLayout(row)
        self.setVisible(False)

    def set_texts(self, title: str, text: str, action: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.button.setText(action)


class Retranslatable:
    """Mixin for QWidgets: ``retranslate()`` runs at build time and on every language change."""

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class KpiTile(Card):
    """One real figure with its name; shows an ellipsis until the figure has been loaded."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = label("muted")
        self.value = label("kpi", "…")
        self.value.setObjectName("KpiValue")
        self.body.addWidget(self.caption)
        self.body.addWidget(self.value)
        self.setMinimumWidth(140)

    def set_value(self, text: str) -> None:
        self.value.setText(text)
