"""Vault performance against plain sqlite3, measured in the same run (issue: foundation).

Prints ratios, never absolute targets in tests:
  * insert 1,000,000 rows x 5 columns in one transaction: vault (SQLCipher) / plain sqlite3
  * full-table scan after reopening: vault / plain sqlite3
  * Vault.open with production Argon2id parameters (calibrated to ~0.5 s on this machine)
Targets: insert <= 1.5x, scan <= 3.0x, open 0.3-1.5 s.

Run: python benchmarks/vault_bench.py [--rows N]
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from persona_desktop.core.vault import connection  # noqa: E402
from persona_desktop.core.vault.store import Vault  # noqa: E402

DDL = "CREATE TABLE t (id INTEGER PRIMARY KEY, customer TEXT, amount REAL, qty INTEGER, day TEXT)"


def rows(n: int):
    rnd = random.Random(1)
    for i in range(n):
        yield (i, f"c_{rnd.getrandbits(64):016x}", rnd.random() * 500, rnd.randint(1, 9),
               f"2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}")


def plain(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def keyed(path: Path, key: bytes, create: bool = False):
    return connection.connect(path, key, create=create)


def insert(conn, n: int) -> float:
    data = list(rows(n))
    conn.execute(DDL)
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?,?,?,?,?)", data)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def scan(conn) -> float:
    started = time.perf_counter()
    conn.execute("SELECT count(*), sum(amount), max(customer), min(day) FROM t").fetchone()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    key = os.urandom(32)
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as tmp:
        tmp = Path(tmp)
        ins_plain, ins_vault, scan_plain, scan_vault = [], [], [], []
        for r in range(args.repeat):
            p, v = tmp / f"plain{r}.db", tmp / f"vault{r}.db"
            c = plain(p); ins_plain.append(insert(c, args.rows)); c.close()
            c = keyed(v, key, create=True); ins_vault.append(insert(c, args.rows)); c.close()
            c = plain(p); scan_plain.append(scan(c)); c.close()
            c = keyed(v, key); scan_vault.append(scan(c)); c.close()
        med = statistics.median
        print(f"rows: {args.rows:,} x 5 columns, median of {args.repeat}")
        print(f"insert: plain {med(ins_plain):.2f} s, vault {med(ins_vault):.2f} s, "
              f"ratio {med(ins_vault) / med(ins_plain):.2f}x (target <= 1.5x)")
        print(f"scan:   plain {med(scan_plain):.3f} s, vault {med(scan_vault):.3f} s, "
              f"ratio {med(scan_vault) / med(scan_plain):.2f}x (target <= 3.0x)")
        os.environ.pop("PERSONA_KDF", None)
        vault, _ = Vault.create(tmp / "prod", "benchmark passphrase 2026")
        params = vault.keyfile.kdf
        vault.lock()
        opens = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            Vault.open(tmp / "prod", "benchmark passphrase 2026").lock(record=False)
            opens.append(time.perf_counter() - started)
        print(f"open:   {med(opens):.2f} s with Argon2id {params.memory_kib // 1024} MiB, "
              f"{params.iterations} passes (target 0.3-1.5 s)")


if __name__ == "__main__":
    main()
