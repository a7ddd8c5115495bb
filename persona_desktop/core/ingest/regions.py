"""Chinese provinces and major cities as data, plus vectorised lookups over them.

Used twice: column-role detection (a column holding only province or city names is a region, a
quasi-identifier, not a street address: privacy.md A4) and generalisation of full addresses to
city/province for analytics (privacy/generalize.py can reuse ``region_from_address``).

The lists are deliberately plain data: 34 provincial-level divisions (with their short forms and
pinyin, since English exports write "Guangdong") and ~170 prefecture-level cities (the largest by
population, each with its province). Smaller cities fall back to "province only", which is the
coarser, safer generalisation anyway.
"""
from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

# (full name, short name, pinyin). Order follows the national standard GB/T 2260.
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("北京市", "北京", "beijing"), ("天津市", "天津", "tianjin"), ("河北省", "河北", "hebei"),
    ("山西省", "山西", "shanxi"), ("内蒙古自治区", "内蒙古", "inner mongolia"),
    ("辽宁省", "辽宁", "liaoning"), ("吉林省", "吉林", "jilin"), ("黑龙江省", "黑龙江", "heilongjiang"),
    ("上海市", "上海", "shanghai"), ("江苏省", "江苏", "jiangsu"), ("浙江省", "浙江", "zhejiang"),
    ("安徽省", "安徽", "anhui"), ("福建省", "福建", "fujian"), ("江西省", "江西", "jiangxi"),
    ("山东省", "山东", "shandong"), ("河南省", "河南", "henan"), ("湖北省", "湖北", "hubei"),
    ("湖南省", "湖南", "hunan"), ("广东省", "广东", "guangdong"),
    ("广西壮族自治区", "广西", "guangxi"), ("海南省", "海南", "hainan"), ("重庆市", "重庆", "chongqing"),
    ("四川省", "四川", "sichuan"), ("贵州省", "贵州", "guizhou"), ("云南省", "云南", "yunnan"),
    ("西藏自治区", "西藏", "tibet"), ("陕西省", "陕西", "shaanxi"), ("甘肃省", "甘肃", "gansu"),
    ("青海省", "青海", "qinghai"), ("宁夏回族自治区", "宁夏", "ningxia"),
    ("新疆维吾尔自治区", "新疆", "xinjiang"), ("台湾省", "台湾", "taiwan"),
    ("香港特别行政区", "香港", "hong kong"), ("澳门特别行政区", "澳门", "macau"),
)

# Prefecture-level cities (short name) by province short name: the largest ~170 by population.
# The four municipalities and the two SARs are cities as well as provinces.
_CITIES_BY_PROVINCE: dict[str, str] = {
    "北京": "北京", "天津": "天津", "上海": "上海", "重庆": "重庆", "香港": "香港", "澳门": "澳门",
    "广东": "广州 深圳 东莞 佛山 珠海 中山 惠州 江门 汕头 湛江 肇庆 茂名 揭阳 梅州 清远 韶关 潮州 阳江 "
            "河源 云浮 汕尾",
    "江苏": "南京 苏州 无锡 常州 南通 徐州 扬州 盐城 泰州 镇江 淮安 连云港 宿迁",
    "浙江": "杭州 宁波 温州 嘉兴 绍兴 金华 台州 湖州 丽水 衢州 舟山",
    "山东": "济南 青岛 烟台 潍坊 临沂 淄博 济宁 泰安 威海 德州 聊城 滨州 菏泽 枣庄 日照 东营",
    "河南": "郑州 洛阳 南阳 新乡 商丘 周口 驻马店 信阳 开封 安阳 平顶山 焦作 许昌 濮阳 漯河 三门峡",
    "河北": "石家庄 唐山 保定 邯郸 廊坊 沧州 邢台 秦皇岛 张家口 承德 衡水",
    "四川": "成都 绵阳 德阳 宜宾 南充 泸州 乐山 达州 自贡 内江 遂宁 眉山 广安",
    "湖北": "武汉 宜昌 襄阳 荆州 黄冈 孝感 十堰 荆门 黄石",
    "湖南": "长沙 株洲 湘潭 衡阳 岳阳 常德 郴州 邵阳 益阳 永州 娄底 怀化",
    "福建": "福州 厦门 泉州 漳州 莆田 宁德 龙岩 三明 南平",
    "安徽": "合肥 芜湖 蚌埠 阜阳 安庆 马鞍山 淮南 六安 滁州 宿州 亳州",
    "江西": "南昌 赣州 九江 上饶 宜春 吉安 抚州",
    "辽宁": "沈阳 大连 鞍山 抚顺 锦州 营口 丹东",
    "吉林": "长春 吉林 四平",
    "黑龙江": "哈尔滨 大庆 齐齐哈尔 牡丹江 佳木斯",
    "陕西": "西安 宝鸡 咸阳 榆林 渭南 汉中",
    "山西": "太原 大同 运城 长治 临汾 晋中",
    "云南": "昆明 曲靖 玉溪",
    "贵州": "贵阳 遵义 毕节",
    "广西": "南宁 柳州 桂林 玉林 北海 梧州",
    "海南": "海口 三亚",
    "甘肃": "兰州 天水",
    "内蒙古": "呼和浩特 包头 鄂尔多斯 赤峰",
    "新疆": "乌鲁木齐",
    "宁夏": "银川",
    "青海": "西宁",
    "西藏": "拉萨",
    "台湾": "台北 高雄 台中",
}

_SHORT_TO_FULL = {short: full for full, short, _ in PROVINCES}
CITIES: tuple[tuple[str, str], ...] = tuple(
    (city, _SHORT_TO_FULL[prov]) for prov, names in _CITIES_BY_PROVINCE.items() for city in names.split())


def _key(text: str) -> str:
    """Compare names without width, case or spacing differences ("上海 " == "上海")."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _province_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for full, short, pinyin in PROVINCES:
        spellings = [full, short, pinyin, pinyin + " province"]
        if full.endswith("省"):
            spellings.append(short + "省")
        if full.endswith("自治区"):
            spellings.append(short + "自治区")  # "广西自治区": the ethnic part is often dropped
        for alias in spellings:
            aliases[_key(alias)] = full
    return aliases


def _city_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for city, _province in CITIES:
        aliases[_key(city)] = city + "市" if city not in ("香港", "澳门") else city
        aliases[_key(city + "市")] = aliases[_key(city)]
    return aliases


PROVINCE_ALIASES: dict[str, str] = _province_aliases()  # any spelling -> full official name
CITY_ALIASES: dict[str, str] = _city_aliases()  # "广州" / "广州市" -> "广州市"
CITY_PROVINCE: dict[str, str] = {
    (c + "市" if c not in ("香港", "澳门") else c): p for c, p in CITIES}


def _lookup(series: pd.Series, table: dict[str, str]) -> pd.Series:
    """Map each value through ``table`` after normalising; work on unique values (few regions,
    millions of rows)."""
    values = series.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([table.get(_key(u)) if isinstance(u, str) else None for u in uniques] + [None],
                      dtype=object)
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def canonical_province(series: pd.Series) -> pd.Series:
    """Full official province name ("广东" -> "广东省"), or None when the value is not a province."""
    return _lookup(series, PROVINCE_ALIASES)


def canonical_city(series: pd.Series) -> pd.Series:
    """City name with 市 ("广州" -> "广州市"), or None when it is not one of the listed cities."""
    return _lookup(series, CITY_ALIASES)
