"""Numbers and identifiers from the raw text cells of a file, one column at a time.

Each parser takes a Series of ``str``/``None`` exactly as read (never pre-converted: a float
round-trip silently turns order number 202002210012345678 into 202002210012345680) and returns
``(values, reasons)``: ``reasons`` holds a reason code where a non-empty cell could not be read
and None elsewhere, so the import pipeline can quarantine those rows with a reason instead of
dropping them. Empty cells are missing, never errors.

Speed (these columns have 0.5-5 million rows):
* work is done once per distinct text (``pd.factorize``) and mapped back by code: real exports
  repeat values heavily (541,909 Online Retail prices have 1,630 distinct texts);
* the distinct texts go into a fixed-width numpy string array, where NumPy's ``np.strings``
  ufuncs and its code-point matrix (one row per text, one column per character) do in C what
  pandas' ``.str`` methods would do one Python call per value. A column of 541,909 all-distinct
  "¥1,234.56" texts parses in about a second this way instead of ~15 s with regexes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

UNPARSEABLE_NUMBER = "unparseable_number"
MIXED_DECIMAL = "mixed_decimal_separator"  # "1.234,50" in a column that writes "1,234.50"
ID_SCIENTIFIC = "id_scientific_notation"  # Excel showed an 18-digit number as 1.23457E+17

# Texts that mean "no value" in exports (Excel's #N/A, database NULL, pandas' own "nan").
NULL_TOKENS = frozenset({"", "nan", "null", "none", "n/a", "#n/a", "na", "-", "--", "—"})
# Currency symbols and codes removed wherever they stand ("¥1,234", "1,234 元", "RMB 100").
# Longest first, so "US$" goes before "$". Codes in the three cases exports use.
_CODES = ("RMB", "CNY", "USD", "EUR", "GBP", "HKD")
CURRENCY_TOKENS = (("人民币", "US$", "HK$") + _CODES + tuple(c.lower() for c in _CODES)
                   + tuple(c.title() for c in _CODES) + ("元", "¥", "$", "€", "£"))
# Spaces and apostrophes that group thousands: "1 234,50", "1'234.50", Swiss "1’234.50".
_GROUP_CHARS = (" ", "'", "\u2019", "\u00a0", "\u202f", "\u2009")
MAX_TEXT = 64  # longer cells are not numbers (and would make the character matrix huge)
_D0, _D9, _DOT, _COMMA = ord("0"), ord("9"), ord("."), ord(",")
_POW10 = 10.0 ** np.arange(309)


class Parsed(tuple):
    """``(values, reasons)``; unpacks as a pair and also offers ``.ok`` for the mask view."""

    def __new__(cls, values: pd.Series, reasons: pd.Series):
        return super().__new__(cls, (values, reasons))

    @property
    def values(self) -> pd.Series:
        return self[0]

    @property
    def reasons(self) -> pd.Series:
        return self[1]

    @property
    def ok(self) -> pd.Series:
        return self[1].isna()


# --- shared helpers (dates.py uses them too) -------------------------------------------------

def factorize(series: pd.Series, coded=None) -> tuple[np.ndarray, np.ndarray]:
    """Codes per row (-1 = missing) and the distinct cell texts as an object array.

    ``coded``: that pair already at hand (a caller that factorised the column before stripping
    it), used as it is. Its texts may repeat or include unused ones: every parser here works per
    text and weighs texts by their row counts, so that changes no result."""
    if coded is not None:
        return coded
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    if len(uniques) and not all(isinstance(u, str) for u in uniques[:100]):
        uniques = np.array([str(u) for u in uniques], dtype=object)  # a stray int from a reader
    return codes, uniques


def expand(per_unique: np.ndarray, codes: np.ndarray, missing, index, dtype=object) -> pd.Series:
    """Map per-unique results back to rows; code -1 picks ``missing`` appended at the end."""
    table = np.append(np.asarray(per_unique, dtype=dtype), np.array([missing], dtype=dtype))
    return pd.Series(table[codes], index=index, dtype=dtype)


def unicode_array(texts: np.ndarray, limit: int = MAX_TEXT) -> tuple[np.ndarray, np.ndarray]:
    """Stripped, width-normalised numpy ``U`` array of ``texts`` and the mask of those too long.

    Full-width forms typed with Chinese input methods ("１２３", "：", "，", "￥") become ASCII
    (NFKC) so one code path reads both; only the few values that contain them pay for it.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    too_long = lengths > limit
    safe = np.where(too_long, "", texts) if too_long.any() else texts
    u = np.strings.strip(np.asarray(safe, dtype=object).astype(str))
    if not len(u):
        return u, too_long
    m = matrix(u)
    wide = (((m >= 0xFF01) & (m <= 0xFFEF)) | (m == 0x3000)).any(axis=1)
    if wide.any():
        fixed = pd.Series(u[wide], dtype=object).str.normalize("NFKC").str.strip().to_numpy(dtype=str)
        if fixed.dtype.itemsize > u.dtype.itemsize:
            u = u.astype(fixed.dtype)
        u[wide] = fixed
    return u, too_long


