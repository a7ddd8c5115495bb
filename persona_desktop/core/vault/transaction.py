"""One write of the vault, on the writer thread: both databases, one outcome (journal.py).

    BEGIN both -> finish or undo the previous write -> the caller's changes -> its audit entry
    -> prepare (pending row, head, marker) -> COMMIT identity.db -> COMMIT vault.db -> finish

A failure before identity.db commits rolls both back. A failure of the vault.db commit undoes
the prepared identity changes at once when it can, else at the start of the next write (every
open makes one). A crash anywhere leaves what the next write's ``journal.resolve`` puts right.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from . import audit, journal
from .connection import DatabaseError

log = logging.getLogger(__name__)


def run(vconn, iconn, fn: Callable[[Any, Any], Any], audit_event: tuple[str, dict] | None,
        *, reanchor: bool = False) -> Any:
    """``reanchor`` moves the audit head to the log's end even over an anomaly: only for the
    acknowledgement, which is itself the write's audit entry."""
    vconn.execute("BEGIN IMMEDIATE")
    iconn.execute("BEGIN IMMEDIATE")
    try:
        journal.clear(iconn)
        resolved = journal.resolve(vconn, iconn)
        if resolved.outcome == "undone":
            audit.append(vconn, iconn, "interrupted_write_undone", resolved.audit_details())
        token = journal.begin(iconn)
        result = fn(vconn, iconn)
        if audit_event is not None:
            audit.append(vconn, iconn, audit_event[0], audit_event[1])
        # Decided before the marker moves: the head stays put while the log does not continue it
        # or identity.db lags vault.db, so the evidence is reported at every open until acknowledged.
        move = reanchor or (audit.head_anomaly(vconn, iconn) is None
                            and journal.generation_anomaly(vconn, iconn) is None)
        journal.prepare(vconn, iconn, token, move_head=move)
        finish = journal.trashed(iconn, token)
        iconn.execute("COMMIT")
    except BaseException:
        for conn in (iconn, vconn):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        journal.end()
        raise
    try:
        journal.crashpoint("identity_committed")
        vconn.execute("COMMIT")
    except BaseException:
        if vconn.in_transaction:
            vconn.execute("ROLLBACK")
        _undo_prepared(vconn, iconn)
        journal.end()
        raise
    journal.end()
    if finish:  # rows it removed (an erasure, an undone import) leave the trash now
        try:
            journal.finish_now(iconn, token)
        except DatabaseError:
            log.warning("could not empty the journal's trash; the next write does")
    return result


def _undo_prepared(vconn, iconn) -> None:
    """vault.db did not commit: take identity.db's prepared changes back now if possible (the
    next write would, but the process may go on writing without reopening)."""
    try:
        iconn.execute("BEGIN IMMEDIATE")
        try:
            journal.clear(iconn)
            journal.resolve(vconn, iconn)
            iconn.execute("COMMIT")
        except BaseException:
            if iconn.in_transaction:
                iconn.execute("ROLLBACK")
            raise
    except DatabaseError:
        log.warning("could not undo a write vault.db did not commit; the next write does")
