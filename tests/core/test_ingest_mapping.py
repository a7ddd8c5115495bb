"""Column roles from headers and values (core/ingest/mapping.py, regions.py)."""
from __future__ import annotations

import gzip

import pandas as pd
import pytest

from persona_desktop.core.errors import MappingConflict, MappingIncomplete, UsageError
from persona_desktop.core.ingest import regions
from persona_desktop.core.ingest.detect import detect_roles
from persona_desktop.core.ingest.mapping import (
    EVIDENCE, ROLES, header_role, header_signature, normalise_header, validate_mapping)
from tests.conftest import shared_data

ONLINE_RETAIL = {"InvoiceNo": "order_id", "StockCode": "product_id", "Description": "product_name",
                 "Quantity": "quantity", "InvoiceDate": "order_date", "UnitPrice": "unit_price",
                 "CustomerID": "customer_id", "Country": "country"}
TMALL = {"订单编号": "order_id", "总金额": "order_total", "买家实际支付金额": "amount_paid",
         "收货地址 ": "province", "订单创建时间": "order_date", "订单付款时间 ": "payment_time",
         "退款金额": "refund_amount"}
CDNOW = {"column_1": "customer_id", "column_2": "ignore", "column_3": "order_date",
         "column_4": "quantity", "column_5": "line_amount"}


def roles_of(frame: pd.DataFrame) -> dict[str, str]:
    return {g.column: g.role for g in detect_roles(list(frame.columns), frame)}


def test_role_table_is_complete_and_bilingual():
    expected = ("customer_id name email phone address postcode city province country gender "
                "birth_date age signup_date order_id order_date payment_time product_id product_name "
                "category quantity unit_price line_amount order_total amount_paid refund_amount "
                "discount channel consent_email consent_sms opt_out free_text ignore").split()
    assert list(ROLES) == expected
    assert all(en and zh and en != zh for en, zh in ROLES.values())


@pytest.mark.parametrize("raw, expected", [
    ("ＩＤ", "id"), ("客户ＩＤ", "客户id"), ("收货地址 ", "收货地址"), (" Customer_ID ", "customer id"),
    ("Order-Date", "order date"), ("unit__price", "unit price"), ("ＱＴＹ", "qty"), ("\u3000金额\u3000", "金额"),
])
def test_normalise_header(raw, expected):
    assert normalise_header(raw) == expected


@pytest.mark.parametrize("role, headers", [
    ("customer_id", "客户ID 客户编号 会员号 会员ID 用户ID 买家ID 顾客 客户 客户ＩＤ|customer id|CustomerID|cust_id|"
                    "member id|user id|ＩＤ"),
    ("name", "姓名 名字 收货人 客户姓名|name|full name|Customer Name"),
    ("phone", "手机号 手机 电话 联系电话|mobile|phone|tel"),
    ("email", "邮箱 电子邮件|email|e-mail|E_Mail"),
    ("address", "收货地址 地址 详细地址|address"),
    ("postcode", "邮编|postcode|zip"), ("province", "省份 省|province|state"), ("city", "城市 市|city"),
    ("country", "国家|country"), ("gender", "性别|gender|sex"),
    ("birth_date", "生日 出生日期|birthday|dob|birth date"), ("age", "年龄|age"),
    ("signup_date", "注册时间 注册日期|signup date"),
    ("order_id", "订单编号 订单号 订单ID|invoice|InvoiceNo|order id|order number"),
    ("order_date", "下单时间 订单创建时间 创建时间 订单日期|InvoiceDate|order date|date"),
    ("payment_time", "付款时间 订单付款时间 支付时间|payment time|paid at"),
    ("product_id", "商品编号 货号|SKU|StockCode|product id"),
    ("product_name", "商品 商品名称 宝贝标题|description|product name|item"),
    ("category", "类别 品类 类目 分类|category"), ("quantity", "数量 购买数量|qty|quantity"),
    ("unit_price", "单价 价格|unit price|UnitPrice|price"),
    ("line_amount", "金额 小计|line amount|subtotal"),
    ("order_total", "总金额 订单金额|order total|total amount"),
    ("amount_paid", "实付金额 买家实际支付金额 实付|amount paid|paid"),
    ("refund_amount", "退款金额|refund"), ("discount", "优惠 折扣|discount"),
    ("channel", "渠道 来源 平台|channel|source"),
    ("free_text", "备注 留言 买家留言|note|comment|free text"),
])
def test_header_synonyms_in_english_and_chinese(role, headers):
    # "|" separates synonyms; Chinese ones are also separated by spaces
    for chunk in headers.split("|"):
        names = chunk.split(" ") if not chunk.isascii() else [chunk]
        for header in names:
            found = header_role(header)
            assert found is not None and found[0] == role, (header, found)


@pytest.mark.parametrize("header, role", [
    ("收货人手机号", "phone"), ("订单金额(元)", "order_total"), ("Billing City", "city"),
    ("Lineitem quantity", "quantity"), ("Price [CNY]", "unit_price"), ("买家会员名", "customer_id"),
])
def test_partial_headers_match_on_their_head_noun(header, role):
    assert header_role(header)[0] == role


