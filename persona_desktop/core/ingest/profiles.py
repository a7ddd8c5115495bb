"""Saved column mappings ("profiles"), offered again for files with the same header."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from . import mapping as mapping_mod


def save(vault, name: str, columns: list[str], mapping: dict[str, str]) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    signature = mapping_mod.header_signature(list(columns))
    vault.write(lambda v, i: v.execute(
        "INSERT INTO mapping_profiles(name, header_signature, mapping_json, created_at, updated_at)"
        " VALUES (?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET header_signature = excluded.header_signature,"
        " mapping_json = excluded.mapping_json, updated_at = excluded.updated_at",
        (name, signature, json.dumps(mapping, ensure_ascii=False), now, now)),
        audit_event=("mapping_saved", {"columns": len(mapping)}))


def find(vault, name: str | None, columns: list[str]) -> tuple[str, dict[str, str]] | None:
    """The named profile, else the newest profile saved for this exact header."""
    with vault.reader() as conn:
        if name:
            row = conn.execute("SELECT name, mapping_json FROM mapping_profiles WHERE name = ?",
                               (name,)).fetchone()
        else:
            row = conn.execute("SELECT name, mapping_json FROM mapping_profiles WHERE header_signature = ?"
                               " ORDER BY updated_at DESC LIMIT 1",
                               (mapping_mod.header_signature(list(columns)),)).fetchone()
    return (row[0], json.loads(row[1])) if row else None


def list_profiles(vault) -> list[dict]:
    with vault.reader() as conn:
        rows = conn.execute("SELECT name, mapping_json, updated_at FROM mapping_profiles ORDER BY name")
        return [{"name": n, "columns": len(json.loads(m)), "updated_at": u} for n, m, u in rows]
