"""What kind of file is this, and a binary stream of its (decompressed) contents.

The kind is decided by content, not by the name: Excel files saved as ``.csv`` by mistake, web
exports that write CSV into a file called ``.xlsx``, and tables inside ``.gz``/``.zip`` archives
are all common. An Office file that starts with the OLE2 signature (D0 CF 11 E0) is either a
legacy ``.xls`` (a "Workbook" stream) or an encrypted, password-protected ``.xlsx`` (streams
"EncryptionInfo" and "EncryptedPackage"); we read the compound file's directory to tell.
"""
from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from ...errors import ImportFileMissing, NoTableInArchive, PasswordProtectedWorkbook, UnreadableFile

SAMPLE_BYTES = 4 << 20  # large enough for strict UTF-8 checks, small enough to read instantly
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
TEXT_EXTS = (".csv", ".tsv", ".txt", ".tab", ".dat", ".prn")
EXCEL_EXTS = (".xlsx", ".xlsm", ".xltx", ".xls")
_EXCEL_ZIP = ".xlsx", ".xlsm", ".xltx"


@dataclass
class Probe:
    kind: str                       # "csv" | "xlsx" | "xls"
    compression: str | None         # "gzip" | "zip" | None
    member: str | None = None       # chosen member of a zip archive
    members: list[str] = field(default_factory=list)  # data files found in a zip archive
    sample: bytes = b""             # first SAMPLE_BYTES of the decompressed content (text kinds)
    at_eof: bool = True             # the sample is the whole content
    size: int | None = None         # decompressed size when known (progress, row estimate)


def _cfb_stream_names(data: bytes) -> list[str] | None:
    """Names in an OLE2 compound file's directory, or None when the structure is unreadable."""
    try:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            return None
        sector = 1 << struct.unpack_from("<H", data, 30)[0]
        if sector not in (512, 4096):
            return None
        first_dir = struct.unpack_from("<I", data, 48)[0]
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < 0xFFFFFFFA]
        difat = struct.unpack_from("<I", data, 68)[0]
        for _ in range(1000):  # DIFAT chain of very large files; bounded against loops
            if difat >= 0xFFFFFFFA:
                break
            entries = struct.unpack_from(f"<{sector // 4}I", data, 512 + difat * sector)
            fat_sectors += [s for s in entries[:-1] if s < 0xFFFFFFFA]
            difat = entries[-1]
        fat: list[int] = []
        for s in fat_sectors:
            fat += struct.unpack_from(f"<{sector // 4}I", data, 512 + s * sector)
        names, current, seen = [], first_dir, set()
        while current < 0xFFFFFFFA and current not in seen and current < len(fat):
            seen.add(current)
            base = 512 + current * sector
            for off in range(base, base + sector, 128):
                length = struct.unpack_from("<H", data, off + 64)[0]
                if 2 <= length <= 64 and data[off + 66] in (1, 2, 5):
                    names.append(data[off:off + length - 2].decode("utf-16-le", "replace"))
            current = fat[current]
        return names or None
    except (struct.error, IndexError):
        return None


def _excel_or_encrypted(data: bytes, path: Path) -> str:
    names = _cfb_stream_names(data)
    lowered = {n.lower() for n in names or ()}
    if {"encryptedpackage", "encryptioninfo"} & lowered:
        raise PasswordProtectedWorkbook(name=path.name)
    if {"workbook", "book"} & lowered:
        return "xls"
    if names is None and path.suffix.lower() in _EXCEL_ZIP:
        # An .xlsx that is a compound file can only be Excel's encrypted package: a damaged
        # plain .xlsx is a broken zip, not an OLE file.
        raise PasswordProtectedWorkbook(name=path.name)
    if names is None and path.suffix.lower() == ".xls":
        return "xls"  # let the xls reader decide; it raises UnreadableFile if it can't
    raise UnreadableFile(name=path.name, detail="OLE2 document without a workbook")


def _zip_kind(zf: zipfile.ZipFile) -> str | None:
    names = {n.replace("\\", "/").lower() for n in zf.namelist()}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    return None


def _data_members(zf: zipfile.ZipFile) -> list[str]:
    """Table files in an archive, in archive order; macOS resource forks and folders skipped."""
    found = []
    for info in zf.infolist():
        pure = PurePosixPath(info.filename.replace("\\", "/"))
        if info.is_dir() or "__MACOSX" in pure.parts or pure.name.startswith((".", "~$")):
            continue
        if pure.suffix.lower() in TEXT_EXTS + EXCEL_EXTS:
            found.append(info.filename)
    return found


