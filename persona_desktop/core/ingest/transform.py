"""From a chunk of raw text cells and a column mapping to canonical, typed, pseudonymised rows.

Every input row leaves here either valid (``reason`` empty) or with the reason code it will be
quarantined for; nothing is dropped in this module. Identifiers never travel further than the
``identities`` frame, which only the identity.db writer reads; the canonical frame holds
pseudonyms and generalised attributes (privacy.md A1, A4).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import columns, orders, parsing
from ..privacy import generalize, pii_scan

IDENTIFIER_ROLES = ("customer_id", "email", "phone", "name", "address", "id_number")
# Which identifier keys the customer when there is no customer id column (first present wins).
CUSTOMER_KEY_ORDER = (("customer_id", "customer_ref"), ("email", "email"), ("phone", "phone"),
                      ("name", "name"))
MONEY_ROLES = ("unit_price", "line_amount", "order_total", "amount_paid", "refund_amount", "discount")


@dataclass
class Context:
    """Decisions taken once per file (from the preview sample) and the keys needed per chunk."""
    mapping: dict[str, str]  # column -> role
    pseudonymizer: object
    as_of: pd.Timestamp
    dayfirst: dict[str, bool | None] = field(default_factory=dict)  # column -> decision
    integral_id_columns: set[str] = field(default_factory=set)
    outlier_limits: dict[str, float] = field(default_factory=dict)

    def column(self, role: str) -> str | None:
        for col, r in self.mapping.items():
            if r == role:
                return col
        return None

    def has(self, role: str) -> bool:
        return self.column(role) is not None


@dataclass
class Transformed:
    rows: pd.DataFrame  # canonical columns, one per input row, with "reason" ("" = valid)
    identities: pd.DataFrame  # pseudonym, kind, value (only for valid rows)
    redactions: dict[str, int]
    warnings: list[str]
    absent: frozenset = frozenset()  # columns of rows missing on every row (no role feeds them)
    # Text columns of rows factorised on the way (columns.canonical: what pd.factorize of the
    # column gives): customer always, order_no/sku/ordered_at when a role feeds them.
    texts: dict = field(default_factory=dict)
    valid: np.ndarray | None = None  # rows["reason"] == "", as a numpy mask


# Canonical columns and the roles that can fill them: with none of them mapped, the column is
# missing on every row, which the writer's per-group "first value" need not look for.
_SOURCES = {"city": ("city", "address"), "province": ("province", "address"),
            "country": ("country",), "channel": ("channel",), "category": ("category",),
            "gender": ("gender",), "age_band": ("birth_date", "age"), "postcode_prefix": ("postcode",),
            "signup_date": ("signup_date",), "product_name": ("product_name",),
            "sku": ("product_id", "product_name"), "order_no": ("order_id",),
            "paid_at": ("payment_time",), "note": ("free_text",), "order_total": ("order_total",),
            "amount_paid": ("amount_paid",), "refund": ("refund_amount",), "discount": ("discount",)}


def absent_columns(ctx: Context) -> frozenset:
    return frozenset(c for c, roles in _SOURCES.items() if not any(ctx.has(r) for r in roles))


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype("string").str.strip() == "")


def _text(frame: pd.DataFrame, ctx: Context, role: str, coded: dict | None = None
          ) -> pd.Series | None:
    """The role's column stripped, empty as NA, as pandas "string" dtype.

    Stripped once per distinct text: pandas' ``.str`` methods call Python per row, and a column
    of 100,000 rows rarely holds more than a few thousand distinct texts. ``coded`` holds the
    chunk's columns already factorised (columns.factorize)."""
    return _text_coded(frame, ctx, role, coded)[0]


def _stripped(frame: pd.DataFrame, col: str, coded: dict | None):
    """(codes, distinct texts stripped + a final "", which code -1 picks, and where "" is)."""
    if coded is not None and col in coded:
        codes, uniques = coded[col]
    else:
        codes, uniques = pd.factorize(frame[col].to_numpy(dtype=object))
    texts = [u.strip() if isinstance(u, str) else str(u).strip() for u in uniques]
    table = np.array(texts + [""], dtype=object)
    return codes, table, table == ""


