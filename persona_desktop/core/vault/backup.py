"""Encrypted backup and restore of a whole vault in one file.

A backup is a ZIP (stored, not compressed: the content is ciphertext) holding a manifest with
SHA-256 of each member, the key file, and consistent copies of both databases made with SQLite's
online backup into keyed targets (never a file copy of a database open in WAL mode). The copies
stay encrypted under the same data keys, so restoring needs the password valid when the backup
was made. The archive is written next to its destination and renamed into place: an old backup
with the same name survives a full disk.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import connection, keyfile
from . import staging as staging_mod
from .fsutil import (create_private_file, fsync_dir, open_private, private_mkdir,
                     translate_os_error)
from ..errors import BackupDamaged, KeyFileDamaged, VaultDamaged, VaultExists
from ..jobs import NullProgress, Progress

FORMAT = "persona-desktop-backup"
VERSION = 1
MEMBERS = ("vault.key", "vault.db", "identity.db")

# Tests replace this to kill the process at a step, as kill -9 would.
crashpoint: Callable[[str], None] = lambda step: None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    sha256: str
    vault_id: str
    created_at: str

    def to_dict(self) -> dict:
        return {"path": str(self.path), "size": self.size, "sha256": self.sha256,
                "vault_id": self.vault_id, "created_at": self.created_at}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create_backup(vault, dest: Path, progress: Progress | None = None) -> BackupInfo:
    progress = progress or NullProgress()
    dest = Path(dest)
    if dest.is_dir():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = dest / f"persona-backup-{stamp}.pvbackup"
    # What a killed earlier backup left here (encrypted databases + vault.key) goes first.
    staging_mod.remove_stale(dest.parent)
    staging = staging_mod.backup_staging(dest)
    partial = staging / staging_mod.ARCHIVE_NAME  # inside the staging folder: one thing to clean
    created_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        private_mkdir(staging, parents=True)  # new folders on the way are the user's only, too
        progress.step(0, 4, "vault.db")

        def copy_databases(vconn, iconn):
            for i, (src, name, key) in enumerate(((vconn, "vault.db", vault._key("vault")),
                                                  (iconn, "identity.db", vault._key("identity")))):
                salt = vault.keyfile.db_salts["vault" if name == "vault.db" else "identity"]
                create_private_file(staging / name)
                target = connection.connect(staging / name, key, create=True, salt=salt)
                try:
                    src.backup(target)
                    target.execute("PRAGMA journal_mode = DELETE")
                finally:
                    target.close()
                progress.step(i + 1, 4, name)
        try:
            vault.run_on_writer(copy_databases)
        except connection.DatabaseError as exc:
            # SQLite reports a full disk (SQLITE_FULL) as a database error, not an OSError.
            raise connection.translate_db_error(exc, staging, "the backup") from exc
        with open_private(staging / "vault.key") as fh:
            fh.write(keyfile.serialise(vault.keyfile.header))
        manifest = {"format": FORMAT, "version": VERSION, "vault_id": vault.keyfile.vault_id,
                    "created_at": created_at,
                    "sha256": {m: _sha256(staging / m) for m in MEMBERS}}
        # The archive holds vault.key: owner-only from its creation, like the vault itself.
        with open_private(partial) as raw, \
                zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, indent=1))
            for member in MEMBERS:
                zf.write(staging / member, member)
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        progress.step(3, 4, "archive")
        info = BackupInfo(dest, partial.stat().st_size, _sha256(partial), vault.keyfile.vault_id,
                          created_at)
        crashpoint("archive_written")
        # Audited before the archive is put in place: a process killed between the two leaves an
        # entry for a backup that never arrived (its staging is removed later), never a backup
        # file, holding every customer's data, that the log does not know of (issue 12).
        vault.audit("backup_created", {"bytes": info.size, "sha256": info.sha256})
        crashpoint("backup_audited")
        os.replace(partial, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        raise translate_os_error(exc, dest.parent, "the backup") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the partial archive is inside
    progress.step(4, 4, "done")
    return info


def read_backup(archive: Path, staging: Path) -> tuple[keyfile.KeyFile, dict]:
    """Unpack into ``staging`` and check every member against the manifest."""
    try:
        with zipfile.ZipFile(archive) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ValueError("format")
            for member in MEMBERS:  # not extract(): it creates files with the umask's mode
                with zf.open(member) as src, open_private(staging / member) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) \
                and exc.errno is not None:
            raise translate_os_error(exc, staging, "the restore") from exc
        raise BackupDamaged(name=archive.name, detail=type(exc).__name__) from None
    for member in MEMBERS:
        if _sha256(staging / member) != manifest.get("sha256", {}).get(member):
            raise BackupDamaged(name=archive.name, detail=member)
    try:
        kf = keyfile.KeyFile(keyfile.parse((staging / "vault.key").read_bytes()))
    except KeyFileDamaged:
        raise BackupDamaged(name=archive.name, detail="vault.key") from None
    return kf, manifest


def restore_backup(archive: Path, folder: Path, password: str, *, replace: bool = False,
                   progress: Progress | None = None) -> Path | None:
    """Check the backup fully (password, checksums, integrity) before touching ``folder``.

    Returns the folder the previous vault was moved to (when ``replace``), so nothing is lost."""
    from .store import Vault, VaultPaths
    progress = progress or NullProgress()
    archive, folder = Path(archive), Path(folder)
    if not archive.is_file():
        raise BackupDamaged(name=archive.name, detail="not found")
    target = VaultPaths(folder)
    if target.exists() and not replace:
        raise VaultExists(path=str(folder))
    private_mkdir(folder.parent, parents=True, exist_ok=True)
    staging_mod.remove_stale(folder.parent)  # a killed earlier restore's unpacked copy
    staging = staging_mod.restore_staging(folder)
    moved_aside: Path | None = None
    try:
        private_mkdir(staging)
        progress.step(0, 3, "checking")
        kf, _ = read_backup(archive, staging)
        kf.check_kdf_floor()
        master_key = kf.master_key_from_password(password)
        deks = kf.data_keys(master_key)
        for name, key in (("vault.db", deks[:32]), ("identity.db", deks[32:])):
            try:
                conn = connection.connect(staging / name, key)
            except VaultDamaged:
                raise BackupDamaged(name=archive.name, detail=name) from None
            try:
                if connection.integrity_problems(conn):
                    raise BackupDamaged(name=archive.name, detail=name)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        with open_private(staging / keyfile.SPARE_NAME) as fh:
            fh.write((staging / "vault.key").read_bytes())
        progress.step(1, 3, "replacing")
        if target.exists():
            # Taking the lock proves no other process has the old vault open.
            from .lockfile import ProcessLock
            lock = ProcessLock(folder).acquire()
            lock.release()
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            moved_aside = folder.with_name(f"{folder.name}.before-restore-{stamp}")
            os.replace(folder, moved_aside)
        elif folder.exists():
            folder.rmdir()  # an empty folder; a non-empty non-vault folder raises, untouched
        os.replace(staging, folder)
        fsync_dir(folder.parent)
    except OSError as exc:
        raise translate_os_error(exc, folder, "the restore") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with Vault.open(folder, password) as vault:
        vault.audit("restored", {"backup_sha256": _sha256(archive),
                                 "replaced_previous": moved_aside is not None})
    progress.step(3, 3, "done")
    return moved_aside
