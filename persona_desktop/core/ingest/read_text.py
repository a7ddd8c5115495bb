"""Records of a text table (CSV/TSV/TXT), one per spreadsheet row, with nothing lost.

A record is what a spreadsheet shows as one row: a quoted field may span several physical lines,
so row numbers count records, not lines. Records come out as ``(row_no, fields, problem, raw)``:
``fields`` is None when the record could not be split (``problem`` says why: "undecodable",
"unbalanced_quotes", "malformed_quotes"); ``raw`` is the list of the record's physical lines, valid only
until the next record is requested (the reader reuses it; join it at once if you keep it).

A stray quote (``5" screen`` is fine, but a field starting ``"Bob,`` is not) makes the csv
parser read on to the next quote, swallowing the rows in between into one field. A multi-line
record with the wrong number of fields, running past ``MAX_RECORD_LINES`` lines, or still open at
the end of the file (the parser is strict) is treated as such an accident: its first line is
quarantined as "unbalanced_quotes" and the lines after it are parsed again, so every following
row is still read. Strict parsing also quarantines malformed quoting within one line
(``"abc"def``) as "malformed_quotes" instead of guessing what it meant.
"""
from __future__ import annotations

import csv
import io
import re
from collections import deque
from itertools import chain
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np
import pandas as pd

from .encoding import LineDecoder, ascii_compatible, prefers_utf8
from .sniff import WHITESPACE

MAX_RECORD_LINES = 1000


class _Runaway(Exception):
    pass


def _split_cr(binary) -> Iterator[bytes]:
    """Physical lines of a file that uses bare CR line ends (classic Mac exports)."""
    pending = b""
    for block in iter(lambda: binary.read(1 << 20), b""):
        parts = (pending + block).split(b"\r")
        pending = parts.pop()
        for part in parts:
            yield part + b"\r"
    if pending:
        yield pending


class LineSource:
    """Physical lines of a binary stream, decoded as the reader and the sniffers both see them.

    ASCII-compatible encodings are split on bytes and decoded line by line (LineDecoder), so a
    line in another encoding costs that line a fallback, not the file. UTF-16 goes through a text
    stream (its newline is two bytes); a decoding error there raises UnicodeDecodeError.
    """

    def __init__(self, binary, encoding: str, fallback: str | None = None, cr_only: bool = False):
        if ascii_compatible(encoding):
            self.decoder: LineDecoder | None = LineDecoder(encoding, fallback)
            raws = _split_cr(binary) if cr_only else iter(binary)
            if encoding == "utf-8-sig":
                first = next(raws, b"")
                raws = chain([first[3:] if first.startswith(b"\xef\xbb\xbf") else first], raws)
            self.lines = raws
        else:
            self.decoder = None
            self.lines = iter(io.TextIOWrapper(binary, encoding=encoding, newline=""))

    @classmethod
    def of_lines(cls, lines: Iterator[bytes], decoder: LineDecoder) -> "LineSource":
        """Raw lines already split (by ``fast_records``), decoded like any other source."""
        source = cls.__new__(cls)
        source.decoder, source.lines = decoder, lines
        return source

    def decoded(self) -> Iterator[tuple[str, str | None]]:
        """(text for the parser, raw text if the line is undecodable else None) per line."""
        decoder = self.decoder
        if decoder is None:
            for text in self.lines:
                yield text, None
            return
        decode = decoder.decode
        for raw in self.lines:
            text, status = decode(raw)
            yield text, (decoder.raw_text(raw) if status == "undecodable" else None)

    @property
    def fallback_lines(self) -> int:
        return self.decoder.fallback_lines if self.decoder else 0


