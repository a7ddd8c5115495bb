"""Step 5: the import running, with progress and Cancel. A cancelled (or failed) import is rolled
back whole by the core, so the vault is exactly as before; the step says so."""
from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QProgressBar

from ...core import i18n
from ...core.errors import JobCancelled
from ..errors import error_text
from ..widgets.common import Card, label
from .base import WizardStep


class RunStep(WizardStep):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("RunStep")
        self.file_name = ""
        self.state = "idle"  # idle | running | cancelling | cancelled | failed
        self.error: BaseException | None = None
        self._done = (0, 0)
        card = Card()
        self.status = label("section", wrap=True)
        self.status.setObjectName("RunStatus")
        self.bar = QProgressBar()
        self.bar.setObjectName("RunProgress")
        self.bar.setTextVisible(False)
        self.detail = label("muted", wrap=True)
        self.detail.setObjectName("RunDetail")
        # Two labels with fixed roles: a role changed later loses its padding in Qt's QSS.
        self.cancelled_note = label("note", wrap=True)
        self.cancelled_note.setObjectName("RunCancelled")
        self.failed_note = label("error", wrap=True)
        self.failed_note.setObjectName("RunFailed")
        for note in (self.cancelled_note, self.failed_note):
            note.setVisible(False)
        card.body.addWidget(self.status)
        card.body.addWidget(self.bar)
        card.body.addWidget(self.detail)
        self.body.addWidget(card)
        self.body.addWidget(self.cancelled_note)
        self.body.addWidget(self.failed_note)
        self.body.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Importing")

    def subtitle(self) -> str:
        return self.tr("You can cancel at any time: nothing is stored until the import "
                       "finishes.")

    def retranslate(self) -> None:
        self._show()

    def start(self, file_name: str) -> None:
        self.file_name = file_name
        self.state, self.error, self._done = "running", None, (0, 0)
        self.bar.setRange(0, 0)
        self._show()

    def progress(self, done: int, total: int) -> None:
        self._done = (done, total)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        self._show()

    def cancelling(self) -> None:
        self.state = "cancelling"
        self._show()

    def finished(self, state: str, error: BaseException | None = None) -> None:
        """``state``: "cancelled" or "failed" (success moves on to the report)."""
        self.state, self.error = state, error
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self._show()

    def _show(self) -> None:
        done, total = self._done
        locale = QLocale()
        if self.state in ("running", "cancelling"):
            if total > 0:
                percent = int(done * 100 / total)
                self.status.setText(self.tr("Importing {0}… {1}%").format(self.file_name,
                                                                          percent))
                self.detail.setText(self.tr("{0} of about {1} rows read").format(
                    locale.toString(done), locale.toString(total)))
            else:
                self.status.setText(self.tr("Importing {0}…").format(self.file_name))
                self.detail.setText(self.tr("Reading the file…"))
            if self.state == "cancelling":
                self.detail.setText(self.tr("Cancelling… undoing what was read so far."))
        elif self.state == "cancelled":
            self.status.setText(self.tr("Import cancelled"))
            self.detail.setText("")
        elif self.state == "failed":
            self.status.setText(self.tr("The import did not finish"))
            self.detail.setText("")
        else:
            self.status.setText("")
            self.detail.setText("")
        self.cancelled_note.setVisible(self.state == "cancelled")
        self.failed_note.setVisible(self.state == "failed")
        space = "" if i18n.language() == "zh" else " "  # Chinese sentences join without one
        if self.state == "cancelled":
            self.cancelled_note.setText(JobCancelled().message() + space + self.tr(
                "Go back to change something and import again, or close the wizard."))
        elif self.state == "failed":
            self.failed_note.setText(error_text(self.error) + space + self.tr(
                "Nothing was stored from this file."))

    @property
    def outcome(self):
        """The visible outcome label (cancelled or failed)."""
        return self.failed_note if self.state == "failed" else self.cancelled_note

    def is_complete(self) -> bool:
        return False
