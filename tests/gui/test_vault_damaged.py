"""A damaged vault in the app (issue 12, defect 3): the background check after unlock and any job
failing with VaultDamaged say what happened and what to do (restore a backup), once, with a
banner that stays; never the generic "something unexpected" box."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from persona_desktop.core.errors import VaultDamaged
from persona_desktop.core.vault.store import Vault
from persona_desktop.gui import errors
from tests.conftest import PASSWORD
from tests.core.vault_helpers import PAGE, add_products, flip_byte


def _damaged_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "VaultDamagedDialog"
            and w.isVisible()]


def _close_boxes() -> None:
    for box in _damaged_boxes():
        box.close()


def test_damage_found_by_the_background_check_shows_what_to_do_and_a_banner(
        qtbot, make_window, existing_vault):
    vault = Vault.open(existing_vault, PASSWORD)
    add_products(vault, 3000, name_size=60)
    with vault.reader() as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'products'").fetchone()[0]
    vault.run_on_writer(lambda v, i: v.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    # Damage that appears after the open check passed: only the background check reads it.
    for i in range(16):
        flip_byte(existing_vault / "vault.db", (root - 1) * PAGE + 1000 + i, 0xFF)
    window = make_window(existing_vault)
    window._vault_opened(vault, "")
    qtbot.waitUntil(lambda: bool(_damaged_boxes()), timeout=15000)
    box = _damaged_boxes()[0]
    assert "damaged" in box.text() and "vault.db" in box.text()
    assert "backup" in box.informativeText() and "persona restore" in box.informativeText()
    assert "unexpected" not in box.text().lower()
    qtbot.waitUntil(lambda: window.workspace.damaged_banner.isVisible(), timeout=5000)
    assert "backup" in window.workspace.damaged_banner.text()
    assert vault.damaged is not None  # and the vault refuses writes from now on
    _close_boxes()


def test_jobs_failing_with_vault_damaged_show_one_damaged_dialog_not_the_generic_one(
        qtbot, make_window, existing_vault, context):
    window = make_window(existing_vault)

    def damaged():
        raise VaultDamaged(name="vault.db", detail="database disk image is malformed")
    for _ in range(2):  # two pages failing at once must not stack two boxes
        job = context.jobs.run(damaged, on_failure=lambda exc: errors.show_error(window, exc))
        qtbot.waitUntil(lambda job=job: job.state == "failed", timeout=5000)
        qtbot.wait(20)
    assert len(_damaged_boxes()) == 1
    box = _damaged_boxes()[0]
    assert box.icon() == QMessageBox.Icon.Critical
    assert "restore" in box.informativeText().lower()
    _close_boxes()


def test_damaged_dialog_is_translated(qtbot, context):
    context.set_language("zh", remember=False)
    box = errors.show_error(None, VaultDamaged(name="vault.db"))
    qtbot.addWidget(box)
    assert box.text() == VaultDamaged(name="vault.db").message("zh")
    assert "备份" in box.informativeText()
    box.close()
