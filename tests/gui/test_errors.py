"""Errors in front of the user: the typed message in their language, never a traceback; the log
gets the code location without the exception's text (which could quote a customer's value)."""
from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from persona_desktop.core import i18n, paths, startup
from persona_desktop.core.errors import VaultInUse, WrongPassword
from persona_desktop.gui import errors


@pytest.fixture
def restore_excepthook():
    saved = sys.excepthook
    yield
    sys.excepthook = saved


@pytest.fixture
def persona_log():
    root = logging.getLogger("persona_desktop")
    for h in [h for h in root.handlers if getattr(h, "_persona", False)]:
        root.removeHandler(h)
    startup.configure_logging()
    yield paths.log_dir() / "persona.log"
    for h in [h for h in root.handlers if getattr(h, "_persona", False)]:
        h.close()
        root.removeHandler(h)


def test_typed_error_dialog_speaks_the_users_language(qtbot, context):
    box = errors.show_error(None, VaultInUse())
    qtbot.addWidget(box)
    assert box.text() == VaultInUse.en
    box.close()
    context.set_language("zh", remember=False)
    box = errors.show_error(None, WrongPassword())
    qtbot.addWidget(box)
    assert box.text() == WrongPassword.zh
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_uncaught_error_shows_a_generic_message_and_logs_no_values(qtbot, context,
                                                                    restore_excepthook,
                                                                    persona_log):
    shown = []
    errors.install_excepthook(lambda: None)
    secret = "wang.fang@example.com"
    try:
        raise ValueError(f"could not parse {secret}")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    for box in qtbot_boxes():
        shown.append(box.text())
        box.close()
    assert shown and "Traceback" not in shown[0] and secret not in shown[0]
    assert "persona.log" in shown[0]
    for h in logging.getLogger("persona_desktop").handlers:
        h.flush()
    logged = persona_log.read_text(encoding="utf-8")
    assert "ValueError" in logged and "test_errors.py" in logged
    assert secret not in logged


def test_uncaught_typed_error_shows_its_own_message(qtbot, context, restore_excepthook):
    errors.install_excepthook(lambda: None)
    i18n.set_language("zh")
    try:
        raise VaultInUse()
    except VaultInUse:
        sys.excepthook(*sys.exc_info())
    texts = [box.text() for box in qtbot_boxes()]
    assert VaultInUse.zh in texts
    for box in qtbot_boxes():
        box.close()


def qtbot_boxes():
    from PySide6.QtWidgets import QApplication
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "ErrorDialog" and w.isVisible()]


def test_a_repeating_error_opens_one_dialog(qtbot, context, restore_excepthook):
    errors.install_excepthook(lambda: None)
    for _ in range(3):
        try:
            raise VaultInUse()
        except VaultInUse:
            sys.excepthook(*sys.exc_info())
    boxes = qtbot_boxes()
    assert len(boxes) == 1
    boxes[0].close()
