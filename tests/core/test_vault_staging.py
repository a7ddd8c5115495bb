"""A backup or restore killed with kill -9 leaves its staging folder (encrypted databases plus
vault.key) behind; the next backup to that folder, the next restore next to it, and the CLI's start
(for the default vault's folder) remove it, and never anything that is not certainly ours."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from persona_desktop.core import paths, services
from persona_desktop.core.vault import staging
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import build_template, child_env, popen_python

KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
from persona_desktop.core.vault import backup
from persona_desktop.core.vault.store import Vault
backup.crashpoint = lambda step: os.kill(os.getpid(), signal.SIGKILL) if step == sys.argv[3] else None
with Vault.open(sys.argv[1], os.environ["PERSONA_PASSWORD"]) as vault:
    backup.create_backup(vault, Path(sys.argv[2]))
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("staging-template") / "vault", PASSWORD)


@pytest.fixture
def folder(template, tmp_path) -> Path:
    return shutil.copytree(template["folder"], tmp_path / "vault")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _killed_backup(folder: Path, dest: Path) -> list[Path]:
    proc = popen_python(KILLED_BACKUP, str(folder), str(dest), "archive_written",
                        env=child_env(PERSONA_PASSWORD=PASSWORD))
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    return [p for p in dest.parent.iterdir() if p.name != dest.name]


def _look_alikes(where: Path) -> list[Path]:
    """Things with our suffixes that are not ours, or may still be in use: never removed."""
    old = time.time() - 3600
    user_file = where / "notes.partial"
    user_file.write_text("the user's own file")
    foreign = where / f".mine.p{_dead_pid()}-0123abcd.partial"
    foreign.mkdir()
    (foreign / "letter.txt").write_text("not one of our files")
    live = where / f".live.pvbackup.p{os.getppid()}-89abcdef.partial"  # a live process's
    live.mkdir()
    (live / "vault.key").write_text("x")
    for p in (user_file, foreign, live):
        os.utime(p, (old, old))
    return [user_file, foreign, live]


def test_a_killed_backups_staging_is_removed_by_the_next_backup_there(folder, tmp_path):
    dest = tmp_path / "backups" / "b.pvbackup"
    left = _killed_backup(folder, dest)
    assert len(left) == 1 and {"vault.key", "vault.db", "identity.db", staging.ARCHIVE_NAME} <= {
        p.name for p in left[0].iterdir()}
    keep = _look_alikes(dest.parent)
    with Vault.open(folder, PASSWORD) as vault:
        info = services.backup(vault, dest.parent / "next.pvbackup")
    names = sorted(p.name for p in dest.parent.iterdir())
    assert not left[0].exists()
    assert names == sorted([info.path.name] + [p.name for p in keep])


def test_staging_without_a_pid_is_removed_only_when_older_than_this_process(tmp_path):
    """Older versions named staging folders without a pid: only the age tells them apart from a
    backup another process is running right now."""
    old_style = tmp_path / ".b.pvbackup.0123abcd.partial"
    old_style.mkdir()
    (old_style / "vault.db").write_bytes(b"ciphertext")
    archive = tmp_path / "b.pvbackup.partial"
    archive.write_bytes(b"PK\x03\x04" + bytes(26) + b"manifest.json" + b"...")
    assert staging.remove_stale(tmp_path) == 0  # written just now: may be in use
    old = time.time() - 24 * 3600
    for p in (old_style / "vault.db", old_style, archive):
        os.utime(p, (old, old))
    assert staging.remove_stale(tmp_path) == 2
    assert list(tmp_path.iterdir()) == []


def test_a_killed_restores_staging_is_removed_at_the_cli_start(cli, folder, tmp_path):
    with Vault.open(folder, PASSWORD) as vault:
        archive = services.backup(vault, tmp_path / "b.pvbackup").path
    default = paths.default_vault_dir()
    default.parent.mkdir(parents=True, exist_ok=True)
    left = default.parent / f".{default.name}.restore-p{_dead_pid()}-0123abcd"
    left.mkdir()
    for name in ("vault.key", "vault.db", "identity.db"):
        (left / name).write_bytes(b"as a killed restore leaves it")
    keep = _look_alikes(default.parent)
    cli("info", "--vault", str(folder))
    assert not left.exists()
    assert all(p.exists() for p in keep)
    # and a restore next to it cleans up the same way
    left.mkdir()
    (left / "vault.key").write_bytes(b"x")
    services.restore(archive, tmp_path / "restored", PASSWORD)
    assert left.exists()  # a different folder: not this restore's business
    services.restore(archive, default, PASSWORD)
    assert not left.exists() and all(p.exists() for p in keep)


@pytest.mark.parametrize("step", ["archive_written", "backup_audited"])
def test_no_backup_file_ever_exists_without_its_audit_entry(folder, tmp_path, step):
    """Issue 12: the entry is written before the archive is put in place, so a kill between the
    two leaves an entry for a backup that never arrived, never a backup the log does not know."""
    import hashlib
    dest = tmp_path / "backups" / "b.pvbackup"
    proc = popen_python(KILLED_BACKUP, str(folder), str(dest), step,
                        env=child_env(PERSONA_PASSWORD=PASSWORD))
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert not dest.exists()
    with Vault.open(folder, PASSWORD) as vault:
        entries = [e for e in vault.audit_entries(50) if e["event"] == "backup_created"]
        assert len(entries) == (1 if step == "backup_audited" else 0)
        info = services.backup(vault, dest)
        sums = {e["details"]["sha256"] for e in vault.audit_entries(50)
                if e["event"] == "backup_created"}
    assert hashlib.sha256(dest.read_bytes()).hexdigest() in sums and info.path == dest
