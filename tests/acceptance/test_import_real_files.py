"""The import on the real public files in ../shared/data (skipped when the folder is absent):
the counts published for each file (shared/data/README.md) must come out of our import.

Online Retail takes about a minute to import, so it is imported once for the run (conftest.py)
and every Online Retail check reads that vault; re-importing is checked on a 50,000-row slice of
the file.
"""
from __future__ import annotations

import gzip
import itertools

import pytest

from persona_desktop.core import services
from persona_desktop.core.vault.store import Vault
from tests.acceptance.conftest import RETAIL
from tests.conftest import PASSWORD, shared_data

pytestmark = pytest.mark.acceptance
TMALL_MAPPING = {"订单编号": "order_id", "总金额": "order_total", "买家实际支付金额": "amount_paid",
                 "收货地址 ": "province", "订单创建时间": "order_date", "订单付款时间 ": "payment_time",
                 "退款金额": "refund_amount"}


@pytest.fixture(scope="module")
def retail(online_retail):
    """(vault, report) after importing Online Retail as it is (the run's shared vault)."""
    vault, report, _path = online_retail
    return vault, report


def _one(conn, sql, args=()):
    return conn.execute(sql, args).fetchone()[0]


# --- Online Retail --------------------------------------------------------------------------------

def test_online_retail_every_row_is_read_and_accounted_for(retail):
    vault, report = retail
    assert report.rows_read == 541_909
    assert report.accounting_ok
    assert report.mapping == {"InvoiceNo": "order_id", "StockCode": "product_id",
                              "Description": "product_name", "Quantity": "quantity",
                              "InvoiceDate": "order_date", "UnitPrice": "unit_price",
                              "CustomerID": "customer_id", "Country": "country"}
    # the only rejects: the two "Adjust bad debt" lines at -11,062.06 (the published minimum)
    assert report.quarantine_reasons == {"negative_price": 2}
    with vault.reader() as conn:
        assert _one(conn, "SELECT count(*) FROM order_lines") == report.rows_stored == 541_907
        assert _one(conn, "SELECT count(*) FROM quarantine WHERE import_id = ?", (report.import_id,)) == 2


def test_online_retail_file_counts_match_the_published_ones(retail):
    _vault, report = retail
    fc = report.file_counts
    assert (fc["customers"], fc["orders"], fc["countries"], fc["products"]) == (4_372, 25_900, 38, 4_070)


def test_online_retail_cancellations_are_kept_as_returns(retail):
    vault, report = retail
    assert report.outcomes["cancellation_rows"] == 9_288 == report.file_counts["cancellation_rows"]
    assert report.outcomes["return_lines"] == 9_288
    with vault.reader() as conn:
        kinds = dict(conn.execute("SELECT o.kind, count(*) FROM order_lines l JOIN orders o USING "
                                  "(order_id) WHERE o.order_no LIKE 'C%' GROUP BY o.kind").fetchall())
        returns_with_customer = _one(conn, "SELECT count(*) FROM orders WHERE kind = 'return' "
                                           "AND customer_id IS NOT NULL")
    assert kinds == {"return": 9_288}
    assert returns_with_customer > 0


def test_online_retail_stock_adjustments_are_kept_apart(retail):
    vault, report = retail
    assert report.outcomes["adjustment_lines"] == 1_336
    with vault.reader() as conn:
        row = conn.execute("SELECT count(*), count(o.customer_id), max(l.quantity), max(abs(l.unit_price)) "
                           "FROM order_lines l JOIN orders o USING (order_id) "
                           "WHERE o.kind = 'adjustment'").fetchone()
    assert row[0] == 1_336 and row[1] == 0 and row[2] < 0 and row[3] == 0


def test_online_retail_duplicates_are_found_and_kept_by_default(retail):
    _vault, report = retail
    assert report.duplicates_found == 5_268
    assert report.duplicates_dropped == 0


