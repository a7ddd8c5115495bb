"""What the app's unattended runs (``--selftest``, ``--screenshots``) share: a throwaway demo vault,
waiting on the event loop, a window unlocked on a vault, every job failure collected.

They drive the real window through its real widgets (the unlock panel, the page list), so what
they prove or show is what a user gets.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QMessageBox

from ..core import services
from ..core.errors import SelfTestCheckFailed

WAIT_S = 60.0


def pump(ms: int = 30) -> None:
    """Let Qt deliver events (job results, timers, paints) for about ``ms`` milliseconds."""
    end = time.monotonic() + ms / 1000
    while True:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if time.monotonic() >= end:
            return
        time.sleep(0.005)


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise SelfTestCheckFailed(what=f"timed out after {timeout_s:.0f} s waiting for {what}")
        pump(20)


def settle(context, what: str = "the page's work") -> None:
    """Wait until no job runs, then for the timers and paints that follow their results."""
    wait_until(lambda: not context.jobs.busy, what)
    pump(80)


def build_demo_vault(folder: Path, n_customers: int = 800):
    """The demo vault (documented password) in ``folder``/vault, its export files beside it:
    nothing goes to the user's data folder."""
    return services.create_demo_vault(folder / "vault", n_customers=n_customers,
                                      files_folder=folder / "demo-files")


def page_name(cls: type) -> str:
    """``DashboardPage`` -> "dashboard", ``ImportHistoryPage`` -> "import_history"."""
    name = cls.__name__.removesuffix("Page")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class FailureWatch:
    """Every job that fails while it watches (page loads, analysis, the unlock), with its typed
    error, so a run can say exactly what broke instead of "timed out"."""

    def __init__(self, context):
        self.failures: list[BaseException] = []
        context.jobs.job_started.connect(self._started)

    def _started(self, job) -> None:
        job.signals.failed.connect(self.failures.append)

    def raise_first(self) -> None:
        if self.failures:
            exc, self.failures = self.failures[0], []
            raise exc


def error_boxes() -> list[str]:
    """Texts of the error dialogs now open (an error shown to the user is a failure here)."""
    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
            and w.objectName() in ("ErrorDialog", "VaultDamagedDialog")]


def open_window(context, folder: Path, password: str, watch: FailureWatch,
                size: tuple[int, int] | None = None):
    """A main window on ``folder``, unlocked, with the stored analysis and predictions loaded."""
    from .main_window import MainWindow
    window = MainWindow(context, folder)
    if size:
        window.resize(*size)
    window.show()
    unlock_window(window, password, watch)
    return window


def unlock_window(window, password: str, watch: FailureWatch) -> None:
    """Unlock through the window's own unlock panel; wait for the stored results to load."""
    panel = window.welcome.unlock
    if not panel.isVisible():
        folder = window.welcome.folder
        raise SelfTestCheckFailed(what=f"the unlock screen did not show for {folder}")
    panel.password.setText(password)
    panel.unlock_button.click()

    def unlocked() -> bool:
        watch.raise_first()
        return window.workspace is not None and window.workspace.analysis.loaded

    wait_until(unlocked, "the vault to unlock")
    # Loading a run starts the next job (predictions matched to personas) from its result.
    settle(window.context, "the stored analysis to load")
    watch.raise_first()
