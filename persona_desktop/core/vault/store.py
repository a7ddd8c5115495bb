"""The open vault: keys in memory, one writer thread, short-lived read-only readers.

``Vault.create`` and ``Vault.open`` are the only ways in. Opening follows vault.md's "telling
failures apart" order so each failure gets its own message before anything is written:
missing files -> key file checksum -> database salts vs key file -> KDF floor -> password (GCM) ->
SQLCipher key check -> schema version. ``lock()`` drops the keys and the process lock.
"""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import anchor, attempts, audit, connection, crypto, journal, keyfile, schema, transaction
from .connection import DatabaseError
from .damage import DamageWatch, close_without_checkpoint, find_damaged, open_checked
from .lockfile import LOCK_NAME, ProcessLock
from ..errors import (KeyFileMismatch, KeyFileRestoredFromSpare, PersonaError, VaultDamaged,
                      VaultExists, VaultLocked, VaultNotFound, WrongPassword)
from .settings import VaultSettings
from .fsutil import create_private_file, make_private, private_mkdir, tighten, translate_os_error

log = logging.getLogger(__name__)

WRITER_CACHE_KIB = 128 * 1024


@dataclass(frozen=True)
class VaultPaths:
    folder: Path

    @property
    def vault_db(self) -> Path:
        return self.folder / "vault.db"

    @property
    def identity_db(self) -> Path:
        return self.folder / "identity.db"

    @property
    def key(self) -> Path:
        return self.folder / keyfile.KEY_NAME

    @property
    def attempts(self) -> Path:
        """The side file earlier versions counted failed unlocks in (now in the key file)."""
        return self.folder / attempts.LEGACY_NAME

    def exists(self) -> bool:
        return any(p.exists() for p in (self.vault_db, self.identity_db, self.key,
                                        self.folder / keyfile.SPARE_NAME))

    def database_files(self) -> list[Path]:
        out = []
        for db in (self.vault_db, self.identity_db):
            out += [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
                    db.with_name(db.name + "-journal")]
        return out


