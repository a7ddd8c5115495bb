"""Postage, fee and adjustment lines (services.service_lines with all candidates) as a table
with one checkbox per row: checked = "not a product" (left out of products, spend, baskets and
recommendations)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, Qt

from ...core.analytics.service_lines import REASONS
from ...core.i18n import language

COLUMNS = ("service", "sku", "name", "lines", "value", "reason")


class ServiceLinesModel(QAbstractTableModel):
    def __init__(self, rows: list[dict] | None = None, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._initial: dict[str, str] = {}
        self.set_rows(rows or [])

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self._initial = {r["sku"]: r["kind"] for r in self._rows}
        self.endResetModel()

    def changes(self) -> dict[str, str]:
        """Product code -> new kind, for the rows the user changed."""
        return {r["sku"]: r["kind"] for r in self._rows if self._initial.get(r["sku"]) != r["kind"]}

    def headers(self) -> list[str]:
        return [self.tr("Not a product"), self.tr("Code"), self.tr("Name"), self.tr("Lines"),
                self.tr("Value"), self.tr("Why")]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def flags(self, index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], COLUMNS[index.column()]
        if column == "service":
            if role == Qt.ItemDataRole.CheckStateRole:
                return (Qt.CheckState.Checked if row["kind"] == "service"
                        else Qt.CheckState.Unchecked)
            if role == Qt.ItemDataRole.DisplayRole:  # a word beside the box, not an empty field
                return self.tr("yes") if row["kind"] == "service" else self.tr("no")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("lines", "value"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("name", "reason"):
            role = Qt.ItemDataRole.DisplayRole  # the whole text, when the column cuts it
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "lines":
            return QLocale().toString(int(row["lines"]))
        if column == "value":
            return QLocale().toString(float(row["value"]), "f", 2)
        if column == "reason":
            return REASONS[row["reason"]].get(language())
        return "" if row[column] is None else str(row[column])

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self._rows[index.row()]["kind"] = "service" if checked else "merchandise"
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        return True

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