def test_generated_headers_of_headerless_files_say_nothing():
    for header in ("column_1", "Unnamed: 0", "col3", "0", ""):
        assert header_role(header) is None


def test_online_retail_headers_and_values():
    frame = pd.DataFrame({
        "InvoiceNo": ["536365", "536365", "C536379", "536366"],
        "StockCode": ["85123A", "71053", "D", "22633"],
        "Description": ["WHITE HANGING HEART T-LIGHT HOLDER", "WHITE METAL LANTERN", "Discount",
                        "HAND WARMER UNION JACK"],
        "Quantity": ["6", "6", "-1", "6"],
        "InvoiceDate": ["2010-12-01 08:26:00"] * 2 + ["2010-12-01 09:41:00", "2010-12-01 08:28:00"],
        "UnitPrice": ["2.55", "3.39", "27.5", "1.85"],
        "CustomerID": ["17850.0", "17850.0", "", "17850.0"],
        "Country": ["United Kingdom"] * 4})
    assert roles_of(frame) == ONLINE_RETAIL


def tmall_sample() -> pd.DataFrame:
    provinces = ["上海", "内蒙古自治区", "安徽省", "湖南省", "北京", "广西壮族自治区", "新疆维吾尔自治区", "广东省"]
    return pd.DataFrame({
        "订单编号": [str(i) for i in range(1, 9)],
        "总金额": ["178.8", "21.0", "37.0", "157.0", "64.8", "327.7", "357.0", "53.0"],
        "买家实际支付金额": ["0.0", "21.0", "0.0", "157.0", "0.0", "148.9", "357.0", "53.0"],
        "收货地址 ": provinces,
        "订单创建时间": [f"2020-02-21 00:0{i}:00" for i in range(8)],
        "订单付款时间 ": ["", "2020-02-21 00:00:02", "", "2020-02-20 23:58:44", "", "2020-02-20 23:56:53",
                     "2020-02-20 23:56:40", ""],
        "退款金额": ["0.0", "0.0", "0.0", "0.0", "64.8", "178.8", "0.0", "0.0"]})


def test_tmall_headers_with_province_values_give_province_not_address():
    guesses = detect_roles(list(tmall_sample().columns), tmall_sample())
    assert {g.column: g.role for g in guesses} == TMALL
    province = next(g for g in guesses if g.column == "收货地址 ")
    assert province.evidence_code == "values_province"
    assert "address" in dict(province.alternatives)  # still offered in the wizard


def test_real_addresses_stay_addresses_and_city_columns_are_cities():
    frame = pd.DataFrame({
        "收货地址": ["广东省深圳市南山区科技园路1号", "北京市朝阳区建国路88号", "上海市浦东新区世纪大道100号3栋"],
        "城市": ["广州", "深圳市", "杭州"],
        "地址": ["苏州", "无锡市", "南京"]})
    assert roles_of(frame) == {"收货地址": "address", "城市": "city", "地址": "ignore"}


def test_full_width_headers():
    frame = pd.DataFrame({"客户ＩＤ": ["A1", "A2"], "ｅｍａｉｌ": ["a@x.cn", "b@y.com"]})
    assert roles_of(frame) == {"客户ＩＤ": "customer_id", "ｅｍａｉｌ": "email"}
    assert roles_of(pd.DataFrame({"ＩＤ": ["1", "2"]})) == {"ＩＤ": "customer_id"}


def test_roles_from_values_alone():
    frame = pd.DataFrame({
        "column_1": ["a@example.com", "li.lei@qq.com", "WANG@163.COM", "x@y.org"],
        "column_2": ["138 1234 5678", "+86 139-1234-5678", "13712345678", "(+86) 186 0000 1111"],
        "column_3": ["男", "女", "女", "男"],
        "column_4": ["浙江省", "江苏", "广东省", "北京市"],
        "column_5": ["20200101", "20200215", "20200301", "20200302"],
        "column_6": ["C536379", "536365", "536366", "536367"],
        "column_7": ["2", "1", "3", "1"],
        "column_8": ["19.99", "5.5", "120.00", "3.25"]})
    assert roles_of(frame) == {"column_1": "email", "column_2": "phone", "column_3": "gender",
                               "column_4": "province", "column_5": "order_date",
                               "column_6": "order_id", "column_7": "quantity", "column_8": "line_amount"}


def test_cdnow_like_headerless_file():
    frame = pd.DataFrame({
        "column_1": ["00004", "00004", "00018", "00021", "00021", "00050"],
        "column_2": ["0001", "0001", "0002", "0003", "0003", "0004"],
        "column_3": ["19970101", "19970118", "19970102", "19970101", "19970113", "19970101"],
        "column_4": ["2", "2", "1", "3", "1", "1"],
        "column_5": ["29.33", "29.73", "14.96", "63.34", "11.77", "13.97"]})
    guesses = {g.column: g for g in detect_roles(list(frame.columns), frame)}
    assert {c: g.role for c, g in guesses.items()} == CDNOW
    assert guesses["column_2"].evidence_code == "duplicate_key"