def _pair(frame: pd.DataFrame, ctx: Context, role: str, coded: dict | None = None):
    """``_text_coded(...)[1]`` without building the column: (codes, texts), or None."""
    col = ctx.column(role)
    if col is None:
        return None
    codes, table, empty = _stripped(frame, col, coded)
    return np.where(empty[codes], -1, codes), table[:-1]


def _text_coded(frame: pd.DataFrame, ctx: Context, role: str, coded: dict | None = None):
    """``(_text(...), (codes, texts))``: the stripped texts with codes per row (-1 where NA), so
    the parsers need not factorise the column again (values.factorize)."""
    col = ctx.column(role)
    if col is None:
        return None, None
    codes, table, empty = _stripped(frame, col, coded)
    values = table[codes]
    values[empty[codes]] = pd.NA
    series = pd.Series(pd.array(values, dtype="string"), index=frame.index, name=col)
    return series, (np.where(empty[codes], -1, codes), table[:-1])


def _to_parse(frame: pd.DataFrame, ctx: Context, role: str, coded: dict | None = None):
    """``(column, (codes, texts))`` for a parser (values.py, dates.py): given the pair, a parser
    reads only the column's index and length, so the raw column stands in for the stripped one
    (which would cost a "string" array per chunk to build). ``(None, None)`` if unmapped."""
    pair = _pair(frame, ctx, role, coded)
    return (None, None) if pair is None else (frame[ctx.column(role)], pair)


def _string_column(coded: tuple[np.ndarray, np.ndarray], index) -> pd.Series:
    """The "string" column of a (codes, distinct values) pair; code -1 is NA."""
    codes, uniques = coded
    table = pd.array(np.append(uniques, np.array([pd.NA], dtype=object)), dtype="string")
    return pd.Series(table[codes], index=index)


