"""The import wizard: file -> preview -> columns -> privacy -> import -> report.

All reading and importing runs in workers (``context.jobs``): reading the file (``plan_import``) at
the first step, again when the user changes how to read it or what a column holds, and the import
itself (``run_import``) with progress and Cancel. A cancelled import is rolled back by the core.
The wizard keeps the latest ``ImportPlan`` and only lets the user import a plan that was checked
for exactly the mapping on screen.

This module (and pandas, through the core) loads only when the wizard opens.
"""
from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QProgressBar, QStackedWidget, QVBoxLayout

from ...core import services
from ..errors import error_text
from ..widgets.common import Retranslatable, button, label
from .file_step import FileStep, dropped_file
from .mapping_step import MappingStep
from .planning import plan_for_wizard
from .preview_step import PreviewStep
from .privacy_step import PrivacyStep
from .report_step import ReportStep
from .run_step import RunStep

FILE, PREVIEW, MAPPING, PRIVACY, RUN, REPORT = range(6)
CHECK_DELAY_MS = 250


class ImportWizard(Retranslatable, QDialog):
    imported = Signal(object)  # the ImportReport of a finished import

    def __init__(self, context, vault, path: Path | str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("ImportWizard")
        self.context = context
        self.vault = vault
        self.plan = None
        self.report = None
        self._gen = 0  # answers from older plan jobs are ignored
        self._busy = ""  # "" | "read" | "reread" | "check" | "run"
        self._job = None
        self._error: BaseException | None = None
        self._check_pending = False
        self._saving_profile: str | None = None
        self.setWindowTitle(self.tr("Import a file"))
        self.setMinimumSize(860, 600)
        self.resize(1040, 720)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        self._build_header(layout)
        self._build_steps(layout)
        self._build_buttons(layout)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._check_mapping)
        self.retranslate()
        self.show_step(FILE)
        if path is not None:
            self.file_step.set_path(path)
            QTimer.singleShot(0, self.next)

    def _build_header(self, layout: QVBoxLayout) -> None:
        """The six steps as crumbs, then the step's title and subtitle."""
        crumbs = QHBoxLayout()
        crumbs.setSpacing(16)
        self.crumbs = [label("muted") for _ in range(6)]
        for crumb in self.crumbs:
            crumbs.addWidget(crumb)
        crumbs.addStretch(1)
        layout.addLayout(crumbs)
        self.title = label("title")
        self.title.setObjectName("WizardTitle")
        self.subtitle = label("subtitle", wrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)

    def _build_steps(self, layout: QVBoxLayout) -> None:
        self.file_step = FileStep()
        self.preview_step = PreviewStep()
        self.mapping_step = MappingStep()
        self.privacy_step = PrivacyStep()
        self.run_step = RunStep()
        self.report_step = ReportStep(self.context, self.vault)
        self.steps = [self.file_step, self.preview_step, self.mapping_step, self.privacy_step,
                      self.run_step, self.report_step]
        self.stack = QStackedWidget()
        for step in self.steps:
            self.stack.addWidget(step)
            step.changed.connect(self._update_buttons)
        layout.addWidget(self.stack, 1)
        self.preview_step.reading_changed.connect(self._reread)
        self.mapping_step.mapping_edited.connect(self._mapping_edited)
        self.file_step.path.returnPressed.connect(self.next)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        """The error line, then the busy bar and Cancel / Back / Next."""
        self.error_label = label("error", wrap=True)
        self.error_label.setObjectName("WizardError")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedWidth(160)
        self.busy_text = label("muted")
        self.back_button = button()
        self.back_button.setObjectName("WizardBack")
        self.next_button = button(accent=True)
        self.next_button.setObjectName("WizardNext")
        self.cancel_button = button()
        self.cancel_button.setObjectName("WizardCancel")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.busy_bar)
        buttons.addWidget(self.busy_text)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.next_button.setDefault(True)

    # --- texts and navigation -----------------------------------------------------------------
    def crumb_names(self) -> list[str]:
        return [self.tr("1 File"), self.tr("2 Preview"), self.tr("3 Columns"),
                self.tr("4 Privacy"), self.tr("5 Import"), self.tr("6 Report")]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import a file"))
        for crumb, text in zip(self.crumbs, self.crumb_names(), strict=True):
            crumb.setText(text)
        self.back_button.setText(self.tr("Back"))
        self._show_texts()

    @property
    def current(self) -> int:
        return self.stack.currentIndex()

    def show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self._show_texts()

    def _show_texts(self) -> None:
        step = self.steps[self.current]
        self.title.setText(step.title())
        self.subtitle.setText(step.subtitle())
        for i, crumb in enumerate(self.crumbs):
            crumb.setProperty("role", "section" if i == self.current else "muted")
            crumb.style().unpolish(crumb)
            crumb.style().polish(crumb)
        self.error_label.setVisible(self._error is not None)
        if self._error is not None:
            self.error_label.setText(error_text(self._error))
        busy = {"read": self.tr("Reading the file…"), "reread": self.tr("Reading the file…"),
                "check": self.tr("Checking the columns…")}.get(self._busy, "")
        self.busy_text.setText(busy)
        self.busy_bar.setVisible(bool(busy))
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.current
        step = self.steps[index]
        running = self._busy == "run"
        done = index == REPORT
        self.back_button.setVisible(index not in (FILE, REPORT) and not running)
        self.back_button.setEnabled(not self._busy or self._busy == "check")
        self.next_button.setVisible(index < RUN)
        self.next_button.setText(step.next_text() or self.tr("Next"))
        ready = step.is_complete() and not self._busy
        if index == MAPPING:
            ready = ready and not self._check_pending and self._plan_matches_mapping()
        self.next_button.setEnabled(ready)
        if done:
            self.cancel_button.setText(self.tr("Close"))
        elif running:
            self.cancel_button.setText(self.tr("Cancel import"))
        else:
            self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(self.run_step.state != "cancelling" or not running)

    def _plan_matches_mapping(self) -> bool:
        return (self.plan is not None and getattr(self.plan, "checked", True)
                and self.plan.mapping == self.mapping_step.mapping)

    def _set_error(self, exc: BaseException | None) -> None:
        self._error = exc
        self._show_texts()

    def next(self) -> None:
        if self._busy:
            return
        index = self.current
        if index == FILE:
            if self.file_step.is_complete():
                self._read(purpose="read")
        elif index == PREVIEW:
            self.show_step(MAPPING)
        elif index == MAPPING:
            if self._plan_matches_mapping() and self.mapping_step.is_complete():
                self.privacy_step.set_mapping(self.plan.mapping, self.plan.privacy)
                self.show_step(PRIVACY)
        elif index == PRIVACY and self._plan_matches_mapping():
            self._run()

    def back(self) -> None:
        if self._busy and self._busy != "check":
            return
        target = {PREVIEW: FILE, MAPPING: PREVIEW, PRIVACY: MAPPING, RUN: PRIVACY}.get(self.current)
        if target is not None:
            self._set_error(None)
            self.show_step(target)

    # --- reading the file ---------------------------------------------------------------------
    def _read(self, purpose: str, **reading) -> None:
        from ...core.ingest.plan import ImportOptions
        path = self.file_step.file_path()
        self._start_plan(path, ImportOptions(**reading), purpose)

    def _reread(self) -> None:
        self._read(purpose="reread", **self.preview_step.reading_options())

    def _mapping_edited(self) -> None:
        self._check_pending = True
        self._check_timer.start()
        self._update_buttons()

    def _check_mapping(self) -> None:
        if self.mapping_step.error is not None or self.plan is None:
            self._check_pending = False
            self._update_buttons()
            return
        options = dataclasses.replace(self.plan.options, mapping=self.mapping_step.mapping,
                                      profile=None, dayfirst=None)
        self._check_pending = False
        self._start_plan(self.plan.path, options, "check")

    def _start_plan(self, path, options, purpose: str) -> None:
        self._gen += 1
        gen = self._gen
        self._busy = purpose
        if purpose != "check":
            self._error = None
        self._show_texts()
        self._job = self.context.jobs.run(
            plan_for_wizard, self.vault, path, options,
            on_success=lambda plan: self._planned(gen, purpose, plan),
            on_failure=lambda exc: self._plan_failed(gen, purpose, exc))

    def _planned(self, gen: int, purpose: str, plan) -> None:
        if gen != self._gen or self.vault is None:
            return
        self._busy, self._job = "", None
        self.plan = plan
        if purpose == "check":
            if plan.mapping == self.mapping_step.mapping:
                self.mapping_step.set_plan(plan, fresh=False)
        else:
            self.preview_step.set_plan(plan)
            self.mapping_step.set_plan(plan, fresh=True)
            if getattr(plan, "checked", True) is False and self.mapping_step.error is None:
                self._mapping_edited()  # the guesses are complete after all: check them
            if purpose == "read":
                self.show_step(PREVIEW)
        self._set_error(None)

    def _plan_failed(self, gen: int, purpose: str, exc: BaseException) -> None:
        if gen != self._gen:
            return
        self._busy, self._job = "", None
        if purpose == "check":
            self.mapping_step.set_error(exc)
            self._show_texts()
        else:
            self._set_error(exc)

    # --- importing ----------------------------------------------------------------------------
    def _run(self) -> None:
        plan = copy.copy(self.plan)
        plan.options = dataclasses.replace(
            self.plan.options, save_profile=self.mapping_step.save_as(),
            drop_duplicates=self.privacy_step.drop_duplicates.isChecked(), dry_run=False)
        plan.dayfirst = dict(self.plan.dayfirst)
        answer = self.mapping_step.dayfirst()
        for column in self.plan.ambiguous_dates:
            plan.dayfirst[column] = answer
        self._busy = "run"
        self._error = None
        self.run_step.start(plan.path.name)
        self.show_step(RUN)
        job = self.context.jobs.run(
            services.run_import, self.vault, plan, with_progress=True,
            label=self.tr("Importing {0}…").format(plan.path.name),
            on_success=self._imported, on_failure=self._run_failed, on_cancel=self._run_cancelled)
        job.signals.progress.connect(lambda done, total, _label: self.run_step.progress(done, total))
        self._job = job
        self._saving_profile = plan.options.save_profile

    def _imported(self, report) -> None:
        self._busy, self._job = "", None
        self.report = report
        self.report_step.set_report(report, self._saving_profile)
        self.show_step(REPORT)
        self.imported.emit(report)

    def _run_failed(self, exc: BaseException) -> None:
        self._busy, self._job = "", None
        self.run_step.finished("failed", exc)
        self._update_buttons()

    def _run_cancelled(self) -> None:
        self._busy, self._job = "", None
        self.run_step.finished("cancelled")
        self._update_buttons()

    def cancel_run(self) -> None:
        if self._busy == "run" and self._job is not None:
            self._job.cancel()
            self.run_step.cancelling()
            self._update_buttons()

    # --- closing ------------------------------------------------------------------------------
    def reject(self) -> None:
        if self._busy == "run":
            self.cancel_run()  # the wizard stays open to say that nothing was changed
            return
        if self._busy:
            self._gen += 1  # stop waiting for the reading job; its answer is ignored
            self._busy, self._job = "", None
            self._show_texts()
            return
        if self.current == REPORT:
            self.accept()
            return
        super().reject()

    def shutdown(self) -> None:
        """The vault is locking: forget the file's contents and close, without questions."""
        self._gen += 1
        self._check_timer.stop()
        if self._job is not None:
            self._job.cancel()
        self._busy, self._job = "", None
        self.vault = None
        self.plan = None
        self.report = None
        for step in self.steps:
            step.clear()
        self.done(QDialog.DialogCode.Rejected)

    # --- drop a file on the wizard ------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if (self.current < RUN and not self._busy
                and dropped_file(event.mimeData()) is not None):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        path = dropped_file(event.mimeData())
        if path is not None and self.current < RUN and not self._busy:
            event.acceptProposedAction()
            self.open_file(path)

    def open_file(self, path) -> None:
        """Start again with this file (a drop on the wizard or on the main window)."""
        if self._busy or self.current >= RUN:
            return
        self.file_step.set_path(path)
        self.show_step(FILE)
        self._read(purpose="read")

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Enter in a field must not close or skip steps: only the buttons move the wizard.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
