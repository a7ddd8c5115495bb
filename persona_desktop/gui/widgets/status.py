"""Status bar area for long work: what is running, a progress bar and Cancel (ux.md "Frame").

It follows the job runner: a job with a label shows here while it runs; the page stays usable.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from .common import Retranslatable, button, label


class StatusArea(Retranslatable, QWidget):
    active_changed = Signal(bool)  # the window hides its status bar while nothing runs

    def __init__(self, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("StatusArea")
        self._runner = runner
        self._job = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(8)
        self.text = label("muted")
        self.text.setObjectName("StatusText")
        self.bar = QProgressBar()
        self.bar.setFixedWidth(220)
        self.bar.setTextVisible(False)
        self.cancel = button()
        self.cancel.setObjectName("StatusCancel")
        self.cancel.clicked.connect(self._cancel)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        runner.job_started.connect(self._started)
        runner.job_progress.connect(self._progress)
        runner.job_finished.connect(self._finished)
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.cancel.setText(self.tr("Cancel"))

    @property
    def job(self):
        return self._job

    def _started(self, job) -> None:
        if not job.label:
            return
        self._job = job
        self.text.setText(job.label)
        self.bar.setRange(0, 0)  # busy until the first progress step
        self.cancel.setEnabled(True)
        self.setVisible(True)
        self.active_changed.emit(True)

    def _progress(self, job, done: int, total: int, step: str) -> None:
        if job is not self._job:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            percent = int(done * 100 / total)
            self.text.setText(self.tr("{0} {1}%").format(job.label, percent))

    def _finished(self, job) -> None:
        if job is not self._job:
            return
        self._job = None
        others = [j for j in self._runner.active if j.label]
        if others:
            self._started(others[-1])
        else:
            self.setVisible(False)
            self.active_changed.emit(False)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel.setEnabled(False)
            self.text.setText(self.tr("Cancelling…"))
