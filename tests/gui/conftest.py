"""GUI test helpers: a styled app, a fresh context per test (English, settings under the isolated
PERSONA_HOME) and a main window that is locked and closed after the test."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD

pytest.importorskip("pytestqt")


@pytest.fixture
def context(qapp):
    from persona_desktop.core.appsettings import AppSettings
    from persona_desktop.gui import theme
    from persona_desktop.gui.context import AppContext
    theme.apply(qapp, "light")
    ctx = AppContext(qapp, AppSettings())
    ctx.set_language("en", remember=False)
    yield ctx
    ctx.jobs.cancel_all(discard=True)
    ctx.jobs.wait(10000)
    ctx.language.set_language("en")  # translators are application-wide: never leak Chinese


@pytest.fixture
def make_window(qtbot, context):
    """``make_window(folder, auto_lock_ms=None)`` -> a shown MainWindow, closed after the test."""
    from persona_desktop.gui.main_window import MainWindow
    windows = []

    def make(folder: Path, **kwargs):
        window = MainWindow(context, folder, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.lock("closing")
    context.jobs.wait(10000)
    qtbot.wait(50)


@pytest.fixture
def existing_vault(vault_dir) -> Path:
    """A locked vault (KDF floor) with the shared test PASSWORD."""
    from persona_desktop.core.settings import VaultSettings
    from persona_desktop.core.vault.store import Vault
    vault, _code = Vault.create(vault_dir, PASSWORD, VaultSettings(shop_name="Tea Test Shop"))
    vault.lock()
    return vault_dir


def unlock(qtbot, window, password: str = PASSWORD) -> None:
    panel = window.welcome.unlock
    panel.password.setText(password)
    panel.unlock_button.click()
    if password == PASSWORD:
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=15000)
        qtbot.waitUntil(lambda: window.workspace.info is not None, timeout=15000)
    else:
        qtbot.waitUntil(lambda: not panel.busy_now, timeout=15000)
