"""Dates and times from raw text cells, decided per column.

Shop exports write dates in one convention per column, so the convention is decided for the
whole column from the evidence, never per value: guessing per value (dateutil) reads "01/02/2020"
as January in one row and "13/02/2020" as February in the next, silently mixing conventions.

How, and why it is fast (Online Retail's 541,909 dates in ~0.1 s; 541,909 all-distinct
second-resolution texts in ~1 s):
* like values.py, work is done once per distinct text;
* each text is split into its date part and its time part. A column of second-resolution order
  times has ~all distinct texts but only a few thousand distinct days and at most 86,400 distinct
  times, and pandas' explicit-format parser costs ~4 µs per text outside ISO, so explicit formats
  (``pd.to_datetime(format=...)``) are tried in order on the distinct DAYS only, ranked on a small
  sample so the column's real format goes first. Times are read in C by the ISO parser.

Day/month order: a day text whose first field is > 12 proves day-first, a second field > 12
proves month-first. When no value tells, ``DateDecision.ambiguous`` is set and
``DEFAULT_DAYFIRST`` is used, so the import wizard can show the reading and ask.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .values import factorize, null_mask, unicode_array

# Month first when a column cannot tell: Excel's en-US exports and the UCI Online Retail file
# ("12/1/2010 8:26") write it; Chinese exports write year first, which is never ambiguous.
DEFAULT_DAYFIRST = False

UNPARSEABLE = "unparseable_date"
CONTRADICTS = "ambiguous_date"  # day/month order contradicts the rest of the column
MIXED = "mixed_date_formats"  # undecidable: the column mixes both orders without a clear majority
IMPLAUSIBLE = "implausible_date"  # read, but outside YEARS (placeholders like 0001-01-01)

YEARS = (1900, 2100)
# Excel serial day numbers accepted as dates: 1920-01-01 .. 2099-12-31 (1900 date system).
SERIAL_RANGE = (7306, 73050)
_EXCEL_EPOCH = np.datetime64("1899-12-30", "us")
# A minority above this share of the day/month evidence makes the column's undecidable values
# errors instead of reading them with the majority.
MIXED_SHARE = 0.10

# Day formats that need no day/month decision (year first), with the text length they require.
DAY_FORMATS: dict[str, int | None] = {
    "%Y-%m-%d": None, "%Y/%m/%d": None, "%Y.%m.%d": None, "%Y年%m月%d日": None,
    "%Y%m%d": 8, "%Y%m%d%H%M%S": 14}
# (month-first, day-first) pairs of the same shape.
DM_FORMATS: tuple[tuple[str, str], ...] = tuple(
    (f"%m{s}%d{s}{y}", f"%d{s}%m{s}{y}") for s in "/-." for y in ("%Y", "%y"))
# Times the ISO parser does not read (it reads "8:26", "08:26:00", "08:26:00.5").
TIME_FORMATS = ("%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%H时%M分%S秒", "%H时%M分")
_SAMPLE = 300


@dataclass(frozen=True)
class DateDecision:
    """What was decided for a column, for the import wizard and the import report."""

    dayfirst: bool | None  # order used for D/M texts; None when the column has none
    ambiguous: bool = False  # nothing told day/month apart: dayfirst is DEFAULT_DAYFIRST, ask
    dayfirst_rows: int = 0  # rows proving day-first (first field > 12)
    monthfirst_rows: int = 0  # rows proving month-first (second field > 12)
    flagged_rows: int = 0  # rows given ambiguous_date or mixed_date_formats
    formats: tuple[str, ...] = ()  # day formats that matched, most rows first
    excel_serial_rows: int = 0
    time_only_rows: int = 0  # a time without a date: treated as missing

    @property
    def contradictory(self) -> bool:
        return self.dayfirst_rows > 0 and self.monthfirst_rows > 0


def _try(texts: np.ndarray, fmt: str) -> np.ndarray:
    """``texts`` read with ``fmt``; NaT where they do not match. Never raises: one bad text must
    not abort an import (issue 12, defect 6)."""
    try:
        parsed = pd.to_datetime(pd.Series(texts, dtype=object), format=fmt, errors="coerce")
    except (ValueError, OverflowError, TypeError):
        # pandas raises despite errors="coerce" for some mixes (ISO texts with and without a UTC
        # offset: "Mixed timezones"). Halve until the culprits stand alone: the extra calls grow
        # with the number of such texts, not with the column.
        if len(texts) <= 1:
            return np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[us]")
        mid = len(texts) // 2
        return np.concatenate((_try(texts[:mid], fmt), _try(texts[mid:], fmt)))
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)  # the wall clock written (offsets are stripped first)
    return parsed.to_numpy(dtype="datetime64[us]")


def _separator(fmt: str) -> str | None:
    """The literal a text must contain to match ``fmt`` ("-" for "%Y-%m-%d"); None for the
    digits-only formats."""
    if "年" in fmt:
        return "年"
    return fmt[2] if fmt[2] != "%" else None


_SEPARATORS = {fmt: _separator(fmt) for fmt in list(DAY_FORMATS) + [f for p in DM_FORMATS for f in p]}


def _hits(sample: np.ndarray, cand) -> int:
    fmts = cand if isinstance(cand, tuple) else (cand,)
    sep = _SEPARATORS.get(fmts[0])
    if sep is not None and not (np.strings.find(sample, sep) >= 0).any():
        return 0  # the parser's answer without its ~1 ms per call: every chunk ranks 12 formats
    ok = np.zeros(len(sample), dtype=bool)
    for fmt in fmts:
        ok |= ~np.isnat(_try(sample, fmt))
    return int(ok.sum())


def _sample(idx: np.ndarray) -> np.ndarray:
    return idx[:: max(1, idx.size // _SAMPLE)][:_SAMPLE]


def _split(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Date part and time part: at the first space, else ISO's "T", else after Chinese 日."""
    day, sep, clock = np.strings.partition(u, " ")
    for mark, keep in (("T", ""), ("日", "日")):
        pos = np.strings.find(day, mark)
        rows = np.flatnonzero((sep == "") & (pos >= 6) & (pos < np.strings.str_len(day) - 1))
        if rows.size:
            head, _, tail = np.strings.partition(day[rows], mark)
            day, clock = day.astype(object), clock.astype(object)  # widths may grow
            day[rows], clock[rows] = np.strings.add(head, keep), tail
            day, clock = day.astype(str), clock.astype(str)
    return day, clock  # inner space runs were collapsed and ends stripped before


