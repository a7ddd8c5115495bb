"""Where things live on the user's machine. No personal data is ever written outside the vault.

* vaults: the user's data folder (``PERSONA_VAULT`` overrides the default vault's path);
* app settings (language, auto-lock): the user's config folder, ``PERSONA_HOME`` overrides both
  roots (tests point it at a temporary folder).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR = "PersonaDesktop"


def _home_override() -> Path | None:
    value = os.environ.get("PERSONA_HOME")
    return Path(value) if value else None


def data_root() -> Path:
    override = _home_override()
    if override:
        return override / "data"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / APP_DIR
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_DIR


def config_root() -> Path:
    override = _home_override()
    if override:
        return override / "config"
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_DIR
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Preferences" / APP_DIR
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP_DIR


def default_vault_dir() -> Path:
    value = os.environ.get("PERSONA_VAULT")
    return Path(value) if value else data_root() / "vault"


def demo_vault_dir() -> Path:
    return data_root() / "demo-vault"


def log_dir() -> Path:
    return data_root() / "logs"
