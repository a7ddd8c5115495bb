"""Dashboard: what the vault holds right now, as real counts from services.vault_info, and a
summary of the last stored analysis (the largest segments, with a way to the Segments page).
Nothing estimated, nothing invented."""
from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from ...core.services.results import VaultInfo
from ..widgets.common import Card, KpiTile, button, label
from .base import AnalysisPage

TILES = ("customers", "orders", "products", "imports")
SEGMENTS_PAGE = 2
IMPORTS_PAGE = 4


class DashboardPage(AnalysisPage):
    navigate = Signal(int)

    def __init__(self, context, vault, parent=None, analysis=None):
        super().__init__(context, vault, parent, analysis)
        self._info: VaultInfo | None = None
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

        # An empty vault: the way on is an import (the analysis needs data first).
        self.empty_card = self.add_empty_state(lambda: self.navigate.emit(IMPORTS_PAGE))
        self.empty_title, self.empty_text = self.empty_card.title, self.empty_card.text
        self.to_imports = self.empty_card.button

        self.analysis_card = Card()
        self.analysis_title = label("section")
        self.analysis_text = label("muted", wrap=True)
        self.analysis_card.setObjectName("AnalysisCard")
        self.analysis_card.body.addWidget(self.analysis_title)
        self.analysis_card.body.addWidget(self.analysis_text)
        row = QHBoxLayout()
        self.run_analysis = button(accent=True)
        self.run_analysis.setObjectName("DashboardRunAnalysis")
        self.run_analysis.clicked.connect(self.rerun_analysis)
        self.open_segments = button()
        self.open_segments.setObjectName("OpenSegments")
        self.open_segments.clicked.connect(lambda: self.navigate.emit(SEGMENTS_PAGE))
        row.addWidget(self.run_analysis)
        row.addWidget(self.open_segments)
        row.addStretch(1)
        self.analysis_card.body.addLayout(row)
        self.content.addWidget(self.analysis_card)
        if analysis is not None:
            analysis.busy_changed.connect(lambda busy: self.run_analysis.setEnabled(not busy))
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
        self.analysis_title.setText(self.tr("Segments and personas"))
        self.run_analysis.setText(self.tr("Run analysis") if self.run is None
                                  else self.tr("Re-run analysis"))
        self.open_segments.setText(self.tr("Open segments"))
        self._show_analysis()
        self._show_also()
        if self._info is not None:
            self._show_failed_unlocks(self._info)

    def set_run(self, run) -> None:
        self.run = run
        self.retranslate()

    def _show_analysis(self) -> None:
        run = self.run
        self.open_segments.setVisible(run is not None and bool(run.meta.get("segment_personas")))
        if run is None:
            self.analysis_text.setText(self.tr("No analysis yet. Run it to group your customers "
                                               "into segments with a persona card for each."))
            return
        from ...core import i18n
        lang = i18n.language()
        personas = [p for p in run.meta.get("segment_personas", []) if p["group_id"] != "other"]
        if not personas:
            from ...core.analytics.profile import note_text
            notes = [note_text(c, lang) for c in run.meta.get("notes", [])]
            self.analysis_text.setText(" ".join(notes) or self.tr("No segments in the last "
                                                                  "analysis."))
            return
        largest = sorted(personas, key=lambda p: -p["size"])[:3]
        names = ", ".join(f"{p['name_zh'] if lang == 'zh' else p['name_en']} "
                          f"{100 * p['share']:.1f}%" for p in largest)
        self.analysis_text.setText(self.tr("Last analysis as of {0}: {1} customers in {2} "
                                           "segments. Largest: {3}.").format(
            run.as_of, QLocale().toString(len(run.customers)), len(personas), names))

    def _show_also(self) -> None:
        counts = self._info.counts if self._info is not None else {}
        lines, set_aside = counts.get("order_lines"), counts.get("quarantine")
        if isinstance(lines, int) and isinstance(set_aside, int):
            locale = QLocale()
            self.also.setText(self.tr("Also stored: {0} order lines, and {1} rows set aside "
                                      "during imports for you to review.")
                              .format(locale.toString(lines), locale.toString(set_aside)))
        else:
            self.also.setText("")

    def set_info(self, info: VaultInfo) -> None:
        self._info = info
        counts = info.counts
        locale = QLocale()
        for key, tile in self.tiles.items():
            value = counts.get(key)
            tile.set_value(locale.toString(int(value)) if isinstance(value, int) else "—")
        self._show_also()
        empty = not counts.get("customers") and not counts.get("orders")
        self.empty_card.setVisible(empty)
        self._show_failed_unlocks(info)

    def _show_failed_unlocks(self, info: VaultInfo) -> None:
        failed, reset = info.failed_unlocks_since_last, info.failed_unlock_record_reset
        self.security_note.setVisible(bool(failed) or reset)
        lines = []
        if failed:
            lines.append(self.tr(
                "Someone typed a wrong password {0} time(s) since this vault was last unlocked. "
                "If that was not you, change the password (command line: persona passwd)."
            ).format(failed))
        if reset:
            # The counter in vault.key went down: it was reset or the key file was replaced.
            lines.append(self.tr(
                "The record of wrong passwords in the key file was reset since this vault was "
                "last unlocked, so attempts may have been hidden. If you did not restore or "
                "replace vault.key, change the password (command line: persona passwd)."))
        self.security_note.setText("\n".join(lines))

    def clear(self) -> None:
        super().clear()
        self._info = None
        self.run = None
        self.analysis_text.setText("")
        for tile in self.tiles.values():
            tile.set_value("…")
        self.security_note.setVisible(False)
        self.empty_card.setVisible(False)
        self.also.setText("")
