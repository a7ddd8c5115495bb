"""Generalise quasi-identifiers before they reach the analytics tables (privacy.md A4).

Birth date, postcode and street address are each harmless-looking, but together they single people
out: 87% of Americans are unique on ZIP + sex + birth date (Sweeney 2000). Analytics needs none of
the detail, so only coarse forms are kept in vault.db:

* birth date or age -> a ten-year-ish age band (``AGE_BANDS``);
* postcode -> a prefix (``postcode_prefix``: CN first 3 digits, UK outward code, US ZIP3);
* full address -> province and city (``region_from_address``); the address itself is an identifier
  and goes to identity.db only.

Everything here is vectorised and works once per distinct value (a customer's postcode and address
repeat on every order row). Missing stays missing; values that cannot be right (a birth date in the
future, an age of 140) become missing too, and the count goes to the import report, never the value.
The Chinese region names come from ``core/ingest/regions.py`` (one list for the whole app).
"""
from __future__ import annotations

import logging
import re
import unicodedata

import numpy as np
import pandas as pd

from ..ingest import regions
from .pseudonymize import spread, unique_values

log = logging.getLogger(__name__)

# --- age ------------------------------------------------------------------------------------------
AGE_BANDS = ("<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
_AGE_EDGES = np.array([18, 25, 35, 45, 55, 65])  # lower bound of every band after the first
MAX_AGE = 110  # older than the oldest living people: a typo (1905 for 1995) or a placeholder date


def _bands(age: np.ndarray, index, what: str) -> pd.Series:
    """Whole-year ages (float, NaN = missing) -> band labels; impossible ages -> missing, counted
    in ``result.attrs["impossible"]`` for the import report."""
    impossible = (age < 0) | (age > MAX_AGE)
    usable = ~np.isnan(age) & ~impossible
    labels = np.array(AGE_BANDS, dtype=object)[np.searchsorted(_AGE_EDGES, np.where(usable, age, 0),
                                                                side="right")]
    result = pd.Series(np.where(usable, labels, None), index=index, dtype=object)
    result.attrs["impossible"] = int(impossible.sum())
    if result.attrs["impossible"]:
        log.info("%d impossible %s left without an age band", result.attrs["impossible"], what)
    return result


def age_band(birth_dates: pd.Series, as_of) -> pd.Series:
    """Age band on ``as_of`` (injected, never "now": analyses and tests must be reproducible).

    Age is counted in completed years, the way people state it: someone born 2000-06-15 is 17 on
    2018-06-14 and 18 on 2018-06-15. A 29 February birthday counts from 1 March in common years.
    Birth dates after ``as_of`` or more than ``MAX_AGE`` years before it give missing, counted in
    ``result.attrs["impossible"]``."""
    births = pd.to_datetime(birth_dates, errors="coerce")
    if getattr(births.dt, "tz", None) is not None:
        births = births.dt.tz_localize(None)
    as_of = pd.Timestamp(as_of)
    # Month*100+day compares "has the birthday come yet this year" without building dates.
    birthday_pending = (births.dt.month * 100 + births.dt.day) > (as_of.month * 100 + as_of.day)
    age = (as_of.year - births.dt.year - birthday_pending.astype(float)).to_numpy(dtype=float,
                                                                                  na_value=np.nan)
    return _bands(age, birth_dates.index, "birth dates")


def age_band_from_age(ages: pd.Series) -> pd.Series:
    """Age band from a stated age (numbers or numeric text; 24.9 is 24). Negative or > ``MAX_AGE``
    give missing, counted in ``result.attrs["impossible"]``."""
    age = np.floor(pd.to_numeric(ages, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    return _bands(age, ages.index, "ages")


# --- postcode -------------------------------------------------------------------------------------
# Why these prefixes: a Chinese postcode's first 2 digits are the province and the 3rd the postal zone
# (roughly a prefecture: 518 = Shenzhen), the 4th already narrows to a county, so 3 is the most we
# keep. A UK outward code ("SW1A") is a postal district of ~10k households; the inward part narrows
# to ~15 addresses. A US ZIP3 is the HIPAA Safe Harbor generalisation, including its rule that ZIP3s
# with 20,000 people or fewer become "000" (HHS de-identification guidance, 2000 Census list below).
# Anything else keeps 2 characters: coarse for every scheme we know (DE/FR 5 digits, NL "1234 AB").
_US_SMALL_ZIP3 = frozenset("036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893".split())
_UK_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)(?:[0-9][A-Z]{2})?")
_US_ZIP = re.compile(r"([0-9]{5})(?:-?[0-9]{4})?")
_COUNTRY_ALIASES = {
    "CN": "CN", "CHN": "CN", "CHINA": "CN", "PRC": "CN", "中国": "CN", "中华人民共和国": "CN",
    "GB": "GB", "UK": "GB", "GBR": "GB", "UNITED KINGDOM": "GB", "GREAT BRITAIN": "GB",
    "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB", "NORTHERN IRELAND": "GB", "英国": "GB",
    "US": "US", "USA": "US", "UNITED STATES": "US", "UNITED STATES OF AMERICA": "US", "美国": "US",
}


def _country(value) -> str | None:
    """"CN"/"GB"/"US", "" for any other stated country, None when not stated (infer per value)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = " ".join(unicodedata.normalize("NFKC", str(value)).split()).upper()
    return _COUNTRY_ALIASES.get(text, "") if text else None


def _prefix_one(value, country: str | None) -> str | None:
    if not isinstance(value, str):
        return None
    code = "".join(unicodedata.normalize("NFKC", value).split()).upper()
    if not code:
        return None
    if country == "CN" or (country is None and code.isdigit() and len(code) == 6):
        if code.isdigit() and len(code) == 5 and country == "CN":
            code = "0" + code  # 010010 (Hohhot) read as the number 10010
        return code[:3] if code.isdigit() and len(code) == 6 else None
    if country in ("GB", None):
        m = _UK_POSTCODE.fullmatch(code)
        if m and not code.isdigit():
            return m.group(1)
        if country == "GB":
            return None
    if country in ("US", None):
        if country == "US" and code.isdigit() and len(code) == 4:
            code = "0" + code  # 02134 (Boston) read as the number 2134
        m = _US_ZIP.fullmatch(code)
        if m:
            zip3 = m.group(1)[:3]
            return "000" if zip3 in _US_SMALL_ZIP3 else zip3
        if country == "US":
            return None
    alnum = "".join(ch for ch in code if ch.isalnum())
    return alnum[:2] if len(alnum) >= 3 else None  # shorter than 3: not a postcode we can trust


def postcode_prefix(series: pd.Series, country=None) -> pd.Series:
    """Generalised postcode: CN "518057" -> "518"; GB "SW1A 1AA" -> "SW1A"; US "94105-1234" -> "941"
    (or "000" for the sparsely populated ZIP3s); other countries -> first 2 characters.

    ``country`` is one value for the whole column ("CN", "UK", "中国" ...), a Series of per-row
    countries, or None to infer from the shape of each code (6 digits -> CN, a UK pattern -> GB,
    5 or 5+4 digits -> US-style first 3). Values that do not fit the country's format give missing,
    since a malformed "postcode" may be something else entirely (a phone number in the wrong column).
    """
    if not isinstance(country, pd.Series):
        return _prefix_series(series, _country(country))
    countries = country.reindex(series.index).map(_country)
    result = pd.Series(None, index=series.index, dtype=object)
    for c in pd.unique(countries.to_numpy(dtype=object)):
        mask = (countries.isna() if c is None else countries == c).to_numpy(dtype=bool)
        result[mask] = _prefix_series(series[mask], c).to_numpy(dtype=object)
    return result


def _prefix_series(series: pd.Series, country: str | None) -> pd.Series:
    codes, uniques = unique_values(series)
    return spread([_prefix_one(u if isinstance(u, str) else (None if u is None else str(u)), country)
                   for u in uniques], codes, series.index)


# --- provinces and cities --------------------------------------------------------------------------
def _trie_regex(words) -> str:
    """One regex for many literal names, as a character trie: Python's re tries alternatives one by
    one, and ~500 names x 500k addresses is too slow as a flat alternation. Greedy optional tails
    make the longest name win ("内蒙古自治区" over "内蒙古")."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _key(text: str) -> str:
    # The lookup key regions.py builds its alias tables with: no width, case or spacing differences.
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _city_name(short: str) -> str:
    return regions.CITY_ALIASES.get(_key(short), short)


_PROVINCE_SHORT = {short for _full, short, _py in regions.PROVINCES}
_PROVINCE_BY_NAME = {k: v for k, v in regions.PROVINCE_ALIASES.items() if not k.isascii()}
# Municipalities and SARs are a province and a city at once: "上海市浦东新区" -> 上海市 / 上海市.
# (吉林 is a province and also one of its cities, so "same short name" is not the test.)
_MUNICIPAL_CITY = {full: _city_name(short) for full, short, _py in regions.PROVINCES
                   if full.endswith(("市", "特别行政区"))}
_CITY_FULL = {_city_name(c): p for c, p in regions.CITIES}
# A city's short form ("深圳") is accepted only right after its province: alone at the start it is
# too often a street named after a city ("南京路", "中山路" exist in most Chinese towns).
_CITY_SHORT = {c: _city_name(c) for c, _p in regions.CITIES if c not in _PROVINCE_SHORT}
# Short names followed by these are streets, buildings or districts, not the place itself: Shanghai
# names its streets after provinces ("西藏中路", "四川北路"), and "朝阳区" is in Beijing, not 朝阳市.
_NOT_A_PLACE = (r"(?![东西南北中]?(?:路|街|大街|道|大道|巷|弄|里|胡同|区|县|旗|镇|乡|村|门|桥|广场|"
                r"花园|小区|大厦|公寓|饭店|酒店|宾馆))")
_ADDRESS_RE = re.compile(
    r"(?:中华人民共和国|中国|[0-9]{6})*"  # leading noise exports put before the province
    rf"(?:(?P<lead_city>{_trie_regex(_CITY_FULL)})"
    rf"|(?:(?P<prov_full>{_trie_regex(set(_PROVINCE_BY_NAME) - _PROVINCE_SHORT)})"
    rf"|(?P<prov_short>{_trie_regex(_PROVINCE_SHORT)}){_NOT_A_PLACE})"
    rf"(?:(?P<city_full>{_trie_regex(_CITY_FULL)})"
    rf"|(?P<city_short>{_trie_regex(_CITY_SHORT)}){_NOT_A_PLACE})?)")
# Separators between address parts ("广东省 深圳市", "广东-深圳").
_SEPARATORS = re.compile(r"[\s,，、/|·:：;；\-–—_()（）\[\]【】]+")


def _region_one(address) -> tuple[str | None, str | None]:
    if not isinstance(address, str):
        return None, None
    # Province and city are within the first few dozen characters; the rest is street detail.
    m = _ADDRESS_RE.match(_SEPARATORS.sub("", unicodedata.normalize("NFKC", address[:64])))
    if m is None:
        return None, None  # Latin script, a street only, or an unknown place: nothing we are sure of
    lead_city, prov_full, prov_short, city_full, city_short = m.groups()
    if lead_city:
        return _CITY_FULL[lead_city], lead_city
    province = _PROVINCE_BY_NAME[prov_full or prov_short]
    if province in _MUNICIPAL_CITY:
        return province, _MUNICIPAL_CITY[province]
    city = city_full or (city_short and _CITY_SHORT[city_short])
    if city and _CITY_FULL.get(city) != province:
        city = None  # "广东省杭州市": the two parts disagree, keep only the province the text states first
    return province, city or None


def region_from_address(series: pd.Series) -> pd.DataFrame:
    """``province`` and ``city`` columns from full Chinese addresses, None where not sure.

    "广东省深圳市南山区科技园路1号" -> 广东省 / 深圳市; "上海市浦东新区..." -> 上海市 / 上海市;
    "内蒙古自治区呼和浩特市..." -> 内蒙古自治区 / 呼和浩特市; "深圳市南山区..." -> 广东省 / 深圳市.
    Only the start of the address is read (Chinese addresses run from large to small), with spaces
    and separators ignored and a leading "中国" or postcode skipped. Latin-script addresses give
    missing: "Nanjing Road, Shanghai" would need a parser we cannot make precise, and a wrong city is
    worse than none. Cities missing from regions.py give the province only (coarser, still safe).
    """
    codes, uniques = unique_values(series)
    pairs = [_region_one(u) for u in uniques]
    return pd.DataFrame({"province": spread([p for p, _ in pairs], codes, series.index),
                         "city": spread([c for _, c in pairs], codes, series.index)},
                        index=series.index)


def _province_one(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    if not text:
        return None
    known = regions.PROVINCE_ALIASES.get(_key(text))
    if known:
        return known
    province, _city = _region_one(text)  # "广东省 深圳市" in a province column
    if province:
        return province
    # Not a Chinese province: keep a place name ("England", "California"), but never something
    # with digits, which is an address or code in the wrong column.
    # Nor bare punctuation ("-", "/"), which is how exports write "unknown".
    if any(ch.isdigit() for ch in text) or "@" in text or not any(ch.isalpha() for ch in text):
        return None
    return text


def canonical_province(series: pd.Series) -> pd.Series:
    """Official full names for Chinese provinces ("广东", "广东省", "Guangdong" -> "广东省";
    "上海" -> "上海市"). Other non-empty place names are kept trimmed (a UK county, a US state);
    values containing digits become missing."""
    codes, uniques = unique_values(series)
    return spread([_province_one(u) for u in uniques], codes, series.index)
