"""Time to the first painted window, from source and frozen, and the frozen app's size (issue 13).

Each run starts the desktop app with PERSONA_TIMING=exit: it paints its first window (a full
render, window.grab()), prints the time since the process started (core/startup.py's clock) and
quits. Runs alternate between source and frozen so both see the same machine load; the first run
of each is the cold one (files not yet in the page cache), the rest are warm. Prints, never asserts:

  source  cold 0.9 s  warm median 0.5 s (min ..)
  frozen  cold 1.2 s  warm median 0.7 s (min ..)   frozen/source warm ratio 1.3
  frozen app 451 MB in dist/persona-desktop; .deb 192 MB

Goal: frozen warm under 1 s on this machine class. Offscreen by default; under a real X server
(DISPLAY set and --xcb) the window goes through the xcb plugin as a user's would.

Run: python benchmarks/startup_bench.py [--runs 6] [--frozen dist/persona-desktop] [--xcb]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOWN = re.compile(r"window shown after ([0-9.]+) s")


def first_window(command: list[str], env: dict) -> float:
    done = subprocess.run(command, env=env, cwd=str(ROOT), capture_output=True, text=True,
                          timeout=120)
    found = SHOWN.search(done.stderr)
    if not found:
        raise SystemExit(f"{command[0]}: no timing line (exit {done.returncode}): "
                         f"{done.stderr[-800:]}")
    return float(found.group(1))


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--frozen", type=Path, default=ROOT / "dist" / "persona-desktop")
    ap.add_argument("--xcb", action="store_true", help="use the X server in $DISPLAY")
    args = ap.parse_args(argv)
    home = tempfile.mkdtemp(prefix="startup-bench-")
    env = dict(os.environ, PERSONA_TIMING="exit", PERSONA_HOME=home,
               QT_QPA_PLATFORM="xcb" if args.xcb else "offscreen")
    programs = {"source": [sys.executable, "-m", "persona_desktop"]}
    exe = args.frozen / ("persona-desktop.exe" if sys.platform == "win32" else "persona-desktop")
    if exe.exists():
        programs["frozen"] = [str(exe)]
    else:
        print(f"no frozen app at {exe}: build it with pyinstaller installer/persona.spec")
    times: dict[str, list[float]] = {name: [] for name in programs}
    try:
        for _ in range(args.runs):
            for name, command in programs.items():
                times[name].append(first_window(command, env))
    finally:
        shutil.rmtree(home, ignore_errors=True)   # the runs' settings and logs
    warm = {}
    for name, values in times.items():
        warm[name] = statistics.median(values[1:]) if len(values) > 1 else values[0]
        print(f"{name:<7} cold {values[0]:.2f} s  warm median {warm[name]:.2f} s "
              f"(min {min(values[1:] or values):.2f} s, {len(values)} runs)")
    if "frozen" in warm:
        print(f"frozen/source warm ratio {warm['frozen'] / warm['source']:.2f}")
        debs = sorted((ROOT / "dist").glob("persona-desktop_*.deb"))
        deb = f"; .deb {debs[-1].stat().st_size / 1e6:.0f} MB" if debs else ""
        print(f"frozen app {size_mb(args.frozen):.0f} MB in {args.frozen}{deb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
