"""Many rows into one table with few statements: multi-row ``INSERT ... VALUES (...), (...)``.

Why not ``executemany`` (measured, Online Retail's 541,909 order lines into a vault): it steps
SQLite once per row, taking the GIL back after every row, so the import's reader thread can never
run while rows are written, and its per-row overhead is ~0.6 s of the file's ~2.5 s of inserts.
One statement of a few thousand rows is stepped once, with the GIL released for the whole of it.

Binding holds the GIL (~85 ns per value, measured: 0.42 s for the 4.9 million values of Online
Retail's lines, during which the import's other thread cannot run), so a column with one value
for every row (the import id, or NULL throughout) is written into the statement as a literal
(``Literal``) instead of being bound once per row.

Semantics are those of running the same single-row statement once per row, in order: SQLite
inserts the rows of a VALUES list one after another (rowids in list order; ``OR IGNORE`` and
``ON CONFLICT`` act per row, a later row seeing the earlier ones). Constraint errors abort the
statement and, as with executemany, the caller's transaction decides what survives.
Values are bound, never formatted into SQL text, so floats keep every bit; literals are only
NULL and integers the code made, never a value read from a file.
"""
from __future__ import annotations

from functools import lru_cache

# SQLite's default limit of bound parameters per statement since 3.32 (this build allows more;
# staying under the default keeps any build working, and larger statements were not faster).
MAX_PARAMS = 32766


class Literal(str):
    """SQL text standing for a whole column's value: NULL, an integer or a hex string."""

    @classmethod
    def integer(cls, value: int) -> "Literal":
        return cls(str(int(value)))

    @classmethod
    def hex_text(cls, value: str) -> "Literal":
        """A quoted hex string (a write's token): nothing in it can need escaping."""
        int(value, 16)  # raises on anything but hex digits
        return cls(f"'{value}'")


NULL = Literal("NULL")


class Packed:
    """A column of equal-width BLOBs (natural keys) passed as one BLOB per statement, which
    SQLite cuts apart (``substr``): making a bytearray per key and binding it, both with the GIL
    held, cost ~0.3 µs per row."""

    def __init__(self, data: bytes, width: int):
        self.data, self.width = data, width

    def __len__(self) -> int:
        return len(self.data) // self.width


@lru_cache(maxsize=64)
def _sql(head: str, row: str, rows: int, tail: str, packed: tuple[int, int] | None = None) -> str:
    """``packed``: (parameter number, width) of a Packed column, whose cell is ``{}`` in ``row``."""
    if packed is None:
        return head + " VALUES " + ",".join([row] * rows) + tail
    number, width = packed
    return head + " VALUES " + ",".join(
        row.format(f"substr(?{number},{i * width + 1},{width})") for i in range(rows)) + tail


def insert(conn, head: str, columns: list, tail: str = "") -> None:
    """``head`` ("INSERT ... INTO t(a, b)") with one row per position of the equal-length
    ``columns`` (lists of plain Python values, bound as they are, a ``Literal`` for a value
    shared by every row, or at most one ``Packed``); at least one column is a list or Packed.
    ``tail`` follows the VALUES list (an ON CONFLICT clause)."""
    bound = [c for c in columns if not isinstance(c, (Literal, Packed))]
    packed = [(j, c) for j, c in enumerate(columns) if isinstance(c, Packed)]
    if len(packed) > 1:
        raise ValueError("one Packed column per insert")
    # The Packed parameter is numbered explicitly (?N, N = its place among the row's parameters)
    # and reused by every row; a plain "?" after it takes the next number, so the list of
    # parameters is the rows' values with the packed BLOB inserted at that place.
    at = sum(1 for c in columns[:packed[0][0]] if not isinstance(c, (Literal, Packed))) \
        if packed else 0
    row = "(" + ",".join(c if isinstance(c, Literal) else "{}" if isinstance(c, Packed) else "?"
                         for c in columns) + ")"
    width = len(bound)
    n = len(packed[0][1]) if packed else len(bound[0]) if width else 0
    step = max(1, (MAX_PARAMS - len(packed)) // max(width, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        params = [None] * ((stop - start) * width)
        for j, column in enumerate(bound):
            params[j::width] = column[start:stop]
        key = None
        if packed:
            p = packed[0][1]
            params.insert(at, p.data[start * p.width:stop * p.width])
            key = (at + 1, p.width)
        conn.execute(_sql(head, row, stop - start, tail, key), params)
