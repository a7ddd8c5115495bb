"""Key operations on an open vault: password change, recovery, data-key rotation.

Password change and recovery re-wrap the master key only (fast, no database rewrite).
Rotation is two-phase so a crash at any step leaves a vault that opens:
  1. new data keys -> ``pending_keys`` slot, key file saved;
  2. ``PRAGMA rekey`` vault.db, then identity.db (each rekey is one SQLite transaction);
  3. pending promoted to current, key file saved.
Opening tries the current keys, then the pending ones, and finishes whatever step was cut off.
"""
from __future__ import annotations

import copy
import logging
import os
from typing import Callable

from . import audit, connection, crypto, keyfile
from .connection import DatabaseError
from ..errors import VaultDamaged

log = logging.getLogger(__name__)

# Tests replace this to inject a crash between the steps above.
crashpoint: Callable[[str], None] = lambda step: None


def _restore_header(vault, before: dict) -> None:
    """A key-file change failed (full disk, ...): put the previous header back in memory and, if
    one copy on disk was already replaced, on disk too, so a reported failure means the old
    password (or recovery code) still opens the vault and a later save cannot apply it silently."""
    vault.keyfile.header = before
    old = keyfile.serialise(before)
    folder = vault.paths.folder
    try:
        if any(not (folder / name).exists() or (folder / name).read_bytes() != old
               for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME)):
            vault.keyfile.save(folder)
    except Exception:  # best effort: the disk may still be full
        log.warning("could not put the previous key file back", exc_info=True)


def _change_key_file(vault, change: Callable[[], None], event: str, details: dict) -> None:
    """Change the key file's header with ``change`` and audit it, audit entry first: the entry
    (with the new header's fingerprint) commits before either copy on disk changes, so a crash
    can never leave a changed key file without its entry. A crash after the entry but before the
    files are written is found at the next open, which records ``key_change_not_completed``
    (store.reconcile_key_changes); a failure reported here records it at once."""
    before = copy.deepcopy(vault.keyfile.header)
    fingerprint = ""

    def work(vconn, iconn):
        nonlocal fingerprint
        change()
        fingerprint = keyfile.fingerprint(vault.keyfile.header)
        audit.append(vconn, iconn, event, {**details, "key_file": fingerprint})
    try:
        vault.write(work)
        crashpoint(f"{event}_audited")
        vault.run_on_writer(lambda vconn, iconn: vault.keyfile.save(vault.paths.folder))
    except BaseException:
        _restore_header(vault, before)
        if fingerprint:
            try:
                vault.audit("key_change_not_completed", {"event": event, "key_file": fingerprint})
            except Exception:  # the next open records it (reconcile_key_changes)
                log.warning("could not record the unfinished key change", exc_info=True)
        raise


def change_password(vault, new_password: str, kdf: crypto.KdfParams | None = None) -> None:
    params = kdf or crypto.calibrate()
    _change_key_file(vault, lambda: vault.keyfile.change_password(vault._master_key, new_password,
                                                                  params),
                     "password_changed", {"kdf_memory_kib": params.memory_kib,
                                          "kdf_iterations": params.iterations})


def reset_recovery_code(vault) -> str:
    code = crypto.new_recovery_code()
    _change_key_file(vault, lambda: vault.keyfile.change_recovery_code(vault._master_key, code),
                     "recovery_code_changed", {})
    return code


def _rekey_pragma(key: bytes) -> str:
    return "PRAGMA rekey = \"x'" + bytes(key).hex() + "'\""


def rotate_data_keys(vault) -> None:
    """Replace both SQLCipher keys (suspected compromise of a data key)."""
    new = bytearray(os.urandom(64))
    kf, mk = vault.keyfile, vault._master_key

    def work(vconn, iconn):
        before = copy.deepcopy(kf.header)
        try:
            kf.set_pending(mk, new)
            kf.save(vault.paths.folder)
        except BaseException:
            kf.header = before  # nothing was rekeyed: the rotation simply did not happen
            raise
        crashpoint("pending_saved")
        for conn, sl, name in ((vconn, slice(0, 32), "vault"), (iconn, slice(32, 64), "identity")):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute(_rekey_pragma(new[sl]))
            # The rekeyed pages sit in the WAL; move them into the file now, so the file itself is
            # on one key (cipher_integrity_check reads the file, not the WAL).
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            # From here this file is on the new key: keep the in-memory key in step, so readers
            # of this still-open vault work even if a later step fails (the next open finishes
            # the rotation from the pending slot).
            vault._deks[sl] = new[sl]
            crashpoint(f"{name}_rekeyed")
        kf.promote_pending(mk)
        crashpoint("before_promote_saved")
        kf.save(vault.paths.folder)
    # The old header's fingerprint: the next open can tell a rotation that took effect (and
    # record it) from one that did not, if this process dies before "key_rotated".
    vault.audit("key_rotation_started", {"key_file": keyfile.fingerprint(kf.header)})
    try:
        vault.run_on_writer(work)
    finally:
        crypto.wipe(new)
    vault.audit("key_rotated", {"databases": 2})


def finish_interrupted_rotation(paths, kf, master_key: bytes, current: bytearray) -> bytearray:
    """Called by Vault.open when the key file has a pending slot."""
    pending = kf.data_keys(master_key, pending=True)
    on_pending = {}
    for name, path, sl in (("vault", paths.vault_db, slice(0, 32)),
                           ("identity", paths.identity_db, slice(32, 64))):
        if _opens(path, current[sl]):
            on_pending[name] = False
        elif _opens(path, pending[sl]):
            on_pending[name] = True
        else:
            raise VaultDamaged(name=path.name, detail="neither key opens it")
    if not any(on_pending.values()):
        # Crashed before any rekey: the rotation never happened.
        kf.drop_pending()
        kf.save(paths.folder)
        crypto.wipe(pending)
        return current
    for name, path, sl in (("vault", paths.vault_db, slice(0, 32)),
                           ("identity", paths.identity_db, slice(32, 64))):
        if not on_pending[name]:
            conn = connection.connect(path, current[sl])
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute(_rekey_pragma(pending[sl]))
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
    kf.promote_pending(master_key)
    kf.save(paths.folder)
    crypto.wipe(current)
    return pending


def _opens(path, key) -> bool:
    try:
        connection.connect(path, key, readonly=False).close()
        return True
    except VaultDamaged:
        return False
    except DatabaseError:
        return False
