"""`persona analyze | personas | chart | runs | compare | tags` on the demo shop."""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import PASSWORD
from tests.core.vault_helpers import build_demo_vault


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return str(build_demo_vault(tmp_path_factory, "cli-demo", PASSWORD))


def test_personas_before_any_analysis_says_what_to_do(cli, demo):
    code, _out, err = cli("personas", "--vault", demo)
    assert code == 2 and "persona analyze" in err


def test_analyze_then_personas_runs_charts_and_compare(cli, demo, tmp_path):
    code, out, _ = cli("analyze", "--vault", demo, "--k", "3")
    assert code == 0 and "k = 3" in out and "Champions" in out
    code, out, _ = cli("analyze", "--vault", demo, "--k", "3", "--json")
    summary = json.loads(out)
    assert summary["k"] == 3 and summary["customers"] > 100
    code, out, _ = cli("personas", "--vault", demo, "--json")
    cards = json.loads(out)["personas"]
    assert cards and all(c["card"]["why"] or c["group_id"] == "other" for c in cards)
    code, out, _ = cli("--lang", "zh", "personas", "--vault", demo, "--clusters")
    assert code == 0 and "客户" in out and "原因" in out
    png = tmp_path / "sizes.png"
    code, out, _ = cli("--lang", "zh", "chart", "segment_sizes", "--vault", demo, "-o", str(png))
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    if os.name != "nt":  # an export is owner-only, like the vault (umask 022 in the test run)
        assert png.stat().st_mode & 0o077 == 0
    code, out, _ = cli("runs", "--vault", demo, "--json")
    ids = [r["run_id"] for r in json.loads(out)["runs"]]
    assert len(ids) >= 2
    code, out, _ = cli("compare", "--vault", demo, str(ids[-2]), str(ids[-1]))
    assert code == 0 and "100.0% stayed" in out and "kept their cluster" in out
    code, _out, err = cli("chart", "no_such_chart", "--vault", demo, "-o", str(png))
    assert code == 2 and "segment_sizes" in err
    code, _out, err = cli("chart", "persona_profile", "--vault", demo, "-o", str(png))
    assert code == 2 and "--group" in err
    unknown = tmp_path / "sizes.xyz"
    code, _out, err = cli("chart", "segment_sizes", "--vault", demo, "-o", str(unknown))
    assert code == 2 and "png" in err and not unknown.exists()  # refused before creating it


def test_bad_parameters_are_usage_errors(cli, demo):
    assert cli("analyze", "--vault", demo, "--k", "1")[0] == 2
    assert cli("analyze", "--vault", demo, "--as-of", "someday")[0] == 2
    assert cli("compare", "--vault", demo, "998", "999")[0] == 1


def test_tag_rules_are_added_removed_and_reset(cli, demo):
    code, out, _ = cli("tags", "add", "--vault", demo, "--tag", "vip", "--label-zh", "贵宾",
                       "--rule", "monetary >= p95", "--json")
    assert code == 0 and any(r["tag"] == "vip" for r in json.loads(out)["rules"])
    code, _out, err = cli("tags", "add", "--vault", demo, "--tag", "x", "--rule", "monetary =>")
    assert code == 2
    code, out, _ = cli("tags", "remove", "--vault", demo, "--tag", "vip")
    assert code == 0 and "vip" not in out
    code, out, _ = cli("tags", "reset", "--vault", demo)
    assert code == 0 and "high_value" in out
