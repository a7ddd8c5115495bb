"""Staging folders of backups and restores, and the removal of those a killed process left behind.

A backup builds its archive in a hidden folder next to the destination (copies of both encrypted
databases, vault.key, the archive being written) and renames the finished archive into place; a
restore unpacks into a hidden folder next to the vault folder. kill -9 or a power cut leaves that
folder behind: ciphertext plus the key file, a copy of the vault nobody asked for. It is removed
at the next backup to (restore into) that folder and, for the default vault's folder, when the app
or the CLI starts.

Only what is certainly ours goes: a name in our own staging pattern, holding only the files we put
there, whose process is gone (the name carries its pid) or, for names without a pid (older
versions) and where liveness cannot be asked (Windows), untouched since before this process
started. Anything else, even a look-alike, is left alone.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import time
import uuid
from pathlib import Path

from .. import paths
from ..startup import seconds_since_process_start

log = logging.getLogger(__name__)

_TAG = r"(?:p(?P<pid>\d+)-)?[0-9a-f]{8}"
BACKUP_STAGING = re.compile(rf"^\..+\.{_TAG}\.partial$")
RESTORE_STAGING = re.compile(rf"^\..+\.restore-{_TAG}$")
# Older versions wrote the archive as "<destination name>.partial" beside the destination.
OLD_ARCHIVE_SUFFIX = ".partial"
ARCHIVE_NAME = "archive.partial"
_OUR_FILES = {name + tail for name in ("vault.db", "identity.db")
              for tail in ("", "-wal", "-shm", "-journal")}
_OUR_FILES |= {"vault.key", "vault.key.bak", ARCHIVE_NAME}
_ZIP_MANIFEST_FIRST = b"manifest.json"  # our archives write their manifest first


def backup_staging(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.p{os.getpid()}-{uuid.uuid4().hex[:8]}.partial"


def restore_staging(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.restore-p{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _gone(pid: int) -> bool:
    """True only when no process has this pid. On Windows signal 0 is CTRL_C_EVENT, not a probe,
    so liveness is never asked there (the age rule decides)."""
    if os.name == "nt" or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: someone else's live process
        return False
    return False


def _newest_mtime(path: Path) -> float:
    times = [path.lstat().st_mtime]
    if path.is_dir():
        times += [p.lstat().st_mtime for p in path.iterdir()]
    return max(times)


def _ours(path: Path) -> bool:
    if path.is_symlink():
        return False
    if path.is_dir():
        return all(p.name in _OUR_FILES and p.is_file() and not p.is_symlink()
                   for p in path.iterdir())
    with open(path, "rb") as fh:  # an old-style partial archive: a zip whose first entry is ours
        head = fh.read(30 + len(_ZIP_MANIFEST_FIRST))
    return head[:4] == b"PK\x03\x04" and head[30:] == _ZIP_MANIFEST_FIRST


def remove_stale(folder: Path) -> int:
    """Remove what killed backups/restores left in ``folder``; return how many items went."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    started, removed = time.time() - seconds_since_process_start(), 0
    for entry in entries:
        match = BACKUP_STAGING.match(entry.name) or RESTORE_STAGING.match(entry.name)
        if match is None and not (entry.name.endswith(OLD_ARCHIVE_SUFFIX)
                                  and entry.is_file(follow_symlinks=False)):
            continue
        path = Path(entry.path)
        try:
            pid = match.group("pid") if match else None
            if match and not entry.is_dir(follow_symlinks=False):
                continue
            if not _ours(path):
                continue
            if not (pid and _gone(int(pid))) and _newest_mtime(path) >= started:
                continue  # may belong to a backup running right now
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed += 1
        except OSError:
            continue  # best effort: a folder we cannot clean is not a reason to fail
    if removed:
        log.info("removed %d leftover backup/restore staging item(s)", removed)
    return removed


def remove_stale_at_start() -> int:
    """At app/CLI start: a restore killed earlier left its unpacked copy beside the default vault
    (backups have no default folder; each backup cleans its own destination). Never fails."""
    try:
        return remove_stale(paths.default_vault_dir().parent)
    except Exception:  # noqa: BLE001 - cleanup is best effort, the start must go on
        log.warning("could not check for staging leftovers", exc_info=True)
        return 0
