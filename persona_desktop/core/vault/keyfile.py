"""The key file ``vault.key``: a versioned, checksummed header holding the wrapped data keys.

Layout (text, so a damaged file can be looked at): one canonical JSON object, a newline, then
``sha256=<hex of the JSON bytes>``. The checksum tells a damaged file from a wrong password without
asking for the password. Keys are wrapped in two layers, as LUKS does:

* a random master key (MK) is wrapped once per *slot*: the password slot (Argon2id KEK) and the
  recovery slot (a random code shown once at creation);
* the two data keys (vault.db and identity.db) are wrapped under MK in ``keys``; a DEK rotation
  writes the new ones to ``pending_keys`` first, so a crash at any step never locks the user out.

Each wrap binds the header fields it depends on as AES-GCM associated data, so editing any of them
(vault id, database salts, KDF parameters) makes the unwrap fail.
"""
from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import datetime, timezone
from pathlib import Path

from . import crypto
from .crypto import InvalidTag, KdfParams
from .fsutil import atomic_write, translate_os_error
from ..errors import (KdfTooWeak, KeyFileDamaged, KeyFileMissing, UnsupportedVaultVersion,
                      WrongPassword, WrongRecoveryCode)

FORMAT = "persona-desktop-vault-key"
VERSION = 1
KEY_NAME = "vault.key"
SPARE_NAME = "vault.key.bak"


def _canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def serialise(header: dict) -> bytes:
    body = _canonical(header)
    return body + b"\nsha256=" + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n"


def parse(data: bytes) -> dict:
    """Return the header, or raise KeyFileDamaged when the checksum or structure is wrong."""
    try:
        body, _, tail = data.rstrip(b"\n").rpartition(b"\nsha256=")
        if not body or hashlib.sha256(body).hexdigest().encode("ascii") != tail:
            raise ValueError("checksum")
        header = json.loads(body.decode("ascii"))
        if header.get("format") != FORMAT:
            raise ValueError("format")
    except (ValueError, UnicodeDecodeError) as exc:
        raise KeyFileDamaged(detail=str(exc)) from None
    if int(header.get("version", 0)) > VERSION:
        raise UnsupportedVaultVersion(found=header.get("version"), supported=VERSION)
    return header


