#!/usr/bin/env python3
"""Refresh the Chinese translation after GUI strings changed.

    python tools/update_translations.py           # lupdate -> .ts, then lrelease -> .qm
    python tools/update_translations.py --check   # exit 1 if the .ts is stale or unfinished

1. ``pyside6-lupdate`` scans persona_desktop/gui for tr()/translate() calls and merges new source
   strings into resources/translations/persona_zh_CN.ts (existing translations are kept; strings
   no longer in the code are dropped).
2. Translate the new (type="unfinished") messages, with Qt Linguist (``pyside6-linguist``) or by
   editing the XML.
3. ``pyside6-lrelease`` compiles the .ts to persona_desktop/gui/translations/persona_zh_CN.qm, which
   is committed and shipped as package data.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "persona_desktop" / "gui"
TS = ROOT / "resources" / "translations" / "persona_zh_CN.ts"
QM = SOURCES / "translations" / "persona_zh_CN.qm"


def tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (a venv's bin), else the one on PATH."""
    for folder in (Path(sys.executable).parent,):
        candidate = folder / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 (pip install PySide6-Essentials)")
    return found


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def run_lupdate(ts: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), *source_files(), "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", "zh_CN", "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], cwd=ROOT, check=True,
                   capture_output=True, text=True)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> <translation> element."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            out[(name, message.findtext("source"))] = message.find("translation")
    return out


def unfinished(ts: Path) -> list[tuple[str, str]]:
    return [key for key, tr in messages(ts).items()
            if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished")
            or not (tr.text or "").strip()]


def check() -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS.name
        shutil.copy(TS, fresh)
        run_lupdate(fresh)
        missing = set(messages(fresh)) - set(messages(TS))
        problems += [f"not in the .ts: {c}: {s!r}" for c, s in sorted(missing)]
        problems += [f"untranslated: {c}: {s!r}" for c, s in unfinished(fresh)]
        qm = Path(tmp) / QM.name
        run_lrelease(TS, qm)
        if not QM.exists() or qm.read_bytes() != QM.read_bytes():
            problems.append(f"{QM.relative_to(ROOT)} is not the compiled {TS.relative_to(ROOT)}")
    for line in problems:
        print(line)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    TS.parent.mkdir(parents=True, exist_ok=True)
    QM.parent.mkdir(parents=True, exist_ok=True)
    run_lupdate(TS)
    run_lrelease(TS, QM)
    todo = unfinished(TS)
    print(f"{TS.relative_to(ROOT)}: {len(messages(TS))} messages, {len(todo)} to translate")
    for context, source in todo:
        print(f"  {context}: {source!r}")
    print(f"compiled {QM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