class Vault:
    """An unlocked vault. Use ``with Vault.open(...) as vault:`` or call ``lock()``."""

    def __init__(self, paths: VaultPaths, kf: keyfile.KeyFile, master_key: bytearray,
                 deks: bytearray, process_lock: ProcessLock):
        self.paths = paths
        self.keyfile = kf
        self._master_key = master_key
        self._deks = deks
        self._process_lock = process_lock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault-writer")
        self._writer_local = threading.local()
        self._writer_conns: list = []
        self._damage = DamageWatch(self._find_damaged, paths.vault_db)
        self.failed_unlocks_recorded = 0
        # Set at open when the audit log does not continue the chain its head points at (cut,
        # rolled back): shown at every open until acknowledged (acknowledge_audit_anomaly).
        self.audit_anomaly: audit.HeadAnomaly | None = None
        # What the user should be told about this open (typed, bilingual; not errors): the CLI
        # prints them on stderr so --json stays parseable, the GUI shows them after unlocking.
        self.notices: list[PersonaError] = []
        self.failed_unlock_record_reset = False  # the key file's counter went down (attempts.py)

    # --- keys ------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._deks is not None

    @property
    def damaged(self) -> VaultDamaged | None:
        """The damage this vault has shown (a reader, a write or the integrity check met a page
        that failed its check), or None. Once set, every write raises it."""
        return self._damage.seen

    def _key(self, which: str) -> bytearray:
        if self._deks is None:
            raise VaultLocked()
        return self._deks[:32] if which == "vault" else self._deks[32:]

    # --- creation and opening ------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path | str, password: str, settings: VaultSettings | None = None,
               kdf: crypto.KdfParams | None = None) -> tuple["Vault", str]:
        """Create a new vault; return it (open) and the recovery code to show the user once."""
        paths = VaultPaths(Path(folder))
        if paths.exists():
            raise VaultExists(path=str(paths.folder))
        settings = (settings or VaultSettings()).validated()
        try:
            private_mkdir(paths.folder, parents=True, exist_ok=True)
            make_private(paths.folder)  # the vault's own folder, even if the user made it
        except OSError as exc:
            raise translate_os_error(exc, paths.folder, "creating the vault") from exc
        lock = ProcessLock(paths.folder).acquire()
        created: list[Path] = []
        try:
            params = kdf or crypto.calibrate()
            master_key = bytearray(os.urandom(32))
            deks = bytearray(os.urandom(64))
            salts = {}
            for name, path, key, migrations in (
                    ("vault", paths.vault_db, deks[:32], schema.VAULT_MIGRATIONS),
                    ("identity", paths.identity_db, deks[32:], schema.IDENTITY_MIGRATIONS)):
                created.append(path)
                create_private_file(path)  # SQLite gives its -wal/-shm files this file's mode
                conn = connection.connect(path, key, create=True)
                try:
                    schema.migrate(conn, migrations)
                    if name == "identity":
                        conn.execute("INSERT INTO secrets(name, value) VALUES ('pseudonym_key', ?)",
                                     (os.urandom(32),))
                        conn.execute("INSERT INTO secrets(name, value) VALUES ('blocklist_key', ?)",
                                     (os.urandom(32),))
                    else:
                        conn.execute("INSERT INTO settings(key, value) VALUES ('vault', ?)",
                                     (settings.to_json(),))
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    conn.close()
                salts[name] = connection.read_salt(path)
            code = crypto.new_recovery_code()
            kf = keyfile.KeyFile.new(password, code, params, master_key, deks, salts)
            kf.save(paths.folder)
        except BaseException as exc:
            lock.release()
            for path in created:
                for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    try:
                        p.unlink()
                    except OSError:
                        pass
            if isinstance(exc, OSError):
                raise translate_os_error(exc, paths.folder, "creating the vault") from exc
            raise
        vault = cls(paths, kf, master_key, deks, lock)
        vault.write(lambda v, i: None, audit_event=("vault_created", {
            "kdf_memory_kib": params.memory_kib, "kdf_iterations": params.iterations}))
        log.info("vault created")
        return vault, code

    @classmethod
    def open(cls, folder: Path | str, password: str | None = None, *,
             recovery_code: str | None = None) -> "Vault":
        paths = VaultPaths(Path(folder))
        if not paths.exists():
            raise VaultNotFound(path=str(paths.folder))
        lock = ProcessLock(paths.folder).acquire()
        tighten(paths.folder, [p.name for p in paths.database_files()]
                + [keyfile.KEY_NAME, keyfile.SPARE_NAME, attempts.LEGACY_NAME, LOCK_NAME])
        try:
            kf = keyfile.load(paths.folder)
            for db in (paths.vault_db, paths.identity_db):
                connection.check_file_shape(db)
            disk = {"vault": connection.read_salt(paths.vault_db),
                    "identity": connection.read_salt(paths.identity_db)}
            if not kf.from_spare and keyfile.belongs_elsewhere(kf, disk):
                # Another vault's vault.key copied in: this vault's spare may still be here.
                kf = keyfile.load(paths.folder, disk)
            salts = kf.db_salts
            mismatched = [db for db, name in ((paths.vault_db, "vault"),
                                              (paths.identity_db, "identity"))
                          if disk[name] != salts[name]]
            if len(mismatched) == 2:
                raise KeyFileMismatch()  # another vault's key file: neither database matches
            if mismatched:
                # One file's plaintext salt changed while the other still matches the key file:
                # that file is damaged (or was swapped), the key file is fine.
                raise VaultDamaged(name=mismatched[0].name, detail="salt")
            try:
                if recovery_code is not None:
                    master_key = kf.master_key_from_recovery(recovery_code)
                else:
                    master_key = kf.master_key_from_password(password or "")
            except WrongPassword:
                attempts.count_failure(paths.folder, kf.vault_id)
                raise
            # Only now, the password having opened the spare: rebuild vault.key from it, before
            # finishing a rotation saves the key file (that save would overwrite another vault's).
            restored = keyfile.rebuild_from_spare(kf, paths.folder)
            # ...or, opened from vault.key, a spare left stale by a cut-off key change is rewritten
            # from it, so an old header never outlives an open (issue 12, defect 1).
            spare_repaired = keyfile.repair_spare(kf, paths.folder)
            deks = _resolve_data_keys(paths, kf, master_key)
            # Every page's HMAC is checked before the first write (migrations, the unlock record):
            # the key check reads page 1 only, and a damaged page that no query of this session
            # happens to read must not let it append to the file (issue 12, defect 3). Measured
            # cost in connection.cipher_problems.
            conns = open_checked([(paths.vault_db, deks[:32]), (paths.identity_db, deks[32:])])
            try:
                for conn, migrations in zip(conns, (schema.VAULT_MIGRATIONS,
                                                    schema.IDENTITY_MIGRATIONS)):
                    schema.migrate(conn, migrations)
            finally:
                for conn in conns:
                    conn.close()
        except BaseException:
            lock.release()
            raise
        vault = cls(paths, kf, master_key, deks, lock)
        if restored:
            log.warning("key file rebuilt from its spare copy (%s)", restored[0])
            vault.notices.append(KeyFileRestoredFromSpare(reason=restored[0], kept=restored[1]))
        try:
            vault._record_unlock(recovery=recovery_code is not None,
                                 restored=restored[0] if restored
                                 else "stale_spare" if spare_repaired else None)
        except BaseException as exc:
            # Damage met while recording the unlock arrives as VaultDamaged (the writer is
            # watched); other SQLite errors (a full disk) get their own type. Either way the
            # vault is not left half-open, holding the process lock.
            vault.lock(record=False)
            if isinstance(exc, DatabaseError):
                raise connection.translate_db_error(exc, paths.vault_db,
                                                    "opening the vault") from None
            raise
        return vault

    def _find_damaged(self) -> tuple[Path, str] | None:
        return find_damaged(self._databases())

    def _record_unlock(self, recovery: bool, restored: str | None = None) -> None:
        """Audit the unlock in one transaction: a key file rebuilt from its spare, the failures
        counted since the last unlock (attempts.py), and whether the history still continues
        where it was last seen (checked before this unlock's own entries): the audit log against
        the head in identity.db, the two databases' commit counts, and the key file's anchor."""
        counter = attempts.FailedUnlocks.from_header(self.keyfile.header)
        legacy = attempts.read_legacy(self.paths.folder)
        anchored = anchor.read(self.keyfile, self._master_key)

        def work(vconn, iconn):
            anomaly = history_anomaly(vconn, iconn, anchored)
            lagged = anomaly is None and audit.head_lags(vconn, iconn)
            if restored:
                audit.append(vconn, iconn, "key_file_restored", {"reason": restored})
            seen = attempts.audit_failures(vconn, iconn, counter, legacy)
            # a key change audited before its files, the process dying before it was closed
            closing = audit.unfinished_key_change(vconn, keyfile.fingerprint(self.keyfile.header))
            if closing:
                audit.append(vconn, iconn, *closing)
            details = {"method": "recovery_code" if recovery else "password",
                       "head_repaired": lagged, **attempts.unlocked_details(counter)}
            if anomaly is not None:
                details["audit_anomaly"] = anomaly.reason
            audit.append(vconn, iconn, "unlocked", details)
            return anomaly, seen
        self.audit_anomaly, seen = self.write(work)
        self.failed_unlocks_recorded, self.failed_unlock_record_reset = seen
        attempts.finish_unlock(self)
        if self.audit_anomaly is not None:
            log.warning("the vault's history does not continue where it was last seen (%s): "
                        "reported until acknowledged", self.audit_anomaly.reason)

    def _save_anchor(self) -> None:
        """Record in the key file where the history has got to (anchor.py): at lock and after an
        acknowledgement (a session that ends without a lock leaves the previous anchor, which is
        still a state the databases must not fall behind). Not while an anomaly is unacknowledged:
        the old anchor is part of the evidence."""
        if self.audit_anomaly is not None or self.damaged is not None:
            return
        with self.reader() as vconn:
            current = anchor.current(vconn)
        try:
            anchor.save(self.keyfile, self.paths.folder, self._master_key, current)
        except (OSError, PersonaError):
            log.warning("could not record the audit anchor in the key file")

    # --- the writer thread ------------------------------------------------------------------------
    def _writer_connections(self):
        conns = getattr(self._writer_local, "conns", None)
        if conns is None:
            vconn = connection.connect(self.paths.vault_db, self._key("vault"))
            iconn = connection.connect(self.paths.identity_db, self._key("identity"))
            # Imports insert into UNIQUE indexes on random keys; with SQLite's 2 MB default cache
            # nearly every insert past ~100k rows misses it (measured 4-8x slower).
            for conn in (vconn, iconn):
                conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            journal.install_triggers(iconn)
            conns = self._writer_local.conns = (vconn, iconn)
            self._writer_conns.append(conns)
        return conns

    def write(self, fn: Callable[[Any, Any], Any], *, audit_event: tuple[str, dict] | None = None,
              foreign_keys: bool = True, reanchor: bool = False) -> Any:
        """Run ``fn(vault_conn, identity_conn)`` on the writer thread as one write of both
        databases (transaction.py): the change, its audit entry and its identity rows happen
        together or not at all, whatever kills the process. ``reanchor``: see transaction.run.
        ``foreign_keys=False`` turns SQLite's per-row foreign key checks off for this transaction
        only: for a caller that checks every row it wrote itself before returning (the import,
        see ingest/writing/fkcheck.py), because the per-row checks cost more than its inserts.
        """
        if not self.is_open:
            raise VaultLocked()
        self._damage.refuse_writes()
        with self._damage.watch():
            return self._executor.submit(self._run_write, fn, audit_event, foreign_keys,
                                         reanchor).result()

    def _run_write(self, fn, audit_event, foreign_keys=True, reanchor=False):
        vconn, iconn = self._writer_connections()
        # Set before every transaction (the pragma is a no-op inside one), so one write's choice
        # can never outlive it, whatever happened to the previous write.
        vconn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        try:
            return transaction.run(vconn, iconn, fn, audit_event, reanchor=reanchor)
        finally:
            if not foreign_keys:
                try:
                    vconn.execute("PRAGMA foreign_keys = ON")
                except DatabaseError:
                    pass  # keep the error that got us here; the next write sets it again

    def run_on_writer(self, fn: Callable[[Any, Any], Any]) -> Any:
        """Run ``fn`` on the writer thread without opening a transaction (rekey, checkpoints)."""
        if not self.is_open:
            raise VaultLocked()
        self._damage.refuse_writes()
        with self._damage.watch():
            return self._executor.submit(lambda: fn(*self._writer_connections())).result()

    def audit(self, event: str, details: dict | None = None) -> None:
        self.write(lambda v, i: None, audit_event=(event, details or {}))

    # --- readers ------------------------------------------------------------------------------------
    def reader(self):
        """A read-only vault.db connection for the calling thread (never shared across threads)."""
        return self._read_only(self.paths.vault_db, "vault")

    def identity_reader(self):
        return self._read_only(self.paths.identity_db, "identity")

    @contextmanager
    def _read_only(self, path: Path, which: str):
        """A page failure met while the connection is used is raised as VaultDamaged naming
        ``path``, and stops every later write (damage.py)."""
        with self._damage.watch(path):
            conn = connection.connect(path, self._key(which), readonly=True)
            try:
                yield conn
            finally:
                conn.close()

    # --- settings -----------------------------------------------------------------------------------
    def settings(self) -> VaultSettings:
        with self.reader() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = 'vault'").fetchone()
        return VaultSettings.from_json(row[0]) if row else VaultSettings()

    def update_settings(self, **changes) -> VaultSettings:
        new = self.settings().updated(**changes)
        self.write(lambda v, i: v.execute(
            "INSERT INTO settings(key, value) VALUES ('vault', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (new.to_json(),)),
            audit_event=("settings_changed", {"fields": len(changes)}))
        return new

    # --- checks ---------------------------------------------------------------------------------------
    def integrity_problems(self) -> dict[str, list[str]]:
        out = {}
        for name, path, which in (("vault.db", self.paths.vault_db, "vault"),
                                  ("identity.db", self.paths.identity_db, "identity")):
            with self._damage.watch(path):
                conn = connection.connect(path, self._key(which), readonly=True)
            try:
                out[name] = connection.integrity_problems(conn)
            finally:
                conn.close()
            if out[name]:
                self._damage.remember(name, f"{len(out[name])} problem(s)")
        return out

    def verify_audit(self) -> audit.AuditReport:
        with self.reader() as vconn, self.identity_reader() as iconn:
            return audit.verify(vconn, iconn)

    def acknowledge_audit_anomaly(self) -> audit.HeadAnomaly | None:
        """The user has seen the warning: log what was acknowledged and, in the same write, anchor
        the head at the log's newest entry and the two databases' counts together, so later opens
        check from there; the key file's anchor follows. Returns what was acknowledged (None when
        the history was consistent)."""
        anchored = anchor.read(self.keyfile, self._master_key)

        def work(vconn, iconn):
            anomaly = history_anomaly(vconn, iconn, anchored)
            if anomaly is not None:
                audit.append(vconn, iconn, "audit_anomaly_acknowledged", anomaly.to_dict())
            return anomaly
        anomaly = self.write(work, reanchor=True)
        self.audit_anomaly = None
        self._save_anchor()
        return anomaly

    def audit_entries(self, limit: int = 100) -> list[dict]:
        with self.reader() as conn:
            return audit.entries(conn, limit)

    # --- locking ---------------------------------------------------------------------------------------
    def lock(self, *, record: bool = True) -> None:
        """Drop the keys and connections; the vault must be opened again with the password."""
        if self._deks is None:
            return
        try:
            try:
                if record and self.damaged is None:  # a damaged vault is not written to at all
                    self.write(lambda v, i: None, audit_event=("locked", {}))
                    self._save_anchor()
            finally:
                # Even when that entry failed (damage met by it): a connection left to the garbage
                # collector would checkpoint into the file whenever it happens to be closed.
                self._executor.submit(self._close_writer).result()
        finally:
            self._executor.shutdown(wait=True)
            crypto.wipe(self._deks)
            crypto.wipe(self._master_key)
            self._deks = None
            self._master_key = None
            self._process_lock.release()

    def _close_writer(self) -> None:
        conns = getattr(self._writer_local, "conns", None)
        if not conns:
            return
        self._writer_local.conns = None
        if self.damaged is not None:  # no checkpoint into a damaged file, not even on close
            close_without_checkpoint(list(conns), self._databases())
            return
        for conn in conns:
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except DatabaseError:
                pass
            conn.close()

    def _databases(self) -> list[tuple[Path, bytearray]]:
        return [(self.paths.vault_db, self._key("vault")),
                (self.paths.identity_db, self._key("identity"))]

    close = lock

    def __enter__(self) -> "Vault":
        return self

    def __exit__(self, *exc) -> None:
        self.lock()


def history_anomaly(vconn, iconn, anchored: anchor.Anchor | None) -> audit.HeadAnomaly | None:
    """Whether the vault's history continues where it was last seen, first failure first: the
    audit log against identity.db's head, then the databases' commit counts (one file replaced by
    an older copy), then the key file's anchor (both databases replaced together)."""
    found = audit.head_anomaly(vconn, iconn)
    if found is not None:
        return found
    last = vconn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
    reason = journal.generation_anomaly(vconn, iconn)
    if reason is not None:
        return audit.HeadAnomaly(reason, journal.identity_head(iconn)[0], last)
    if anchor.rolled_back(anchored, vconn):
        return audit.HeadAnomaly("databases_rolled_back", anchored.seq, last)
    return None


def _resolve_data_keys(paths: VaultPaths, kf: keyfile.KeyFile, master_key: bytes) -> bytearray:
    """Find which data keys open the databases; finish or drop an interrupted key rotation.

    A rotation writes the new keys to a pending slot, rekeys vault.db then identity.db, then
    promotes the slot. After a crash each database is on the current or the pending key."""
    current = kf.data_keys(master_key)
    if not kf.has_pending:
        return current
    from .keyops import finish_interrupted_rotation
    return finish_interrupted_rotation(paths, kf, master_key, current)


def try_connect(path: Path, key: bytes) -> bool:
    try:
        connection.connect(path, key, readonly=True).close()
        return True
    except VaultDamaged:
        return False
