"""What every step of the import wizard shares: a title, one line of explanation, and whether the
user may go on (``is_complete``; ``changed`` asks the wizard to look again)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..widgets.common import Retranslatable


class WizardStep(Retranslatable, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(8)

    def title(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def subtitle(self) -> str:
        return ""

    def is_complete(self) -> bool:
        return True

    def next_text(self) -> str:
        """The Next button's text on this step ("" keeps the default)."""
        return ""

    def clear(self) -> None:
        """Forget every value read from the file or the vault."""
