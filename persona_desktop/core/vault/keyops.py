"""Key operations on an open vault: password change, recovery, data-key rotation.

Password change and recovery re-wrap the master key only (fast, no database rewrite).
Rotation is two-phase so a crash at any step leaves a vault that opens:
  1. new data keys -> ``pending_keys`` slot, key file saved;
  2. ``PRAGMA rekey`` vault.db, then identity.db (each rekey is one SQLite transaction);
  3. pending promoted to current, key file saved.
Opening tries the current keys, then the pending ones, and finishes whatever step was cut off.
"""
from __future__ import annotations

import os
from typing import Callable

from . import connection, crypto
from .connection import DatabaseError
from ..errors import VaultDamaged

# Tests replace this to inject a crash between the steps above.
crashpoint: Callable[[str], None] = lambda step: None


def change_password(vault, new_password: str, kdf: crypto.KdfParams | None = None) -> None:
    params = kdf or crypto.calibrate()

    def work(vconn, iconn):
        vault.keyfile.change_password(vault._master_key, new_password, params)
        vault.keyfile.save(vault.paths.folder)
    vault.write(work, audit_event=("password_changed", {"kdf_memory_kib": params.memory_kib,
                                                        "kdf_iterations": params.iterations}))


def reset_recovery_code(vault) -> str:
    code = crypto.new_recovery_code()

    def work(vconn, iconn):
        vault.keyfile.change_recovery_code(vault._master_key, code)
        vault.keyfile.save(vault.paths.folder)
    vault.write(work, audit_event=("recovery_code_changed", {}))
    return code


def _rekey_pragma(key: bytes) -> str:
    return "PRAGMA rekey = \"x'" + bytes(key).hex() + "'\""


def rotate_data_keys(vault) -> None:
    """Replace both SQLCipher keys (suspected compromise of a data key)."""
    new = bytearray(os.urandom(64))
    kf, mk = vault.keyfile, vault._master_key

    def work(vconn, iconn):
        kf.set_pending(mk, new)
        kf.save(vault.paths.folder)
        crashpoint("pending_saved")
        for conn, key, name in ((vconn, new[:32], "vault"), (iconn, new[32:], "identity")):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute(_rekey_pragma(key))
            crashpoint(f"{name}_rekeyed")
        kf.promote_pending(mk)
        crashpoint("before_promote_saved")
        kf.save(vault.paths.folder)
        vault._deks[:] = new
    vault.audit("key_rotation_started", {})
    vault.run_on_writer(work)
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
