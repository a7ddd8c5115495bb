"""``persona-desktop --selftest``: passes from source, offscreen on its own, one line per step; a
failure names its step and says why in both languages."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

STEPS = ("start-up checks", "qt", "cjk font (qt)", "demo vault", "analysis", "predictions",
         "charts", "cjk font (charts)", "window", "pages (en)", "pages (zh)", "lock")


def test_selftest_passes_from_source_and_chooses_offscreen_itself(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PERSONA_HOME"] = str(tmp_path / "home")
    env["TMPDIR"] = str(tmp_path)  # to see that its temporary folder is gone afterwards
    result = subprocess.run([sys.executable, "-m", "persona_desktop", "--selftest"], check=False,
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "platform offscreen" in lines[0]
    for step in STEPS:
        assert any(line.startswith(f"selftest: {step} ok (") for line in lines), step
    assert lines[-1].startswith(f"selftest: passed, {len(STEPS)} steps in ")
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["home"]  # the demo vault was removed
    assert not (tmp_path / "home" / "config" / "settings.json").exists()  # settings untouched


def test_a_failed_step_is_named_with_its_reason_in_both_languages():
    from persona_desktop.core.errors import CjkFontMissing
    from persona_desktop.gui.selftest import SelfTest, StepFailed
    out = io.StringIO()
    test = SelfTest(out)

    def no_font():
        raise CjkFontMissing(where="Qt", missing="客户")
    with pytest.raises(StepFailed) as failed:
        test.step("cjk font (qt)", no_font)
    test.report_failure(failed.value)
    text = out.getvalue()
    assert text.startswith("selftest: cjk font (qt) FAILED (")
    assert "No font that can show Chinese was found (Qt; missing: 客户)" in text
    assert "没有找到可以显示中文的字体" in text
    assert text.rstrip().endswith('selftest: FAILED at step "cjk font (qt)"')


def test_an_unexpected_error_names_its_type_and_place():
    from persona_desktop.gui.selftest import SelfTest, StepFailed
    out = io.StringIO()
    test = SelfTest(out)
    with pytest.raises(StepFailed) as failed:
        test.step("charts", lambda: 1 / 0)
    test.report_failure(failed.value)
    assert "ZeroDivisionError: division by zero" in out.getvalue()
    assert "test_selftest.py" in out.getvalue()
