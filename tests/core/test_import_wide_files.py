"""Issue 12, defect 7: wide files. Column detection is linear and bounded (92/351/701/1,401
id-like columns once took 1.2 s / 5.8 s / 17.9 s / > 60 s, 10,000 columns well over a minute),
cancellable, warns when only part of a very wide file was examined, and refuses shapes no
spreadsheet can hold with a typed error."""
from __future__ import annotations

import json
import random
import subprocess
import sys

import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import JobCancelled, TooManyColumns
from persona_desktop.core.ingest import detect, mapping, messages
from persona_desktop.core.ingest.plan import ImportOptions
from persona_desktop.core.jobs import CallbackProgress
from tests.conftest import ROOT

HANG_GUARD = 60  # seconds: a hang guard, not a timing test (10,000 x 20 takes a few seconds)


def write_id_columns(path, ncols: int, nrows: int = 20, seed: int = 0, header: bool = True):
    """Id-like values that repeat a little ("C10003"): no two columns in 1:1 correspondence, the
    worst case of the duplicate-key check that compared every pair of columns."""
    rnd = random.Random(seed)
    lines = [",".join(f"field{j}" for j in range(ncols))] if header else []
    for _ in range(nrows):
        lines.append(",".join(f"C{rnd.randrange(10000, 10000 + rnd.randint(2, 15))}"
                              for _ in range(ncols)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(*args: str, timeout: float = HANG_GUARD) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "persona_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli_vault(cli, tmp_path):
    vault = str(tmp_path / "v")
    assert cli("init", "--vault", vault, "--json")[0] == 0
    return vault


def assert_report_or_typed_error(proc: subprocess.CompletedProcess) -> dict:
    """Exit 0 with a balanced report, or a typed error (never 1 "Unexpected error")."""
    out = json.loads(proc.stdout)
    if proc.returncode == 0:
        assert out["accounting_ok"] is True
    else:
        assert proc.returncode != 1 or out.get("error") not in (None, "")
        assert out["ok"] is False and out["error"] and out["message"]
    assert "Unexpected error" not in proc.stderr
    return out


@pytest.mark.parametrize("header", [True, False], ids=["named", "headerless"])
def test_10000_id_like_columns_dry_run_ends_within_the_hang_guard(cli_vault, tmp_path, header):
    path = write_id_columns(tmp_path / "wide.csv", 10_000, header=header)
    proc = run_cli("import", "--vault", cli_vault, str(path), "--dry-run", "--json")
    assert_report_or_typed_error(proc)


def test_duplicate_key_check_needs_a_true_one_to_one_correspondence():
    frame = pd.DataFrame({"column_1": ["00004", "00004", "00018", "00021"],
                          "column_2": ["0001", "0001", "0002", "0003"],  # same key, other form
                          "column_3": ["0007", "0008", "0009", "0009"]})  # 3 values, not 1:1
    guesses = {g.column: g for g in detect.detect_roles(list(frame.columns), frame)}
    assert guesses["column_2"].evidence_code == "duplicate_key"
    assert guesses["column_3"].evidence_code != "duplicate_key"


def test_very_wide_file_examines_a_bounded_number_of_columns_and_says_so(tmp_path):
    ncols = detect.VALUE_COLUMNS + 100
    path = write_id_columns(tmp_path / "wide.csv", ncols, header=False)
    chosen = {f"column_{j + 1}": "ignore" for j in range(ncols)} | {"column_1": "customer_id"}
    plan = services.plan_import(None, path, ImportOptions(mapping=chosen, has_header=False))
    assert "many_columns" in plan.info.warnings
    last = plan.guesses[-1]
    assert (last.role, last.evidence_code) == ("ignore", "not_examined")
    assert f" {detect.VALUE_COLUMNS} " in messages.warning_text("many_columns", "en")
    assert messages.warning_text("many_columns", "zh") != "many columns"
    assert mapping.EVIDENCE["not_examined"].get("zh")


def test_column_detection_is_cancellable():
    frame = pd.DataFrame({f"column_{j}": ["C10001", "C10002"] for j in range(50)})
    progress = CallbackProgress()
    progress.token.cancel()
    with pytest.raises(JobCancelled):
        detect.detect_roles(list(frame.columns), frame, progress)


def test_more_columns_than_a_spreadsheet_holds_is_refused_in_both_languages(tmp_path):
    path = tmp_path / "absurd.csv"
    path.write_text(",".join(f"c{j}" for j in range(16_385)) + "\n" + ",".join(["1"] * 16_385) + "\n")
    with pytest.raises(TooManyColumns) as err:
        services.plan_import(None, path)
    assert "16,385" in err.value.message("en") and "absurd.csv" in err.value.message("en")
    assert "16,385" in err.value.message("zh") and "列" in err.value.message("zh")


def test_a_huge_cell_does_not_stall_value_detection():
    # Found by benchmarks/fuzz_bench.py: the address pattern "\d+\s*号" backtracks
    # quadratically over a cell of 127,000 digits (hours). Run apart, under the hang guard.
    code = ("import pandas as pd\nfrom persona_desktop.core.ingest.mapping import value_candidates\n"
            "print(value_candidates(pd.Series(['9' * 127_000, 'C1', 'C2'], dtype=object)))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=HANG_GUARD)
    assert proc.returncode == 0, proc.stderr[-500:]
