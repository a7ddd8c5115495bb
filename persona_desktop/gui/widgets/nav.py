"""Left navigation (ux.md "Frame"): logo, one button per page (icon + label, Ctrl+1..7), and the
language switch at the bottom."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton,
                               QVBoxLayout, QWidget)

from .. import icons
from .common import Retranslatable, label
from .language_switch import LanguageSwitch

# Order is the Ctrl+N order; the keys double as object names (NavDashboard, ...) for tests.
PAGES = ("dashboard", "customers", "segments", "insights", "imports", "privacy", "settings")


class NavBar(Retranslatable, QFrame):
    page_requested = Signal(int)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("NavBar")
        self.setFixedWidth(196)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 16, 12, 12)
        layout.setSpacing(4)

        brand = QHBoxLayout()
        brand.setSpacing(8)
        logo = QLabel()
        logo.setPixmap(icons.logo(28))
        brand.addWidget(logo)
        name = label("section", "Persona")
        brand.addWidget(name, 1)
        layout.addLayout(brand)
        layout.addSpacing(16)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QToolButton] = []
        for i, key in enumerate(PAGES):
            btn = QToolButton()
            btn.setObjectName("Nav" + key.capitalize())
            btn.setCheckable(True)
            btn.setIcon(icons.icon(key))
            btn.setIconSize(QSize(18, 18))
            btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            btn.setCursor(Qt.CursorShape.PointingHandCursor)
            self.group.addButton(btn, i)
            self.buttons.append(btn)
            layout.addWidget(btn)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda i=i: self.select(i, emit=True))
        self.group.idClicked.connect(self.page_requested)
        layout.addStretch(1)
        self.language = LanguageSwitch(context)
        layout.addWidget(self.language)
        self.retranslate()

    def labels(self) -> list[str]:
        return [self.tr("Dashboard"), self.tr("Customers"), self.tr("Segments"),
                self.tr("Insights"), self.tr("Imports"), self.tr("Privacy"), self.tr("Settings")]

    def retranslate(self) -> None:
        for i, (btn, text) in enumerate(zip(self.buttons, self.labels(), strict=True)):
            btn.setText("  " + text)  # QToolButton puts icon and text too close together
            btn.setToolTip(self.tr("{0} (Ctrl+{1})").format(text, i + 1))

    def select(self, index: int, emit: bool = False) -> None:
        self.buttons[index].setChecked(True)
        if emit:
            self.page_requested.emit(index)
