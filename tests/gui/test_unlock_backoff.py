"""A growing wait after repeated wrong passwords (issue 12, defect 8): shown as a countdown with
the Unlock button disabled, timed by a QTimer, never by sleeping in the GUI thread; and a reset
failed-unlock record is shown after unlocking."""
from __future__ import annotations

import threading
import time

import pytest

from persona_desktop.core.errors import WrongPassword
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD
from tests.gui.conftest import unlock


@pytest.fixture
def gui_thread_sleeps(monkeypatch):
    """Calls to time.sleep made on the GUI thread (there must be none)."""
    calls: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds):
        if threading.current_thread() is threading.main_thread():
            calls.append(seconds)
        real_sleep(seconds)
    monkeypatch.setattr(time, "sleep", sleep)
    return calls


def test_three_wrong_passwords_disable_unlock_with_a_countdown_then_allow_a_try(
        qtbot, make_window, existing_vault, gui_thread_sleeps):
    window = make_window(existing_vault)
    panel = window.welcome.unlock
    for _ in range(2):
        unlock(qtbot, window, "not the password")
        assert panel.unlock_button.isEnabled() and not panel.wait_label.isVisible()
    unlock(qtbot, window, "not the password")
    assert not panel.unlock_button.isEnabled()
    assert panel.wait_label.isVisible() and "1" in panel.wait_label.text()
    panel.password.setText(PASSWORD)
    panel.unlock()  # Enter pressed while waiting: nothing starts
    assert not panel.busy_now and window.is_locked
    qtbot.waitUntil(lambda: panel.unlock_button.isEnabled(), timeout=5000)
    assert not panel.wait_label.isVisible()
    unlock(qtbot, window)
    assert not window.is_locked
    assert gui_thread_sleeps == []


def test_wrong_passwords_from_before_the_app_started_make_it_wait_at_once(
        qtbot, make_window, existing_vault):
    for _ in range(5):  # e.g. typed in the command line, or before a restart
        with pytest.raises(WrongPassword):
            Vault.open(existing_vault, "not the password")
    window = make_window(existing_vault)
    panel = window.welcome.unlock
    assert not panel.unlock_button.isEnabled()
    assert "4" in panel.wait_label.text()  # 5 in a row: 4 s
    qtbot.wait(1200)
    assert "3" in panel.wait_label.text()


def test_the_countdown_is_translated(qtbot, make_window, context, existing_vault):
    for _ in range(3):
        with pytest.raises(WrongPassword):
            Vault.open(existing_vault, "not the password")
    window = make_window(existing_vault)
    context.set_language("zh", remember=False)
    qtbot.waitUntil(lambda: "秒" in window.welcome.unlock.wait_label.text(), timeout=3000)


def test_a_reset_failed_unlock_record_is_shown_on_the_dashboard(qtbot, make_window,
                                                                 existing_vault):
    from persona_desktop.core.vault import attempts
    from tests.core.vault_helpers import read_header, rewrite_key_files
    for _ in range(2):
        with pytest.raises(WrongPassword):
            Vault.open(existing_vault, "not the password")
    Vault.open(existing_vault, PASSWORD).lock()  # the vault records "2 so far"
    header = read_header(existing_vault)
    header.pop(attempts.FIELD)  # someone erases the record in the key file
    rewrite_key_files(existing_vault, header)
    window = make_window(existing_vault)
    unlock(qtbot, window)
    note = window.workspace.dashboard.security_note
    assert note.isVisible() and "reset" in note.text()
