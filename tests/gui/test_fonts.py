"""A bundled CJK font makes Chinese readable on a computer without one (Qt and the charts); with
none, the self-test says so instead of passing. Run in a subprocess whose fontconfig sees no
system font at all."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_STEPS = ("qt", "cjk font (qt)", "cjk font (charts)")
CODE = ("import sys; from persona_desktop.gui.selftest import SelfTest; "
        f"sys.exit(SelfTest(sys.stdout).run_all(only={FONT_STEPS!r}))")


def _without_system_fonts(tmp_path: Path, font_dir: Path) -> dict:
    """Environment for a Qt whose fontconfig finds no font, with bundled fonts in ``font_dir``."""
    (tmp_path / "no-fonts").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{tmp_path / 'no-fonts'}</dir>"
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
                    encoding="utf-8")
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(conf),
                PERSONA_FONT_DIR=str(font_dir), PERSONA_HOME=str(tmp_path / "home"))


def _run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CODE], check=False, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def nothing_bundled_in_checkout(monkeypatch):
    from persona_desktop.gui import fonts
    monkeypatch.delenv(fonts.FONT_DIR_ENV, raising=False)
    if fonts.font_files():
        pytest.skip("a font is bundled in this checkout (gui/fonts/): cannot test 'none'")


@pytest.mark.skipif(not NOTO.exists() or not sys.platform.startswith("linux"),
                    reason="needs Debian's fonts-noto-cjk and fontconfig")
def test_bundled_cjk_font_is_used_when_the_system_has_none(tmp_path, nothing_bundled_in_checkout):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / NOTO.name).symlink_to(NOTO)
    (bundle / "README.txt").write_text("not a font")
    result = _run(_without_system_fonts(tmp_path, bundle))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cjk font (qt) ok" in result.stdout and "(bundled)" in result.stdout
    assert "cjk font (charts) ok" in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs fontconfig")
def test_without_any_cjk_font_the_selftest_fails_saying_chinese_would_show_boxes(
        tmp_path, nothing_bundled_in_checkout):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _run(_without_system_fonts(tmp_path, empty))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "selftest: cjk font (qt) FAILED" in result.stdout
    assert "No font that can show Chinese was found (Qt; missing: 客户订单金额)" in result.stdout
    assert "中文会显示为空白方框" in result.stdout
    assert 'FAILED at step "cjk font (qt)"' in result.stdout


def test_bundled_fonts_are_looked_for_in_the_documented_order(tmp_path, monkeypatch):
    from persona_desktop.gui import fonts
    env_dir, meipass = tmp_path / "env", tmp_path / "meipass"
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(env_dir))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "app" / "persona-desktop"))
    assert fonts.font_dirs() == [env_dir, meipass / "fonts", tmp_path / "app" / "fonts",
                                 fonts.PACKAGE_FONT_DIR]


def test_only_font_files_are_offered_and_each_once(tmp_path, monkeypatch):
    from persona_desktop.gui import fonts
    (tmp_path / "b.TTF").write_bytes(b"")
    (tmp_path / "a.otf").write_bytes(b"")
    (tmp_path / "notes.txt").write_bytes(b"")
    (tmp_path / "same.ttc").symlink_to(tmp_path / "a.otf")
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path, tmp_path / "missing", tmp_path])
    assert [p.name for p in fonts.font_files()] == ["a.otf", "b.TTF"]


def test_the_package_font_folder_keeps_font_files_out_of_git():
    from persona_desktop.gui import fonts
    ignore = (fonts.PACKAGE_FONT_DIR / ".gitignore").read_text(encoding="utf-8").split()
    assert {"*.ttc", "*.otf", "*.ttf"} <= set(ignore)
    if shutil.which("git") and (ROOT / ".git").exists():
        font = fonts.PACKAGE_FONT_DIR / "NotoSansCJK-Regular.ttc"
        assert subprocess.run(["git", "check-ignore", "-q", str(font)], cwd=ROOT,
                              check=False).returncode == 0
