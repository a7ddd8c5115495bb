"""Find the table in a file: delimiter, title rows above it, and whether it has a header row.

All functions work on records (lists of cell texts) from the first ~200 records of the file, so
the same logic serves CSV/TXT and spreadsheets:

* delimiter: the candidate (``,`` tab ``;`` ``|``) that splits the most records into one
  consistent number of fields (>= 2), parsing with quotes respected; runs of spaces
  ("whitespace", as in fixed-width reports such as CDNOW) only when no delimiter fits;
* table start: title rows ("2024年销售报表", a shop name, an export date) have fewer fields, or
  fewer filled cells when Excel padded them with delimiters; the table starts at the first row
  that has the table's width and at least half of a typical row's cells filled;
* header: a header row is mostly non-numeric text; a first row of numbers or dates is data.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from statistics import median

CANDIDATES = (",", "\t", ";", "|")
WHITESPACE = "whitespace"
SNIFF_RECORDS = 200

_NUMBER = re.compile(r"""^\s*[-+(]?\s*[¥$€£￥]?\s*[-+]?
                         (\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?\s*%?\)?\s*$""", re.X)
_DATE = re.compile(r"""^\s*\d{1,4}\s*[-/.年]\s*\d{1,2}\s*([-/.月]\s*\d{1,4}\s*日?)?
                       ([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$""", re.X)
_EXCEL_TEXT = re.compile(r'^="?[\d\s-]*"?$')  # ="0123": Excel's way to keep leading zeros


# Characters some tools write between rows instead of a line break, with the name the error shows.
ODD_BREAKS = (("\u2028", "U+2028 (LINE SEPARATOR)"), ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)"),
              ("\x00", "NUL"))


def odd_line_break(text: str) -> str | None:
    """The name of the separator when ``text`` (the start of a file) separates its rows with one
    of ODD_BREAKS rather than line breaks: it occurs more than twice as often as line breaks. A
    few U+2028 inside cells (pasted notes) stay text. Without this, a whole file reads as one
    line of thousands of cells: many records silently become one."""
    breaks = text.count("\n") + text.count("\r")
    for char, name in ODD_BREAKS:
        found = text.count(char)
        if found >= 2 and found > 2 * breaks:
            return name
    return None


def is_blank(fields: list[str]) -> bool:
    """No cell has any visible content (an empty line, or a line of delimiters)."""
    return not any(f.strip() for f in fields)


def parse(lines: list[str], delimiter: str) -> list[list[str]]:
    """Records from text lines (ending with their newlines) for the sniffers."""
    if delimiter == WHITESPACE:
        return [line.split() for line in lines]
    try:
        return list(csv.reader(lines, delimiter=delimiter, strict=False))
    except csv.Error:
        return [line.rstrip("\r\n").split(delimiter) for line in lines]


def is_numeric_text(value: str) -> bool:
    value = value.strip()
    if not value or not any(ch.isdigit() for ch in value):
        return False
    return bool(_NUMBER.match(value) or _DATE.match(value) or _EXCEL_TEXT.match(value))


def modal_width(records: list[list[str]]) -> int:
    """The most common number of fields among non-blank records with at least 2 fields (else 1)."""
    counts = Counter(len(r) for r in records if len(r) >= 2 and not is_blank(r))
    if not counts:
        return 1
    best = max(counts.values())
    return max(w for w, c in counts.items() if c == best)  # ties: the wider reading


def _filled(record: list[str]) -> int:
    return sum(1 for f in record if f.strip())


def table_start(records: list[list[str]], width: int | None = None) -> int:
    """Index of the first record of the table (header or first data row) in ``records``."""
    rows = [(i, r) for i, r in enumerate(records) if not is_blank(r)]
    if not rows:
        return 0
    width = width or modal_width(records)
    if width < 2 or sum(len(r) == width for _, r in rows) < 0.5 * len(rows):
        return rows[0][0]  # single column or ragged: widths say nothing about title rows
    typical = median([_filled(r) for _, r in rows if len(r) == width] or [width])
    need = max(2, int(typical * 0.5 + 0.5))
    # Title rows never have the table's width with most cells filled (Excel pads them with
    # delimiters, but leaves those cells empty), so the first row that does starts the table.
    start = next((i for i, r in rows if len(r) == width and _filled(r) >= need), None)
    if start is None:
        start = next((i for i, r in rows if len(r) == width), rows[0][0])
    # A header without the trailing delimiter that every data row has ("a,b,c" over "1,2,3,"):
    # the header is one field short but complete, and the data rows' extra field is empty.
    before = [(i, r) for i, r in rows if i < start]
    if before:
        i, r = before[-1]
        data = [f for j, f in rows if j >= start][:20]
        if (len(r) == width - 1 and _filled(r) == len(r) >= 2 and i == _previous(records, start)
                and all(not f[-1].strip() for f in data)):
            return i
    return start


def _previous(records: list[list[str]], start: int) -> int:
    i = start - 1
    while i > 0 and is_blank(records[i]):
        i -= 1
    return i


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that gives the largest table of consistent width (see module doc)."""
    lines = lines[: SNIFF_RECORDS * 2]
    best, best_score, nonblank = ",", 0, 1
    for delimiter in CANDIDATES:
        records = parse(lines, delimiter)[:SNIFF_RECORDS]
        nonblank = max(nonblank, sum(1 for r in records if not is_blank(r)))
        # Also read each line on its own: one unclosed quote near the top would otherwise
        # swallow the rest of the sample and hand the vote to the wrong delimiter.
        one_by_one = [parse([line], delimiter)[0] for line in lines[:SNIFF_RECORDS] if line.strip()]
        score = max(_consistency(records), _consistency(one_by_one))
        if score > best_score:  # strict: ties keep the earlier, more common delimiter
            best, best_score = delimiter, score
    if best_score >= 0.5 * nonblank:
        return best
    spaced = _consistency(parse(lines, WHITESPACE)[:SNIFF_RECORDS])
    if spaced >= 0.5 * nonblank and spaced > best_score:
        return WHITESPACE
    # No consistent reading: a ragged file (baskets, free-form lists). Take the delimiter that
    # splits the most lines at all; the reader pads short rows and quarantines long ones.
    splits = {d: sum(len(r) > 1 for r in parse(lines, d)[:SNIFF_RECORDS]) for d in CANDIDATES}
    most = max(splits.values())
    return next(d for d in CANDIDATES if splits[d] == most) if most else best


def data_width(records: list[list[str]], start: int, header: bool) -> int:
    """Columns needed for the rows below the start: up to the last filled cell of any row.

    Wider than the modal width when some rows have extra filled fields (ragged files), so they
    get "column_N" columns instead of being quarantined; a trailing empty field that every data
    row has ("1,2,3,") adds nothing.
    """
    widest = 0
    for record in records[start + int(header):]:
        for i in range(len(record) - 1, -1, -1):
            if record[i].strip():
                widest = max(widest, i + 1)
                break
    return widest


def _consistency(records: list[list[str]]) -> int:
    """Number of records, from the table start on, that have the table's width (0 if width < 2)."""
    width = modal_width(records)
    if width < 2:
        return 0
    start = table_start(records, width)
    return sum(1 for r in records[start:] if len(r) == width)


def detect_header(records: list[list[str]], start: int) -> bool:
    """Is ``records[start]`` a header row? Mostly non-numeric text, unlike the rows below it."""
    if start >= len(records):
        return True
    first = [f for f in records[start] if f.strip()]
    if not first:
        return False
    numeric = sum(is_numeric_text(f) for f in first)
    if numeric / len(first) >= 0.5:
        return False
    below = [r for r in records[start + 1:start + 51] if not is_blank(r)]
    if not below:
        return True  # a single row: a header-only export is far more likely than one data row
    beyond = sum(any(f.strip() for f in r[len(records[start]):]) for r in below)
    if beyond >= 0.25 * len(below):
        return False  # rows with filled cells past its end: a ragged list (baskets), not a header
    # Columns that are numeric below and text in the first row vote for a header; a first row
    # whose every column looks like the rows below (all text, same shape) votes for data.
    votes = 0
    for j, cell in enumerate(records[start]):
        column = [r[j] for r in below if j < len(r) and r[j].strip()]
        if not column or not cell.strip():
            continue
        col_numeric = sum(is_numeric_text(v) for v in column) / len(column)
        if col_numeric >= 0.8:
            votes += -1 if is_numeric_text(cell) else 1
    return votes >= 0


def column_names(header: list[str] | None, width: int) -> list[str]:
    """Header texts as in the file (BOM removed); "column_N" for missing ones; repeats numbered.

    Whitespace is kept ("收货地址 " in Tmall exports): the mapping step trims, and the wizard
    must show the user the names exactly as their file has them.
    """
    names: list[str] = []
    header = list(header or [])
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    for i in range(width):
        text = header[i] if i < len(header) else ""
        names.append(text if text.strip() else f"column_{i + 1}")
    seen: set[str] = set()
    tried: dict[str, int] = {}  # the last suffix given to each name: a line of 600,000 equal
    result = []  # cells must not try 2, 3, ... again for every copy (quadratic, issue 12)
    for name in names:
        n = tried.get(name, 1)
        candidate = name if n == 1 else f"{name}_{n}"
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        tried[name] = n
        seen.add(candidate)
        result.append(candidate)
    return result
