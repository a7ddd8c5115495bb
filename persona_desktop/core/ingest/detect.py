"""Detect each column's role from its header and its sample values (the words, synonyms and
value tests are in mapping.py): ``detect_roles`` for the plan and the import wizard.

The work is linear in the columns and bounded: each column is examined once, at most
VALUE_COLUMNS columns by their values, and the duplicate-key check looks columns up by a digest
instead of comparing every pair (issue 12, defect 7: 1,401 id-like columns took over a minute).
"""
from __future__ import annotations

import hashlib

import pandas as pd

from .dates import parse_dates
from .mapping import (DATE_ROLES, ID_ROLES, MIN_SCORE, MONEY_ROLES, MULTI_ROLES, ColumnGuess,
                      _share, header_role, value_candidates)
from .values import NULL_TOKENS, parse_numbers
from ..jobs import NullProgress, Progress

# Columns whose values are examined (a few ms each): headers the synonyms know first, then the
# others in file order. The rest of a wider file keeps what its header says, or is not imported
# unless the user picks a role; the plan warns ("many_columns"). Bounds detection on absurd
# shapes (issue 12: 10,000 id-like columns took minutes).
VALUE_COLUMNS = 300


def _kind_fits(role: str, values: dict[str, tuple[float, str]], sample: pd.Series) -> bool:
    """Whether the values are plausible for a header's role (a number column for "quantity")."""
    s = sample.dropna().astype(str).str.strip()
    s = s[(s != "") & ~s.str.casefold().isin(NULL_TOKENS)]
    if s.empty:
        return True
    # A tiny file with one bad cell must still map by its header (the bad row is quarantined).
    small = len(s) < 10
    if role in DATE_ROLES:
        return "order_date" in values or "birth_date" in values or \
            _share(parse_dates(s)[0].notna()) >= (0.5 if small else 0.6)
    if role in MONEY_ROLES or role in ("quantity", "age"):
        _, reasons = parse_numbers(s)
        return _share(reasons.isna()) >= (0.5 if small else 0.8)
    if role in ("email", "phone", "gender"):
        return role in values
    return True


def _column_candidates(column, sample: pd.Series | None) -> dict[str, tuple[float, str]]:
    """``sample`` None: over the VALUE_COLUMNS budget, the header's word alone."""
    if sample is None:
        header = header_role(column)
        return {header[0]: header[1:]} if header is not None else {}
    values = value_candidates(sample)
    cands = dict(values)
    header = header_role(column)
    if header is None:
        return cands
    role, score, evidence = header
    for other, (sc, ev) in values.items():
        if other != role and sc < 0.7:  # a weak value guess does not overrule a header; kept
            cands[other] = (sc * 0.5, ev)  # as an alternative below MIN_SCORE
    if role in ("address", "city", "province") and "province" in values:
        cands["province"] = (0.95, "values_province")  # only region names: not an identifier
        cands.setdefault(role, (0.25, evidence))  # offered in the wizard's list, never assigned
    elif role in ("address", "city") and "city" in values:
        cands["city"] = (0.93, "values_city")
        cands.setdefault(role, (0.25, evidence))
    elif not _kind_fits(role, values, sample):
        cands[role] = (0.28, "header_values_disagree")  # first alternative, not assigned
    elif role in values:
        cands[role] = (min(0.99, score + 0.08), "header_and_values")
    else:
        cands[role] = max(cands.get(role, (0, "")), (score, evidence))
    return cands


def _duplicate_keys(columns, sample: pd.DataFrame, cands: dict) -> None:
    """A value-only id column in 1:1 correspondence with an earlier id column is the same key
    written another way (CDNOW's master and sample customer ids): make it "ignore".

    Two columns correspond 1:1 exactly when ``pd.factorize`` numbers their rows alike (codes in
    order of first appearance), so each column is factorised once and looked up by a digest of
    its codes: linear in the columns, where comparing every pair was quadratic."""
    seen: set[bytes] = set()
    for c in columns:
        if c not in sample or not any(r in ID_ROLES for r in cands[c]):
            continue
        codes, uniques = pd.factorize(sample[c].astype(str).to_numpy(dtype=object))
        key = hashlib.blake2b(codes.astype("int64").tobytes(), digest_size=16).digest()
        if key in seen and len(uniques) > 1 and header_role(c) is None:
            cands[c] = {"ignore": (0.9, "duplicate_key")}
        seen.add(key)


def _value_budget(columns) -> set:
    """The columns whose values are examined: VALUE_COLUMNS at most, known headers first."""
    if len(columns) <= VALUE_COLUMNS:
        return set(columns)
    named = [c for c in columns if header_role(c) is not None]
    return set((named + [c for c in columns if header_role(c) is None])[:VALUE_COLUMNS])


def detect_roles(columns, sample: pd.DataFrame, progress: Progress | None = None
                 ) -> list[ColumnGuess]:
    """One guess per column, in column order. Uses the header synonyms and the sample values;
    each role except ignore/free_text goes to the single best column. Columns past the
    VALUE_COLUMNS budget get evidence "not_examined" unless their header names a role."""
    progress = progress or NullProgress()
    columns = list(columns)
    examined = _value_budget(columns)
    cands = {}
    for i, c in enumerate(columns):
        if i % 50 == 0:
            progress.step(i, len(columns), "detecting")
        values = sample[c] if c in sample else pd.Series(dtype=object)
        cands[c] = _column_candidates(c, values if c in examined else None)
    progress.check_cancelled()
    _duplicate_keys(columns, sample, cands)
    ranked = sorted(((score, -i, col, role, ev) for i, col in enumerate(columns)
                     for role, (score, ev) in cands[col].items()), reverse=True)
    chosen: dict[str, tuple[str, float, str]] = {}
    taken: set[str] = set()
    for score, _, col, role, ev in ranked:
        if score < MIN_SCORE or col in chosen or (role in taken and role not in MULTI_ROLES):
            continue
        chosen[col] = (role, round(score, 2), ev)
        taken.add(role)
    guesses = []
    for col in columns:
        unseen = "no_evidence" if col in examined else "not_examined"
        role, score, ev = chosen.get(col, ("ignore", 0.0, "role_taken" if cands[col] else unseen))
        alts = tuple(sorted(((r, round(sc, 2)) for r, (sc, _) in cands[col].items() if r != role),
                            key=lambda p: -p[1]))[:3]
        guesses.append(ColumnGuess(col, role, score, ev, alts))
    return guesses
