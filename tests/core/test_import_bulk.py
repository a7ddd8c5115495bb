"""The import's fast paths give what the plain ones gave: multi-row inserts, foreign keys checked
once per chunk, the row hashes of the duplicate check, the prefetch thread and the natural keys
(vaults hold them: a changed key would duplicate every re-imported row)."""
from __future__ import annotations

import math
import threading

import numpy as np
import pandas as pd
import pytest
import sqlcipher3

from persona_desktop.core import services
from persona_desktop.core.ingest.writing import bulk, natural_keys, writer
from persona_desktop.core.ingest import columns
from persona_desktop.core.ingest.writing.prefetch import Prefetch
from persona_desktop.core.ingest.writing.natural_keys import KeyMaker


def _conn():
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def test_multi_row_insert_stores_what_executemany_stores(monkeypatch):
    monkeypatch.setattr(bulk, "MAX_PARAMS", 7)  # 2 rows of 3 per statement: many statements
    floats = [0.1 + 0.2, 1e-7, -0.0, float("nan"), float("inf"), 2.0 ** 53 + 2, 1 / 3, 5e-324]
    rows = [(i % 5, f"k{i % 4}", floats[i % len(floats)]) for i in range(23)]
    results = []
    for use_bulk in (False, True):
        conn = _conn()
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v REAL, n INTEGER)")
        head = "INSERT OR IGNORE INTO t(n, k, v)"
        if use_bulk:
            bulk.insert(conn, head, [list(c) for c in zip(*rows)])
        else:
            conn.executemany(head + " VALUES (?,?,?)", rows)
        upsert = " ON CONFLICT(k) DO UPDATE SET v = coalesce(t.v, excluded.v)"
        more = [(9, f"k{i}", 1.5) for i in range(3, 7)]
        if use_bulk:
            bulk.insert(conn, "INSERT INTO t(n, k, v)", [list(c) for c in zip(*more)], upsert)
        else:
            conn.executemany("INSERT INTO t(n, k, v) VALUES (?,?,?)" + upsert, more)
        results.append(conn.execute("SELECT id, k, v, n, typeof(v) FROM t ORDER BY id").fetchall())
    plain, fast = results
    assert len(plain) == len(fast) == 7
    for a, b in zip(plain, fast):
        assert a[:2] == b[:2] and a[3:] == b[3:]
        assert (a[2] is None and b[2] is None) or (
            a[2] == b[2] and math.copysign(1, a[2]) == math.copysign(1, b[2]))
    assert bulk.insert(_conn(), "INSERT INTO nowhere(a)", [[]]) is None  # nothing to insert


def _write_orders(path, n=40):
    lines = ["InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID"]
    lines += [f"{500 + i // 3},SKU{i % 7},{1 + i % 4},2011-01-{1 + i % 28:02d} 10:00,{0.5 + i},C{i % 5}"
              for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _counts(vault):
    with vault.reader() as conn:
        return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("imports", "orders", "order_lines", "customers", "products")]


def _writer_foreign_keys(vault):
    return vault.run_on_writer(lambda v, i: v.execute("PRAGMA foreign_keys").fetchone()[0])


@pytest.mark.parametrize("place", [0, 1, 3])
def test_packed_keys_store_the_blobs_bound_one_by_one(monkeypatch, place):
    """A Packed column (one BLOB per statement, cut by SQLite) anywhere among bound and literal
    columns stores the same BLOBs, OR IGNORE sees duplicates within and across statements."""
    monkeypatch.setattr(bulk, "MAX_PARAMS", 7)  # 3 rows of 2 bound values (+1 packed) each
    keys = [bytes([i % 6]) * 15 + b"\x00" for i in range(20)]  # repeats, a trailing NUL
    keys[3] = b"\x00" * 16
    vals, names = [i * 0.5 for i in range(20)], [f"n{i}" for i in range(20)]
    results = []
    for packed in (False, True):
        conn = _conn()
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k BLOB UNIQUE, v REAL, s TEXT,"
                     " m INTEGER)")
        cols = [("v", vals), ("s", names), ("m", bulk.Literal.integer(4))]
        key_col = bulk.Packed(b"".join(keys), 16) if packed else [bytearray(k) for k in keys]
        cols.insert(place, ("k", key_col))
        bulk.insert(conn, f"INSERT OR IGNORE INTO t({', '.join(c for c, _ in cols)})",
                    [v for _, v in cols])
        results.append(conn.execute("SELECT id, k, typeof(k), v, s, m FROM t ORDER BY id").fetchall())
    assert results[0] == results[1]
    assert [r[1] for r in results[1]] == list(dict.fromkeys(keys))
    assert {r[2] for r in results[1]} == {"blob"}


def test_a_foreign_key_broken_during_an_import_fails_it_and_changes_nothing(
        new_vault, tmp_path, monkeypatch):
    path = _write_orders(tmp_path / "orders.csv")
    services.import_file(new_vault, path)
    before = _counts(new_vault)
    real = writer.ChunkWriter.write_orders

    def orphan_line(self, orders, lines):
        # A line pointing at an order that does not exist: SQLite's own per-row check would
        # refuse it; with the import's foreign_keys off, the check after the chunk must.
        self.v.execute("INSERT INTO order_lines(order_id, quantity, natural_key) "
                       "VALUES (987654, 1, x'01')")
        return real(self, orders, lines)

    monkeypatch.setattr(writer.ChunkWriter, "write_orders", orphan_line)
    with pytest.raises(sqlcipher3.IntegrityError, match="FOREIGN KEY"):
        services.import_file(new_vault, _write_orders(tmp_path / "more.csv", 60))
    assert _counts(new_vault) == before
    assert _writer_foreign_keys(new_vault) == 1  # the import's setting ended with it
    monkeypatch.setattr(writer.ChunkWriter, "write_orders", real)
    report = services.import_file(new_vault, tmp_path / "more.csv")
    assert report.accounting_ok and report.rows_new == 60 - 40


