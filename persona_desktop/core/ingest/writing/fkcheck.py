"""Foreign keys of the rows an import inserted, checked once before it commits.

SQLite checks a foreign key per inserted row, opening a cursor on the parent table for each: for
Online Retail's 541,909 order lines (three foreign keys each) that cost ~1.5 s, more than the
inserts themselves. So the import runs with ``foreign_keys`` off (``Vault.write(...,
foreign_keys=False)``, for its transaction only) and, before committing, checks every row it
inserted with one join per foreign key. The import inserts rows and never updates a foreign key
column, so the rows with a rowid above each table's largest before the import are everything
SQLite would have checked; a violation raises the IntegrityError SQLite would have raised, and
the transaction rolls back. With ``foreign_keys`` on (SQLite checked already) nothing is done.

``check()`` runs after each chunk (each checks the rows inserted since the last one): a chunk's
rows reference only rows of the same or earlier chunks, and the check's joins run in SQLite with
the GIL released, alongside the preparation of the next chunk.
"""
from __future__ import annotations

from sqlcipher3.dbapi2 import IntegrityError, OperationalError


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class InsertedRows:
    """Created at the start of the transaction; ``check()`` after each chunk and at its end."""

    def __init__(self, conn):
        self.conn = conn
        self.enforced = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
        self.tables: list[list] = []  # [table, rowid checked up to (None: no rowid), keys]
        if self.enforced:
            return
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for table in names:
            keys: dict[int, tuple[str, list]] = {}  # foreign key id -> (parent, [(child, parent col)])
            for fk_id, _seq, parent, child_col, parent_col, *_rest in conn.execute(
                    f"PRAGMA foreign_key_list({_quote(table)})"):
                keys.setdefault(fk_id, (parent, []))[1].append((child_col, parent_col))
            if not keys:
                continue
            try:
                mark = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {_quote(table)}").fetchone()[0]
            except OperationalError:  # a WITHOUT ROWID table: checked whole, by SQLite's pragma
                mark = None
            self.tables.append([table, mark, keys])

    def check(self, final: bool = True) -> None:
        """Raise IntegrityError if a row inserted since the last check breaks a foreign key."""
        if self.enforced:
            return
        for entry in self.tables:
            table, mark, keys = entry
            if mark is None or any(p is None for _parent, cols in keys.values() for _c, p in cols):
                # No rowid to tell new rows, or a key naming no parent column: SQLite's own check
                # of the whole table, once, at the end.
                bad = final and self.conn.execute(
                    f"PRAGMA foreign_key_check({_quote(table)})").fetchone()
            else:
                top = self.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {_quote(table)}"
                                        ).fetchone()[0]
                bad = top > mark and self._first_orphan(table, mark, keys)
                entry[1] = top
            if bad:
                raise IntegrityError("FOREIGN KEY constraint failed")

    def _first_orphan(self, table: str, mark: int, keys: dict) -> tuple | None:
        """A row of ``table`` above rowid ``mark`` with a key (all its columns non-NULL) that
        has no row in its parent table: one pass over the new rows, one join per key."""
        joins, orphans = [], []
        for n, (parent, cols) in enumerate(keys.values()):
            on = " AND ".join(f"p{n}.{_quote(pc)} = c.{_quote(cc)}" for cc, pc in cols)
            joins.append(f" LEFT JOIN {_quote(parent)} p{n} ON {on}")
            present = " AND ".join(f"c.{_quote(cc)} IS NOT NULL" for cc, _pc in cols)
            orphans.append(f"({present} AND p{n}.{_quote(cols[0][1])} IS NULL)")
        return self.conn.execute(
            f"SELECT c.rowid FROM {_quote(table)} c{''.join(joins)}"
            f" WHERE c.rowid > ? AND ({' OR '.join(orphans)}) LIMIT 1", (mark,)).fetchone()
