"""A cut or rolled-back audit log is shown as a banner at every unlock until the user
acknowledges it; the acknowledgement runs as a job and is logged (issue 12, defect 4)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD
from tests.core.vault_helpers import cut_audit_log
from tests.gui.conftest import unlock


def test_an_untouched_vault_shows_no_audit_banner(qtbot, make_window, existing_vault):
    window = make_window(existing_vault)
    unlock(qtbot, window)
    assert not window.workspace.audit_banner.isVisibleTo(window.workspace)


def test_a_cut_audit_log_shows_a_banner_until_acknowledged(qtbot, make_window, existing_vault,
                                                            monkeypatch):
    for _ in range(2):
        Vault.open(existing_vault, PASSWORD).lock()
    cut_audit_log(Vault.open(existing_vault, PASSWORD), from_seq=3)
    window = make_window(existing_vault)
    unlock(qtbot, window)
    banner = window.workspace.audit_banner
    assert banner.isVisibleTo(window.workspace)
    assert "does not continue" in banner.text.text()
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    banner.acknowledge.click()
    qtbot.waitUntil(lambda: not banner.isVisibleTo(window.workspace), timeout=10000)
    events = [e["event"] for e in window.vault.audit_entries(5)]
    assert "audit_anomaly_acknowledged" in events
    window.lock("manual")
    unlock(qtbot, window)
    assert not window.workspace.audit_banner.isVisibleTo(window.workspace)


def test_an_older_identity_file_is_named_in_the_banner(qtbot, make_window, existing_vault,
                                                        tmp_path):
    import shutil
    shutil.copy2(existing_vault / "identity.db", tmp_path / "identity.old")
    with Vault.open(existing_vault, PASSWORD) as vault:
        vault.audit("export", {"rows": 1})
    shutil.copy2(tmp_path / "identity.old", existing_vault / "identity.db")
    window = make_window(existing_vault)
    unlock(qtbot, window)
    banner = window.workspace.audit_banner
    assert banner.isVisibleTo(window.workspace)
    assert "identity.db" in banner.text.text() and "erased" in banner.text.text()
