"""Generalisation of quasi-identifiers (privacy.md A4): age bands, postcode prefixes, province/city."""
from __future__ import annotations

import logging
import time

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.privacy.generalize import (AGE_BANDS, age_band, age_band_from_age,
                                                     canonical_province, postcode_prefix,
                                                     region_from_address)
from tests.conftest import shared_data

AS_OF = pd.Timestamp("2024-06-15")


def born_years_ago(years: int, days_later: int = 0) -> pd.Timestamp:
    return AS_OF - pd.DateOffset(years=years) + pd.Timedelta(days=days_later)


# --- age bands -------------------------------------------------------------------------------------
@pytest.mark.parametrize("age, band, below", [(18, "18-24", "<18"), (25, "25-34", "18-24"),
                                              (35, "35-44", "25-34"), (45, "45-54", "35-44"),
                                              (55, "55-64", "45-54"), (65, "65+", "55-64")])
def test_age_band_changes_on_the_birthday_itself(age, band, below):
    births = pd.Series([born_years_ago(age), born_years_ago(age, days_later=1)])
    assert age_band(births, AS_OF).tolist() == [band, below]


def test_age_band_uses_the_injected_date_not_today():
    births = pd.Series(pd.to_datetime(["2000-06-15"]))
    assert age_band(births, "2018-06-14").tolist() == ["<18"]
    assert age_band(births, "2018-06-15").tolist() == ["18-24"]


def test_leap_day_birthday_counts_from_march_first_in_common_years():
    births = pd.Series(pd.to_datetime(["2004-02-29"]))
    assert age_band(births, "2022-02-28").tolist() == ["<18"]
    assert age_band(births, "2022-03-01").tolist() == ["18-24"]


def test_missing_stays_missing_and_impossible_ages_are_counted(caplog):
    births = pd.Series(pd.to_datetime(["1990-01-01", None, "2030-01-01", "1900-01-01", "1914-06-15",
                                       "1914-06-16"]), index=list("abcdef"))
    with caplog.at_level(logging.INFO, logger="persona_desktop"):
        bands = age_band(births, AS_OF)
    # born in the future and 124 years old: impossible; exactly 110 is kept; 109 too.
    assert bands.tolist() == ["25-34", None, None, None, "65+", "65+"]
    assert bands.attrs["impossible"] == 2
    assert list(bands.index) == list("abcdef")
    assert "2 impossible" in caplog.text and "1900" not in caplog.text


def test_age_band_accepts_timezone_aware_dates():
    births = pd.Series(pd.to_datetime(["1990-06-15 23:30"]).tz_localize("Asia/Shanghai"))
    assert age_band(births, AS_OF).tolist() == ["25-34"]


def test_age_band_from_age():
    ages = pd.Series([0, 17, 17.9, 18, 24, 25, 34.5, 35, 64, 65, 110, 111, -1, None, np.nan, "30"])
    bands = age_band_from_age(ages)
    assert bands.tolist() == ["<18", "<18", "<18", "18-24", "18-24", "25-34", "25-34", "35-44",
                              "55-64", "65+", "65+", None, None, None, None, "25-34"]
    assert bands.attrs["impossible"] == 2
    assert set(bands.dropna()) <= set(AGE_BANDS)


# --- postcodes -------------------------------------------------------------------------------------
@pytest.mark.parametrize("code, country, expected", [
    ("518057", "CN", "518"), ("100 020", "中国", "100"), ("10010", "CN", "010"), ("51805", "CN", "051"),
    ("5180571", "CN", None), ("SW1A 1AA", "GB", "SW1A"), ("sw1a1aa", "UK", "SW1A"),
    ("M1 1AE", "GB", "M1"), ("EC1A", "GB", "EC1A"), ("12345", "GB", None),
    ("94105", "US", "941"), ("94105-1234", "USA", "941"), ("2134", "US", "021"), ("03601", "US", "000"),
    ("ABCDE", "US", None), ("75008", "FR", "75"), ("1234 AB", "NL", "12"), ("12", "DE", None),
])
def test_postcode_prefix_per_country(code, country, expected):
    assert postcode_prefix(pd.Series([code]), country).tolist() == [expected]


def test_postcode_prefix_infers_the_format_when_no_country_is_known():
    codes = pd.Series(["518057", "SW1A 1AA", "94105-1234", "1234 AB", None, "", "518057"])
    assert postcode_prefix(codes, None).tolist() == ["518", "SW1A", "941", "12", None, None, "518"]


def test_postcode_prefix_with_a_country_per_row():
    codes = pd.Series(["10010", "SW1A 1AA", "2134", "75008"], index=[10, 11, 12, 13])
    countries = pd.Series(["CN", "United Kingdom", "US", "France"], index=[10, 11, 12, 13])
    result = postcode_prefix(codes, countries)
    assert result.tolist() == ["010", "SW1A", "021", "75"]
    assert list(result.index) == [10, 11, 12, 13]


