"""File readers: workbooks (.xlsx/.xls), archives (.gz/.zip), damaged and protected files, paths."""
from __future__ import annotations

import datetime as dt
import gzip
import sys
import zipfile

import pandas as pd
import pytest

from persona_desktop.core.errors import (LegacyExcelUnsupported, NoTableInArchive,
                                         PasswordProtectedWorkbook, SheetNotFound, UnreadableFile)
from persona_desktop.core.ingest.reading import readers
from tests.core.ingest_files import make_cfb, make_xls
from tests.core.test_ingest_readers import HEADER, ROWS, expected_frame, read_all, write_table

openpyxl = pytest.importorskip("openpyxl")


def _workbook(path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "本文件由店铺后台导出"
    orders = wb.create_sheet("订单")
    orders.append(["2024年3月订单报表"])
    orders.append([])
    orders.append(["订单编号", "客户编号", "邮编", "金额", "数量", "下单时间", "日期", "会员"])
    orders.append(["20240301000000000017", "0012", 100080, 128.5, 3, dt.datetime(2024, 3, 1, 10, 15),
                   dt.date(2024, 3, 2), True])
    orders.append(["20240301000000000018", "0013", 1234, 1e-05, 17850.0, dt.datetime(2024, 3, 1),
                   None, False])
    orders["C5"].number_format = "000000"  # a postcode stored as a number, shown with zeros
    orders["G4"].number_format = "yyyy-mm-dd"
    orders["F5"].number_format = "yyyy-mm-dd hh:mm:ss"
    hidden = wb.create_sheet("hidden")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "x"
    wb.save(path)
    return path


def test_xlsx_sheet_choice_and_exact_cell_texts(tmp_path):
    path = _workbook(tmp_path / "报表.xlsx")
    info = readers.inspect(path)
    assert info.kind == "xlsx" and info.sheets == ["说明", "订单", "hidden"]
    assert info.sheet == "说明"  # the first visible sheet with data
    info = readers.inspect(path, sheet="订单")
    assert (info.header_row, info.title_rows, info.has_header) == (2, 2, True)
    assert info.columns == ["订单编号", "客户编号", "邮编", "金额", "数量", "下单时间", "日期", "会员"]
    frame, rows, bad, blank = read_all(info)
    assert rows.tolist() == [4, 5] and bad == [] and blank == 0
    assert frame.iloc[0].tolist() == ["20240301000000000017", "0012", "100080", "128.5", "3",
                                      "2024-03-01 10:15:00", "2024-03-02", "TRUE"]
    assert frame.iloc[1].tolist() == ["20240301000000000018", "0013", "001234", "0.00001", "17850",
                                      "2024-03-01 00:00:00", None, "FALSE"]
    with pytest.raises(SheetNotFound) as err:
        readers.inspect(path, sheet="Sheet9")
    assert "订单" in str(err.value)


def test_empty_sheet_raises_empty_file_naming_the_sheet(tmp_path):
    from persona_desktop.core.errors import EmptyFile
    wb = openpyxl.Workbook()
    wb.active.title = "空表"
    wb.save(tmp_path / "e.xlsx")
    with pytest.raises(EmptyFile) as err:
        readers.inspect(tmp_path / "e.xlsx")
    assert "空表" in str(err.value)


def test_xlsx_cells_right_of_the_header_get_columns_or_quarantine(tmp_path):
    # Spreadsheet cells do not shift like CSV fields, so a note right of the table in the first
    # 200 rows gets a positional column; one further down (not seen by inspect) is quarantined.
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["id", "name"], ["1", "a"], [], ["2", None], ["3", "c", None, "note"]):
        ws.append(row)
    for i in range(4, 300):
        ws.append([str(i), "x", None, None, "late note" if i == 250 else None])
    wb.save(tmp_path / "r.xlsx")
    info = readers.inspect(tmp_path / "r.xlsx")
    assert info.columns == ["id", "name", "column_3", "column_4"]
    chunks = list(readers.iter_chunks(info, chunksize=100))
    assert sum(c.rows_in for c in chunks) == 300  # rows 2..301
    frame, rows, bad, blank = read_all(info)
    assert rows.tolist()[:4] == [2, 4, 5, 6] and blank == 1 and len(frame) == 298
    assert frame.iloc[1].tolist() == ["2", None, None, None]
    assert frame.iloc[2].tolist() == ["3", "c", None, "note"]
    assert bad == [(252, "too_many_fields", "250\tx\t\t\tlate note")]


def test_legacy_xls_is_read_with_xlrd(tmp_path):
    pytest.importorskip("xlrd")
    path = tmp_path / "old.xls"
    path.write_bytes(make_xls({"订单": [HEADER, *[[c for c in r] for r in ROWS]], "B": [["x"]]}))
    info = readers.inspect(path)
    assert (info.kind, info.sheets, info.sheet) == ("xls", ["订单", "B"], "订单")
    pd.testing.assert_frame_equal(read_all(info)[0], expected_frame(HEADER, ROWS))


