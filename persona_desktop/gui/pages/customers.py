"""Customers: every scored customer, one row each, with segment, stage and key figures.

The display rows are built by ``core.reports.customer_table`` in a worker once per run and
language; the filters are then masks over them (``filter_rows``, in a worker too, after a short
pause in typing; an answer overtaken by newer filters is dropped), shown through a
lazy ``FrameModel``, so 200,000 customers stay responsive. Customers are shown by their number in
the vault; names and contacts stay pseudonymised (re-identification is a separate, logged action).
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLineEdit, QTableView,
                               QAbstractItemView)

from ...core import i18n
from ..models.frame_model import FrameModel
from ..widgets.common import Card, label
from ..workers import JobRunner
from .base import AnalysisPage


class CustomersPage(AnalysisPage):
    def __init__(self, context, vault, parent=None, analysis=None):
        super().__init__(context, vault, parent, analysis)
        self.rows = None            # display rows of self.run in self._rows_key's language
        self._rows_key = None
        # Filtering runs on a runner of its own: the app's runner does one job at a time, and an
        # import or analysis there would hold up the answer to every key typed for minutes. The
        # filter only reads a frame in memory (no vault connection, the reason for that limit).
        self._filters = JobRunner(self)
        self._filter_seq = 0        # answers to older filter requests are dropped
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._refresh)
        self.content.addLayout(self._filter_row())
        body = QHBoxLayout()
        body.addWidget(self._table(), 3)
        body.addWidget(self._detail_card(), 1)
        self.content.addLayout(body)
        self.add_analysis_empty_state()
        if analysis is not None:
            analysis.predictions_changed.connect(self._show_selected)
        self.retranslate()

    def _filter_row(self) -> QHBoxLayout:
        filters = QHBoxLayout()
        self.segment = QComboBox()
        self.segment.setObjectName("SegmentFilter")
        self.lifecycle = QComboBox()
        self.lifecycle.setObjectName("StageFilter")
        self.search = QLineEdit()
        self.search.setObjectName("CustomerSearch")
        self.search.setClearButtonEnabled(True)
        for widget in (self.segment, self.lifecycle):
            widget.currentIndexChanged.connect(self._refresh)
            filters.addWidget(widget)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        filters.addWidget(self.search, 1)
        self.count = label("muted")
        self.count.setObjectName("CustomerCount")
        filters.addWidget(self.count)
        return filters

    def _table(self) -> QTableView:
        self.model = FrameModel(headers=self._headers, formatters={})
        self.table = QTableView()
        self.table.setObjectName("CustomersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(420)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        return self.table

    def _detail_card(self) -> Card:
        self.detail = Card()
        self.detail.setObjectName("CustomerDetail")
        self.detail_title = label("section")
        self.detail.body.addWidget(self.detail_title)
        # One label for all the rows: rebuilding a form's row widgets on every selection (removeRow
        # deleting widgets Python had created) crashed natively in our GUI tests.
        self.detail_text = label("", wrap=True, selectable=True)
        self.detail_text.setObjectName("CustomerDetailText")
        self.detail_text.setTextFormat(Qt.TextFormat.RichText)
        self.detail.body.addWidget(self.detail_text)
        self.detail_rows: list[tuple[str, str]] = []
        self.detail.body.addStretch(1)
        self.detail.setMinimumWidth(260)
        return self.detail

    def page_title(self) -> str:
        return self.tr("Customers")

    def _headers(self) -> list[str]:
        from ...core.reports.customer_table import headers
        return headers(i18n.language())

    def retranslate(self) -> None:
        self.title.setText(self.page_title())
        self.subtitle.setText(self.tr("Everyone who has bought from you, one row per customer. "
                                      "Customers are shown by number: names and contact details "
                                      "stay pseudonymised (still personal data)."))
        self.search.setPlaceholderText(self.tr("Find a customer number"))
        self.detail_title.setText(self.tr("Select a customer"))
        self.empty.title.setText(self.tr("No customer profiles yet"))  # its text: see _refresh
        self.empty.button.setText(self.tr("Run analysis"))
        self._fill_filters()
        self._load_rows()

    def set_run(self, run) -> None:
        self.run = run
        self._fill_filters()
        self._load_rows()

    def _load_rows(self) -> None:
        """Build the display rows for this run and language in a worker, then filter."""
        run, lang = self.run, i18n.language()
        if run is None or run.customers.empty or self.vault is None:
            self.rows, self._rows_key = None, None
            self._refresh()
            return
        key = (run.run_id, lang)
        if key == self._rows_key and self.rows is not None:
            self._refresh()
            return
        from ...core.reports.customer_table import customer_rows
        # The worker gets its own copy: pandas objects are not safe to share with the GUI
        # thread, which may be drawing a chart from the same run meanwhile.
        self.context.jobs.run(customer_rows, run.copy(), lang,
                              on_success=lambda rows: self._rows_loaded(key, rows))

    def _rows_loaded(self, key, rows) -> None:
        if self.run is None or key != (self.run.run_id, i18n.language()):
            return      # a newer run or language arrived meanwhile
        self.rows, self._rows_key = rows, key
        self._refresh()

    def _fill_filters(self) -> None:
        from_run = self.run is not None and not self.run.customers.empty
        for combo, values, everyone in (
                (self.segment, self._segments() if from_run else [], self.tr("All segments")),
                (self.lifecycle, self._stages() if from_run else [], self.tr("All stages"))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for value, text in values:
                combo.addItem(text, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _segments(self):
        from ...core.analytics.rfm import SEGMENTS, segment_label
        present = set(self.run.customers["segment"].astype(str))
        return [(s, segment_label(s, i18n.language())) for s in SEGMENTS if s in present]

    def _stages(self):
        from ...core.analytics.lifecycle import STAGES, stage_label
        present = set(self.run.customers["lifecycle"].astype(str))
        return [(s, stage_label(s, i18n.language())) for s in STAGES if s in present]

    def _refresh(self) -> None:
        run = self.run
        has_rows = run is not None and not run.customers.empty
        self.show_empty(not has_rows)
        if run is not None and run.customers.empty:
            from ...core.analytics.profile import note_text
            notes = [note_text(c, i18n.language()) for c in run.meta.get("notes", [])]
            self.empty.text.setText(" ".join(notes) or self.tr("No customer has a purchase yet."))
            self.empty.button.setVisible(False)
        else:
            self.empty.text.setText(self.tr("Run the analysis to see every customer with their "
                                            "segment, stage and figures."))
            self.empty.button.setVisible(True)
        if not has_rows:
            self._filter_seq += 1       # an answer still on its way is for other data
            self.model.clear()
            self.count.setText("")
            return
        if self.rows is None:
            return      # still being built
        self._filter()

    def _filter(self) -> None:
        """Filter the rows in a worker; only the answer to the latest request is shown."""
        from ...core.reports.customer_table import filter_rows
        self._filter_seq += 1
        seq, key = self._filter_seq, self._rows_key
        self._filters.run(filter_rows, self.rows, segment=self.segment.currentData(),
                          lifecycle=self.lifecycle.currentData(), search=self.search.text(),
                          on_success=lambda frame: self._filtered(seq, key, frame))

    def _filtered(self, seq: int, key, frame) -> None:
        run = self.run
        if seq != self._filter_seq or key != self._rows_key or run is None:
            return      # the filters, the run or the language changed meanwhile
        from ...core.reports.formatting import format_money, format_percent
        lang = i18n.language()
        currency = run.meta.get("currency", "CNY")
        money = lambda v: format_money(v, currency, lang)  # noqa: E731
        self.model.set_formatters({5: money, 6: money,
                                   8: lambda v: format_percent(v, lang),
                                   3: lambda v: "" if v != v else f"{int(v)}",
                                   4: lambda v: f"{int(v):,}", 7: lambda v: f"{int(v):,}"})
        self.model.set_frame(frame)
        self.count.setText(self.tr("{0} customers").format(QLocale().toString(len(frame))))

    def _selected(self, current, _previous) -> None:
        self._set_detail([])
        frame = self.model.frame
        if frame is None or not current.isValid() or current.row() >= len(frame):
            self.detail_title.setText(self.tr("Select a customer"))
            return
        from ...core.reports.customer_table import customer_detail
        customer_id = frame.index[current.row()]
        self.detail_title.setText(self.tr("Customer #{0}").format(customer_id))
        predictions = self.analysis.predictions if self.analysis is not None else None
        self._set_detail(customer_detail(self.run, customer_id, i18n.language(), predictions))

    def _set_detail(self, rows: list[tuple[str, str]]) -> None:
        self.detail_rows = list(rows)
        cells = "".join(f"<tr><td style='color:gray; padding-right:12px'>{escape(name)}</td>"
                        f"<td>{escape(value)}</td></tr>" for name, value in rows)
        self.detail_text.setText(f"<table>{cells}</table>" if rows else "")

    def _show_selected(self) -> None:
        self._selected(self.table.currentIndex(), None)

    def clear(self) -> None:
        super().clear()
        self.run = None
        self.rows, self._rows_key = None, None
        self._filter_seq += 1
        self._debounce.stop()
        self.model.clear()
        self._set_detail([])
        self.count.setText("")
