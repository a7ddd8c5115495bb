"""Fuzz the import with mutated files and count how each run ends (issue 12, defect 7).

Generates ``--count`` small files (default 10,000) by mutating a few seed CSVs (order lines and
customers from tests/core/hostile_files.py): byte flips, truncation, inserted separators
(U+2028, U+2029, NUL, CR, quotes, delimiters), other encodings and mixed-encoding lines, huge and
empty fields, repeated and dropped lines. Each file is planned (``plan_import``: inspect, sample,
detect roles, decide); every ``--import-every``-th one is also imported as a dry run into a
temporary vault, so the whole pipeline runs and rolls back. Prints, never asserts:

  reports (accounting identity holds) / unbalanced reports / typed errors (PersonaError) /
  untyped errors (any other exception: a bug) / hangs (over ``--watchdog`` seconds)

Goal: 0 unbalanced, 0 untyped, 0 hangs. The work runs in one worker process, fed one file at a
time; a file that outlives the watchdog gets the worker killed and replaced, so a hang in C code
is caught too. Untyped errors and hangs are listed with where they happened (no file content)
and the files are kept in ``--keep`` (default: a temporary folder, deleted).

Run: python benchmarks/fuzz_bench.py [--count N] [--seed S] [--watchdog SECONDS]
                                     [--import-every N] [--keep DIR]
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.hostile_files import BAD_TIMES, customer_csv, order_csv  # noqa: E402

SEPARATORS = ("\u2028", "\u2029", "\x00", "\r", "\n", '"', ",", ";", "\t", "|", "\ufeff")
ENCODINGS = ("gbk", "gb18030", "big5", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig")


# --- mutations: each takes (text, rnd) and returns bytes ----------------------------------------

def _flip(text: str, rnd: random.Random) -> bytes:
    data = bytearray(text.encode())
    for _ in range(rnd.randint(1, 20)):
        data[rnd.randrange(len(data))] = rnd.randrange(256)
    return bytes(data)


def _truncate(text: str, rnd: random.Random) -> bytes:
    data = text.encode()
    return data[: rnd.randrange(len(data))]


def _insert_separators(text: str, rnd: random.Random) -> str:
    chars = list(text)
    sep = rnd.choice(SEPARATORS)
    for _ in range(rnd.choice((1, 3, 30, 300))):
        chars.insert(rnd.randrange(len(chars) + 1), sep)
    return "".join(chars)


def _replace_newlines(text: str, rnd: random.Random) -> str:
    return text.replace("\n", rnd.choice(("\u2028", "\u2029", "\x00", "\r", "\r\r\n", "")))


def _encode(text: str, rnd: random.Random) -> bytes:
    return text.encode(rnd.choice(ENCODINGS), errors="replace")


def _mix_encodings(text: str, rnd: random.Random) -> bytes:
    other = rnd.choice(("gbk", "big5", "cp1252", "utf-16-le"))
    return b"".join(line.encode(other if rnd.random() < 0.3 else "utf-8", errors="replace") + b"\n"
                    for line in text.splitlines())


def _huge_field(text: str, rnd: random.Random) -> str:
    lines = text.splitlines()
    i = rnd.randrange(len(lines))
    cells = lines[i].split(",")
    cells[rnd.randrange(len(cells))] = rnd.choice(("x", "9", '"', "中", ",")) * rnd.choice(
        (1000, 140_000, 400_000))
    lines[i] = ",".join(cells)
    return "\n".join(lines) + "\n"


def _empty_fields(text: str, rnd: random.Random) -> str:
    lines = text.splitlines()
    for i in rnd.sample(range(len(lines)), k=rnd.randint(1, len(lines))):
        cells = lines[i].split(",")
        lines[i] = ",".join("" if rnd.random() < 0.5 else c for c in cells)
    return "\n".join(lines) + "\n"


def _bad_cells(text: str, rnd: random.Random) -> str:
    lines = text.splitlines()
    junk = BAD_TIMES + ("NaN", "-", "1e309", "(5)", "¥", "=1+1", "0x1F", "9" * 40, "  ", "null")
    for i in rnd.sample(range(1, len(lines)), k=min(len(lines) - 1, rnd.randint(1, 10))):
        cells = lines[i].split(",")
        cells[rnd.randrange(len(cells))] = rnd.choice(junk)
        lines[i] = ",".join(cells)
    return "\n".join(lines) + "\n"


def _lines(text: str, rnd: random.Random) -> str:
    lines = text.splitlines()
    op = rnd.choice(("repeat", "drop", "shuffle", "header_twice", "width"))
    if op == "repeat":
        lines += [rnd.choice(lines)] * rnd.randint(1, 50)
    elif op == "drop":
        lines = rnd.sample(lines, k=rnd.randint(0, len(lines)))
    elif op == "shuffle":
        rnd.shuffle(lines)
    elif op == "header_twice":
        lines.insert(rnd.randrange(len(lines) + 1), lines[0])
    else:
        lines = [line + "," * rnd.randint(0, 3000) for line in lines]
    return "\n".join(lines) + "\n"


MUTATIONS = (_flip, _truncate, _insert_separators, _replace_newlines, _encode, _mix_encodings,
             _huge_field, _empty_fields, _bad_cells, _lines)


def make_file(folder: Path, i: int, seed: int) -> Path:
    """File ``i``: one to three mutations of a seed CSV, deterministic for (i, seed)."""
    rnd = random.Random(seed * 1_000_003 + i)
    data: str | bytes = (order_csv if rnd.random() < 0.7 else customer_csv)(
        n=rnd.choice((3, 20, 60)), seed=rnd.randrange(1000))
    for mutate in rnd.sample(MUTATIONS, k=rnd.randint(1, 3)):
        if isinstance(data, bytes):  # later mutations work on text: decode as a reader might
            data = data.decode("utf-8", errors="replace") or " "
        data = mutate(data or " ", rnd)
    path = folder / f"fuzz_{i:06d}{rnd.choice(('.csv', '.txt', '.tsv'))}"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", errors="replace"))
    return path


# --- the worker: plans (and sometimes imports) one file at a time --------------------------------

def _worker(conn, vault_dir: str) -> None:
    os.environ["PERSONA_KDF"] = "floor"
    from persona_desktop.core.errors import PersonaError
    from persona_desktop.core.ingest.plan import ImportOptions
    from persona_desktop.core.services import plan_import, run_import
    from persona_desktop.core.startup import crash_summary
    from persona_desktop.core.vault.store import Vault
    vault = None
    while True:
        job = conn.recv()
        if job is None:
            break
        path, do_import = job
        try:
            if do_import and vault is None:
                vault, _code = Vault.create(vault_dir, "fuzz bench password 12!")
            plan = plan_import(vault, path, ImportOptions(dry_run=True))
            if do_import:
                report = run_import(vault, plan)
                conn.send(("report" if report.accounting_ok else "unbalanced", ""))
            else:
                conn.send(("report", ""))
        except PersonaError as err:
            conn.send(("typed", type(err).__name__))
        except Exception as exc:  # noqa: BLE001 (what the bench counts)
            conn.send(("untyped", crash_summary(exc)))
    if vault is not None:
        vault.lock(record=False)


class _Worker:
    def __init__(self, work: Path):
        self.work, self.n = work, 0
        self.start()

    def start(self) -> None:
        self.n += 1
        self.conn, child = mp.Pipe()
        vault_dir = str(self.work / f"vault{self.n}")
        self.proc = mp.get_context("fork").Process(target=_worker, args=(child, vault_dir),
                                                   daemon=True)
        self.proc.start()

    def run(self, path: Path, do_import: bool, watchdog: float) -> tuple[str, str]:
        self.conn.send((str(path), do_import))
        if self.conn.poll(watchdog):
            return self.conn.recv()
        self.proc.kill()  # a hang: this worker is ours, killed by its own handle
        self.proc.join()
        self.start()
        return "hang", ""

    def stop(self) -> None:
        self.conn.send(None)
        self.proc.join(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--watchdog", type=float, default=30.0)
    ap.add_argument("--import-every", type=int, default=20)
    ap.add_argument("--keep", type=Path, help="keep the files that broke something here")
    args = ap.parse_args()
    os.environ.setdefault("PERSONA_HOME", tempfile.mkdtemp(prefix="persona-fuzz-home-"))
    work = Path(tempfile.mkdtemp(prefix="persona-fuzz-"))
    counts, where = Counter(), Counter()
    started = time.perf_counter()
    worker = _Worker(work)
    try:
        for i in range(args.count):
            path = make_file(work, i, args.seed)
            outcome, detail = worker.run(path, i % args.import_every == 0, args.watchdog)
            counts[outcome] += 1
            if outcome == "typed":
                where[f"typed {detail}"] += 1
            elif outcome in ("untyped", "hang", "unbalanced"):
                where[f"{outcome} {detail}"] += 1
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, args.keep / path.name)
            path.unlink()
            if (i + 1) % 1000 == 0:
                print(f"{i + 1:,} files, {time.perf_counter() - started:.0f} s: {dict(counts)}",
                      flush=True)
        worker.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.count:,} files in {time.perf_counter() - started:.0f} s "
          f"(every {args.import_every}th also imported as a dry run)")
    for outcome in ("report", "unbalanced", "typed", "untyped", "hang"):
        print(f"  {outcome:<11} {counts[outcome]:>7,}")
    for key, n in where.most_common(25):
        print(f"  {n:>7,}  {key}")


if __name__ == "__main__":
    main()