def _feed(source: LineSource, replay: deque, buf: list, bad: dict) -> Iterator[str]:
    """Lines for csv.reader; records each in ``buf`` (and undecodable ones in ``bad``)."""
    while replay:
        text, raw = replay.popleft()
        if raw is not None:
            bad[len(buf)] = raw
        buf.append(text)
        yield text
    decoder = source.decoder
    if decoder is None:
        for text in source.lines:
            buf.append(text)
            if len(buf) > MAX_RECORD_LINES:
                raise _Runaway
            yield text
        return
    decode = decoder.decode
    if decoder.utf8_main:
        # The common case inlined: one C call per line, LineDecoder only for the odd line.
        for raw in source.lines:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text, status = decode(raw)
                if status == "undecodable":
                    bad[len(buf)] = decoder.raw_text(raw)
            buf.append(text)
            if len(buf) > MAX_RECORD_LINES:
                raise _Runaway
            yield text
        return
    for raw in source.lines:
        text, status = decode(raw)
        if status == "undecodable":
            bad[len(buf)] = decoder.raw_text(raw)
        buf.append(text)
        if len(buf) > MAX_RECORD_LINES:
            raise _Runaway
        yield text


def csv_records(source: LineSource, delimiter: str, width: int,
                state: list | None = None) -> Iterator[tuple]:
    """Records of a delimited file; ``width`` is the expected number of fields (for resync).

    ``state`` (optional) receives the lines still to be parsed again: the record just returned
    ended at a line boundary of the source when it is empty (``fast_records`` relies on it)."""
    buf: list[str] = []
    bad: dict[int, str] = {}
    state = [] if state is None else state

    def feed(replay: list) -> Iterator[str]:
        state[:] = [deque(replay)]
        return _feed(source, state[0], buf, bad)

    reader = csv.reader(feed([]), delimiter=delimiter, strict=True)
    row_no = 0
    while True:
        try:
            fields = next(reader)
            problem = None
        except StopIteration:
            return
        except _Runaway:
            fields, problem = None, "unbalanced_quotes"
        except csv.Error:
            fields, problem = None, "malformed_quotes"
        row_no += 1
        if len(buf) == 1 and not bad and problem is None:  # the common case, kept cheap
            yield row_no, fields, None, buf
            buf.clear()
            continue
        if len(buf) > 1 and (problem or (width > 1 and len(fields) != width)):
            # Quarantine the line that opened the quote; parse the lines it swallowed again.
            replay = [(text, bad.get(i)) for i, text in enumerate(buf) if i > 0]
            first = [bad.get(0, buf[0])]
            buf.clear()
            bad.clear()
            reader = csv.reader(feed(replay), delimiter=delimiter, strict=True)
            yield row_no, None, "unbalanced_quotes", first
            continue
        if problem:
            reader = csv.reader(feed([]), delimiter=delimiter, strict=True)
        if bad:
            raw = [bad.get(i, text) for i, text in enumerate(buf)]
            fields, problem = None, "undecodable"
        else:
            raw = buf
        yield row_no, fields, problem, raw
        buf.clear()
        bad.clear()


def whitespace_records(source: LineSource) -> Iterator[tuple]:
    """Records of a whitespace-aligned file: one per line, fields split on runs of blanks."""
    for row_no, (text, raw) in enumerate(source.decoded(), start=1):
        if raw is not None:
            yield row_no, None, "undecodable", [raw]
        else:
            yield row_no, text.split(), None, [text]


def records(source: LineSource, delimiter: str, width: int) -> Iterator[tuple]:
    if delimiter == WHITESPACE:
        return whitespace_records(source)
    return csv_records(source, delimiter, width)


# --- the fast path --------------------------------------------------------------------------------
# pandas' C parser reads a delimited file about ten times faster than csv.reader fed line by line
# from Python. It is used only for runs of lines where it provably gives what csv_records would:
# every line decodes in the main encoding, holds no NUL, bare CR or over-long field, and its
# quotes (if any) only wrap whole fields ("a,b" and "a ""b"""), so one line is one record. The
# first line breaking a rule and the lines after it go through csv_records (with the same
# decoder and row numbers) until a record ends on a line boundary again.

FAST_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "cp1252", "latin-1", "ascii")
BLOCK_BYTES = (256 << 10, 8 << 20)  # first block small (a preview reads only it), then larger
SLOW_LINES = 2000  # lines read by csv_records before trying the fast path again


