"""The Windows and macOS installer scripts and the workflow that builds the installers.

What can be checked on Linux is checked here: the workflow's shape, the NSIS script compiled by
makensis with its placeholder payload (skipped where makensis is missing; .ci/run installs it), the
shell scripts' syntax, and build_dmg.sh's flow with stand-ins for the macOS tools (hdiutil,
codesign, xcrun). The real setup .exe and .dmg are built, started and checked only by the
workflow, on Windows and macOS runners (installer/README.md).
"""
from __future__ import annotations

import os
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"
NSI = ROOT / "installer" / "windows" / "persona.nsi"
LANG_FILES = {"English": ROOT / "installer" / "windows" / "lang" / "English.nsh",
              "SimpChinese": ROOT / "installer" / "windows" / "lang" / "SimpChinese.nsh"}
DMG_SCRIPT = ROOT / "installer" / "macos" / "build_dmg.sh"
ENTITLEMENTS = ROOT / "installer" / "macos" / "entitlements.plist"
UNINST_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\PersonaDesktop"
OSES = {"ubuntu-22.04", "windows-2022", "macos-14"}

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="runs bash scripts")


def _version() -> str:
    from persona_desktop import __version__
    return __version__


def _workflow() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(job: dict) -> list[dict]:
    return job.get("steps", [])


# --- workflow --------------------------------------------------------------------------------

