"""Dashboard: what the vault holds right now, as real counts from services.vault_info. Nothing
estimated, nothing invented; analysis results will join these tiles when analysis is built."""
from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QGridLayout

from ..widgets.common import Card, EmptyStateCard, KpiTile, label
from .base import Page

TILES = ("customers", "orders", "products", "imports")
IMPORTS_PAGE = 4


class DashboardPage(Page):
    navigate = Signal(int)

    def __init__(self, context, vault, parent=None):
        super().__init__(context, vault, parent)
        self._info: dict | None = None
        grid = QGridLayout()
        grid.setSpacing(16)
        self.tiles: dict[str, KpiTile] = {}
        for i, key in enumerate(TILES):
            tile = KpiTile()
            tile.setObjectName(f"Kpi{key.capitalize()}")
            self.tiles[key] = tile
            grid.addWidget(tile, 0, i)
        self.content.addLayout(grid)
        self.also = label("muted", wrap=True)
        self.also.setObjectName("AlsoStored")
        self.content.addWidget(self.also)

        self.security_note = label("warning", wrap=True)
        self.security_note.setObjectName("FailedUnlocksNote")
        self.security_note.setVisible(False)
        self.content.addWidget(self.security_note)

        self.empty_card = EmptyStateCard()
        self.empty_card.setObjectName("EmptyState")
        self.empty_title, self.empty_text = self.empty_card.title, self.empty_card.text
        self.to_imports = self.empty_card.button
        self.to_imports.clicked.connect(lambda: self.navigate.emit(IMPORTS_PAGE))
        self.content.addWidget(self.empty_card)

        self.analysis_card = Card()
        self.analysis_title = label("section")
        self.analysis_text = label("muted", wrap=True)
        self.analysis_card.body.addWidget(self.analysis_title)
        self.analysis_card.body.addWidget(self.analysis_text)
        self.content.addWidget(self.analysis_card)
        self.retranslate()

    def page_title(self) -> str:
        return self.tr("Dashboard")

    def retranslate(self) -> None:
        self.title.setText(self.page_title())
        self.subtitle.setText(self.tr("What this vault holds right now."))
        captions = {"customers": self.tr("Customers"), "orders": self.tr("Orders"),
                    "products": self.tr("Products"), "imports": self.tr("Imported files")}
        for key, tile in self.tiles.items():
            tile.caption.setText(captions[key])
        self.empty_title.setText(self.tr("This vault is empty"))
        self.empty_text.setText(self.tr("Customers and orders arrive by importing your sales "
                                        "spreadsheets (CSV or Excel) on the Imports page."))
        self.to_imports.setText(self.tr("Go to Imports"))
        self.analysis_title.setText(self.tr("Segments, personas and predictions"))
        self.analysis_text.setText(self.tr("Not built yet. The figures above are counts of the "
                                           "records stored in this vault, nothing estimated."))
        self._show_also()
        if self._info is not None:
            self._show_failed_unlocks(self._info.get("failed_unlocks_since_last", 0))

    def _show_also(self) -> None:
        counts = (self._info or {}).get("counts", {})
        lines, set_aside = counts.get("order_lines"), counts.get("quarantine")
        if isinstance(lines, int) and isinstance(set_aside, int):
            locale = QLocale()
            self.also.setText(self.tr("Also stored: {0} order lines, and {1} rows set aside "
                                      "during imports for you to review.")
                              .format(locale.toString(lines), locale.toString(set_aside)))
        else:
            self.also.setText("")

    def set_info(self, info: dict) -> None:
        self._info = info
        counts = info.get("counts", {})
        locale = QLocale()
        for key, tile in self.tiles.items():
            value = counts.get(key)
            tile.set_value(locale.toString(int(value)) if isinstance(value, int) else "—")
        self._show_also()
        empty = not counts.get("customers") and not counts.get("orders")
        self.empty_card.setVisible(empty)
        self._show_failed_unlocks(info.get("failed_unlocks_since_last", 0))

    def _show_failed_unlocks(self, failed: int) -> None:
        self.security_note.setVisible(bool(failed))
        if failed:
            self.security_note.setText(self.tr(
                "Someone typed a wrong password {0} time(s) since this vault was last unlocked. "
                "If that was not you, change the password (command line: persona passwd)."
            ).format(failed))

    def clear(self) -> None:
        super().clear()
        self._info = None
        for tile in self.tiles.values():
            tile.set_value("…")
        self.security_note.setVisible(False)
        self.empty_card.setVisible(False)
        self.also.setText("")
