"""Import pipeline end to end on generated files: accounting, shapes, returns, re-import, undo,
cancel, quarantine and pseudonymisation."""
from __future__ import annotations

import json

import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import JobCancelled
from persona_desktop.core.ingest.plan import ImportOptions
from persona_desktop.core.jobs import CallbackProgress

HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
ROWS = [
    "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom",
    "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom",
    "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom",  # duplicate
    "536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850.0,United Kingdom",
    "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527.0,United Kingdom",
    "536380,22961,JAM MAKING SET,24,12/1/2010 9:41,1.45,,United Kingdom",  # anonymous
    "536381,21258,?,-30,12/1/2010 9:45,0,,United Kingdom",  # stock adjustment
    "536382,22139,RETROSPOT TEA SET,not-a-number,12/1/2010 9:45,4.95,13047.0,France",
    "536383,22139,RETROSPOT TEA SET,2,,4.95,13047.0,France",  # no date
    "A563186,B,Adjust bad debt,1,12/8/2011 14:51,-11062.06,,United Kingdom",
]


@pytest.fixture
def retail_csv(tmp_path):
    path = tmp_path / "retail.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def _count(vault, table):
    with vault.reader() as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_every_row_is_accounted_for(new_vault, retail_csv):
    report = services.import_file(new_vault, retail_csv)
    assert report.rows_read == 10
    assert report.accounting_ok
    assert report.rows_quarantined == 3
    assert report.quarantine_reasons == {"bad_quantity": 1, "missing_date": 1, "negative_price": 1}
    assert report.duplicates_found == 1 and report.duplicates_dropped == 0
    assert report.rows_stored == 7 == _count(new_vault, "order_lines")


def test_returns_adjustments_and_anonymous_orders_are_kept(new_vault, retail_csv):
    report = services.import_file(new_vault, retail_csv)
    assert report.outcomes["return_lines"] == 1
    assert report.outcomes["adjustment_lines"] == 1
    assert report.outcomes["anonymous_lines"] == 2
    with new_vault.reader() as conn:
        kinds = dict(conn.execute("SELECT kind, count(*) FROM orders GROUP BY kind").fetchall())
    assert kinds == {"sale": 3, "return": 1, "adjustment": 1}


def test_float_written_customer_ids_become_one_customer(new_vault, retail_csv):
    services.import_file(new_vault, retail_csv)
    with new_vault.identity_reader() as conn:
        refs = [r[0] for r in conn.execute("SELECT value FROM identities WHERE kind = 'customer_ref'")]
    assert sorted(refs) == ["14527", "17850"]  # 13047 only appears on quarantined rows


def test_reimporting_the_same_file_adds_nothing(new_vault, retail_csv):
    first = services.import_file(new_vault, retail_csv)
    second = services.import_file(new_vault, retail_csv)
    assert first.rows_new == 7
    assert second.rows_new == 0 and second.rows_already_present == 7 and second.accounting_ok
    assert _count(new_vault, "order_lines") == 7


def test_next_export_adds_only_new_rows(new_vault, tmp_path, retail_csv):
    services.import_file(new_vault, retail_csv)
    later = tmp_path / "later.csv"
    later.write_text(HEADER + "\n".join(ROWS[:4] + [
        "536400,22139,RETROSPOT TEA SET,3,12/2/2010 10:00,4.95,17850.0,United Kingdom"]) + "\n",
        encoding="utf-8")
    report = services.import_file(new_vault, later)
    assert report.rows_new == 1 and report.rows_already_present == 4


def test_dropping_duplicates_is_a_choice_and_is_counted(new_vault, retail_csv):
    report = services.import_file(new_vault, retail_csv, ImportOptions(drop_duplicates=True))
    assert report.duplicates_dropped == 1 and report.accounting_ok
    assert _count(new_vault, "order_lines") == 6


