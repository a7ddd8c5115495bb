"""Append-only, hash-chained audit log (shared/design/vault.md, privacy.md C1).

Each entry stores the SHA-256 of the previous entry and of its own content; the chain head (last
sequence number and hash) is mirrored in identity.db, so removing the newest entries is detected
as well as editing, removing or reordering any of them. Entries hold event types, counts, file
hashes and request ids only: ``append`` refuses free text, so a customer value cannot slip in.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..i18n import pick

GENESIS = "0" * 64

EVENTS = frozenset({
    "vault_created", "unlocked", "unlock_failed", "locked", "password_changed",
    "password_reset_with_recovery_code", "recovery_code_changed", "key_rotation_started",
    "key_rotated", "backup_created", "restored", "settings_changed", "integrity_checked",
    "demo_loaded", "import", "import_undone", "mapping_saved", "quarantine_exported", "export",
    "reidentify", "erase", "consent_changed", "retention_applied", "analysis_run",
    "audit_anomaly_acknowledged",
    "key_file_restored",
    "unlock_counter_reset", "key_change_not_completed", "interrupted_write_undone",
})

# Identifiers, hashes, timestamps, enum names: nothing that can hold a person's name or email.
_SAFE_TEXT = re.compile(r"^[A-Za-z0-9_.:+\-]{0,80}$")
# ...nor a phone number (or QQ/ID number): 7 to 20 digits and dashes, with or without a leading "+".
# Counts are passed as numbers, so a string of digits here is a value copied from a customer row.
_PHONE_LIKE = re.compile(r"^\+?[0-9][0-9\-]{5,18}[0-9]$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# ...nor a pseudonym (privacy.md: entries never hold pseudonyms; see privacy.pseudonymize).
_PSEUDONYM = re.compile(r"^c_[0-9a-f]{32}$")


def _looks_personal(value: str) -> bool:
    return ((bool(_PHONE_LIKE.match(value)) and not _ISO_DATE.match(value))
            or bool(_PSEUDONYM.match(value)))


def _check_details(details: dict) -> None:
    for key, value in details.items():
        if not _SAFE_TEXT.match(key):
            raise ValueError(f"audit detail key not allowed: {key!r}")
        if isinstance(value, (bool, int, float)) or value is None:
            continue
        if isinstance(value, str) and _SAFE_TEXT.match(value) and not _looks_personal(value):
            continue
        raise ValueError(f"audit detail {key!r} must be a count, flag or identifier")


def _entry_hash(prev_hash: str, seq: int, ts: str, event: str, details: str) -> str:
    content = json.dumps({"seq": seq, "ts": ts, "event": event, "details": details},
                         sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256((prev_hash + "\n" + content).encode("ascii")).hexdigest()


def append(vconn, iconn, event: str, details: dict | None = None, now: datetime | None = None) -> int:
    """Add one entry. Call inside the caller's vault.db transaction when the event is part of a
    larger change (so the entry and the change commit together); the head in identity.db moves in
    the same write, before vault.db commits (journal.prepare). Returns the new sequence number."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    details = dict(details or {})
    _check_details(details)
    ts = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    row = vconn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    text = json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    digest = _entry_hash(prev, seq, ts, event, text)
    vconn.execute("INSERT INTO audit_log(seq, ts, event, details, prev_hash, hash) VALUES (?,?,?,?,?,?)",
                  (seq, ts, event, text, prev, digest))
    return seq


@dataclass(frozen=True)
class HeadAnomaly:
    """The log does not continue the chain the head in identity.db points at."""
    # newest_entries_removed | head_mismatch | broken_link | edited_entry | missing_entry (the log
    # itself); identity_rolled_back | vault_rolled_back | databases_rolled_back (store.history_anomaly)
    reason: str
    head_seq: int      # the entry the head names
    log_last: int      # the newest entry the log holds now

    def to_dict(self) -> dict:
        return {"reason": self.reason, "head_seq": self.head_seq, "log_last": self.log_last}

    def message(self, lang: str | None = None) -> str:
        cause = _CAUSES.get(self.reason, _CAUSES["log"])
        return pick(
            f"Warning: this vault's audit log does not continue where it last ended (entry "
            f"{self.head_seq}; {self.reason}). {cause[0]} Check with 'persona verify'; once you "
            f"know why, acknowledge it with 'persona verify --acknowledge' (or in the app). This "
            f"warning repeats until then.",
            f"警告：本保险库的审计日志没有从上次结束处（第 {self.head_seq} 条；{self.reason}）继续。"
            f"{cause[1]}请用“persona verify”检查；查明原因后，用“persona verify "
            f"--acknowledge”（或在应用中）确认。确认之前每次打开都会提示。", lang)


_CAUSES = {
    "log": ("Entries were removed, or the vault file was replaced by an older copy.",
            "可能有记录被删除，或保险库文件被替换为旧副本。"),
    "identity_rolled_back": (
        "The identity file (identity.db) was replaced by an older copy: people erased or "
        "corrected since then may be back.",
        "身份文件（identity.db）被替换为旧副本：此后删除或更正的个人信息可能已恢复。"),
    "vault_rolled_back": ("The vault file (vault.db) was replaced by an older copy.",
                          "保险库文件（vault.db）被替换为旧副本。"),
    "databases_rolled_back": (
        "Both data files were replaced by older copies (the key file remembers a later state).",
        "两个数据文件都被替换为旧副本（密钥文件记录了更新的状态）。"),
}


