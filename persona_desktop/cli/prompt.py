"""Where secrets come from on the command line: never from a plain argument (it would sit in the
shell history and in every `ps` listing), only from a prompt, an environment variable or a file."""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from ..core.errors import PasswordMismatch, UsageError


def _from_file(path: str | None) -> str | None:
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(what=f"cannot read {path}: {exc.strerror}") from None
    return text.rstrip("\r\n")


def secret(label: str, *, env: str, file: str | None = None, confirm: bool = False) -> str:
    value = _from_file(file)
    if value is None:
        value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(what=f"{label} needed: set {env}, use a --*-file option, or run in a terminal")
    value = getpass.getpass(f"{label}: ")
    if confirm and getpass.getpass(f"{label} (again): ") != value:
        raise PasswordMismatch()
    return value


def password(args) -> str:
    return secret("Password", env="PERSONA_PASSWORD", file=getattr(args, "password_file", None))


def new_password(args) -> str:
    return secret("New password", env="PERSONA_NEW_PASSWORD",
                  file=getattr(args, "new_password_file", None), confirm=True)


def confirm(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes", "是")
