"""The import's per-chunk shortcuts give what the plain computations gave: ``first_valid`` is
``groupby().first()``, ``_line_sums`` is SQLite's ``sum()``, renumbered codes are a fresh
factorisation, literal columns store what bound ones store, a small first chunk reads the same
rows, and an order whose lines span chunks ends up with the total of all its lines."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_desktop.core import services
from persona_desktop.core.ingest.writing import bulk
from persona_desktop.core.ingest import columns, pipeline
from persona_desktop.core.ingest.reading import readers
from persona_desktop.core.ingest.writing.chunk_rows import (_codes, _line_sums, first_rows,
                                                            first_valid)

SETTINGS = settings(max_examples=150, deadline=None)


def _same(a, b) -> bool:
    """Equal cell by cell, any two missing values (None, NaN, pd.NA) counting as equal."""
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return a == b and type(a) is type(b)


def _assert_is_groupby_first(frame: pd.DataFrame, group: np.ndarray, absent=frozenset()):
    got = first_valid(frame, group, absent)
    grouped = group >= 0  # -1: the row is in no group, groupby would make it one
    want = frame[grouped].groupby(group[grouped], sort=True).first().reset_index(drop=True)
    assert list(got.columns) == list(want.columns) and len(got) == len(want)
    assert isinstance(got.index, pd.RangeIndex)
    for c in want.columns:
        assert got[c].dtype == want[c].dtype, c
        for x, y in zip(got[c].tolist(), want[c].tolist()):
            assert _same(x, y), (c, got[c].tolist(), want[c].tolist())
    assert first_rows(group).tolist() == [int(np.flatnonzero(group == g)[0])
                                          for g in range(len(want))]


def test_first_valid_takes_later_values_when_a_group_s_first_row_lacks_them():
    frame = pd.DataFrame({
        "s": pd.array([None, "a", "b", None, "c"], dtype="string"),
        "o": pd.Series([None, "x", float("nan"), "y", None], dtype=object),
        "f": [np.nan, 1.5, np.nan, 2.5, np.nan],
        "gone": pd.array([None] * 5, dtype="string"),
    })
    # Group 0's first row is empty everywhere; the -1 row holds values that must not leak in.
    group = np.array([0, -1, 1, 0, 0])
    got = first_valid(frame, group, absent={"gone"})
    assert got["s"].tolist() == ["c", "b"] and got["o"].tolist()[0] == "y"
    assert got["f"].tolist()[0] == 2.5 and got["gone"].isna().all()
    _assert_is_groupby_first(frame, group, {"gone"})


@st.composite
def grouped_frames(draw):
    n = draw(st.integers(0, 30))
    cells = st.lists(st.integers(0, 3), min_size=n, max_size=n)
    labels = draw(st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=n, max_size=n))
    group = pd.factorize(np.array(labels, dtype=object))[0].astype(np.int64)
    strings = ["a", "b", None, "a"]
    objects = ["x", None, float("nan"), 7]
    floats = [1.5, np.nan, -0.0, np.nan]
    frame = pd.DataFrame({
        "s": pd.array([strings[i] for i in draw(cells)], dtype="string"),
        "o": pd.Series([objects[i] for i in draw(cells)], dtype=object),
        "f": np.array([floats[i] for i in draw(cells)], dtype=np.float64),
        "none": pd.Series([None] * n, dtype=object),
        "gone_s": pd.array([None] * n, dtype="string"),
        "gone_f": np.full(n, np.nan),
    })
    return frame, group


@SETTINGS
@given(grouped_frames())
def test_first_valid_is_groupby_first_for_factorized_groups(data):
    """The first non-missing value of every group and column, missing if none, for the mix of
    dtypes transform gives and with rows in no group; ``absent`` columns are only skipped."""
    frame, group = data
    _assert_is_groupby_first(frame, group, {"gone_s", "gone_f"})


def _sqlite_sums(amount: np.ndarray, group: np.ndarray, n: int, order) -> list:
    conn = sqlcipher3.connect(":memory:")
    conn.execute("CREATE TABLE l (g INTEGER, amount REAL)")
    rows = [(int(group[i]), None if np.isnan(amount[i]) else float(amount[i])) for i in order]
    conn.executemany("INSERT INTO l VALUES (?, ?)", rows)
    sums = dict(conn.execute("SELECT g, sum(amount) FROM l GROUP BY g"))
    return [sums.get(g) for g in range(n)]


def _assert_bits_equal(got: np.ndarray, want: list) -> None:
    for g, (x, y) in enumerate(zip(got.tolist(), want)):
        if y is None:  # SQL's sum of nothing but NULLs
            assert math.isnan(x), g
        else:
            assert x == y and math.copysign(1, x) == math.copysign(1, y), (g, x, y)


def test_line_sums_match_sqlite_on_awkward_floats():
    groups = {0: [0.1, 0.2], 1: [1e16, 1.0, -1e16, 3.0], 2: [0.1] * 1000, 3: [np.nan, np.nan],
              4: [-0.0, -0.0], 5: [np.nan, 0.1, 0.2, 0.3], 6: [-0.0], 7: [1e16, 3.0, 0.01]}
    group = np.array([g for g, v in groups.items() for _ in v], dtype=np.int64)
    amount = np.array([x for v in groups.values() for x in v], dtype=np.float64)
    got = _line_sums(amount, group, len(groups) + 1)  # the last group has no lines at all
    assert math.isnan(got[-1])
    for order in (range(len(amount)), range(len(amount) - 1, -1, -1)):
        _assert_bits_equal(got, _sqlite_sums(amount, group, len(groups) + 1, order))


# Amounts as a shop file makes them (cents; quantity * price) plus the classic awkward values.
# Arbitrary doubles are left out: see the module doc of chunk_rows._line_sums (an ulp apart
# when a tiny value decides a rounding tie).
AMOUNTS = st.one_of(
    st.sampled_from([0.1, 0.2, 0.3, 1e16, -1e16, 3.0, -3.0, 0.01, 2.0 ** 53, -0.0, 1 / 3]),
    st.integers(-10 ** 9, 10 ** 9).map(lambda cents: cents / 100),
    st.tuples(st.integers(-100, 100), st.integers(0, 10 ** 6)).map(lambda t: t[0] * (t[1] / 100)))


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 5), AMOUNTS, st.booleans()), max_size=60),
       st.randoms(use_true_random=False))
def test_line_sums_are_sqlite_s_sum_in_any_line_order(lines, rnd):
    """Orders summed per chunk and orders re-summed in SQL (spanning chunks) must agree bit for
    bit, or the same file would store different totals depending on where chunks end."""
    group = np.array([g for g, _, _ in lines], dtype=np.int64)
    amount = np.array([np.nan if missing else v for _, v, missing in lines], dtype=np.float64)
    order = list(range(len(lines)))
    rnd.shuffle(order)
    _assert_bits_equal(_line_sums(amount, group, 6), _sqlite_sums(amount, group, 6, order))


def _assert_codes_are_factorize_of(values: list, keep: np.ndarray) -> None:
    rows = pd.DataFrame({"sku": pd.array(values, dtype="string")})
    coded = columns.subset({"sku": pd.factorize(rows["sku"].to_numpy(dtype=object, na_value=None))},
                           keep)
    want_codes, want_uniques = pd.factorize(np.array(values, dtype=object)[keep])
    for given_coded in (coded, {}):  # {}: no factorisation at hand, factorize the rows
        codes, uniques = _codes(rows[keep], "sku", given_coded)
        assert codes.tolist() == want_codes.tolist()
        assert list(uniques) == list(want_uniques)


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.sampled_from("abcdefg")), max_size=30),
       st.sets(st.sampled_from("abcdefg")), st.data())
def test_codes_of_a_subset_number_only_the_values_still_used(values, dropped, data):
    """columns.subset keeps the whole chunk's distinct values; _codes must number only those
    the stored rows use, 0..k-1 in order of first appearance, as factorize of them would.
    Here whole values are dropped (and any missing cells), which keeps the order of the rest."""
    keep = np.array([v not in dropped if v is not None else data.draw(st.booleans())
                     for v in values], dtype=bool)
    _assert_codes_are_factorize_of(values, keep)


def test_codes_renumber_values_whose_first_row_was_dropped():
    """A quarantined row holding a chunk's first 'b' leaves codes [1, 0] for the kept rows."""
    _assert_codes_are_factorize_of(["b", "a", "b"], np.array([False, True, True]))


