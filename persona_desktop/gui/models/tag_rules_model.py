"""Tag rules as a table: tag, English label, Chinese label and the rule in words."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class TagRulesModel(QAbstractTableModel):
    def __init__(self, rules=None, parent=None):
        super().__init__(parent)
        self.rules = list(rules or [])

    def set_rules(self, rules) -> None:
        self.beginResetModel()
        self.rules = list(rules)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.rules)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else 4

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        rule = self.rules[index.row()]
        column = index.column()
        if column == 0:
            return rule.tag
        if column == 1:
            return rule.label_en
        if column == 2:
            return rule.label_zh
        return self.tr(" and ").join(f"{c.feature} {c.op} {c.threshold}" for c in rule.conditions)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("Tag"), self.tr("English label"), self.tr("Chinese label"),
                self.tr("Rule"))[section]

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
