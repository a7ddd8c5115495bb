"""Dates decided per column (core/ingest/dates.py)."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.ingest.dates import (
    CONTRADICTS, DEFAULT_DAYFIRST, IMPLAUSIBLE, MIXED, UNPARSEABLE, parse_dates)

T = pd.Timestamp


def parse(*texts, **kw):
    values, reasons, decision = parse_dates(pd.Series(list(texts), dtype=object), **kw)
    return values.tolist(), reasons.tolist(), decision


@pytest.mark.parametrize("text, expected", [
    ("2011-12-09 12:50:00", T("2011-12-09 12:50")), ("2011-12-09", T("2011-12-09")),
    ("2011-12-09T12:50:00", T("2011-12-09 12:50")), ("2011-12-09 12:50", T("2011-12-09 12:50")),
    ("2011-12-09 12:50:00.250", T("2011-12-09 12:50:00.25")),
    ("2011-12-09T12:50:00+08:00", T("2011-12-09 12:50")),  # wall-clock time as written
    ("2020/2/1", T("2020-02-01")), ("2020/02/01 10:05:30", T("2020-02-01 10:05:30")),
    ("2020.02.01", T("2020-02-01")),
    ("19970101", T("1997-01-01")), ("19970101.0", T("1997-01-01")),
    ("20200201 10:05", T("2020-02-01 10:05")), ("20200201100530", T("2020-02-01 10:05:30")),
    ("2020年2月1日 10:05", T("2020-02-01 10:05")), ("2020年2月1日", T("2020-02-01")),
    ("2020年2月1日10:05:30", T("2020-02-01 10:05:30")), ("２０２０年２月１日　１０：０５", T("2020-02-01 10:05")),
    ("2020-02-01  10:05", T("2020-02-01 10:05")),
])
def test_unambiguous_formats(text, expected):
    values, reasons, _ = parse(text)
    assert reasons == [None]
    assert values == [expected]


def test_online_retail_style_is_month_first_from_the_evidence():
    values, reasons, decision = parse("12/1/2010 8:26", "12/13/2010 8:26", "1/2/2011 17:05")
    assert values == [T("2010-12-01 08:26"), T("2010-12-13 08:26"), T("2011-01-02 17:05")]
    assert reasons == [None] * 3
    assert decision.dayfirst is False and not decision.ambiguous and decision.monthfirst_rows == 1


def test_day_first_evidence_turns_the_whole_column():
    values, _, decision = parse("01/12/2010", "13/12/2010", "02/03/2010")
    assert values == [T("2010-12-01"), T("2010-12-13"), T("2010-03-02")]
    assert decision.dayfirst is True and decision.dayfirst_rows == 1


@pytest.mark.parametrize("sep", ["/", "-", "."])
def test_separators_and_two_digit_years(sep):
    values, reasons, decision = parse(f"25{sep}12{sep}10", f"01{sep}02{sep}10")
    assert reasons == [None, None] and decision.dayfirst is True
    assert values == [T("2010-12-25"), T("2010-02-01")]


def test_column_that_cannot_tell_is_flagged_ambiguous_and_uses_the_documented_default():
    values, reasons, decision = parse("01/12/2010", "02/11/2010", "03/03/2010")
    assert decision.ambiguous and decision.dayfirst is DEFAULT_DAYFIRST is False
    assert values[0] == T("2010-01-12") and reasons == [None] * 3
    forced, _, decision = parse("01/12/2010", "02/11/2010", dayfirst=True)
    assert forced == [T("2010-12-01"), T("2010-11-02")] and not decision.ambiguous


def test_same_day_and_month_everywhere_is_not_ambiguous():
    _, _, decision = parse("01/01/2010", "02/02/2011")
    assert not decision.ambiguous


def test_rows_contradicting_a_clear_majority_are_errors():
    texts = [f"{d}/12/2010" for d in range(13, 29)] + ["12/13/2010", "01/12/2010"]
    values, reasons, decision = parse(*texts)
    assert decision.dayfirst is True and decision.contradictory
    assert reasons[-2] == CONTRADICTS and pd.isna(values[-2])
    assert reasons[-1] is None and values[-1] == T("2010-12-01")  # read with the majority
    assert reasons[:-2] == [None] * 16 and decision.flagged_rows == 1


def test_without_a_clear_majority_undecidable_rows_are_errors_too():
    values, reasons, decision = parse("13/12/2010", "14/12/2010", "12/13/2010", "03/04/2010")
    assert decision.dayfirst is True
    assert reasons == [None, None, CONTRADICTS, MIXED]
    assert decision.flagged_rows == 2


def test_forced_order_flags_rows_that_prove_the_other():
    _, reasons, decision = parse("01/12/2010", "12/13/2010", dayfirst=True)
    assert reasons == [None, CONTRADICTS] and decision.dayfirst is True


def test_excel_serial_numbers_only_for_a_known_date_column():
    values, reasons, decision = parse("43831", "43831.5", "")
    assert values[:2] == [T("2020-01-01"), T("2020-01-01 12:00")] and reasons == [None] * 3
    assert decision.excel_serial_rows == 2
    _, reasons, _ = parse("43831", allow_serial=False)
    assert reasons == [UNPARSEABLE]


def test_empty_and_time_only_are_missing_not_errors():
    values, reasons, decision = parse("", "  ", None, "NULL", "10:05", "10:05:30 PM", "2020-02-01")
    assert all(pd.isna(v) for v in values[:6]) and values[6] == T("2020-02-01")
    assert reasons == [None] * 7
    assert decision.time_only_rows == 2


def test_unparseable_and_implausible_have_reasons():
    _, reasons, _ = parse("tomorrow", "2011-12-09 25:00", "2020-13-45", "0001-01-01", "2020-02-01")
    assert reasons == [UNPARSEABLE, UNPARSEABLE, UNPARSEABLE, IMPLAUSIBLE, None]


def test_twelve_hour_times():
    values, _, _ = parse("12/1/2010 8:26 PM", "12/13/2010 8:26 AM")
    assert values == [T("2010-12-01 20:26"), T("2010-12-13 08:26")]


def test_result_is_datetime64_with_the_input_index():
    values, reasons, _ = parse_dates(pd.Series(["2020-02-01", None], index=[5, 9]))
    assert values.dtype == "datetime64[ns]" and list(values.index) == [5, 9]
    assert list(reasons.index) == [5, 9]
    empty, _, decision = parse_dates(pd.Series([], dtype=object))
    assert len(empty) == 0 and decision.dayfirst is None


def test_541909_online_retail_style_dates_all_parse_month_first():
    rng = np.random.default_rng(0)
    start = np.datetime64("2010-12-01T08:00")
    stamps = pd.to_datetime(start + rng.integers(0, 373 * 24 * 60, 541_909).astype("timedelta64[m]"))
    texts = pd.Series(stamps.strftime("%m/%d/%Y %H:%M"), dtype="str").str.lstrip("0")
    values, reasons, decision = parse_dates(texts)
    assert reasons.isna().all() and decision.dayfirst is False
    assert (values.to_numpy() == stamps.to_numpy()).all()


# Issue 12, defect 6: one malformed time ("23:25:3-6" reads as a time with a UTC offset of -6
# to pandas' ISO parser) next to plain times made pandas raise "Mixed timezones" despite
# errors="coerce", and that aborted the whole import.
@pytest.mark.parametrize("bad", ["2020-02-20 23:25:3-6", "2020-02-20 23:25+5", "2020-02-20 1-2-3-4",
                                 "2020-02-20 23:25:36 UTC+0800x", "2020-02-20 T-1"])
def test_malformed_time_among_plain_times_is_unparseable_not_an_error(bad):
    values, reasons, _ = parse("2020-02-20 23:25:36", bad, "2020-02-21 08:00:00")
    assert reasons == [None, UNPARSEABLE, None]
    assert values[0] == T("2020-02-20 23:25:36") and pd.isna(values[1])


def test_malformed_time_alone_is_unparseable_not_a_misread_offset():
    values, reasons, _ = parse("2020-02-20 23:25:3-6")
    assert reasons == [UNPARSEABLE] and pd.isna(values[0])


@pytest.mark.parametrize("text", ["2011-12-09T12:50:00+08", "2011-12-09 12:50:00 -0600",
                                  "2011-12-09T12:50:00Z"])
def test_utc_offsets_keep_the_wall_clock_time_written(text):
    values, reasons, _ = parse(text, "2011-12-10 09:00:00")
    assert reasons == [None, None] and values[0] == T("2011-12-09 12:50")


def test_format_parser_isolates_texts_pandas_refuses_instead_of_raising():
    from persona_desktop.core.ingest.dates import _try
    texts = np.array(["2000-01-01 10:00"] * 5 + ["2000-01-01 11:00+05:00"] + ["2000-01-01 12:00"] * 5)
    got = _try(texts, "ISO8601")
    assert got[0] == np.datetime64("2000-01-01T10:00") and got[-1] == np.datetime64("2000-01-01T12:00")
    assert got[5] == np.datetime64("2000-01-01T11:00")  # the wall clock written
