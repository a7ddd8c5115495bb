"""The unlocked window: navigation (Ctrl+1..7), honest placeholder pages, real dashboard counts,
the Settings page, and switching English <-> 简体中文 without a restart."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from persona_desktop.core import app_settings, i18n, services
from persona_desktop.gui.pages.base import PlaceholderPage
from persona_desktop.gui.widgets.nav import PAGES
from tests.gui.conftest import unlock


def test_all_pages_are_reachable_with_ctrl_1_to_7(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    titles = []
    for i in reversed(range(len(PAGES))):  # backwards, so each shortcut really moves the page
        qtbot.keySequence(window, QKeySequence(f"Ctrl+{i + 1}"))
        assert window.workspace.current_index == i
        assert window.workspace.nav.buttons[i].isChecked()
        titles.append(window.workspace.page_title())
    assert titles[::-1] == ["Dashboard", "Customers", "Segments", "Insights", "Imports",
                            "Privacy", "Settings"]
    assert window.windowTitle().startswith("Dashboard — ")
    qtbot.wait(50)


def test_nav_buttons_show_icon_and_label_and_switch_pages(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    nav = window.workspace.nav
    for i, button in enumerate(nav.buttons):
        assert not button.icon().isNull() and button.text().strip()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.workspace.current_index == i
    qtbot.wait(50)


def test_unbuilt_pages_say_so_and_show_no_figures(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    placeholders = [p for p in window.workspace.pages if isinstance(p, PlaceholderPage)]
    assert [type(p).__name__ for p in placeholders] == ["PrivacyPage"]
    for page in placeholders:
        assert page.badge.text().startswith("Not built yet")
        assert len(page.will_show.text()) > 60  # says what it will show
        for lab in page.findChildren(QLabel):
            text = lab.text().replace("UTF-8", "")  # an encoding's name is not a figure
            assert not re.search(r"\d", text), (type(page).__name__, text)
    # privacy.md A3: never "anonymous"; pseudonymised data is still personal data
    texts = " ".join(lab.text() for p in window.workspace.pages for lab in p.findChildren(QLabel))
    assert "anonym" not in texts.lower()
    assert "pseudonymised (still personal data)" in texts
    qtbot.wait(50)


def test_dashboard_shows_the_vaults_real_counts(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    info = services.vault_info(window.vault)
    dash = window.workspace.dashboard
    for key in ("customers", "orders", "products", "imports"):
        assert dash.tiles[key].value.text() == f"{info.counts[key]:,}"
    assert dash.empty_card.isVisible()  # a new vault is empty and says what comes next
    qtbot.wait(50)


def test_switching_to_chinese_changes_visible_texts_and_back(qtbot, make_window, context,
                                                             existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    ws = window.workspace
    customers = ws.nav.buttons[1]
    assert customers.text().strip() == "Customers"
    assert ws.lock_button.text() == "Lock"

    qtbot.mouseClick(ws.nav.language.chinese, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: customers.text().strip() == "客户")
    assert ws.lock_button.text() == "锁定"
    assert window.windowTitle().startswith("仪表盘")
    assert ws.dashboard.tiles["orders"].caption.text() == "订单"
    assert ws.vault_label.text() == "保险库：Tea Test Shop"
    assert i18n.language() == "zh"  # core messages follow
    assert context.settings.language == "zh"
    saved = app_settings.load()
    assert saved.language == "zh"

    qtbot.mouseClick(ws.nav.language.english, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: customers.text().strip() == "Customers")
    assert ws.lock_button.text() == "Lock"
    assert window.windowTitle().startswith("Dashboard")
    assert i18n.language() == "en"
    qtbot.wait(50)


def test_start_screen_switches_language_too(qtbot, make_window, context, existing_vault):
    window = make_window(existing_vault)
    panel = window.welcome.unlock
    window.welcome.language.chinese.click()
    qtbot.waitUntil(lambda: panel.unlock_button.text() == "解锁")
    assert window.windowTitle().startswith("已锁定")
    window.welcome.language.english.click()
    qtbot.waitUntil(lambda: panel.unlock_button.text() == "Unlock")


def test_settings_page_saves_the_shop_settings_in_the_vault(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    page = window.workspace.settings_page
    qtbot.keySequence(window, QKeySequence("Ctrl+7"))
    assert page.form.values()["shop_name"] == "Tea Test Shop"
    assert page.fact_values["folder"].text() == str(existing_vault.resolve())
    assert "MiB" in page.fact_values["protection"].text()
    page.form.shop_name.setText("Jade Leaf")
    page.form.currency.setEditText("usd")
    page.save.click()
    qtbot.waitUntil(lambda: window.workspace.vault_label.text() == "Vault: Jade Leaf",
                    timeout=10000)
    assert page.save_result.text() == "Saved."
    settings = services.vault_info(window.vault).settings
    assert (settings["shop_name"], settings["currency"]) == ("Jade Leaf", "USD")
    qtbot.wait(50)


def test_settings_page_shows_a_rejected_value_as_a_message(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    page = window.workspace.settings_page
    window.workspace.show_page(6)
    page.form.currency.setEditText("DOLLARS")
    page.save.click()
    qtbot.waitUntil(lambda: page.save_result.isVisible(), timeout=10000)
    assert page.save_result.property("role") == "error"
    assert "currency" in page.save_result.text() and "Traceback" not in page.save_result.text()
    assert services.vault_info(window.vault).settings["currency"] == "CNY"
    qtbot.wait(50)
