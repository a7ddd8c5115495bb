"""Edit the tag rules ("feature operator threshold -> tag"): add, remove, reset to the defaults.

Rules are saved in the vault and apply from the next analysis, so the Segments page re-runs it
after a save. A threshold is a number or a shop percentile such as p80.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLineEdit, QTableView, QVBoxLayout)

from ...core import services
from ...core.errors import PersonaError
from ..errors import error_text, show_error
from ..models.tag_rules_model import TagRulesModel
from ..widgets.common import Retranslatable, button, label

FEATURES = ("monetary", "frequency", "recency_days", "aov", "tenure_days", "return_rate",
            "n_products", "n_categories", "discount_share", "net_revenue", "weekend_share")
OPERATORS = (">=", ">", "<=", "<", "==", "!=")


class TagRulesDialog(Retranslatable, QDialog):
    def __init__(self, context, vault, categories=(), rules=None, parent=None):
        super().__init__(parent)
        self.setObjectName("TagRulesDialog")
        self.context, self.vault = context, vault
        self.categories = list(categories)
        self.saved = False
        self._save_job = None
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        self.title = label("title")
        self.hint = label("muted", wrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self._rules_table(rules or []), 1)
        layout.addLayout(self._new_rule_form())
        self.error = label("error", wrap=True)
        self.error.setObjectName("TagRulesError")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        layout.addLayout(self._rule_buttons())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _rules_table(self, rules) -> QTableView:
        self.model = TagRulesModel(rules)
        self.table = QTableView()
        self.table.setObjectName("TagRulesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        return self.table

    def _new_rule_form(self) -> QFormLayout:
        """Name, labels and the rule ("feature operator threshold") of a tag to add."""
        form = QFormLayout()
        self.tag = QLineEdit()
        self.tag.setObjectName("NewTagName")
        self.label_en = QLineEdit()
        self.label_zh = QLineEdit()
        self.feature = QComboBox()
        self.feature.setObjectName("NewTagFeature")
        self.feature.addItems(list(FEATURES) + [f"cat:{c}" for c in self.categories])
        self.operator = QComboBox()
        self.operator.addItems(OPERATORS)
        self.threshold = QLineEdit()
        self.threshold.setObjectName("NewTagThreshold")
        rule_row = QHBoxLayout()
        rule_row.addWidget(self.feature, 2)
        rule_row.addWidget(self.operator)
        rule_row.addWidget(self.threshold, 1)
        self.form_labels = [label(), label(), label(), label()]
        form.addRow(self.form_labels[0], self.tag)
        form.addRow(self.form_labels[1], self.label_en)
        form.addRow(self.form_labels[2], self.label_zh)
        form.addRow(self.form_labels[3], rule_row)
        return form

    def _rule_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = button()
        self.add_button.setObjectName("AddTag")
        self.add_button.clicked.connect(self.add_rule)
        self.remove_button = button()
        self.remove_button.setObjectName("RemoveTag")
        self.remove_button.clicked.connect(self.remove_selected)
        self.reset_button = button()
        self.reset_button.setObjectName("ResetTags")
        self.reset_button.clicked.connect(self.reset_rules)
        for b in (self.add_button, self.remove_button, self.reset_button):
            row.addWidget(b)
        row.addStretch(1)
        return row

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tags"))
        self.title.setText(self.tr("Tag rules"))
        self.hint.setText(self.tr("A tag marks every customer who meets its rule. A threshold is a "
                                  "number or a percentile of your shop such as p80 (the top 20 %). "
                                  "Saving re-runs the analysis so the new tags apply."))
        for lab, text in zip(self.form_labels, (self.tr("Tag name"), self.tr("English label"),
                                                self.tr("Chinese label"), self.tr("Rule"))):
            lab.setText(text)
        self.threshold.setPlaceholderText(self.tr("e.g. 3 or p80"))
        self.add_button.setText(self.tr("Add tag"))
        self.remove_button.setText(self.tr("Remove selected"))
        self.reset_button.setText(self.tr("Reset to defaults"))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def add_rule(self) -> None:
        from ...core.analytics.tags import Condition, TagRule
        name = self.tag.text().strip()
        raw = self.threshold.text().strip()
        if not name or not raw:
            self._show_error(self.tr("Give the tag a name and a threshold."))
            return
        try:
            value = raw if raw.lower().startswith("p") else float(raw)
            rule = TagRule(name, self.label_en.text().strip() or name,
                           self.label_zh.text().strip() or self.label_en.text().strip() or name,
                           (Condition(self.feature.currentText(), self.operator.currentText(),
                                      value.lower() if isinstance(value, str) else value),)
                           ).validated()
        except (ValueError, PersonaError):
            self._show_error(self.tr("The threshold must be a number or a percentile such as "
                                     "p80."))
            return
        rules = [r for r in self.model.rules if r.tag != rule.tag] + [rule]
        self.model.set_rules(rules)
        self._show_error("")
        for field in (self.tag, self.label_en, self.label_zh, self.threshold):
            field.clear()

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        self.model.set_rules([r for i, r in enumerate(self.model.rules) if i not in rows])

    def reset_rules(self) -> None:
        from ...core.analytics.tags import default_rules
        self.model.set_rules(default_rules(self.categories))

    @property
    def saving(self) -> bool:
        return self._save_job is not None

    def save(self) -> None:
        """Store the rules in a worker (the vault's writer may be busy with other work); the
        dialog stays disabled until it is done, and closes only once they are stored."""
        if self._save_job is not None:
            return
        self._show_error("")
        self.setEnabled(False)
        self._save_job = self.context.jobs.run(
            store_rules, self.vault, list(self.model.rules), self.categories,
            on_success=self._saved, on_failure=self._save_failed)

    def _saved(self, _result) -> None:
        self._save_job = None
        self.setEnabled(True)
        self.saved = True
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._save_job = None
        self.setEnabled(True)
        if isinstance(exc, PersonaError):
            self._show_error(error_text(exc))
        else:
            show_error(self, exc)


def store_rules(vault, rules: list, categories: list) -> None:
    """The save itself (runs in a worker, touches no widget)."""
    from ...core.analytics.tags import default_rules
    # Unchanged defaults are stored as "no rules of my own", so they keep following the shop's
    # top categories as those change.
    if rules == default_rules(categories):
        services.reset_tag_rules(vault)
    else:
        services.save_tag_rules(vault, rules)
