"""Auto-lock after inactivity (privacy.md E2): an application-wide event filter restarts a timer on
every keyboard, mouse, wheel or touch event; when it runs out, ``timed_out`` fires and the window
locks the vault. The interval is in milliseconds so tests can inject a short one.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod, QEvent.Type.Shortcut,
})


def minutes_to_ms(minutes: int) -> int:
    return int(minutes) * 60 * 1000


class InactivityWatcher(QObject):
    """Call ``start()`` when the vault unlocks and ``stop()`` when it locks."""

    timed_out = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, int(interval_ms)))
        self._timer.timeout.connect(self._on_timeout)
        self._installed = False

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        self._timer.setInterval(max(1, int(interval_ms)))
        if self._timer.isActive():
            self._timer.start()

    @property
    def running(self) -> bool:
        return self._installed

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def poke(self) -> None:
        """Count as activity (also used by long user-started actions)."""
        if self._installed:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False

    def _on_timeout(self) -> None:
        self.stop()
        self.timed_out.emit()
