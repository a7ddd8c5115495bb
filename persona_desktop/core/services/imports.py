"""Import use cases: plan and run an import, list and undo past imports, the quarantine."""
from __future__ import annotations

from pathlib import Path

from ..jobs import Progress
from ..vault.store import Vault
from .results import ImportRecord


def plan_import(vault: Vault, path: Path | str, options=None, progress: Progress | None = None):
    """Inspect a file and propose a mapping; nothing is written. ``progress`` can cancel the
    column detection of a very wide file."""
    from ..ingest.plan import plan_import as _plan
    return _plan(vault, path, options, progress)


def run_import(vault: Vault, plan, progress: Progress | None = None):
    from ..ingest.pipeline import run_import as _run
    return _run(vault, plan, progress)


def import_file(vault: Vault, path: Path | str, options=None, progress: Progress | None = None):
    return run_import(vault, plan_import(vault, path, options), progress)


def list_imports(vault: Vault) -> list[ImportRecord]:
    """Every import, newest first."""
    from ..ingest.history import list_imports as _list
    return [ImportRecord(**row) for row in _list(vault)]


def undo_import(vault: Vault, import_id: int) -> dict:
    from ..ingest.history import undo_import as _undo
    return _undo(vault, import_id)


def quarantine_rows(vault: Vault, import_id: int | None = None, *, raw: bool = False,
                    limit: int | None = 1000):
    from ..ingest.quarantine import list_rows
    return list_rows(vault, import_id, limit, raw)


def export_quarantine(vault: Vault, dest: Path | str, import_id: int | None = None,
                      lang: str = "en") -> int:
    from ..ingest.quarantine import export_rows
    return export_rows(vault, Path(dest), import_id, lang)


def mapping_profiles(vault: Vault) -> list[dict]:
    from ..ingest.profiles import list_profiles
    return list_profiles(vault)
