"""The vault's current analysis and predictions, shared by the pages that show them (Dashboard,
Customers, Segments, Insights) and the header's "last analysis ... [Re-run]".

At unlock the latest stored runs are loaded in workers (reopening a vault shows the last results
at once, without recomputing); "Re-run" profiles the customers and then predicts value, churn and
recommendations, each in a worker with progress and Cancel in the status bar. Pages connect to
``run_changed`` / ``predictions_changed`` and never call the core themselves for results.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core import services
from ..core.services.results import PersonaPredictions


class AnalysisState(QObject):
    run_changed = Signal(object)      # an AnalysisRun, or None when there is none (yet)
    predictions_changed = Signal()    # self.predictions / self.persona_predictions changed
    busy_changed = Signal(bool)
    failed = Signal(object)           # the exception of a failed re-run

    def __init__(self, context, vault, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.vault = vault
        self.run = None
        self.predictions = None           # the latest "predict" run, or None
        self.persona_predictions = PersonaPredictions()   # empty (false) until matched
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
        self.context.jobs.run(services.latest_predictions, self.vault,
                              on_success=self._set_predictions)

    def _set_predictions(self, run) -> None:
        if self.vault is None:
            return
        self.predictions = run
        self._match_personas()

    def _match_personas(self) -> None:
        """Persona cards gain predicted value and churn when both runs are there."""
        if self.predictions is None or self.run is None:
            self.persona_predictions = PersonaPredictions()
            self.predictions_changed.emit()
            return
        key = (self.predictions.run_id, self.run.run_id)
        # Copies: the pages read these runs on the GUI thread while the worker groups them.
        self.context.jobs.run(services.persona_predictions, self.predictions.copy(),
                              self.run.copy(), on_success=lambda groups: self._matched(key, groups))

    def _matched(self, key, groups: PersonaPredictions) -> None:
        if self.vault is None or self.predictions is None or self.run is None \
                or key != (self.predictions.run_id, self.run.run_id):
            return      # a newer run arrived meanwhile; its own match is on the way
        self.persona_predictions = groups
        self.predictions_changed.emit()

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
        if self.predictions is not None:
            self._match_personas()

    def _load_failed(self, exc) -> None:
        self.loaded = True
        self.run_changed.emit(None)
        self.failed.emit(exc)

    def _analysed(self, run) -> None:
        # The previous predictions belong to the previous data: drop them until the new ones
        # arrive rather than showing them on the new groups.
        self.predictions = None
        self.persona_predictions = PersonaPredictions()
        self._set_run(run)
        self.predictions_changed.emit()
        if run is None or run.customers.empty or self.vault is None:
            self._job = None
            self.busy_changed.emit(False)
            return
        self._job = self.context.jobs.run(
            services.predict, self.vault, label=self.tr("Predicting value and churn…"),
            with_progress=True, on_success=self._predicted, on_failure=self._analyse_failed,
            on_cancel=self._cancelled)

    def _predicted(self, run) -> None:
        self._job = None
        self.busy_changed.emit(False)
        self._set_predictions(run)

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
        self.predictions = None
        self.persona_predictions = PersonaPredictions()