def test_literal_columns_store_what_bound_constants_store(monkeypatch):
    monkeypatch.setattr(bulk, "MAX_PARAMS", 5)  # 2 rows of 2 bound values per statement
    rows = [(f"k{i % 9}", [0.1 + 0.2, -0.0, None, 5e-324][i % 4]) for i in range(25)]
    results = []
    for use_bulk in (False, True):
        conn = sqlcipher3.connect(":memory:", isolation_level=None)
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v REAL, n INTEGER,"
                     " m INTEGER DEFAULT 1)")
        # OR IGNORE and the upsert see earlier rows of the same statement, as executemany does.
        for head, tail in (("INSERT OR IGNORE INTO t(k, m, v, n)", ""),
                           ("INSERT INTO t(k, m, v, n)",
                            " ON CONFLICT(k) DO UPDATE SET n = t.n + excluded.n, m = excluded.m")):
            if use_bulk:
                bulk.insert(conn, head, [[k for k, _ in rows], bulk.NULL, [v for _, v in rows],
                                         bulk.Literal.integer(7)], tail)
            else:
                conn.executemany(head + " VALUES (?, NULL, ?, 7)" + tail, rows)
        results.append(conn.execute(
            "SELECT id, k, v, n, m, typeof(v), typeof(n), typeof(m) FROM t ORDER BY id").fetchall())
    plain, fast = results
    assert len(plain) == 9 and plain[0][3:5] == (7 + 7 * 3, None)
    for a, b in zip(plain, fast):
        assert a[:2] == b[:2] and a[3:] == b[3:]
        assert (a[2] is None and b[2] is None) or (
            a[2] == b[2] and math.copysign(1, a[2]) == math.copysign(1, b[2]))


