"""Issue 12, defect 7: many records never silently become one, and one huge line ends in bounded
time. A file whose rows are separated by U+2028, U+2029 or NUL instead of line breaks (100 order
lines were imported as one header-only row) is refused with a typed error naming the separator;
a 50 MB line of fields (once a hang) is refused as too wide."""
from __future__ import annotations


import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import TooManyColumns, UnreadableFile, UnusualLineBreaks
from persona_desktop.core.ingest.reading import sniff

HEADER = "订单编号,客户编号,下单时间,数量,单价"


def order_lines(n: int = 100) -> list[str]:
    return [HEADER] + [f"{1000 + i},C{i % 5},2024-03-{i % 28 + 1:02d} 10:{i % 60:02d},{i % 12 + 1},"
                       f"{i % 7 + 1.5}" for i in range(n)]


@pytest.mark.parametrize("separator, named", [("\u2028", "U+2028"), ("\u2029", "U+2029"),
                                              ("\x00", "NUL")])
@pytest.mark.parametrize("final_newline", [True, False], ids=["final-newline", "no-newline"])
def test_rows_separated_by_unusual_breaks_are_refused_naming_the_separator(tmp_path, separator,
                                                                           named, final_newline):
    path = tmp_path / "orders.csv"
    path.write_bytes((separator.join(order_lines()) + ("\n" if final_newline else "")).encode())
    with pytest.raises(UnusualLineBreaks) as err:
        services.plan_import(None, path)
    for lang in ("en", "zh"):
        assert named in err.value.message(lang) and "orders.csv" in err.value.message(lang)


def test_a_few_line_separators_inside_cells_are_kept_as_text(new_vault, tmp_path):
    lines = order_lines(20)
    lines[0] += ",备注"
    lines[1:] = [f'{line},"first\u2028second"' if i % 5 == 0 else f"{line}," for i, line in
                 enumerate(lines[1:])]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = services.import_file(new_vault, path)
    assert report.accounting_ok and (report.rows_read, report.rows_stored) == (20, 20)


def test_duplicate_header_names_are_numbered_in_linear_time():
    assert sniff.column_names(["a", "a_2", "a", "a", "", "b"], 6) == [
        "a", "a_2", "a_3", "a_4", "column_5", "b"]
    names = sniff.column_names(["C10001"] * 20_000, 20_000)  # quadratic before: ~20 s
    assert names[-1] == "C10001_20000" and len(set(names)) == 20_000


def test_50_mb_single_line_of_fields_ends_in_a_typed_error(tmp_path):
    # Once a hang: naming 600,000 equal header cells was quadratic. The subprocess run with its
    # hang guard is in test_import_hostile.py (fields_50mb.csv).
    path = tmp_path / "one_line.csv"
    path.write_bytes(b"C10001," * ((50 << 20) // 7) + b"\n")
    with pytest.raises(TooManyColumns):
        services.plan_import(None, path)


def test_damaged_utf16_text_is_an_unreadable_file_not_a_crash(tmp_path):
    # Found by benchmarks/fuzz_bench.py: UTF-16 decodes strictly, and the sample's decoding
    # error escaped inspect as a raw UnicodeDecodeError.
    path = tmp_path / "orders.csv"
    text = "\n".join(order_lines(5)).encode("utf-16-le")
    path.write_bytes(b"\xff\xfe" + text[:40] + b"\x00\xd8\x41\x00" + text[40:])  # lone surrogate
    with pytest.raises(UnreadableFile):
        services.plan_import(None, path)
