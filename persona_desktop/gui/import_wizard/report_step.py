"""Step 6: where every row of the file went, in plain words (rows read = stored + set aside +
duplicates dropped + skipped for erased people), why rows were set aside, what was flagged or
redacted, and the rows set aside themselves (masked), exportable."""
from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout,
                               QWidget)

from . import texts as texts
from ..widgets.common import Card, label
from ..widgets.quarantine_view import QuarantineView
from .base import WizardStep


def n(value) -> str:
    return QLocale().toString(int(value or 0))


class ReportStep(WizardStep):
    def __init__(self, context, vault, parent=None):
        super().__init__(parent)
        self.setObjectName("ReportStep")
        self.report = None
        self.profile_saved: str | None = None
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(12)
        scroll.setWidget(inner)
        self.headline = label("section", wrap=True)
        self.headline.setObjectName("ReportHeadline")
        card = Card()
        card.setObjectName("ReportCounts")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(4)
        self.count_labels: dict[str, tuple] = {}
        for row, key in enumerate(("read", "stored", "quarantined", "dropped", "blocked")):
            name, value = label(), label()
            value.setObjectName(f"Count_{key}")
            value.setProperty("role", "section")
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(value, row, 1)
            self.count_labels[key] = (name, value)
        self.grid.setColumnStretch(2, 1)
        self.equation = label("muted", wrap=True)
        self.equation.setObjectName("ReportEquation")
        self.details = label("", wrap=True, selectable=True)
        self.details.setObjectName("ReportDetails")
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        left = QVBoxLayout()
        left.addLayout(self.grid)
        left.addWidget(self.equation)
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(self.details, 1)
        card.body.addLayout(columns)
        self.next_steps = label("note", wrap=True)
        self.next_steps.setObjectName("ReportNext")
        self.quarantine = QuarantineView(context, vault)
        self.quarantine.table.setMinimumHeight(150)
        layout.addWidget(self.headline)
        layout.addWidget(card)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.quarantine, 1)
        self.body.addWidget(scroll)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Import finished")

    def subtitle(self) -> str:
        return self.tr("Where every row of your file went.")

    def set_report(self, report, profile_saved: str | None = None) -> None:
        self.report = report
        self.profile_saved = profile_saved
        self.retranslate()
        self.quarantine.load(report.import_id, report.file_name)

    def retranslate(self) -> None:
        r = self.report
        if r is None:
            return
        self.headline.setText(self.tr("{0} of {1} rows from {2} are now in your vault.").format(
            n(r.rows_stored), n(r.rows_read), r.file_name))
        names = {"read": self.tr("Rows read from the file"),
                 "stored": self.tr("Stored ({0} new, {1} already in the vault)").format(
                     n(r.rows_new), n(r.rows_already_present)),
                 "quarantined": self.tr("Set aside for you to review"),
                 "dropped": self.tr("Exact duplicates dropped"),
                 "blocked": self.tr("Skipped: people who were erased from this vault")}
        values = {"read": r.rows_read, "stored": r.rows_stored,
                  "quarantined": r.rows_quarantined, "dropped": r.duplicates_dropped,
                  "blocked": r.rows_blocked}
        for key, (name, value) in self.count_labels.items():
            visible = key != "blocked" or bool(r.rows_blocked)
            name.setText(names[key])
            value.setText(n(values[key]))
            name.setVisible(visible)
            value.setVisible(visible)
        if r.rows_blocked:
            equation = self.tr("Every row is accounted for: {0} read = {1} stored + {2} set "
                               "aside + {3} duplicates dropped + {4} skipped.").format(
                n(r.rows_read), n(r.rows_stored), n(r.rows_quarantined),
                n(r.duplicates_dropped), n(r.rows_blocked))
        else:
            equation = self.tr("Every row is accounted for: {0} read = {1} stored + {2} set "
                               "aside + {3} duplicates dropped.").format(
                n(r.rows_read), n(r.rows_stored), n(r.rows_quarantined),
                n(r.duplicates_dropped))
        self.equation.setText(equation)
        self.details.setText("\n".join(self._details(r)))
        self.next_steps.setText(self._next(r))

    def _details(self, r) -> list[str]:
        lines = []
        stored = r.stored_counts or {}
        lines.append(self.tr("New in the vault: {0} customers, {1} orders, {2} products.").format(
            n(stored.get("customers_new")), n(stored.get("orders_new")),
            n(stored.get("products_new"))))
        if r.duplicates_found and not r.duplicates_dropped:
            lines.append(self.tr("{0} row(s) were exact copies of another row; they were kept "
                                 "(you chose not to drop duplicates).").format(
                n(r.duplicates_found)))
        if r.quarantine_reasons:
            lines.append(self.tr("Why rows were set aside:"))
            for code, count in sorted(r.quarantine_reasons.items(), key=lambda kv: -kv[1]):
                lines.append("    " + self.tr("{0} × {1}").format(n(count), texts.reason(code)))
        if r.flags:
            lines.append(self.tr("Kept, but flagged for you to check:"))
            for code, count in sorted(r.flags.items(), key=lambda kv: -kv[1]):
                lines.append("    " + self.tr("{0} × {1}").format(n(count), texts.flag(code)))
        redacted = {k: v for k, v in (r.pii_redactions or {}).items() if v}
        if redacted:
            lines.append(self.tr("Removed from free text before storing:"))
            for kind, count in sorted(redacted.items(), key=lambda kv: -kv[1]):
                lines.append("    " + self.tr("{0} × {1}").format(n(count), texts.redaction(kind)))
        for column, decision in (r.date_decisions or {}).items():
            if decision.get("ambiguous") and decision.get("dayfirst") is not None:
                lines.append(self.tr("Dates in {0} were read day first.").format(column)
                             if decision["dayfirst"] else
                             self.tr("Dates in {0} were read month first.").format(column))
        return lines

    def _next(self, r) -> str:
        parts = []
        if r.import_id is not None:
            parts.append(self.tr("This is import number {0}. If something looks wrong, you can "
                                 "undo it on the Imports page.").format(r.import_id))
        if self.profile_saved:
            parts.append(self.tr("The mapping was saved as \"{0}\".").format(self.profile_saved))
        return ("" if texts.lang() == "zh" else " ").join(parts)

    def is_complete(self) -> bool:
        return False

    def clear(self) -> None:
        self.report = None
        self.quarantine.clear()
