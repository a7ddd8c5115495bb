"""Run core work off the GUI thread: QRunnable jobs bridging ``core.jobs`` to Qt signals.

A ``Job`` wraps a plain core call. Its worker thread never touches a widget: it reports through an
internal relay whose slots live on the GUI thread, and ``JobRunner`` re-emits the public
``job.signals`` (progress, succeeded, failed, cancelled, finished) from there, so any slot (lambdas
too) runs on the GUI thread. Locking the vault discards running jobs: their results are not
delivered, and a discarded result that holds keys (an opened vault) is handed to ``cleanup``.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.errors import JobCancelled, PersonaError, VaultDamaged
from ..core.jobs import CallbackProgress, CancelToken

log = logging.getLogger(__name__)


class JobSignals(QObject):
    progress = Signal(int, int, str)  # done, total, label
    succeeded = Signal(object)  # the job's result
    failed = Signal(object)  # the exception (a PersonaError or an unexpected one)
    cancelled = Signal()
    finished = Signal()  # after any of the three above


class _Relay(QObject):
    """Emitted from worker threads; delivered (queued) to the runner on the GUI thread."""
    progressed = Signal(object, int, int, str)
    done = Signal(object, str, object)


class Job(QRunnable):
    """``Job(fn, *args, label=..., with_progress=True)`` calls ``fn(*args, progress=..., **kw)``.

    ``label`` (already translated) is what the status bar shows; jobs without one stay silent
    there (the page shows its own busy indicator).
    """

    def __init__(self, fn: Callable[..., Any], *args, label: str = "", with_progress: bool = False,
                 cleanup: Callable[[Any], None] | None = None, **kwargs):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.label = label
        self.with_progress = with_progress
        self.cleanup = cleanup
        self.signals = JobSignals()
        self.token = CancelToken()
        self.discarded = False
        self.state = "pending"  # pending -> running -> succeeded | failed | cancelled
        self._relay: _Relay | None = None
        self._last_emit = 0.0
        self._last_percent = -1

    def cancel(self) -> None:
        self.token.cancel()

    def _progress(self, done: int, total: int, label: str) -> None:
        # Throttle: a loop over a million rows must not flood the GUI's event queue.
        percent = int(done * 100 / total) if total else -1
        now = time.monotonic()
        if percent != self._last_percent or now - self._last_emit > 0.2:
            self._last_percent, self._last_emit = percent, now
            self._relay.progressed.emit(self, done, total, label)

    def run(self) -> None:  # worker thread
        relay = self._relay
        try:
            kwargs = dict(self.kwargs)
            if self.with_progress:
                kwargs["progress"] = CallbackProgress(self._progress, self.token)
            result = self.fn(*self.args, **kwargs)
        except JobCancelled:
            relay.done.emit(self, "cancelled", None)
        except PersonaError as exc:
            relay.done.emit(self, "failed", exc)
        except BaseException as exc:  # noqa: BLE001 - reported to the user, logged without values
            log.error("job %r failed unexpectedly", self.fn.__name__, exc_info=exc)
            relay.done.emit(self, "failed", exc)
        else:
            relay.done.emit(self, "succeeded", result)


class JobRunner(QObject):
    """Starts jobs on a private thread pool and tracks them for the status bar and for locking."""

    job_started = Signal(object)
    job_progress = Signal(object, int, int, str)
    job_finished = Signal(object)
    # Any job that met a damaged vault (after its own failed signal): the main window shows the
    # damaged-vault banner from this one place, whichever page started the job.
    vault_damaged = Signal(object)

    # One worker at a time: two jobs reading the encrypted vault at once (two SQLCipher connections
    # opened and closed concurrently, with pandas and numpy in both threads) intermittently
    # corrupted the heap in our GUI tests ("malloc_consolidate(): unaligned fastbin chunk"); see
    # sqlcipher/sqlcipher#598 for a race in SQLCipher's shared private heap. Jobs queue instead.
    def __init__(self, parent: QObject | None = None, max_threads: int = 1):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self.active: list[Job] = []

    def start(self, job: Job) -> Job:
        job._relay = self._relay
        job.state = "running"
        self.active.append(job)
        self.job_started.emit(job)
        self.pool.start(job)
        return job

    def run(self, fn: Callable[..., Any], *args, on_success=None, on_failure=None,
            on_cancel=None, **kwargs) -> Job:
        """Shortcut: build a job, connect the usual callbacks, start it."""
        job = Job(fn, *args, **kwargs)
        if on_success:
            job.signals.succeeded.connect(on_success)
        if on_failure:
            job.signals.failed.connect(on_failure)
        if on_cancel:
            job.signals.cancelled.connect(on_cancel)
        return self.start(job)

    def cancel_all(self, discard: bool = False) -> None:
        for job in list(self.active):
            job.cancel()
            if discard:
                job.discarded = True

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self.active)

    def _on_progress(self, job: Job, done: int, total: int, label: str) -> None:
        if not job.discarded:
            job.signals.progress.emit(done, total, label)
            self.job_progress.emit(job, done, total, label)

    def _on_done(self, job: Job, kind: str, payload: object) -> None:
        if job in self.active:
            self.active.remove(job)
        job.state = kind
        if job.discarded:
            if kind == "succeeded" and job.cleanup is not None:
                try:
                    job.cleanup(payload)
                except Exception as exc:  # noqa: BLE001
                    log.error("cleanup of a discarded job failed", exc_info=exc)
        elif kind == "succeeded":
            job.signals.succeeded.emit(payload)
        elif kind == "failed":
            job.signals.failed.emit(payload)
            if isinstance(payload, VaultDamaged):
                self.vault_damaged.emit(payload)
        else:
            job.signals.cancelled.emit()
        if not job.discarded:
            job.signals.finished.emit()
        self.job_finished.emit(job)
