"""The main window: the welcome/unlock screen while locked, the workspace while unlocked.

It owns the session: which vault is open, the inactivity watcher (privacy.md E2), the Lock button's
effect, the demo vault flow and the status bar. Locking, by button or by timer, cancels running
jobs, drops the keys (``vault.lock()``), destroys every page and shows the unlock screen.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from ..core import paths, services
from . import clipboard, icons
from .autolock import InactivityWatcher, minutes_to_ms
from .import_wizard.file_step import dropped_file
from .dialogs.recovery_code import RecoveryCodeDialog
from .errors import APP_NAME, show_error
from .pages.welcome import WelcomePage, default_folder, is_demo_folder
from .widgets.common import Retranslatable
from .widgets.status import StatusArea
from .workspace import Workspace

log = logging.getLogger(__name__)


class MainWindow(Retranslatable, QMainWindow):
    vault_unlocked = Signal(object)
    vault_locked = Signal(str)  # reason: "manual", "idle", "closing"
    demo_failed = Signal(object)

    def __init__(self, context, vault_folder: Path | None = None, *,
                 auto_lock_ms: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.context = context
        self.vault = None
        self.workspace: Workspace | None = None
        self.recovery_dialog: RecoveryCodeDialog | None = None
        self._demo_job = None
        self._folder_before_demo: Path | None = None
        self._fixed_auto_lock_ms = auto_lock_ms
        self.setWindowIcon(icons.plain_icon("logo", "accent", 48))
        self.setMinimumSize(900, 620)
        self.resize(1180, 760)
        self.setAcceptDrops(True)  # a file dropped on the unlocked window opens the import wizard

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.welcome = WelcomePage(context)
        self.stack.addWidget(self.welcome)
        self.welcome.vault_opened.connect(self._vault_opened)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.mode_changed.connect(self.retranslate)
        self.welcome.set_folder(Path(vault_folder) if vault_folder else default_folder(context))

        self.status_area = StatusArea(context.jobs)
        self.statusBar().addPermanentWidget(self.status_area, 1)
        self.statusBar().setSizeGripEnabled(False)
        self.statusBar().setVisible(False)
        self.status_area.active_changed.connect(self.statusBar().setVisible)

        self.auto_lock = InactivityWatcher(self._auto_lock_interval(), self)
        self.auto_lock.timed_out.connect(lambda: self.lock("idle"))
        context.settings_changed.connect(self._settings_changed)
        context.jobs.vault_damaged.connect(self._vault_damaged)
        self._restore_geometry()
        self.retranslate()

    # --- titles -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        if self.workspace is not None:
            parts = [self.workspace.page_title(), self.workspace.shop_name(), APP_NAME]
        elif self.welcome.mode == "unlock":
            parts = [self.tr("Locked"), APP_NAME]
        else:
            parts = [self.tr("Create a vault"), APP_NAME]
        self.setWindowTitle(" — ".join(p for p in parts if p))

    # --- session ------------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.vault is None

    def _vault_opened(self, vault, code: str) -> None:
        self.vault = vault
        folder = Path(vault.paths.folder)
        if not is_demo_folder(folder):
            self._remember_folder(folder)
        if code:
            self.recovery_dialog = RecoveryCodeDialog(code, self)
            self.recovery_dialog.accepted.connect(self._enter_workspace)
            self.recovery_dialog.finished.connect(self._recovery_closed)
            self.recovery_dialog.open()
        else:
            self._enter_workspace()
        # Counted from when the user can see and use the window (building pages takes a moment).
        self.auto_lock.set_interval_ms(self._auto_lock_interval())
        self.auto_lock.start()

    def _recovery_closed(self, _result: int) -> None:
        if self.recovery_dialog is not None:
            self.recovery_dialog.deleteLater()
            self.recovery_dialog = None

    def _enter_workspace(self) -> None:
        if self.vault is None:
            return
        self.workspace = Workspace(self.context, self.vault)
        self.workspace.lock_requested.connect(lambda: self.lock("manual"))
        self.workspace.title_changed.connect(self.retranslate)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.retranslate()
        self.vault_unlocked.emit(self.vault)
        for notice in self.vault.notices:  # e.g. vault.key rebuilt from its spare: never silent
            show_error(self, notice)
        # Opening checked every page's HMAC; SQLite's structural check, and damage that appeared
        # since, are found here without blocking the user. A VaultDamaged failure also reaches
        # _vault_damaged (the banner), as it does from any other job.
        self.context.jobs.run(services.check_integrity, self.vault,
                              on_failure=lambda exc: show_error(self, exc))

    def _vault_damaged(self, exc: BaseException) -> None:
        """A job met a damaged vault: the vault already refuses writes; say so where it stays
        visible, and show what to do (one box however many jobs fail)."""
        if self.workspace is None:
            return
        self.workspace.show_damaged()
        show_error(self, exc)

    def lock(self, reason: str = "manual") -> None:
        """Drop the keys and every view of the data; show the unlock screen."""
        self.context.jobs.cancel_all(discard=True)
        self.welcome.cancel_jobs()
        self._demo_job = None
        self.auto_lock.stop()
        clipboard.clear_secret()
        if self.recovery_dialog is not None:
            self.recovery_dialog.force_close()
        if self.workspace is not None:
            self.workspace.clear()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        vault, self.vault = self.vault, None
        if vault is not None:
            folder = Path(vault.paths.folder)
            try:
                vault.lock()
            except Exception as exc:  # noqa: BLE001 - keys are dropped even if auditing fails
                log.error("error while locking", exc_info=exc)
            if reason != "closing":
                self.welcome.set_folder(folder, notice=reason)
        self.welcome.set_busy(False)
        self.stack.setCurrentWidget(self.welcome)
        self.retranslate()
        if vault is not None:
            self.vault_locked.emit(reason)

    # --- demo ---------------------------------------------------------------------------------
    def open_demo(self) -> None:
        """Open the demo vault with its documented password, building it first if needed."""
        if self.vault is not None:
            self.lock("manual")
        if self._demo_job is not None:
            return
        folder = paths.demo_vault_dir()
        if not is_demo_folder(self.welcome.folder):
            self._folder_before_demo = self.welcome.folder
        exists = services.vault_exists(folder)
        label = "" if exists else self.tr("Building the demo vault…")
        self.welcome.set_busy(True, "open" if exists else "build")
        self._demo_job = self.context.jobs.run(
            services.open_or_create_demo, folder, with_progress=not exists, label=label,
            cleanup=lambda vault: vault.lock(), on_success=self._demo_opened,
            on_failure=self._demo_failed, on_cancel=self._demo_cancelled)

    def _demo_opened(self, vault) -> None:
        self._demo_job = None
        self.welcome.set_busy(False)
        self.welcome.set_folder(paths.demo_vault_dir())
        self._vault_opened(vault, "")

    def _demo_failed(self, exc: BaseException) -> None:
        self._back_from_demo()
        self.demo_failed.emit(exc)
        show_error(self, exc)

    def _demo_cancelled(self) -> None:
        self._back_from_demo()

    def _back_from_demo(self) -> None:
        """The demo did not open: show the folder the user was on before (unless the demo vault
        exists, whose unlock screen then shows its password)."""
        self._demo_job = None
        self.welcome.set_busy(False)
        demo = paths.demo_vault_dir()
        back = demo if services.vault_exists(demo) else self._folder_before_demo
        self.welcome.set_folder(back or default_folder(self.context))
        self.retranslate()

    # --- settings -----------------------------------------------------------------------------
    def _auto_lock_interval(self) -> int:
        if self._fixed_auto_lock_ms is not None:
            return self._fixed_auto_lock_ms
        return minutes_to_ms(self.context.settings.auto_lock_minutes)

    def set_auto_lock_ms(self, interval_ms: int) -> None:
        """For tests and for the Settings page: a new inactivity limit, applied at once."""
        self._fixed_auto_lock_ms = interval_ms
        self.auto_lock.set_interval_ms(interval_ms)

    def _settings_changed(self, _settings) -> None:
        if self._fixed_auto_lock_ms is None:
            self.auto_lock.set_interval_ms(self._auto_lock_interval())

    def _remember_folder(self, folder: Path) -> None:
        if str(folder) != self.context.settings.last_vault and not is_demo_folder(folder):
            self.context.update_settings(last_vault=str(folder))
        self.retranslate()

    # --- drop a file to import it --------------------------------------------------------------
    def _droppable(self, event) -> bool:
        return self.workspace is not None and dropped_file(event.mimeData()) is not None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if self._droppable(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt API)
        if self._droppable(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        path = dropped_file(event.mimeData())
        if path is None or self.workspace is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.workspace.open_import_wizard(path)

    # --- geometry (the only thing kept in QSettings) ------------------------------------------
    def _qsettings(self) -> QSettings:
        return QSettings(str(paths.config_root() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        if not self.context.persist:
            return
        value = self._qsettings().value("geometry")
        if isinstance(value, QByteArray):
            self.restoreGeometry(value)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.lock("closing")
        self.context.jobs.wait(10000)
        QCoreApplication.processEvents()  # deliver finished jobs: a discarded vault gets locked
        if self.context.persist:
            try:
                self._qsettings().setValue("geometry", self.saveGeometry())
            except Exception:  # noqa: BLE001
                pass
        super().closeEvent(event)

