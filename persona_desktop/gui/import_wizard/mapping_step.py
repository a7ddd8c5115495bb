"""Step 3: what each column holds. The app's guess per column with its reason; the user corrects
any of them, answers the day/month question for dates the file cannot settle, and may save the
mapping under a name (it is offered again for files with the same columns)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QHBoxLayout, QHeaderView,
                               QLineEdit, QRadioButton, QTableView)

from ...core import i18n
from .mapping_model import ROLE, MappingModel, RoleDelegate
from ..widgets.common import Card, label
from .base import WizardStep

EXAMPLES_PER_COLUMN = 3


def examples(frame, columns) -> dict[str, str]:
    """A few distinct non-empty values per column of the preview, for the user to recognise it."""
    out = {}
    for column in columns:
        seen: list[str] = []
        if frame is not None and column in frame.columns:
            for value in frame[column].tolist():
                text = "" if value is None else str(value).strip()
                if text and text not in seen and text.lower() != "nan":
                    seen.append(text)
                if len(seen) == EXAMPLES_PER_COLUMN:
                    break
        out[column] = " · ".join(v if len(v) <= 30 else v[:29] + "…" for v in seen)
    return out


class MappingStep(WizardStep):
    mapping_edited = Signal()  # a role changed: the wizard checks the plan again

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("MappingStep")
        self.plan = None
        self.error: BaseException | None = None
        self.ambiguous: list[str] = []
        self._build_table()
        self._build_dates_question()
        save_row = self._build_save_row()
        self.body.addWidget(self.profile_note)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.error_label)
        self.body.addWidget(self.dates_card)
        self.body.addLayout(save_row)
        self.retranslate()

    def _build_table(self) -> None:
        """One row per column of the file, its role picked in a drop-down."""
        self.profile_note = label("note", wrap=True)
        self.profile_note.setObjectName("ProfileNote")
        self.profile_note.setVisible(False)
        self.model = MappingModel(self)
        self.model.mapping_changed.connect(self._edited)
        self.table = QTableView()
        self.table.setObjectName("MappingTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(ROLE, RoleDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the drop-downs take the focus
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.error_label = label("error", wrap=True)
        self.error_label.setObjectName("MappingError")
        self.error_label.setVisible(False)

    def _build_dates_question(self) -> None:
        """Asked only when the dates could be day or month first."""
        self.dates_card = Card()
        self.dates_card.setObjectName("DatesQuestion")
        self.dates_question = label(wrap=True)
        self.day_first = QRadioButton()
        self.day_first.setObjectName("DayFirst")
        self.month_first = QRadioButton()
        self.month_first.setObjectName("MonthFirst")
        self.date_choice = QButtonGroup(self)
        self.date_choice.addButton(self.day_first)
        self.date_choice.addButton(self.month_first)
        self.date_choice.buttonClicked.connect(lambda _b: self.changed.emit())
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.day_first)
        row.addWidget(self.month_first)
        row.addStretch(1)
        self.dates_card.body.addWidget(self.dates_question)
        self.dates_card.body.addLayout(row)
        self.dates_card.setVisible(False)

    def _build_save_row(self) -> QHBoxLayout:
        """Save this mapping under a name, for the next file from the same shop system."""
        save_row = QHBoxLayout()
        self.save_label = label()
        self.profile_name = QLineEdit()
        self.profile_name.setObjectName("ProfileName")
        self.profile_name.setMaxLength(80)
        self.save_hint = label("muted")
        save_row.addWidget(self.save_label)
        save_row.addWidget(self.profile_name, 1)
        save_row.addWidget(self.save_hint, 1)
        return save_row

    def title(self) -> str:
        return self.tr("Tell us what each column holds")

    def subtitle(self) -> str:
        return self.tr("The app guessed from the column names and the values. Correct any guess "
                       "with the drop-down; columns you do not need can be set to \"Do not "
                       "import\".")

    def retranslate(self) -> None:
        self.save_label.setText(self.tr("Save this mapping as:"))
        self.profile_name.setPlaceholderText(self.tr("a name, e.g. Taobao orders (optional)"))
        self.save_hint.setText(self.tr("Offered again for files with the same columns."))
        self.day_first.setText(self.tr("Day first (31/12/2024)"))
        self.month_first.setText(self.tr("Month first (12/31/2024)"))
        self.model.retranslate()
        self._reopen_editors()
        self._show_texts()

    # --- plan ---------------------------------------------------------------------------------
    def set_plan(self, plan, *, fresh: bool) -> None:
        """A new plan: ``fresh`` (new file or new way of reading it) resets the table; otherwise
        the plan was re-checked for the user's mapping and only its findings are taken."""
        self.plan = plan
        if fresh:
            # A saved mapping is the starting point the user did not choose here.
            detected = dict(plan.mapping) if plan.profile_used else {
                g.column: g.role for g in plan.guesses}
            self.model.set_columns(list(plan.info.columns), plan.mapping, plan.guesses,
                                   examples(plan.preview, plan.info.columns), detected)
            self.date_choice.setExclusive(False)
            self.day_first.setChecked(False)
            self.month_first.setChecked(False)
            self.date_choice.setExclusive(True)
            self._reopen_editors()
            self._size_columns()
        self.ambiguous = list(plan.ambiguous_dates)
        self.validate()

    def set_error(self, exc: BaseException | None) -> None:
        self.error = exc
        self._show_texts()
        self.changed.emit()

    def _edited(self) -> None:
        self.validate()
        self.mapping_edited.emit()

    def validate(self) -> bool:
        """Check the mapping at once (the core's rules, no file access); show what is missing."""
        from ...core.errors import PersonaError
        from ...core.ingest.mapping import validate_mapping
        try:
            validate_mapping(self.model.mapping)
        except PersonaError as exc:
            self.set_error(exc)
            return False
        self.set_error(None)
        return True

    def _show_texts(self) -> None:
        self.error_label.setVisible(self.error is not None)
        if self.error is not None:
            self.error_label.setText(self.error.message(i18n.language())
                                     if hasattr(self.error, "message") else str(self.error))
        used = self.plan.profile_used if self.plan is not None else None
        self.profile_note.setVisible(bool(used))
        if used:
            self.profile_note.setText(self.tr("Using the mapping you saved as \"{0}\" for files "
                                              "with these columns.").format(used))
        show_dates = bool(self.ambiguous) and self.error is None
        self.dates_card.setVisible(show_dates)
        if show_dates:
            names = "、".join(self.ambiguous) if i18n.language() == "zh" else ", ".join(
                self.ambiguous)
            self.dates_question.setText(self.tr(
                "The dates in {0} can be read two ways: 03/04/2024 is 3 April if the day comes "
                "first, or March 4 if the month does. How are dates written in this file?"
            ).format(names))

    def _reopen_editors(self) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, ROLE)
            self.table.closePersistentEditor(index)
            self.table.openPersistentEditor(index)

    def _size_columns(self) -> None:
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(max(self.table.columnWidth(0), 120), 220))
        self.table.setColumnWidth(1, 260)
        self.table.setColumnWidth(ROLE, 220)

    # --- answers ------------------------------------------------------------------------------
    @property
    def mapping(self) -> dict[str, str]:
        return self.model.mapping

    def dayfirst(self) -> bool | None:
        if self.day_first.isChecked():
            return True
        if self.month_first.isChecked():
            return False
        return None

    def save_as(self) -> str | None:
        return self.profile_name.text().strip() or None

    def is_complete(self) -> bool:
        if self.plan is None or self.error is not None:
            return False
        return not self.ambiguous or self.dayfirst() is not None

    def clear(self) -> None:
        self.plan = None
        self.model.clear()
