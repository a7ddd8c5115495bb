"""Bad and odd input through the whole import (services.import_file and the `persona` CLI): each
gives a typed error a shop owner can read (English and Chinese), or imports with every row
accounted for. Readers alone are covered in test_ingest_readers*.py, the happy path and undo in
test_import_pipeline.py; here the file is the problem.
"""
from __future__ import annotations

import csv
import json

import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import (BinaryFile, EmptyFile, MappingIncomplete,
                                         PasswordProtectedWorkbook, PersonaError, UnreadableFile)
from persona_desktop.core.ingest.plan import ImportOptions
from tests.core.ingest_files import make_cfb

ORDERS_HEADER = "订单编号,客户编号,下单时间,数量,单价\n"


def order_rows(n: int, start: int = 1000) -> str:
    return "".join(f"{start + i},C{i % 5},2024-03-{i % 28 + 1:02d} 10:{i % 60:02d},{i % 12 + 1},"
                   f"{i % 7 + 1.5}\n" for i in range(n))


def write(path, text: str | bytes, encoding: str = "utf-8"):
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def count(vault, table: str) -> int:
    with vault.reader() as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def assert_nothing_stored(vault) -> None:
    for table in ("order_lines", "orders", "customers", "imports", "quarantine"):
        assert count(vault, table) == 0, table


# --- files that are not tables -------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \r\n\n\t\n"], ids=["0 bytes", "BOM only", "blank lines"])
def test_empty_file_is_a_typed_error_in_english_and_chinese(new_vault, tmp_path, content):
    path = write(tmp_path / "订单.csv", content)
    with pytest.raises(EmptyFile) as err:
        services.import_file(new_vault, path)
    assert "订单.csv" in err.value.message("en") and "empty" in err.value.message("en")
    assert "订单.csv" in err.value.message("zh") and "空的" in err.value.message("zh")
    assert_nothing_stored(new_vault)