# --- province and city from addresses ----------------------------------------------------------------
ADDRESSES = [
    ("广东省深圳市南山区科技园路1号", "广东省", "深圳市"),
    ("上海市浦东新区世纪大道100号", "上海市", "上海市"),
    ("内蒙古自治区呼和浩特市新城区新华大街", "内蒙古自治区", "呼和浩特市"),
    ("北京市朝阳区建国路88号SOHO现代城", "北京市", "北京市"),
    ("天津市和平区南京路189号", "天津市", "天津市"),
    ("重庆市渝中区民族路", "重庆市", "重庆市"),
    ("广西壮族自治区南宁市青秀区民族大道", "广西壮族自治区", "南宁市"),
    ("新疆维吾尔自治区乌鲁木齐市天山区", "新疆维吾尔自治区", "乌鲁木齐市"),
    ("西藏自治区拉萨市城关区北京中路", "西藏自治区", "拉萨市"),
    ("宁夏回族自治区银川市兴庆区", "宁夏回族自治区", "银川市"),
    ("内蒙古包头市昆都仑区", "内蒙古自治区", "包头市"),
    ("浙江省杭州市西湖区文三路", "浙江省", "杭州市"),
    ("江苏 南京市 鼓楼区 中山路", "江苏省", "南京市"),
    ("四川省 成都市 武侯区", "四川省", "成都市"),
    ("湖北武汉洪山区珞喻路", "湖北省", "武汉市"),
    ("广东中山市石岐区", "广东省", "中山市"),
    ("安徽合肥蜀山区", "安徽省", "合肥市"),
    ("中国广东省广州市天河区体育西路", "广东省", "广州市"),
    ("518057 广东省深圳市南山区", "广东省", "深圳市"),
    ("深圳市南山区粤海街道", "广东省", "深圳市"),
    ("上海 上海市 浦东新区", "上海市", "上海市"),
    ("北京 北京市 海淀区", "北京市", "北京市"),
    ("黑龙江省哈尔滨市南岗区", "黑龙江省", "哈尔滨市"),
    ("吉林省吉林市船营区", "吉林省", "吉林市"),
    ("吉林省长春市朝阳区", "吉林省", "长春市"),
    ("山东省青岛市市南区香港中路", "山东省", "青岛市"),
    ("福建省厦门市思明区", "福建省", "厦门市"),
    ("海南省三亚市天涯区", "海南省", "三亚市"),
    ("云南省昆明市五华区", "云南省", "昆明市"),
    ("陕西省西安市雁塔区", "陕西省", "西安市"),
    ("辽宁省大连市中山区人民路", "辽宁省", "大连市"),
    ("河南省郑州市金水区", "河南省", "郑州市"),
    ("青海省西宁市城中区", "青海省", "西宁市"),
    ("甘肃省兰州市城关区", "甘肃省", "兰州市"),
    ("广东省\u3000深圳市\u3000福田区", "广东省", "深圳市"),
    ("香港特别行政区九龙尖沙咀", "香港特别行政区", "香港"),
    # Province certain, city not: a county-level city, and a city of another province.
    ("江苏省昆山市玉山镇", "江苏省", None),
    ("广东省杭州市西湖区", "广东省", None),
]


@pytest.mark.parametrize("address, province, city", ADDRESSES)
def test_region_from_chinese_address(address, province, city):
    result = region_from_address(pd.Series([address]))
    assert result.iloc[0].tolist() == [province, city]


@pytest.mark.parametrize("address", [
    "南京路100号", "中山路1号", "北京路10号", "西藏中路120号", "四川北路1号", "朝阳区建国路88号",
    "221B Baker Street, London NW1 6XE", "No. 1 Keji Road, Nanshan District, Shenzhen, Guangdong",
    "1600 Amphitheatre Pkwy, Mountain View, CA", "", "   "])
def test_streets_named_after_places_and_latin_addresses_give_nothing(address):
    assert region_from_address(pd.Series([address])).iloc[0].tolist() == [None, None]


def test_region_from_address_keeps_index_and_missing_rows():
    s = pd.Series(["广东省深圳市南山区", None, pd.NA, "上海市黄浦区"], index=[5, 6, 7, 8], dtype=object)
    result = region_from_address(s)
    assert list(result.columns) == ["province", "city"] and list(result.index) == [5, 6, 7, 8]
    assert result["province"].tolist() == ["广东省", None, None, "上海市"]


def test_region_extraction_on_500k_addresses_takes_seconds():
    base = [a for a, _p, _c in ADDRESSES]
    addresses = pd.Series([f"{base[i % len(base)]}{i}号" for i in range(500_000)])
    start = time.perf_counter()
    result = region_from_address(addresses)
    print(f"\nregion_from_address: 500,000 distinct addresses in {time.perf_counter() - start:.2f} s")
    assert result["province"].notna().all()


# --- canonical province names ------------------------------------------------------------------------
def test_canonical_province():
    values = pd.Series(["广东", "广东省", " 广东省 ", "上海", "北京", "内蒙古", "广西", "Guangdong",
                        "England", "California", "广东省深圳市南山区", "Room 3, 12 Keji Road", None, ""])
    assert canonical_province(values).tolist() == [
        "广东省", "广东省", "广东省", "上海市", "北京市", "内蒙古自治区", "广西壮族自治区", "广东省",
        "England", "California", "广东省", None, None, None]


@pytest.mark.acceptance
def test_tmall_addresses_all_map_to_official_province_names():
    frame = pd.read_csv(shared_data("chinese", "tmall_order_report.csv"), dtype=str)
    provinces = canonical_province(frame["收货地址 "])
    assert provinces.notna().all()
    assert provinces.nunique() == 31
    assert (provinces == "上海市").sum() == 3353 and (provinces == "北京市").sum() == 2054
    assert region_from_address(frame["收货地址 "])["province"].equals(provinces)
