"""Read any supported table file into chunks of raw text cells, with exact row accounting.

``inspect(path)`` detects everything the import wizard shows (kind, compression, encoding,
delimiter, title rows, header, columns, sheets) from the first few MiB; the user may override any
of it and call ``inspect`` again. ``preview(info)`` gives the first rows; ``iter_chunks(info)``
streams the whole file in bounded memory.

Accounting (what the pipeline and its tests rely on): every record after the header row is, in
exactly one chunk, either
* a frame row (``Chunk.frame`` / ``Chunk.source_rows``): too few fields are padded with None
  (counted in ``Chunk.padded_rows``); trailing extra fields that are empty are dropped (no data);
* a bad row (``Chunk.bad_rows``: row number, reason, raw text) when it has extra non-empty
  fields ("too_many_fields"), undecodable bytes ("undecodable"), or broke the parser
  ("unbalanced_quotes": a quote opened and never closed; "malformed_quotes": ``"ab"cd``);
* a blank row: every cell empty or whitespace. Blank rows carry no data and are not returned, but
  counted in ``Chunk.blank_rows`` so that rows_in == frame rows + bad rows + blank rows.
Cells are never converted: all values are str, or None for an empty cell.

Row numbers are what a spreadsheet shows: 1-based, counting title rows, blank rows and the header,
one per record (a quoted cell with line breaks is one row, as in Excel).

A header-only file gives 0 rows and no error (an export of an empty period is valid); an empty
file raises EmptyFile. Damaged, binary and password-protected files raise typed errors.
"""
from __future__ import annotations

import io
import itertools
import logging
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from ...errors import (BinaryFile, EmptyFile, TooManyColumns, UnreadableFile, UnusualLineBreaks,
                       UsageError)
from ...jobs import Progress
from . import encoding as enc
from . import fast as read_fast, text as read_text, sample_rows, sniff
from .excel import Workbook
from .source import open_binary, probe

log = logging.getLogger(__name__)
# Excel's and WPS's column limit (XFD): a "table" wider than any spreadsheet is refused before
# its columns are examined; wide files below it are read, and their detection is bounded.
MAX_COLUMNS = 16_384


@dataclass
class SourceInfo:
    path: Path
    kind: str                          # "csv" | "xlsx" | "xls"
    compression: str | None = None     # "gzip" | "zip" | None
    member: str | None = None          # the zip member read
    encoding: str | None = None        # "utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "cp1252"...
    encoding_confidence: float = 1.0
    delimiter: str | None = None       # ",", ";", "\t", "|", or "whitespace"
    has_header: bool = True
    header_row: int = 0                # 0-based row of the header (or first data row without one)
    title_rows: int = 0                # rows above the table that are skipped
    columns: list[str] = field(default_factory=list)
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    rows_estimate: int | None = None   # exact when the whole file fitted in the sample
    warnings: list[str] = field(default_factory=list)
    # Beyond the wizard's needs: what the detectors saw, for the import report and for support.
    members: list[str] = field(default_factory=list)     # table files found in a zip archive
    fallback_encoding: str | None = None                 # for the minority lines of a mixed file
    encoding_method: str | None = None                   # "bom", "utf-8", "legacy", "user"...
    newline: str = "\n"                                  # "\r" for classic-Mac files
    blank_lines: int = 0                                 # blank rows below the header, in the sample
    rows_exact: bool = False                             # rows_estimate counted, not extrapolated


@dataclass
class Chunk:
    frame: pd.DataFrame                # columns == info.columns; object dtype, str or None
    source_rows: np.ndarray            # 1-based spreadsheet row of each frame row
    bad_rows: list[tuple[int, str, str]] = field(default_factory=list)
    blank_rows: int = 0
    padded_rows: int = 0
    warnings: set[str] = field(default_factory=set)

    @property
    def rows_in(self) -> int:
        return len(self.frame) + len(self.bad_rows) + self.blank_rows


