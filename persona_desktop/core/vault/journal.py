"""One commit across vault.db and identity.db (issue 12, defects 2 and 4).

SQLite commits each database on its own (in WAL mode an ATTACHed pair is not atomic either), so
every write of the vault is a small two-phase commit with identity.db as the journal:

1. *prepare* - identity.db commits the write's identity changes, a ``pending_commit`` row naming
   the write's token and generation, the audit head the write will leave, and the head before it;
2. *decide* - vault.db commits the write's changes with ``commit_marker`` = (token, generation);
3. *finish* - the pending row (and any trashed rows, below) go, at the start of the next write or
   at once when the write removed identity rows (an erasure must not linger in the trash).

Whether a write happened is decided by vault.db alone: at the start of every write (so at every
open) a pending token that vault.db's marker names is finished, any other is undone - the rows it
added (tagged with its token in ``write_token``) are deleted, the rows it removed or changed come
back from ``commit_trash``, and the head goes back to where it was. So no identity and no raw
quarantined row exists without the committed write that added it, and an interrupted erasure is
either done or not begun. The tagging and the trash are temp triggers of the writer's identity
connection, so no code path that writes those tables can forget them.

The generation is a counter of committed writes held in both databases: identity.db's audit head
records the generation of the write that moved it, before vault.db commits that write. After the
pending token is resolved the two must be equal; identity.db behind vault.db means identity.db was
replaced by an older copy, ahead of it means vault.db was (audit.head_anomaly reports that case
from the chain itself). The key file holds a third copy (anchor.py).
"""
from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Tables of identity.db whose rows belong to the write that added them, with their columns.
TRACKED: dict[str, tuple[str, ...]] = {
    "identities": ("pseudonym", "kind", "value", "first_seen", "write_token"),
    "quarantine_raw": ("quarantine_id", "import_id", "raw_json", "write_token"),
    "blocklist": ("hash", "kind", "added_at", "write_token"),
}

# A test hook, as keyops.crashpoint: called with "identity_committed" between the two commits.
crashpoint: Callable[[str], None] = lambda step: None

_local = threading.local()


def current_token() -> str | None:
    """The token of the write running on this thread (writers bind it to ``write_token``)."""
    return getattr(_local, "token", None)


@dataclass(frozen=True)
class Resolved:
    """What the start of a write found of the previous one."""
    outcome: str                 # "none" | "finished" | "undone"
    rows_removed: int = 0        # rows the undone write had added
    rows_restored: int = 0       # rows it had removed or changed, put back

    def audit_details(self) -> dict:
        return {"rows_removed": self.rows_removed, "rows_restored": self.rows_restored}


def install_triggers(iconn) -> None:
    """Temp triggers on the writer's identity connection: a row inserted without a token gets the
    current one; a deleted row is copied to the trash first. Rows are never updated in place (a
    correction is a delete and an insert), so an undo has only these two cases to reverse."""
    iconn.execute("CREATE TEMP TABLE IF NOT EXISTS current_write(token TEXT)")
    token = "(SELECT token FROM temp.current_write)"
    for table, columns in TRACKED.items():
        old = "json_object(" + ", ".join(f"'{c}', old.{c}" for c in columns) + ")"
        iconn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS journal_{table}_insert AFTER INSERT ON main.{table}"
            f" WHEN new.write_token IS NULL BEGIN UPDATE main.{table} SET write_token = {token}"
            f" WHERE rowid = new.rowid; END")
        iconn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS journal_{table}_delete BEFORE DELETE ON main.{table}"
            f" BEGIN INSERT INTO main.commit_trash(token, tbl, row_json) VALUES ({token},"
            f" '{table}', {old}); END")
        iconn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS journal_{table}_update BEFORE UPDATE ON main.{table}"
            f" WHEN NOT (old.write_token IS NULL AND new.write_token IS {token})"
            f" BEGIN SELECT RAISE(ABORT, 'rows of {table} are deleted and inserted, not updated');"
            f" END")


def clear(iconn) -> None:
    """Start of a write, before ``resolve``: no token, so what resolve moves is not tagged."""
    iconn.execute("DELETE FROM temp.current_write")
    _local.token = None


def begin(iconn) -> str:
    """After ``resolve``, inside the write's identity transaction: a new token for this write."""
    token = uuid.uuid4().hex
    iconn.execute("INSERT INTO temp.current_write(token) VALUES (?)", (token,))
    _local.token = token
    return token


def end() -> None:
    _local.token = None


