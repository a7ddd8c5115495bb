"""Creating a vault from the start screen: settings, password with strength hint, weak-password
confirmation, and the recovery code that must be confirmed before continuing."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from persona_desktop.core import services
from tests.conftest import PASSWORD


def _fill(panel, password: str, confirm: str | None = None, shop: str = "Green Leaf Tea"):
    panel.form.shop_name.setText(shop)
    panel.password.setText(password)
    panel.confirm.setText(password if confirm is None else confirm)


def test_empty_folder_shows_the_create_screen_with_chinese_defaults(make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    assert window.welcome.mode == "create"
    assert panel.isVisible()
    values = panel.form.values()
    assert (values["currency"], values["timezone"], values["phone_country"]) == \
        ("CNY", "Asia/Shanghai", "CN")
    assert not panel.create_button.isEnabled()


def test_create_vault_through_the_form_then_recovery_code_needs_confirmation(
        qtbot, make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    _fill(panel, PASSWORD)
    panel.form.currency.setEditText("EUR")
    assert panel.create_button.isEnabled()
    qtbot.mouseClick(panel.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.recovery_dialog is not None, timeout=15000)

    dialog = window.recovery_dialog
    qtbot.waitExposed(dialog)
    code = dialog.code_text
    assert len(code.replace("-", "")) == 40
    assert code.replace("-", "") in dialog.code_label.text().replace("-", "").replace("\n", "")
    assert dialog.code_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not dialog.continue_button.isEnabled()
    dialog.reject()  # Escape does nothing until the code is confirmed stored
    assert dialog.isVisible() and window.workspace is None

    dialog.stored.setChecked(True)
    assert dialog.continue_button.isEnabled()
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.info is not None,
                    timeout=15000)
    assert window.vault.is_open
    assert window.workspace.vault_label.text() == "Vault: Green Leaf Tea"
    info = services.vault_info(window.vault)
    assert info.settings["currency"] == "EUR"
    assert window.context.settings.last_vault == str(vault_dir)
    qtbot.wait(50)


def test_weak_password_needs_an_explicit_use_it_anyway(make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    _fill(panel, "abc12")
    assert panel.weak_warning.isVisible() and panel.weak_ok.isVisible()
    assert "weak" in panel.strength.text.text()
    assert not panel.create_button.isEnabled()
    panel.weak_ok.setChecked(True)
    assert panel.create_button.isEnabled()


def test_strength_hint_follows_the_password_live(make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    panel.password.setText("abc")
    assert "very weak" in panel.strength.text.text()
    panel.password.setText("Tea-leaves under 4 red lanterns")
    assert "strong" in panel.strength.text.text()
    assert not panel.weak_ok.isVisible()


def test_different_passwords_keep_create_disabled(make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    _fill(panel, PASSWORD, PASSWORD + "x")
    assert panel.mismatch.isVisible()
    assert panel.mismatch.text() == "The two passwords are not the same."
    assert not panel.create_button.isEnabled()


def test_missing_shop_name_is_explained_and_nothing_is_created(qtbot, make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    _fill(panel, PASSWORD, shop="")
    panel.create_button.click()
    assert panel.error.isVisible()
    assert "name of your shop" in panel.error.text()
    assert not services.vault_exists(vault_dir)


def test_invalid_time_zone_shows_the_typed_error(make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    _fill(panel, PASSWORD)
    panel.form.timezone.setEditText("Mars/Olympus")
    panel.create_button.click()
    assert panel.error.isVisible()
    assert "Mars/Olympus" in panel.error.text() and "Traceback" not in panel.error.text()
    assert not services.vault_exists(vault_dir)


def test_copy_puts_the_code_on_a_concealed_clipboard_cleared_at_lock(qtbot, make_window, vault_dir):
    window = make_window(vault_dir)
    panel = window.welcome.create
    _fill(panel, PASSWORD)
    panel.create_button.click()
    qtbot.waitUntil(lambda: window.recovery_dialog is not None, timeout=15000)
    dialog = window.recovery_dialog
    dialog.copy.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == dialog.code_text
    assert clipboard.mimeData().hasFormat("x-kde-passwordManagerHint")
    assert dialog.copied.isVisible()
    window.lock("manual")  # locking with the dialog open closes it and clears the clipboard
    assert window.recovery_dialog is None or not window.recovery_dialog.isVisible()
    assert clipboard.text() == ""
    assert window.workspace is None and window.is_locked
    qtbot.wait(50)
