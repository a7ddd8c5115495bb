"""GUI test helpers: a styled app, a fresh context per test (English, settings under the isolated
PERSONA_HOME) and a main window that is locked and closed after the test."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD

pytest.importorskip("pytestqt")


@pytest.fixture
def context(qapp):
    from persona_desktop.core.app_settings import AppSettings
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
    from persona_desktop.core.vault.settings import VaultSettings
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


# --- import wizard and Imports page -----------------------------------------------------------

# A shop export as Chinese Excel/WPS writes it: GBK, Chinese headers, one row whose quantity is
# not a number (set aside), one free-text note holding a phone number (redacted).
GBK_ORDERS = (
    "订单编号,下单时间,客户姓名,手机号,商品名称,数量,单价,备注\n"
    "A1001,2024-03-01 10:00,张伟,13812345678,绿茶,2,35.5,请尽快发货\n"
    "A1002,2024-03-02 11:30,李娜,13987654321,红茶,1,48.0,\n"
    "A1003,2024-03-03 09:15,王芳,13711112222,乌龙茶,abc,52.0,送朋友\n"
    "A1004,2024-03-04 14:00,刘洋,13600001111,茶具,1,120.0,电话 13600001111\n"
)


@pytest.fixture
def gbk_orders(tmp_path) -> Path:
    path = tmp_path / "订单导出.csv"
    path.write_bytes(GBK_ORDERS.encode("gbk"))
    return path


@pytest.fixture
def unlocked_window(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    return window


def vault_counts(vault) -> dict[str, int]:
    from persona_desktop.core import services
    return services.vault_info(vault).counts