def test_undo_removes_exactly_the_import(new_vault, tmp_path, retail_csv):
    base = tmp_path / "base.csv"
    base.write_text(HEADER + "536999,X1,OTHER,1,11/1/2010 10:00,1.00,99999.0,Norway\n", encoding="utf-8")
    services.import_file(new_vault, base)
    before = {t: _count(new_vault, t) for t in ("order_lines", "orders", "customers", "products")}
    report = services.import_file(new_vault, retail_csv)
    counts = services.undo_import(new_vault, report.import_id)
    after = {t: _count(new_vault, t) for t in ("order_lines", "orders", "customers", "products")}
    assert after == before
    assert counts["order_lines"] == 7 and _count(new_vault, "quarantine") == 0
    history = {i.import_id: i.status for i in services.list_imports(new_vault)}
    assert history[report.import_id] == "undone"
    events = [e["event"] for e in new_vault.audit_entries(10)]
    assert "import_undone" in events


def test_cancelled_import_leaves_vault_unchanged(new_vault, retail_csv):
    progress = CallbackProgress()
    progress.token.cancel()
    with pytest.raises(JobCancelled):
        services.import_file(new_vault, retail_csv, progress=progress)
    for table in ("order_lines", "orders", "customers", "products", "imports", "quarantine"):
        assert _count(new_vault, table) == 0


def test_dry_run_reports_and_stores_nothing(new_vault, retail_csv):
    report = services.import_file(new_vault, retail_csv, ImportOptions(dry_run=True))
    assert report.rows_stored == 7 and report.accounting_ok
    assert _count(new_vault, "order_lines") == 0 and _count(new_vault, "imports") == 0


def test_quarantine_keeps_raw_values_outside_vault_db(new_vault, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("客户ID,姓名,手机号,下单时间,金额\n"
                    "A1,张三丰,13812345678,2024-03-01,88.5\n"
                    "A2,李四,13987654321,not a date,12\n", encoding="utf-8")
    report = services.import_file(new_vault, path)
    assert report.rows_quarantined == 1
    masked = services.quarantine_rows(new_vault)
    assert "李四" not in masked["values"].iloc[0] and "13987654321" not in masked["values"].iloc[0]
    raw = services.quarantine_rows(new_vault, raw=True)
    assert "李四" in raw["values"].iloc[0]
    out = tmp_path / "q.csv"
    assert services.export_quarantine(new_vault, out) == 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Chinese Excel opens it right
    assert "quarantine_exported" in [e["event"] for e in new_vault.audit_entries(5)]


def test_identifiers_never_reach_vault_db(new_vault, tmp_path):
    path = tmp_path / "canary.csv"
    path.write_text("姓名,邮箱,手机号,订单编号,下单时间,金额\n"
                    "CanaryWang王五,canary.wang@example.com,+86 138 0013 8000,9001,2024-05-01,10\n",
                    encoding="utf-8")
    services.import_file(new_vault, path)
    with new_vault.reader() as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = json.dumps([conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables],
                          ensure_ascii=False, default=str)
    for secret in ("CanaryWang", "canary.wang@example.com", "13800138000", "0013 8000"):
        assert secret not in dump
    with new_vault.identity_reader() as conn:
        values = {r[0] for r in conn.execute("SELECT value FROM identities")}
    assert "canary.wang@example.com" in values and "+8613800138000" in values


def test_order_level_file_without_customers_imports_as_anonymous_orders(new_vault, tmp_path):
    path = tmp_path / "tmall.csv"
    path.write_text("订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额\r\n"
                    "1,178.8,0,上海,2020-02-21 00:00:00,,0\r\n"
                    "2,21,21,内蒙古自治区,2020-02-20 23:59:54,2020-02-21 00:00:02,0\r\n",
                    encoding="utf-8")
    report = services.import_file(new_vault, path)
    assert report.rows_quarantined == 0 and report.rows_stored == 2
    with new_vault.reader() as conn:
        rows = conn.execute("SELECT province, paid_at, total FROM orders ORDER BY order_no").fetchall()
    assert rows[0][1] is None and rows[1][1].startswith("2020-02-21")
    assert rows[1][0].startswith("内蒙古")


def test_saved_mapping_profile_is_offered_for_the_same_header(new_vault, retail_csv):
    services.import_file(new_vault, retail_csv,
                         ImportOptions(mapping={"Country": "ignore"}, save_profile="my shop"))
    plan = services.plan_import(new_vault, retail_csv)
    assert plan.profile_used == "my shop" and plan.mapping["Country"] == "ignore"
    assert services.mapping_profiles(new_vault)[0]["name"] == "my shop"