def test_each_role_goes_to_one_column_only():
    frame = pd.DataFrame({"金额": ["1.50", "2.00"], "小计": ["1.50", "2.00"], "备注": ["a", "b"],
                          "留言": ["c", "d"]})
    roles = roles_of(frame)
    assert sorted(roles.values()) == ["free_text", "free_text", "ignore", "line_amount"]
    assert all(code in EVIDENCE for g in detect_roles(list(frame), frame) for code in [g.evidence_code])


def test_header_is_distrusted_when_the_values_disagree():
    frame = pd.DataFrame({"数量": ["红色", "蓝色", "绿色"], "qty": ["1", "2", "1"]})
    assert roles_of(frame) == {"数量": "ignore", "qty": "quantity"}


def test_guess_fields():
    g = detect_roles(["Email"], pd.DataFrame({"Email": ["a@b.cn", "c@d.com"]}))[0]
    assert (g.column, g.role, g.evidence_code) == ("Email", "email", "header_and_values")
    assert 0 < g.confidence <= 1


# --- validate_mapping ------------------------------------------------------------------------

def test_order_file_needs_a_date_and_an_amount():
    assert validate_mapping({"d": "order_date", "t": "order_total", "x": "ignore", "y": "ignore"}) == "orders"
    assert validate_mapping({"d": "order_date", "p": "unit_price", "q": "quantity"}) == "orders"
    with pytest.raises(MappingIncomplete) as err:
        validate_mapping({"o": "order_id", "p": "unit_price"})
    assert "order_date" in err.value.fields["roles"] and "unit_price+quantity" in err.value.fields["roles"]
    assert "Order date" in err.value.message("en")
    assert "下单时间" in err.value.message("zh") and "单价+数量" in err.value.message("zh")


def test_customer_file_needs_an_identifier():
    assert validate_mapping({"m": "email", "g": "gender"}) == "customers"
    with pytest.raises(MappingIncomplete) as err:
        validate_mapping({"g": "gender", "c": "city"})
    assert set(err.value.fields["roles"]) == {"customer_id", "email", "phone", "name"}
    with pytest.raises(MappingIncomplete):
        validate_mapping({"m": "email"}, shape_hint="orders")


def test_a_role_on_two_columns_is_refused_and_unknown_roles_too():
    with pytest.raises(MappingConflict) as err:
        validate_mapping({"a": "email", "b": "email"})
    assert "a, b" in err.value.message("en") and "邮箱" in err.value.message("zh")
    with pytest.raises(UsageError):
        validate_mapping({"a": "shoe_size"})


def test_header_signature_ignores_width_case_and_spacing_but_not_order():
    sig = header_signature(["Customer_ID", "收货地址 ", "金额"])
    assert sig == header_signature(["customer id", "收货地址", "金额"])
    assert sig == header_signature(["ＣＵＳＴＯＭＥＲ－ＩＤ", "收货地址", "金额"])
    assert sig != header_signature(["金额", "customer id", "收货地址"])
    assert len(sig) == 64 and int(sig, 16) >= 0


# --- regions -------------------------------------------------------------------------------------

def test_all_34_provinces_with_and_without_suffix():
    assert len(regions.PROVINCES) == 34
    full = [p[0] for p in regions.PROVINCES]
    short = [p[1] for p in regions.PROVINCES]
    assert regions.canonical_province(pd.Series(full)).tolist() == full
    assert regions.canonical_province(pd.Series(short)).tolist() == full
    assert regions.canonical_province(pd.Series(["广西自治区", " 上海 ", "Guangdong", "广州"])).tolist() == \
        ["广西壮族自治区", "上海市", "广东省", None]


def test_major_cities_and_regions_from_addresses():
    assert len(regions.CITIES) >= 100
    assert regions.canonical_city(pd.Series(["广州", "广州市", "浙江省"])).tolist() == ["广州市", "广州市", None]
    from persona_desktop.core.privacy.generalize import region_from_address
    got = region_from_address(pd.Series(["广东省深圳市南山区科技园路1号", "北京市朝阳区建国路88号",
                                                 "深圳市福田区", "no idea", None]))
    assert got["province"].tolist()[:3] == ["广东省", "北京市", "广东省"]
    assert got["city"].tolist()[:3] == ["深圳市", "北京市", "深圳市"]
    assert got.iloc[3:].isna().all().all()


# --- acceptance on the real files ---------------------------------------------------------------

def _read(path, **kw) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, nrows=2000, **kw)


@pytest.mark.acceptance
def test_online_retail_file_roles_without_help():
    path = shared_data("online_retail", "online_retail_2010_2011.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        assert roles_of(_read(fh)) == ONLINE_RETAIL


@pytest.mark.acceptance
def test_tmall_file_roles_without_help():
    frame = _read(shared_data("chinese", "tmall_order_report.csv"), encoding="utf-8")
    assert roles_of(frame) == TMALL


@pytest.mark.acceptance
def test_cdnow_headerless_file_roles_without_help():
    frame = _read(shared_data("cdnow", "CDNOW_sample.txt"), sep=r"\s+", header=None,
                  names=[f"column_{i}" for i in range(1, 6)])
    assert roles_of(frame) == CDNOW
