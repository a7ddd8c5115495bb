"""Vault use cases: create, open, inspect, re-key, back up, verify and delete a vault."""
from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import PasswordMismatch, VaultNotFound, WeakPassword
from ..jobs import NullProgress, Progress
from ..vault.passwords import strength
from ..vault.settings import VaultSettings
from ..vault import attempts
from ..vault import backup as backup_mod
from ..vault import keyops
from ..vault.fsutil import destroy_file
from ..vault.keyfile import SPARE_NAME
from ..vault.store import Vault, VaultPaths
from .results import VaultInfo

log = logging.getLogger(__name__)

def check_new_password(password: str, confirm: str | None = None, *, allow_weak: bool = False,
                       lang: str = "en") -> None:
    if confirm is not None and password != confirm:
        raise PasswordMismatch()
    result = strength(password)
    if not password or (result.weak and not allow_weak):
        raise WeakPassword(reason=result.reason_text(lang) or result.label(lang))


def create_vault(folder: Path | str | None, password: str, settings: VaultSettings | None = None,
                 *, allow_weak: bool = False) -> tuple[Vault, str]:
    """Create a vault; returns it unlocked and the recovery code to show the user exactly once."""
    check_new_password(password, allow_weak=allow_weak)
    return Vault.create(Path(folder) if folder else paths.default_vault_dir(), password, settings)


def open_vault(folder: Path | str | None, password: str) -> Vault:
    return Vault.open(Path(folder) if folder else paths.default_vault_dir(), password)


def failed_unlock_streak(folder: Path | str | None) -> int:
    """Wrong passwords in a row since the last unlock, read from the key file without a password
    (so the app can show the wait before anyone types)."""
    return attempts.read(Path(folder) if folder else paths.default_vault_dir()).streak


def unlock_delay(failures: int) -> int:
    """Seconds to wait before another try after ``failures`` wrong passwords in a row: the same
    for the app and the command line. The KDF cost is the real protection; this slows guessing
    at the keyboard."""
    return attempts.unlock_delay(failures)


def unlock_wait(folder: Path | str | None) -> int:
    return unlock_delay(failed_unlock_streak(folder))


def vault_exists(folder: Path | str | None) -> bool:
    return VaultPaths(Path(folder) if folder else paths.default_vault_dir()).exists()


def vault_info(vault: Vault) -> VaultInfo:
    s = vault.settings()
    kdf = vault.keyfile.kdf
    with vault.reader() as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("customers", "orders", "order_lines", "products", "imports",
                            "quarantine", "analysis_runs", "audit_log")}
        schema_version = conn.execute("PRAGMA user_version").fetchone()[0]
    sizes = {p.name: p.stat().st_size for p in vault.paths.database_files() if p.exists()}
    return VaultInfo(
        path=str(vault.paths.folder.resolve()),
        vault_id=vault.keyfile.vault_id,
        created_at=vault.keyfile.header.get("created_at"),
        settings={"shop_name": s.shop_name, "currency": s.currency, "timezone": s.timezone,
                  "phone_country": s.phone_country},
        kdf={"id": kdf.id, "memory_kib": kdf.memory_kib, "iterations": kdf.iterations},
        schema_version=schema_version,
        counts=counts,
        file_bytes=sizes,
        failed_unlocks_since_last=vault.failed_unlocks_recorded,
        failed_unlock_record_reset=vault.failed_unlock_record_reset,
    )


def change_password(vault: Vault, new_password: str, *, allow_weak: bool = False) -> None:
    check_new_password(new_password, allow_weak=allow_weak)
    keyops.change_password(vault, new_password)


def recover(folder: Path | str | None, recovery_code: str, new_password: str, *,
            allow_weak: bool = False) -> tuple[Vault, str]:
    """Open with the recovery code, set a new password and issue a new recovery code (the old one
    has been typed somewhere and may have been seen)."""
    check_new_password(new_password, allow_weak=allow_weak)
    vault = Vault.open(Path(folder) if folder else paths.default_vault_dir(),
                       recovery_code=recovery_code)
    try:
        keyops.change_password(vault, new_password)
        vault.audit("password_reset_with_recovery_code", {})
        code = keyops.reset_recovery_code(vault)
    except BaseException:
        vault.lock()
        raise
    return vault, code


def rotate_keys(vault: Vault, progress: Progress | None = None) -> None:
    progress = progress or NullProgress()
    progress.step(0, 1, "rotating")
    keyops.rotate_data_keys(vault)
    progress.step(1, 1, "done")


def backup(vault: Vault, dest: Path | str, progress: Progress | None = None) -> backup_mod.BackupInfo:
    return backup_mod.create_backup(vault, Path(dest), progress)


def restore(archive: Path | str, folder: Path | str | None, password: str, *, replace: bool = False,
            progress: Progress | None = None) -> Path | None:
    target = Path(folder) if folder else paths.default_vault_dir()
    return backup_mod.restore_backup(Path(archive), target, password, replace=replace,
                                     progress=progress)


@dataclass
class VerifyReport:
    integrity: dict[str, list[str]] = field(default_factory=dict)
    audit: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(not v for v in self.integrity.values()) and self.audit.get("ok", False)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "integrity": self.integrity, "audit": self.audit}


def verify(vault: Vault, progress: Progress | None = None) -> VerifyReport:
    progress = progress or NullProgress()
    progress.step(0, 2, "integrity")
    integrity = vault.integrity_problems()
    progress.step(1, 2, "audit")
    report = VerifyReport(integrity, vault.verify_audit().to_dict())
    if vault.damaged is None:  # a damaged vault is reported, never written to (not even this)
        vault.audit("integrity_checked", {"ok": report.ok})
    progress.step(2, 2, "done")
    return report


def check_integrity(vault: Vault) -> None:
    """The background check after unlock (vault.md step 6): opening reads page 1 only, so a
    damaged or truncated later page is found here. Raises VaultDamaged naming the file; from
    then on the vault refuses every write."""
    for name, problems in vault.integrity_problems().items():
        if problems:
            log.warning("integrity check found %d problem(s) in %s", len(problems), name)
    damage = vault.damaged
    if damage is not None:
        raise damage


def acknowledge_audit_anomaly(vault: Vault):
    """The user has read the rolled-back/cut warning: log it and check from the newest entry on.
    Returns the acknowledged ``audit.HeadAnomaly`` (None when there was nothing to acknowledge)."""
    return vault.acknowledge_audit_anomaly()


def audit_entries(vault: Vault, limit: int = 100) -> list[dict]:
    return vault.audit_entries(limit)


def update_settings(vault: Vault, **changes) -> VaultSettings:
    return vault.update_settings(**changes)


def delete_vault(folder: Path | str) -> None:
    """Crypto-erase: destroy both copies of the key file first (without it the databases are
    unreadable), then remove the database files (privacy.md E5)."""
    vp = VaultPaths(Path(folder))
    if not vp.exists():
        raise VaultNotFound(path=str(folder))
    from ..vault.lockfile import ProcessLock
    lock = ProcessLock(vp.folder).acquire()
    try:
        destroy_file(vp.key)
        destroy_file(vp.folder / SPARE_NAME)
        for p in vp.database_files() + [vp.attempts]:
            try:
                p.unlink()
            except FileNotFoundError:
                pass
    finally:
        lock.release()
    shutil.rmtree(vp.folder, ignore_errors=True)
    log.info("vault deleted (key file destroyed first)")