def test_a_small_first_chunk_doubles_up_to_chunksize_and_reads_the_same_rows(tmp_path):
    path = tmp_path / "rows.csv"
    lines = ["id,name,price"]
    for i in range(3000):
        lines.append(f'{i},"two\nlines {i}",1.5' if i % 500 == 7 else f"{i},n{i},{i / 7:.3f}")
        if i % 400 == 3:
            lines.append("")  # blank rows are not frame rows but still have row numbers
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    info = readers.inspect(path)
    plain = list(readers.iter_chunks(info, chunksize=100))
    small = list(readers.iter_chunks(info, chunksize=100, first_chunk=7))
    sizes = [len(c.frame) for c in small]
    assert sizes[:6] == [7, 14, 28, 56, 100, 100] and set(sizes[4:-1]) == {100}
    assert 0 < sizes[-1] <= 100 and sum(sizes) == 3000
    pd.testing.assert_frame_equal(pd.concat([c.frame for c in small], ignore_index=True),
                                  pd.concat([c.frame for c in plain], ignore_index=True))
    assert np.concatenate([c.source_rows for c in small]).tolist() == \
        np.concatenate([c.source_rows for c in plain]).tolist()
    assert sum(c.blank_rows for c in small) == sum(c.blank_rows for c in plain) == 8


HEADER = "InvoiceNo,CustomerID,InvoiceDate,StockCode,Description,Quantity,UnitPrice,Country"


