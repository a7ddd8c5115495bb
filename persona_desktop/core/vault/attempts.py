"""Failed unlocks: counted in the key file's header, and the delay that grows with them.

A failed unlock has no key, so it cannot be written into the encrypted vault. It used to go to a
plaintext side file (unlock-attempts.json), and deleting that file erased the record. It now sits
in the key file's header (both copies), which a vault cannot be opened without:

    "failed_unlocks": {"total": 5, "streak": 3, "since": "2026-12-07T22:00:00+00:00"}

``total`` counts every failure ever (it never goes down), ``streak`` the failures since the last
successful unlock (it drives the delay), ``since`` when that streak began. The field is NOT
authenticated: the header's GCM wraps bind only the fields they depend on, and the counter must be
written on a failed unlock, without the password, so only the header's checksum covers it. A
file-level attacker can therefore reset it; the README says so. What the app can detect: each
successful unlock records ``total`` inside the encrypted vault (the "unlocked" audit entry); a
later total below that record means the counter was reset or the key file replaced, and is
reported. Putting back the exact value seen before the guessing is not detectable.

The delay is a pure function of the streak so that the app and the command line wait the same.
It slows a person at the keyboard, not an attacker with a copy of the files: the Argon2id cost of
every guess is the real protection.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import KeyFileDamaged, PersonaError, UnsupportedVaultVersion
from . import audit, keyfile
from .fsutil import atomic_write

log = logging.getLogger(__name__)

FIELD = keyfile.COUNTER_FIELD
LEGACY_NAME = "unlock-attempts.json"  # written by earlier versions; read once, then removed
FREE_TRIES = 3
MAX_DELAY_S = 30


@dataclass(frozen=True)
class FailedUnlocks:
    total: int = 0
    streak: int = 0
    since: str | None = None

    @classmethod
    def from_header(cls, header: dict) -> FailedUnlocks:
        """Whatever the field holds; a malformed one counts as absent (it is unauthenticated)."""
        raw = header.get(FIELD)
        try:
            return cls(total=max(0, int(raw["total"])), streak=max(0, int(raw["streak"])),
                       since=str(raw["since"]) if raw.get("since") else None)
        except (TypeError, KeyError, ValueError, AttributeError):
            return cls()

    def to_dict(self) -> dict:
        return {"total": self.total, "streak": self.streak, "since": self.since}

    def failed(self) -> FailedUnlocks:
        since = self.since or datetime.now(timezone.utc).isoformat(timespec="seconds")
        return FailedUnlocks(self.total + 1, self.streak + 1, since)

    def cleared(self) -> FailedUnlocks:
        return FailedUnlocks(self.total, 0, None)


def unlock_delay(failures: int) -> int:
    """Seconds to wait before the next try after ``failures`` wrong passwords in a row: none for
    the first three, then 1, 2, 4, 8, 16, capped at 30."""
    if failures < FREE_TRIES:
        return 0
    return min(MAX_DELAY_S, 2 ** min(failures - FREE_TRIES, 5))


def read(folder: Path) -> FailedUnlocks:
    """The counter as the key file holds it (the spare when the primary is damaged), no password
    needed: the app shows the wait before anyone types."""
    try:
        return FailedUnlocks.from_header(keyfile.load(Path(folder)).header)
    except (OSError, PersonaError):  # a missing or damaged key file is the open's to report
        return FailedUnlocks()


def count_failure(folder: Path, vault_id: str | None = None) -> FailedUnlocks:
    """Add one failure to each key file copy that reads correctly, each from its own content, so
    nothing else in either file changes (a damaged copy is left for the open to report). With
    ``vault_id``, a copy of another vault (its vault.key copied in here) is left untouched: it may
    be that vault's only key file."""
    return _update(Path(folder), FailedUnlocks.failed, vault_id)


