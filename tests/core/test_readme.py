"""The README's first lines keep giving a new user the two commands, and CI runs the second."""
from __future__ import annotations

import subprocess

from tests.conftest import ROOT


def test_readme_starts_with_demo_and_test_commands():
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:20])
    assert "persona-desktop --demo" in head
    assert "pip install '.[test]'" in head and "pytest" in head


def test_ci_runs_exactly_the_readme_test_command():
    extracted = subprocess.run(
        ["bash", "-c", "sed -n '/<!-- test-command -->/,/<!-- \\/test-command -->/p' README.md "
                       "| grep -v '^<!--' | grep -v '^```'"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert extracted.count("\n") == 0 and "python -m pytest" in extracted
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_demo_password_in_readme_matches_the_app():
    from persona_desktop.core.services import DEMO_PASSWORD
    assert f"`{DEMO_PASSWORD}`" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{DEMO_PASSWORD}`" in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