def _write_retail(path, with_total: bool):
    """Three orders' lines interleaved (chunks of 2, 4, 5, 5...: each spans several chunks),
    then one order whose five lines all fall in the last chunk (summed without SQL)."""
    prices = [0.1, 0.2, 0.3, 1 / 3, 2.55, 1e6 + 0.01]
    out = [HEADER + (",Order Total" if with_total else "")]
    for i in range(41):
        order = 536365 + i % 3 if i < 36 else 536368
        total = (",1234.5" if order == 536366 else ",") if with_total else ""
        out.append(f"{order},{17850 + i % 3},12/1/2010 8:26,SKU{i},Item {i},{1 + i % 4},"
                   f"{prices[i % len(prices)]!r},United Kingdom{total}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _orders(vault) -> dict:
    with vault.reader() as conn:
        return {no: (total, line_sum, n) for no, total, line_sum, n in conn.execute(
            "SELECT o.order_no, o.total, sum(l.amount), count(l.line_id) FROM orders o"
            " JOIN order_lines l ON l.order_id = o.order_id GROUP BY o.order_id")}


@pytest.fixture
def tiny_chunks(monkeypatch) -> list:
    """The import reads chunks of 2, 4, 5, 5... rows; returns the sizes it read."""
    real = readers.iter_chunks
    sizes = []

    def chunks(info, *args, **kwargs):
        if "first_chunk" not in kwargs:  # the wizard's preview: left as it is
            yield from real(info, *args, **kwargs)
            return
        for chunk in real(info, chunksize=5, first_chunk=2):
            sizes.append(len(chunk.frame))
            yield chunk

    monkeypatch.setattr(pipeline.readers, "iter_chunks", chunks)
    return sizes


@pytest.mark.parametrize("with_total", [False, True], ids=["no_total_column", "total_column"])
def test_orders_spanning_chunks_total_all_their_lines_and_reimporting_changes_nothing(
        new_vault, tmp_path, tiny_chunks, with_total):
    path = _write_retail(tmp_path / "retail.csv", with_total)
    report = services.import_file(new_vault, path)
    assert report.accounting_ok and report.rows_new == 41
    assert tiny_chunks == [2, 4] + [5] * 7
    assert (report.mapping.get("Order Total") == "order_total") is with_total
    stored = _orders(new_vault)
    assert {no: n for no, (_t, _s, n) in stored.items()} == {
        "536365": 12, "536366": 12, "536367": 12, "536368": 5}
    for no, (total, line_sum, _n) in stored.items():
        if with_total and no == "536366":
            assert total == 1234.5  # the file's total, not the lines'
        else:
            assert total == line_sum  # SQL's sum of every stored line, bit for bit

    again = services.import_file(new_vault, path)
    assert again.rows_new == 0 and again.stored_counts["orders_new"] == 0
    assert _orders(new_vault) == stored


def test_an_order_whose_total_appears_on_a_later_chunk_s_line_gets_no_partial_sum(
        new_vault, tmp_path, tiny_chunks):
    path = tmp_path / "late_total.csv"
    path.write_text(HEADER + ",Order Total\n" + "".join(
        f"536365,17850,12/1/2010 8:26,SKU{i},Item,1,2.5,United Kingdom,{total}\n"
        for i, total in enumerate(["", "", "", "100", "100"])), encoding="utf-8")
    services.import_file(new_vault, path)
    (total, line_sum, _n), = _orders(new_vault).values()
    # Whole file in one chunk: 100 (first total given); the old SQL pass: 12.5 (all lines).
    assert total in (100.0, line_sum)


def test_line_sums_overflow_to_inf_like_sqlite():
    amount = np.array([1e308] * 3)
    assert _sqlite_sums(amount, np.zeros(3, np.int64), 1, range(3)) == [math.inf]
    assert _line_sums(amount, np.zeros(3, np.int64), 1).tolist() == [math.inf]