def test_header_only_file_imports_zero_rows_without_error(new_vault, tmp_path):
    path = write(tmp_path / "march.csv", ORDERS_HEADER)
    report = services.import_file(new_vault, path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (0, 0, 0)
    assert report.accounting_ok and report.import_id is not None
    assert count(new_vault, "order_lines") == 0
    assert services.list_imports(new_vault)[0].status == "complete"


def test_binary_file_named_csv_is_refused_as_binary(new_vault, tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    path = write(tmp_path / "orders.csv", png)
    with pytest.raises(BinaryFile) as err:
        services.import_file(new_vault, path)
    assert "orders.csv" in err.value.message("en") and "二进制" in err.value.message("zh")
    assert_nothing_stored(new_vault)


def test_password_protected_xlsx_is_a_typed_error(new_vault, tmp_path):
    # What Excel writes for "Encrypt with password": an OLE2 file with these two streams.
    path = write(tmp_path / "locked.xlsx", make_cfb({"EncryptionInfo": b"\4\0\4\0" + b"x" * 100,
                                                     "EncryptedPackage": b"y" * 5000}))
    with pytest.raises(PasswordProtectedWorkbook) as err:
        services.import_file(new_vault, path)
    assert "password" in err.value.message("en") and "密码" in err.value.message("zh")
    assert_nothing_stored(new_vault)


def test_corrupt_xlsx_is_a_typed_unreadable_file_error(new_vault, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["订单编号", "下单时间", "金额"])
    for i in range(200):
        wb.active.append([f"{i}", "2024-03-01", i + 0.5])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    data = good.read_bytes()
    for name, broken in (("cut.xlsx", data[: len(data) // 2]),
                         ("zeroed.xlsx", data[:30] + b"\0" * (len(data) - 30))):
        path = write(tmp_path / name, broken)
        with pytest.raises(UnreadableFile) as err:
            services.import_file(new_vault, path)
        assert name in err.value.message("en") and "无法读取" in err.value.message("zh")
    assert_nothing_stored(new_vault)


def test_path_with_chinese_characters_imports(new_vault, tmp_path):
    folder = tmp_path / "客户资料 2024"
    folder.mkdir()
    path = write(folder / "张伟的订单.csv", ORDERS_HEADER + order_rows(3))
    report = services.import_file(new_vault, path)
    assert report.file_name == "张伟的订单.csv" and report.rows_stored == 3 and report.accounting_ok
    assert services.list_imports(new_vault)[0].file_name == "张伟的订单.csv"


# --- encodings and shapes -------------------------------------------------------------------------

def _mixed_file(path):
    """UTF-8 (as the header and most rows), with two rows pasted in from a GBK export."""
    lines = [("订单编号,姓名,下单时间,金额\n", "utf-8")]
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静"]
    for i in range(40):
        lines.append((f"{i + 1},{names[i % 5]},2024-03-{i % 28 + 1:02d},{i + 0.5}\n",
                      "gbk" if i in (7, 23) else "utf-8"))
    lines.append(("41,赵敏,2024-03-30,9.9\n", "gbk"))
    path.write_bytes(b"".join(text.encode(enc) for text, enc in lines))
    return path


def test_file_mixing_utf8_and_gbk_lines_imports_every_row_with_a_warning(new_vault, tmp_path):
    path = _mixed_file(tmp_path / "mixed.csv")
    plan = services.plan_import(new_vault, path)
    assert plan.info.encoding == "utf-8" and "mixed_encoding" in plan.info.warnings
    report = services.run_import(new_vault, plan)
    assert report.rows_read == 41 and report.rows_stored == 41 and report.rows_quarantined == 0
    with new_vault.identity_reader() as conn:
        names = {r[0] for r in conn.execute("SELECT value FROM identities WHERE kind = 'name'")}
    assert names == {"张伟", "王芳", "李娜", "刘洋", "陈静", "赵敏"}  # GBK lines decoded, not mangled


def test_import_report_carries_the_mixed_encoding_warning(new_vault, tmp_path):
    report = services.import_file(new_vault, _mixed_file(tmp_path / "mixed.csv"))
    assert "mixed_encoding" in report.warnings


def test_ragged_rows_short_ones_padded_long_ones_quarantined(new_vault, tmp_path):
    header = "订单编号,客户编号,下单时间,金额,备注\n"
    good = "".join(f"{i},C{i},2024-03-{i % 28 + 1:02d},{i}.5,ok\n" for i in range(1, 21))
    path = write(tmp_path / "ragged.csv", header + good
                 + "50,C50,2024-03-05,5\n"              # short: the note is missing -> padded
                 + "51,C51,2024-03-05,5,ok,EXTRA\n"     # an extra filled field -> quarantined
                 + "52,C52,2024-03-05,5,ok,,\n")        # extra empty fields -> no data, stored
    report = services.import_file(new_vault, path)
    assert report.rows_read == 23 and report.accounting_ok
    assert report.rows_stored == 22 and report.quarantine_reasons == {"too_many_fields": 1}
    rows = services.quarantine_rows(new_vault)
    assert rows["source_row"].tolist() == [23] and rows["reason"].tolist() == ["too_many_fields"]
    with new_vault.reader() as conn:
        short = conn.execute("SELECT note, total FROM orders WHERE order_no = '50'").fetchone()
    assert short == (None, 5.0)


def test_stray_quote_mid_cell_and_unclosed_quote_lose_no_row(new_vault, tmp_path):
    path = write(tmp_path / "quotes.csv", "订单编号,商品名称,下单时间,金额\n"
                 + "".join(f"{i},绿茶,2024-03-{i % 28 + 1:02d},{i}.5\n" for i in range(1, 40))
                 + '40,5" 茶杯,2024-03-10,5\n'            # a quote inside a cell is text
                 + '41,"礼盒,2024-03-10,5\n'               # a quote never closed
                 + "42,花茶,2024-03-11,6\n")
    report = services.import_file(new_vault, path)
    assert report.rows_read == 42 and report.accounting_ok
    assert report.rows_stored == 41 and report.rows_quarantined == 1


def test_unclosed_quote_near_the_top_does_not_derail_delimiter_detection(new_vault, tmp_path):
    rows = [f"{1000 + i},2024-03-{i % 28 + 1:02d} 10:{i % 60:02d},{i + 0.5:.2f},"
            + ('"gift wrap' if i == 3 else "ok") for i in range(50)]
    path = write(tmp_path / "notes.csv", "Order ID,Order Date,Amount,Note\n" + "\n".join(rows) + "\n")
    plan = services.plan_import(new_vault, path)
    assert plan.info.delimiter == ","
    assert plan.info.columns == ["Order ID", "Order Date", "Amount", "Note"]
    report = services.run_import(new_vault, plan)
    assert report.rows_read == 50 and report.rows_quarantined == 1 and report.accounting_ok


# --- mapping ----------------------------------------------------------------------------------------

def test_file_without_an_amount_column_names_the_missing_role_in_both_languages(new_vault, tmp_path):
    path = write(tmp_path / "no_money.csv", "订单编号,客户编号,下单时间\n1,C1,2024-03-01\n2,C2,2024-03-02\n")
    with pytest.raises(MappingIncomplete) as err:
        services.import_file(new_vault, path)
    assert "line_amount" in err.value.fields["roles"]
    assert "Line amount" in err.value.message("en") and "Order total" in err.value.message("en")
    assert "金额" in err.value.message("zh") and "订单总金额" in err.value.message("zh")
    assert_nothing_stored(new_vault)


def test_mapping_that_drops_the_order_date_names_it_in_both_languages(new_vault, tmp_path):
    path = write(tmp_path / "orders.csv", ORDERS_HEADER + order_rows(5))
    with pytest.raises(MappingIncomplete) as err:
        services.import_file(new_vault, path, ImportOptions(mapping={"下单时间": "ignore"}))
    assert err.value.fields["roles"] == ("order_date",)
    assert "Order date" in err.value.message("en") and "下单时间" in err.value.message("zh")
    assert_nothing_stored(new_vault)


# --- values -----------------------------------------------------------------------------------------

def test_unreadable_dates_are_quarantined_with_their_reason_and_other_rows_stored(new_vault, tmp_path):
    path = write(tmp_path / "dates.csv", ORDERS_HEADER + order_rows(20)
                 + "2001,C1,2024-02-30 10:00,1,2\n"   # no such day
                 + "2002,C2,下周二,1,2\n"
                 + "2003,C3,,1,2\n")
    report = services.import_file(new_vault, path)
    assert report.rows_read == 23 and report.rows_stored == 20 and report.accounting_ok
    assert report.quarantine_reasons == {"unparseable_date": 2, "missing_date": 1}
    q = services.quarantine_rows(new_vault)
    assert dict(zip(q["source_row"], q["reason"])) == {
        22: "unparseable_date", 23: "unparseable_date", 24: "missing_date"}


def test_file_whose_every_date_is_unreadable_quarantines_every_row(new_vault, tmp_path):
    # every row of the (only) chunk is rejected: nothing is left to store
    path = write(tmp_path / "all_bad.csv", "订单编号,下单时间,金额\n1,yesterday,5\n2,someday,6\n3,,7\n")
    report = services.import_file(new_vault, path, ImportOptions(
        mapping={"订单编号": "order_id", "下单时间": "order_date", "金额": "line_amount"}))
    assert report.rows_read == 3 and report.rows_stored == 0 and report.rows_quarantined == 3
    assert report.accounting_ok and count(new_vault, "order_lines") == 0
    assert count(new_vault, "quarantine") == 3


def test_negative_unit_price_is_quarantined_and_other_rows_stored(new_vault, tmp_path):
    path = write(tmp_path / "prices.csv", ORDERS_HEADER + "1,C1,2024-03-01,2,3.5\n"
                 "2,C2,2024-03-01,2,-3.5\n3,C3,2024-03-02,1,0\n4,C4,2024-03-02,1,9\n")
    report = services.import_file(new_vault, path)
    assert report.rows_stored == 3 and report.quarantine_reasons == {"negative_price": 1}
    assert services.quarantine_rows(new_vault)["source_row"].tolist() == [3]
    with new_vault.reader() as conn:
        assert conn.execute("SELECT min(unit_price) FROM order_lines").fetchone()[0] == 0


def test_quantity_of_80995_is_stored_and_flagged_as_an_outlier(new_vault, tmp_path):
    path = write(tmp_path / "big_order.csv", ORDERS_HEADER + order_rows(200)
                 + "9999,C1,2024-03-05 10:00,80995,2.08\n")
    report = services.import_file(new_vault, path)
    assert report.rows_stored == 201 and report.rows_quarantined == 0
    assert report.flags == {"outlier_quantity": 1}
    with new_vault.reader() as conn:
        assert conn.execute("SELECT quantity, flags FROM order_lines WHERE quantity > 1000").fetchall() \
            == [(80995.0, "outlier_quantity")]


def test_quantity_of_80995_in_a_small_file_is_flagged_as_an_outlier(new_vault, tmp_path):
    path = write(tmp_path / "small.csv", ORDERS_HEADER + order_rows(20)
                 + "9999,C1,2024-03-05 10:00,80995,2.08\n")
    report = services.import_file(new_vault, path)
    assert report.rows_stored == 21 and report.flags == {"outlier_quantity": 1}


@pytest.mark.parametrize("column, spellings", [
    ("邮箱", ["Li.Na@Example.com", " li.na@example.com ", "LI.NA@EXAMPLE.COM"]),
    ("客户编号", ["17850.0", "17850", " 17850 "]),
    ("手机号", ["+86 138 0013 8000", "13800138000", "138-0013-8000"]),
], ids=["email", "float-written id", "phone"])
def test_one_person_written_three_ways_is_one_customer(new_vault, tmp_path, column, spellings):
    body = "".join(f"{i + 1},{s},2024-03-0{i + 1},{i + 5}\n" for i, s in enumerate(spellings))
    path = write(tmp_path / "people.csv", f"订单编号,{column},下单时间,金额\n" + body)
    report = services.import_file(new_vault, path)
    assert report.rows_stored == 3 and report.stored_counts["customers_new"] == 1
    assert count(new_vault, "customers") == 1
    with new_vault.reader() as conn:
        assert conn.execute("SELECT count(DISTINCT customer_id), count(*) FROM orders").fetchone() == (1, 3)


def test_any_failure_is_a_persona_error_never_a_bare_exception(new_vault, tmp_path):
    """A grab bag of hostile files: each imports or raises a typed error, nothing else."""
    files = {
        "only_delimiters.csv": ",,,,\n,,,,\n",
        "one_column.csv": "hello\nworld\n",
        "html.xls": "<html><body><table><tr><td>订单编号</td></tr></table></body></html>",
        "nul_in_text.csv": "订单编号,下单时间,金额\n1,2024-03-01,5\x00\n",
        "huge_cell.csv": "订单编号,下单时间,金额,备注\n1,2024-03-01,5," + "长" * 200_000 + "\n",
        "bom_utf16.csv": ("订单编号\t下单时间\t金额\n1\t2024-03-01\t5\n").encode("utf-16"),
    }
    for name, content in files.items():
        path = write(tmp_path / name, content)
        try:
            report = services.import_file(new_vault, path)
        except PersonaError as err:
            assert err.message("en") and err.message("zh")
        else:
            assert report.accounting_ok, name


# --- CLI ----------------------------------------------------------------------------------------------

@pytest.fixture
def cli_vault(cli, tmp_path):
    vault = str(tmp_path / "v")
    assert cli("init", "--vault", vault, "--json")[0] == 0
    return vault


@pytest.fixture
def shop_csv(tmp_path):
    return write(tmp_path / "张伟的订单.csv", "订单编号,姓名,手机号,下单时间,金额\n"
                 "1,张伟,13812345678,2024-03-01,88.5\n"
                 "2,王芳,13987654321,not a date,12\n"
                 "3,张伟,13812345678,2024-03-02,20\n")


def _info_counts(cli, vault):
    code, out, _ = cli("info", "--vault", vault, "--json")
    assert code == 0
    return json.loads(out)["counts"]


def test_cli_dry_run_prints_a_balanced_report_and_stores_nothing(cli, cli_vault, shop_csv):
    code, out, _ = cli("import", "--vault", cli_vault, str(shop_csv), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["dry_run"] is True and report["accounting_ok"] is True
    assert (report["rows_read"], report["rows_stored"], report["rows_quarantined"]) == (3, 2, 1)
    assert report["import_id"] is None
    counts = _info_counts(cli, cli_vault)
    assert counts["order_lines"] == counts["imports"] == counts["quarantine"] == counts["customers"] == 0


def test_cli_import_text_report_in_chinese(cli, cli_vault, shop_csv):
    code, out, _ = cli("--lang", "zh", "import", "--vault", cli_vault, str(shop_csv))
    assert code == 0
    assert "读取 3 行 = 保存 2" in out and "隔离 1" in out and "无法识别下单时间" in out
    assert "persona undo-import 1" in out


def test_cli_quarantine_list_export_imports_and_undo(cli, cli_vault, shop_csv, tmp_path):
    code, out, _ = cli("import", "--vault", cli_vault, str(shop_csv), "--json")
    import_id = json.loads(out)["import_id"]
    assert code == 0 and import_id == 1

    code, out, _ = cli("quarantine", "list", "--vault", cli_vault, "--json")
    rows = json.loads(out)["rows"]
    assert code == 0 and [(r["source_row"], r["reason"]) for r in rows] == [(3, "unparseable_date")]
    assert "王芳" not in out and "13987654321" not in out  # the list is masked
    code, out, _ = cli("quarantine", "list", "--vault", cli_vault)
    assert code == 0 and "order date cannot be read" in out

    dest = tmp_path / "隔离.csv"
    code, out, _ = cli("quarantine", "export", str(dest), "--vault", cli_vault, "--json")
    assert code == 0 and json.loads(out)["exported"] == 1
    data = dest.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    exported = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert exported[0]["reason"] == "unparseable_date" and "王芳" in exported[0]["values"]
    with pytest.raises(SystemExit) as usage:  # argparse's own usage error: a FILE is needed
        cli("quarantine", "export", "--vault", cli_vault)
    assert usage.value.code == 2

    code, out, _ = cli("imports", "--vault", cli_vault, "--json")
    items = json.loads(out)["imports"]
    assert code == 0 and [(i["import_id"], i["status"], i["file_name"]) for i in items] == [
        (1, "complete", "张伟的订单.csv")]
    assert (items[0]["rows_read"], items[0]["rows_stored"], items[0]["rows_quarantined"]) == (3, 2, 1)

    code, out, _ = cli("undo-import", str(import_id), "--vault", cli_vault, "--json")
    removed = json.loads(out)
    assert code == 0 and removed["order_lines"] == 2 and removed["quarantined_rows"] == 1
    counts = _info_counts(cli, cli_vault)
    assert counts["order_lines"] == counts["orders"] == counts["customers"] == counts["quarantine"] == 0
    code, out, _ = cli("imports", "--vault", cli_vault)
    assert code == 0 and "undone" in out
    code, _, err = cli("undo-import", str(import_id), "--vault", cli_vault)
    assert code == 2 and "already undone" in err
    code, _, err = cli("undo-import", "99", "--vault", cli_vault)
    assert code == 2 and "99" in err


def test_cli_import_of_a_bad_file_exits_with_the_typed_error(cli, cli_vault, tmp_path):
    empty = write(tmp_path / "empty.csv", b"")
    code, out, _ = cli("import", "--vault", cli_vault, str(empty), "--json")
    assert code == 1 and json.loads(out)["error"] == "EmptyFile"
    code, _, err = cli("--lang", "zh", "import", "--vault", cli_vault, str(empty))
    assert code == 1 and "空的" in err
    code, out, _ = cli("import", "--vault", cli_vault, str(tmp_path / "missing.csv"), "--json")
    assert code == 1 and json.loads(out)["error"] == "ImportFileMissing"
