"""Past imports: the list shown on the Imports page and ``persona imports``, and undo.

Undo removes exactly what an import added: its order lines, the orders it created that no other
import's lines still use, the customers no remaining import links to (and their identities in
identity.db), the products nothing references any more, and its quarantined rows. It is logged.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from ..errors import UsageError


def list_imports(vault) -> list[dict]:
    with vault.reader() as conn:
        rows = conn.execute(
            "SELECT import_id, started_at, finished_at, source_kind, file_name, rows_read, rows_stored,"
            " rows_quarantined, status, undone_at, report_json FROM imports ORDER BY import_id DESC")
        out = []
        for r in rows:
            report = json.loads(r[10]) if r[10] else {}
            out.append({"import_id": r[0], "started_at": r[1], "finished_at": r[2], "kind": r[3],
                        "file_name": r[4], "rows_read": r[5], "rows_stored": r[6],
                        "rows_quarantined": r[7], "status": r[8], "undone_at": r[9],
                        "rows_new": report.get("rows_new"),
                        "duplicates_found": report.get("duplicates_found")})
    return out


def undo_import(vault, import_id: int) -> dict:
    counts: dict[str, int] = {}

    def work(v, i):
        row = v.execute("SELECT status FROM imports WHERE import_id = ?", (import_id,)).fetchone()
        if row is None:
            raise UsageError(what=f"there is no import number {import_id}")
        if row[0] == "undone":
            raise UsageError(what=f"import {import_id} was already undone")
        changes = v.total_changes
        v.execute("DELETE FROM order_lines WHERE import_id = ?", (import_id,))
        counts["order_lines"] = v.total_changes - changes
        changes = v.total_changes
        v.execute("DELETE FROM orders WHERE import_id = ? AND NOT EXISTS "
                  "(SELECT 1 FROM order_lines l WHERE l.order_id = orders.order_id)", (import_id,))
        counts["orders"] = v.total_changes - changes
        # Only customers this import touched can go, and only if nothing else still needs them.
        v.execute("CREATE TEMP TABLE IF NOT EXISTS undo_touched(customer_id INTEGER PRIMARY KEY)")
        v.execute("DELETE FROM undo_touched")
        v.execute("INSERT INTO undo_touched SELECT customer_id FROM customer_imports WHERE import_id = ?",
                  (import_id,))
        v.execute("DELETE FROM customer_imports WHERE import_id = ?", (import_id,))
        orphan = ("customer_id IN (SELECT customer_id FROM undo_touched) AND NOT EXISTS (SELECT 1 FROM"
                  " customer_imports ci WHERE ci.customer_id = customers.customer_id) AND NOT EXISTS"
                  " (SELECT 1 FROM orders o WHERE o.customer_id = customers.customer_id)")
        gone = [r[0] for r in v.execute(f"SELECT pseudonym FROM customers WHERE {orphan}")]
        v.execute(f"DELETE FROM customers WHERE {orphan}")
        v.execute("DELETE FROM undo_touched")
        counts["customers"] = len(gone)
        changes = v.total_changes
        # One scan of order_lines instead of an index that would slow every import's inserts.
        v.execute("DELETE FROM products WHERE import_id = ? AND product_id NOT IN "
                  "(SELECT product_id FROM order_lines WHERE product_id IS NOT NULL)", (import_id,))
        counts["products"] = v.total_changes - changes
        changes = v.total_changes
        v.execute("DELETE FROM quarantine WHERE import_id = ?", (import_id,))
        counts["quarantined_rows"] = v.total_changes - changes
        i.execute("DELETE FROM quarantine_raw WHERE import_id = ?", (import_id,))
        for start in range(0, len(gone), 900):
            part = gone[start:start + 900]
            i.execute(f"DELETE FROM identities WHERE pseudonym IN ({','.join('?' * len(part))})", part)
        v.execute("UPDATE imports SET status = 'undone', undone_at = ? WHERE import_id = ?",
                  (datetime.now(timezone.utc).isoformat(timespec="seconds"), import_id))
        from ..vault import audit
        audit.append(v, i, "import_undone", {"import_id": import_id, **counts})

    vault.write(work)
    return counts