class KeyFile:
    """An in-memory header plus the operations that change it. Never holds unwrapped keys."""

    def __init__(self, header: dict, from_spare: bool = False, restore_reason: str | None = None):
        self.header = header
        self.from_spare = from_spare
        # Why vault.key must be rebuilt from this spare ("missing", "damaged", "other_vault"):
        # Vault.open does it after the password is checked, tells the user and audits it.
        self.restore_reason = restore_reason if from_spare else None
        self.replaced_vault_id: str | None = None  # the vault id of another vault's vault.key

    # --- creation --------------------------------------------------------------------------
    @classmethod
    def new(cls, password: str, recovery_code: str, params: KdfParams, master_key: bytes,
            deks: bytes, db_salts: dict[str, str]) -> "KeyFile":
        header = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": str(uuid.uuid4()),
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "db_salts": db_salts,
            "slots": {},
            "keys": None,
            "pending_keys": None,
        }
        kf = cls(header)
        kf._set_password_slot(password, params, master_key)
        kf._set_recovery_slot(recovery_code, master_key)
        kf.header["keys"] = kf._wrap_keys("keys", master_key, deks)
        return kf

    # --- properties --------------------------------------------------------------------------
    @property
    def vault_id(self) -> str:
        return self.header["vault_id"]

    @property
    def kdf(self) -> KdfParams:
        return KdfParams.from_dict(self.header["slots"]["password"]["kdf"])

    @property
    def db_salts(self) -> dict[str, str]:
        return dict(self.header["db_salts"])

    @property
    def has_pending(self) -> bool:
        return bool(self.header.get("pending_keys"))

    def check_kdf_floor(self) -> None:
        params = self.kdf
        if params.below_floor():
            raise KdfTooWeak(memory_kib=params.memory_kib, iterations=params.iterations)

    # --- associated data ------------------------------------------------------------------
    def _aad(self, part: str, extra: dict) -> bytes:
        return _canonical({"format": FORMAT, "version": self.header["version"],
                           "vault_id": self.header["vault_id"], "part": part, **extra})

    def _slot_aad(self, name: str, slot: dict) -> bytes:
        return self._aad("slot:" + name, {"kdf": slot["kdf"], "salt": slot["salt"]})

    def _keys_aad(self, name: str) -> bytes:
        return self._aad(name, {"db_salts": self.header["db_salts"]})

    # --- slots ----------------------------------------------------------------------------
    def _set_password_slot(self, password: str, params: KdfParams, master_key: bytes) -> None:
        salt = os.urandom(crypto.SALT_BYTES)
        slot = {"kdf": params.to_dict(), "salt": crypto.b64(salt)}
        kek = crypto.derive_kek(password, salt, params)
        try:
            nonce, ct = crypto.wrap(kek, master_key, self._slot_aad("password", slot))
        finally:
            crypto.wipe(kek)
        slot.update(nonce=crypto.b64(nonce), wrapped=crypto.b64(ct))
        self.header["slots"]["password"] = slot

    def _set_recovery_slot(self, code: str, master_key: bytes) -> None:
        salt = os.urandom(crypto.SALT_BYTES)
        slot = {"kdf": {"id": "hkdf-sha256"}, "salt": crypto.b64(salt)}
        kek = crypto.recovery_kek(code, salt)
        try:
            nonce, ct = crypto.wrap(kek, master_key, self._slot_aad("recovery", slot))
        finally:
            crypto.wipe(kek)
        slot.update(nonce=crypto.b64(nonce), wrapped=crypto.b64(ct))
        self.header["slots"]["recovery"] = slot

    def _open_slot(self, name: str, kek: bytearray) -> bytearray:
        slot = self.header["slots"][name]
        try:
            return crypto.unwrap(kek, crypto.unb64(slot["nonce"]), crypto.unb64(slot["wrapped"]),
                                 self._slot_aad(name, slot))
        finally:
            crypto.wipe(kek)

    def master_key_from_password(self, password: str) -> bytearray:
        self.check_kdf_floor()
        slot = self.header["slots"]["password"]
        kek = crypto.derive_kek(password, crypto.unb64(slot["salt"]), self.kdf)
        try:
            return self._open_slot("password", kek)
        except InvalidTag:
            raise WrongPassword() from None

    def master_key_from_recovery(self, code: str) -> bytearray:
        slot = self.header["slots"]["recovery"]
        kek = crypto.recovery_kek(code, crypto.unb64(slot["salt"]))
        try:
            return self._open_slot("recovery", kek)
        except InvalidTag:
            raise WrongRecoveryCode() from None

    def change_password(self, master_key: bytes, new_password: str, params: KdfParams) -> None:
        self._set_password_slot(new_password, params, master_key)

    def change_recovery_code(self, master_key: bytes, code: str) -> None:
        self._set_recovery_slot(code, master_key)

    # --- data keys ----------------------------------------------------------------------------
    def _wrap_keys(self, name: str, master_key: bytes, deks: bytes) -> dict:
        nonce, ct = crypto.wrap(master_key, deks, self._keys_aad(name))
        return {"nonce": crypto.b64(nonce), "wrapped": crypto.b64(ct)}

    def data_keys(self, master_key: bytes, pending: bool = False) -> bytearray:
        """The 64-byte bundle: vault.db key then identity.db key."""
        name = "pending_keys" if pending else "keys"
        entry = self.header[name]
        try:
            return crypto.unwrap(master_key, crypto.unb64(entry["nonce"]),
                                 crypto.unb64(entry["wrapped"]), self._keys_aad(name))
        except InvalidTag:
            # The master key was right (a slot opened), so the header itself was altered.
            raise KeyFileDamaged(detail="keys") from None

    def set_pending(self, master_key: bytes, deks: bytes) -> None:
        self.header["pending_keys"] = self._wrap_keys("pending_keys", master_key, deks)

    def promote_pending(self, master_key: bytes) -> None:
        deks = self.data_keys(master_key, pending=True)
        try:
            self.header["keys"] = self._wrap_keys("keys", master_key, deks)
        finally:
            crypto.wipe(deks)
        self.header["pending_keys"] = None

    def drop_pending(self) -> None:
        self.header["pending_keys"] = None

    # --- disk -----------------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write both copies, the spare first: a crash between the two leaves the new header in
        the spare and the old one in vault.key, so removing vault.key can never bring an old
        password back (issue 12, defect 1); the next open repairs the spare (repair_spare)."""
        data = serialise(self.header)
        atomic_write(folder / SPARE_NAME, data)
        atomic_write(folder / KEY_NAME, data)
        self.from_spare = False
        self.restore_reason = None


def belongs_elsewhere(kf: KeyFile, disk_salts: dict[str, str]) -> bool:
    """Neither database carries the salt this key file is bound to: it is another vault's key file.
    (One salt differing is a damaged or swapped database, not a foreign key file.)"""
    return all(kf.db_salts.get(name) != salt for name, salt in disk_salts.items())


def load(folder: Path, disk_salts: dict[str, str] | None = None) -> KeyFile:
    """Read vault.key, falling back to its spare copy when it is missing, damaged, or (given the
    databases' plaintext salts) belongs to another vault while the spare belongs to this one.

    The spare is never tried when vault.key is intact and this vault's own: a stale spare (an
    older header, the old password) must not be able to stand in for it."""
    primary, spare = folder / KEY_NAME, folder / SPARE_NAME
    if not primary.exists() and not spare.exists():
        raise KeyFileMissing(path=str(folder))
    first_error: Exception | None = None
    reason = "missing"
    foreign: KeyFile | None = None
    for candidate, is_spare in ((primary, False), (spare, True)):
        try:
            kf = KeyFile(parse(candidate.read_bytes()), from_spare=is_spare, restore_reason=reason)
        except FileNotFoundError:
            continue
        except KeyFileDamaged as exc:
            first_error = first_error or exc
            reason = "damaged"
            continue
        if disk_salts and belongs_elsewhere(kf, disk_salts):
            if is_spare:
                return foreign or kf  # the spare does not fit either: Vault.open reports the mismatch
            foreign, reason = kf, "other_vault"
            continue
        if foreign is not None:
            kf.replaced_vault_id = foreign.vault_id
        return kf
    if foreign is not None:
        return foreign  # no usable spare: Vault.open reports the mismatch
    raise first_error or KeyFileMissing(path=str(folder))


def set_aside_foreign(folder: Path, vault_id: str) -> Path:
    """Move another vault's vault.key out of the way instead of overwriting it: it may be the only
    copy of that vault's key, and without it that vault's data can never be decrypted again."""
    n = 0
    while True:
        aside = folder / (f"{KEY_NAME}.other-vault-{vault_id[:8]}" + (f"-{n}" if n else ""))
        if not aside.exists():
            break
        n += 1
    try:
        os.replace(folder / KEY_NAME, aside)
    except OSError as exc:
        raise translate_os_error(exc, folder, "saving the key file") from exc
    return aside


COUNTER_FIELD = "failed_unlocks"  # written without the password (vault/attempts.py)
ANCHOR_FIELD = "anchor"           # where the audit log had got to (vault/anchor.py)


def fingerprint(header: dict) -> str:
    """What identifies a key file's content for the audit log and for comparing the two copies:
    everything but the failed-unlock counter, which changes on a wrong password, and the audit
    anchor, which changes at every unlock and lock."""
    body = {k: v for k, v in header.items() if k not in (COUNTER_FIELD, ANCHOR_FIELD)}
    return hashlib.sha256(_canonical(body)).hexdigest()


def repair_spare(kf: KeyFile, folder: Path) -> bool:
    """After the password opened vault.key: a spare that differs from it (a key change cut off
    between the two writes, or a damaged spare) is rewritten from it, so a stale spare does not
    outlive an open. Another vault's spare is left alone. Returns whether it was rewritten."""
    if kf.from_spare:
        return False
    path = folder / SPARE_NAME
    try:
        spare = parse(path.read_bytes())
    except FileNotFoundError:
        spare = None
    except KeyFileDamaged:
        spare = None
    if spare is not None and (spare.get("vault_id") != kf.vault_id
                              or fingerprint(spare) == fingerprint(kf.header)):
        return False
    atomic_write(path, serialise(kf.header))
    return True


def rebuild_from_spare(kf: KeyFile, folder: Path) -> tuple[str, str] | None:
    """Put vault.key back from the spare ``kf`` was read from; return (why, name another vault's
    key file was kept under, or ""), or None when vault.key was fine. Called only after the
    password opened ``kf``, so a wrong password never changes a file."""
    reason = kf.restore_reason if kf.from_spare else None
    if reason is None:
        return None
    kept = ""
    if reason == "other_vault" and kf.replaced_vault_id:
        kept = set_aside_foreign(folder, kf.replaced_vault_id).name
    kf.save(folder)
    return reason, kept