def inspect(path, *, encoding: str | None = None, delimiter: str | None = None,
            sheet: str | None = None, has_header: bool | None = None) -> SourceInfo:
    """Detect how to read ``path``; every argument left None is detected."""
    path = Path(path)
    found = probe(path)
    info = SourceInfo(path=path, kind=found.kind, compression=found.compression,
                      member=found.member, members=list(found.members))
    if len(found.members) > 1:
        info.warnings.append("several_tables_in_archive")
    if found.kind in ("xlsx", "xls"):
        _inspect_workbook(info, sheet, has_header)
    else:
        try:
            _inspect_text(info, found, encoding, delimiter, has_header)
        except UnicodeDecodeError as err:  # only UTF-16 text streams decode strictly
            raise UnreadableFile(name=path.name, detail="invalid UTF-16 text") from err
    log.info("inspected %s file: %d columns, about %s rows, %d warnings", info.kind,
             len(info.columns), info.rows_estimate, len(info.warnings))
    return info


def _inspect_text(info: SourceInfo, found, encoding, delimiter, has_header) -> None:
    sample = found.sample
    name = info.path.name
    if encoding:
        guess = enc.EncodingGuess(enc.canonical(encoding), 1.0, "user")
        if guess.encoding == "utf-8" and sample.startswith(b"\xef\xbb\xbf"):
            guess.encoding = "utf-8-sig"
    else:
        guess = enc.detect(sample, found.at_eof)
    # Before the binary check: NUL-separated text would otherwise be called a picture or a PDF.
    odd = sniff.odd_line_break(sample[: 1 << 20].decode(guess.encoding, errors="replace"))
    if odd is not None and not (odd == "NUL" and enc.looks_binary(sample.replace(b"\0", b"\n"))):
        raise UnusualLineBreaks(name=name, separator=odd)
    if enc.ascii_compatible(guess.encoding) and enc.looks_binary(sample):
        raise BinaryFile(name=name)
    info.encoding, info.encoding_confidence = guess.encoding, guess.confidence
    info.encoding_method, info.fallback_encoding = guess.method, guess.fallback
    if b"\n" not in sample and b"\r" in sample and enc.ascii_compatible(guess.encoding):
        info.newline = "\r"
    trimmed = _trim_sample(sample, found.at_eof, info)
    decoded = _sample_source(trimmed, info)  # every line of the sample, decoded once
    texts = [text for text, _raw in decoded.decoded()]
    if not any(text.strip(" \t\r\n\ufeff") for text in texts):
        raise EmptyFile(name=name)
    head = texts[: sniff.SNIFF_RECORDS * 2]
    if _is_markup(head):
        # Many Chinese shop backends export an HTML table (or Excel 2003 XML) named .xls: read as
        # text it would import tags as data. Excel/WPS open it fine and can save it as .xlsx.
        raise UnreadableFile(name=name, detail="web page or XML saved as a spreadsheet")
    info.delimiter = _delimiter(delimiter) if delimiter else sniff.sniff_delimiter(head)
    width = sniff.modal_width(sniff.parse(head, info.delimiter)[: sniff.SNIFF_RECORDS])
    # A record the reader could not split counts as one non-blank cell for the sniffers.
    records = [list(r) if r is not None else ["".join(raw)] for _n, r, _p, raw in itertools.islice(
        read_text.records(_sample_source(trimmed, info), info.delimiter, width), sniff.SNIFF_RECORDS)]
    if all(sniff.is_blank(r) for r in records):
        raise EmptyFile(name=name)
    _locate_table(info, records, width, has_header)
    # Count the sample's rows below the header with the real record reader: exact for small files.
    rows = sample_rows.count(_sample_records(trimmed, info), info.header_row + info.has_header)
    n_after, n_blank, widest, problems = rows.n_after, rows.n_blank, rows.widest, rows.problems
    shortest, longest = rows.shortest, rows.longest
    if widest > len(info.columns) and not info.has_header:
        # A headerless ragged list (baskets) wider further down: more positional columns. Below a
        # header, extra filled fields usually mean an unquoted delimiter shifted the row's cells,
        # so such rows are quarantined instead ("too_many_fields").
        info.columns = sniff.column_names(None, widest)
    n = len(info.columns)
    for code, present in (("ragged_rows", shortest is not None and shortest < n),
                          ("too_many_fields", widest > n),
                          ("trailing_empty_fields", longest > n and widest <= n),
                          *((p, True) for p in problems)):
        if present and code not in info.warnings:
            info.warnings.append(code)
    info.blank_lines = n_blank
    if n_blank:
        info.warnings.append("blank_lines")
    info.rows_exact = found.at_eof
    if found.at_eof:
        info.rows_estimate = n_after
    elif found.size and trimmed:
        info.rows_estimate = int(n_after * found.size / len(trimmed))
    if guess.mixed or decoded.fallback_lines:
        info.warnings.append("mixed_encoding")
    if guess.confidence < 0.6:
        info.warnings.append("encoding_uncertain")


