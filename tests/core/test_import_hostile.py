"""Issue 12: the bounded hostile-file corpus. Every file (tests/core/hostile_files.py) ends, in a
dry run and in a real import, in a report whose accounting identity holds or in a typed error
(PersonaError: the CLI's JSON names it), never an "Unexpected error", and within the hang guard.
Each run is a `persona import` subprocess, so a hang fails the test instead of the test run."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.core import hostile_files

HANG_GUARD = 30  # seconds per run: a hang guard, not a timing test
SMALL = ["random_bytes.csv", "truncated.csv.gz", "empty.csv", "header_only.csv", "u2028.csv",
         "u2029.csv", "nul.csv", "mixed_encodings.csv", "duplicate_headers.csv",
         "bad_order_dates.csv", "bad_customer_dates.csv", "formula_cells.xlsx", "zip_of_junk.xlsx"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return hostile_files.corpus(tmp_path_factory.mktemp("hostile"), seed=12)


@pytest.fixture
def cli_vault(cli, tmp_path):
    vault = str(tmp_path / "v")
    assert cli("init", "--vault", vault, "--json")[0] == 0
    return vault


def run_import(vault: str, path, *extra: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "persona_desktop.cli", "import", "--vault", vault,
                           str(path), "--json", *extra], cwd=ROOT, capture_output=True, text=True,
                          timeout=HANG_GUARD)
    assert "Unexpected error" not in proc.stderr, (path.name, proc.stderr[-500:])
    out = json.loads(proc.stdout)
    if proc.returncode == 0:
        assert out["accounting_ok"] is True, path.name
        assert out["rows_read"] == (out["rows_stored"] + out["rows_quarantined"]
                                    + out["duplicates_dropped"] + out["rows_blocked"])
    else:
        assert out["ok"] is False and out["error"] and out["message"], path.name
    return out


def assert_ends_well(vault: str, path) -> tuple[dict, dict]:
    return run_import(vault, path, "--dry-run"), run_import(vault, path)


def _dates_in_every_role(dry: dict, real: dict) -> None:
    roles = {role for role in real["mapping"].values() if role.endswith(("_date", "_time"))}
    if "下单时间" in real["mapping"]:
        assert roles == {"order_date", "payment_time"}
        assert real["rows_quarantined"] > 0 and real["rows_stored"] > 0
    else:
        assert roles == {"birth_date", "signup_date"}
        assert real["rows_stored"] == real["rows_read"] == 40  # declined, not quarantined


# What some files must end in: the error that names their problem, or a check of the report.
EXPECTED = {"u2028.csv": "UnusualLineBreaks", "u2029.csv": "UnusualLineBreaks",
            "nul.csv": "UnusualLineBreaks", "empty.csv": "EmptyFile",
            "truncated.csv.gz": "UnreadableFile", "bad_order_dates.csv": _dates_in_every_role,
            "bad_customer_dates.csv": _dates_in_every_role}


@pytest.mark.parametrize("name", SMALL)
def test_hostile_file_ends_in_a_report_or_a_typed_error(cli_vault, files, name):
    dry, real = assert_ends_well(cli_vault, files[name])
    assert dry.get("error") == real.get("error")  # a dry run tells what the import will do
    expected = EXPECTED.get(name)
    if isinstance(expected, str):
        assert real["error"] == expected
    elif expected is not None:
        expected(dry, real)


@pytest.mark.parametrize("name", [
    pytest.param("wide_10000.csv", marks=pytest.mark.slow),  # ~15 s for both runs
    "line_50mb.csv", "fields_50mb.csv"])
def test_huge_hostile_file_ends_in_a_report_or_a_typed_error(cli_vault, tmp_path, name):
    assert_ends_well(cli_vault, hostile_files.big_file(tmp_path, name, seed=12))