def test_xls_without_xlrd_raises_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "old.xls"
    path.write_bytes(make_xls({"S": [["a"], ["1"]]}))
    monkeypatch.setitem(sys.modules, "xlrd", None)  # import xlrd -> ImportError
    with pytest.raises(LegacyExcelUnsupported) as err:
        readers.inspect(path)
    assert ".xlsx" in err.value.message("en") and "另存为" in err.value.message("zh")


@pytest.mark.parametrize("name, data", [
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8),
    ("locked2.xlsx", make_cfb({"EncryptionInfo": b"\4\0\4\0" + b"x" * 100, "EncryptedPackage": b"y" * 5000})),
    ("locked.xls", make_cfb({"EncryptionInfo": b"x" * 100, "EncryptedPackage": b"y" * 5000}))])
def test_password_protected_workbook_raises_typed_error(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(PasswordProtectedWorkbook) as err:
        readers.inspect(tmp_path / name)
    assert "password" in err.value.message("en") and "密码" in err.value.message("zh")


def test_corrupt_workbooks_raise_unreadable_file(tmp_path):
    good = _workbook(tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    (tmp_path / "garbage.xlsx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    (tmp_path / "broken.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"junk" * 300)
    for name in ("truncated.xlsx", "garbage.xlsx", "broken.xls"):
        with pytest.raises(UnreadableFile):
            readers.inspect(tmp_path / name)


def test_html_table_named_xls_raises_unreadable_file_with_advice(tmp_path):
    (tmp_path / "订单导出.xls").write_text(
        '<html><head><meta charset="gbk"></head><body><table><tr><td>订单编号</td></tr>'
        "<tr><td>1</td></tr></table></body></html>", encoding="gbk")
    with pytest.raises(UnreadableFile) as err:
        readers.inspect(tmp_path / "订单导出.xls")
    assert "xlsx" in err.value.message("en") and "另存为" in err.value.message("zh")


def test_csv_saved_with_an_xlsx_name_is_read_as_text(tmp_path):
    write_table(tmp_path / "export.xlsx", HEADER, ROWS, "gb18030")
    info = readers.inspect(tmp_path / "export.xlsx")
    assert (info.kind, info.encoding) == ("csv", "gb18030")
    pd.testing.assert_frame_equal(read_all(info)[0], expected_frame(HEADER, ROWS))


def test_gzip_and_zip_archives(tmp_path):
    raw = write_table(tmp_path / "orders.csv", HEADER, ROWS, "gb18030").read_bytes()
    (tmp_path / "orders.csv.gz").write_bytes(gzip.compress(raw))
    with zipfile.ZipFile(tmp_path / "export.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("__MACOSX/._订单.csv", b"\0\5\26\7junk")
        zf.writestr("readme.md", "hello")
        zf.writestr("导出/订单.csv", raw)
        zf.writestr("导出/客户.csv", raw)
    gz = readers.inspect(tmp_path / "orders.csv.gz")
    assert (gz.compression, gz.encoding, gz.rows_estimate) == ("gzip", "gb18030", 3)
    zi = readers.inspect(tmp_path / "export.zip")
    assert (zi.compression, zi.member) == ("zip", "导出/订单.csv")
    assert zi.members == ["导出/订单.csv", "导出/客户.csv"]
    assert "several_tables_in_archive" in zi.warnings
    for info in (gz, zi):
        pd.testing.assert_frame_equal(read_all(info)[0], expected_frame(HEADER, ROWS))


def test_zip_holding_a_workbook_and_zip_without_tables(tmp_path):
    book = _workbook(tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "wb.zip", "w") as zf:
        zf.writestr("report.xlsx", book)
    info = readers.inspect(tmp_path / "wb.zip", sheet="订单")
    assert (info.kind, info.compression, info.member) == ("xlsx", "zip", "report.xlsx")
    assert len(read_all(info)[0]) == 2
    with zipfile.ZipFile(tmp_path / "none.zip", "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff")
    with pytest.raises(NoTableInArchive):
        readers.inspect(tmp_path / "none.zip")


def test_truncated_gzip_fails_with_unreadable_file_not_a_crash(tmp_path):
    rows = [[str(i), "客户", "1", "北京"] for i in range(20000)]
    data = gzip.compress(write_table(tmp_path / "x.csv", HEADER, rows).read_bytes())
    (tmp_path / "cut.csv.gz").write_bytes(data[: len(data) * 3 // 4])
    with pytest.raises(UnreadableFile):
        info = readers.inspect(tmp_path / "cut.csv.gz")
        read_all(info)


def test_path_with_chinese_characters_and_spaces(tmp_path):
    folder = tmp_path / "客户数据 2024" / "三月"
    folder.mkdir(parents=True)
    path = write_table(folder / "订单 导出（最终版）.csv", HEADER, ROWS, "gb18030")
    info = readers.inspect(str(path))
    assert info.path == path
    pd.testing.assert_frame_equal(read_all(info)[0], expected_frame(HEADER, ROWS))


def test_missing_file_and_folder_raise_typed_errors(tmp_path):
    from persona_desktop.core.errors import ImportFileMissing
    with pytest.raises(ImportFileMissing):
        readers.inspect(tmp_path / "不存在.csv")
    with pytest.raises(UnreadableFile):
        readers.inspect(tmp_path)
