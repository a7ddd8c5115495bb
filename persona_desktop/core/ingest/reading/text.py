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

Runs of simple lines take a faster path that gives the same records: fast.py.
"""
from __future__ import annotations

import csv
import io
from collections import deque
from itertools import chain
from typing import Iterator

from .encoding import LineDecoder, ascii_compatible
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
        # Lines of an earlier replay not parsed yet go after the new ones: a parser restarted
        # while it was still reading lines again must not drop them.
        pending = list(state[0]) if state else []
        state[:] = [deque(replay + pending)]
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