@dataclass
class Block:
    """Lines read by the fast path: field ``j`` of line ``i`` is ``cells[j][i]`` ("" past the
    line's last field); ``nfields[i]`` is the number of fields csv.reader gives (0 for an empty
    line)."""
    first_row: int
    cells: list[np.ndarray]
    nfields: np.ndarray
    line_text: Callable[[int], str]  # raw text of line i with its line end, for quarantine
    maybe_blank: np.ndarray  # lines whose first field may be empty or blank (by its first byte)

    def fields(self, i: int) -> list[str]:
        return [self.cells[j][i] for j in range(int(self.nfields[i]))]


def fast_eligible(encoding: str, delimiter: str, cr_only: bool) -> bool:
    return encoding in FAST_ENCODINGS and delimiter != WHITESPACE and not cr_only


def _blocks(binary, encoding: str) -> Iterator[bytes]:
    """The stream in blocks of whole lines (the last may lack its line end)."""
    size = BLOCK_BYTES[0]
    first = True
    while True:
        block = binary.read(size)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += binary.readline()
        if first and encoding == "utf-8-sig" and block.startswith(b"\xef\xbb\xbf"):
            block = block[3:]  # as LineSource does
        first = False
        size = min(size * 4, BLOCK_BYTES[1])
        if block:
            yield block


def _split(block: bytes) -> list[bytes]:
    """Lines as iterating a binary file gives them."""
    lines = block.split(b"\n")
    last = lines.pop()
    out = [line + b"\n" for line in lines]
    if last:
        out.append(last)
    return out


def _quoted_line(delimiter: str) -> re.Pattern:
    d = re.escape(delimiter)
    field = f'(?:"(?:[^"\\r\\n]|"")*"|[^"{d}\\r\\n]*)'
    return re.compile(f"{field}(?:{d}{field})*")


