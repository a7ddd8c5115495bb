"""Unlocking, the Lock button and auto-lock after inactivity (privacy.md E2): locking drops the
keys (vault.is_open False), destroys every page and shows the unlock screen."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from persona_desktop.core import app_settings
from persona_desktop.core.errors import WrongPassword
from tests.conftest import PASSWORD
from tests.gui.conftest import unlock


def test_existing_vault_shows_the_unlock_screen(make_window, existing_vault):
    window = make_window(existing_vault)
    assert window.welcome.mode == "unlock"
    assert window.is_locked
    assert "Locked" in window.windowTitle()
    assert not window.welcome.unlock.demo_hint.isVisible()


def test_wrong_password_shows_the_error_and_stays_locked(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window, "not the password")
    panel = window.welcome.unlock
    assert panel.error.isVisible()
    assert panel.error.text() == WrongPassword.en
    assert window.is_locked and window.workspace is None
    assert panel.isVisible()  # the unlock screen stays, ready for another try
    assert panel.password.isEnabled()


def test_wrong_password_error_is_in_chinese_when_the_app_is(qtbot, make_window, context,
                                                            existing_vault):
    window = make_window(existing_vault)
    context.set_language("zh", remember=False)
    unlock(qtbot, window, "not the password")
    assert window.welcome.unlock.error.text() == WrongPassword.zh


def test_right_password_shows_the_main_window(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    assert not window.is_locked and window.vault.is_open
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.vault_label.text() == "Vault: Tea Test Shop"
    assert window.windowTitle().startswith("Dashboard — Tea Test Shop")
    qtbot.wait(50)


def test_lock_button_drops_the_keys_and_returns_to_unlock(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    vault = window.vault
    qtbot.mouseClick(window.workspace.lock_button, Qt.MouseButton.LeftButton)
    assert not vault.is_open
    assert window.is_locked and window.workspace is None
    assert window.welcome.mode == "unlock" and window.welcome.isVisible()
    assert window.welcome.unlock.notice.isVisible()
    assert not window.auto_lock.running
    qtbot.wait(50)


def test_auto_lock_fires_after_the_injected_timeout(qtbot, make_window, existing_vault):
    window = make_window(existing_vault, auto_lock_ms=200)
    opened = []
    window.vault_unlocked.connect(opened.append)
    panel = window.welcome.unlock
    panel.password.setText(PASSWORD)
    with qtbot.waitSignal(window.vault_locked, timeout=10000) as blocker:
        panel.unlock_button.click()
    assert blocker.args == ["idle"]
    vault = opened[0]
    assert window.auto_lock.interval_ms == 200 and not window.auto_lock.running
    assert not vault.is_open
    assert window.workspace is None
    assert window.welcome.mode == "unlock"
    assert "automatically" in window.welcome.unlock.notice.text()
    # and the vault opens again with the password
    window.set_auto_lock_ms(60_000)
    unlock(qtbot, window)
    assert window.vault.is_open
    qtbot.wait(50)


def test_user_input_postpones_auto_lock(qtbot, make_window, existing_vault):
    window = make_window(existing_vault, auto_lock_ms=60_000)
    unlock(qtbot, window)
    window.set_auto_lock_ms(1000)
    for _ in range(8):  # 8 x 200 ms of typing: longer than the limit, but never idle for it
        qtbot.keyClick(window.workspace, Qt.Key.Key_Shift)
        qtbot.wait(200)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)


def test_auto_lock_minutes_change_applies_and_is_saved(qtbot, make_window, context,
                                                       existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    assert window.auto_lock.interval_ms == 15 * 60 * 1000  # the default (privacy.md E2)
    window.workspace.show_page(6)
    window.workspace.settings_page.auto_lock.setValue(5)
    assert window.auto_lock.interval_ms == 5 * 60 * 1000
    saved = json.loads(app_settings.settings_path().read_text(encoding="utf-8"))
    assert saved["auto_lock_minutes"] == 5
    assert set(saved) == {"language", "auto_lock_minutes", "last_vault", "schema_version"}
    qtbot.wait(50)


def test_closing_the_window_locks_the_vault(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    vault = window.vault
    window.close()
    assert not vault.is_open


def test_forgot_password_points_to_persona_recover(make_window, existing_vault):
    window = make_window(existing_vault)
    panel = window.welcome.unlock
    panel.forgot.click()
    assert panel.recovery_help.isVisible()
    assert "persona recover" in panel.recovery_help.text()
    assert str(existing_vault) in panel.recovery_help.text()


def test_key_file_rebuilt_from_its_spare_is_shown_after_unlocking(qtbot, make_window, existing_vault):
    from PySide6.QtWidgets import QApplication, QMessageBox
    from persona_desktop.core.vault import keyfile
    (existing_vault / keyfile.KEY_NAME).unlink()  # the spare copy is still there
    window = make_window(existing_vault)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.vault is not None and window.vault.is_open, timeout=10000)

    def shown():
        return [w.text() for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.objectName() == "ErrorDialog" and w.isVisible()]
    qtbot.waitUntil(lambda: any("vault.key.bak" in t for t in shown()), timeout=5000)
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()