def _parse_days(texts: np.ndarray, weight: np.ndarray, forced: bool | None):
    """Distinct day texts -> (datetime64[us], reason, DateDecision fields, format weights)."""
    n = len(texts)
    values = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    month_first, day_first = values.copy(), values.copy()
    is_dm = np.zeros(n, dtype=bool)
    todo = np.ones(n, dtype=bool)
    lengths = np.strings.str_len(texts)
    used: dict[str, float] = {}
    candidates = list(DAY_FORMATS) + list(DM_FORMATS)
    sample = texts[_sample(np.arange(n))]
    hits = {c: _hits(sample, c) for c in candidates}
    ranked = sorted(candidates, key=lambda c: -hits[c])
    hit_any = {c for c in candidates if hits[c]}
    for round_ in (0, 1):
        for cand in ranked:
            if (round_ == 0) != (cand in hit_any):
                continue
            want = todo & ~is_dm
            if isinstance(cand, str) and DAY_FORMATS.get(cand):
                want &= lengths == DAY_FORMATS[cand]
            idx = np.flatnonzero(want)
            if not idx.size:
                continue
            if round_ == 1 and idx.size > 5 * _SAMPLE and not _hits(texts[_sample(idx)], cand):
                continue  # many leftovers and none in this shape: garbage, spare the parser
            if isinstance(cand, str):
                got = _try(texts[idx], cand)
                ok = idx[~np.isnat(got)]
                values[ok], todo[ok] = got[~np.isnat(got)], False
                if ok.size:
                    used[cand] = used.get(cand, 0) + weight[ok].sum()
                continue
            m, d = _try(texts[idx], cand[0]), _try(texts[idx], cand[1])
            hit = ~np.isnat(m) | ~np.isnat(d)
            month_first[idx[hit]], day_first[idx[hit]], is_dm[idx[hit]] = m[hit], d[hit], True
            for fmt, got in zip(cand, (m, d)):
                used[fmt] = used.get(fmt, 0) + weight[idx[~np.isnat(got)]].sum()

    chosen, contra, mixed, fields = _decide_day_month(month_first, day_first, is_dm, weight, forced)
    reasons = np.full(n, None, dtype=object)
    if is_dm.any():
        primary = day_first if chosen else month_first
        reasons[contra], reasons[mixed] = CONTRADICTS, MIXED
        good = is_dm & ~contra & ~mixed & ~np.isnat(primary)
        values[good], todo[is_dm] = primary[good], False
        for pair in DM_FORMATS:  # keep only the order that was used in the report
            used.pop(pair[0] if chosen else pair[1], None)
    reasons[todo] = UNPARSEABLE
    fields["formats"] = tuple(f for f, w in sorted(used.items(), key=lambda p: -p[1]) if w > 0)
    return values, reasons, fields


