"""Key derivation and key wrapping.

The password becomes a key-encryption key (KEK) through Argon2id (``cryptography`` >= 44), with
parameters calibrated at creation so one derivation takes about half a second on the user's machine
and never below OWASP's floor (19 MiB, 2 passes). Keys are wrapped with AES-256-GCM; the caller
passes the header fields that must be bound as associated data.
"""
from __future__ import annotations

import base64
import os
import secrets
import time
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12

# OWASP password storage cheat sheet: Argon2id with at least 19 MiB and 2 iterations.
FLOOR_MEMORY_KIB = 19 * 1024
FLOOR_ITERATIONS = 2
PRODUCTION_MEMORY_KIB = 64 * 1024
TARGET_SECONDS = 0.5
MAX_ITERATIONS = 12

# Tests create hundreds of vaults: PERSONA_KDF=floor makes them use the floor parameters
# (documented in the README). Production code never sets it.
KDF_ENV = "PERSONA_KDF"


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int = 1
    id: str = "argon2id"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "KdfParams":
        return cls(memory_kib=int(data["memory_kib"]), iterations=int(data["iterations"]),
                   lanes=int(data.get("lanes", 1)), id=str(data.get("id", "argon2id")))

    def below_floor(self) -> bool:
        return (self.id != "argon2id" or self.memory_kib < FLOOR_MEMORY_KIB
                or self.iterations < FLOOR_ITERATIONS or self.lanes < 1)


FLOOR = KdfParams(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS)


def derive_kek(password: str, salt: bytes, params: KdfParams) -> bytearray:
    kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=params.iterations,
                   lanes=params.lanes, memory_cost=params.memory_kib)
    return bytearray(kdf.derive(password.encode("utf-8")))


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Choose Argon2id passes at 64 MiB so one derivation takes about ``target_seconds`` here."""
    if os.environ.get(KDF_ENV) == "floor":
        return FLOOR
    salt = os.urandom(SALT_BYTES)
    probe = KdfParams(PRODUCTION_MEMORY_KIB, 2)
    started = time.perf_counter()
    derive_kek("calibration", salt, probe)
    per_pass = max((time.perf_counter() - started) / probe.iterations, 1e-3)
    iterations = int(round(target_seconds / per_pass))
    return KdfParams(PRODUCTION_MEMORY_KIB, max(FLOOR_ITERATIONS, min(MAX_ITERATIONS, iterations)))


def recovery_kek(code: str, salt: bytes) -> bytearray:
    """The recovery code carries 160 random bits, so a fast HKDF is enough to stretch it."""
    normalised = normalise_recovery_code(code)
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt,
                info=b"persona-desktop recovery slot v1")
    return bytearray(hkdf.derive(normalised.encode("ascii")))


_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to copy by hand


def new_recovery_code(groups: int = 8, size: int = 5) -> str:
    """A code like ``K7QX2-...``: 40 symbols from 30, about 196 bits."""
    return "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(size)) for _ in range(groups))


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def wrap(key: bytes | bytearray, payload: bytes | bytearray, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(bytes(key)).encrypt(nonce, bytes(payload), aad)


def unwrap(key: bytes | bytearray, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytearray:
    """Raises ``InvalidTag`` when the key (password) is wrong or the wrapped data was changed."""
    return bytearray(AESGCM(bytes(key)).decrypt(nonce, ciphertext, aad))


def wipe(buf: bytearray | None) -> None:
    """Best effort: Python may have copied the key elsewhere (an accepted limit, see README)."""
    if buf is not None:
        for i in range(len(buf)):
            buf[i] = 0


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


__all__ = ["InvalidTag", "KdfParams", "FLOOR", "derive_kek", "calibrate", "recovery_kek",
           "new_recovery_code", "wrap", "unwrap", "wipe", "b64", "unb64"]
