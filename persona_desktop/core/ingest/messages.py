"""The words for the codes an import reports, defined once for the CLI, the GUI's import wizard
and the quarantine export: file-reading warnings, quarantine reasons, flags and redactions.

The report and the vault keep the codes (``--json`` and stored rows stay stable across versions and
languages); the words are chosen at display time, in the language asked for (``lang=None``: the
current one). A code without words, from a newer version, is shown with its underscores as spaces.
"""
from __future__ import annotations

from ..i18n import Text, lookup, pick

# What reading the file met (ImportReport.warnings, the wizard's first step): a sentence each.
WARNINGS: dict[str, Text] = {
    "several_tables_in_archive": Text(
        "The archive holds several tables; the first one is read.",
        "压缩包中有多个表格，只读取第一个。"),
    "ragged_rows": Text(
        "Some rows have fewer cells than the header; the missing cells are left empty.",
        "有些行的单元格比表头少，缺少的单元格按空值处理。"),
    "too_many_fields": Text(
        "Some rows have more cells than the header (often a comma inside a value); those rows "
        "will be set aside for you to review.",
        "有些行的单元格比表头多（常见原因是数据中含有逗号），这些行会被搁置，等待您检查。"),
    "trailing_empty_fields": Text(
        "Some rows end with empty extra cells; they are ignored.",
        "有些行末尾有多余的空单元格，已忽略。"),
    "blank_lines": Text("The file has empty rows; they are skipped.", "文件中有空行，已跳过。"),
    "mixed_encoding": Text(
        "Parts of the file use different text encodings (for example two exports joined "
        "together); each line is decoded on its own.",
        "文件的不同部分使用了不同的文本编码（例如两个导出文件拼接而成），每一行会分别解码。"),
    "encoding_uncertain": Text(
        "The text encoding is a guess. If the characters below look wrong, choose another "
        "encoding.",
        "文本编码是推测的。如果下面的文字显示为乱码，请选择其他编码。"),
    "title_rows_skipped": Text("Title rows above the table are skipped.", "表格上方的标题行已跳过。"),
    "many_columns": Text(
        "The file has very many columns: only 300 of them were examined to guess what they hold. "
        "The others are not imported unless you choose a role for them.",
        "文件的列非常多，只检查了其中 300 列来判断内容。其余列不会导入，除非您为其选择用途。"),
    "no_header_row": Text(
        "The first row looks like data, not column names; the columns are numbered instead.",
        "第一行看起来是数据而不是列名，因此各列改用编号命名。"),
    "empty_headers": Text("Some columns have no name; they are given numbers.",
                              "有些列没有名称，已用编号命名。"),
    "duplicate_headers": Text("Some column names appear twice; the copies are numbered.",
                                  "有些列名重复出现，重复的列已加编号。"),
    "unbalanced_quotes": Text(
        "A quotation mark is never closed in some rows; those rows will be set aside.",
        "有些行中的引号没有闭合，这些行会被搁置。"),
    "malformed_quotes": Text(
        "Some rows have stray quotation marks; those rows will be set aside.",
        "有些行中有多余的引号，这些行会被搁置。"),
    "undecodable": Text(
        "Some rows contain characters that cannot be decoded; they will be set aside.",
        "有些行包含无法解码的字符，这些行会被搁置。"),
}

# Why a row was set aside (ImportReport.quarantine_reasons, the quarantine table): a phrase each.
REASONS: dict[str, Text] = {
    "missing_date": Text("order date is empty", "下单时间为空"),
    "unparseable_date": Text("order date cannot be read", "无法识别下单时间"),
    "ambiguous_date": Text("date order (day/month) contradicts the rest of the file",
                           "日期的日/月顺序与文件其余部分矛盾"),
    "unparseable_payment_time": Text("payment time cannot be read", "无法识别付款时间"),
    "bad_quantity": Text("quantity is not a number", "数量不是数字"),
    "zero_quantity": Text("quantity is 0", "数量为 0"),
    "bad_amount": Text("an amount is not a number", "金额不是数字"),
    "negative_price": Text("unit price is negative", "单价为负数"),
    "no_amount": Text("no price or amount", "没有价格或金额"),
    "no_identifier": Text("no customer identifier on a customer row", "客户行缺少客户标识"),
    "too_many_fields": Text("more fields than the header", "字段数多于表头"),
    "undecodable": Text("characters cannot be decoded", "字符无法解码"),
    "bad_row": Text("row cannot be read", "无法读取该行"),
    "unbalanced_quotes": Text("a quotation mark is never closed", "引号没有闭合"),
    "malformed_quotes": Text("quotation marks inside the row are broken", "行内引号格式错误"),
    "mixed_date_formats": Text("the file mixes day-first and month-first dates", "文件中日/月顺序混用"),
    "implausible_date": Text("date is outside 1900-2100", "日期不在 1900-2100 年之间"),
}

# Rows kept but marked for a look (ImportReport.flags).
FLAGS: dict[str, Text] = {
    "outlier_quantity": Text("unusually large quantity", "数量异常大"),
    "outlier_price": Text("unusually high unit price", "单价异常高"),
}

# What was removed from free text before storing it (ImportReport.pii_redactions).
REDACTIONS: dict[str, Text] = {
    "email": Text("email addresses", "邮箱地址"),
    "phone": Text("phone numbers", "电话号码"),
    "id_number": Text("ID numbers", "身份证号"),
    "card": Text("card numbers", "银行卡号"),
}


def _words(table: dict[str, Text], code: str, lang: str | None) -> str:
    return lookup(table, code, lang, default=code.replace("_", " "))


def warning_text(code: str, lang: str | None = None) -> str:
    return _words(WARNINGS, code, lang)


def reason_text(code: str, lang: str | None = None) -> str:
    # An unknown code stays as written in Chinese: the words with spaces would read as English.
    return lookup(REASONS, code, lang, default=pick(code.replace("_", " "), code, lang))


def flag_text(code: str, lang: str | None = None) -> str:
    return _words(FLAGS, code, lang)


def redaction_text(kind: str, lang: str | None = None) -> str:
    return _words(REDACTIONS, kind, lang)
