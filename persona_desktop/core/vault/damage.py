"""Damage seen once is damage for good: the one place where SQLCipher's page failures become
``VaultDamaged`` (issue 12, defect 3).

SQLCipher checks a page's HMAC only when the page is read, so a damaged page deep in a table is met
by whichever reader or write happens to touch it, long after the open check passed. Every reader,
writer transaction and writer job of a ``Vault`` runs inside ``DamageWatch.watch``: a page failure
there is raised as ``VaultDamaged`` naming the file (so the CLI exits 4 and the GUI says "restore a
backup" instead of "unexpected error"), and is remembered, so the vault refuses every later write,
audit entries included, rather than keep changing a file that can no longer be trusted.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import VaultDamaged
from . import connection
from .connection import DatabaseError


class DamageWatch:
    """Translates page failures into ``VaultDamaged`` and remembers the first one.

    ``find_damaged`` checks every page's HMAC in both files and returns the damaged one (or None):
    it names the file when the failing connection is not known (a writer job holds both), and it
    confirms the ambiguous case below before a MemoryError is blamed on the disk."""

    def __init__(self, find_damaged: Callable[[], tuple[Path, str] | None], default: Path):
        self._find_damaged = find_damaged
        self._default = default
        self._lock = threading.Lock()
        self._seen: tuple[str, str] | None = None  # (file name, short detail)

    @property
    def seen(self) -> VaultDamaged | None:
        """The damage seen so far, as a fresh error (each raise gets its own traceback)."""
        seen = self._seen
        return None if seen is None else VaultDamaged(name=seen[0], detail=seen[1])

    def refuse_writes(self) -> None:
        """Raise the remembered damage: nothing more is written to a damaged vault."""
        damage = self.seen
        if damage is not None:
            raise damage

    def remember(self, name: str, detail: str = "") -> VaultDamaged:
        with self._lock:
            if self._seen is None:
                self._seen = (name, detail)
        return VaultDamaged(name=name, detail=detail)

    @contextmanager
    def watch(self, path: Path | None = None) -> Iterator[None]:
        """Run the body; a page failure in it is raised as VaultDamaged for ``path`` (or for the
        file the HMAC check finds, when ``path`` is None) and remembered."""
        try:
            yield
        except VaultDamaged as exc:  # raised by connection.connect (page 1, size, salt)
            self.remember(exc.fields.get("name", self._default.name), exc.detail)
            raise
        except DatabaseError as exc:
            if not connection.is_damage(exc):
                raise  # a full disk, a lock, a bug: not the user's data going bad
            found = None if path is not None else self._find_damaged()
            where = path or (found[0] if found else self._default)
            raise self.remember(where.name, connection.short(exc)) from None
        except MemoryError:
            # SQLCipher reports a page that failed its HMAC inside a write transaction as
            # SQLITE_NOMEM at COMMIT (measured: "UPDATE" over a damaged page, then MemoryError).
            # A real out-of-memory stays a MemoryError: only a failed page check makes it damage.
            found = self._find_damaged()
            if found is None:
                raise
            raise self.remember(found[0].name, found[1]) from None


def find_damaged(candidates: list[tuple[Path, bytes | bytearray]]) -> tuple[Path, str] | None:
    """The first file whose pages fail SQLCipher's HMAC check, with the first problem (cheap:
    about 2.5 ms per MB, see connection.cipher_problems). Opened read-only: a read-only connection
    never checkpoints the WAL into the file it checks."""
    for path, key in candidates:
        try:
            conn = connection.connect(path, key, readonly=True)
        except VaultDamaged as exc:
            return path, exc.detail
        try:
            problems = connection.cipher_problems(conn)
        finally:
            conn.close()
        if problems:
            return path, problems[0][:80]
    return None


def open_checked(dbs: list[tuple[Path, bytes | bytearray]]) -> list:
    """Open each database for writing, and check every page's HMAC before anything is written
    to any of them (Vault.open: migrations and the unlock record come next). On damage, close
    what was opened without a checkpoint and raise VaultDamaged naming the file."""
    conns: list = []
    try:
        for path, key in dbs:
            conns.append(connection.connect(path, key))
            problems = connection.cipher_problems(conns[-1])
            if problems:
                raise VaultDamaged(name=path.name, detail=problems[0][:80])
    except BaseException:
        close_without_checkpoint(conns, dbs[:len(conns)])
        raise
    return conns


def close_without_checkpoint(conns: list, dbs: list[tuple[Path, bytes | bytearray]]) -> None:
    """Close writable connections (``conns``, one per entry of ``dbs``) to a damaged vault
    without writing to it.

    SQLite checkpoints the WAL into the database file when the last connection to it closes. A
    read-only connection held open meanwhile makes the writer not the last one, and a read-only
    connection never checkpoints: the files stay exactly as they were (measured: vault.db and its
    WAL unchanged; only the -shm index, shared memory, is touched)."""
    holders = []
    for path, key in dbs:
        try:
            holders.append(connection.connect(path, key, readonly=True))
        except (VaultDamaged, DatabaseError):
            pass  # page 1 unreadable: this file cannot be held open; nothing better to do
    try:
        for conn in conns:
            conn.close()
    finally:
        for holder in holders:
            holder.close()
