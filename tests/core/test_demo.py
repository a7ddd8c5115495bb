"""The seeded demo shop: reproducible, realistic enough for analytics demos, and loaded into the
vault the privacy-first way (pseudonyms in vault.db, real identifiers only in identity.db)."""
from __future__ import annotations

import hashlib
import json
import re
import time

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.demo import files as demo_files
from persona_desktop.core.demo import shop as demo
from persona_desktop.core.services.demo import load_into_vault
from persona_desktop.core.errors import JobCancelled, UsageError
from persona_desktop.core.jobs import NullProgress
from persona_desktop.core.privacy.pseudonymize import normalise_email, normalise_phone

CJK = re.compile(r"[\u4e00-\u9fff]")
E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")


@pytest.fixture(scope="module")
def shop():
    return demo.generate()


def _sales(shop):
    return shop.order_lines[shop.order_lines["kind"] == "sale"]


def _amount(lines):
    return lines["quantity"] * lines["unit_price"] - lines["discount"]


# --- generation -----------------------------------------------------------------------------------

def test_same_seed_gives_identical_shop(shop):
    again = demo.generate(seed=7)
    for name in ("customers", "products", "order_lines", "messy_rows"):
        pd.testing.assert_frame_equal(getattr(shop, name), getattr(again, name))


def test_another_seed_gives_another_shop(shop):
    other = demo.generate(seed=8)
    assert not other.customers["name"].equals(shop.customers["name"])
    assert len(other.order_lines) != len(shop.order_lines)


def test_history_ends_at_fixed_as_of_not_today(shop):
    assert shop.as_of == pd.Timestamp("2026-10-31")
    when = shop.order_lines["ordered_at"]
    assert when.max() < shop.as_of + pd.Timedelta(days=1)
    assert when.min() >= shop.start


@pytest.mark.parametrize("months", [12, 18, 24])
def test_history_spans_the_requested_months(months):
    lines = demo.generate(seed=3, n_customers=300, months=months).order_lines
    span_days = (lines["ordered_at"].max() - lines["ordered_at"].min()).days
    assert months * 30.4 - 20 <= span_days <= months * 30.5


def test_shop_has_several_categories_channels_and_walk_ins(shop):
    sales = _sales(shop)
    categories = sales["sku"].map(shop.products.set_index("sku")["category"])
    assert set(categories) == {"Tea", "Teaware", "Gifts", "Snacks", "Accessories"}
    assert categories.value_counts(normalize=True).min() > 0.03
    assert set(sales["channel"]) == {"web shop", "WeChat mini-program", "Tmall", "in store"}
    walk_ins = sales[sales["customer_ref"].isna()]
    assert walk_ins["order_no"].nunique() > 20
    assert set(walk_ins["channel"]) == {"in store"}


def test_returns_reference_an_earlier_purchase_of_the_same_item(shop):
    lines = shop.order_lines
    returns = lines[lines["kind"] == "return"]
    assert len(returns) > 20
    assert (returns["quantity"] < 0).all() and returns["original_order_no"].notna().all()
    bought = _sales(shop).set_index(["order_no", "sku"])
    original = bought.loc[list(zip(returns["original_order_no"], returns["sku"]))]
    assert (original["customer_ref"].to_numpy() == returns["customer_ref"].to_numpy()).all()
    assert (original["ordered_at"].to_numpy() < returns["ordered_at"].to_numpy()).all()
    assert (-returns["quantity"].to_numpy() <= original["quantity"].to_numpy()).all()
    assert (_amount(returns) < 0).all()


def test_customers_mix_chinese_and_english_names_and_phone_styles(shop):
    names = shop.customers["name"]
    chinese = names.str.contains(CJK)
    assert 0.7 < chinese.mean() < 0.95
    assert names[~chinese].str.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+").all()
    phones = shop.customers["phone"].dropna()
    assert phones.str.fullmatch(r"1[3-9][0-9]{9}").any()             # 13812345678
    assert phones.str.fullmatch(r"1[3-9][0-9] [0-9]{4} [0-9]{4}").any()  # 138 1234 5678
    assert phones.str.startswith("+86 ").any()
    assert phones.str.startswith("+44").any() and phones.str.startswith("+1").any()
    assert shop.customers["email"].isna().any() and shop.customers["birth_date"].isna().any()
    assert shop.customers["customer_ref"].is_unique
    assert shop.customers["customer_ref"].str.fullmatch(r"M[0-9]{6}").all()


