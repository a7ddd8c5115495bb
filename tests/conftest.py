"""Shared test settings.

* PERSONA_KDF=floor: vaults are created with Argon2id at OWASP's floor (19 MiB, 2 passes) so
  hundreds of test vaults stay fast; tests/core/test_vault_kdf.py covers production parameters.
* PERSONA_HOME points every app folder (vaults, settings, logs) at a temporary directory.
* QT_QPA_PLATFORM=offscreen: GUI tests need no display.
* Sockets are disabled for the whole run (pytest-socket, see pyproject addopts): any network
  access by the app fails the test that caused it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PERSONA_KDF"] = "floor"

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("persona-home")
    monkeypatch.setenv("PERSONA_HOME", str(home))
    monkeypatch.delenv("PERSONA_VAULT", raising=False)
    monkeypatch.delenv("PERSONA_PASSWORD", raising=False)
    monkeypatch.setenv("PERSONA_LANG", "en")
    yield home


@pytest.fixture
def vault_dir(tmp_path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def new_vault(vault_dir):
    """An open vault at the KDF floor; locked again after the test."""
    from persona_desktop.core.vault.store import Vault
    vault, code = Vault.create(vault_dir, PASSWORD)
    vault.recovery_code = code
    yield vault
    vault.lock(record=False)


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `persona ARGS...` in-process with the test password; returns (exit code, out, err)."""
    from persona_desktop.cli import main
    monkeypatch.setenv("PERSONA_PASSWORD", PASSWORD)

    def run(*args):
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def run_python(code: str, *args: str, env: dict | None = None, **kwargs):
    """Run a Python snippet in a fresh interpreter with the test settings."""
    import subprocess
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", code, *args], env=full_env, capture_output=True,
                          text=True, **kwargs)


def shared_data(*parts: str) -> Path:
    """A file in ../shared/data, or skip the test when it is absent (fresh checkouts pass)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path
