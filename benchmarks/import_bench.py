"""Import speed and memory against a bare baseline measured in the same run (issue: import).

Prints, never asserts:
  * Online Retail (541,909 rows, ../shared/data): the full import through services.import_file
    (read, clean, pseudonymise, encrypt, store) into a fresh vault, as a ratio to the baseline
    ``pandas.read_csv(dtype=str)`` + one ``executemany`` of the 8 columns into plain sqlite3
    (WAL, synchronous=FULL, one transaction); and the peak RSS of each.
    Targets: ratio <= 2.0 (goal 1.5), import peak RSS <= 1.5 GB.
  * a synthetic order-line CSV of ``--lines`` lines (default 5,000,000; Chinese headers,
    customers, order numbers, times, products, quantities, prices) generated into a temporary
    folder and deleted afterwards: import wall time and peak RSS. Target: peak RSS <= 3 GB.

Each measurement runs in its own child process, which reports its own ru_maxrss, so one
measurement's memory never counts towards another's. Both children import pandas before their
clock starts (the baseline needs it to exist; a user's app has it loaded before any import);
everything else the import loads on first use counts. Vaults are created with PERSONA_KDF=floor
so that the key derivation is not what is measured. On a shared 2-core machine a single pair of
timings varies by +-30 %, so Online Retail is measured ``--rounds`` times (default 3), baseline
and import alternating, and the ratio is of the best time of each.

Run: python benchmarks/import_bench.py [--rounds N] [--lines N] [--skip-retail] [--skip-synthetic]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT.parent / "shared" / "data" / "online_retail" / "online_retail_2010_2011.csv.gz"

# --- the measurements, each run as: import_bench.py --child KIND PATH WORKDIR ------------------

BASELINE = """
import json, os, resource, sqlite3, sys, time
import pandas as pd
path, work = sys.argv[1], sys.argv[2]
started = time.perf_counter()
frame = pd.read_csv(path, dtype=str)
conn = sqlite3.connect(os.path.join(work, "plain.db"), isolation_level=None)
for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY"):
    conn.execute("PRAGMA " + pragma)
conn.execute("CREATE TABLE t (" + ", ".join(f"c{i}" for i in range(frame.shape[1])) + ")")
conn.execute("BEGIN")
# Column lists zipped into rows: the fast way to feed executemany (itertuples is ~3 s slower).
conn.executemany("INSERT INTO t VALUES (" + ",".join("?" * frame.shape[1]) + ")",
                 zip(*(frame[c].tolist() for c in frame.columns)))
