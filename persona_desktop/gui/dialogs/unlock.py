"""Unlock screen: password, Unlock, a busy indicator while Argon2id runs (~0.5 s, in a worker), the
translated error kept on screen after a wrong password, a countdown with Unlock disabled after
repeated wrong passwords, and the demo vault's password when the folder is the demo vault."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from ...core import services
from ...core.errors import PersonaError, WrongPassword
from ..errors import error_text, show_error
from ..widgets.common import button, label
from .vault_panel import VaultPanel


def _lock_quietly(vault) -> None:
    vault.lock()


class UnlockPanel(VaultPanel):
    unlocked = Signal(object)  # the open Vault
    leave_demo_requested = Signal()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.setObjectName("UnlockPanel")
        self.is_demo = False
        self._notice = ""
        self._error: BaseException | None = None
        self._failures = 0  # wrong passwords seen here, in case the key file could not count them
        self._wait_left = 0
        # The wait is a one-second QTimer countdown: sleeping would freeze the whole window.
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)
        self._wait_timer.timeout.connect(self._tick)
        self._build_form()
        self._build_links()
        self._lay_out()
        self.retranslate()

    def _build_form(self) -> None:
        """Heading, notices, the password with its error, the Unlock button."""
        self.heading = label("title")
        self.heading.setObjectName("UnlockHeading")
        self.folder_label = label("muted", wrap=True, selectable=True)
        self.notice = label("note", wrap=True)
        self.notice.setObjectName("LockNotice")
        self.demo_hint = label("note", wrap=True, selectable=True)
        self.demo_hint.setObjectName("DemoPasswordHint")
        self.password_label = label()
        self.password = QLineEdit()
        self.password.setObjectName("UnlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.unlock)
        self.password_label.setBuddy(self.password)
        self.error = label("error", wrap=True)
        self.error.setObjectName("UnlockError")
        self.wait_label = label("note", wrap=True)
        self.wait_label.setObjectName("UnlockWait")
        self.unlock_button = button(accent=True)
        self.unlock_button.setObjectName("UnlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)

    def _build_links(self) -> None:
        """Recovery help, leaving the demo, another folder."""
        self.forgot = button(link=True)
        self.forgot.setObjectName("ForgotPassword")
        self.forgot.clicked.connect(self._show_recovery_help)
        self.recovery_help = label("note", wrap=True, selectable=True)
        self.recovery_help.setObjectName("RecoveryHelp")
        self.leave_demo = button(link=True)
        self.leave_demo.setObjectName("LeaveDemo")
        self.leave_demo.clicked.connect(self.leave_demo_requested)

    def _lay_out(self) -> None:
        layout = self._new_layout()
        layout.addWidget(self.heading)
        layout.addWidget(self.folder_label)
        layout.addSpacing(8)
        layout.addWidget(self.notice)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.password_label)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.busy)
        row = QHBoxLayout()
        row.addWidget(self.forgot)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        layout.addWidget(self.recovery_help)
        layout.addWidget(self.leave_demo, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.other, 0, Qt.AlignmentFlag.AlignLeft)
        for w in (self.notice, self.error, self.recovery_help, self.demo_hint, self.wait_label):
            w.setVisible(False)

    # --- state --------------------------------------------------------------------------------
    def set_folder(self, folder: Path, *, demo: bool = False) -> None:
        if self.folder is None or Path(folder) != self.folder:
            self._failures = 0
        self.folder = Path(folder)
        self.is_demo = demo
        self.demo_hint.setVisible(demo)
        self.leave_demo.setVisible(demo)
        self.password.clear()
        self._set_error(None)
        self.recovery_help.setVisible(False)
        self.retranslate()
        # Wrong passwords typed before (another window, the command line, before a restart) are
        # in the key file: the wait applies at once.
        self._start_wait()

    def set_notice(self, reason: str) -> None:
        """Why the vault is locked: "idle" (auto-lock), "manual" (Lock button) or "" (none)."""
        self._notice = reason
        self.retranslate()

    # --- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.tr("Unlock the demo vault") if self.is_demo
                             else self.tr("Unlock your vault"))
        self.folder_label.setText(self.tr("Vault folder: {0}").format(self.folder or ""))
        notices = {"idle": self.tr("Locked automatically after a period without activity. The keys "
                                   "were removed from memory."),
                   "manual": self.tr("Locked. The keys were removed from memory.")}
        self.notice.setText(notices.get(self._notice, ""))
        self.notice.setVisible(bool(self._notice))
        self.demo_hint.setText(self.tr("This demo vault holds a made-up shop with synthetic "
                                       "customers only. Its password is: {0}")
                               .format(services.DEMO_PASSWORD))
        self.password_label.setText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.busy.text.setText(self.tr("Unlocking…"))
        self.forgot.setText(self.tr("Forgot your password? Use the recovery code"))
        self.recovery_help.setText(self.tr(
            "Recovering from the app is not built yet. Close the app, then in a terminal run:\n"
            "persona recover --vault \"{0}\"\nIt asks for the recovery code you stored when the "
            "vault was created and lets you choose a new password.").format(self.folder or ""))
        self.other.setText(self.tr("Open or create a vault in another folder…"))
        self.leave_demo.setText(self.tr("Leave the demo: go to your own vault"))
        if self._error is not None:
            self.error.setText(error_text(self._error))
        self._show_wait()

    # --- actions ------------------------------------------------------------------------------
    def unlock(self) -> None:
        if self._job is not None or self.folder is None or self._wait_left > 0:
            return
        password = self.password.text()
        self._set_error(None)
        self._start(services.open_vault, self.folder, password, cleanup=_lock_quietly)

    def _succeeded(self, vault) -> None:
        self._failures = 0
        self.password.clear()
        self._notice = ""
        self.notice.setVisible(False)
        self.unlocked.emit(vault)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WrongPassword):
            self._failures += 1
            self._start_wait()
        if isinstance(exc, PersonaError):
            self._set_error(exc)
            self.password.selectAll()
            self.password.setFocus()
        else:
            show_error(self.window(), exc)

    def _set_error(self, exc: BaseException | None) -> None:
        self._error = exc
        self.error.setVisible(exc is not None)
        if exc is not None:
            self.error.setText(error_text(exc))

    # --- the wait after repeated wrong passwords --------------------------------------------------
    def _start_wait(self) -> None:
        """Wait as long as the core says for the wrong passwords in a row (the same delay as the
        command line's); the key file's count, or this panel's if the file could not be written."""
        failures = self._failures
        if self.folder is not None:
            failures = max(failures, services.failed_unlock_streak(self.folder))
        self._wait_left = services.unlock_delay(failures)
        if self._wait_left > 0:
            self._wait_timer.start()
        else:
            self._wait_timer.stop()
        self._show_wait()

    def _tick(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left == 0:
            self._wait_timer.stop()
        self._show_wait()

    def _show_wait(self) -> None:
        waiting = self._wait_left > 0
        self.wait_label.setVisible(waiting)
        if waiting:
            self.wait_label.setText(self.tr("Several wrong passwords in a row. You can try again in "
                                            "{0} s.").format(self._wait_left))
        self.unlock_button.setEnabled(not waiting and self._job is None)

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        self.unlock_button.setEnabled(not busy and self._wait_left == 0)
        self.password.setEnabled(not busy)
        if not busy:
            self.password.setFocus()

    def _show_recovery_help(self) -> None:
        self.recovery_help.setVisible(not self.recovery_help.isVisible())
