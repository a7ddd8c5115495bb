"""The fast path of the text reader: runs of simple lines parsed by pandas' C parser.

pandas' C parser reads a delimited file about ten times faster than csv.reader fed line by line
from Python. It is used only for runs of lines where it provably gives what csv_records would:
every line decodes in the main encoding, holds no NUL, bare CR or over-long field, and its
quotes (if any) only wrap whole fields ("a,b", or "" doubled inside one), so one line is one
record. The first line breaking a rule and the lines after it go through csv_records (with the
same decoder and row numbers) until a record ends on a line boundary again.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np
import pandas as pd

from .encoding import LineDecoder, prefers_utf8
from .text import LineSource, csv_records
from .sniff import WHITESPACE


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
        # One conversion, then a view per column: taking 10,000 columns one Series at a time
        # cost seconds on very wide files.
        cells = list(frame.to_numpy(dtype=object).T)
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
