"""Readers on the real public files in ../shared/data (skipped when the folder is absent)."""
from __future__ import annotations

import time

import pandas as pd
import pytest

from persona_desktop.core.ingest.reading import readers
from tests.conftest import shared_data

pytestmark = pytest.mark.acceptance

RETAIL_COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
                  "CustomerID", "Country"]
TMALL_COLUMNS = ["订单编号", "总金额", "买家实际支付金额", "收货地址 ", "订单创建时间", "订单付款时间 ",
                 "退款金额"]


def _read(info):
    chunks = list(readers.iter_chunks(info))
    frame = pd.concat([c.frame for c in chunks], ignore_index=True)
    return frame, chunks


def test_online_retail_gz_reads_every_row_as_exact_text():
    path = shared_data("online_retail", "online_retail_2010_2011.csv.gz")
    info = readers.inspect(path)
    assert (info.kind, info.compression, info.encoding, info.delimiter) == ("csv", "gzip", "utf-8", ",")
    assert info.columns == RETAIL_COLUMNS and info.has_header and info.header_row == 0
    assert abs(info.rows_estimate - 541_909) < 541_909 * 0.05  # extrapolated from 4 MiB
    started = time.perf_counter()
    frame, chunks = _read(info)
    elapsed = time.perf_counter() - started
    assert len(frame) == 541_909 and sum(c.rows_in for c in chunks) == 541_909
    assert all(c.bad_rows == [] and c.blank_rows == 0 for c in chunks)
    assert frame["Description"].notna().sum() == 540_455  # published non-null count
    assert frame["CustomerID"].notna().sum() == 406_829
    assert frame.loc[0, "CustomerID"] == "17850.0"  # never converted
    assert frame["InvoiceNo"].str.startswith("C").sum() == 9_288
    assert elapsed < 120, elapsed


def test_cdnow_sample_is_whitespace_aligned_without_header():
    info = readers.inspect(shared_data("cdnow", "CDNOW_sample.txt"))
    assert (info.delimiter, info.has_header, info.header_row) == ("whitespace", False, 0)
    assert info.columns == ["column_1", "column_2", "column_3", "column_4", "column_5"]
    assert info.rows_estimate == 6_919 and info.rows_exact
    frame, chunks = _read(info)
    assert len(frame) == 6_919 and chunks[0].source_rows[0] == 1
    assert frame.iloc[0].tolist() == ["00004", "0001", "19970101", "2", "29.33"]
    assert frame["column_1"].nunique() == 2_357
    assert (frame["column_3"].min(), frame["column_3"].max()) == ("19970101", "19980630")


def test_tmall_utf8_and_its_gb18030_copy_read_identically(tmp_path):
    path = shared_data("chinese", "tmall_order_report.csv")
    info = readers.inspect(path)
    assert (info.encoding, info.delimiter, info.has_header) == ("utf-8", ",", True)
    assert info.columns == TMALL_COLUMNS  # trailing spaces kept raw; mapping trims later
    frame, chunks = _read(info)
    assert len(frame) == 28_010 and sum(c.rows_in for c in chunks) == 28_010
    copy = tmp_path / "天猫订单.csv"
    copy.write_bytes(path.read_bytes().decode("utf-8").encode("gb18030"))
    gb = readers.inspect(copy)
    assert gb.encoding == "gb18030" and gb.columns == TMALL_COLUMNS
    pd.testing.assert_frame_equal(_read(gb)[0], frame)


def test_groceries_baskets_read_as_a_ragged_headerless_list():
    info = readers.inspect(shared_data("groceries", "groceries.csv"))
    assert (info.delimiter, info.has_header) == (",", False)
    frame, chunks = _read(info)
    assert len(frame) == 9_835 and all(c.bad_rows == [] for c in chunks)
    assert len(info.columns) == 32  # the largest basket has 32 items
    assert int(frame.notna().sum(axis=1).max()) == 32