def clear_streak(kf: keyfile.KeyFile, folder: Path) -> None:
    """After a successful unlock: the streak ends, the total stays. Only written when there was a
    streak, so an ordinary unlock does not rewrite the key file."""
    counter = FailedUnlocks.from_header(kf.header)
    if counter.streak or counter.since:
        kf.header[FIELD] = counter.cleared().to_dict()
        kf.save(folder)


def _update(folder: Path, change, vault_id: str | None = None) -> FailedUnlocks:
    newest = FailedUnlocks()
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        path = folder / name
        try:
            header = keyfile.parse(path.read_bytes())
        except (OSError, KeyFileDamaged, UnsupportedVaultVersion):
            continue
        if vault_id is not None and header.get("vault_id") != vault_id:
            continue
        counter = change(FailedUnlocks.from_header(header))
        header[FIELD] = counter.to_dict()
        try:
            atomic_write(path, keyfile.serialise(header))
        except OSError:
            # A read-only folder must not turn a wrong password into a different error.
            log.warning("could not record a failed unlock in %s", name)
            continue
        if counter.total > newest.total:
            newest = counter
    return newest


def read_legacy(folder: Path) -> tuple[int, str | None]:
    """What an earlier version left in unlock-attempts.json: (count, since), (0, None) if none.
    Removed with ``remove_legacy`` once recorded, so it is counted once."""
    try:
        data = json.loads((Path(folder) / LEGACY_NAME).read_text())
        return max(0, int(data.get("count", 0))), str(data.get("since") or "") or None
    except (OSError, ValueError, TypeError, AttributeError):
        return 0, None


def remove_legacy(folder: Path) -> None:
    try:
        (Path(folder) / LEGACY_NAME).unlink()
    except OSError:
        pass


def since_last_unlock(counter: FailedUnlocks, recorded: int | None) -> tuple[int, bool]:
    """(failures since the last successful unlock, whether the counter was reset meanwhile).

    With a record inside the vault the difference of totals is the count (a crash between the
    audit entry and clearing the streak then reports nothing twice); a total below the record
    means the counter was reset or the key file replaced, and only the streak is left to go by."""
    if recorded is None:
        return counter.streak, False
    if counter.total < recorded:
        return counter.streak, True
    return counter.total - recorded, False


def recorded_total(vconn) -> int | None:
    """The total the last successful unlock recorded inside vault.db (None before this existed)."""
    row = vconn.execute("SELECT details FROM audit_log WHERE event = 'unlocked' "
                        "ORDER BY seq DESC LIMIT 1").fetchone()
    try:
        value = json.loads(row[0]).get("failed_total") if row else None
    except (ValueError, TypeError, AttributeError):
        return None
    return int(value) if isinstance(value, int) else None


def audit_failures(vconn, iconn, counter: FailedUnlocks,
                   legacy: tuple[int, str | None] = (0, None)) -> tuple[int, bool]:
    """Inside the unlock's write transaction, before its "unlocked" entry: an entry for a reset
    counter and one for the failures since the last unlock. Returns (failures, reset)."""
    recorded = recorded_total(vconn)
    failed, reset = since_last_unlock(counter, recorded)
    failed += legacy[0]
    if reset:
        audit.append(vconn, iconn, "unlock_counter_reset",
                     {"recorded": recorded, "found": counter.total})
    if failed:
        audit.append(vconn, iconn, "unlock_failed",
                     {"count": failed, "since": counter.since or legacy[1]})
    return failed, reset


def unlocked_details(counter: FailedUnlocks) -> dict:
    """What the "unlocked" entry records for the next unlock to compare with."""
    return {"failed_total": counter.total}


def finish_unlock(vault) -> None:
    """After the unlock is recorded: the old side file goes, the key file's streak ends."""
    remove_legacy(vault.paths.folder)
    try:
        clear_streak(vault.keyfile, vault.paths.folder)
    except OSError:
        log.warning("could not clear the failed-unlock streak in the key file")
