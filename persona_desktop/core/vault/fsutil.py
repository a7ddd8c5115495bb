"""Crash-safe file writes: temp file in the same folder, fsync, os.replace, fsync the folder."""
from __future__ import annotations

import errno
import os
from pathlib import Path

from ..errors import DiskFull, ReadOnlyLocation


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
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
