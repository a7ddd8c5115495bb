"""Chunked reading keeps memory flat: a file far larger than one chunk never sits in memory.

The file is generated in tmp_path (500,000 order lines, ~45 MB, by default; set
PERSONA_READER_BIG_LINES=2000000 for the ~180 MB benchmark reported in the import issue). It is
read in a fresh interpreter so that ru_maxrss is this read's peak and nothing else's.
"""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import run_python

LINES = int(os.environ.get("PERSONA_READER_BIG_LINES", "500000"))

READ = """
import json, resource, sys, time
import pandas  # imported before the baseline: its own footprint is not the reader's
from persona_desktop.core.ingest.reading import readers
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
cpu = time.process_time()
info = readers.inspect(sys.argv[1])
rows = bad = 0
for chunk in readers.iter_chunks(info):
    rows += len(chunk.frame)
    bad += len(chunk.bad_rows)
print(json.dumps({"rows": rows, "bad": bad, "encoding": info.encoding, "seconds":
                  time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
                  "base_mib": base / 1024,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _generate(path, lines: int) -> None:
    cities = ["北京市朝阳区", "上海市浦东新区", "广东省深圳市南山区", "浙江省杭州市西湖区", "四川省成都市"]
    names = ["张三", "李四", "王五", "赵六", "陈晓明", "林美玲"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("订单编号,客户编号,客户姓名,金额,下单时间,收货地址,备注\r\n")
        block = []
        for i in range(lines):
            note = '"送货前请电话联系, 谢谢"' if i % 97 == 0 else ""
            block.append(f"2024{i:015d},{i % 50000:06d},{names[i % 6]},{(i % 977) * 1.5:.2f},"
                         f"2024-03-{i % 28 + 1:02d} {i % 24:02d}:{i % 60:02d}:00,{cities[i % 5]},{note}\r\n")
            if len(block) == 50000:
                fh.write("".join(block))
                block = []
        fh.write("".join(block))


@pytest.mark.slow
def test_reading_a_large_file_keeps_memory_bounded(tmp_path):
    path = tmp_path / "大文件.csv"
    _generate(path, LINES)
    result = run_python(READ, str(path), timeout=1800)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    size_mib = path.stat().st_size / 2**20
    print(f"\n{LINES:,} lines, {size_mib:.0f} MiB: {stats['seconds']:.1f} s "
          f"({stats['cpu_seconds']:.1f} s CPU), peak RSS {stats['peak_mib']:.0f} MiB "
          f"(after imports {stats['base_mib']:.0f} MiB)")
    assert stats["rows"] == LINES and stats["bad"] == 0 and stats["encoding"] == "utf-8"
    # Whole-file reading would hold several times the file size in Python objects; chunks of
    # 100,000 rows need a bounded amount whatever the file's size.
    assert stats["peak_mib"] - stats["base_mib"] < 400
