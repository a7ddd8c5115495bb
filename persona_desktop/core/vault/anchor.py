"""The audit anchor in the key file: a third copy of where the vault's history had got to.

identity.db's audit head tells a vault.db or an identity.db replaced alone by an older copy
(journal.py). Both databases copied back together agree with each other; what still remembers
the newer state is the key file, which cannot be copied back with them without also bringing back
the password it held then. At every lock (and acknowledgement) the key file records

    "anchor": {"generation": 42, "seq": 310, "hash": "<audit entry 310's hash>", "mac": "..."}

and every open checks that vault.db's log still holds entry ``seq`` with that hash and has made
at least ``generation`` commits. The MAC (HMAC-SHA256 under a key derived from the master key)
means only a password holder can write an anchor that passes; an anchor that fails it is ignored
and logged, as if absent. A whole folder copied back, key file included, is not detected: the
README's security model says so.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import journal, keyfile

log = logging.getLogger(__name__)

FIELD = keyfile.ANCHOR_FIELD


@dataclass(frozen=True)
class Anchor:
    generation: int
    seq: int
    hash: str


def _mac(master_key: bytes, vault_id: str, anchor: Anchor) -> str:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"persona-desktop audit anchor").derive(bytes(master_key))
    text = f"{vault_id}|{anchor.generation}|{anchor.seq}|{anchor.hash}".encode("ascii")
    return hmac.new(key, text, hashlib.sha256).hexdigest()


def read(kf: keyfile.KeyFile, master_key: bytes) -> Anchor | None:
    raw = kf.header.get(FIELD)
    if not raw:
        return None
    try:
        anchor = Anchor(int(raw["generation"]), int(raw["seq"]), str(raw["hash"]))
        valid = hmac.compare_digest(str(raw["mac"]), _mac(master_key, kf.vault_id, anchor))
    except (TypeError, KeyError, ValueError, AttributeError):
        valid = False
    if not valid:
        log.warning("the key file's audit anchor does not verify: ignored")
        return None
    return anchor


def current(vconn) -> Anchor:
    row = vconn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, digest = row if row else (0, "0" * 64)
    return Anchor(journal.vault_generation(vconn)[0], seq, digest)


def rolled_back(anchor: Anchor | None, vconn) -> bool:
    """True when vault.db is behind what the key file saw: its log lacks the anchored entry (or
    holds another one in its place), or it has made fewer commits."""
    if anchor is None or anchor.seq == 0:
        return False
    row = vconn.execute("SELECT hash FROM audit_log WHERE seq = ?", (anchor.seq,)).fetchone()
    return (row is None or row[0] != anchor.hash
            or journal.vault_generation(vconn)[0] < anchor.generation)


def save(kf: keyfile.KeyFile, folder: Path, master_key: bytes, anchor: Anchor) -> None:
    """Write the anchor into both key file copies (keyfile.save: spare first). Only what the
    fingerprint leaves out changes, so a key change's audit record still matches the file."""
    kf.header[FIELD] = {"generation": anchor.generation, "seq": anchor.seq, "hash": anchor.hash,
                        "mac": _mac(master_key, kf.vault_id, anchor)}
    kf.save(folder)
