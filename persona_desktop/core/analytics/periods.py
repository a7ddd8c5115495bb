"""Partial months at the edges of the data (issue 14, item 8).

A file exported on 9 December holds nine days of December: drawn as a full month it looks like a
revenue collapse and a retention drop. The first month is the same when the data starts after
the 1st. Whether a month is partial is read from the data's own first and last order times: a
month is whole only if the data covers it from its first day to its last.
"""
from __future__ import annotations

import pandas as pd


def partial_months(first: pd.Timestamp | None, last: pd.Timestamp | None) -> dict:
    """{"YYYY-MM": "from YYYY-MM-DD" | "to YYYY-MM-DD"} for the first and/or last month when the
    data covers only part of it (one month both ways: "YYYY-MM-DD..YYYY-MM-DD")."""
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return {}
    first, last = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    out: dict[str, str] = {}
    starts_late = first.day != 1
    ends_early = last != last + pd.offsets.MonthEnd(0)
    first_key, last_key = first.strftime("%Y-%m"), last.strftime("%Y-%m")
    if first_key == last_key:
        if starts_late or ends_early:
            out[first_key] = f"{first:%Y-%m-%d}..{last:%Y-%m-%d}"
        return out
    if starts_late:
        out[first_key] = f"from {first:%Y-%m-%d}"
    if ends_early:
        out[last_key] = f"to {last:%Y-%m-%d}"
    return out


def span_text(span: str) -> tuple[str, str]:
    """The span as (first day, last day) strings, either possibly empty."""
    if ".." in span:
        a, b = span.split("..")
        return a, b
    kind, day = span.split(" ", 1)
    return (day, "") if kind == "from" else ("", day)