class _FastParser:
    def __init__(self, encoding: str, delimiter: str, width: int):
        self.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self.delimiter, self.width = delimiter, width
        self.quoted_line = _quoted_line(delimiter)
        self.limit = csv.field_size_limit()

    def parse(self, block: bytes, first_row: int) -> tuple[Block | None, int, int]:
        """(Block of the lines before the first one the fast path cannot take, how many lines
        that is, how many lines the block has)."""
        data = np.frombuffer(block, dtype=np.uint8)
        ends = np.flatnonzero(data == 10) + 1
        if not len(ends) or ends[-1] != len(block):
            ends = np.append(ends, len(block))
        starts = np.concatenate(([0], ends[:-1]))
        total = stop = len(ends)  # stop: the first line the fast path cannot take

        def first_line_at(positions) -> None:
            nonlocal stop
            if len(positions):
                stop = min(stop, int(np.searchsorted(ends, positions[0], side="right")))

        first_line_at(np.flatnonzero(data == 0))
        cr = np.flatnonzero(data == 13)
        first_line_at(cr[data[np.minimum(cr + 1, len(data) - 1)] != 10])  # a CR not before LF
        first_line_at(starts[ends - starts > self.limit])
        bom = block.find(b"\xef\xbb\xbf")  # pandas drops a BOM that csv.reader keeps
        first_line_at([bom] if bom >= 0 else [])
        first_line_at(self._undecodable(block, data, starts, ends))
        newline = data[ends - 1] == 10
        crlf = newline & (ends - starts >= 2) & (data[np.maximum(ends - 2, 0)] == 13)
        empty = (ends - starts - newline - crlf) == 0
        delims = np.flatnonzero(data == ord(self.delimiter))
        nfields = np.diff(np.searchsorted(delims, np.concatenate(([0], ends)))) + 1
        nfields[empty] = 0  # csv.reader gives [] for an empty line
        quoted_fields = {}
        for i in np.unique(np.searchsorted(ends, np.flatnonzero(data == 34), side="right")).tolist():
            if i >= stop:
                break
            line = self.line_text(block, starts, ends, i).removesuffix("\n").removesuffix("\r")
            try:
                if not self.quoted_line.fullmatch(line):
                    raise csv.Error
                quoted_fields[i] = next(csv.reader([line], delimiter=self.delimiter, strict=True))
            except csv.Error:
                stop = i
                break
            nfields[i] = len(quoted_fields[i])
        if stop == 0:
            return None, 0, total
        wide = max(int(nfields[:stop].max()), self.width, 1)
        if wide > 4 * self.width + 64:
            return None, 0, total  # lines with thousands of fields: not worth a huge frame
        end = int(ends[stop - 1])
        raw = block[:end] if self.encoding == "utf-8" else block[:end].decode(self.encoding).encode()
        try:
            frame = pd.read_csv(io.BytesIO(raw), sep=self.delimiter, header=None,
                                names=range(wide), dtype=object, na_filter=False,
                                keep_default_na=False, skip_blank_lines=False,
                                quoting=csv.QUOTE_MINIMAL, quotechar='"', doublequote=True,
                                escapechar=None, comment=None, engine="c", index_col=False,
                                skipinitialspace=False, encoding="utf-8")
        except (pd.errors.ParserError, ValueError):
            return None, 0, total  # never expected: fall back rather than guess
        cells = [frame[j].to_numpy(dtype=object) for j in range(wide)]
        if len(frame) != stop or any([cells[j][i] for j in range(len(f))] != f
                                     for i, f in quoted_fields.items()):
            return None, 0, total
        # A line starting with a visible ASCII character has a non-blank first field.
        lead = data[starts[:stop]]
        maybe_blank = (lead <= 32) | (lead >= 127) | (lead == 34) | (lead == ord(self.delimiter))
        return (Block(first_row, cells, nfields[:stop],
                      lambda i: self.line_text(block, starts, ends, i), maybe_blank), stop, total)

    def _undecodable(self, block: bytes, data, starts, ends) -> list[int]:
        """Position of the first line LineDecoder would not decode in the main encoding."""
        if self.encoding == "utf-8" or block.isascii():
            try:
                block.decode(self.encoding)
            except UnicodeDecodeError as err:
                return [err.start]
            return []
        lines = np.unique(np.searchsorted(ends, np.flatnonzero(data >= 128), side="right"))
        for i in lines.tolist():
            line = block[int(starts[i]):int(ends[i])]
            if prefers_utf8(line, self.encoding) or not _decodes(line, self.encoding):
                return [int(starts[i])]
        return []

    def line_text(self, block: bytes, starts, ends, i: int) -> str:
        return block[int(starts[i]):int(ends[i])].decode(self.encoding)


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class _SlowLines:
    """Lines for csv_records: the rest of the current block, then whole blocks as needed."""

    def __init__(self, lines: list[bytes], pos: int, blocks: Iterator[bytes]):
        self.lines, self.pos, self.blocks, self.count = lines, pos, blocks, 0

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        if self.pos == len(self.lines):
            block = next(self.blocks, None)
            if block is None:
                raise StopIteration
            self.lines, self.pos = _split(block), 0
        self.pos += 1
        self.count += 1
        return self.lines[self.pos - 1]


def fast_records(binary, encoding: str, fallback: str | None, delimiter: str,
                 width: int) -> Iterator:
    """What ``records`` gives for the same stream, with runs of simple lines as ``Block``s."""
    decoder = LineDecoder(encoding, fallback)
    parser = _FastParser(encoding, delimiter, width)
    blocks = _blocks(binary, encoding)
    row = 0
    pending: bytes | None = None
    while True:
        block = pending if pending is not None else next(blocks, None)
        pending = None
        if block is None:
            return
        parsed, n, total = parser.parse(block, row + 1)
        if parsed is not None:
            yield parsed
            row += n
        if n == total:
            continue
        # The exact path from line n, until a record ends on a line boundary again.
        feeder = _SlowLines(_split(block), n, blocks)
        state: list = []
        start = row
        for record in csv_records(LineSource.of_lines(feeder, decoder), delimiter, width, state):
            row = start + record[0]
            yield (row,) + record[1:]
            if not state[0] and (feeder.pos == len(feeder.lines) or feeder.count >= SLOW_LINES):
                break
        if feeder.pos < len(feeder.lines):
            pending = b"".join(feeder.lines[feeder.pos:])
