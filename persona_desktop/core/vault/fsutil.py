"""Crash-safe file writes (temp file in the same folder, fsync, os.replace, fsync the folder) and
private files: everything holding vault data, keys, backups, exports or the log is created readable
by its owner only (files 0600, folders 0700), whatever the umask, because a backup holds vault.key
and an export holds customer values.

On POSIX the mode is set when the file is created (``os.open`` with the mode, then ``fchmod``, as
the umask can only take bits away and a pre-existing file keeps its old mode), before any content
is written. On Windows ``chmod`` only toggles the read-only flag; the equivalent protection comes
from the folders: files under the user's profile (%LOCALAPPDATA%, Documents) inherit an ACL that
grants the user, SYSTEM and Administrators only, so these calls do nothing there.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_POSIX = os.name != "nt"

from ..errors import DiskFull, ReadOnlyLocation


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_private(path: Path) -> None:
    """Set ``path`` to owner-only (0700 for a folder, 0600 for a file) if it is not already."""
    if not _POSIX:
        return
    st = os.stat(path)
    mode = PRIVATE_DIR if stat.S_ISDIR(st.st_mode) else PRIVATE_FILE
    if stat.S_IMODE(st.st_mode) != mode:
        os.chmod(path, mode)


def private_mkdir(path: Path, *, parents: bool = False, exist_ok: bool = False) -> None:
    """``Path.mkdir`` whose new folders (parents included: mkdir's mode covers the last one only)
    are 0700. An existing folder is left as it is: it may be the user's own (Documents, a USB
    stick), not ours to change."""
    path = Path(path)
    new = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        new.append(probe)
        if not parents:
            break
        probe = probe.parent
    path.mkdir(mode=PRIVATE_DIR, parents=parents, exist_ok=exist_ok)
    for folder in new:
        make_private(folder)


def open_private(path: Path, mode: str = "wb", **kwargs) -> IO:
    """``open(path, mode)`` for "w"/"a" modes (text or binary), with the file owner-only from the
    moment it exists; an existing file is tightened before anything is written to it."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0) * ("b" in mode)
    flags |= os.O_APPEND if mode.startswith("a") else os.O_TRUNC
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def create_private_file(path: Path) -> None:
    """An empty owner-only file for SQLite to open: SQLite gives the -wal, -shm and -journal files
    it creates the mode of the main database file, so they are private too."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def tighten(folder: Path, names) -> None:
    """Make a vault folder written before files were created private owner-only (best effort: a
    read-only copy must still open, with the error it would have given anyway)."""
    for path in [folder, *(folder / n for n in names)]:
        try:
            make_private(path)
        except OSError:
            pass


def translate_os_error(exc: OSError, path: Path, what: str) -> Exception:
    """Turn the OS errors a user can meet into typed, translated errors."""
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return DiskFull(what=what)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyLocation(path=str(path))
    return exc


def atomic_write(path: Path, data: bytes, what: str = "saving the key file") -> None:
    """Write ``data`` so that ``path`` holds either its old or its new content after any crash."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        try:
            if _POSIX:
                os.fchmod(fd, PRIVATE_FILE)  # a leftover temp file keeps its old mode otherwise
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise translate_os_error(exc, path.parent, what) from exc


def destroy_file(path: Path) -> None:
    """Overwrite then unlink. On SSDs overwriting is not reliable; for key files it is a bonus on
    top of crypto-erase, since the data keys existed only inside this file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as fh:
        fh.write(os.urandom(size))
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
