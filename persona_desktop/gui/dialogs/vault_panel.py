"""What the unlock and create panels share: the vault folder, one key-deriving job at a time
(Argon2id takes about a second, so it runs in a worker) with its busy row, and the link to
another folder."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..widgets.busy import BusyIndicator
from ..widgets.common import Retranslatable, button


class VaultPanel(Retranslatable, QWidget):
    other_folder_requested = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.folder: Path | None = None
        self._job = None
        self.busy = BusyIndicator()
        self.other = button(link=True)
        self.other.setObjectName("OtherFolder")
        self.other.clicked.connect(self.other_folder_requested)

    @property
    def busy_now(self) -> bool:
        return self._job is not None

    def _new_layout(self) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        return layout

    def _start(self, fn: Callable[..., Any], *args, cleanup: Callable[[Any], None],
               **kwargs) -> None:
        """Run ``fn`` in a worker, busy until it is done; ``cleanup`` locks the vault it opened
        when the result is discarded (the window locked or closed meanwhile)."""
        self._set_busy(True)
        self._job = self.context.jobs.run(fn, *args, cleanup=cleanup, on_success=self._succeeded,
                                          on_failure=self._failed, **kwargs)
        self._job.signals.finished.connect(self._done)

    def cancel(self) -> None:
        """The window is locking or closing: forget a running job (its vault gets locked)."""
        if self._job is not None:
            self._job.discarded = True
            self._job = None
            self._set_busy(False)

    def _done(self) -> None:
        self._job = None
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        """Subclasses also disable what must not change meanwhile."""
        self.busy.set_busy(busy)

    def _succeeded(self, result) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _failed(self, exc: BaseException) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
