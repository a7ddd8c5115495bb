"""Hostile input files for the import (issue 12): generated from a seed, quickly, into a folder.

Shared by tests/core/test_import_hostile.py (the bounded corpus) and benchmarks/fuzz_bench.py
(mutations of the seed CSVs). Nothing here is a test.
"""
from __future__ import annotations

import gzip
import io
import random
import zipfile
from pathlib import Path

ORDERS_HEADER = "订单编号,客户编号,下单时间,付款时间,数量,单价"
CUSTOMERS_HEADER = "客户编号,姓名,出生日期,注册时间,城市"
# Damaged timestamps seen in real exports and in the audit; each must be declined, not fatal.
BAD_TIMES = ("2020-02-20 23:25:3-6", "2020-02-30 10:00", "2020-13-01", "99:99", "2020-02-20T",
             "+08:00", "20200220253000", "2020/02/20 10:00 PMX", "１９９９年", "0001-01-01")


def order_csv(n: int = 60, seed: int = 0) -> str:
    rnd = random.Random(seed)
    lines = [ORDERS_HEADER]
    for i in range(n):
        day = f"2024-03-{rnd.randint(1, 28):02d} {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}"
        lines.append(f"{1000 + i},C{rnd.randint(1, 12)},{day}:00,{day}:30,{rnd.randint(1, 5)},"
                     f"{rnd.randint(100, 9999) / 100}")
    return "\n".join(lines) + "\n"


def customer_csv(n: int = 40, seed: int = 0) -> str:
    rnd = random.Random(seed)
    lines = [CUSTOMERS_HEADER]
    for i in range(n):
        lines.append(f"C{i},张{'伟芳静磊'[i % 4]},19{rnd.randint(50, 99)}-0{rnd.randint(1, 9)}-1{i % 9},"
                     f"2022-0{rnd.randint(1, 9)}-2{i % 9} 09:30:00,{'上海北京杭州'[i % 3 * 2:i % 3 * 2 + 2]}")
    return "\n".join(lines) + "\n"


def with_bad_dates(text: str, columns: tuple[int, ...], seed: int = 0) -> str:
    """Every third data row gets a damaged timestamp in each of ``columns``."""
    rnd = random.Random(seed)
    lines = text.splitlines()
    for i in range(1, len(lines), 3):
        cells = lines[i].split(",")
        for c in columns:
            cells[c] = rnd.choice(BAD_TIMES)
        lines[i] = ",".join(cells)
    return "\n".join(lines) + "\n"


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def corpus(folder: Path, seed: int = 0) -> dict[str, Path]:
    """name -> file, each small (big_file makes the large ones, one at a time)."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    orders = order_csv(seed=seed)
    files: dict[str, bytes] = {
        "random_bytes.csv": rnd.randbytes(64 << 10),
        "truncated.csv.gz": _truncated_gzip(orders, rnd),
        "empty.csv": b"",
        "header_only.csv": (ORDERS_HEADER + "\n").encode(),
        "u2028.csv": "\u2028".join(orders.splitlines()).encode(),
        "u2029.csv": "\u2029".join(orders.splitlines()).encode() + b"\n",
        "nul.csv": "\x00".join(orders.splitlines()).encode(),
        "mixed_encodings.csv": b"".join(line.encode("gbk" if i % 4 == 3 else "utf-8") + b"\n"
                                        for i, line in enumerate(orders.splitlines())),
        "duplicate_headers.csv": orders.replace(ORDERS_HEADER, "订单编号,订单编号,下单时间,下单时间,数量,数量").encode(),
        "bad_order_dates.csv": with_bad_dates(orders, (2, 3), seed).encode(),
        "bad_customer_dates.csv": with_bad_dates(customer_csv(seed=seed), (2, 3), seed).encode(),
        "formula_cells.xlsx": xlsx_bytes([ORDERS_HEADER.split(",")] + [
            [1000 + i, f"C{i % 3}", "2024-03-01 10:00", "=C2", 2, f"=E{i + 2}*1.5"] for i in range(20)]),
    }
    junk = io.BytesIO()
    with zipfile.ZipFile(junk, "w") as zf:
        zf.writestr("xl/workbook.xml", rnd.randbytes(2000))
        zf.writestr("[Content_Types].xml", b"<not xml")
        zf.writestr("xl/worksheets/sheet1.xml", rnd.randbytes(5000))
    files["zip_of_junk.xlsx"] = junk.getvalue()
    out = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        out[name] = path
    return out


def _wide(ncols: int, nrows: int, rnd: random.Random) -> bytes:
    lines = [",".join(f"field{j}" for j in range(ncols))]
    for _ in range(nrows):
        lines.append(",".join(f"C{rnd.randrange(10000, 10000 + rnd.randint(2, 15))}"
                              for _ in range(ncols)))
    return ("\n".join(lines) + "\n").encode()


def _truncated_gzip(text: str, rnd: random.Random) -> bytes:
    """A download cut off midway: distinct rows (so the stream is long), the end missing."""
    rows = "".join(f"{text.splitlines()[1 + i % 60]},{rnd.random()}\n" for i in range(3000))
    packed = gzip.compress((ORDERS_HEADER + ",x\n" + rows).encode())
    return packed[: len(packed) // 2]


BIG = ("wide_10000.csv", "line_50mb.csv", "fields_50mb.csv")


def big_file(folder: Path, name: str, seed: int = 0) -> Path:
    """One of BIG: 10,000 id-like columns x 20 rows; a 50 MB line among good order rows; a 50 MB
    line of 7.5 million fields. Written in well under a second each."""
    rnd = random.Random(seed)
    good = "".join(line + "\n" for line in order_csv(seed=seed).splitlines()[1:]).encode()
    data = {"wide_10000.csv": lambda: _wide(10_000, 20, rnd),
            "line_50mb.csv": lambda: (ORDERS_HEADER + "\n").encode() + good + b"x" * (50 << 20)
            + b"\n" + good,
            "fields_50mb.csv": lambda: b"C10001," * ((50 << 20) // 7) + b"\n"}[name]()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path
