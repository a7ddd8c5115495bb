"""One way to choose a text by language in the core and the CLI (core/i18n.py), and words in both
languages for every code the import can report (core/ingest/messages.py)."""
from __future__ import annotations

import ast
import json
import re

import pytest

from persona_desktop.core import i18n
from persona_desktop.core.i18n import Text, lookup, pick
from persona_desktop.core.ingest import messages
from tests.conftest import ROOT

INGEST = ROOT / "persona_desktop" / "core" / "ingest"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def language():
    """Set the current language for one test and put the previous one back."""
    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


# --- choosing ------------------------------------------------------------------------------------

def test_text_picks_english_or_chinese_by_language():
    text = Text("Customers", "客户")
    assert text.get("en") == "Customers" and text.get("zh") == "客户"
    assert pick("ok", "完成", "en") == "ok" and pick("ok", "完成", "zh") == "完成"


def test_locale_names_are_normalised_before_picking():
    for lang, expected in (("zh_CN.UTF-8", "客户"), ("zh-Hans", "客户"), ("ZH", "客户"),
                           ("en_GB", "Customers"), ("fr_FR", "Customers"), ("", "Customers")):
        assert pick("Customers", "客户", lang) == expected, lang
    assert [i18n.normalise(x) for x in ("zh_CN.UTF-8", "zh-TW", "en-US", "de", None, "")] == \
        ["zh", "zh", "en", "en", "en", "en"]


def test_no_language_means_the_current_one(language):
    language("zh")
    assert pick("ok", "完成") == "完成" and Text("ok", "完成").get() == "完成"
    language("en_US")
    assert pick("ok", "完成") == "ok"


def test_pick_chooses_any_pair_of_values():
    assert pick(("Mon", "Tue"), ("周一", "周二"), "zh") == ("周一", "周二")
    assert pick(35, 0, "en") == 35


def test_text_is_a_tuple_so_tables_dump_to_json_as_before():
    text = Text("Loyal", "忠诚客户")
    en, zh = text
    assert (en, zh) == ("Loyal", "忠诚客户") and text == ("Loyal", "忠诚客户")
    assert json.dumps({"name": text}, ensure_ascii=False) == '{"name": ["Loyal", "忠诚客户"]}'


def test_lookup_falls_back_to_the_code_for_unknown_keys():
    table = {"lost": Text("Lost", "已流失")}
    assert lookup(table, "lost", "zh") == "已流失"
    assert lookup(table, "gone_quiet", "zh") == "gone_quiet"
    assert lookup(table, "gone_quiet", "en", default="gone quiet") == "gone quiet"


def test_error_messages_use_the_same_choice(language):
    from persona_desktop.core.errors import WrongPassword
    assert WrongPassword().message("zh_CN") == WrongPassword.zh
    language("zh")
    assert WrongPassword().message() == WrongPassword.zh
    assert WrongPassword().message("en") == WrongPassword.en


# --- the words for the import's codes ------------------------------------------------------------

def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"))


def _pairs(node: ast.Assign):
    """(target, value) of an assignment, element by element for ``a, b = x, y``."""
    for target in node.targets:
        if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
            yield from zip(target.elts, node.value.elts)
        else:
            yield target, node.value


def _is_str(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _codes(node) -> set[str]:
    """The text an argument can be: a literal, or either branch of ``a if test else b``."""
    if isinstance(node, ast.IfExp):
        return _codes(node.body) | _codes(node.orelse)
    return {node.value} if _is_str(node) else set()


def _row_problems() -> set[str]:
    """Why the text reader could not split a row: ``problem = "..."`` and the problem slot of
    ``yield row_no, fields, problem, raw``. Such rows are both a warning and a quarantine reason."""
    codes = set()
    for node in ast.walk(_tree(INGEST / "reading" / "text.py")):
        if isinstance(node, ast.Assign):
            codes |= {v.value for t, v in _pairs(node)
                      if isinstance(t, ast.Name) and t.id == "problem" and _is_str(v)}
        if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple) \
                and len(node.value.elts) == 4 and _is_str(node.value.elts[2]):
            codes.add(node.value.elts[2].value)
    return codes


def _warning_calls(tree):
    """The ``<something>.warnings.append(x)`` / ``.add(x)`` calls below ``tree``."""
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        if isinstance(node, ast.Call) and isinstance(func, ast.Attribute) \
                and func.attr in ("append", "add") and isinstance(func.value, ast.Attribute) \
                and func.value.attr == "warnings" and len(node.args) == 1:
            yield node.args[0]


