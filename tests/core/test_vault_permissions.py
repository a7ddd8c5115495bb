"""Files holding vault data, keys, backups, exports and the log are owner-only on POSIX (files 0600,
folders 0700) whatever the umask, at every step: create, import, backup, restore, password change,
key rotation; SQLite's own -wal/-shm/-journal files included."""
from __future__ import annotations

import logging
import os
import stat
import zipfile
from pathlib import Path

import pytest

from persona_desktop.core import paths, services, startup
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows relies on profile ACLs")

NEW_PASSWORD = "a brand new password 42"


@pytest.fixture(autouse=True, params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request):
    """The usual umask, and the most permissive one: the modes must not depend on it."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def exposed(*roots: Path) -> list[str]:
    """Every file or folder under ``roots`` (themselves included) that group or others can use."""
    out = []
    for root in roots:
        for p in [Path(root), *Path(root).rglob("*")]:
            mode = stat.S_IMODE(p.lstat().st_mode)
            if mode & 0o077:
                out.append(f"{p.name} {oct(mode)}")
    return out


def _csv(tmp_path: Path) -> Path:
    rows = ["订单编号,姓名,手机号,下单时间,金额"]
    rows += [f"{i},张伟,138123456{i:02d},2024-03-{i:02d},{10 + i}.5" for i in range(1, 21)]
    rows.append("99,王芳,13987654321,2024-03-22,12,5")  # quarantined: a cell too many
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_vault_files_are_private_through_create_import_passwd_and_rotate_key(tmp_path):
    folder = tmp_path / "shop" / "vault"
    vault, _ = Vault.create(folder, PASSWORD)
    try:
        names = {p.name for p in folder.iterdir()}
        assert "vault.db-wal" in names or "vault.db-journal" in names or "vault.db" in names
        assert exposed(folder) == []
        plan = services.plan_import(vault, _csv(tmp_path))
        services.run_import(vault, plan)
        assert exposed(folder) == []
        services.change_password(vault, NEW_PASSWORD)
        assert exposed(folder) == []
        services.rotate_keys(vault)
        assert exposed(folder) == []
        assert any(p.name.endswith("-wal") for p in folder.iterdir())  # SQLite's own files checked
    finally:
        vault.lock()
    assert exposed(folder) == []
    assert stat.S_IMODE((tmp_path / "shop").stat().st_mode) == 0o700  # a parent the app created


def test_backup_restore_and_quarantine_export_are_private(tmp_path):
    folder = tmp_path / "vault"
    vault, _ = Vault.create(folder, PASSWORD)
    try:
        services.run_import(vault, services.plan_import(vault, _csv(tmp_path)))
        info = services.backup(vault, tmp_path / "backups" / "new" / "b.pvbackup")
        export = tmp_path / "rejected.csv"
        export.write_text("old content\n")  # a file the user overwrites keeps no loose mode
        os.chmod(export, 0o644)
        assert services.export_quarantine(vault, export) == 1
    finally:
        vault.lock()
    assert exposed(info.path) == [] and exposed(export) == []
    assert exposed(tmp_path / "backups" / "new") == []
    with zipfile.ZipFile(info.path) as zf:
        assert "vault.key" in zf.namelist()
    restored = tmp_path / "restored" / "vault"
    services.restore(info.path, restored, PASSWORD)
    assert exposed(restored) == []
    services.restore(info.path, restored, PASSWORD, replace=True)
    assert exposed(restored) == []


def test_opening_a_vault_made_before_the_fix_tightens_its_files(tmp_path):
    folder = tmp_path / "vault"
    Vault.create(folder, PASSWORD)[0].lock()
    os.chmod(folder, 0o755)
    for p in folder.iterdir():
        os.chmod(p, 0o644)
    with Vault.open(folder, PASSWORD):
        assert exposed(folder) == []


def test_the_log_file_and_its_folder_are_private(tmp_path):
    root = logging.getLogger("persona_desktop")
    ours = [h for h in root.handlers if getattr(h, "_persona", False)]
    for h in ours:
        root.removeHandler(h)
    try:
        startup.configure_logging()
        logging.getLogger("persona_desktop.test").info("an event")
        log_file = paths.log_dir() / "persona.log"
        assert log_file.exists() and exposed(paths.log_dir()) == []
        handler = next(h for h in root.handlers if getattr(h, "_persona", False))
        handler.doRollover()  # a rotated-in file is private too
        logging.getLogger("persona_desktop.test").info("after the rollover")
        assert exposed(paths.log_dir()) == []
    finally:
        for h in [h for h in root.handlers if getattr(h, "_persona", False)]:
            root.removeHandler(h)
            h.close()
        for h in ours:
            root.addHandler(h)