def _read_sample(stream) -> tuple[bytes, bool]:
    limit = SAMPLE_BYTES
    sample = stream.read(limit)
    return sample, len(sample) < limit or not stream.read(1)


def probe(path: Path) -> Probe:
    """Decide kind and compression, and read a sample of text content for the detectors."""
    if not path.exists():
        raise ImportFileMissing(name=path.name)
    if not path.is_file():
        raise UnreadableFile(name=path.name, detail="not a file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(OLE_MAGIC):
            with open(path, "rb") as fh:
                return Probe(_excel_or_encrypted(fh.read(), path), None)
        if head.startswith(ZIP_MAGICS):
            return _probe_zip(path)
        if head.startswith(GZIP_MAGIC):
            with gzip.open(path, "rb") as gz:
                sample, at_eof = _read_sample(gz)
            if sample.startswith(ZIP_MAGICS + (OLE_MAGIC,)):
                raise UnreadableFile(name=path.name, detail="compressed workbook: unpack it first")
            return Probe("csv", "gzip", sample=sample, at_eof=at_eof, size=_gzip_size(path, sample))
        with open(path, "rb") as fh:
            sample, at_eof = _read_sample(fh)
        return Probe("csv", None, sample=sample, at_eof=at_eof, size=path.stat().st_size)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as err:
        raise UnreadableFile(name=path.name, detail=type(err).__name__) from err


def _probe_zip(path: Path) -> Probe:
    with zipfile.ZipFile(path) as zf:
        kind = _zip_kind(zf)
        if kind == "xlsx":
            return Probe("xlsx", None)
        if kind == "xlsb":
            raise UnreadableFile(name=path.name, detail="binary workbook (.xlsb): save as .xlsx")
        members = _data_members(zf)
        if not members:
            raise NoTableInArchive(name=path.name)
        member = members[0]
        with zf.open(member) as fh:
            sample, at_eof = _read_sample(fh)
        size = zf.getinfo(member).file_size
    if sample.startswith(ZIP_MAGICS):
        return Probe("xlsx", "zip", member, members)
    if sample.startswith(OLE_MAGIC):
        return Probe(_excel_or_encrypted(sample if at_eof else _member_bytes(path, member), path),
                     "zip", member, members)
    return Probe("csv", "zip", member, members, sample, at_eof, size)


def _gzip_size(path: Path, sample: bytes) -> int | None:
    """Uncompressed size from the gzip trailer (modulo 4 GiB, so checked against the sample)."""
    with open(path, "rb") as fh:
        fh.seek(-4, io.SEEK_END)
        size = struct.unpack("<I", fh.read(4))[0]
    return size if size >= len(sample) else None


def _member_bytes(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(member)


def workbook_file(path: Path, compression: str | None, member: str | None):
    """A seekable file object for a workbook (openpyxl and xlrd need random access)."""
    if compression == "zip" and member:
        return io.BytesIO(_member_bytes(path, member))
    return open(path, "rb")


@contextmanager
def open_binary(path: Path, compression: str | None,
                member: str | None) -> Iterator[tuple[io.BufferedIOBase, Callable[[], int], int]]:
    """(binary stream of the content, bytes-done function, total bytes) for progress reports."""
    try:
        if compression == "gzip":
            # GzipFile and ZipExtFile read lines in Python; a C BufferedReader on top halves the time.
            with open(path, "rb") as raw, gzip.GzipFile(fileobj=raw) as gz:
                yield io.BufferedReader(gz, 1 << 20), raw.tell, path.stat().st_size
        elif compression == "zip":
            with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
                total = zf.getinfo(member).file_size
                yield io.BufferedReader(fh, 1 << 20), fh.tell, total
        else:
            with open(path, "rb") as fh:
                yield fh, fh.tell, path.stat().st_size
    except FileNotFoundError as err:
        raise ImportFileMissing(name=path.name) from err
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as err:
        # A truncated download fails here, possibly after many rows: the caller's transaction
        # rolls back, and the user learns the file is damaged.
        raise UnreadableFile(name=path.name, detail=type(err).__name__) from err
