"""Text encoding detection and line-by-line decoding that never loses a line.

Shop exports arrive as UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode text"),
GB18030/GBK (Chinese Excel and WPS), Big5 (Taiwan, Hong Kong) or cp1252/Latin-1 (Western Excel).
Detection order, strongest evidence first:

1. a byte order mark (certain);
2. UTF-16 without BOM, recognised by NUL bytes in every other position (ASCII in UTF-16);
3. strict UTF-8, judged per line over a large sample so that one bad line does not turn a UTF-8
   file into a legacy one (a file joined from two exports is "mixed");
4. charset-normalizer restricted to the plausible legacy set, then a frequency check between
   GB18030 and Big5, which decode each other's bytes without error and so need a language hint.

GBK and GB2312 are reported as ``gb18030``: it is their superset, so decoding never gets worse.

Decoding goes line by line (``LineDecoder``): a line the main encoding cannot decode is tried in
the fallback encodings and, failing those, reported as undecodable so the reader can quarantine
the row with its raw bytes instead of dropping it or silently inserting replacement characters.
"""
from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

from ...errors import UnknownEncoding

log = logging.getLogger(__name__)

LEGACY = ("gb18030", "big5", "cp1252")
CJK = ("gb18030", "big5")
# Bytes that never occur in text (C0 controls other than tab, LF, VT, FF, CR, SUB and ESC).
_BINARY_BYTES = bytes([b for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27)])
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x7fELF",
                 b"MZ", b"BM", b"II*\x00", b"MM\x00*", b"SQLite format 3", b"\x1f\x8b", b"BZh",
                 b"\xfd7zXZ", b"ID3", b"OggS", b"RIFF")
# Names users (or the GUI's list) may give for the encodings we support, to our canonical names.
_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "gb18030": "gb18030",
            "big5": "big5", "cp950": "big5", "utf_8": "utf-8", "utf_8_sig": "utf-8-sig",
            "utf_16": "utf-16", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be",
            "cp1252": "cp1252", "latin_1": "latin-1", "iso8859_1": "latin-1"}


@dataclass
class EncodingGuess:
    encoding: str          # canonical name, e.g. "utf-8", "utf-8-sig", "utf-16", "gb18030"
    confidence: float      # 0..1; 1.0 for a BOM or a sample that is entirely valid UTF-8
    method: str            # "bom" | "utf-16-pattern" | "utf-8" | "ascii" | "legacy" | "user"
    fallback: str | None = None  # encoding of the minority lines when the sample is mixed
    mixed: bool = False    # some sample lines needed the fallback encoding


def canonical(name: str) -> str:
    """Our name for a codec the user or a detector named; UnknownEncoding when Python has none."""
    try:
        python_name = codecs.lookup(name.strip()).name.replace("-", "_")
    except (LookupError, AttributeError):
        raise UnknownEncoding(encoding=str(name)) from None
    return _ALIASES.get(python_name, python_name.replace("_", "-"))


def ascii_compatible(encoding: str) -> bool:
    """True when newline, quote and delimiters are the same single bytes as in ASCII.

    For these we may split raw bytes on b"\\n" before decoding: no multibyte character of UTF-8,
    GB18030 or Big5 contains the byte 0x0A. UTF-16/32 need a real text stream instead.
    """
    if encoding == "utf-8-sig":
        return True  # its BOM is stripped from the first line by the reader
    try:
        return "a,;|\t\"\r\n".encode(encoding) == b"a,;|\t\"\r\n" and not encoding.startswith("utf-16")
    except (LookupError, UnicodeError):
        return False


