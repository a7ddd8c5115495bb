"""Provably offline (privacy.md E4 c): the CLI works inside a namespace with no network at all."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys

import pytest


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_unshare = pytest.mark.skipif(not _unshare_works(), reason="unshare -rn not available here")


def _persona(tmp_path, *args):
    env = dict(os.environ, PERSONA_PASSWORD="correct horse battery staple",
               PERSONA_HOME=str(tmp_path / "home"), PERSONA_KDF="floor")
    return subprocess.run(["unshare", "-rn", sys.executable, "-m", "persona_desktop.cli", *args],
                          env=env, capture_output=True, text=True, timeout=300)


@needs_unshare
def test_cli_init_demo_verify_succeed_without_any_network(tmp_path):
    vault = str(tmp_path / "vault")
    demo = str(tmp_path / "demo")
    assert _persona(tmp_path, "init", "--vault", vault).returncode == 0
    made = _persona(tmp_path, "demo", "--vault", demo)
    assert made.returncode == 0, made.stderr
    checked = _persona(tmp_path, "verify", "--vault", vault)
    assert checked.returncode == 0, checked.stderr + checked.stdout


@needs_unshare
def test_namespace_really_has_no_network(tmp_path):
    # Control: the same namespace refuses a connection, so the test above means something.
    code = ("import socket,sys\ns=socket.socket()\ns.settimeout(2)\n"
            "try:\n    s.connect(('1.1.1.1', 53)); print('connected')\n"
            "except OSError as e:\n    print('refused', e.errno)")
    out = subprocess.run(["unshare", "-rn", sys.executable, "-c", code], capture_output=True,
                         text=True, timeout=60)
    assert "refused" in out.stdout


def test_test_suite_runs_with_sockets_disabled():
    from pytest_socket import SocketBlockedError
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