def test_customers_are_heterogeneous(shop):
    sales = _sales(shop).assign(amount=_amount(_sales(shop)))
    per_customer = sales.dropna(subset=["customer_ref"]).groupby("customer_ref").agg(
        orders=("order_no", "nunique"), revenue=("amount", "sum"))
    assert (per_customer["orders"] == 1).mean() > 0.4                 # many one-time buyers
    top = per_customer["revenue"].nlargest(len(per_customer) // 10).sum()
    assert top / per_customer["revenue"].sum() > 0.35                # a few big spenders
    assert per_customer["orders"].max() >= 20
    lapsed = shop.customers.dropna(subset=["truth_lapsed_at"]).set_index("customer_ref")
    last = sales.groupby("customer_ref")["ordered_at"].max()
    seen = lapsed.index.intersection(last.index)
    assert len(seen) > 30
    assert (last[seen] < lapsed.loc[seen, "truth_lapsed_at"] + pd.Timedelta(days=1)).all()


def test_customers_prefer_some_categories(shop):
    sales = _sales(shop)
    category = sales["sku"].map(shop.products.set_index("sku")["category"])
    counts = pd.crosstab(sales["customer_ref"], category)
    regulars = counts[counts.sum(axis=1) >= 8]
    favourite_share = (regulars.max(axis=1) / regulars.sum(axis=1)).mean()
    overall = category.value_counts(normalize=True).max()
    assert favourite_share > overall + 0.1


def _per_day(lines, shop) -> pd.Series:
    days = pd.date_range(shop.start, shop.as_of)
    return lines.groupby(lines["ordered_at"].dt.normalize()).size().reindex(days, fill_value=0)


def test_festival_peaks_stand_out(shop):
    orders = _per_day(_sales(shop).drop_duplicates("order_no"), shop)
    assert orders[pd.Timestamp("2025-11-11")] > 3 * orders.median()    # Singles' Day
    new_year = pd.Timestamp("2026-02-17")
    run_up = slice(new_year - pd.Timedelta(days=24), new_year - pd.Timedelta(days=1))
    holiday = slice(new_year, new_year + pd.Timedelta(days=6))
    gifts = _per_day(_sales(shop)[_sales(shop)["sku"].str.startswith("GFT")], shop)
    assert gifts[run_up].mean() > 2 * gifts.mean()                     # gifts before the New Year
    assert orders[holiday].mean() < 0.6 * orders.mean()                # couriers stop for it


def test_teapots_are_bought_with_their_tea(shop):
    sales = _sales(shop)
    baskets = sales.groupby("order_no")["sku"].agg(set)
    with_pot = baskets[baskets.map(lambda b: "TWR-002" in b)]
    p_tea = baskets.map(lambda b: "TEA-003" in b).mean()
    p_tea_given_pot = with_pot.map(lambda b: "TEA-003" in b).mean()
    assert len(with_pot) > 20 and p_tea_given_pot / p_tea > 3


def test_messy_rows_are_marked_and_kept_out_of_clean_lines(shop):
    messy, lines = shop.messy_rows, shop.order_lines
    assert set(messy["defect"]) == set(demo.DEFECTS)
    assert messy["source_row"].is_unique
    assert messy["source_row"].between(1, len(lines) + len(messy)).all()
    bad_price = messy.loc[messy["defect"] == "unparseable_price", "unit_price"]
    assert bad_price.map(lambda v: pd.isna(pd.to_numeric(v, errors="coerce"))).all()
    assert messy.loc[messy["defect"] == "missing_order_date", "ordered_at"].isna().all()
    assert (messy.loc[messy["defect"] == "zero_quantity", "quantity"] == 0).all()
    assert not messy.loc[messy["defect"] == "unknown_sku", "sku"].isin(shop.products["sku"]).any()
    clean_keys = set(zip(lines["order_no"], lines["sku"]))
    broken = messy[messy["defect"] != "duplicate_row"]
    assert not set(zip(broken["order_no"], broken["sku"])) & clean_keys
    dups = messy.loc[messy["defect"] == "duplicate_row", demo.LINE_COLUMNS].reset_index(drop=True)
    originals = lines.merge(dups[["order_no", "sku"]], on=["order_no", "sku"])[demo.LINE_COLUMNS]
    pd.testing.assert_frame_equal(
        originals.sort_values("order_no", ignore_index=True),
        dups.astype({"unit_price": float}).sort_values("order_no", ignore_index=True),
        check_dtype=False)


def test_generating_50k_customers_takes_seconds():
    started = time.perf_counter()
    big = demo.generate(seed=1, n_customers=50_000)
    assert time.perf_counter() - started < 15
    assert len(big.customers) == 50_000 and big.customers["customer_ref"].is_unique
    assert len(big.order_lines) > 200_000


# --- loading into a vault -------------------------------------------------------------------------

def _vault_texts(vault) -> str:
    """Every text value of every vault.db table, joined: what a leak would have to hide in."""
    parts = []
    with vault.reader() as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                parts.extend(v for v in row if isinstance(v, str))
    return "\n".join(parts)


def _identities(vault) -> pd.DataFrame:
    with vault.identity_reader() as conn:
        rows = conn.execute("SELECT pseudonym, kind, value FROM identities").fetchall()
    return pd.DataFrame(rows, columns=["pseudonym", "kind", "value"])


def _count(vault, table) -> int:
    with vault.reader() as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_demo_goes_through_the_import_pipeline(new_vault, shop):
    counts = load_into_vault(new_vault, shop, NullProgress())
    messy = shop.messy_rows
    rejected = messy["defect"].isin(["unparseable_price", "missing_order_date", "zero_quantity"])
    assert counts["customers"] == len(shop.customers)
    # duplicates are kept (nothing lost silently) and unknown products are still sales
    assert counts["order_lines"] == len(shop.order_lines) + int((~rejected).sum())
    assert counts["quarantined"] == int(rejected.sum())
    for table in ("customers", "orders", "order_lines", "products"):
        assert _count(new_vault, table) == counts[table]
    history = services.list_imports(new_vault)
    assert [h.file_name for h in history] == ["demo_customers.xlsx", "demo_orders_gbk.csv"]
    assert all(h.status == "complete" for h in history)
    assert new_vault.verify_audit().ok


def test_demo_returns_and_walk_ins_are_kept(new_vault, shop):
    load_into_vault(new_vault, shop, NullProgress())
    lines = shop.order_lines
    with new_vault.reader() as conn:
        returns = conn.execute("SELECT count(DISTINCT order_no) FROM orders WHERE kind = 'return'"
                               ).fetchone()[0]
        walk_ins = conn.execute("SELECT count(*) FROM orders WHERE customer_id IS NULL").fetchone()[0]
    assert returns == lines.loc[lines["kind"] == "return", "order_no"].nunique()
    assert walk_ins == lines.loc[lines["customer_ref"].isna(), "order_no"].nunique()


def test_order_totals_equal_their_lines_and_keys_are_unique(new_vault):
    small = demo.generate(seed=11, n_customers=200)
    load_into_vault(new_vault, small, NullProgress())
    with new_vault.reader() as conn:
        off = conn.execute(
            "SELECT count(*) FROM orders o JOIN (SELECT order_id, sum(amount) AS s "
            "FROM order_lines GROUP BY order_id) l USING (order_id) "
            "WHERE abs(o.total - l.s) > 0.011").fetchone()[0]
        keys = [r[0] for r in conn.execute("SELECT natural_key FROM order_lines")]
    assert off == 0
    assert len(keys) == len(set(keys))


def test_demo_vault_holds_no_plain_identifiers(new_vault):
    small = demo.generate(seed=5, n_customers=300)
    load_into_vault(new_vault, small, NullProgress())
    text = _vault_texts(new_vault)
    c = small.customers
    leaks = [name for name in c["name"] if name in text]
    for email in c["email"].dropna():
        for form in (email.strip(), normalise_email(email),
                     hashlib.sha256(normalise_email(email).encode()).hexdigest()):
            if form in text:
                leaks.append(form)
    for phone in c["phone"].dropna():
        e164 = normalise_phone(phone)
        for form in (phone, e164, e164[3:] if e164.startswith("+86") else e164[1:]):
            if form in text:
                leaks.append(form)
    for birth in c["birth_date"].dropna():
        if birth.date().isoformat() in text:
            leaks.append("a birth date")
    if re.search(r"M[0-9]{6}", text):
        leaks.append("a shop customer number")
    assert not leaks, f"{len(leaks)} plain identifiers in vault.db"


def test_identity_map_holds_every_identifier_with_e164_phones(new_vault):
    small = demo.generate(seed=5, n_customers=300)
    load_into_vault(new_vault, small, NullProgress())
    ids = _identities(new_vault)
    assert set(ids["kind"]) == {"customer_ref", "name", "email", "phone"}
    with new_vault.reader() as conn:
        pseudonyms = {r[0] for r in conn.execute("SELECT pseudonym FROM customers")}
    assert set(ids["pseudonym"]) == pseudonyms
    assert ids.loc[ids["kind"] == "phone", "value"].str.match(E164).all()
    assert set(ids.loc[ids["kind"] == "customer_ref", "value"]) == set(small.customers["customer_ref"])


def test_vault_customers_carry_only_generalised_attributes(new_vault, shop):
    load_into_vault(new_vault, shop, NullProgress())
    with new_vault.reader() as conn:
        rows = pd.DataFrame(conn.execute("SELECT pseudonym, age_band, gender FROM customers").fetchall(),
                            columns=["pseudonym", "age_band", "gender"])
    assert rows["pseudonym"].str.fullmatch(r"c_[0-9a-f]{32}").all()
    bands = {"<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"}
    assert set(rows["age_band"].dropna()) <= bands
    assert rows["age_band"].notna().sum() > 0
    assert set(rows["gender"].dropna()) <= {"F", "M"}


def test_quarantined_demo_rows_are_masked_in_vault_db(new_vault, shop):
    load_into_vault(new_vault, shop, NullProgress())
    masked = services.quarantine_rows(new_vault)
    assert len(masked) > 0
    for values in masked["values"]:
        data = json.loads(values)
        for field in ("客户ID", "姓名", "手机号", "邮箱"):
            assert data.get(field) in (None, "", "•••")


class CancelAfterSteps:
    def __init__(self, allowed: int):
        self.allowed, self.steps = allowed, 0

    def step(self, done, total, label=""):
        self.steps += 1

    def check_cancelled(self):
        if self.steps >= self.allowed:
            raise JobCancelled()


@pytest.mark.parametrize("allowed", [1, 2, 3])
def test_cancelled_load_leaves_no_data_behind(new_vault, shop, allowed):
    with pytest.raises(JobCancelled):
        load_into_vault(new_vault, shop, CancelAfterSteps(allowed))
    for table in ("customers", "orders", "order_lines", "products", "quarantine"):
        assert _count(new_vault, table) == 0, table
    assert _identities(new_vault).empty
    assert new_vault.verify_audit().ok
    load_into_vault(new_vault, shop, NullProgress())   # and the vault is still usable
    assert _count(new_vault, "customers") == len(shop.customers)


def test_tiny_shop_generates_and_loads(new_vault):
    tiny = demo.generate(seed=2, n_customers=3)
    counts = load_into_vault(new_vault, tiny, NullProgress())
    assert counts["customers"] == 3


def test_loading_into_a_vault_with_data_is_refused(new_vault):
    small = demo.generate(seed=2, n_customers=50)
    load_into_vault(new_vault, small, NullProgress())
    with pytest.raises(UsageError):
        load_into_vault(new_vault, small, NullProgress())
    assert _count(new_vault, "customers") == 50


def test_create_demo_vault_builds_a_vault_whose_audit_chain_verifies(tmp_path):
    vault = services.create_demo_vault(tmp_path / "demo", n_customers=120)
    try:
        assert _count(vault, "customers") == 120
        assert _count(vault, "order_lines") > 300
        assert vault.verify_audit().ok
        events = [e["event"] for e in vault.audit_entries()]
        assert "demo_loaded" in events and events.count("import") == 2
    finally:
        vault.lock()


# --- export files ---------------------------------------------------------------------------------

def test_demo_files_hold_every_row_with_chinese_and_english_headers(tmp_path):
    from openpyxl import load_workbook
    small = demo.generate(seed=4, n_customers=60)
    csv_path, xlsx_path = demo_files.write_demo_files(small, tmp_path)
    rows = len(small.order_lines) + len(small.messy_rows)
    with pytest.raises(UnicodeDecodeError):
        csv_path.read_bytes().decode("utf-8")        # really GBK, as Chinese Excel writes it
    zh = pd.read_csv(csv_path, encoding="gbk", dtype=str)
    assert list(zh.columns[:14]) == ["客户ID", "姓名", "手机号", "邮箱", "订单编号", "下单时间", "商品",
                                     "类别", "数量", "单价", "金额", "渠道", "城市", "省份"]
    assert len(zh) == rows
    messy = small.messy_rows.set_index("source_row")
    for source_row, defect in messy["defect"].items():
        file_row = zh.iloc[source_row - 1]
        assert file_row["订单编号"] == messy.loc[source_row, "order_no"], defect
    assert zh["下单时间"].isna().sum() == (messy["defect"] == "missing_order_date").sum()
    sheet = load_workbook(xlsx_path, read_only=True)["Orders"]
    values = list(sheet.values)
    assert values[0][:5] == ("Customer ID", "Name", "Phone", "Email", "Order No")
    assert len(values) - 1 == rows
    amount = values[0].index("Amount")
    assert np.isclose(sum(v[amount] for v in values[1:] if isinstance(v[amount], (int, float))),
                      _amount(small.order_lines).sum() + _amount(
                          small.messy_rows[small.messy_rows["defect"] != "unparseable_price"]
                          .astype({"unit_price": float})).sum())
