"""Builders for the binary test files of the reader tests: OLE2 compound files and .xls workbooks.

No library writes these any more (xlwt is abandoned), so the tests build the few records they
need by hand: a compound file (MS-CFB, version 3, 512-byte sectors, no mini stream: every stream
is padded to 4096 bytes) and a BIFF8 workbook stream with text and number cells.
"""
from __future__ import annotations

import struct

END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def make_cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (names up to 31 characters)."""
    names = list(streams)
    datas = [s.ljust(max(4096, -(-len(s) // 512) * 512), b"\0") for s in streams.values()]
    sizes = [max(4096, len(s)) for s in streams.values()]
    fat = [FATSECT, END]
    starts = []
    for data in datas:
        count = len(data) // 512
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [END]
    assert len(fat) <= 128, "test streams too large for one FAT sector"
    fat += [FREE] * (128 - len(fat))

    def entry(name, kind, child, right, start, size):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, NOSTREAM, right, child)
                + b"\0" * 16 + struct.pack("<IQQIII", 0, 0, 0, start, size, 0))

    directory = entry("Root Entry", 5, 1 if names else NOSTREAM, NOSTREAM, END, 0)
    for i, name in enumerate(names, start=1):
        directory += entry(name, 2, NOSTREAM, i + 1 if i < len(names) else NOSTREAM,
                           starts[i - 1], sizes[i - 1])
    while len(directory) % 512:
        directory += b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) \
            + b"\0" * 16 + struct.pack("<IQQIII", 0, 0, 0, 0, 0, 0)
    assert len(directory) == 512
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", 0, *([FREE] * 108)))
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(datas)


def _record(rtype: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def _unicode(text: str, lenlen: int) -> bytes:
    head = struct.pack("<B" if lenlen == 1 else "<H", len(text))
    return head + b"\x01" + text.encode("utf-16-le")


def make_xls(sheets: dict[str, list[list]]) -> bytes:
    """A BIFF8 .xls with one sheet per item; cells are str (LABEL) or int/float (NUMBER)."""
    def bof(kind: int) -> bytes:
        return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    font = _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
                   + _unicode("Arial", 1))
    xf = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    bodies = []
    for rows in sheets.values():
        cells = b""
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    cells += _record(0x0204, struct.pack("<HHH", r, c, 0) + _unicode(value, 2))
                else:
                    cells += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
        bodies.append(bof(0x0010) + cells + _record(0x000A))
    fixed = bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + _record(0x0022, b"\0\0")
    fixed += font * 5 + xf * 21
    sheet_records_len = sum(len(_record(0x0085, b"\0" * (8 + len(n.encode("utf-16-le")))))
                            for n in sheets)
    offset = len(fixed) + sheet_records_len + len(_record(0x000A))
    boundsheets = b""
    for name, body in zip(sheets, bodies, strict=True):
        boundsheets += _record(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(name, 1))
        offset += len(body)
    stream = fixed + boundsheets + _record(0x000A) + b"".join(bodies)
    return make_cfb({"Workbook": stream})
