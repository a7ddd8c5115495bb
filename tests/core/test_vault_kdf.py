"""The password KDF: Argon2id never below OWASP's floor (19 MiB, 2 passes), parameters bound to the
wrapped key, and production parameters (vault.md "Keys" and test 9)."""
from __future__ import annotations

import time

import pytest

from persona_desktop.core import errors
from persona_desktop.core.errors import KdfTooWeak, WrongPassword
from persona_desktop.core.vault import crypto, keyfile
from persona_desktop.core.vault.crypto import FLOOR_ITERATIONS, FLOOR_MEMORY_KIB, KdfParams
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import folder_digest, read_header, rewrite_key_files


@pytest.fixture
def closed(new_vault):
    folder = new_vault.paths.folder
    new_vault.lock()
    return folder


def test_test_vaults_use_the_documented_floor_parameters(closed):
    params = keyfile.load(closed).kdf
    assert (params.memory_kib, params.iterations, params.lanes, params.id) == \
        (FLOOR_MEMORY_KIB, FLOOR_ITERATIONS, 1, "argon2id")


@pytest.mark.parametrize("change", [
    {"memory_kib": FLOOR_MEMORY_KIB - 1},
    {"memory_kib": 1024},
    {"iterations": 1},
    {"iterations": 0},
    {"lanes": 0},
    {"id": "pbkdf2"},
])
def test_key_file_asking_for_a_kdf_below_the_floor_is_refused(closed, change):
    header = read_header(closed)
    header["slots"]["password"]["kdf"].update(change)
    rewrite_key_files(closed, header)
    before = folder_digest(closed)
    with pytest.raises(KdfTooWeak) as info:
        Vault.open(closed, PASSWORD)
    assert info.value.exit_code == errors.EXIT_DAMAGED
    assert "weaker than the allowed minimum" in str(info.value)
    assert folder_digest(closed) == before


def test_kdf_floor_is_checked_before_any_key_derivation(closed, monkeypatch):
    header = read_header(closed)
    header["slots"]["password"]["kdf"]["memory_kib"] = 8
    rewrite_key_files(closed, header)
    monkeypatch.setattr(crypto, "derive_kek", lambda *a, **k: pytest.fail("derived a key"))
    with pytest.raises(KdfTooWeak):
        Vault.open(closed, PASSWORD)


def test_weakened_kdf_header_cannot_unlock_even_if_the_floor_check_is_bypassed(closed, monkeypatch):
    """An edited header with a valid checksum: the KDF parameters are GCM associated data."""
    header = read_header(closed)
    header["slots"]["password"]["kdf"].update(memory_kib=1024, iterations=1)
    rewrite_key_files(closed, header)
    monkeypatch.setattr(keyfile.KeyFile, "check_kdf_floor", lambda self: None)
    with pytest.raises(WrongPassword):
        Vault.open(closed, PASSWORD)


def test_kdf_parameters_are_bound_as_associated_data_not_only_through_the_derived_key(closed,
                                                                                       monkeypatch):
    """Derive the KEK with the ORIGINAL parameters whatever the header says: the unwrap still
    fails, because the edited parameters are part of the GCM associated data."""
    original = keyfile.load(closed).kdf
    header = read_header(closed)
    header["slots"]["password"]["kdf"]["memory_kib"] = original.memory_kib * 2  # above the floor
    rewrite_key_files(closed, header)
    real_derive = crypto.derive_kek
    monkeypatch.setattr(crypto, "derive_kek",
                        lambda password, salt, params: real_derive(password, salt, original))
    with pytest.raises(WrongPassword):
        Vault.open(closed, PASSWORD)
    monkeypatch.undo()
    rewrite_key_files(closed, {**header, "slots": {**header["slots"], "password": {
        **header["slots"]["password"], "kdf": original.to_dict()}}})
    Vault.open(closed, PASSWORD).lock()  # restoring the parameters restores access


@pytest.mark.parametrize("field,value", [("vault_id", "00000000-0000-4000-8000-000000000000"),
                                         ("salt", None)])
def test_other_bound_header_fields_cannot_be_swapped(closed, field, value):
    header = read_header(closed)
    if field == "salt":
        header["slots"]["password"]["salt"] = crypto.b64(b"\x01" * 16)
    else:
        header[field] = value
    rewrite_key_files(closed, header)
    with pytest.raises(WrongPassword):
        Vault.open(closed, PASSWORD)


def test_create_refuses_explicit_parameters_below_the_floor_when_opening(tmp_path):
    vault, _ = Vault.create(tmp_path / "v", PASSWORD, kdf=KdfParams(1024, 1))
    vault.lock()
    with pytest.raises(KdfTooWeak):
        Vault.open(tmp_path / "v", PASSWORD)


@pytest.mark.parametrize("seconds_per_pass,expected", [(0.15, 3), (0.05, 10), (0.001, 12), (1.5, 2)])
def test_calibration_targets_half_a_second_within_floor_and_cap(monkeypatch, seconds_per_pass,
                                                                expected):
    import types
    clock = {"now": 0.0}

    def fake_derive(password, salt, params):
        assert params.memory_kib == crypto.PRODUCTION_MEMORY_KIB
        clock["now"] += seconds_per_pass * params.iterations
        return bytearray(32)
    monkeypatch.delenv(crypto.KDF_ENV, raising=False)
    monkeypatch.setattr(crypto, "derive_kek", fake_derive)
    monkeypatch.setattr(crypto, "time", types.SimpleNamespace(perf_counter=lambda: clock["now"]))
    params = crypto.calibrate()
    assert params.memory_kib == crypto.PRODUCTION_MEMORY_KIB
    assert params.iterations == expected
    assert not params.below_floor()


@pytest.mark.slow
def test_production_kdf_parameters_create_and_open(tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KDF_ENV, raising=False)
    started = time.perf_counter()
    vault, code = Vault.create(tmp_path / "prod", PASSWORD)
    created = time.perf_counter() - started
    vault.lock()
    params = keyfile.load(tmp_path / "prod").kdf
    assert params.id == "argon2id"
    assert params.memory_kib == 65536
    assert params.iterations >= 2
    assert params.lanes == 1
    started = time.perf_counter()
    with Vault.open(tmp_path / "prod", PASSWORD) as opened:
        opened_in = time.perf_counter() - started
        assert opened.audit_entries(5)[-1]["details"]["kdf_memory_kib"] == 65536
    with pytest.raises(WrongPassword):
        Vault.open(tmp_path / "prod", "not it")
    # Reported, not asserted: timing depends on the machine (target about 0.5 s per derivation).
    print(f"\nproduction KDF: memory {params.memory_kib} KiB, {params.iterations} passes; "
          f"create {created:.2f} s, open {opened_in:.2f} s")
