"""Round trip: any small table written as CSV in a common encoding reads back identical.

Cells mix Chinese words, ASCII, quotes, every candidate delimiter, line breaks and empty cells;
the file gets a random delimiter, line ending and encoding (utf-8, utf-8-sig, gb18030). Reading
must give the same cells (empty -> None), with every row accounted for exactly once.
"""
from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persona_desktop.core.ingest.reading import fast as read_fast, text as read_text, readers

WORDS = ["客户", "姓名", "订单编号", "金额", "北京市", "上海市", "朝阳区", "张三", "李四", "收货地址",
         "备注", "会员", "手机", "退款", "广东省", "深圳市"]
ASCII = list("abcXYZ019 .-_@")
TRICKY = ['"', ",", ";", "\t", "|", "\n", "\r\n"]
HEADERS = ["订单编号", "客户姓名", "金额", "收货地址", "下单时间", "备注"]

cell = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ASCII), st.sampled_from(TRICKY)),
                max_size=6).map("".join)


@st.composite
def tables(draw, tricky=True):
    ncols = draw(st.integers(2, 5))
    nrows = draw(st.integers(0, 8))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    atoms = st.one_of(st.sampled_from(WORDS), st.sampled_from(ASCII),
                      st.sampled_from(TRICKY if tricky else ['"', delimiter]))
    cells = st.lists(atoms, max_size=6).map("".join)
    rows = draw(st.lists(st.lists(cells, min_size=ncols, max_size=ncols), min_size=nrows,
                         max_size=nrows))
    return HEADERS[:ncols], rows, delimiter


def _write(path, header, rows, delimiter, encoding, newline):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))


def _check(path, header, rows, delimiter, given_delimiter):
    info = readers.inspect(path, delimiter=delimiter if given_delimiter else None)
    assert info.delimiter == delimiter and info.has_header and info.columns == header
    chunks = list(readers.iter_chunks(info, chunksize=3))
    data = [r for r in rows if any(c.strip() for c in r)]
    assert sum(c.rows_in for c in chunks) == len(rows)
    assert sum(c.blank_rows for c in chunks) == len(rows) - len(data)
    assert all(c.bad_rows == [] for c in chunks)
    got = pd.concat([c.frame for c in chunks], ignore_index=True) if chunks else readers.preview(info)
    want = pd.DataFrame([[c if c else None for c in r] for r in data], columns=header, dtype=object)
    pd.testing.assert_frame_equal(got, want)
    assert [n for c in chunks for n in c.source_rows] == \
        [i + 2 for i, r in enumerate(rows) if any(c.strip() for c in r)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_any_table_round_trips_exactly(tmp_path, table, encoding, newline):
    # Cells may contain every delimiter, so the delimiter is given (as the wizard does once the
    # user confirms it); encoding, header and rows are detected.
    header, rows, delimiter = table
    path = tmp_path / "t.csv"
    _write(path, header, rows, delimiter, encoding, newline)
    _check(path, header, rows, delimiter, given_delimiter=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables(tricky=False), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_delimiter_is_detected_when_cells_quote_it(tmp_path, table, encoding, newline):
    # Cells contain quotes and the file's own delimiter (quoted by the writer), not other
    # candidates: then the delimiter, too, must be detected.
    header, rows, delimiter = table
    path = tmp_path / "t.csv"
    _write(path, header, rows, delimiter, encoding, newline)
    _check(path, header, rows, delimiter, given_delimiter=False)


# --- every physical line in exactly one record -----------------------------------------------------
# Lines made of quotes, delimiters and text: unclosed quotes, doubled quotes, quotes mid-field.
# Whatever the parser makes of them, each physical line must come out in exactly one record (a
# row, or a bad row with its reason), in file order, with consecutive row numbers.

quote_lines = st.lists(st.lists(st.sampled_from(['"', '""', ",", "a", "1", " ", "x,", '",', ',"']),
                                max_size=6).map(lambda atoms: "".join(atoms) + "\n"),
                       min_size=1, max_size=12)


def _lines_of(records) -> tuple[list[str], list[int]]:
    lines, rows = [], []
    for record in records:
        if isinstance(record, read_fast.Block):
            for i in range(len(record.nfields)):
                lines.append(record.line_text(i))
                rows.append(record.first_row + i)
        else:
            lines.extend(record[3])  # the record's physical lines (reused: copy at once)
            rows.append(record[0])
    return lines, rows


@settings(max_examples=400, deadline=None)
@given(lines=quote_lines, width=st.integers(1, 4))
def test_every_physical_line_is_in_exactly_one_record(lines, width):
    data = "".join(lines).encode("utf-8")
    slow = read_text.csv_records(read_text.LineSource(io.BytesIO(data), "utf-8"), ",", width)
    fast = read_fast.fast_records(io.BytesIO(data), "utf-8", None, ",", width)
    for records in (slow, fast):
        got, rows = _lines_of(records)
        assert got == lines
        assert rows == list(range(1, len(rows) + 1))


def test_a_broken_line_met_while_reading_swallowed_lines_again_drops_none_of_them():
    # '"x,1' opens a quote that ',""abc' and '3,4"' close: one field, not 3, so the first line is
    # quarantined and the two after it are read again; ',""abc' is then malformed too, and '3,4"'
    # (still waiting to be read again) was lost with it.
    data = b'"x,1\n,""abc\n3,4"\n9,10,11\n'
    for records in (read_text.csv_records(read_text.LineSource(io.BytesIO(data), "utf-8"), ",", 3),
                    read_fast.fast_records(io.BytesIO(data), "utf-8", None, ",", 3)):
        got = [(r[0], r[1], r[2], "".join(r[3])) for r in records]
        assert got == [(1, None, "unbalanced_quotes", '"x,1\n'),
                       (2, None, "malformed_quotes", ',""abc\n'),
                       (3, ["3", '4"'], None, '3,4"\n'),
                       (4, ["9", "10", "11"], None, "9,10,11\n")]
