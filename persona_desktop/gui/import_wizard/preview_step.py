"""Step 2: the first rows as the app read them, with how it read them (text encoding, delimiter,
sheet, header row). Any of these can be changed; the wizard then reads the file again."""
from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QHBoxLayout,
                               QTableView)

from . import texts as texts
from ..models.frame_model import FrameModel
from ..widgets.common import Card, label
from .base import WizardStep


class PreviewStep(WizardStep):
    reading_changed = Signal()  # the user changed how to read the file

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("PreviewStep")
        self.plan = None
        card = Card()
        top = QHBoxLayout()
        top.setSpacing(24)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.encoding = QComboBox()
        self.encoding.setObjectName("EncodingCombo")
        self.delimiter = QComboBox()
        self.delimiter.setObjectName("DelimiterCombo")
        self.sheet = QComboBox()
        self.sheet.setObjectName("SheetCombo")
        for combo in (self.encoding, self.delimiter, self.sheet):
            combo.setMinimumWidth(280)
            combo.activated.connect(lambda _i: self.reading_changed.emit())
        self.encoding_label, self.delimiter_label, self.sheet_label = label(), label(), label()
        form.addRow(self.encoding_label, self.encoding)
        form.addRow(self.delimiter_label, self.delimiter)
        form.addRow(self.sheet_label, self.sheet)
        self.form = form
        self.header = QCheckBox()
        self.header.setObjectName("HasHeader")
        self.header.clicked.connect(lambda _c: self.reading_changed.emit())
        form.addRow("", self.header)
        top.addLayout(form)
        self.facts = label("muted", wrap=True)
        self.facts.setObjectName("PreviewFacts")
        top.addWidget(self.facts, 1)
        card.body.addLayout(top)
        self.warnings = label("warning", wrap=True)
        self.warnings.setObjectName("ReadingWarnings")
        self.warnings.setVisible(False)
        self.model = FrameModel()
        self.table = QTableView()
        self.table.setObjectName("PreviewTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setDefaultSectionSize(140)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.caption = label("muted", wrap=True)
        self.body.addWidget(card)
        self.body.addWidget(self.warnings)
        self.body.addWidget(self.caption)
        self.body.addWidget(self.table, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Check how the file was read")

    def subtitle(self) -> str:
        return self.tr("If the characters look wrong or everything is in one column, change the "
                       "settings on the left.")

    def retranslate(self) -> None:
        self.encoding_label.setText(self.tr("Text encoding:"))
        self.delimiter_label.setText(self.tr("Columns separated by:"))
        self.sheet_label.setText(self.tr("Sheet:"))
        self.header.setText(self.tr("The first row holds the column names"))
        self.caption.setText(self.tr("The first rows of your file:"))
        if self.plan is not None:
            self._fill_controls()
            self._show_facts()

    # --- plan ---------------------------------------------------------------------------------
    def set_plan(self, plan) -> None:
        self.plan = plan
        self._fill_controls()
        self._show_facts()
        self.model.set_frame(plan.preview)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            width = min(260, max(90, wanted + 16))
            self.table.setColumnWidth(column, width)
        self.changed.emit()

    def _fill_controls(self) -> None:
        info, options = self.plan.info, self.plan.options
        text_file = info.kind not in ("xlsx", "xls")
        for widget in (self.encoding, self.encoding_label, self.delimiter, self.delimiter_label):
            widget.setVisible(text_file)
        for widget in (self.sheet, self.sheet_label):
            widget.setVisible(not text_file and len(info.sheets) > 1)
        self.encoding.blockSignals(True)
        self.encoding.clear()
        if options.encoding:
            self.encoding.addItem(self.tr("Detected automatically"), "")
        else:
            self.encoding.addItem(self.tr("{0} (detected)").format(
                texts.encoding_name(info.encoding)), "")
        for code in texts.ENCODINGS:
            self.encoding.addItem(texts.encoding_name(code), code)
        chosen = self.encoding.findData(options.encoding or "")
        self.encoding.setCurrentIndex(max(0, chosen))
        self.encoding.blockSignals(False)

        self.delimiter.blockSignals(True)
        self.delimiter.clear()
        if options.delimiter:
            self.delimiter.addItem(self.tr("Detected automatically"), "")
        else:
            self.delimiter.addItem(self.tr("{0} (detected)").format(
                texts.delimiter_name(info.delimiter)), "")
        for code in texts.DELIMITERS:
            self.delimiter.addItem(texts.delimiter_name(code), code)
        chosen = self.delimiter.findData(options.delimiter or "")
        self.delimiter.setCurrentIndex(max(0, chosen))
        self.delimiter.blockSignals(False)

        self.sheet.blockSignals(True)
        self.sheet.clear()
        for name in info.sheets:
            self.sheet.addItem(name, name)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(info.sheet)))
        self.sheet.blockSignals(False)
        self.header.setChecked(bool(info.has_header))

    def _show_facts(self) -> None:
        info = self.plan.info
        locale = QLocale()
        rows = info.rows_estimate
        lines = [self.tr("File: {0}").format(self.plan.path.name)]
        if rows is None:
            lines.append(self.tr("{0} columns").format(locale.toString(len(info.columns))))
        elif info.rows_exact:
            lines.append(self.tr("{0} rows, {1} columns").format(
                locale.toString(int(rows)), locale.toString(len(info.columns))))
        else:
            lines.append(self.tr("about {0} rows, {1} columns").format(
                locale.toString(int(rows)), locale.toString(len(info.columns))))
        if info.kind not in ("xlsx", "xls") and not self.plan.options.encoding:
            lines.append(self.tr("Encoding detected: {0}").format(
                texts.confidence_word(info.encoding_confidence)))
        self.facts.setText("\n".join(lines))
        warnings = [texts.source_warning(code) for code in info.warnings]
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))

    def reading_options(self) -> dict:
        """The user's choices as ImportOptions fields (None: detect)."""
        info = self.plan.info if self.plan is not None else None
        options = {"encoding": self.encoding.currentData() or None,
                   "delimiter": self.delimiter.currentData() or None,
                   "sheet": self.sheet.currentData() if self.sheet.count() else None}
        detected_header = info.has_header if info is not None else True
        header = self.header.isChecked()
        previous = self.plan.options.has_header if self.plan is not None else None
        options["has_header"] = header if (previous is not None or header != detected_header) \
            else None
        return options

    def clear(self) -> None:
        self.plan = None
        self.model.clear()