def test_online_retail_rows_without_a_customer_are_anonymous_orders_in_the_vault(retail):
    vault, report = retail
    # 541,909 - 406,829 published non-null CustomerID = 135,080, less the 2 quarantined
    assert report.outcomes["anonymous_lines"] == 135_078
    with vault.reader() as conn:
        stored = _one(conn, "SELECT count(*) FROM order_lines l JOIN orders o USING (order_id) "
                            "WHERE o.customer_id IS NULL")
    assert stored == report.outcomes["anonymous_lines"]


def test_online_retail_purchases_match_the_published_counts(retail):
    vault, _report = retail
    # rows with a customer, Quantity > 0 and UnitPrice > 0, duplicates kept
    with vault.reader() as conn:
        rows, customers = conn.execute(
            "SELECT count(*), count(DISTINCT o.customer_id) FROM order_lines l JOIN orders o "
            "USING (order_id) WHERE o.customer_id IS NOT NULL AND l.quantity > 0 "
            "AND l.unit_price > 0").fetchone()
        countries = _one(conn, "SELECT count(DISTINCT country) FROM orders")
        in_vault = _one(conn, "SELECT count(*) FROM customers")
    assert (rows, customers) == (397_884, 4_338)
    assert in_vault == 4_372 and countries == 38


def test_online_retail_customer_12346_bought_and_cancelled_everything(retail):
    vault, _report = retail
    with vault.identity_reader() as c:
        pseudonyms = c.execute("SELECT pseudonym FROM identities WHERE kind='customer_ref' "
                               "AND value='12346'").fetchall()
    assert len(pseudonyms) == 1  # "12346.0" in the file, one customer
    with vault.reader() as conn:
        by_kind = dict((kind, (qty, amount)) for kind, qty, amount in conn.execute(
            "SELECT o.kind, sum(l.quantity), sum(l.amount) FROM order_lines l "
            "JOIN orders o USING (order_id) JOIN customers c ON c.customer_id = o.customer_id "
            "WHERE c.pseudonym = ? GROUP BY o.kind", pseudonyms[0]))
    assert by_kind["sale"][0] == 74_215 and by_kind["sale"][1] == pytest.approx(77_183.60)
    assert by_kind["return"][0] == -74_215
    net_qty = sum(q for q, _ in by_kind.values())
    net_amount = sum(a for _, a in by_kind.values())
    assert net_qty == 0 and net_amount == pytest.approx(0, abs=1e-6)


def test_online_retail_80995_unit_lines_are_stored_and_flagged(retail):
    vault, report = retail
    assert report.flags["outlier_quantity"] > 0
    with vault.reader() as conn:
        rows = conn.execute("SELECT quantity, flags FROM order_lines WHERE abs(quantity) = 80995 "
                            "ORDER BY quantity").fetchall()
    assert rows == [(-80995.0, "outlier_quantity"), (80995.0, "outlier_quantity")]


def test_online_retail_stored_counts_match_the_vault(retail):
    vault, report = retail
    with vault.reader() as conn:
        products = _one(conn, "SELECT count(*) FROM products")
        orders = _one(conn, "SELECT count(*) FROM orders")
        customers = _one(conn, "SELECT count(*) FROM customers")
    assert report.stored_counts["customers_new"] == customers == 4_372
    assert report.stored_counts["orders_new"] == orders
    assert report.stored_counts["products_new"] == products == 4_070


def test_online_retail_reimporting_rows_already_in_the_vault_adds_nothing(retail, tmp_path):
    """A 50,000-row slice of the same file (the whole file would double the module's time)."""
    vault, _report = retail
    source = shared_data(*RETAIL)
    slice_path = tmp_path / "online_retail_first_50000.csv.gz"
    with gzip.open(source, "rt", encoding="utf-8", newline="") as src, \
            gzip.open(slice_path, "wt", encoding="utf-8", newline="") as dst:
        dst.writelines(itertools.islice(src, 50_001))  # header + 50,000 rows (no multi-line cells)
    with vault.reader() as conn:
        before = {t: _one(conn, f"SELECT count(*) FROM {t}")
                  for t in ("order_lines", "orders", "customers", "products")}
    again = services.import_file(vault, slice_path)
    assert again.rows_read == 50_000 and again.accounting_ok
    assert again.rows_new == 0
    assert again.rows_already_present == again.rows_stored == 50_000 - again.rows_quarantined
    with vault.reader() as conn:
        after = {t: _one(conn, f"SELECT count(*) FROM {t}")
                 for t in ("order_lines", "orders", "customers", "products")}
    assert after == before


