"""Errors in front of the user: the typed message in their language, never a traceback.

``error_text`` turns any exception into words (a ``PersonaError`` speaks for itself; anything else
gets a generic message naming the log file); ``show_error`` puts that in a window-modal box without
blocking (a damaged vault gets its own box saying what to do, shown once however many jobs fail);
``install_excepthook`` routes uncaught exceptions from slots here and writes the code location (no
exception text, so no customer values) to the log.
"""
from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..core import i18n, paths
from ..core.errors import PersonaError, VaultDamaged

log = logging.getLogger("persona_desktop.gui")

APP_NAME = "Persona Desktop"
_parentless: set[QMessageBox] = set()  # keeps boxes without a parent alive until closed


def _open(box: QMessageBox, parent: QWidget | None) -> QMessageBox:
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _parentless.add(box)
        box.finished.connect(lambda _result, box=box: _parentless.discard(box))
    box.open()
    return box


def error_text(exc: BaseException) -> str:
    if isinstance(exc, PersonaError):
        return exc.message(i18n.language())
    log_file = paths.log_dir() / "persona.log"
    return QCoreApplication.translate(
        "Errors", "Something unexpected went wrong, so this action did not finish. "
                  "Please try again. Technical details (no customer data) were written to the "
                  "log file {0}; it helps to find the cause if this keeps happening."
    ).format(log_file)


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show the error in a dialog and return it (already open, closes itself)."""
    if isinstance(exc, VaultDamaged):
        return show_damaged(parent, exc)
    box = QMessageBox(parent)
    box.setObjectName("ErrorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(error_text(exc))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return _open(box, parent)


def damaged_steps() -> str:
    """What to do about a damaged vault, in the app's words (the core's message names the file)."""
    return QCoreApplication.translate(
        "Errors", "What to do now:\n"
                  "1. Stop working in this vault. Persona Desktop no longer saves anything to it, "
                  "so nothing more can be lost.\n"
                  "2. Restore your latest backup: close the app, then in a terminal run\n"
                  "   persona restore <backup file> --vault <this vault's folder> --replace\n"
                  "   (the damaged vault is moved aside, not deleted).\n"
                  "3. No backup? Keep the damaged folder exactly as it is and ask for help; do not "
                  "delete it.")


def show_damaged(parent: QWidget | None, exc: VaultDamaged) -> QMessageBox:
    """The damaged-vault box. Every reader and job of the session meets the same damage, so an
    open box is reused rather than stacking one per failed job."""
    for box in _error_boxes("VaultDamagedDialog"):
        if box.isVisible():
            return box
    box = QMessageBox(parent)
    box.setObjectName("VaultDamagedDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(APP_NAME)
    box.setText(error_text(exc))
    box.setInformativeText(damaged_steps())
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return _open(box, parent)


def _error_boxes(name: str = "ErrorDialog") -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == name]


def install_excepthook(parent_getter=None) -> None:
    """Uncaught exceptions (Qt slots pass them to sys.excepthook): a dialog and a log line."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if exc is not None and exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        if not isinstance(exc, PersonaError):
            log.error("unexpected error", exc_info=(exc_type, exc, tb))
        parent = parent_getter() if parent_getter else QApplication.activeWindow()
        text = error_text(exc)
        if any(box.isVisible() and box.text() == text for box in _error_boxes()):
            return  # an error repeating (in a paint handler, say) must not stack up dialogs
        try:
            show_error(parent, exc)
        except Exception:  # noqa: BLE001 - never let the hook itself crash the app
            log.error("could not show the error dialog", exc_info=True)

    sys.excepthook = hook
