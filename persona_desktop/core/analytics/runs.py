"""Analysis runs stored in the vault, so reopening a vault shows the last result at once.

A run is one row of ``analysis_runs``: its kind, parameters, as-of date and a result blob. The
blob is an ``.npz`` archive (numpy arrays plus a JSON document stored as bytes), read back with
``allow_pickle=False``: nothing in a vault can make the app execute code when a run is loaded.
Per-customer columns are stored as arrays (text columns as category codes); cards, charts' small
tables and run metadata go in the JSON document.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from ..errors import RunNotFound
from .personas import Persona


@dataclass
class AnalysisRun:
    """What a stored profiling run holds; ``customers`` is indexed by customer_id."""
    run_id: int | None
    kind: str
    created_at: str
    as_of: str | None
    params: dict
    customers: pd.DataFrame
    tags: pd.DataFrame
    meta: dict = field(default_factory=dict)

    def copy(self) -> "AnalysisRun":
        """A copy whose frames can be handed to another thread (meta is read-only by contract)."""
        return AnalysisRun(self.run_id, self.kind, self.created_at, self.as_of, dict(self.params),
                           self.customers.copy(), self.tags.copy(), self.meta)

    @property
    def segment_personas(self) -> list[Persona]:
        return [Persona.from_dict(p) for p in self.meta.get("segment_personas", [])]

    @property
    def cluster_personas(self) -> list[Persona]:
        return [Persona.from_dict(p) for p in self.meta.get("cluster_personas", [])]

    def summary(self) -> dict:
        m = self.meta
        return {"run_id": self.run_id, "kind": self.kind, "created_at": self.created_at,
                "as_of": self.as_of, "customers": len(self.customers),
                "k": m.get("clustering", {}).get("k"),
                "silhouette": m.get("clustering", {}).get("silhouette"),
                "notes": m.get("notes", [])}


def encode(run: AnalysisRun) -> bytes:
    arrays: dict[str, np.ndarray] = {}
    columns = []
    for frame_name, frame in (("customers", run.customers), ("tags", run.tags)):
        arrays[f"{frame_name}/__index__"] = frame.index.to_numpy(dtype=np.int64)
        for i, col in enumerate(frame.columns):
            key = f"{frame_name}/{i}"
            values = frame[col]
            if pd.api.types.is_datetime64_any_dtype(values):
                arrays[key] = values.to_numpy(dtype="datetime64[us]").astype(np.int64)
                kind, cats = "datetime", None
            elif pd.api.types.is_bool_dtype(values):
                arrays[key] = values.to_numpy(dtype=bool)
                kind, cats = "bool", None
            elif pd.api.types.is_numeric_dtype(values):
                arrays[key] = values.to_numpy(dtype=np.float64)
                kind, cats = "float", None
            else:
                cat = pd.Categorical(values.astype(object).where(values.notna(), None))
                arrays[key] = cat.codes.astype(np.int32)
                kind, cats = "category", [str(c) for c in cat.categories]
            columns.append({"frame": frame_name, "key": key, "name": str(col), "kind": kind,
                            "categories": cats})
    doc = {"columns": columns, "meta": run.meta}
    arrays["__doc__"] = np.frombuffer(json.dumps(doc, ensure_ascii=False, default=_json_default)
                                      .encode("utf-8"), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def decode(blob: bytes) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        doc = json.loads(bytes(npz["__doc__"]).decode("utf-8"))
        frames = {}
        for frame_name in ("customers", "tags"):
            index = pd.Index(npz[f"{frame_name}/__index__"], name="customer_id")
            data = {}
            for col in (c for c in doc["columns"] if c["frame"] == frame_name):
                raw = npz[col["key"]]
                if col["kind"] == "datetime":
                    data[col["name"]] = pd.to_datetime(raw.astype("datetime64[us]"))
                elif col["kind"] == "category":
                    data[col["name"]] = pd.Categorical.from_codes(raw, col["categories"])
                else:
                    data[col["name"]] = raw
            frames[frame_name] = pd.DataFrame(data, index=index)
    return frames["customers"], frames["tags"], doc["meta"]


def save(vault, run: AnalysisRun) -> int:
    blob = encode(run)
    params = json.dumps({"params": run.params, "summary": _small_summary(run)},
                        ensure_ascii=False, default=_json_default)

    def work(v, i):
        cur = v.execute("INSERT INTO analysis_runs(kind, created_at, as_of, params_json, result) "
                        "VALUES (?, ?, ?, ?, ?)", (run.kind, run.created_at, run.as_of, params, blob))
        return cur.lastrowid

    run_id = vault.write(work, audit_event=("analysis_run", {
        "kind": run.kind, "customers": len(run.customers),
        "k": run.meta.get("clustering", {}).get("k")}))
    run.run_id = run_id
    return run_id


def load(vault, run_id: int | None = None, kind: str = "profile") -> AnalysisRun | None:
    sql = ("SELECT run_id, kind, created_at, as_of, params_json, result FROM analysis_runs "
           "WHERE kind = ? ORDER BY run_id DESC LIMIT 1")
    args: tuple = (kind,)
    if run_id is not None:
        sql = ("SELECT run_id, kind, created_at, as_of, params_json, result FROM analysis_runs "
               "WHERE run_id = ?")
        args = (int(run_id),)
    with vault.reader() as conn:
        row = conn.execute(sql, args).fetchone()
    if row is None:
        if run_id is not None:
            raise RunNotFound(run=run_id)
        return None
    customers, tags, meta = decode(row[5])
    params = json.loads(row[4]).get("params", {})
    return AnalysisRun(row[0], row[1], row[2], row[3], params, customers, tags, meta)


def listing(vault, kind: str | None = None) -> list[dict]:
    sql = "SELECT run_id, kind, created_at, as_of, params_json FROM analysis_runs"
    args: tuple = ()
    if kind:
        sql += " WHERE kind = ?"
        args = (kind,)
    with vault.reader() as conn:
        rows = conn.execute(sql + " ORDER BY run_id", args).fetchall()
    out = []
    for run_id, k, created, as_of, params_json in rows:
        doc = json.loads(params_json)
        out.append({"run_id": run_id, "kind": k, "created_at": created, "as_of": as_of,
                    "params": doc.get("params", {}), **doc.get("summary", {})})
    return out


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _small_summary(run: AnalysisRun) -> dict:
    clustering = run.meta.get("clustering", {})
    return {"customers": len(run.customers), "k": clustering.get("k"),
            "silhouette": clustering.get("silhouette"), "notes": run.meta.get("notes", [])}


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
