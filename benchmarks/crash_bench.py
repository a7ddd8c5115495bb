"""kill -9 during import, passwd, rotate-key and backup, and count what each kill left (issue 12).

Each round runs one `persona` command on one vault (kept from round to round, so damage would
accumulate) and kills it with SIGKILL after a random delay drawn over that command's measured
duration. Then the vault is opened as the user would, and the round is classified:

  corruptions        the vault does not open with either password, or an integrity check or the
                     audit chain fails
  partial states     an import left running, a history anomaly reported at the open, or a backup
                     staging folder still there after the next backup
  orphaned identities identities no customer has, raw quarantined rows no import has
  missing audit      a password, key or import change in effect with no audit entry for it, or a
                     backup file the log does not know of

Goal: 0 of each. Prints the counts (and the rounds behind any non-zero one), never asserts.
The vault uses the floor KDF (PERSONA_KDF=floor) so rounds are short; the code paths are the same.

Run: python benchmarks/crash_bench.py [--kills 120] [--seed 7] [--rows 4000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("PERSONA_KDF", "floor")

from persona_desktop.core.errors import PersonaError, WrongPassword
from persona_desktop.core.vault import keyfile
from persona_desktop.core.vault.store import Vault
from tests.core.test_import_crash import write_orders

logging.disable(logging.WARNING)  # the bench's own opens log recoveries; the counts say it all

PASSWORDS = ("first crash bench password 1", "second crash bench password 2")
OPERATIONS = ("import", "passwd", "rotate-key", "backup")


class Bench:
    def __init__(self, work: Path, rows: int, rng: random.Random):
        self.work, self.rows, self.rng = work, rows, rng
        self.folder = work / "vault"
        self.backups = work / "backups"
        self.backups.mkdir()
        self.password = 0          # index of the password in effect
        self.files = 0
        self.durations: dict[str, float] = {}
        self.counts: Counter = Counter()
        self.problems: list[str] = []

    # --- running the command line ---------------------------------------------------------------
    def _command(self, op: str) -> list[str]:
        cli = [sys.executable, "-m", "persona_desktop.cli"]
        if op == "import":
            self.files += 1
            path = write_orders(self.work / f"orders-{self.files}.csv", self.rows, seed=self.files,
                                first_order=1_000_000 * self.files)
            return cli + ["import", str(path), "--vault", str(self.folder)]
        if op == "backup":
            return cli + ["backup", str(self.backups), "--vault", str(self.folder)]
        return cli + [op, "--vault", str(self.folder)]

    def _env(self) -> dict:
        env = dict(os.environ, PYTHONPATH=str(ROOT), PERSONA_KDF="floor",
                   PERSONA_PASSWORD=PASSWORDS[self.password],
                   PERSONA_NEW_PASSWORD=PASSWORDS[1 - self.password])
        return env

    def run(self, op: str, kill_after: float | None) -> int | None:
        """Run ``op``; kill it after ``kill_after`` seconds (None: let it finish)."""
        started = time.perf_counter()
        child = subprocess.Popen(self._command(op), env=self._env(), cwd=str(ROOT),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            if kill_after is None:
                _, err = child.communicate(timeout=300)
                if child.returncode != 0:
                    raise RuntimeError(f"{op} failed ({child.returncode}): {err[-500:]!r}")
                self.durations[op] = time.perf_counter() - started
                return child.returncode
            try:
                child.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
            child.communicate(timeout=300)
            return child.returncode
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()

    # --- after a kill ---------------------------------------------------------------------------
    def open(self) -> Vault | None:
        for index in (self.password, 1 - self.password):
            try:
                vault = Vault.open(self.folder, PASSWORDS[index])
            except WrongPassword:
                continue
            self.password = index
            return vault
        return None

    def check(self, label: str, before_fp: str) -> None:
        try:
            vault = self.open()
        except PersonaError as exc:
            self._count("corruptions", label, type(exc).__name__)
            return
        if vault is None:
            self._count("corruptions", label, "opens with neither password")
            return
        try:
            problems = vault.integrity_problems()
            if any(problems.values()) or not vault.verify_audit().ok:
                self._count("corruptions", label, "integrity or audit chain")
            if vault.audit_anomaly is not None:
                self._count("partial_states", label, f"anomaly {vault.audit_anomaly.reason}")
            with vault.reader() as v, vault.identity_reader() as i:
                running = v.execute("SELECT count(*) FROM imports WHERE status = 'running'"
                                    ).fetchone()[0]
                if running:
                    self._count("partial_states", label, f"{running} import(s) running")
                orphans = _orphans(v, i)
                if orphans:
                    self._count("orphaned_identities", label, f"{orphans} rows", n=orphans)
                for reason in _missing_audit(v, vault, before_fp, self.backups):
                    self._count("missing_audit", label, reason)
        finally:
            vault.lock()

    def _count(self, what: str, label: str, detail: str, n: int = 1) -> None:
        self.counts[what] += n
        self.problems.append(f"{label}: {what}: {detail}")


def _orphans(v, i) -> int:
    customers = {r[0] for r in v.execute("SELECT pseudonym FROM customers")}
    imports = {r[0] for r in v.execute("SELECT import_id FROM imports WHERE status != 'undone'")}
    return (sum(1 for (p,) in i.execute("SELECT DISTINCT pseudonym FROM identities")
                if p not in customers)
            + sum(1 for (q,) in i.execute("SELECT import_id FROM quarantine_raw") if q not in imports))


def _missing_audit(v, vault, before_fp: str, backups: Path) -> list[str]:
    import json
    entries = [(e, json.loads(d)) for e, d in v.execute("SELECT event, details FROM audit_log")]
    out = []
    fp = keyfile.fingerprint(vault.keyfile.header)
    if fp != before_fp:  # the key file changed: a password change or a rotation took effect
        changed = {d.get("key_file") for e, d in entries if e == "password_changed"}
        rotated = any(e == "key_rotated" for e, _ in entries)
        if fp not in changed and not rotated:
            out.append("key file changed with no audit entry")
    audited_imports = {d.get("import_id") for e, d in entries if e == "import"}
    for (import_id,) in v.execute("SELECT import_id FROM imports WHERE status = 'done'"):
        if import_id not in audited_imports:
            out.append(f"import {import_id} not audited")
    sums = {d.get("sha256") for e, d in entries if e == "backup_created"}
    import hashlib
    for archive in backups.glob("*.pvbackup"):
        if hashlib.sha256(archive.read_bytes()).hexdigest() not in sums:
            out.append("backup file not audited")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rows", type=int, default=4000, help="order lines per imported file")
    ap.add_argument("--keep", type=Path, help="keep the work folder here")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="crash-bench-")) if not args.keep else args.keep
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.rows, rng)
    vault, _ = Vault.create(bench.folder, PASSWORDS[0])
    vault.lock()
    started = time.perf_counter()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "persona_desktop.cli", "--help"], cwd=str(ROOT),
                   env=bench._env(), stdout=subprocess.DEVNULL, check=True)
    startup = time.perf_counter() - t0  # kills before this would only hit the interpreter
    for op in OPERATIONS:  # one full run each: the durations the kill delays are drawn over
        bench.run(op, None)
        if op == "passwd":
            bench.password = 1 - bench.password
    print(f"start-up {startup:.2f} s; whole commands (s): "
          + ", ".join(f"{k} {v:.2f}" for k, v in bench.durations.items()))
    outcomes: Counter = Counter()
    for n in range(args.kills):
        op = OPERATIONS[n % len(OPERATIONS)]
        before_fp = keyfile.fingerprint(keyfile.load(bench.folder).header)
        delay = rng.uniform(startup * 0.9, max(bench.durations[op], startup) * 1.05)
        code = bench.run(op, delay)
        outcomes[(op, "killed" if code == -signal.SIGKILL else "finished")] += 1
        bench.check(f"round {n} {op} killed after {delay:.2f}s", before_fp)
    # staging left by killed backups must be gone after one more backup
    bench.run("backup", None)
    left = [p for p in bench.backups.iterdir() if p.name.endswith(".partial")]
    if left:
        bench._count("partial_states", "final backup", f"{len(left)} staging folder(s) left")
    elapsed = time.perf_counter() - started
    killed = sum(n for (op, how), n in outcomes.items() if how == "killed")
    print(f"{args.kills} rounds in {elapsed:.0f} s, {killed} killed mid-command:")
    for op in OPERATIONS:
        print(f"  {op:<10} killed {outcomes[(op, 'killed')]:>3}  finished "
              f"{outcomes[(op, 'finished')]:>3}")
    for what in ("corruptions", "partial_states", "orphaned_identities", "missing_audit"):
        print(f"{what.replace('_', ' '):<20} {bench.counts[what]}")
    for line in bench.problems[:40]:
        print("  " + line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
