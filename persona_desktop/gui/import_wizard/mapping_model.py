"""The mapping step's table: one row per column of the file, with its role editable.

Columns: the header, a few example values, the role ("what it holds", edited with a drop-down
from ``RoleDelegate``) and why the app proposed it. Role names, evidence and confidence come in the
user's language through ``texts``.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from . import texts as texts

COLUMN, EXAMPLES, ROLE, WHY = range(4)
ROLE_KEY = Qt.ItemDataRole.UserRole  # data(index, ROLE_KEY) on the role column: the role id


class MappingModel(QAbstractTableModel):
    mapping_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._columns: list[str] = []
        self._examples: dict[str, str] = {}
        self._guesses: dict[str, Any] = {}
        self._roles: dict[str, str] = {}
        self._detected: dict[str, str] = {}

    def set_columns(self, columns: list[str], mapping: dict[str, str], guesses: list,
                    examples: dict[str, str], detected: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._roles = {c: mapping.get(c, "ignore") for c in self._columns}
        self._guesses = {g.column: g for g in guesses}
        self._examples = dict(examples)
        self._detected = dict(detected if detected is not None else self._roles)
        self.endResetModel()

    def clear(self) -> None:
        self.set_columns([], {}, [], {})

    @property
    def mapping(self) -> dict[str, str]:
        return dict(self._roles)

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def row_of(self, column: str) -> int:
        return self._columns.index(column)

    def set_role(self, column: str, role: str) -> bool:
        return self.setData(self.index(self.row_of(column), ROLE), role, Qt.ItemDataRole.EditRole)

    def headers(self) -> list[str]:
        return [self.tr("Column in your file"), self.tr("Examples"), self.tr("What it holds"),
                self.tr("Why")]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self._columns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._columns) - 1, 3))

    # --- the model API ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._columns)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else 4

    def why(self, column: str) -> str:
        role = self._roles[column]
        guess = self._guesses.get(column)
        if role != self._detected.get(column):
            return self.tr("you chose this")
        if guess is None or guess.role != role:
            return self.tr("from your saved mapping")
        evidence = texts.evidence_text(guess.evidence_code)
        if guess.confidence <= 0:
            return evidence
        return self.tr("{0}: {1}").format(texts.confidence_word(guess.confidence), evidence)

    def alternatives(self, column: str) -> str:
        guess = self._guesses.get(column)
        if guess is None or not guess.alternatives:
            return ""
        names = ", ".join(texts.role_label(r) for r, _score in guess.alternatives)
        return self.tr("Could also be: {0}").format(names)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._columns):
            return None
        column = self._columns[index.row()]
        which = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if which == COLUMN:
                return column
            if which == EXAMPLES:
                return self._examples.get(column, "")
            if which == ROLE:
                return texts.role_label(self._roles[column])
            return self.why(column)
        if role in (Qt.ItemDataRole.EditRole, ROLE_KEY) and which == ROLE:
            return self._roles[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if which == EXAMPLES:
                return self._examples.get(column) or None
            if which in (ROLE, WHY):
                return self.alternatives(column) or None
        return None

    def setData(self, index: QModelIndex, value: Any,  # noqa: N802 (Qt API)
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != ROLE or role != Qt.ItemDataRole.EditRole
                or not 0 <= index.row() < len(self._columns)):
            return False
        from ...core.ingest.mapping import ROLES
        if value not in ROLES:
            return False
        column = self._columns[index.row()]
        if self._roles[column] == value:
            return True
        self._roles[column] = value
        self.dataChanged.emit(self.index(index.row(), ROLE), self.index(index.row(), WHY))
        self.mapping_changed.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 4:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return self.headers()[section] if role == Qt.ItemDataRole.DisplayRole else None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == ROLE else base


class RoleDelegate(QStyledItemDelegate):
    """A drop-down of the roles (in the user's language); a choice is applied at once."""

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt API)
        combo = QComboBox(parent)
        combo.setObjectName("RoleCombo")
        for role, text in texts.role_choices():
            combo.addItem(text, role)
        combo.setMaxVisibleItems(16)
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:  # noqa: N802 (Qt API)
        position = editor.findData(index.data(ROLE_KEY))
        if position >= 0 and position != editor.currentIndex():
            editor.setCurrentIndex(position)

    def setModelData(self, editor: QComboBox, model, index) -> None:  # noqa: N802 (Qt API)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802 (Qt API)
        editor.setGeometry(option.rect.adjusted(2, 2, -2, -2))