def _is_markup(lines: list[str]) -> bool:
    start = "".join(lines[:20]).lstrip("\ufeff \t\r\n")[:2000].lower()
    return start.startswith("<") and any(tag in start for tag in ("<table", "<html", "<?xml", "<!doctype"))


def _delimiter(value: str) -> str:
    """A delimiter chosen by the user: one character, or the names the wizard and CLI offer."""
    named = {"tab": "\t", "\\t": "\t", "space": sniff.WHITESPACE, "spaces": sniff.WHITESPACE,
             sniff.WHITESPACE: sniff.WHITESPACE}
    value = named.get(value.lower(), value) if len(value) > 1 else value
    if value != sniff.WHITESPACE and (len(value) != 1 or value in "\r\n\"" or value.isalnum()):
        raise UsageError(what=f"delimiter {value!r}: choose one of , ; | tab or whitespace")
    return value


def _trim_sample(sample: bytes, at_eof: bool, info: SourceInfo) -> bytes:
    """The sample cut after its last complete line (a partial line could end mid-character)."""
    if at_eof:
        return sample
    if enc.ascii_compatible(info.encoding):
        nl = info.newline.encode()
        return sample[: sample.rfind(nl) + 1] if nl in sample else sample
    little = info.encoding == "utf-16-le" or (info.encoding == "utf-16" and sample[:2] == b"\xff\xfe")
    nl = b"\n\x00" if little else b"\x00\n"
    end = len(sample)
    while end > 0:
        end = sample.rfind(nl, 0, end)
        if end % 2 == 0:
            return sample[: end + 2]
        end += 1  # odd offset: the two bytes straddle characters; look further back
    return sample[: len(sample) // 2 * 2]


def _sample_records(trimmed: bytes, info: SourceInfo) -> Iterator:
    """The sample's records as ``iter_chunks`` reads the file (fast path where it applies)."""
    if read_fast.fast_eligible(info.encoding, info.delimiter, info.newline == "\r"):
        return read_fast.fast_records(io.BytesIO(trimmed), info.encoding, info.fallback_encoding,
                                      info.delimiter, len(info.columns))
    return read_text.records(_sample_source(trimmed, info), info.delimiter, len(info.columns))


def _sample_source(trimmed: bytes, info: SourceInfo) -> read_text.LineSource:
    return read_text.LineSource(io.BytesIO(trimmed), info.encoding, info.fallback_encoding,
                                info.newline == "\r")


def _locate_table(info: SourceInfo, records: list[list[str]], width: int, has_header) -> None:
    start = sniff.table_start(records, width)
    info.header_row = info.title_rows = start
    if start:
        info.warnings.append("title_rows_skipped")
    detected = sniff.detect_header(records, start)
    info.has_header = detected if has_header is None else bool(has_header)
    if has_header is None and not detected:
        info.warnings.append("no_header_row")
    first = records[start] if start < len(records) else []
    if info.has_header:
        n = len(first)
        while n > width and not first[n - 1].strip():
            n -= 1  # empty cells past the table's width are padding, not columns
        _refuse_width(info, n)
        texts = [c.lstrip("\ufeff") for c in first[:n]]
        info.columns = sniff.column_names(first[:n], n)
        if any(not c.strip() for c in texts):
            info.warnings.append("empty_headers")
        if len(set(texts)) < len(texts):
            info.warnings.append("duplicate_headers")
    else:
        wide = max(width, len(first), sniff.data_width(records, start, False))
        _refuse_width(info, wide)
        info.columns = sniff.column_names(None, wide)


def _refuse_width(info: SourceInfo, n: int) -> None:
    if n > MAX_COLUMNS:
        raise TooManyColumns(name=info.path.name, columns=f"{n:,}", limit=f"{MAX_COLUMNS:,}")


def _inspect_workbook(info: SourceInfo, sheet: str | None, has_header) -> None:
    with Workbook(info.path, info.kind, info.compression, info.member) as book:
        info.sheets = book.sheets
        info.sheet = book.choose_sheet(sheet)
        rows = [cells for _n, cells in book.rows(info.sheet, limit=sniff.SNIFF_RECORDS)]
        total = book.rows_estimate(info.sheet)
    if not rows or all(sniff.is_blank(r) for r in rows):
        raise EmptyFile(name=f"{info.path.name} [{info.sheet}]")
    width = max(len(r) for r in rows)
    # Spreadsheet rows are trimmed of empty trailing cells; pad them back like Excel's CSV export
    # does, so the title-row logic sees filled-cell counts rather than ragged widths.
    padded = [r + [""] * (width - len(r)) for r in rows]
    _locate_table(info, padded, width, has_header)
    below = padded[info.header_row + info.has_header:]
    info.blank_lines = sum(sniff.is_blank(r) for r in below)
    if total is not None and total >= len(rows):
        info.rows_estimate = max(0, total - info.header_row - info.has_header)
        info.rows_exact = total == len(rows) and info.blank_lines == 0
    if info.blank_lines:
        info.warnings.append("blank_lines")


def preview(info: SourceInfo, n: int = 50) -> pd.DataFrame:
    """The first ``n`` data rows (fewer if the file has fewer); values are str or None."""
    with closing(iter_chunks(info, chunksize=max(1, n))) as chunks:
        for chunk in chunks:
            return chunk.frame.head(n)
    return _frame([], info.columns)


def iter_chunks(info: SourceInfo, chunksize: int = 100_000,
                progress: Progress | None = None, first_chunk: int | None = None) -> Iterator[Chunk]:
    """Stream the file as Chunks of at most ``chunksize`` frame rows (see module doc).

    ``first_chunk``: the first chunk holds at most this many rows and each next one twice as
    many, up to ``chunksize``. The import's writer starts when the first chunk is ready, so a
    small first chunk gets it going sooner (measured on Online Retail: ~0.5 s of the ~0.7 s a
    whole first chunk of 100,000 rows takes to read and clean)."""
    sizes = _sizes(chunksize, first_chunk)
    if info.kind in ("xlsx", "xls"):
        with Workbook(info.path, info.kind, info.compression, info.member) as book:
            records = ((row_no, cells, None, None) for row_no, cells in book.rows(info.sheet))
            yield from _assemble(records, info, sizes, progress, None, 0)
        return
    try:
        with open_binary(info.path, info.compression, info.member) as (binary, done, total):
            if read_fast.fast_eligible(info.encoding, info.delimiter, info.newline == "\r"):
                records = read_fast.fast_records(binary, info.encoding, info.fallback_encoding,
                                                 info.delimiter, len(info.columns))
            else:
                source = read_text.LineSource(binary, info.encoding, info.fallback_encoding,
                                              info.newline == "\r")
                records = read_text.records(source, info.delimiter, len(info.columns))
            yield from _assemble(records, info, sizes, progress, done, total)
    except UnicodeDecodeError as err:  # only UTF-16 text streams decode strictly
        raise UnreadableFile(name=info.path.name, detail="invalid UTF-16 text") from err


class _Rows:
    """The frame rows of the chunk being filled: record rows and runs of Block rows, in order."""

    def __init__(self, n: int):
        self.n, self.count = n, 0
        self.pieces: list = []  # list of rows, or (Block, line indices)
        self.numbers: list = []
        self.rows: list[list[str]] = []

    def add(self, fields: list[str], row_no: int) -> None:
        if not self.rows:
            self.pieces.append(self.rows)
        self.rows.append(fields)
        self.numbers.append(row_no)
        self.count += 1

    def add_block(self, block: read_fast.Block, lines: np.ndarray) -> None:
        self.pieces.append((block, lines))
        self.numbers.append(block.first_row + lines)
        self.rows = []
        self.count += len(lines)

    def cells(self) -> np.ndarray:
        cells = np.empty((self.count, self.n), dtype=object)
        at = 0
        for piece in self.pieces:
            if isinstance(piece, list):
                cells[at:at + len(piece)] = piece  # all rows have n cells here: no dtype guess
                at += len(piece)
                continue
            block, lines = piece
            for j in range(self.n):
                cells[at:at + len(lines), j] = block.cells[j][lines]
            at += len(lines)
        return cells

    def source_rows(self) -> np.ndarray:
        parts = [np.asarray(x, dtype=np.int64).reshape(-1) for x in self.numbers]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _sizes(chunksize: int, first: int | None) -> Iterator[int]:
    size = max(1, min(first or chunksize, chunksize))
    while True:
        yield size
        size = min(2 * size, chunksize)


def _assemble(records: Iterable, info: SourceInfo, sizes: Iterator[int], progress: Progress | None,
              done, total: int) -> Iterator[Chunk]:
    chunksize = next(sizes)
    n = len(info.columns)
    skip_to = info.header_row + int(info.has_header)  # last row number that is not data
    rows = _Rows(n)
    chunk = Chunk(_frame([], info.columns), np.empty(0, dtype=np.int64))
    counts = {"rows": 0, "bad": 0, "blank": 0}
    for record in records:
        if isinstance(record, read_fast.Block):
            kind = _block_kinds(record, n, skip_to)
            frame_lines = np.flatnonzero(kind == _FRAME)
            start = placed = 0  # lines and frame lines of the block already in chunks
            while start < len(kind):
                need = min(chunksize - rows.count, len(frame_lines) - placed)
                stop = int(frame_lines[placed + need - 1]) + 1 \
                    if need == chunksize - rows.count else len(kind)
                _add_lines(record, kind, start, stop, n, rows, chunk)
                start, placed = stop, placed + need
                if rows.count >= chunksize:
                    yield _finish(chunk, rows, info, counts, progress, done, total)
                    chunksize = next(sizes)
                    rows = _Rows(n)
                    chunk = Chunk(_frame([], info.columns), np.empty(0, dtype=np.int64))
            continue
        row_no, fields, problem, raw = record
        if row_no <= skip_to:
            continue
        if problem is not None:
            chunk.bad_rows.append((row_no, problem, _raw_text(raw, fields)))
            chunk.warnings.add(problem)
        elif not (fields and fields[0].strip()) and sniff.is_blank(fields):
            chunk.blank_rows += 1
        else:
            width = len(fields)
            if width > n:
                if any(f.strip() for f in fields[n:]):
                    chunk.bad_rows.append((row_no, "too_many_fields", _raw_text(raw, fields)))
                    chunk.warnings.add("too_many_fields")
                    continue
                fields = fields[:n]
                chunk.warnings.add("trailing_empty_fields")
            elif width < n:
                fields = fields + [""] * (n - width)
                chunk.padded_rows += 1
                if raw is not None:  # spreadsheets drop empty trailing cells: not ragged
                    chunk.warnings.add("ragged_rows")
            rows.add(fields, row_no)
            if rows.count >= chunksize:
                yield _finish(chunk, rows, info, counts, progress, done, total)
                chunksize = next(sizes)
                rows = _Rows(n)
                chunk = Chunk(_frame([], info.columns), np.empty(0, dtype=np.int64))
    if rows.count or chunk.bad_rows or chunk.blank_rows:
        yield _finish(chunk, rows, info, counts, progress, done, total)
    log.info("read %s file: %d rows, %d unsplittable, %d blank", info.kind, counts["rows"],
             counts["bad"], counts["blank"])


_SKIP, _FRAME, _TOO_MANY, _BLANK = -1, 0, 1, 2


def _block_kinds(block: read_fast.Block, n: int, skip_to: int) -> np.ndarray:
    """What each line of a Block is, by the rules the record loop of _assemble applies."""
    m = len(block.nfields)
    kind = np.full(m, _FRAME, dtype=np.int8)
    kind[: max(0, min(m, skip_to - block.first_row + 1))] = _SKIP
    for i in np.flatnonzero(block.maybe_blank & (kind == _FRAME)).tolist():
        fields = block.fields(i)
        if not (fields and fields[0].strip()) and sniff.is_blank(fields):
            kind[i] = _BLANK
    for i in np.flatnonzero((block.nfields > n) & (kind == _FRAME)).tolist():
        if any(f.strip() for f in block.fields(i)[n:]):
            kind[i] = _TOO_MANY
    return kind


def _add_lines(block: read_fast.Block, kind: np.ndarray, start: int, stop: int, n: int,
               rows: _Rows, chunk: Chunk) -> None:
    """Lines start..stop of a Block into the chunk being filled."""
    part = kind[start:stop]
    for i in (np.flatnonzero(part == _TOO_MANY) + start).tolist():
        chunk.bad_rows.append((block.first_row + i, "too_many_fields", block.line_text(i)))
        chunk.warnings.add("too_many_fields")
    chunk.blank_rows += int((part == _BLANK).sum())
    lines = np.flatnonzero(part == _FRAME) + start
    if not len(lines):
        return
    width = block.nfields[lines]
    if (width > n).any():
        chunk.warnings.add("trailing_empty_fields")
    padded = int((width < n).sum())
    if padded:
        chunk.padded_rows += padded
        chunk.warnings.add("ragged_rows")
    rows.add_block(block, lines)


def _finish(chunk: Chunk, rows: _Rows, info, counts, progress, done, total) -> Chunk:
    chunk.frame = _frame_of(rows.cells(), info.columns)
    chunk.source_rows = rows.source_rows()
    counts["rows"] += rows.count
    counts["bad"] += len(chunk.bad_rows)
    counts["blank"] += chunk.blank_rows
    if progress is not None:
        if done is not None and total:
            progress.step(min(done(), total), total, "reading")
        else:
            progress.step(counts["rows"], max(counts["rows"], info.rows_estimate or 0), "reading")
        progress.check_cancelled()
    return chunk


def _frame(rows: list[list[str]], columns: list[str]) -> pd.DataFrame:
    """Object-dtype frame of str/None (pandas 3 would otherwise infer its "str" dtype, NaN for None)."""
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}, columns=columns)
    cells = np.empty((len(rows), len(columns)), dtype=object)
    cells[:] = rows  # rows all have len(columns) cells here; never lets numpy guess a dtype
    return _frame_of(cells, columns)


def _frame_of(cells: np.ndarray, columns: list[str]) -> pd.DataFrame:
    if not len(cells):
        return _frame([], columns)
    cells[cells == ""] = None
    return pd.DataFrame(cells, columns=columns, dtype=object, copy=False)


def _raw_text(raw: list[str] | None, fields: list[str] | None) -> str:
    if raw is not None:
        return "".join(raw)
    return "\t".join(fields or [])
