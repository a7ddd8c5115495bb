"""The demo vault: built in a worker with progress in the status bar, opened with the documented
password, and its unlock screen shows that password."""
from __future__ import annotations

import importlib.util

import pytest

from persona_desktop.core import paths, services

pytestmark = pytest.mark.skipif(importlib.util.find_spec("persona_desktop.core.demo.shop") is None,
                                reason="core/demo.py not available")


def test_demo_is_built_with_progress_then_opened(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "no-vault-here")
    assert window.welcome.demo_card.isVisible()
    assert services.DEMO_PASSWORD in window.welcome.demo_text.text()
    seen_status = []
    window.context.jobs.job_progress.connect(
        lambda job, done, total, label: seen_status.append(window.statusBar().isVisible()))
    window.welcome.demo_button.click()
    assert window.status_area.isVisibleTo(window) and window.status_area.cancel.isEnabled()
    assert "demo" in window.status_area.text.text().lower()
    # the start screen says what is happening instead of showing a form
    assert window.welcome.busy_box.isVisible() and not window.welcome.panels.isVisible()
    assert window.welcome.busy_title.text() == "Building the demo vault…"
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.info is not None,
                    timeout=120000)
    assert seen_status and all(seen_status)
    assert not window.statusBar().isVisible()  # hidden again once nothing runs
    info = window.workspace.info
    assert info.counts["customers"] > 0
    tile = window.workspace.dashboard.tiles["customers"].value.text()
    assert tile == f"{info.counts['customers']:,}"
    assert not window.workspace.dashboard.empty_card.isVisible()
    # the demo is never remembered as "the user's vault"
    assert window.context.settings.last_vault == ""

    window.lock("manual")
    panel = window.welcome.unlock
    assert window.welcome.mode == "unlock" and panel.folder == paths.demo_vault_dir()
    assert panel.demo_hint.isVisible() and services.DEMO_PASSWORD in panel.demo_hint.text()
    panel.password.setText(services.DEMO_PASSWORD)
    panel.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=15000)

    window.lock("manual")
    panel.leave_demo.click()  # back to the user's own (here: not yet created) vault
    assert window.welcome.mode == "create"
    assert window.welcome.folder == paths.default_vault_dir()
    qtbot.wait(50)


def test_cancelling_the_demo_build_leaves_no_vault(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "no-vault-here")
    window.open_demo()
    job = window.status_area.job
    assert job is not None
    with qtbot.waitSignal(window.context.jobs.job_finished, timeout=120000):
        window.status_area.cancel.click()
    assert window.is_locked and window.workspace is None
    assert job.state == "cancelled"
    assert not services.vault_exists(paths.demo_vault_dir())
    assert window.welcome.demo_button.isEnabled()  # ready to try again
    assert window.welcome.folder == tmp_path / "no-vault-here"  # back where the user was
    assert window.welcome.mode == "create"
    qtbot.wait(50)
