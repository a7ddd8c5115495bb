"""Step 1: choose the file, by browsing or by dropping it here (or on the main window)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLineEdit, QVBoxLayout

from ..widgets.common import button, label
from .base import WizardStep

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".gz", ".zip")


def dropped_file(mime) -> Path | None:
    """The single local file in a drag's data, or None."""
    if mime is None or not mime.hasUrls():
        return None
    files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return files[0] if len(files) == 1 and not files[0].is_dir() else None


class DropZone(QFrame):
    """A dashed area that takes one dropped file."""

    def __init__(self, on_file, parent=None):
        super().__init__(parent)
        self.setObjectName("DropZone")
        self.setAcceptDrops(True)
        self.setMinimumHeight(150)
        self._on_file = on_file
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        self.text = label("section")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label("muted", wrap=True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self._on_file(path)


class FileStep(WizardStep):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("FileStep")
        row = QHBoxLayout()
        self.path_label = label()
        self.path = QLineEdit()
        self.path.setObjectName("FilePath")
        self.path.textChanged.connect(self.changed)
        self.browse = button()
        self.browse.setObjectName("BrowseFile")
        self.browse.clicked.connect(self.choose)
        row.addWidget(self.path_label)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.drop = DropZone(self.set_path)
        self.formats = label("muted", wrap=True)
        self.local_note = label("note", wrap=True)
        self.body.addLayout(row)
        self.body.addWidget(self.drop)
        self.body.addWidget(self.formats)
        self.body.addWidget(self.local_note)
        self.body.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Choose a file")

    def subtitle(self) -> str:
        return self.tr("A sales or customer export from your shop: CSV, TSV, text or Excel.")

    def retranslate(self) -> None:
        self.path_label.setText(self.tr("File:"))
        self.path.setPlaceholderText(self.tr("Choose a file or drop it below"))
        self.browse.setText(self.tr("Browse…"))
        self.drop.text.setText(self.tr("Drop a file here"))
        self.drop.hint.setText(self.tr("or drop it anywhere on the main window"))
        self.formats.setText(self.tr("Any text encoding works (UTF-8, GBK, Big5 and others); the "
                                     "next step shows how the file was read so you can check it. "
                                     "Files compressed as .gz or .zip are fine too."))
        self.local_note.setText(self.tr("The file is read on this computer only; nothing is "
                                        "uploaded. Your file itself is not changed."))

    def set_path(self, path) -> None:
        self.path.setText(str(path))

    def file_path(self) -> Path | None:
        text = self.path.text().strip().strip('"')
        return Path(text).expanduser() if text else None

    def is_complete(self) -> bool:
        return self.file_path() is not None

    def choose(self) -> None:
        start = str(self.file_path().parent) if self.file_path() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), start,
            self.tr("Tables (*.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.gz *.zip);;All files (*)"))
        if path:
            self.set_path(path)