def vault_generation(vconn) -> tuple[int, str | None]:
    row = vconn.execute("SELECT generation, token FROM commit_marker WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else (0, None)


def identity_head(iconn) -> tuple[int, str, int | None]:
    """(audit seq, hash, generation) as identity.db holds them; generation None before it was kept."""
    row = iconn.execute("SELECT seq, hash, generation FROM audit_head WHERE id = 1").fetchone()
    return (row[0], row[1], row[2]) if row else (0, "0" * 64, None)


def resolve(vconn, iconn) -> Resolved:
    """Inside both transactions of a write, after ``clear`` and before ``begin``: finish the
    pending write if vault.db committed it, else undo it."""
    row = iconn.execute("SELECT token, old_seq, old_hash, old_generation FROM pending_commit"
                        " WHERE id = 1").fetchone()
    if row is None:
        return Resolved("none")
    token, old_seq, old_hash, old_generation = row
    if vault_generation(vconn)[1] == token:
        _finish(iconn, token)
        return Resolved("finished")
    removed = restored = 0
    for table, columns in TRACKED.items():
        before = iconn.total_changes
        iconn.execute(f"DELETE FROM {table} WHERE write_token = ?", (token,))
        removed += iconn.total_changes - before
    # Rows the undone write added and then removed itself are not put back either.
    for table, columns in TRACKED.items():
        picks = ", ".join(f"json_extract(row_json, '$.{c}')" for c in columns)
        before = iconn.total_changes
        iconn.execute(f"INSERT OR REPLACE INTO {table}({', '.join(columns)}) SELECT {picks}"
                      f" FROM commit_trash WHERE token = ? AND tbl = ? AND"
                      f" json_extract(row_json, '$.write_token') IS NOT ? ORDER BY rowid",
                      (token, table, token))
        restored += iconn.total_changes - before
    iconn.execute("UPDATE audit_head SET seq = ?, hash = ?, generation = ? WHERE id = 1",
                  (old_seq, old_hash, old_generation))
    _finish(iconn, token)
    # resolve runs before ``begin``: the deletes above went to the trash with no token
    iconn.execute("DELETE FROM commit_trash WHERE token IS NULL")
    log.warning("a write interrupted before vault.db committed was undone: %d rows removed, "
                "%d restored", removed, restored)
    return Resolved("undone", removed, restored)


def _finish(iconn, token: str) -> None:
    iconn.execute("DELETE FROM commit_trash WHERE token = ?", (token,))
    iconn.execute("DELETE FROM pending_commit WHERE id = 1")


def prepare(vconn, iconn, token: str, *, move_head: bool) -> int:
    """Before the identity commit: vault.db's marker (uncommitted until phase 2) and identity.db's
    pending row and head. ``move_head`` False keeps the head (and its generation) where it is: an
    anomaly stays reported until acknowledged. Returns the write's generation."""
    generation = vault_generation(vconn)[0] + 1
    vconn.execute("INSERT INTO commit_marker(id, generation, token) VALUES (1, ?, ?) ON CONFLICT(id)"
                  " DO UPDATE SET generation = excluded.generation, token = excluded.token",
                  (generation, token))
    old_seq, old_hash, old_generation = identity_head(iconn)
    iconn.execute("INSERT INTO pending_commit(id, token, generation, old_seq, old_hash,"
                  " old_generation) VALUES (1, ?, ?, ?, ?, ?)",
                  (token, generation, old_seq, old_hash, old_generation))
    if move_head:
        move_head_to_log(vconn, iconn, generation)
    return generation


def move_head_to_log(vconn, iconn, generation: int) -> None:
    row = vconn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, digest = row if row else (0, "0" * 64)
    iconn.execute("INSERT INTO audit_head(id, seq, hash, generation) VALUES (1, ?, ?, ?)"
                  " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                  " generation = excluded.generation", (seq, digest, generation))


def finish_now(iconn, token: str) -> None:
    """Phase 3 at once, in its own identity transaction (for writes that trashed rows)."""
    iconn.execute("BEGIN IMMEDIATE")
    try:
        _finish(iconn, token)
        iconn.execute("COMMIT")
    except BaseException:
        iconn.execute("ROLLBACK")
        raise


def trashed(iconn, token: str) -> bool:
    return iconn.execute("SELECT 1 FROM commit_trash WHERE token = ? LIMIT 1",
                         (token,)).fetchone() is not None


def generation_anomaly(vconn, iconn) -> str | None:
    """After ``resolve``: identity.db's generation against vault.db's. None while identity.db
    predates the counter (its first write sets it)."""
    generation = identity_head(iconn)[2]
    if generation is None:
        return None
    vault = vault_generation(vconn)[0]
    if generation < vault:
        return "identity_rolled_back"
    if generation > vault:
        return "vault_rolled_back"
    return None
