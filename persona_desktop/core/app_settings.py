"""App settings: how the app behaves on this computer, never anything about customers.

A frozen dataclass with a ``schema_version`` and one migration per old version (napari's habit),
saved as JSON under ``paths.config_root()``. Language, auto-lock minutes and the last vault folder
live here; the shop's own settings live inside the vault (``core.vault.settings.VaultSettings``).
A missing or unreadable file gives the defaults: settings must never stop the app from starting.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Callable

from . import i18n, paths
from .errors import InvalidSetting

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILE_NAME = "settings.json"
DEFAULT_AUTO_LOCK_MINUTES = 15  # privacy.md E2
MIN_AUTO_LOCK_MINUTES = 1
MAX_AUTO_LOCK_MINUTES = 240


@dataclass(frozen=True)
class AppSettings:
    language: str = ""  # "" follows the system language; otherwise "en" or "zh"
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    last_vault: str = ""  # folder of the last real vault opened ("" = the default folder)
    schema_version: int = SCHEMA_VERSION

    def validated(self) -> "AppSettings":
        if self.language not in ("",) + i18n.SUPPORTED:
            raise InvalidSetting(name="language", value=self.language, why="en or zh")
        minutes = self.auto_lock_minutes
        if not isinstance(minutes, int) or isinstance(minutes, bool) \
                or not MIN_AUTO_LOCK_MINUTES <= minutes <= MAX_AUTO_LOCK_MINUTES:
            raise InvalidSetting(name="auto_lock_minutes", value=str(minutes),
                                 why=f"{MIN_AUTO_LOCK_MINUTES}-{MAX_AUTO_LOCK_MINUTES} minutes")
        return self

    def updated(self, **changes) -> "AppSettings":
        known = {f.name for f in fields(self)} - {"schema_version"}
        unknown = set(changes) - known
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidSetting(name=name, value=str(changes[name]),
                                 why="known settings are " + ", ".join(sorted(known)))
        return replace(self, **changes).validated()

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> "AppSettings":
        data = migrate(dict(data))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known}).validated()


def _from_v0(data: dict) -> dict:
    """Version 0 (no schema_version, early builds) called the language "lang"."""
    if "lang" in data and "language" not in data:
        data["language"] = i18n.normalise(data.pop("lang")) if data.get("lang") else ""
    return data


# MIGRATIONS[n] turns a version-n dict into a version-(n+1) dict.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _from_v0}


def migrate(data: dict) -> dict:
    version = int(data.get("schema_version", 0))
    if version > SCHEMA_VERSION:
        log.warning("app settings from a newer version (%s): unknown fields are ignored", version)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    return data


def settings_path() -> Path:
    return paths.config_root() / FILE_NAME


def load() -> AppSettings:
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return AppSettings.from_dict(data)
    except FileNotFoundError:
        return AppSettings()
    except (OSError, ValueError, TypeError, InvalidSetting) as exc:
        log.warning("app settings unreadable (%s); using the defaults", type(exc).__name__)
        return AppSettings()


def save(settings: AppSettings) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a settings file."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(settings.validated().to_json(), encoding="utf-8")
    os.replace(tmp, path)