def test_workflow_builds_on_three_systems_on_push_and_pull_request():
    wf = _workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)
    matrices = [set(job["strategy"]["matrix"]["os"]) for job in wf["jobs"].values()
                if "strategy" in job]
    assert OSES in matrices
    setups = [s for job in wf["jobs"].values() for s in _steps(job)
              if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setups and all(str(s["with"]["python-version"]) == "3.11" for s in setups)


def test_every_workflow_step_has_a_name():
    wf = _workflow()
    unnamed = [(job_id, i) for job_id, job in wf["jobs"].items()
               for i, step in enumerate(_steps(job)) if not str(step.get("name", "")).strip()]
    assert unnamed == []
    names = [s["name"] for job in wf["jobs"].values() for s in _steps(job)]
    assert len(names) == len(set(names)), "step names repeat"


def test_workflow_builds_checks_and_uploads_each_installer():
    text = WORKFLOW.read_text(encoding="utf-8")
    for needle in ("pyinstaller --noconfirm installer/persona.spec", "--selftest", "persona --help",
                   "bash installer/build_deb.sh", "choco install nsis",
                   "installer/windows/persona.nsi", "-DPAYLOAD_DIR=", "-DVERSION=",
                   "bash installer/macos/build_dmg.sh",
                   "Start-Process", "fonts-noto-cjk", "xvfb", "QT_QPA_PLATFORM: offscreen"):
        assert needle in text, needle
    uploads = [s for job in _workflow()["jobs"].values() for s in _steps(job)
               if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert uploads and all(s["uses"] == "actions/upload-artifact@v4" for s in uploads)
    assert any(s.get("if") == "failure()" for s in uploads), "no log upload on failure"


def test_pyinstaller_version_is_pinned_in_one_place():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pins = re.findall(r'"pyinstaller==(\d+\.\d+(?:\.\d+)?)"', pyproject, flags=re.IGNORECASE)
    assert len(pins) == 1 and pins[0].startswith("6.")
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert '".[test,build]"' in workflow
    second_pin = re.search(r"pyinstaller\s*[=<>~]=", workflow, flags=re.IGNORECASE)
    assert not second_pin, "PyInstaller pinned again in the workflow"


# --- Windows: NSIS ---------------------------------------------------------------------------

def test_nsis_script_is_per_user_bilingual_and_registers_uninstall_and_pvbackup():
    text = NSI.read_text(encoding="utf-8")
    assert re.search(r"^RequestExecutionLevel user$", text, flags=re.MULTILINE)
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_NAME}"' in text
    assert f'!define UNINST_KEY "{UNINST_KEY}"' in text
    for value in ("DisplayName", "DisplayVersion", "Publisher", "DisplayIcon", "UninstallString",
                  "QuietUninstallString", "InstallLocation", "EstimatedSize", "NoModify",
                  "NoRepair"):
        assert re.search(rf'WriteReg(Str|DWORD) HKCU "\$\{{UNINST_KEY\}}" "{value}"', text), value
    assert 'MUI_LANGUAGE "English"' in text and 'MUI_LANGUAGE "SimpChinese"' in text
    assert "MUI_LANGDLL_DISPLAY" in text and "MUI_UNGETLANGUAGE" in text
    assert '!define BACKUP_EXT ".pvbackup"' in text
    assert 'HKCU "Software\\Classes\\${BACKUP_EXT}"' in text
    assert '\'"$INSTDIR\\${APP_EXE}" "%1"\'' in text
    assert text.count("${NotifyShell_AssocChanged}") == 2  # install and uninstall
    assert 'DeleteRegKey HKCU "Software\\Classes\\${BACKUP_PROGID}"' in text
    # Nothing in the script touches the data or settings folders except to refuse them.
    assert not re.search(r"(RMDir|Delete)[^\n]*\$\{(DATA|CONFIG)_DIR\}", text)
    assert "MUI_UNCONFIRMPAGE_TEXT_TOP" in text


def test_nsis_texts_exist_in_both_languages():
    used = set(re.findall(r"\$\(([A-Za-z]\w*)\)", NSI.read_text(encoding="utf-8")))
    defined = {}
    for lang, path in LANG_FILES.items():
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        defined[lang] = re.findall(rf"^LangString (\w+) \$\{{LANG_{lang.upper()}\}} ", text,
                                   flags=re.MULTILINE)
        assert len(defined[lang]) == len(set(defined[lang])), f"{lang}: a string defined twice"
    # makensis reads a UTF-8 file without a byte-order mark as the system code page.
    assert LANG_FILES["SimpChinese"].read_bytes().startswith(b"\xef\xbb\xbf")
    assert defined["English"] == defined["SimpChinese"]  # same names, same order
    assert used <= set(defined["English"]), used - set(defined["English"])
    zh = LANG_FILES["SimpChinese"].read_text(encoding="utf-8-sig")
    assert "保险库" in zh and "卸载程序从不删除" in zh


def _makensis(tmp_path: Path, *defines: str) -> tuple[subprocess.CompletedProcess, Path]:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.skip("makensis is not installed (apt-get install nsis)")
    out = tmp_path / "out"
    # -D before the script: defines apply to it. makensis works in the script's folder, so every
    # path given is absolute.
    result = subprocess.run([makensis, "-V2", f"-DOUTDIR={out}", *defines, str(NSI)],
                            check=False, capture_output=True, text=True, timeout=300)
    return result, out


def test_nsis_script_compiles_with_the_placeholder_payload(tmp_path):
    result, out = _makensis(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower(), result.stdout
    setup = out / f"persona-desktop-{_version()}-setup.exe"
    assert setup.is_file() and setup.stat().st_size > 0
    assert setup.read_bytes()[:2] == b"MZ"


def test_nsis_script_compiles_a_payload_with_version_and_icon(tmp_path):
    image = pytest.importorskip("PIL.Image")
    payload = tmp_path / "persona-desktop"
    (payload / "_internal" / "PySide6").mkdir(parents=True)
    (payload / "fonts").mkdir()
    for name in ("persona-desktop.exe", "persona.exe", "_internal/PySide6/QtCore.pyd",
                 "fonts/NotoSansCJK-Regular.ttc"):
        (payload / name).write_bytes(b"stand-in " + name.encode())
    icon = tmp_path / "persona.ico"
    image.new("RGBA", (32, 32), (40, 90, 160, 255)).save(icon, sizes=[(16, 16), (32, 32)])
    result, out = _makensis(tmp_path, "-DVERSION=9.8.7rc1", f"-DPAYLOAD_DIR={payload}",
                            f"-DICON={icon}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower(), result.stdout
    assert (out / "persona-desktop-9.8.7rc1-setup.exe").stat().st_size > 0


# --- macOS: .dmg -----------------------------------------------------------------------------

def test_entitlements_grant_no_exception_nor_debugging():
    entitlements = plistlib.loads(ENTITLEMENTS.read_bytes())
    assert isinstance(entitlements, dict)
    for key in ("com.apple.security.cs.allow-jit",
                "com.apple.security.cs.allow-unsigned-executable-memory",
                "com.apple.security.cs.disable-executable-page-protection",
                "com.apple.security.get-task-allow"):  # notarisation rejects get-task-allow
        assert key not in entitlements, key


def _shell_scripts() -> list[Path]:
    return sorted((ROOT / "installer").rglob("*.sh"))


@posix_only
def test_shell_scripts_parse():
    scripts = _shell_scripts()
    assert DMG_SCRIPT in scripts
    for script in scripts:
        result = subprocess.run(["bash", "-n", str(script)], check=False, capture_output=True,
                                text=True)
        assert result.returncode == 0, f"{script}: {result.stderr}"


@posix_only
def test_dmg_script_passes_shellcheck():
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed")
    result = subprocess.run(["shellcheck", str(DMG_SCRIPT)], check=False, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout


STUBS = {
    # Each stand-in logs its arguments, one call a line, to $STUB_LOG.
    "hdiutil": r'''
printf 'hdiutil %s\n' "$*" >> "$STUB_LOG"
if [ "$1" = create ]; then
  prev=""; for a in "$@"; do [ "$prev" = -srcfolder ] && src=$a; prev=$a; done
  for entry in "$src"/*; do
    if [ -L "$entry" ]; then
      printf 'staged %s -> %s\n' "${entry##*/}" "$(readlink "$entry")" >> "$STUB_LOG"
    else
      printf 'staged %s\n' "${entry##*/}" >> "$STUB_LOG"
    fi
  done
  printf 'dmg' > "${!#}"
fi
''',
    "codesign": r'''printf 'codesign %s\n' "$*" >> "$STUB_LOG"''',
    "spctl": r'''printf 'spctl %s\n' "$*" >> "$STUB_LOG"''',
    "ditto": r'''
printf 'ditto %s\n' "$*" >> "$STUB_LOG"
if [ "$1" = -c ]; then printf 'zip' > "${!#}"; else cp -R "$1" "$2"; fi
''',
    "file": r'''
case "$2" in
  *.dylib|*.so|*/MacOS/*|*/QtCore) echo "Mach-O 64-bit dynamically linked shared library arm64" ;;
  *) echo "ASCII text" ;;
esac
''',
    "xcrun": r'''
printf 'xcrun %s\n' "$*" >> "$STUB_LOG"
if [ "$1 $2" = "notarytool submit" ]; then
  status=${STUB_NOTARY_STATUS:-Accepted}
  printf '{"id": "0000-1111", "status": "%s", "message": "stand-in"}\n' "$status"
fi
''',
}


def _fake_app(dist: Path) -> Path:
    app = dist / "Persona Desktop.app"
    files = ["Contents/MacOS/persona-desktop", "Contents/MacOS/persona",
             "Contents/Frameworks/QtCore.framework/Versions/A/QtCore",
             "Contents/Frameworks/persona_desktop/_cext.cpython-311-darwin.so",
             "Contents/Frameworks/libssl.3.dylib", "Contents/Resources/base_library.zip",
             "Contents/Info.plist"]
    for name in files:
        path = app / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    return app


def _run_dmg(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, list[str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in STUBS.items():
        stub = bin_dir / name
        stub.write_text("#!/usr/bin/env bash\n" + body)
        stub.chmod(0o755)
    dist = tmp_path / "dist"
    app = _fake_app(dist)
    log = tmp_path / "stub.log"
    log.touch()
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("MACOS_", "NOTARY_"))}
    base.update(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", STUB_LOG=str(log),
                APP=str(app), DIST=str(dist), PYTHON=sys.executable, TMPDIR=str(tmp_path))
    base.update(env)
    result = subprocess.run(["bash", str(DMG_SCRIPT)], check=False, capture_output=True,
                            text=True, env=base, timeout=120, cwd=tmp_path)
    return result, log.read_text().splitlines(), dist


@posix_only
def test_dmg_stages_the_app_beside_an_applications_link(tmp_path):
    result, log, dist = _run_dmg(tmp_path)
    assert result.returncode == 0, result.stderr
    dmg = dist / f"persona-desktop-{_version()}.dmg"
    assert dmg.is_file()
    create = next(line for line in log if line.startswith("hdiutil create"))
    assert f"-volname Persona Desktop {_version()}" in create
    assert "-ov -format UDZO" in create and create.endswith(str(dmg))
    assert "staged Applications -> /Applications" in log
    assert "staged Persona Desktop.app" in log
    assert not any(line.startswith(("codesign", "xcrun")) for line in log), "signed unasked"
    assert "not notarised" in result.stderr


@posix_only
def test_dmg_signs_inside_out_then_notarises_and_staples(tmp_path):
    identity = "Developer ID Application: Example (TEAMID1234)"
    result, log, dist = _run_dmg(tmp_path, MACOS_SIGN_IDENTITY=identity, NOTARY_PROFILE="persona",
                                 VERSION="1.2.3")
    assert result.returncode == 0, result.stderr
    signed = [line for line in log if line.startswith("codesign --force")]

    def index(tail: str) -> int:
        return next(i for i, line in enumerate(signed) if line.endswith(tail))

    # Everything signed with our identity, the hardened runtime and a timestamp; not resources.
    app_signs = [line for line in signed if not line.endswith(".dmg")]
    assert all("--options runtime" in line and "--timestamp" in line and identity in line
               for line in app_signs)
    assert not any(line.endswith(("base_library.zip", "Info.plist")) for line in signed)
    # Inside out: libraries, then the framework, then the executables, then the bundle.
    assert index("libssl.3.dylib") < index("QtCore.framework")
    assert index("Versions/A/QtCore") < index("QtCore.framework")
    assert index("_cext.cpython-311-darwin.so") < index("MacOS/persona-desktop")
    assert index("QtCore.framework") < index("MacOS/persona-desktop") < index("Persona Desktop.app")
    for tail in ("MacOS/persona-desktop", "MacOS/persona", "Persona Desktop.app"):
        assert "--entitlements" in signed[index(tail)] and str(ENTITLEMENTS) in signed[index(tail)]
    assert "--entitlements" not in signed[index("libssl.3.dylib")]
    # The app is notarised and stapled before it goes into the image; then the image is.
    submits = [i for i, line in enumerate(log) if line.startswith("xcrun notarytool submit")]
    create = next(i for i, line in enumerate(log) if line.startswith("hdiutil create"))
    assert len(submits) == 2 and submits[0] < create < submits[1], log
    assert "/Persona Desktop.zip --keychain-profile" in log[submits[0]]
    assert "--keychain-profile persona" in log[submits[0]] and "--wait" in log[submits[0]]
    staples = [line for line in log if line.startswith("xcrun stapler staple")]
    assert len(staples) == 2 and staples[1].endswith("persona-desktop-1.2.3.dmg")
    assert any(line.startswith("codesign --force --timestamp --sign") and line.endswith(".dmg")
               for line in log)
    assert (dist / "persona-desktop-1.2.3.dmg").is_file()


@posix_only
def test_dmg_fails_when_notarisation_is_rejected(tmp_path):
    result, log, dist = _run_dmg(tmp_path, MACOS_SIGN_IDENTITY="Developer ID Application: X (T)",
                                 NOTARY_KEY="/k.p8", NOTARY_KEY_ID="K", NOTARY_ISSUER="I",
                                 STUB_NOTARY_STATUS="Invalid")
    assert result.returncode != 0
    assert "status 'Invalid'" in result.stderr
    assert any(line.startswith("xcrun notarytool log 0000-1111") for line in log)
    assert not list(dist.glob("*.dmg"))


@posix_only
def test_dmg_refuses_to_notarise_an_unsigned_app(tmp_path):
    result, log, _ = _run_dmg(tmp_path, NOTARY_PROFILE="persona")
    assert result.returncode != 0 and "MACOS_SIGN_IDENTITY" in result.stderr
    assert log == []


# --- CI and docs -----------------------------------------------------------------------------

def test_ci_installs_makensis():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = run.splitlines()
    start = next(i for i, line in enumerate(lines) if "apt-get install" in line)
    end = next(i for i in range(start, len(lines)) if not lines[i].rstrip().endswith("\\"))
    assert "nsis" in " ".join(lines[start:end + 1]).split()


def test_installer_readme_has_each_section():
    readme = (ROOT / "installer" / "README.md").read_text(encoding="utf-8")
    for heading in ("Linux (.deb)", "Windows (NSIS)", "macOS (.app and .dmg)", "CI workflow",
                    "Sizes and start time"):
        assert re.search(rf"^#+ {re.escape(heading)}\s*$", readme, flags=re.MULTILINE), heading