def _parse_times(texts: np.ndarray) -> np.ndarray:
    """Distinct time texts -> offset since midnight (timedelta64[us]); NaT when unreadable."""
    out = np.full(len(texts), np.timedelta64("NaT"), dtype="timedelta64[us]")
    if not len(texts):
        return out
    out[texts == ""] = np.timedelta64(0, "us")
    # Keep the wall-clock time written: a shop's 23:59 order belongs to that day, whatever its
    # offset from UTC ("12:50:00+08:00", "12:50:00Z").
    zoned = (np.strings.endswith(texts, "Z") | (np.strings.rfind(texts, "+") > 3)
             | (np.strings.rfind(texts, "-") > 3))
    if zoned.any():
        stripped = (pd.Series(texts[zoned], dtype=object)
                    .str.replace(r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$", "", regex=True))
        # A sign left after that is no offset but a damaged time ("23:25:3-6"): the ISO parser
        # would read it as one (a wrong time) and mix zones with the plain texts.
        stripped[stripped.str.contains(r"[+-]", regex=True)] = "?"
        texts = texts.copy().astype(object)
        texts[zoned] = stripped.to_numpy()
        texts = texts.astype(str)
    base = np.datetime64("2000-01-01", "us")
    todo = np.flatnonzero(texts != "")
    if todo.size:
        got = _try(np.strings.add("2000-01-01 ", texts[todo]), "ISO8601")
        out[todo] = got - base
    for fmt in TIME_FORMATS:
        todo = np.flatnonzero(np.isnat(out))
        if not todo.size:
            break
        got = _try(texts[todo], fmt)
        out[todo] = got - np.datetime64("1900-01-01", "us")
    return out


def parse_dates(series: pd.Series, dayfirst: bool | None = None, *, allow_serial: bool = True,
                coded=None) -> tuple[pd.Series, pd.Series, DateDecision]:
    """``(datetime64[ns] Series, reasons, DateDecision)`` for a column of date texts.

    ``dayfirst``: None decides from the column; True/False forces the order (rows proving the
    other order then get ``ambiguous_date``). ``allow_serial``: read numbers in SERIAL_RANGE as
    Excel day numbers; callers guessing whether a column is a date at all pass False.
    Empty cells and time-only values are missing (NaT) without a reason. ``coded``: see
    values.factorize.
    """
    codes, texts = factorize(series, coded)
    if not len(texts):  # nothing but empty cells
        return (pd.Series(np.full(len(series), np.datetime64("NaT", "ns")), index=series.index),
                pd.Series([None] * len(series), index=series.index, dtype=object),
                DateDecision(dayfirst=None))
    u, too_long = unicode_array(texts)
    null = null_mask(u)
    weight = np.bincount(codes[codes >= 0], minlength=len(u)).astype(np.float64)
    spaced = np.flatnonzero(np.strings.find(u, "  ") >= 0)
    if spaced.size:  # "2020-02-01  10:05" from padded exports
        u = u.astype(object)
        u[spaced] = pd.Series(u[spaced], dtype=object).str.replace(r"\s+", " ", regex=True).to_numpy()
        u = u.astype(str)
    # YYYYMMDD that went through a float on its way ("19970101.0") is still YYYYMMDD.
    floaty = np.flatnonzero(np.strings.endswith(u, ".0") & (np.strings.str_len(u) > 8))
    if floaty.size:
        u = u.copy()
        u[floaty] = np.strings.rstrip(np.strings.rstrip(u[floaty], "0"), ".")

    day, clock = _split(u)
    dcodes, days = pd.factorize(day)
    tcodes, times = pd.factorize(clock)
    dweight = np.bincount(dcodes, weights=np.where(null, 0.0, weight), minlength=len(days))
    day_values, day_reasons, fields = _parse_days(np.asarray(days, dtype=str), dweight, dayfirst)
    offsets = _parse_times(np.asarray(times, dtype=str))
    values = day_values[dcodes] + offsets[tcodes]
    reasons = day_reasons[dcodes].copy()
    reasons[pd.isna(reasons) & np.isnat(values)] = UNPARSEABLE

    # Whole texts that are no day: a bare time (missing, not an error) or an Excel serial number.
    time_only = 0
    rest = np.flatnonzero((reasons == UNPARSEABLE) & ~null & (np.strings.find(u, ":") > 0)
                          & (np.strings.str_len(u) <= 12))  # "10:05", "10:05:30 PM"
    if rest.size:
        bare_time = ~np.isnat(_parse_times(u[rest]))
        reasons[rest[bare_time]] = None
        time_only = int(weight[rest[bare_time]].sum())
    serial_rows = 0
    rest = np.flatnonzero((reasons == UNPARSEABLE) & ~null)
    if allow_serial and rest.size:
        num = pd.to_numeric(pd.Series(u[rest], dtype=object), errors="coerce").to_numpy(dtype=float)
        ok = (num >= SERIAL_RANGE[0]) & (num <= SERIAL_RANGE[1])
        if ok.any():
            secs = (num[ok] * 86400.0).round().astype("int64").astype("timedelta64[s]")
            values[rest[ok]] = _EXCEL_EPOCH + secs
            reasons[rest[ok]] = None
            serial_rows = int(weight[rest[ok]].sum())

    reasons[null] = None
    reasons[too_long] = UNPARSEABLE
    values[null | too_long | ~pd.isna(reasons)] = np.datetime64("NaT")
    years = values.astype("datetime64[Y]").astype("int64") + 1970
    implausible = ~np.isnat(values) & ((years < YEARS[0]) | (years > YEARS[1]))
    reasons[implausible], values[implausible] = IMPLAUSIBLE, np.datetime64("NaT")

    out = np.append(values.astype("datetime64[ns]"), np.datetime64("NaT", "ns"))[codes]
    why = np.append(reasons, None)[codes]
    if serial_rows:
        fields["formats"] = fields["formats"] + ("excel_serial",)
    decision = DateDecision(excel_serial_rows=serial_rows, time_only_rows=time_only, **fields)
    return (pd.Series(out, index=series.index), pd.Series(why, index=series.index, dtype=object),
            decision)


def _decide_day_month(month_first, day_first, is_dm, weight, forced):
    """Pick the column's day/month order; return it, the texts to flag and DateDecision fields."""
    m_ok, d_ok = ~np.isnat(month_first) & is_dm, ~np.isnat(day_first) & is_dm
    proves_df, proves_mf = d_ok & ~m_ok, m_ok & ~d_ok
    undecided = m_ok & d_ok & (month_first != day_first)
    n_df, n_mf = int(weight[proves_df].sum()), int(weight[proves_mf].sum())
    none = np.zeros(len(is_dm), dtype=bool)
    fields = {"dayfirst_rows": n_df, "monthfirst_rows": n_mf}
    if not is_dm.any():
        return DEFAULT_DAYFIRST, none, none, dict(fields, dayfirst=None)
    if forced is not None:
        chosen, ambiguous = bool(forced), False
    elif n_df == n_mf:  # nothing tells (or a tie): the default, and the wizard asks
        chosen, ambiguous = DEFAULT_DAYFIRST, bool(undecided.any()) or n_df > 0
    else:
        chosen, ambiguous = n_df > n_mf, False
    contra = proves_mf if chosen else proves_df
    minority = int(weight[contra].sum())
    mixed = none
    if minority and (forced is None) and minority > MIXED_SHARE * (n_df + n_mf):
        mixed = undecided  # no clear majority: texts that cannot tell are unreadable too
    flagged = int(weight[contra | mixed].sum())
    return chosen, contra, mixed, dict(fields, dayfirst=chosen, ambiguous=ambiguous,
                                       flagged_rows=flagged)
