"""Postage, fees and adjustments booked as order lines are found from names and behaviour, and
the user's choice wins (issue 14, item 6). Exclusion from the analyses comes with the money
definitions (next step of issue 14)."""
from __future__ import annotations

import csv
import random

import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.analytics import service_lines as sl
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD


@pytest.mark.parametrize("text", ["POSTAGE", "DOTCOM POSTAGE", "Next Day Carriage", "Bank Charges",
                                  "AMAZON FEE", "Manual", "POST", "Adjust bad debt", "PACKING CHARGE",
                                  "DOTCOMPOSTAGE", "运费", "顺丰快递费", "满100减10优惠", "手续费"])
def test_names_of_charges_and_adjustments_are_recognised(text):
    assert sl.name_says_service(text)


@pytest.mark.parametrize("text", ["CARRIAGE CLOCK", "RED POST BOX", "EASTER EGG HUNT START POST",
                                  "MANUAL COFFEE GRINDER", "COFFEE", "BIRD FEEDER", "茶叶礼盒",
                                  "青瓷品茗杯", "", None])
def test_names_of_goods_that_share_a_word_are_left_alone(text):
    assert not sl.name_says_service(text)


def _lines(rows):
    return pd.DataFrame(rows, columns=["product_id", "unit_price", "value"])


def test_a_line_priced_anew_on_most_orders_is_found_without_its_name():
    rng = random.Random(4)
    rows = [(1, p, p) for p in (9.5, 9.5, 12.0, 9.5) * 30]                  # a product's price list
    rows += [(2, round(rng.uniform(3, 60), 2), 0.0) for _ in range(60)]     # "X1": priced per order
    rows += [(3, -5.0, -5.0), (3, 10.0, 10.0)]                               # "X2": a negative price
    products = pd.DataFrame({"sku": ["TEA", "X1", "X2"], "name": ["Tea", "X1", "X2"]},
                            index=[1, 2, 3])
    found = sl.detect(products, _lines(rows)).set_index("sku")["reason"].to_dict()
    assert found == {"X1": "priced_per_order", "X2": "negative_price"}


def _write_shop(path):
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["订单编号", "客户编号", "商品编号", "商品名称", "数量", "单价", "下单时间"])
        for n in range(400):
            order, day = f"SO{n:05d}", f"2024-{n % 12 + 1:02d}-{n % 27 + 1:02d} 10:00:00"
            customer = f"C{rng.randrange(120):04d}"
            out.writerow([order, customer, f"SKU{n % 9}", f"绿茶{n % 9}", 1 + n % 3, 38.0, day])
            out.writerow([order, customer, "YF", "运费", 1, rng.choice([6, 8, 10, 12]), day])
            if n % 10 == 0:
                out.writerow([order, customer, "ADJ", "调整", 1, round(rng.uniform(1, 99), 2), day])
    return path


@pytest.fixture
def shop_vault(tmp_path):
    vault, _ = Vault.create(tmp_path / "vault", PASSWORD)
    services.import_file(vault, _write_shop(tmp_path / "shop.csv"))
    yield vault
    vault.lock()


def test_a_generated_shop_lists_its_postage_and_adjustment_lines(shop_vault):
    found = {r["sku"]: r for r in services.service_lines(shop_vault)}
    assert set(found) == {"YF", "ADJ"}
    assert found["YF"]["lines"] == 400 and found["YF"]["reason"] == "name"


def test_the_users_choice_wins_over_detection_and_is_audited(shop_vault):
    services.set_product_kind(shop_vault, "YF", "merchandise")
    services.set_product_kind(shop_vault, "SKU1", "service")
    found = {r["sku"]: r["reason"] for r in services.service_lines(shop_vault)}
    assert found == {"ADJ": "name", "SKU1": "set_by_user"}
    entry = shop_vault.audit_entries(1)[0]
    assert entry["event"] == "settings_changed" and entry["details"]["setting"] == "product_kinds"
    assert "YF" not in str(entry["details"]) and "SKU1" not in str(entry["details"])


def test_an_unknown_code_or_kind_is_a_clear_error(shop_vault):
    from persona_desktop.core.errors import InvalidSetting
    with pytest.raises(InvalidSetting):
        services.set_product_kind(shop_vault, "NOPE", "service")
    with pytest.raises(InvalidSetting):
        services.set_product_kind(shop_vault, "YF", "gift")


def test_cli_lists_and_sets_service_lines(shop_vault, tmp_path):
    import json
    import os
    import subprocess
    import sys
    folder = shop_vault.paths.folder
    shop_vault.lock()
    env = dict(os.environ, PERSONA_PASSWORD=PASSWORD, PERSONA_HOME=str(tmp_path / "home"))
    run = [sys.executable, "-m", "persona_desktop.cli"]
    done = subprocess.run(run + ["products", "--service", "--json", "--vault", str(folder)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {r["sku"] for r in json.loads(done.stdout)["service_lines"]} == {"YF", "ADJ"}
    done = subprocess.run(run + ["--lang", "zh", "products", "--set", "ADJ=merchandise",
                                 "--vault", str(folder)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ADJ 已设为 merchandise" in done.stdout and "1 个商品编码" in done.stdout


def test_postage_and_adjustments_stay_out_of_products_spend_and_recommendations(shop_vault):
    run = services.analyze(shop_vault)
    shop = run.meta["shop"]
    products = set(shop["breakdowns"]["product"]["data"]["label"])   # stored column-wise
    assert products and not products & {"运费", "调整"}
    # spend is the tea alone: 38.0 per unit, so every customer's spend is a multiple of 38
    spend = run.customers["monetary"].to_numpy()
    assert ((spend / 38.0) % 1 < 1e-9).all()
    services.predict(shop_vault)
    recommended = {p.name for p in services.recommend(shop_vault).products}
    assert recommended and not recommended & {"运费", "调整"}


def test_a_product_is_named_by_a_line_that_sells_it_not_by_an_adjustment(tmp_path):
    """Online Retail's 23200 first appears as a zero-price "mailout" row, then sells as JUMBO BAG
    PEARS: the product is called by its sale name, whichever chunk or import brings it."""
    first = tmp_path / "first.csv"
    first.write_text("订单编号,客户编号,商品编号,商品名称,数量,单价,下单时间\n"
                     "A1,C1,23200,mailout,100,0,2024-01-02 10:00:00\n"
                     "A2,C1,23300,Teapot,1,20,2024-01-02 10:00:00\n", encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text("订单编号,客户编号,商品编号,商品名称,数量,单价,下单时间\n"
                      "B1,C2,23200,JUMBO BAG PEARS,2,1.65,2024-02-02 10:00:00\n"
                      "B2,C2,23300,mailout,50,0,2024-02-02 10:00:00\n", encoding="utf-8")
    vault, _ = Vault.create(tmp_path / "vault", PASSWORD)
    try:
        services.import_file(vault, first)
        services.import_file(vault, second)
        with vault.reader() as conn:
            names = dict(conn.execute("SELECT sku, name FROM products").fetchall())
    finally:
        vault.lock()
    assert names == {"23200": "JUMBO BAG PEARS", "23300": "Teapot"}