conn.execute("COMMIT")
seconds = time.perf_counter() - started
rows = conn.execute("SELECT count(*) FROM t").fetchone()[0]
conn.close()
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = """
import json, os, resource, sys, time
from pathlib import Path
import pandas as pd  # as the baseline: loaded before the clock starts
from persona_desktop.core import services
from persona_desktop.core.vault.store import Vault
path, work = sys.argv[1], sys.argv[2]
vault, _code = Vault.create(Path(work) / "vault", "benchmark passphrase 2026")
started = time.perf_counter()
# services.import_file in its two steps, timed apart: planning (which also loads pandas and the
# import modules the first time) and the import itself.
plan = services.plan_import(vault, path)
planned = time.perf_counter()
report = services.run_import(vault, plan)
seconds = time.perf_counter() - started
vault.lock()
print(json.dumps({"seconds": seconds, "plan_seconds": planned - started,
                  "rows": report.rows_read, "stored": report.rows_stored,
                  "quarantined": report.rows_quarantined, "accounting_ok": report.accounting_ok,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(code: str, path: Path, work: Path) -> dict:
    env = dict(os.environ, PERSONA_KDF="floor", PERSONA_HOME=str(work / "home"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code, str(path), str(work)], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the synthetic file -------------------------------------------------------------------------

HEADER = ["订单编号", "客户ID", "下单时间", "商品编码", "商品", "数量", "单价", "城市"]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "西安", "南京", "苏州",
          "天津", "长沙", "郑州", "青岛", "厦门"]
GOODS = ["西湖龙井", "铁观音", "普洱茶饼", "白毫银针", "大红袍", "紫砂壶", "青瓷茶杯", "竹制茶盘",
         "茶点礼盒", "桂花糕", "红豆酥", "旅行茶具", "玻璃公道杯", "陈皮白茶", "茉莉花茶"]


def write_synthetic(path: Path, lines: int, seed: int = 1) -> None:
    """Order lines of a shop: ~3 lines per order, ~20 lines per customer, 2,000 products,
    two years of second-resolution order times; a few returns (negative quantities)."""
    import numpy as np
    rng = np.random.default_rng(seed)
    n_products = 2000
    skus = np.array([f"SKU{i:05d}" for i in range(n_products)], dtype=object)
    names = np.array([f"{GOODS[i % len(GOODS)]} {i // len(GOODS) + 1}号" for i in range(n_products)],
                     dtype=object)
    prices = np.array([f"{p:.2f}" for p in rng.gamma(2.0, 40.0, n_products) + 1], dtype=object)
    quantities = np.array([str(q) for q in range(-5, 51)], dtype=object)
    cities = np.array(CITIES, dtype=object)
    n_customers = max(1, lines // 20)
    start = np.datetime64("2023-01-01T00:00:00", "s")
    block = 500_000
    order = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\r\n")
        for first in range(0, lines, block):
            n = min(block, lines - first)
            per_order = rng.integers(1, 6, n)  # lines per order; cut at n lines
            ids = np.repeat(np.arange(len(per_order)), per_order)[:n]
            n_orders = int(ids[-1]) + 1
            numbers = np.array([f"SO{order + i:09d}" for i in range(n_orders)], dtype=object)
            order += n_orders
            customer = np.array([f"C{c:07d}" for c in rng.integers(0, n_customers, n_orders)],
                                dtype=object)
            seconds = np.sort(rng.integers(0, 2 * 365 * 86400, n_orders))
            times = np.strings.replace(np.datetime_as_string(start + seconds, unit="s"), "T", " ")
            city = cities[rng.integers(0, len(cities), n_orders)]
            product = rng.zipf(1.3, n) % n_products
            qty = np.where(rng.random(n) < 0.02, rng.integers(0, 5, n), 5 + rng.integers(1, 11, n))
            columns = [numbers[ids], customer[ids], times.astype(object)[ids], skus[product],
                       names[product], quantities[qty], prices[product], city[ids]]
            fh.write("\r\n".join(map(",".join, zip(*(c.tolist() for c in columns)))) + "\r\n")


# --- the run ------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3, help="Online Retail measurements")
    parser.add_argument("--lines", type=int, default=5_000_000, help="lines of the synthetic file")
    parser.add_argument("--skip-retail", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="persona-import-bench-") as tmp:
        tmp = Path(tmp)
        if args.skip_retail:
            pass
        elif not RETAIL.exists():
            print(f"Online Retail: skipped, {RETAIL} is absent")
        else:
            bases, fulls = [], []
            for r in range(args.rounds):
                bases.append(child(BASELINE, RETAIL, _fresh(tmp / f"baseline{r}")))
                fulls.append(child(IMPORT, RETAIL, _fresh(tmp / f"import{r}")))
                print(f"  round {r + 1}: baseline {bases[-1]['seconds']:.2f} s, import "
                      f"{fulls[-1]['seconds']:.2f} s ({fulls[-1]['seconds'] / bases[-1]['seconds']:.2f}x)")
            base = min(bases, key=lambda m: m["seconds"])
            full = min(fulls, key=lambda m: m["seconds"])
            print(f"Online Retail, {full['rows']:,} rows ({full['stored']:,} stored, "
                  f"{full['quarantined']:,} quarantined, accounting ok: {full['accounting_ok']})")
            print(f"  baseline read_csv + executemany (plain sqlite3), best of {args.rounds}: "
                  f"{base['seconds']:.2f} s, peak RSS {max(m['peak_mib'] for m in bases):.0f} MiB")
            print(f"  full import (vault), best of {args.rounds}: {full['seconds']:.2f} s, ratio "
                  f"{full['seconds'] / base['seconds']:.2f}x (target <= 2.0x, goal 1.5x), peak RSS "
                  f"{max(m['peak_mib'] for m in fulls):.0f} MiB (target <= 1536 MiB)")
            print(f"    of which planning {full['plan_seconds']:.2f} s (modules loaded on first "
                  f"use, inspect, mapping), importing {full['seconds'] - full['plan_seconds']:.2f} s")
        if not args.skip_synthetic:
            path = tmp / "synthetic_orders.csv"
            started = time.perf_counter()
            write_synthetic(path, args.lines)
            made = time.perf_counter() - started
            size = path.stat().st_size / 2**20
            big = child(IMPORT, path, _fresh(tmp / "synthetic"))
            path.unlink()
            print(f"Synthetic, {args.lines:,} lines ({size:,.0f} MiB, written in {made:.0f} s)")
            print(f"  full import (vault): {big['seconds']:.1f} s (planning "
                  f"{big['plan_seconds']:.1f} s) "
                  f"({args.lines / big['seconds']:,.0f} lines/s), peak RSS "
                  f"{big['peak_mib']:.0f} MiB (target <= 3072 MiB), accounting ok: "
                  f"{big['accounting_ok']}")


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder


if __name__ == "__main__":
    main()
