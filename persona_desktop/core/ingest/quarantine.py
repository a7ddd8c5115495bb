"""Rejected rows: kept with their source row number, reason and raw values, never dropped.

The raw values go to identity.db (``quarantine_raw``) because a rejected row may hold a name or a
phone number and vault.db must never hold one (privacy.md A2); vault.db keeps the row number, the
reason and a copy with identifier columns masked, which is what the app shows by default. Export
of the raw values is an explicit, audited action.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from .messages import reason_text
from ..vault import journal
from ..vault.fsutil import open_private, translate_os_error
from .transform import IDENTIFIER_ROLES

MASK = "•••"
MASKED_ROLES = ("address", "birth_date", "postcode", "free_text")


class QuarantineWriter:
    def __init__(self, vconn, iconn, import_id: int, mapping: dict[str, str]):
        self.v, self.i, self.import_id = vconn, iconn, import_id
        # Masked in vault.db: identifiers, and what is only ever stored generalised (a birth date,
        # a postcode, a street address) or redacted (free text can hold a phone number).
        self.identifier_columns = {c for c, r in mapping.items()
                                   if r in IDENTIFIER_ROLES + MASKED_ROLES}
        row = vconn.execute("SELECT coalesce(max(quarantine_id), 0) FROM quarantine").fetchone()
        other = iconn.execute("SELECT coalesce(max(quarantine_id), 0) FROM quarantine_raw").fetchone()
        self.next_id = max(row[0], other[0]) + 1

    def add_frame(self, frame: pd.DataFrame, rows, reasons) -> int:
        if len(frame) == 0:
            return 0
        # Missing cells become null, never NaN (pandas keeps NaN through where(..., None)).
        raw = [{k: (v if isinstance(v, str) else None) for k, v in r.items()}
               for r in frame.to_dict("records")]
        hidden = self.identifier_columns & set(frame.columns)
        masked = [{k: (MASK if k in hidden and v else v) for k, v in r.items()} for r in raw]
        ids = range(self.next_id, self.next_id + len(frame))
        self.next_id += len(frame)
        raw_json = [json.dumps(r, ensure_ascii=False) for r in raw]
        masked_json = [json.dumps(r, ensure_ascii=False) for r in masked]
        self.v.executemany("INSERT INTO quarantine(quarantine_id, import_id, source_row, reason, raw_json)"
                           " VALUES (?,?,?,?,?)",
                           list(zip(ids, [self.import_id] * len(frame), map(int, rows), reasons,
                                    masked_json)))
        self.i.executemany("INSERT INTO quarantine_raw(quarantine_id, import_id, raw_json, write_token)"
                           " VALUES (?,?,?,?)", list(zip(ids, [self.import_id] * len(frame), raw_json,
                                                         [journal.current_token()] * len(frame))))
        return len(frame)

    def add_unsplit(self, bad_rows) -> int:
        """Rows the reader could not split into fields: the raw line is kept whole."""
        if not bad_rows:
            return 0
        ids = range(self.next_id, self.next_id + len(bad_rows))
        self.next_id += len(bad_rows)
        self.v.executemany("INSERT INTO quarantine(quarantine_id, import_id, source_row, reason, raw_json)"
                           " VALUES (?,?,?,?,?)",
                           [(q, self.import_id, int(r), code, json.dumps({"line": MASK}))
                            for q, (r, code, _text) in zip(ids, bad_rows)])
        token = journal.current_token()
        self.i.executemany("INSERT INTO quarantine_raw(quarantine_id, import_id, raw_json, write_token)"
                           " VALUES (?,?,?,?)",
                           [(q, self.import_id, json.dumps({"line": text}, ensure_ascii=False), token)
                            for q, (_r, _c, text) in zip(ids, bad_rows)])
        return len(bad_rows)


def list_rows(vault, import_id: int | None = None, limit: int | None = 1000,
              raw: bool = False) -> pd.DataFrame:
    """Quarantined rows, masked (default) or with raw values from identity.db."""
    sql = "SELECT quarantine_id, import_id, source_row, reason, raw_json FROM quarantine"
    args: tuple = ()
    if import_id is not None:
        sql += " WHERE import_id = ?"
        args = (import_id,)
    sql += " ORDER BY import_id, source_row"
    if limit:
        sql += f" LIMIT {int(limit)}"
    with vault.reader() as conn:
        rows = conn.execute(sql, args).fetchall()
    frame = pd.DataFrame(rows, columns=["quarantine_id", "import_id", "source_row", "reason", "values"])
    if raw and len(frame):
        with vault.identity_reader() as iconn:
            raw_by_id = {}
            ids = frame["quarantine_id"].tolist()
            for start in range(0, len(ids), 900):
                part = ids[start:start + 900]
                marks = ",".join("?" * len(part))
                raw_by_id.update(iconn.execute(
                    f"SELECT quarantine_id, raw_json FROM quarantine_raw WHERE quarantine_id IN ({marks})",
                    part).fetchall())
        frame["values"] = frame["quarantine_id"].map(raw_by_id).fillna(frame["values"])
    return frame


def export_rows(vault, dest: Path, import_id: int | None = None, lang: str = "en") -> int:
    """Write quarantined rows with their raw values to a CSV the user chose (UTF-8 with BOM so
    Chinese Excel opens it). Logged in the audit trail with the row count."""
    frame = list_rows(vault, import_id, limit=None, raw=True)
    dest = Path(dest)
    try:
        with open_private(dest, "w", encoding="utf-8-sig", newline="") as fh:  # customer values
            writer = csv.writer(fh)
            writer.writerow(["import_id", "source_row", "reason", "reason_text", "values"])
            for r in frame.itertuples(index=False):
                writer.writerow([r.import_id, r.source_row, r.reason, reason_text(r.reason, lang),
                                 r.values])
    except OSError as exc:
        raise translate_os_error(exc, dest.parent, "the export") from exc
    vault.audit("quarantine_exported", {"rows": len(frame), "import_id": import_id})
    return len(frame)
