"""Keyed hashes of erased people, so re-importing an old file does not bring them back (privacy.md
B3, B4).

After an erasure nothing about the person may remain, yet the next import of last year's export must
still recognise them. The block list therefore holds only an HMAC-SHA256 of each normalised
identifier (email, phone, ID number ...) under the vault's ``blocklist_key``: a random 256-bit key of
its own in identity.db ``secrets``, separate from ``pseudonym_key``. Why a separate key and a domain
tag as well:

* a block-list entry must never equal the person's pseudonym, or the list would re-link the erased
  person to any copy of their old pseudonym (an export, a backup, a log line). Different key, a
  different message layout (``DOMAIN``) and a different prefix ("b_" against "c_") make that hold even
  if one of the three were lost in a refactoring;
* an unkeyed hash of a phone number is reversed by enumerating the ~1.6e9 mainland mobiles (ENISA
  2019, 5.1.3-5.1.4); keyed, the list reveals nothing without identity.db's key.

Values are normalised exactly as the pseudonymiser normalises them (``pseudonymize.normalise``), so
"+86 138 1234 5678" and "138-1234-5678" hit the same entry. Normalising is idempotent, so erasure can
hash the values identity.db already holds (normalised or not) with the default ``normalised=False``.
Block on strong identifiers (email, phone, ID number, the shop's customer id; ``BLOCKING_ROLES``): a
name alone would block every namesake.

The hashes live in identity.db ``blocklist(hash TEXT PRIMARY KEY, kind TEXT, added_at TEXT)``
(created by a schema migration elsewhere); this module only computes and compares them.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re

import numpy as np
import pandas as pd

from ..errors import VaultDamaged
from . import pseudonymize

log = logging.getLogger(__name__)

PREFIX = "b_"
# Column role -> identifier kind (the kinds transform.py pseudonymises under); names are left out.
BLOCKING_ROLES = {"customer_id": "customer_ref", "email": "email", "phone": "phone",
                  "id_number": "id_number"}
_INTEGRAL_FLOAT = re.compile(r"\s*[0-9]+\.0+\s*")
# Domain separation: the MAC input starts with a tag no pseudonym input has.
DOMAIN = b"persona-blocklist-v1\x1f"


def blocklist_hash(key: bytes, kind: str, normalised_value: str) -> str:
    """HMAC-SHA256 of an already normalised identifier, as stored in ``blocklist.hash``.

    The full 256-bit digest is kept: entries are only compared, never shown, so there is no reason
    to shorten them."""
    if len(key) < 32:
        raise ValueError("blocklist key must be 32 bytes")
    message = DOMAIN + f"{kind}\x1f{normalised_value}".encode("utf-8")
    return PREFIX + hmac.digest(bytes(key), message, hashlib.sha256).hex()


def load_blocklist_key(iconn) -> bytes:
    """The vault's block-list key from identity.db ``secrets`` (created with the vault)."""
    row = iconn.execute("SELECT value FROM secrets WHERE name = 'blocklist_key'").fetchone()
    if row is None or row[0] is None or len(row[0]) < 32:
        # Every vault gets this key at creation; without it erased people cannot be kept out.
        raise VaultDamaged(name="identity.db")
    return bytes(row[0])


def blocklist_hash_series(values: pd.Series, kind: str, key: bytes, *,
                          default_country: str = "CN", normalised: bool = False) -> pd.Series:
    """``blocklist_hash`` for a whole column (None where the value is missing or not normalisable).

    ``normalised=True`` when the values are already normalised (e.g. the ``normalised`` Series that
    ``Pseudonymizer.pseudonymize_series`` returns); otherwise they are normalised here. The work runs
    once per distinct value."""
    codes, uniques = pseudonymize.unique_values(values)
    if normalised:
        norm = [u if isinstance(u, str) and u else None for u in uniques]
    else:
        norm = pseudonymize.normalise_uniques(kind, uniques, default_country)
    hashes = [blocklist_hash(key, kind, n) if n is not None else None for n in norm]
    return pseudonymize.spread(hashes, codes, values.index)


def is_blocked(values: pd.Series, kind: str, key: bytes, hashes: set[str], *,
               default_country: str = "CN", normalised: bool = False) -> pd.Series:
    """Boolean Series: True where the value's block-list hash is in ``hashes``.

    Missing and unparseable values are never blocked. ``hashes`` is the set read from the
    ``blocklist`` table (all kinds mixed is fine: the kind is inside the MAC)."""
    if not hashes:
        # The common case: nobody has been erased yet, so skip normalising the column.
        return pd.Series(False, index=values.index, dtype=bool)
    codes, uniques = pseudonymize.unique_values(values)
    if normalised:
        norm = [u if isinstance(u, str) and u else None for u in uniques]
    else:
        norm = pseudonymize.normalise_uniques(kind, uniques, default_country)
    hit = np.array([n is not None and blocklist_hash(key, kind, n) in hashes for n in norm] + [False],
                   dtype=bool)
    blocked = pd.Series(hit[codes], index=values.index, dtype=bool)
    if blocked.any():
        log.info("block list matched %d rows (%s)", int(blocked.sum()), kind)  # counts, never values
    return blocked


def load_hashes(iconn) -> set[str]:
    """All block-list hashes in identity.db; empty while the ``blocklist`` table does not exist yet
    (vaults made before the migration that adds it)."""
    exists = iconn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blocklist'"
                           ).fetchone()
    if not exists:
        return set()
    return {row[0] for row in iconn.execute("SELECT hash FROM blocklist")}


def rows_blocked(frame: pd.DataFrame, mapping: dict[str, str], key: bytes | None, hashes: set[str],
                 default_country: str = "CN") -> pd.Series:
    """True for rows of a raw import chunk in which any identifier column (``BLOCKING_ROLES``) holds
    an erased person. ``mapping`` is column -> role, as in the import plan."""
    blocked = pd.Series(False, index=frame.index, dtype=bool)
    if not hashes or key is None:
        return blocked
    for column, role in mapping.items():
        kind = BLOCKING_ROLES.get(role)
        if kind is None or column not in frame.columns:
            continue
        values = frame[column]
        if kind == "customer_ref":
            # Spreadsheets write customer ids as floats ("17850.0"); the import pseudonymises "17850"
            # when the whole column is written that way, so the block check must too.
            text = values.dropna().astype(str)
            text = text[text.str.strip() != ""]
            if len(text) and text.str.fullmatch(_INTEGRAL_FLOAT).all():
                values = values.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
        blocked |= is_blocked(values, kind, key, hashes, default_country=default_country)
    return blocked