def head_anomaly(vconn, iconn) -> HeadAnomaly | None:
    """Check the entry the head names and every entry after it (the ones a head move would
    skip): cheap at every open, since it reads only the entries added since the last head move."""
    head = iconn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    head_seq, head_hash = head if head else (0, GENESIS)
    last = vconn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
    prev = GENESIS
    if head_seq:
        row = vconn.execute("SELECT hash FROM audit_log WHERE seq = ?", (head_seq,)).fetchone()
        if row is None:
            return HeadAnomaly("newest_entries_removed", head_seq, last)
        if row[0] != head_hash:
            return HeadAnomaly("head_mismatch", head_seq, last)
        prev = head_hash
    expected = head_seq + 1
    for seq, ts, event, details, prev_hash, digest in vconn.execute(
            "SELECT seq, ts, event, details, prev_hash, hash FROM audit_log WHERE seq > ? "
            "ORDER BY seq", (head_seq,)):
        reason = ("missing_entry" if seq != expected else "broken_link" if prev_hash != prev
                  else "edited_entry" if _entry_hash(prev_hash, seq, ts, event, details) != digest
                  else None)
        if reason:
            return HeadAnomaly(reason, head_seq, last)
        prev, expected = digest, seq + 1
    return None


@dataclass
class AuditReport:
    entries: int = 0
    ok: bool = True
    first_broken: int | None = None
    reason: str = ""
    head_repaired: bool = False
    events: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"entries": self.entries, "ok": self.ok, "first_broken": self.first_broken,
                "reason": self.reason, "events": self.events}


def verify(vconn, iconn) -> AuditReport:
    """Walk the chain and report the first broken link (edited, removed, reordered or cut)."""
    report = AuditReport()
    prev, expected_seq = GENESIS, 1
    hashes: dict[int, str] = {}
    for seq, ts, event, details, prev_hash, digest in vconn.execute(
            "SELECT seq, ts, event, details, prev_hash, hash FROM audit_log ORDER BY seq"):
        report.entries += 1
        report.events[event] = report.events.get(event, 0) + 1
        reason = ""
        if seq != expected_seq:
            reason = "missing_entry"
        elif prev_hash != prev:
            reason = "broken_link"
        elif _entry_hash(prev_hash, seq, ts, event, details) != digest:
            reason = "edited_entry"
        if reason and report.ok:
            report.ok, report.first_broken, report.reason = False, expected_seq, reason
        prev, expected_seq = digest, seq + 1
        hashes[seq] = digest
    head = iconn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    head_seq, head_hash = head if head else (0, GENESIS)
    if report.ok:
        last = expected_seq - 1
        if head_seq > last:
            report.ok, report.first_broken, report.reason = False, last + 1, "newest_entries_removed"
        elif head_seq and hashes.get(head_seq) != head_hash:
            report.ok, report.first_broken, report.reason = False, head_seq, "head_mismatch"
    return report


# Entries that change the key file's content. Password and recovery-code changes carry the new
# header's fingerprint ("key_file"), a rotation's start the old one; each is written before the
# files change (keyops), so the next open can tell whether the change took effect.
KEY_EVENTS = ("password_changed", "recovery_code_changed", "key_change_not_completed",
              "key_rotation_started", "key_rotated")


def unfinished_key_change(vconn, current_fingerprint: str) -> tuple[str, dict] | None:
    """The entry that closes the newest key change when the process died before it could: a
    password/recovery-code change whose key file is not on disk -> key_change_not_completed; a
    rotation started and not recorded as done -> key_rotated when the key file changed (the open
    finished it), else key_change_not_completed. None when there is nothing to close."""
    row = vconn.execute(
        f"SELECT event, details FROM audit_log WHERE event IN ({','.join('?' * len(KEY_EVENTS))}) "
        "ORDER BY seq DESC LIMIT 1", KEY_EVENTS).fetchone()
    if row is None:
        return None
    event, fingerprint = row[0], json.loads(row[1]).get("key_file")
    if not fingerprint:
        return None
    if event in ("password_changed", "recovery_code_changed"):
        if fingerprint != current_fingerprint:
            return "key_change_not_completed", {"event": event, "key_file": fingerprint}
    elif event == "key_rotation_started":
        if fingerprint != current_fingerprint:
            return "key_rotated", {"databases": 2, "completed_at_open": True}
        return "key_change_not_completed", {"event": event, "key_file": fingerprint}
    return None


def head_lags(vconn, iconn) -> bool:
    """True when the log is longer than the mirrored head. Since the head moves before vault.db
    commits (journal.py) that is only a vault from before that change, cut off between its two
    commits; its prefix still matched, so the first write moves the head forward (reported as
    ``head_repaired``). Any later lag is identity.db rolled back (journal.generation_anomaly)."""
    head = iconn.execute("SELECT seq FROM audit_head WHERE id = 1").fetchone()
    last = vconn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
    return (head[0] if head else 0) < last


def entries(vconn, limit: int = 100) -> list[dict]:
    rows = vconn.execute("SELECT seq, ts, event, details FROM audit_log ORDER BY seq DESC LIMIT ?",
                         (limit,)).fetchall()
    return [{"seq": s, "ts": t, "event": e, "details": json.loads(d)} for s, t, e, d in rows]