def emitted_warnings() -> set[str]:
    """Every code the readers put in ``.warnings``, read from their source."""
    codes = _row_problems()
    for path in (INGEST / "reading").glob("*.py"):
        tree = _tree(path)
        codes |= {a.value for a in _warning_calls(tree) if _is_str(a)}
        # readers.inspect: `for code, present in (("ragged_rows", ...), ...)` then append(code)
        for node in ast.walk(tree):
            if isinstance(node, ast.For) and isinstance(node.target, ast.Tuple) \
                    and isinstance(node.iter, ast.Tuple) \
                    and any(isinstance(a, ast.Name) and a.id == node.target.elts[0].id
                            for a in _warning_calls(node)):
                codes |= {e.elts[0].value for e in node.iter.elts
                          if isinstance(e, ast.Tuple) and _is_str(e.elts[0])}
    return codes


# transform and the order rules it calls: where rows are failed with a reason and lines flagged
TRANSFORM_FILES = ("transform.py", "orders.py")


def emitted_reasons() -> set[str]:
    """Every quarantine reason, read from the source: transform's ``fail(mask, "code")``, the
    readers' ``bad_rows.append((row, "code", raw))``, the date parser's ``reasons[...] = CODE``
    and the rows the text reader cannot split."""
    codes = _row_problems()
    for node in (n for f in TRANSFORM_FILES for n in ast.walk(_tree(INGEST / f))):
        if isinstance(node, ast.Call) and "fail" in (getattr(node.func, "id", None),
                                                      getattr(node.func, "attr", None)):
            codes |= set().union(*map(_codes, node.args))
    for path in (INGEST / "reading").glob("*.py"):
        for node in ast.walk(_tree(path)):
            func = getattr(node, "func", None)
            if isinstance(node, ast.Call) and isinstance(func, ast.Attribute) \
                    and func.attr == "append" and getattr(func.value, "attr", None) == "bad_rows" \
                    and node.args and isinstance(node.args[0], ast.Tuple):
                codes |= {e.value for e in node.args[0].elts if _is_str(e)}
    dates = _tree(INGEST / "dates.py")
    constants = {t.id: v.value for node in dates.body if isinstance(node, ast.Assign)
                 for t, v in _pairs(node) if isinstance(t, ast.Name) and _is_str(v)}
    for node in ast.walk(dates):
        if isinstance(node, ast.Assign):
            codes |= {constants[v.id] for t, v in _pairs(node)
                      if isinstance(t, ast.Subscript) and getattr(t.value, "id", None) == "reasons"
                      and isinstance(v, ast.Name) and v.id in constants}
    return codes


def _assert_bilingual(table: dict[str, Text], codes: set[str]) -> None:
    missing = sorted(codes - set(table))
    assert missing == [], f"codes without words in ingest/messages.py: {missing}"
    for code in codes:
        en, zh = table[code]
        assert en.strip() and not CJK.search(en), code
        assert CJK.search(zh) and zh != en, code


def test_the_source_scan_finds_the_known_codes():
    # Guards the scan itself: if it found nothing, the tests below would pass vacuously.
    assert {"blank_lines", "encoding_uncertain", "ragged_rows", "too_many_fields",
            "unbalanced_quotes", "undecodable"} <= emitted_warnings()
    assert {"missing_date", "unparseable_date", "ambiguous_date", "mixed_date_formats",
            "implausible_date", "bad_amount", "no_identifier", "too_many_fields",
            "malformed_quotes"} <= emitted_reasons()


def test_every_reading_warning_has_words_in_both_languages():
    _assert_bilingual(messages.WARNINGS, emitted_warnings())


def test_every_quarantine_reason_has_words_in_both_languages():
    _assert_bilingual(messages.REASONS, emitted_reasons())


def test_every_flag_and_redaction_has_words_in_both_languages():
    from persona_desktop.core.privacy.pii_scan import KINDS
    flags = {v.value for f in TRANSFORM_FILES for node in ast.walk(_tree(INGEST / f))
             if _is_str(v := node) and node.value.startswith("outlier_")}
    assert flags
    _assert_bilingual(messages.FLAGS, flags)
    _assert_bilingual(messages.REDACTIONS, set(KINDS))


def test_code_words_follow_the_language_and_unknown_codes_stay_readable():
    assert messages.warning_text("blank_lines", "en") == \
        "The file has empty rows; they are skipped."
    assert messages.warning_text("blank_lines", "zh") == "文件中有空行，已跳过。"
    assert messages.reason_text("unparseable_date", "zh") == "无法识别下单时间"
    assert messages.warning_text("some_new_code", "zh") == "some new code"
    assert messages.reason_text("some_new_code", "en") == "some new code"
