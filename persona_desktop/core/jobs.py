"""Progress reporting and cancellation for long core work, with no dependency on Qt.

Core functions take a ``Progress`` and call ``progress.step(i, n, label)`` in their loops and
``progress.check_cancelled()`` at safe points. The GUI passes an object that forwards to Qt signals
(see gui/workers.py); the CLI passes a text reporter or ``NullProgress``.
"""
from __future__ import annotations

import threading
from typing import Callable, Protocol

from .errors import JobCancelled


class Progress(Protocol):
    def step(self, done: int, total: int, label: str = "") -> None: ...

    def check_cancelled(self) -> None: ...


class CancelToken:
    """Thread-safe flag: the GUI thread sets it, the worker thread checks it."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class CallbackProgress:
    """Progress that forwards steps to a callback and raises JobCancelled when the token is set."""

    def __init__(self, callback: Callable[[int, int, str], None] | None = None,
                 token: CancelToken | None = None) -> None:
        self._callback = callback
        self.token = token or CancelToken()

    def step(self, done: int, total: int, label: str = "") -> None:
        if self._callback is not None:
            self._callback(done, total, label)
        self.check_cancelled()

    def check_cancelled(self) -> None:
        if self.token.cancelled:
            raise JobCancelled()


class NullProgress(CallbackProgress):
    def __init__(self) -> None:
        super().__init__(None, None)


class PartProgress:
    """One part of a longer job: its 0..total steps mapped onto ``start .. start + span`` of the
    outer job's 0..100, so the status bar moves evenly through a job made of several parts."""

    def __init__(self, outer: Progress, start: int, span: int):
        self.outer, self.start, self.span = outer, start, span

    def step(self, done: int, total: int, label: str = "") -> None:
        share = self.span * done // total if total else 0
        self.outer.step(self.start + min(share, self.span), 100, label)

    def check_cancelled(self) -> None:
        self.outer.check_cancelled()