def bom_encoding(head: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when ``head`` starts with a byte order mark we support."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", 3
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        return None  # UTF-32 is not a format any spreadsheet writes; treated as binary
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", 2
    return None


def looks_binary(sample: bytes) -> bool:
    """A file that is no text in any encoding we read: known magic numbers or control bytes.

    Called after the BOM and UTF-16 checks (UTF-16 text is full of NUL bytes). Real text exports
    contain essentially none of these bytes, whereas compressed or image data has about 10%.
    """
    if sample.startswith(_BINARY_MAGIC):
        return True
    head = sample[:65536]
    if not head:
        return False
    bad = len(head) - len(head.translate(None, _BINARY_BYTES))
    return bad >= 2 and bad / len(head) > 0.01


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'-be' when the sample is ASCII-heavy UTF-16 (NULs in one byte position)."""
    head = sample[:65536]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    for enc, hi, lo in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if hi > 0.3 and lo < 0.02:
            try:
                head[: len(head) // 2 * 2].decode(enc)
            except UnicodeDecodeError:
                continue
            return enc
    return None


def _cjk_score(text: str, encoding: str) -> float:
    """Share of Han characters that are in the *common* part of ``encoding``'s character set.

    GB18030 and Big5 decode each other's bytes without errors, but the result is made of rare
    characters: genuine GB text falls in GB2312 level 1 (lead byte B0-D7, the 3,755 everyday
    simplified characters), genuine Big5 text in Big5 level 1 (lead byte A4-C6, 5,401 frequent
    traditional characters). The right reading scores near 1, the wrong one far lower.
    """
    han = [c for c in text[:100_000] if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    lo, hi = (0xB0, 0xD7) if encoding == "gb18030" else (0xA4, 0xC6)
    codec = "gb2312" if encoding == "gb18030" else "big5"
    common = 0
    for char in han:
        try:
            lead = char.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        common += lo <= lead <= hi
    return common / len(han)


def _detect_legacy(data: bytes) -> tuple[str, float]:
    """Best legacy encoding for non-UTF-8 bytes, with a confidence in 0..1."""
    decodable = {}
    for enc in LEGACY:
        try:
            decodable[enc] = data.decode(enc)[:100_000]
        except UnicodeDecodeError:
            pass
    if not decodable:
        return "latin-1", 0.3  # cp1252 leaves five bytes undefined; Latin-1 takes every byte
    if len(decodable) == 1:
        enc = next(iter(decodable))
        return enc, 0.9
    import charset_normalizer  # imported late: it loads language tables the app rarely needs

    if len(data) > 200_000:  # plenty for a language model; cut at a line end, not mid-character
        data = data[: data.rfind(b"\n", 0, 200_000) + 1] or data[:200_000]
    best = charset_normalizer.from_bytes(data, cp_isolation=list(decodable)).best()
    chosen = canonical(best.encoding) if best is not None else "gb18030"
    if chosen not in decodable:
        chosen = next(iter(decodable))
    confidence = 1.0 - (best.chaos if best is not None else 0.5)
    if chosen == "cp1252":
        # charset-normalizer can prefer cp1252 for a few words of Chinese (a header-only file);
        # everyday Han characters in one reading and mojibake runs in the other decide it.
        scores = {enc: _cjk_score(decodable[enc], enc) for enc in CJK if enc in decodable}
        if scores and max(scores.values()) > 0.8 and _high_runs(decodable["cp1252"]):
            return max(scores, key=scores.get), 0.6
    if chosen == "cp1252" or not all(enc in decodable for enc in CJK):
        return chosen, round(max(0.1, confidence), 3)
    gb, b5 = _cjk_score(decodable["gb18030"], "gb18030"), _cjk_score(decodable["big5"], "big5")
    if abs(gb - b5) < 0.05:
        # Too little text to tell (a few words): charset-normalizer's language model decides.
        return (chosen if chosen in CJK else "gb18030"), 0.5
    return ("gb18030", gb) if gb > b5 else ("big5", b5)


def _high_runs(text: str) -> bool:
    """Mojibake test: Chinese read as cp1252 turns every Han character into two or more accented
    letters or symbols in a row, whereas Western text mostly has lone accented letters (Café)."""
    high = in_runs = run = 0
    for char in text + "a":
        if ord(char) > 127:
            run += 1
            continue
        high += run
        in_runs += run if run >= 2 else 0
        run = 0
    return high > 0 and in_runs / high >= 0.8


def prefers_utf8(raw: bytes, main: str) -> bool:
    """Is this non-ASCII line of a file in legacy encoding ``main`` really UTF-8 (a mixed file)?

    Valid UTF-8 made only of 3-byte sequences (CJK) practically never happens by chance in
    GBK/Big5 text (two-byte UTF-8 sequences do, for short lines), and no valid multibyte UTF-8
    occurs in real cp1252 text ("Ã©" is itself mojibake). Such a line is decoded as UTF-8 instead
    of being turned into UTF-8 mojibake without any error.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if main not in CJK:
        return True
    return any(ord(c) >= 0x800 for c in text) and not any(0x80 <= ord(c) < 0x800 for c in text)


def detect(sample: bytes, at_eof: bool) -> EncodingGuess:
    """Guess the encoding of a file from its first bytes (``at_eof``: the sample is the whole file).

    The sample is cut back to its last complete line so that a multibyte character split at the
    sample boundary does not count as invalid UTF-8.
    """
    bom = bom_encoding(sample)
    if bom:
        return EncodingGuess(bom[0], 1.0, "bom")
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return EncodingGuess(utf16, 0.9, "utf-16-pattern")
    if not at_eof and b"\n" in sample:
        sample = sample[: sample.rfind(b"\n") + 1]
    good = bad = 0
    bad_lines, good_text = [], []
    for line in sample.split(b"\n"):
        if line.isascii():
            continue
        try:
            good_text.append(line.decode("utf-8"))
            good += 1
        except UnicodeDecodeError as err:
            # A sample with no newline at all (one huge line) may end mid-character.
            if not at_eof and b"\n" not in sample and err.start >= len(line) - 3:
                good += 1
                continue
            bad += 1
            bad_lines.append(line)
    if good == 0 and bad == 0:
        return EncodingGuess("utf-8", 1.0, "ascii")
    if bad == 0 or good > bad:
        guess = EncodingGuess("utf-8", round(good / (good + bad), 3), "utf-8")
        if bad:
            fallback, _ = _detect_legacy(b"\n".join(bad_lines))
            # Latin-1 decodes any byte: as a fallback it would hide garbage instead of flagging it.
            guess.fallback = None if fallback == "latin-1" else fallback
            guess.mixed = True
        return guess
    enc, confidence = _detect_legacy(b"\n".join(bad_lines))
    guess = EncodingGuess(enc, round(confidence, 3), "legacy")
    if good and any(prefers_utf8(line.encode("utf-8"), enc) for line in good_text):
        guess.fallback, guess.mixed = "utf-8", True
    return guess


class LineDecoder:
    """Decode physical lines of an ASCII-compatible file; never raises, never drops a line.

    ``decode(raw)`` returns ``(text, status)`` where status is None (main encoding),
    ``"mixed_encoding"`` (a fallback encoding was needed) or ``"undecodable"`` (no candidate
    worked: the text has U+FFFD where bytes were bad and the caller quarantines the row, keeping
    ``raw_text(raw)`` which shows the bad bytes as \\xNN escapes).
    """

    def __init__(self, encoding: str, fallback: str | None = None):
        self.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self.utf8_main = self.encoding == "utf-8"
        chain = [fallback] if fallback else []
        chain += ["utf-8"] if not self.utf8_main else []
        chain += ["gb18030", "cp1252"]
        self.fallbacks = [e for i, e in enumerate(chain) if e and e != self.encoding and e not in chain[:i]]
        self.fallback_lines = 0
        self.undecodable_lines = 0

    def decode(self, raw: bytes) -> tuple[str, str | None]:
        if self.utf8_main:
            try:
                return raw.decode("utf-8"), None
            except UnicodeDecodeError:
                pass
        elif raw.isascii():
            return raw.decode("ascii"), None
        else:
            if prefers_utf8(raw, self.encoding):
                self.fallback_lines += 1
                return raw.decode("utf-8"), "mixed_encoding"
            try:
                return raw.decode(self.encoding), None
            except UnicodeDecodeError:
                pass
        for enc in self.fallbacks:
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            self.fallback_lines += 1
            return text, "mixed_encoding"
        self.undecodable_lines += 1
        return raw.decode(self.encoding, errors="replace"), "undecodable"

    def raw_text(self, raw: bytes) -> str:
        return raw.decode(self.encoding, errors="backslashreplace")
