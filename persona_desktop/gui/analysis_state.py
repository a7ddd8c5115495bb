"""The vault's current analysis, shared by the pages that show it (Dashboard, Customers,
Segments, Insights) and the header's "last analysis ... [Re-run]".

At unlock the latest stored run is loaded in a worker (reopening a vault shows the last result at
once, without recomputing); "Re-run" analyses in a worker with progress and Cancel in the status
bar. Pages connect to ``run_changed`` and never call the core themselves for analysis results.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core import services


class AnalysisState(QObject):
    run_changed = Signal(object)      # an AnalysisRun, or None when there is none (yet)
    busy_changed = Signal(bool)
    failed = Signal(object)           # the exception of a failed re-run

    def __init__(self, context, vault, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.vault = vault
        self.run = None
        self.loaded = False
        self._job = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def load_latest(self) -> None:
        if self.vault is None:
            return
        self.context.jobs.run(services.latest_run, self.vault, on_success=self._set_run,
                              on_failure=self._load_failed)

    def rerun(self, params=None) -> None:
        if self.vault is None or self.busy:
            return
        self._job = self.context.jobs.run(
            services.analyze, self.vault, params, label=self.tr("Analysing customers…"),
            with_progress=True, on_success=self._analysed, on_failure=self._analyse_failed,
            on_cancel=self._cancelled)
        self.busy_changed.emit(True)

    def _set_run(self, run) -> None:
        if self.vault is None:
            return
        self.run = run
        self.loaded = True
        self.run_changed.emit(run)

    def _load_failed(self, exc) -> None:
        self.loaded = True
        self.run_changed.emit(None)
        self.failed.emit(exc)

    def _analysed(self, run) -> None:
        self._job = None
        self.busy_changed.emit(False)
        self._set_run(run)

    def _analyse_failed(self, exc) -> None:
        self._job = None
        self.busy_changed.emit(False)
        self.failed.emit(exc)

    def _cancelled(self) -> None:
        self._job = None
        self.busy_changed.emit(False)

    def clear(self) -> None:
        self.vault = None
        self.run = None
