"""The Chinese translation ships complete: every tr() string in gui/ is in the .ts, every message
is translated (with the same {placeholders}), and the committed .qm is the compiled .ts."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import update_translations as ut  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (Path(sys.executable).parent / "pyside6-lupdate").exists()
    and shutil.which("pyside6-lupdate") is None, reason="PySide6 tools not installed")


def test_the_ts_has_no_unfinished_translations():
    assert ut.TS.exists()
    assert ut.unfinished(ut.TS) == []
    assert len(ut.messages(ut.TS)) > 100


def test_every_tr_string_in_the_gui_is_in_the_ts(tmp_path):
    fresh = tmp_path / "fresh.ts"
    ut.run_lupdate(fresh)  # from scratch: exactly what the code asks to translate today
    in_code = set(ut.messages(fresh))
    in_ts = set(ut.messages(ut.TS))
    assert in_code - in_ts == set(), "run tools/update_translations.py and translate"
    assert in_ts - in_code == set(), "the .ts holds strings the code no longer uses"


def test_translations_keep_their_placeholders():
    for (context, source), tr in ut.messages(ut.TS).items():
        assert sorted(re.findall(r"\{\d\}", source)) == sorted(re.findall(r"\{\d\}", tr.text)), \
            (context, source)


def test_the_committed_qm_is_the_compiled_ts(tmp_path):
    qm = tmp_path / "fresh.qm"
    ut.run_lrelease(ut.TS, qm)
    assert ut.QM.read_bytes() == qm.read_bytes()


def test_the_qm_loads_and_translates(qapp):
    tr = QTranslator()
    assert tr.load(str(ut.QM))
    assert tr.translate("NavBar", "Customers") == "客户"
    assert tr.translate("Workspace", "Lock") == "锁定"


def test_check_mode_of_the_tool_passes():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "update_translations.py"),
                             "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gui_strings_go_through_tr():
    # A cheap guard against hard-coded UI text: widget setters must get tr()/translate() output,
    # a variable or an f-string of such, never a bare English literal.
    bare = re.compile(r"\.(setText|setWindowTitle|setToolTip|setPlaceholderText|addItem)"
                      r"\(\s*[\"'][A-Za-z]")
    offenders = []
    for path in (ROOT / "persona_desktop" / "gui").rglob("*.py"):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if bare.search(line):
                offenders.append(f"{path.name}:{no}: {line.strip()}")
    assert offenders == []


def test_core_error_messages_follow_the_language(context):
    from persona_desktop.core.errors import WrongPassword
    context.set_language("zh", remember=False)
    assert str(WrongPassword()) == WrongPassword.zh
    assert QCoreApplication.translate("NavBar", "Settings") == "设置"
    context.set_language("en", remember=False)
    assert str(WrongPassword()) == WrongPassword.en