def _first_present(keys: list[tuple[np.ndarray, list]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the pseudonym of the first key role that has one (``keys``: per role, codes and
    a pseudonym or None per code), factorised (columns.canonical)."""
    codes = np.full(n, -1, dtype=np.int64)
    table: list = []
    for role_codes, pseudonyms in keys:
        has = np.append(np.array([p is not None for p in pseudonyms], dtype=bool), False)
        take = (codes < 0) & has[role_codes]
        codes[take] = len(table) + role_codes[take]
        table.extend(pseudonyms)
    return columns.canonical(codes, table)


class _Reasons:
    """Why each row is rejected ("" while valid): the first failure found is kept, so the order
    of the checks below decides which reason a row with several problems gets."""

    def __init__(self, n: int) -> None:
        self.codes = np.full(n, "", dtype=object)
        self.ok = np.ones(n, dtype=bool)  # rows without a reason yet

    def fail(self, mask: pd.Series | np.ndarray, code: str) -> None:
        if isinstance(mask, pd.Series):
            mask = mask.fillna(False).astype(bool).to_numpy(dtype=bool)
        hit = mask & self.ok
        self.codes[hit] = code
        self.ok[hit] = False


def transform(frame: pd.DataFrame, source_rows: np.ndarray, ctx: Context,
              coded: dict | None = None) -> Transformed:
    """``coded``: the chunk's columns already factorised (columns.factorize), if at hand.

    The steps fill ``out`` column by column in a fixed order: the stored frame's column order,
    and which reason a row gets, follow from it."""
    out = pd.DataFrame({"row": np.asarray(source_rows, dtype=np.int64)}, index=frame.index)
    reasons = _Reasons(len(frame))
    customer, customer_ps, identities = _identifiers(frame, ctx, coded, out)
    _quasi_identifiers(frame, ctx, coded, out)
    factorised = {"customer": customer}  # Transformed.texts
    _products(frame, ctx, coded, out, factorised)
    is_order_file = _orders(frame, ctx, coded, out, factorised, reasons.fail)
    redactions = _free_text(frame, ctx, coded, out)
    nums = _amounts(frame, ctx, coded, reasons.fail)
    if is_order_file:
        orders.amounts(out, nums, reasons.fail)
        orders.classify(out, reasons.fail, factorised.get("order_no"))
        orders.flag_outliers(out, ctx.outlier_limits)
    else:
        reasons.fail(customer_ps.isna(), "no_identifier")
    out["reason"] = pd.Series(reasons.codes, index=frame.index, dtype=object)

    valid = reasons.ok  # every failure set a (non-empty) reason and cleared ok together
    idents = _identity_frame(customer, identities, valid)
    return Transformed(out, idents, redactions, [], absent_columns(ctx), factorised, valid)


def _identifiers(frame: pd.DataFrame, ctx: Context, coded: dict | None, out: pd.DataFrame):
    """Identifiers -> pseudonyms, each worked out once per distinct text: (the customer column
    factorised, the same as "string" column, the identities as (kind, codes, value per code))."""
    identities = []  # (kind, codes, value per code)
    keys = []  # per key role: codes, pseudonym per code
    for role, kind in CUSTOMER_KEY_ORDER:
        pair = _pair(frame, ctx, role, coded)
        if pair is None:
            continue
        codes, texts = pair
        if role == "customer_id":
            texts = parsing.id_texts(pair, ctx.column(role) in ctx.integral_id_columns)
        else:
            texts = np.where(texts == "", None, texts)  # empty: coded -1, nothing to normalise
        ps, normalised = ctx.pseudonymizer.pseudonymize_uniques(kind, texts.tolist())
        keys.append((codes, ps))
        identities.append((kind, codes, normalised))
    # The customer column factorised, as the later steps want it (Transformed.texts).
    customer = _first_present(keys, len(frame))
    customer_ps = _string_column(customer, frame.index)
    out["customer"] = customer_ps
    for role in ("address", "id_number"):
        pair = _pair(frame, ctx, role, coded)
        if pair is not None:
            identities.append((role, *pair))
    return customer, customer_ps, identities


def _quasi_identifiers(frame: pd.DataFrame, ctx: Context, coded: dict | None,
                       out: pd.DataFrame) -> None:
    """Region, channel, category, gender, age band, postcode prefix and signup date, generalised
    (privacy.md A4)."""
    for role in ("city", "province", "country", "channel", "category"):
        values = _text(frame, ctx, role, coded)
        out[role] = values if values is not None else pd.NA
    if ctx.has("province"):
        out["province"] = generalize.canonical_province(out["province"])
    address = _text(frame, ctx, "address", coded)
    if address is not None:
        region = generalize.region_from_address(address)
        out["province"] = out["province"].fillna(region["province"])
        out["city"] = out["city"].fillna(region["city"])
    gender = _text(frame, ctx, "gender", coded)
    out["gender"] = parsing.gender(gender) if gender is not None else pd.NA
    _age_band(frame, ctx, coded, out)
    postcode = _text(frame, ctx, "postcode", coded)
    out["postcode_prefix"] = (generalize.postcode_prefix(postcode, None)
                              if postcode is not None else pd.NA)
    signup, pair = _to_parse(frame, ctx, "signup_date", coded)
    if signup is not None:
        s, _ = parsing.dates(signup, ctx.dayfirst.get(ctx.column("signup_date")), pair)
        out["signup_date"] = parsing.iso(s)
    else:
        out["signup_date"] = pd.NA


def _age_band(frame: pd.DataFrame, ctx: Context, coded: dict | None, out: pd.DataFrame) -> None:
    """From the birth date, else the age given."""
    out["age_band"] = pd.NA
    birth, pair = _to_parse(frame, ctx, "birth_date", coded)
    if birth is not None:
        births, _ = parsing.dates(birth, ctx.dayfirst.get(ctx.column("birth_date")), pair)
        out["age_band"] = generalize.age_band(births, ctx.as_of)
    age, pair = _to_parse(frame, ctx, "age", coded)
    if age is not None:
        ages, _ = parsing.numbers(age, pair)
        out["age_band"] = out["age_band"].fillna(generalize.age_band_from_age(ages))


def _products(frame: pd.DataFrame, ctx: Context, coded: dict | None, out: pd.DataFrame,
              factorised: dict) -> None:
    """The product id is the key; files with names only key products by name."""
    product_name, name_pair = _text_coded(frame, ctx, "product_name", coded)
    sku, sku_pair = _text_coded(frame, ctx, "product_id", coded)
    out["product_name"] = product_name if product_name is not None else pd.NA
    out["sku"] = sku if sku is not None else out["product_name"]
    if sku_pair is not None or name_pair is not None:
        factorised["sku"] = columns.canonical(*(sku_pair if sku_pair is not None else name_pair))


def _orders(frame: pd.DataFrame, ctx: Context, coded: dict | None, out: pd.DataFrame,
            factorised: dict, fail) -> bool:
    """Order numbers, and the order and payment times of an order file; whether it is one."""
    order_no, pair = _to_parse(frame, ctx, "order_id", coded)
    if order_no is not None:
        order_no, pair = parsing.ids_coded(order_no, ctx.column("order_id") in ctx.integral_id_columns,
                                           pair)
        factorised["order_no"] = columns.canonical(*pair)
    out["order_no"] = order_no if order_no is not None else pd.NA
    is_order_file = ctx.has("order_date")
    if is_order_file:
        _order_times(frame, ctx, coded, out, factorised, fail)
    return is_order_file


def _order_times(frame: pd.DataFrame, ctx: Context, coded: dict | None, out: pd.DataFrame,
                 factorised: dict, fail) -> None:
    raw, pair = _to_parse(frame, ctx, "order_date", coded)
    when, why = parsing.dates(raw, ctx.dayfirst.get(ctx.column("order_date")), pair)
    fail(pair[0] < 0, "missing_date")
    for code in why.dropna().unique():
        fail(why == code, str(code))
    # A null word ("NaN", "null") or a bare time is no date, without a parse error: missing too.
    fail(when.isna().to_numpy(), "missing_date")
    out["ordered_at"], pair = parsing.iso_coded(when)
    factorised["ordered_at"] = columns.canonical(*pair)
    paid_raw, pair = _to_parse(frame, ctx, "payment_time", coded)
    if paid_raw is not None:
        paid, why = parsing.dates(paid_raw, ctx.dayfirst.get(ctx.column("payment_time")), pair)
        fail((pair[0] >= 0) & paid.isna().to_numpy(), "unparseable_payment_time")
        out["paid_at"] = parsing.iso(paid)
    else:
        out["paid_at"] = pd.NA


def _free_text(frame: pd.DataFrame, ctx: Context, coded: dict | None,
               out: pd.DataFrame) -> dict[str, int]:
    """Redact emails, phones, ID and card numbers before anything is stored; counts per kind."""
    note = _text(frame, ctx, "free_text", coded)
    redactions: dict[str, int] = {}
    if note is not None:
        note, redactions, _ = pii_scan.redact(note)
    out["note"] = note if note is not None else pd.NA
    return redactions


def _amounts(frame: pd.DataFrame, ctx: Context, coded: dict | None, fail) -> dict:
    """Quantity and money columns parsed as numbers; a cell that is not one rejects its row."""
    nums = {}
    for role in ("quantity",) + MONEY_ROLES:
        raw, pair = _to_parse(frame, ctx, role, coded)
        if raw is None:
            continue
        value, bad = parsing.numbers(raw, pair)
        fail(bad, "bad_quantity" if role == "quantity" else "bad_amount")
        nums[role] = value
    return nums


def _identity_frame(customer: tuple[np.ndarray, np.ndarray], identities: list,
                    valid: np.ndarray) -> pd.DataFrame:
    """The identities of the valid rows that have a customer, every kind in one frame."""
    has_customer = customer[0] >= 0
    ident_frames = [_identities(customer, kind, codes, values, valid & has_customer)
                    for kind, codes, values in identities]
    ident_frames = [f for f in ident_frames if len(f)]
    return (pd.concat(ident_frames, ignore_index=True)
            if ident_frames else pd.DataFrame(columns=["pseudonym", "kind", "value"]))


def _identities(customer: tuple[np.ndarray, np.ndarray], kind: str, codes: np.ndarray, values,
                keep: np.ndarray) -> pd.DataFrame:
    """Distinct (pseudonym, kind, value) of the rows ``keep`` with a value, first seen first.
    ``customer``: the pseudonyms factorised; ``codes``/``values``: a value (or None) per code."""
    codes, distinct = columns.merged(codes, values)
    keep = keep & (codes >= 0)
    a, b = customer[0][keep].astype(np.int64), codes[keep]
    _, first = np.unique(a * max(1, len(distinct)) + b, return_index=True)
    first.sort()
    return pd.DataFrame({"pseudonym": [str(p) for p in customer[1][a[first]].tolist()],
                         "kind": kind, "value": [str(v) for v in distinct[b[first]].tolist()]})
