"""Past imports (services.list_imports) as a table: number, when, file, rows, status."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDateTime, QLocale, QModelIndex, Qt

from ...core.services.results import ImportRecord
from ..import_wizard import texts as texts

# ImportRecord fields shown, in column order.
COLUMNS = ("import_id", "started_at", "file_name", "rows_read", "rows_new", "rows_quarantined",
           "status")
NUMERIC = frozenset({"import_id", "rows_read", "rows_new", "rows_quarantined"})


def local_time(iso: str | None) -> str:
    """An ISO timestamp (UTC) in the user's time zone and locale, short format."""
    if not iso:
        return ""
    when = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not when.isValid():
        return iso
    return QLocale().toString(when.toLocalTime(), QLocale.FormatType.ShortFormat)


class ImportsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[ImportRecord] = []

    def set_imports(self, rows: list[ImportRecord]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_imports([])

    def record(self, row: int) -> ImportRecord:
        return self._rows[row]

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Imported on"), self.tr("File"), self.tr("Rows read"),
                self.tr("New rows"), self.tr("Set aside"), self.tr("Status")]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1,
                                                               len(COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def text(self, row: int, column: int) -> str:
        item = self._rows[row]
        key = COLUMNS[column]
        value = getattr(item, key)
        if key == "started_at":
            return local_time(value)
        if key == "file_name":
            return value or item.kind or ""
        if key == "status":
            status = texts.import_status(value)
            if value == "undone" and item.undone_at:
                return self.tr("{0} on {1}").format(status, local_time(item.undone_at))
            return status
        if key in NUMERIC:
            return "" if value is None else QLocale().toString(int(value))
        return "" if value is None else str(value)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if key in NUMERIC else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._rows[index.row()].status == "undone":
            from PySide6.QtGui import QColor
            from .. import theme
            return QColor(theme.colors()["muted"])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if COLUMNS[section] in NUMERIC
                          else Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