# --- CDNOW ----------------------------------------------------------------------------------------

def test_cdnow_whitespace_file_without_header_is_recognised_from_its_content(new_vault):
    path = shared_data("cdnow", "CDNOW_sample.txt")
    plan = services.plan_import(new_vault, path)
    assert plan.info.delimiter == "whitespace" and not plan.info.has_header
    # master id, sample id (the same customer numbered again), date, CDs, dollars
    assert plan.mapping == {"column_1": "customer_id", "column_2": "ignore", "column_3": "order_date",
                            "column_4": "quantity", "column_5": "line_amount"}
    report = services.run_import(new_vault, plan)
    assert report.rows_read == report.rows_stored == 6_919 and report.accounting_ok
    with new_vault.reader() as conn:
        assert _one(conn, "SELECT count(*) FROM orders") == 6_919
        assert _one(conn, "SELECT count(*) FROM customers") == 2_357
        first, last = conn.execute("SELECT min(ordered_at), max(ordered_at) FROM orders").fetchone()
    assert first.startswith("1997-01-01") and last.startswith("1998-06-30")


def test_cdnow_ids_with_leading_zeros_are_kept_as_text(new_vault):
    services.import_file(new_vault, shared_data("cdnow", "CDNOW_sample.txt"))
    with new_vault.identity_reader() as c:
        refs = [r[0] for r in c.execute("SELECT value FROM identities WHERE kind = 'customer_ref'")]
    assert len(refs) == 2_357
    assert "00004" in refs and "4" not in refs  # the file's first customer (ids start at 00004)
    assert all(len(r) == 5 and r.isdigit() for r in refs)


# --- Tmall ----------------------------------------------------------------------------------------

def _tmall_rows(vault):
    with vault.reader() as conn:
        return conn.execute("SELECT order_no, ordered_at, paid_at, total, amount_paid, refund, province "
                            "FROM orders ORDER BY order_no").fetchall()


def test_tmall_chinese_columns_are_all_recognised_and_empty_payment_times_are_valid(new_vault):
    path = shared_data("chinese", "tmall_order_report.csv")
    plan = services.plan_import(new_vault, path)
    assert plan.mapping == TMALL_MAPPING  # nothing given: all seven from headers and values
    report = services.run_import(new_vault, plan)
    assert report.rows_read == report.rows_stored == 28_010 and report.accounting_ok
    assert report.rows_quarantined == 0
    with new_vault.reader() as conn:
        assert _one(conn, "SELECT count(*) FROM orders") == 28_010
        unpaid = _one(conn, "SELECT count(*) FROM orders WHERE paid_at IS NULL")
        paid = _one(conn, "SELECT count(*) FROM orders WHERE paid_at IS NOT NULL")
        provinces = _one(conn, "SELECT count(DISTINCT province) FROM orders")
    assert unpaid > 0 and paid > 0
    assert 25 <= provinces <= 34  # province names, canonical ("上海" -> "上海市")


def test_tmall_gb18030_copy_imports_identically(new_vault, tmp_path):
    path = shared_data("chinese", "tmall_order_report.csv")
    copy = tmp_path / "天猫订单_GB18030.csv"
    copy.write_bytes(path.read_bytes().decode("utf-8").encode("gb18030"))
    other, _code = Vault.create(tmp_path / "second vault", PASSWORD)
    try:
        utf8 = services.import_file(new_vault, path)
        gb = services.import_file(other, copy)
        assert (utf8.encoding, gb.encoding) == ("utf-8", "gb18030")
        skip = {"file_name", "file_sha256", "encoding", "seconds"}
        assert {k: v for k, v in gb.to_dict().items() if k not in skip} == \
            {k: v for k, v in utf8.to_dict().items() if k not in skip}
        assert _tmall_rows(other) == _tmall_rows(new_vault)
    finally:
        other.lock(record=False)
