"""One process at a time per vault: an OS advisory lock on ``vault.lock`` in the vault folder.

Two processes writing the same SQLite file is safe for SQLite itself, but two copies of the app
would each think they own the single writer, and a key rotation in one would lock the other out.
The lock is released by the OS when the process dies, so a crash never leaves a vault "in use".
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import VaultInUse
from .fsutil import translate_os_error

LOCK_NAME = "vault.lock"

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class ProcessLock:
    def __init__(self, folder: Path):
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> "ProcessLock":
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise translate_os_error(exc, self.path.parent, "opening the vault") from exc
        if not _try_lock(fd):
            os.close(fd)
            raise VaultInUse()
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