def test_other_writes_keep_sqlite_s_foreign_key_checks(new_vault, tmp_path):
    services.import_file(new_vault, _write_orders(tmp_path / "orders.csv"))
    assert _writer_foreign_keys(new_vault) == 1
    with pytest.raises(sqlcipher3.IntegrityError):
        new_vault.write(lambda v, i: v.execute(
            "INSERT INTO order_lines(order_id, quantity, natural_key) VALUES (987654, 1, x'02')"))


def test_row_hashes_are_pandas_hashes():
    frame = pd.DataFrame({"a": pd.Series(["x", None, "y", "x", ""], dtype=object),
                          "b": pd.Series([None, None, "1", "1", "é"], dtype=object),
                          "c": pd.Series([None] * 5, dtype=object)})
    for part in (frame, frame.iloc[:0], frame.iloc[2:3]):
        want = pd.util.hash_pandas_object(part, index=False).to_numpy()
        assert (columns.row_hashes(part, columns.factorize(part)) == want).all()


def test_prefetch_raises_the_reader_s_error_and_closes_the_source_when_left_early():
    closed = threading.Event()

    def source(fail_at):
        try:
            for i in range(10):
                if i == fail_at:
                    raise ValueError("damaged file")
                yield i
        finally:
            closed.set()

    with Prefetch(lambda: source(3), lambda x: x * 10) as items:
        got = []
        with pytest.raises(ValueError, match="damaged file"):
            for item in items:
                got.append(item)
    assert got == [0, 10, 20] and closed.is_set()
    closed.clear()
    with Prefetch(lambda: source(None), lambda x: x) as items:
        for item in items:
            break  # a cancelled import leaves the loop
    assert closed.is_set()
    with Prefetch(lambda: source(None), lambda x: -x) as items:
        assert list(items) == [-i for i in range(10)]


def test_natural_keys_are_the_ones_vaults_hold():
    """Keys of the recipe in natural_keys.py's module doc, as computed before the import was sped up:
    an order's lines, a repeated line (occurrence 1 in the second chunk), rows without an order
    number (each its own order), a cancellation, -0.0 and 0.1 + 0.2 as prices."""
    frame = pd.DataFrame({
        "order_no": pd.array(["536365", "536365", None, None, "C1", "536365", None], dtype="string"),
        "customer": pd.array(["c_a", "c_a", "c_b", "c_b", None, "c_a", None], dtype="string"),
        "ordered_at": pd.array(["2010-12-01 08:26:00"] * 3 + ["2010-12-02 08:26:00", None,
                                "2010-12-01 08:26:00", "2011-01-01 00:00:00"], dtype="string"),
        "sku": pd.array(["85123A", "71053", "71053", "71053", "D", "85123A", None], dtype="string"),
        "quantity": [6.0, 6.0, 6.0, 6.0, -1.0, 6.0, 1.0],
        "unit_price": [2.55, 3.39, 3.39, 3.39, 0.1 + 0.2, 2.55, -0.0],
        "amount": [15.3, 20.34, 20.34, 20.34, -0.30000000000000004, 15.3, np.nan],
    })
    maker = KeyMaker()
    first, second = maker.assign(frame.iloc[:4]), maker.assign(frame.iloc[4:])
    assert [k.hex() for k in first.line.tolist() + second.line.tolist()] == [
        "3f3701e2d8ebf59257c493ebb846f130", "d3ce4d744e9d2e280e57a8d71c1c9dbb",
        "2b530e18706aa86fbb2cf9bc80cc5892", "8652e44be4b2a1ebb327cce28ecab273",
        "f05fd0361d409b24feafdbb03e781228", "a6f9ecfe30b456bd126e72bfab227f5b",
        "cf0a06127be857e2a7fcbaa232287145"]
    orders = [keys.orders[g].hex() for keys in (first, second) for g in keys.group]
    assert orders == [
        "c1dd4d9e187cd99b2e2ff3c82e28ffe1", "c1dd4d9e187cd99b2e2ff3c82e28ffe1",
        "2b530e18706aa86fbb2cf9bc80cc5892", "8652e44be4b2a1ebb327cce28ecab273",
        "5c9b411de34fb26de71ad5dee76751ea", "c1dd4d9e187cd99b2e2ff3c82e28ffe1",
        "cf0a06127be857e2a7fcbaa232287145"]
    assert first.group.tolist() == [0, 0, 1, 2] and second.group.tolist() == [0, 1, 2]


def test_order_keys_keep_dropping_trailing_nul_bytes(monkeypatch):
    """Order keys ending in NUL bytes are stored without them (module doc); line keys keep all
    16 bytes. Forced here by hashes that end in zeros."""
    monkeypatch.setattr(natural_keys, "combine_hashes",
                        lambda hashes: np.zeros_like(hashes[0]) + np.uint64(256))
    frame = pd.DataFrame({"order_no": pd.array(["1", None], dtype="string"),
                          "customer": pd.array(["c", "c"], dtype="string"),
                          "ordered_at": pd.array(["2020-01-01 00:00:00"] * 2, dtype="string"),
                          "sku": pd.array(["s", "s"], dtype="string"),
                          "quantity": [1.0, 2.0], "unit_price": [1.0, 1.0], "amount": [1.0, 2.0]})
    keys = KeyMaker().assign(frame)
    assert keys.orders[0] == bytes(6) + b"\x01" + bytes(7) + b"\x01"
    assert keys.orders[1] == keys.line.tolist()[1] and len(keys.orders[1]) == 16
