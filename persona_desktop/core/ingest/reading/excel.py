"""Rows of an Excel workbook (.xlsx via openpyxl, legacy .xls via xlrd) as exact cell texts.

Cells become the text a person would type to get that value, never a reformatted number:
integers without ".0" (an id 17850 stays "17850"), other numbers in plain positional notation
(1e-05 -> "0.00001"), text cells untouched (leading zeros of "0123" kept), numbers shown with a
zero-padded format such as "000000" padded the same way (postcodes stored as numbers), dates as
ISO text ("2024-03-01 10:15:00", or "2024-03-01" for a date-only format), booleans TRUE/FALSE.
Formulas give their cached result (what Excel showed when the file was saved).

xlsx is streamed (openpyxl read_only), so memory stays flat for large sheets. xlrd is an
optional dependency: without it a .xls raises LegacyExcelUnsupported with advice to re-save.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterator

import numpy as np

from ...errors import (LegacyExcelUnsupported, PasswordProtectedWorkbook, SheetNotFound,
                       UnreadableFile)
from .source import workbook_file

_ZERO_PAD = re.compile(r'^0{2,}$')
_TIME_TOKENS = re.compile(r"[hs]|am/pm", re.I)


def number_text(value: float | int, number_format: str | None = None) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            value = int(value)
        else:
            return np.format_float_positional(value, trim="-")
    text = str(value)
    if number_format and _ZERO_PAD.match(number_format) and value >= 0:
        text = text.zfill(len(number_format))
    return text


def cell_text(value, number_format: str | None = None) -> str:
    """Exact text of an Excel cell value ("" for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value, number_format)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and not _TIME_TOKENS.search(number_format or ""):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


class Workbook:
    """An open workbook: its sheet names and a row iterator for one sheet; use as a context manager."""

    def __init__(self, path: Path, kind: str, compression: str | None, member: str | None):
        self.path, self.kind = path, kind
        self._fh = workbook_file(path, compression, member)
        try:
            self._book = self._open_xlsx() if kind == "xlsx" else self._open_xls()
        except BaseException:
            self._fh.close()
            raise
        self.sheets: list[str] = (list(self._book.sheetnames) if kind == "xlsx"
                                  else list(self._book.sheet_names()))

    def _open_xlsx(self):
        import openpyxl

        try:
            return openpyxl.load_workbook(self._fh, read_only=True, data_only=True)
        except Exception as err:  # zipfile, XML and openpyxl errors alike: the file is damaged
            raise UnreadableFile(name=self.path.name, detail=type(err).__name__) from err

    def _open_xls(self):
        try:
            import xlrd
        except ImportError:
            raise LegacyExcelUnsupported(name=self.path.name) from None
        try:
            return xlrd.open_workbook(file_contents=self._fh.read(), on_demand=True)
        except xlrd.XLRDError as err:
            if "encrypted" in str(err).lower():
                raise PasswordProtectedWorkbook(name=self.path.name) from err
            raise UnreadableFile(name=self.path.name, detail=type(err).__name__) from err
        except Exception as err:  # truncated or malformed compound file
            raise UnreadableFile(name=self.path.name, detail=type(err).__name__) from err

    def close(self) -> None:
        try:
            if self.kind == "xlsx":
                self._book.close()
            else:
                self._book.release_resources()
        finally:
            self._fh.close()

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def choose_sheet(self, sheet: str | None) -> str:
        """The sheet the user asked for, or the first visible sheet that has any cell filled."""
        if sheet is not None:
            if sheet not in self.sheets:
                raise SheetNotFound(name=self.path.name, sheet=sheet, sheets=", ".join(self.sheets))
            return sheet
        for name in self.sheets:
            if self._visible(name) and any(any(c for c in row) for _n, row in self.rows(name, limit=50)):
                return name
        return self.sheets[0]

    def _visible(self, name: str) -> bool:
        if self.kind == "xlsx":
            return getattr(self._book[name], "sheet_state", "visible") == "visible"
        return getattr(self._book.sheet_by_name(name), "visibility", 0) == 0

    def rows_estimate(self, name: str) -> int | None:
        if self.kind == "xlsx":
            return self._book[name].max_row  # from the sheet's <dimension>; may be missing
        return self._book.sheet_by_name(name).nrows

    def rows(self, name: str, limit: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """(1-based row number, cell texts) for every row, empty rows included."""
        source = self._xlsx_rows(name) if self.kind == "xlsx" else self._xls_rows(name)
        try:
            for count, item in enumerate(source):
                if limit is not None and count >= limit:
                    return
                yield item
        except (UnreadableFile, SheetNotFound):
            raise
        except Exception as err:  # damaged sheet XML discovered while streaming
            raise UnreadableFile(name=self.path.name, detail=type(err).__name__) from err

    def _xlsx_rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        row_no = 0
        for cells in self._book[name].iter_rows():
            row_no += 1
            texts = []
            for cell in cells:
                value = cell.value
                if value is None:
                    texts.append("")
                    continue
                row_no = getattr(cell, "row", row_no) or row_no
                texts.append(cell_text(value, getattr(cell, "number_format", None)))
            yield row_no, _trim(texts)

    def _xls_rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        import xlrd

        sheet = self._book.sheet_by_name(name)
        for r in range(sheet.nrows):
            texts = []
            for cell in sheet.row(r):
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    texts.append("")
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        value = xlrd.xldate.xldate_as_datetime(cell.value, self._book.datemode)
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        value = cell.value  # a number outside Excel's calendar: keep the number
                    texts.append(cell_text(value, "h" if cell.value % 1 else ""))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    texts.append("TRUE" if cell.value else "FALSE")
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    texts.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
                else:
                    texts.append(cell_text(cell.value))
            yield r + 1, _trim(texts)


def _trim(texts: list[str]) -> list[str]:
    """Drop trailing empty cells (a sheet's used range is often wider than its data)."""
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return texts[:end]
