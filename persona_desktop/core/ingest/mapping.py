"""Which column of a shop export holds what: roles, header synonyms (en/zh) and value evidence.

``detect.detect_roles`` combines two kinds of evidence, because either alone fails on real files: headers
lie or are missing (CDNOW has none; Tmall's "收货地址" holds province names only, which makes it a
region, a quasi-identifier, not a street address: privacy.md A4) and values are ambiguous (a
column of small integers is a quantity or an id). Each role goes to at most one column, the best.
The wizard shows the guesses with their evidence and lets the user correct them; the chosen
mapping can be saved under ``header_signature`` and is offered again for files with that header.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import regions
from .dates import parse_dates
from .values import NULL_TOKENS, parse_numbers
from ..errors import MappingConflict, MappingIncomplete, UsageError
from ..i18n import Text, pick

# role: its label. Order is the wizard's drop-down order.
ROLES: dict[str, Text] = {
    "customer_id": Text("Customer ID", "客户编号"), "name": Text("Name", "姓名"),
    "email": Text("Email", "邮箱"), "phone": Text("Phone", "手机号"),
    "address": Text("Street address", "详细地址"), "postcode": Text("Postcode", "邮编"),
    "city": Text("City", "城市"), "province": Text("Province / state", "省份"),
    "country": Text("Country", "国家"), "gender": Text("Gender", "性别"),
    "birth_date": Text("Birth date", "出生日期"), "age": Text("Age", "年龄"),
    "signup_date": Text("Sign-up date", "注册时间"), "order_id": Text("Order number", "订单编号"),
    "order_date": Text("Order date", "下单时间"), "payment_time": Text("Payment time", "付款时间"),
    "product_id": Text("Product code", "商品编号"), "product_name": Text("Product name", "商品名称"),
    "category": Text("Category", "类目"), "quantity": Text("Quantity", "数量"),
    "unit_price": Text("Unit price", "单价"), "line_amount": Text("Line amount", "金额"),
    "order_total": Text("Order total", "订单总金额"), "amount_paid": Text("Amount paid", "实付金额"),
    "refund_amount": Text("Refund amount", "退款金额"), "discount": Text("Discount", "优惠金额"),
    "channel": Text("Channel", "渠道"), "consent_email": Text("Email marketing consent", "同意邮件营销"),
    "consent_sms": Text("SMS marketing consent", "同意短信营销"),
    "opt_out": Text("Opted out of marketing", "已退订营销"),
    "free_text": Text("Note (free text)", "备注"), "ignore": Text("Do not import", "不导入"),
}
MULTI_ROLES = frozenset({"ignore", "free_text"})  # the only roles several columns may have
MIN_SCORE = 0.3  # weaker candidates are only offered as alternatives, never assigned
DATE_ROLES = ("order_date", "payment_time", "signup_date", "birth_date")
MONEY_ROLES = ("unit_price", "line_amount", "order_total", "amount_paid", "refund_amount", "discount")
ID_ROLES = ("customer_id", "order_id", "product_id")
ORDER_ROLES = frozenset(("order_id", "order_date", "payment_time", "product_id", "product_name",
                         "quantity") + MONEY_ROLES)

# Header synonyms, "|"-separated; compared after normalise_header with spaces removed.
SYNONYMS: dict[str, str] = {
    "customer_id": "客户ID|客户编号|客户号|会员号|会员ID|会员编号|用户ID|用户编号|买家ID|买家会员名|顾客|客户|"
                   "顾客ID|customer id|customerid|cust id|client id|member id|user id|buyer id|customer|id",
    "name": "姓名|名字|收货人|收货人姓名|客户姓名|联系人|name|full name|customer name|billing name",
    "email": "邮箱|电子邮件|电子邮箱|邮件|email|e-mail|email address|mail",
    "phone": "手机号|手机|手机号码|电话|联系电话|联系方式|收货人手机|mobile|phone|telephone|tel|phone number|"
             "mobile phone|cell",
    "address": "收货地址|地址|详细地址|收件地址|街道地址|address|street|street address|address line 1|"
               "shipping address",
    "postcode": "邮编|邮政编码|postcode|post code|zip|zip code|postal code",
    "city": "城市|市|所在城市|city|town",
    "province": "省份|省|所在省份|省市|地区|province|state|region",
    "country": "国家|国家地区|country|country region",
    "gender": "性别|gender|sex",
    "birth_date": "生日|出生日期|出生年月|birthday|dob|birth date|date of birth",
    "age": "年龄|age",
    "signup_date": "注册时间|注册日期|入会时间|signup date|sign up date|registered|registration date|"
                   "created at customer",
    "order_id": "订单编号|订单号|订单ID|主订单编号|子订单编号|invoice|invoiceno|invoice no|invoice number|"
                "order id|order number|order no|order",
    "order_date": "下单时间|订单创建时间|创建时间|订单日期|成交时间|交易时间|日期|时间|invoicedate|invoice date|"
                  "order date|date|created at|order time|purchase date",
    "payment_time": "付款时间|订单付款时间|支付时间|payment time|paid at|payment date|paid time",
    "product_id": "商品编号|商品ID|货号|商品编码|SKU|商家编码|stockcode|stock code|product id|item id|"
                  "product code|lineitem sku|sku code",
    "product_name": "商品|商品名称|宝贝标题|宝贝名称|商品标题|description|product name|item|item name|product|"
                    "lineitem name|title",
    "category": "类别|品类|类目|分类|商品类目|category|product type|type",
    "quantity": "数量|购买数量|商品数量|件数|qty|quantity|lineitem quantity|units",
    "unit_price": "单价|价格|商品单价|售价|unit price|unitprice|price|lineitem price|item price",
    "line_amount": "金额|小计|商品金额|line amount|subtotal|line total|amount|sales|value",
    "order_total": "总金额|订单金额|订单总金额|总价|应付金额|order total|total amount|total|grand total",
    "amount_paid": "实付金额|买家实际支付金额|实付|实收金额|支付金额|amount paid|paid|paid amount|payment amount",
    "refund_amount": "退款金额|退款|refund|refund amount|refunded amount|refunds",
    "discount": "优惠|折扣|优惠金额|折扣金额|discount|discount amount|coupon",
    "channel": "渠道|来源|平台|店铺|销售渠道|channel|source|platform|store",
    "consent_email": "邮件订阅|同意邮件营销|接受邮件营销|accepts email marketing|email consent|"
                     "consent email|email marketing consent|accepts marketing|newsletter",
    "consent_sms": "短信订阅|同意短信营销|接受短信营销|accepts sms marketing|sms consent|consent sms|"
                   "sms marketing consent",
    "opt_out": "退订|取消订阅|拒绝营销|opt out|opted out|unsubscribed|do not contact",
    "free_text": "备注|留言|买家留言|卖家备注|订单备注|note|notes|comment|comments|remark|remarks|free text|"
                 "message",
}
# Headers a reader invents for headerless files: roles then come from the values alone.
_GENERATED_HEADER = re.compile(r"^(?:column|col|field|unnamed)\s*:?\s*\d+$|^\d+$|^$")

EVIDENCE: dict[str, Text] = {
    "header_exact": Text("the header is a known name for this", "表头是该字段的常用名称"),
    "header_partial": Text("the header contains a known name for this", "表头包含该字段的常用名称"),
    "header_and_values": Text("the header and the values agree", "表头与数据一致"),
    "header_values_disagree": Text("the header suggests this, but the values do not fit", "表头像该字段，但数据不符"),
    "values_email": Text("the values are email addresses", "数据为邮箱地址"),
    "values_phone": Text("the values are phone numbers", "数据为电话号码"),
    "values_date": Text("the values are dates", "数据为日期"),
    "values_birth_date": Text("the values are dates long ago", "数据为较早的日期"),
    "values_province": Text("the values are province names only", "数据只有省份名称"),
    "values_city": Text("the values are city names only", "数据只有城市名称"),
    "values_address": Text("the values are street addresses", "数据为详细地址"),
    "values_country": Text("the values are country names", "数据为国家名称"),
    "values_gender": Text("the values are genders", "数据为性别"),
    "values_quantity": Text("the values are small whole numbers", "数据为较小的整数"),
    "values_money": Text("the values are amounts with decimals", "数据为带小数的金额"),
    "values_id": Text("the values look like identifiers", "数据像编号"),
    "values_invoice": Text("the values look like invoice numbers", "数据像单据编号"),
    "values_name": Text("the values look like personal names", "数据像人名"),
    "values_text": Text("the values are longer free text", "数据为较长的文字"),
    "duplicate_key": Text("the same identifier as another column, written differently", "与另一列是同一编号的不同写法"),
    "role_taken": Text("a better column has this role", "已有更合适的列"),
    "not_examined": Text("the file has too many columns to examine them all; choose a role if "
                         "this one matters", "文件列数过多，未逐列检查；如需导入此列请手动选择"),
    "no_evidence": Text("nothing identifies this column", "无法识别该列"),
}


@dataclass(frozen=True)
class ColumnGuess:
    column: str
    role: str
    confidence: float  # 0-1
    evidence_code: str  # key of EVIDENCE
    alternatives: tuple[tuple[str, float], ...] = ()  # other plausible roles, best first


def role_label(role: str, lang: str = "en") -> str:
    return ROLES[role].get(lang)


def normalise_header(text) -> str:
    """NFKC (full-width -> half-width), trimmed, case-folded, with runs of spaces, underscores and
    hyphens collapsed to one space: "客户ＩＤ" -> "客户id", " Customer_ID " -> "customer id"."""
    text = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return " ".join(re.sub(r"[\s_\-]+", " ", text).split()).casefold()


def _compact(text: str) -> str:
    return normalise_header(text).replace(" ", "")


def _tokens(text: str) -> str:
    """Match key with camelCase split ("BillingCity" -> "billing city") and units dropped."""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = re.sub(r"[(\[（【].*?[)\]）】]", "", text)  # "金额(元)", "Price [CNY]"
    return normalise_header(text)


_EXACT = {_compact(s): role for role, syns in SYNONYMS.items() for s in syns.split("|")}
_PARTIAL = sorted(((normalise_header(s), role) for role, syns in SYNONYMS.items()
                   for s in syns.split("|")), key=lambda p: -len(p[0]))


@lru_cache(maxsize=4096)  # asked once per column by detection and again by the duplicate check
def header_role(header) -> tuple[str, float, str] | None:
    """(role, confidence, evidence) from the header alone, or None."""
    key = _tokens(header)
    if _GENERATED_HEADER.match(key):
        return None
    for k in (_compact(header), key.replace(" ", "")):
        if k in _EXACT:
            generic = len(k) <= 2 and k.isascii()
            return _EXACT[k], 0.6 if generic else 0.9, "header_exact"
    best = None
    for syn, role in _PARTIAL:  # longest synonym first; the head noun ends a header in en and zh
        if syn.isascii():
            hit_end, hit_in = key.endswith(" " + syn), f" {syn} " in f" {key} "
        else:
            hit_end = len(syn) >= 2 and key.replace(" ", "").endswith(syn)
            hit_in = len(syn) >= 2 and syn in key.replace(" ", "")
        if hit_end:
            return role, 0.75, "header_partial"
        if hit_in and best is None:  # "Order Status" contains "order": weak
            best = (role, 0.5 if not syn.isascii() else 0.45, "header_partial")
    return best


def header_signature(columns) -> str:
    """sha256 of the normalised headers in order: the key of saved mapping profiles."""
    joined = "\x1f".join(normalise_header(c) for c in columns)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


# --- value evidence -----------------------------------------------------------------------------

_EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
_PHONE = r"(?:\+?86|0086)?1[3-9]\d{9}|\+\d{8,15}|0\d{2,3}\d{7,8}"  # after separators are removed
_DATEISH = r"\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}.*|(?:19|20)\d{6}(?:\.0+)?|\d{4}-\d{2}-\d{2}T.*"
_ADDRESS = (r"(?:路|街|道|巷|弄|号|村|镇|乡|区|县|大道|小区|栋|幢|单元|室|楼)|\d+\s*(?:号|室)|"
            r"(?i:\b(?:road|rd|street|st|avenue|ave|lane|ln|drive|dr|way|no\.?)\b)")
_GENDERS = frozenset("男 女 男性 女性 先生 女士 未知 保密 m f male female man woman u unknown other".split())
_COUNTRIES = frozenset(_compact(c) for c in (  # "|"-separated: names have spaces
    "中国|中国大陆|美国|英国|日本|韩国|德国|法国|加拿大|澳大利亚|新加坡|马来西亚|香港|台湾|澳门|China|USA|"
    "United States|United Kingdom|UK|EIRE|Ireland|France|Germany|Spain|Italy|Netherlands|Belgium|"
    "Switzerland|Portugal|Australia|Norway|Sweden|Denmark|Finland|Austria|Poland|Japan|Singapore|"
    "Canada|Israel|Greece|Cyprus|Iceland|Lithuania|Malta|Brazil|Bahrain|Lebanon|RSA|Czech Republic|"
    "Channel Islands|European Community|Unspecified|Hong Kong|Saudi Arabia|United Arab Emirates|"
    "Korea|India|Russia|Mexico|New Zealand|Thailand|Vietnam|Indonesia|Philippines").split("|"))
_CJK_NAME = r"[\u4e00-\u9fff]{2,4}"
EVIDENCE_CHARS = 200


def _share(mask: pd.Series) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def value_candidates(values: pd.Series) -> dict[str, tuple[float, str]]:
    """role -> (score, evidence) from a column's non-empty sample values.

    Text tests run once per distinct value, weighted by how often it occurs: a 2,000-row sample
    of a country or province column has a few dozen distinct values.
    """
    s = values.dropna().astype(str).str.strip()
    s = s[~s.str.casefold().isin(NULL_TOKENS)]
    if s.empty:
        return {}
    # The start of a cell tells what it holds; a pattern such as "\d+\s*号" backtracks
    # quadratically over a cell of 100,000 digits (issue 12).
    s = s.str.slice(0, EVIDENCE_CHARS)
    counts = s.value_counts()
    u = pd.Series(counts.index.astype(object), dtype=object)
    w = counts.to_numpy() / len(s)

    def share(mask) -> float:
        return float((w * pd.Series(mask).fillna(False).to_numpy(dtype=bool)).sum())

    out: dict[str, tuple[float, str]] = {}

    def offer(role: str, score: float, evidence: str) -> None:
        if score > out.get(role, (0.0, ""))[0]:
            out[role] = (score, evidence)

    unique = len(u) / len(s)
    number, reasons = parse_numbers(s)
    numeric = _share(reasons.isna() & number.notna())
    if share(u.str.replace(r"[\s\-().]", "", regex=True).str.fullmatch(_PHONE)) >= 0.8:
        offer("phone", 0.85, "values_phone")
    if share(u.str.fullmatch(_DATEISH)) >= 0.5:
        when, _, _ = parse_dates(s, allow_serial=False)
        if _share(when.notna()) >= 0.9:
            years = when.dt.year.median()
            if years < pd.Timestamp.now().year - 15 and when.dt.year.nunique() > 5:
                offer("birth_date", 0.7, "values_birth_date")
            offer("order_date", 0.75, "values_date")
            return out  # 19970101 is a number too, but not a quantity
    if numeric >= 0.95:
        _numeric(s, number.dropna(), unique, offer)
        return out
    if share(u.str.fullmatch(_EMAIL)) >= 0.8:
        offer("email", 0.85, "values_email")
    if len(u) <= 8 and share(u.str.casefold().isin(_GENDERS)) >= 0.9:
        offer("gender", 0.85, "values_gender")
    province = share(regions.canonical_province(u).notna())
    city = share(regions.canonical_city(u).notna())
    if province >= 0.9 and province >= city:  # municipalities are both: a region column either way
        offer("province", 0.85, "values_province")
    elif city >= 0.8:
        offer("city", 0.85, "values_city")
    elif share(u.str.contains(_ADDRESS) & (u.str.len() >= 6)) >= 0.5:
        offer("address", 0.75, "values_address")
    if len(u) <= 300 and share(u.map(_compact).isin(_COUNTRIES)) >= 0.8:
        offer("country", 0.8, "values_country")
    if share(u.str.fullmatch(r"[A-Za-z]{0,3}[-_]?\d{3,}[A-Za-z]{0,3}")) >= 0.9:
        if u.str.match(r"[Cc]\d{5,}$").any() and share(u.str.fullmatch(r"[Cc]?\d{5,}")) >= 0.95:
            offer("order_id", 0.7, "values_invoice")
        offer("product_id" if u.str.contains(r"[A-Za-z]$").any() else "customer_id", 0.5, "values_id")
    elif share(u.str.fullmatch(_CJK_NAME)) >= 0.8 and unique >= 0.5 and not out:
        offer("name", 0.5, "values_name")
    elif u.str.len().median() >= 15 and unique >= 0.5 and not out:
        offer("free_text", 0.4, "values_text")
    return out


def _numeric(s: pd.Series, number: pd.Series, unique: float, offer) -> None:
    integral = _share(number == number.round())
    if integral >= 0.99 and _share(s.str.match(r"0\d")) >= 0.3:  # "00004": zero-padded ids
        offer("customer_id", 0.6, "values_id")
        offer("order_id", 0.45, "values_id")
    elif integral >= 0.99 and number.abs().median() <= 50 and (unique < 0.5 or number.nunique() <= 30):
        offer("quantity", 0.6, "values_quantity")
        if number.between(0, 120).all() and number.median() >= 15:
            offer("age", 0.35, "values_quantity")
    elif integral >= 0.99 and unique >= 0.9 and number.min() >= 0:
        offer("order_id", 0.45, "values_id")
        offer("customer_id", 0.4, "values_id")
    elif integral < 0.99:
        for role, score in (("line_amount", 0.55), ("unit_price", 0.5), ("order_total", 0.45),
                            ("amount_paid", 0.4)):
            offer(role, score, "values_money")


def validate_mapping(mapping: dict[str, str], shape_hint: str | None = None) -> str:
    """Check a column -> role mapping; return the file's shape ("orders" or "customers").

    Raises MappingConflict when a role other than ignore/free_text is on two columns and
    MappingIncomplete naming what is missing: an order file needs an order date and an amount
    (unit price with quantity, line amount, order total or amount paid); a customer file needs
    a customer id or another identifier (email, phone, name).
    """
    by_role: dict[str, list[str]] = {}
    for col, role in mapping.items():
        if role not in ROLES:
            raise UsageError(what=f"unknown column role {role!r}")
        by_role.setdefault(role, []).append(str(col))
    for role, cols in by_role.items():
        if len(cols) > 1 and role not in MULTI_ROLES:
            raise MappingConflict(role_en=role_label(role), role_zh=role_label(role, "zh"),
                                  columns=", ".join(cols), role=role)
    shape = shape_hint or ("orders" if ORDER_ROLES & set(by_role) else "customers")
    missing: list[tuple[str, ...]] = []
    if shape == "orders":
        if "order_date" not in by_role:
            missing.append(("order_date",))
        money = ("unit_price" in by_role and "quantity" in by_role) or any(
            r in by_role for r in ("line_amount", "order_total", "amount_paid"))
        if not money:
            missing.append(("line_amount", "order_total", "amount_paid", "unit_price+quantity"))
    elif not any(r in by_role for r in ("customer_id", "email", "phone", "name")):
        missing.append(("customer_id", "email", "phone", "name"))
    if missing:
        def say(lang: str) -> str:
            sep, alt, join = pick(("; ", " or ", " + "), ("、", " 或 ", "+"), lang)
            return sep.join(alt.join(join.join(role_label(p, lang) for p in r.split("+"))
                                     for r in group) for group in missing)
        raise MappingIncomplete(missing_en=say("en"), missing_zh=say("zh"),
                                roles=tuple(r for group in missing for r in group), shape=shape)
    return shape
