"""A read-only table model over a pandas DataFrame that loads rows on demand (style.md rule 4).

The view asks for more rows as the user scrolls (``canFetchMore``/``fetchMore``), so a frame of a
million rows opens at once and scrolls smoothly: only the rows fetched so far are ever counted and
painted. Formatting lives in ``data()``: empty cells show as nothing, numbers right-aligned, and a
column may have a formatter (a quarantine reason in the user's language, say).

This module does not import pandas: it only reads ``frame.columns``, ``len(frame)`` and
``frame.iat``, so importing it costs nothing at start-up.
"""
from __future__ import annotations

import math
from numbers import Number
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Formatter = Callable[[Any], str]
BATCH = 256


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


class FrameModel(QAbstractTableModel):
    """``FrameModel(frame, headers=None, formatters=None, batch=256)``.

    ``headers`` replaces the column names shown (a callable is asked again on every language
    change, so the header follows it); ``formatters`` maps a column position to a function from
    the cell value to the text shown.
    """

    def __init__(self, frame=None, *, headers: list[str] | Callable[[], list[str]] | None = None,
                 formatters: dict[int, Formatter] | None = None, batch: int = BATCH,
                 tooltips: dict[int, Formatter] | None = None, parent=None):
        super().__init__(parent)
        self._frame = None
        self._loaded = 0
        self._headers = headers
        self._formatters = dict(formatters or {})
        self._tooltips = dict(tooltips or {})
        self._batch = max(1, int(batch))
        if frame is not None:
            self.set_frame(frame)

    # --- content ------------------------------------------------------------------------------
    @property
    def frame(self):
        return self._frame

    def set_frame(self, frame) -> None:
        self.beginResetModel()
        self._frame = frame
        self._loaded = min(self._batch, self.total_rows)
        self.endResetModel()

    def set_formatters(self, formatters: dict[int, Formatter]) -> None:
        """Replace the cell formatters (the currency or language changed); call before set_frame."""
        self._formatters = dict(formatters)

    def clear(self) -> None:
        """Drop the frame (the vault is locking, or the wizard closed)."""
        self.beginResetModel()
        self._frame = None
        self._loaded = 0
        self.endResetModel()

    @property
    def total_rows(self) -> int:
        return 0 if self._frame is None else len(self._frame)

    def retranslate(self) -> None:
        """Headers and formatted cells follow the language: tell the views to repaint them."""
        columns = self.columnCount()
        if columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
            if self._loaded:
                self.dataChanged.emit(self.index(0, 0), self.index(self._loaded - 1, columns - 1))

    # --- lazy loading -------------------------------------------------------------------------
    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 (Qt API)
        return not parent.isValid() and self._loaded < self.total_rows

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 (Qt API)
        if parent.isValid():
            return
        more = min(self._batch, self.total_rows - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    # --- the model API ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        if parent.isValid() or self._frame is None:
            return 0
        return len(self._frame.columns)

    def value(self, row: int, column: int) -> Any:
        """The raw cell (for tests and for slots that need more than the text)."""
        return self._frame.iat[row, column]

    def text(self, row: int, column: int) -> str:
        value = self.value(row, column)
        formatter = self._formatters.get(column)
        if formatter is not None:
            return formatter(value)
        if _empty(value):
            return ""
        return str(value)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._frame is None:
            return None
        row, column = index.row(), index.column()
        if row >= self._loaded or column >= self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltips.get(column)
            if tip is not None:
                return tip(self.value(row, column))
            text = self.text(row, column)
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self.value(row, column)
            if isinstance(value, Number) and not isinstance(value, bool) and not _empty(value) \
                    and column not in self._formatters:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._frame is None:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self.columnCount():
                return None
            headers = self._headers() if callable(self._headers) else self._headers
            if headers is not None and section < len(headers):
                return headers[section]
            return str(self._frame.columns[section])
        if 0 <= section < self._loaded:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