def matrix(u: np.ndarray) -> np.ndarray:
    """Code points as an (n, width) uint32 matrix, a view without copying; 0 pads the end."""
    width = max(u.dtype.itemsize // 4, 1)
    if u.dtype.itemsize == 0:
        return np.zeros((len(u), 1), dtype=np.uint32)
    return u.view(np.uint32).reshape(len(u), width)


def null_mask(u: np.ndarray) -> np.ndarray:
    """Cells that mean "no value"; only short texts can be one, so only they are lower-cased."""
    out = np.zeros(len(u), dtype=bool)
    short = np.flatnonzero(np.strings.str_len(u) <= 4)
    if short.size:
        out[short] = np.isin(np.strings.lower(u[short]), list(NULL_TOKENS))
    return out


# --- numbers --------------------------------------------------------------------------------

def _strip_decorations(u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Remove currency, percent, signs and group spaces; return the bare digits-and-marks text
    with the negative and percent flags."""
    present = np.bincount(matrix(u).ravel(), minlength=128) > 0 if len(u) else np.zeros(0, bool)

    def has(token: str) -> bool:
        return all(ord(c) < len(present) and present[ord(c)] for c in token)

    u = np.strings.replace(u, "\u2212", "-") if has("\u2212") else u  # Unicode minus
    for token in CURRENCY_TOKENS:
        if has(token):
            u = np.strings.replace(u, token, "")
    u = np.strings.strip(u)
    neg = np.zeros(len(u), dtype=bool)
    pct = np.zeros(len(u), dtype=bool)

    def cut(mask, start, stop):
        if not mask.any():
            return u
        out = u.copy()
        out[mask] = np.strings.strip(np.strings.slice(u[mask], start, stop))
        return out

    for _ in range(2):  # "(5%)" and "(5)%" both occur
        p = np.strings.endswith(u, "%")
        u, pct = cut(p, 0, -1), pct | p
        # Accounting negatives: "(1,234.50)"; SAP and Excel's trailing minus "1234.50-".
        p = np.strings.startswith(u, "(") & np.strings.endswith(u, ")")
        u, neg = cut(p, 1, -1), neg | p
    p = np.strings.endswith(u, "-") & ~np.strings.startswith(u, "-")
    u, neg = cut(p, 0, -1), neg | p
    p = np.strings.startswith(u, "-")
    u, neg = cut(p | np.strings.startswith(u, "+"), 1, None), neg | p
    if any(has(ch) for ch in _GROUP_CHARS):
        u = _drop_group_spaces(u)
    return u, neg, pct


def _drop_group_spaces(u: np.ndarray) -> np.ndarray:
    """Delete a space or apostrophe only where it groups thousands (digit before, exactly three
    digits after); any other inner space stays and makes the value unreadable ("1 2")."""
    u = u.copy()
    m = matrix(u)  # a view: writing to it edits u
    digit = (m >= _D0) & (m <= _D9)

    def ahead(k):
        out = np.zeros_like(digit)
        out[:, :-k] = digit[:, k:]
        return out

    behind = np.zeros_like(digit)
    behind[:, 1:] = digit[:, :-1]
    group = np.isin(m, [ord(c) for c in _GROUP_CHARS]) & behind & ahead(1) & ahead(2) & ahead(3) \
        & ~ahead(4)
    m[group] = 1  # a placeholder no text contains, removed in one C pass
    return np.strings.replace(u, "\x01", "")


class _Shape:
    """Per-text counts and positions of digits, dots and commas, from the code-point matrix."""

    def __init__(self, core: np.ndarray):
        m = matrix(core)
        self.m, self.col = m, np.arange(m.shape[1])
        self.digit = (m >= _D0) & (m <= _D9)
        self.dot, self.comma = m == _DOT, m == _COMMA
        self.length = (m != 0).sum(axis=1)
        self.chars_ok = (self.digit | self.dot | self.comma | (m == 0)).all(axis=1) \
            & self.digit.any(axis=1)
        self.n_dot, self.n_comma = self.dot.sum(axis=1), self.comma.sum(axis=1)

    def last(self, mark):
        """Index of the last ``mark`` in each text, -1 when there is none."""
        width = mark.shape[1]
        return np.where(mark.any(axis=1), width - 1 - mark[:, ::-1].argmax(axis=1), -1)

    def votes(self, weight: np.ndarray) -> tuple[float, float]:
        """Row-weighted evidence for "." and "," as the decimal mark.

        A value proves its mark when both marks appear (the last one is the decimal), when one
        mark repeats ("1.234.567" groups thousands) or when a single mark is followed by other
        than three digits ("2.55", "12,5"). "1,234" or "1.234" alone proves nothing.
        """
        nd, nc, ok = self.n_dot, self.n_comma, self.chars_ok
        ld, lc = self.last(self.dot), self.last(self.comma)
        both = (nd > 0) & (nc > 0)
        dot = ok & ((both & (ld > lc)) | ((nc == 0) & (nd == 1) & (self.length - ld - 1 != 3))
                    | ((nd == 0) & (nc > 1)))
        comma = ok & ((both & (lc > ld)) | ((nd == 0) & (nc == 1) & (self.length - lc - 1 != 3))
                      | ((nc == 0) & (nd > 1)))
        return float(weight[dot].sum()), float(weight[comma].sum())

    def parse(self, decimal: str) -> tuple[np.ndarray, np.ndarray]:
        """Values and validity under one convention: thousands groups of exactly three digits
        before the single decimal mark."""
        dec, grp = (self.dot, self.comma) if decimal == "." else (self.comma, self.dot)
        n_dec = dec.sum(axis=1)
        point = np.where(dec.any(axis=1), dec.argmax(axis=1), self.length)
        ok = self.chars_ok & (n_dec <= 1)
        rows = np.flatnonzero(grp.any(axis=1))  # only texts with group marks need the check
        if rows.size:
            g, p = grp[rows], point[rows, None]
            misplaced = g & (((p - self.col) % 4 != 0) | (self.col > p))
            first = g.argmax(axis=1)
            ok[rows] &= ~misplaced.any(axis=1) & (first >= 1) & (first <= 3)
        # value = sum(digit * 10**(digits to its right)) / 10**(digits after the mark), all in
        # matrix form. Exact while fewer than 16 significant digits, which is every amount a
        # shop writes; longer ones are re-read exactly by pandas in parse_numbers.
        right = np.cumsum(self.digit[:, ::-1], axis=1, dtype=np.int16)[:, ::-1] - self.digit
        frac = (self.digit & (self.col > point[:, None])).sum(axis=1)
        digit_value = np.where(self.digit, self.m, _D0).astype(np.float64) - _D0
        value = (digit_value * _POW10[np.minimum(right, 308)]).sum(axis=1) / _POW10[frac]
        return value, ok


def detect_decimal(series: pd.Series) -> str:
    """"," when the column's evidence says decimal comma, else "." (also when nothing tells)."""
    codes, texts = factorize(series)
    u, _ = unicode_array(texts)
    core, _, _ = _strip_decorations(u)
    dot, comma = _Shape(core).votes(np.bincount(codes[codes >= 0], minlength=len(u)))
    return "," if comma > dot else "."


def parse_numbers(series: pd.Series, decimal: str | None = None, coded=None) -> Parsed:
    """Float values and reason codes for a column of number texts.

    Handles thousands separators (",", ".", spaces, apostrophes), a decimal comma decided for the
    whole column from the evidence (``_Shape.votes``; or forced with ``decimal``), currency
    symbols and codes, full-width digits, "(5)" and "5-" negatives, percentages ("12.5%" ->
    0.125) and Excel's "1.5E+05". The decimal mark used is in ``values.attrs["decimal"]``.
    A value written in the other convention than its column's gets ``mixed_decimal_separator``
    rather than a wrong number. ``coded``: see ``factorize``.
    """
    codes, texts = factorize(series, coded)
    u, too_long = unicode_array(texts)
    null = null_mask(u)
    core, negative, pct = _strip_decorations(u)
    shape = _Shape(core)
    weight = np.bincount(codes[codes >= 0], minlength=len(u))
    if decimal is None:
        dot, comma = shape.votes(weight)
        decimal = "," if comma > dot else "."
    value, good = shape.parse(decimal)
    long_digits = good & (shape.digit.sum(axis=1) > 15)
    sci = ~good & np.strings.isdigit(np.strings.slice(core, 0, 1)) & (
        (np.strings.find(core, "e") > 0) | (np.strings.find(core, "E") > 0))
    redo = long_digits | (sci if decimal == "." else np.zeros_like(sci))
    if redo.any():  # rare: let pandas read the exact decimal text
        bare = np.strings.replace(core[redo], "," if decimal == "." else ".", "")
        bare = np.strings.replace(bare, ",", ".")
        exact = pd.to_numeric(pd.Series(bare, dtype=object), errors="coerce").to_numpy(dtype=float)
        value[redo], good[redo] = exact, np.isfinite(exact)
    value = np.where(negative, -value, value)
    value = np.where(pct, value / 100.0, value)
    good &= ~null & ~too_long & np.isfinite(value)
    reasons = np.full(len(u), None, dtype=object)
    bad = ~good & ~null
    reasons[bad] = UNPARSEABLE_NUMBER
    if bad.any():
        _, good_other = _Shape(core[bad]).parse("," if decimal == "." else ".")
        reasons[np.flatnonzero(bad)[good_other & ~too_long[bad]]] = MIXED_DECIMAL
    values = expand(np.where(good, value, np.nan), codes, np.nan, series.index, dtype=float)
    values.attrs["decimal"] = decimal
    return Parsed(values, expand(reasons, codes, None, series.index))


# --- identifiers -------------------------------------------------------------------------------

def normalise_ids(series: pd.Series, integral: bool | None = None, coded=None) -> Parsed:
    """Identifier texts, exact: stripped, Excel's ="0123" unwrapped, never through float.

    "17850.0" becomes "17850" only when every non-empty value of the column is an integral float
    text (a spreadsheet wrote an integer column as floats because some cells were empty); a column
    with "17850.5" among them keeps every value as written. Ids in scientific notation are kept but
    flagged ``id_scientific_notation``: Excel has already lost their digits.

    ``integral``: None decides from ``series``; a file read in chunks passes the decision taken
    once for the file (``integral_float_ids``), else chunks could disagree and one customer
    would become two ("17850" and "17850.0").
    """
    codes, out, reasons = normalise_id_texts(series, integral, coded)
    return Parsed(expand(out, codes, None, series.index), expand(reasons, codes, None, series.index))


def normalise_id_texts(series: pd.Series, integral: bool | None = None, coded=None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``normalise_ids`` before its results are spread over the rows: ``(codes, normalised,
    reasons)``, the last two per distinct text (None: empty / no reason)."""
    codes, ids = _IdTexts.of(series, coded)
    if integral is None:
        integral = ids.integral
    u = ids.u
    if integral:
        u = np.where(ids.floaty & ids.plain, np.strings.slice(u, 0, ids.point), u)
    first_digit = np.strings.isdigit(np.strings.slice(u, 0, 1))
    sci = ids.plain & first_digit & ((np.strings.find(u, "E+") > 0) | (np.strings.find(u, "e+") > 0))
    reasons = np.full(len(u), None, dtype=object)
    reasons[sci] = ID_SCIENTIFIC
    out = u.astype(object)
    out[ids.empty] = None
    return codes, out, reasons


def integral_float_ids(series: pd.Series) -> bool:
    """Whether ``normalise_ids`` drops ".0" from this column: decide once per file, on a sample."""
    return _IdTexts.of(series)[1].integral


class _IdTexts:
    """Distinct id texts, cleaned, with the shape facts the ".0" decision needs."""

    @classmethod
    def of(cls, series: pd.Series, coded=None) -> tuple[np.ndarray, "_IdTexts"]:
        codes, texts = factorize(series, coded)
        return codes, cls(texts)

    def __init__(self, texts: np.ndarray):
        u, too_long = unicode_array(texts, limit=256)
        if too_long.any():  # keep absurdly long ids exact, outside the fast path
            u = u.astype(object)
            u[too_long] = [t.strip() for t in texts[too_long]]
            u = u.astype(str)
        wrapped = np.strings.startswith(u, '="') & np.strings.endswith(u, '"') \
            & (np.strings.str_len(u) >= 3)
        if wrapped.any():
            u = np.where(wrapped, np.strings.strip(np.strings.slice(u, 2, -1)), u)
        self.u, self.empty = u, null_mask(u) & ~wrapped
        self.plain = ~self.empty & ~wrapped  # a wrapped value is text on purpose: never changed
        m = matrix(u)
        col = np.arange(m.shape[1])
        digit, dot = (m >= _D0) & (m <= _D9), m == _DOT
        self.point = np.where(dot, col, m.shape[1]).min(axis=1)
        length = (m != 0).sum(axis=1)
        # Integral float text: digits, one dot, then only zeros ("17850.0", "12.000").
        before = np.where(col < self.point[:, None], digit, True).all(axis=1) & (self.point >= 1)
        after = np.where((col > self.point[:, None]) & (m != 0), m == _D0, True).all(axis=1)
        self.floaty = (dot.sum(axis=1) == 1) & before & after & (length > self.point + 1)
        whole = self.floaty | ((digit | (m == 0)).all(axis=1) & (length > 0))
        self.integral = bool(self.floaty[self.plain].any() and whole[self.plain].all())
