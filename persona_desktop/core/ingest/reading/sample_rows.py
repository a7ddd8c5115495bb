"""What the rows of a file's sample look like below the header: how many, how many blank, their
narrowest and widest, and the problems met. ``inspect`` reports these (row estimate, warnings).

The sample is a few MiB (~50,000 rows): read by the same records as the import (the fast path's
Blocks where it applies), and counted per Block with numpy rather than one Python step per row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from . import fast as read_fast, sniff


@dataclass
class SampleRows:
    n_after: int = 0  # rows below the header that are not blank (unsplittable ones included)
    n_blank: int = 0
    shortest: int | None = None  # fields of the narrowest non-blank row
    longest: int = 0  # fields of the widest non-blank row
    widest: int = 0  # last non-blank field of any row (1-based)
    problems: list[str] = field(default_factory=list)  # problem of each unsplittable row

    def add(self, fields: list[str]) -> None:
        n = len(fields)
        self.n_after += 1
        self.shortest = n if self.shortest is None else min(self.shortest, n)
        self.longest = max(self.longest, n)
        self.widest = max(self.widest, next(i + 1 for i in range(n - 1, -1, -1) if fields[i].strip()))


def count(records: Iterable, skip_to: int) -> SampleRows:
    """Rows numbered above ``skip_to`` (title rows and the header) are not counted."""
    out = SampleRows()
    for record in records:
        if isinstance(record, read_fast.Block):
            _count_block(record, skip_to, out)
            continue
        row_no, fields, problem, _raw = record
        if row_no <= skip_to:
            continue
        if problem is not None:
            out.n_after += 1
            out.problems.append(problem)
        elif sniff.is_blank(fields):
            out.n_blank += 1
        else:
            out.add(fields)
    return out


def _count_block(block: read_fast.Block, skip_to: int, out: SampleRows) -> None:
    m = len(block.nfields)
    lines = np.arange(max(0, min(m, skip_to - block.first_row + 1)), m)
    blank = np.zeros(m, dtype=bool)
    for i in lines[block.maybe_blank[lines]].tolist():  # others start with a visible character
        blank[i] = sniff.is_blank(block.fields(i))
    rows = lines[~blank[lines]]
    out.n_blank += len(lines) - len(rows)
    if not len(rows):
        return
    out.n_after += len(rows)
    width = block.nfields[rows]
    low, high = int(width.min()), int(width.max())
    out.shortest = low if out.shortest is None else min(out.shortest, low)
    out.longest = max(out.longest, high)
    for j in range(high - 1, out.widest - 1, -1):  # the last field any row fills
        if any(f.strip() for f in block.cells[j][rows].tolist()):
            out.widest = j + 1
            break
