"""`persona import` says what it met in words, in the language of --lang; --json keeps the codes
(scripts parse them)."""
from __future__ import annotations

import json

import pytest

from persona_desktop.core.ingest import messages


@pytest.fixture
def ragged(cli, tmp_path):
    """A vault, and a file with an empty line (warning blank_lines) and, at the end, a row with a
    cell too many (warning and quarantine reason too_many_fields); enough clean rows before it
    that the header is still recognised."""
    vault = str(tmp_path / "v")
    assert cli("init", "--vault", vault, "--json")[0] == 0
    rows = ["订单编号,姓名,手机号,下单时间,金额"]
    rows += [f"{i},张伟,138123456{i:02d},2024-03-{i:02d},{10 + i}.5" for i in range(1, 21)]
    rows.insert(6, "")
    rows.append("99,王芳,13987654321,2024-03-22,12,5")
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return vault, str(path)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_import_report_prints_warnings_and_reasons_in_words(cli, ragged, lang):
    vault, path = ragged
    code, out, _ = cli("--lang", lang, "import", "--vault", vault, path, "--dry-run")
    assert code == 0
    for warning in ("blank_lines", "too_many_fields"):
        assert messages.WARNINGS[warning].get(lang) in out
        assert warning not in out and warning.replace("_", " ") not in out
    assert messages.REASONS["too_many_fields"].get(lang) in out


def test_import_json_keeps_the_codes(cli, ragged):
    vault, path = ragged
    code, out, _ = cli("--lang", "zh", "import", "--vault", vault, path, "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0
    assert {"blank_lines", "too_many_fields"} <= set(report["warnings"])
    assert report["quarantine_reasons"] == {"too_many_fields": 1}
