"""Plain words for what the import core reports in codes: privacy actions, reading warnings,
confidence, flags and redactions, in the user's language (Qt translations, context "ImportTexts").

Role names, evidence, quarantine reasons and error messages come with their own en/zh texts from
the core (mapping.ROLES, mapping.EVIDENCE, report.reason_text, PersonaError.message); this module
only covers the codes the core leaves to the interface. It imports nothing heavy.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...core import i18n


def translate(context: str, text: str) -> str:
    """QCoreApplication.translate under a name lupdate finds (the context must be a literal)."""
    return QCoreApplication.translate(context, text)


def lang() -> str:
    return i18n.language()


# --- reading the file ---------------------------------------------------------------------------

ENCODINGS = ("utf-8", "gb18030", "big5", "utf-16", "cp1252", "latin-1")  # offered in the list


def encoding_name(code: str | None) -> str:
    utf16 = translate("ImportTexts", "UTF-16 (Excel \"Unicode text\")")
    names = {
        "utf-8": translate("ImportTexts", "UTF-8 (most files)"),
        "utf-8-sig": translate("ImportTexts", "UTF-8 with signature (Excel)"),
        "gb18030": translate("ImportTexts", "GBK / GB18030 (Simplified Chinese)"),
        "big5": translate("ImportTexts", "Big5 (Traditional Chinese)"),
        "utf-16": utf16, "utf-16-le": utf16, "utf-16-be": utf16,
        "cp1252": translate("ImportTexts", "Windows Western (cp1252)"),
        "latin-1": translate("ImportTexts", "Latin-1 (ISO 8859-1)"),
        "ascii": translate("ImportTexts", "Plain ASCII"),
    }
    return names.get(code or "", code or "—")


DELIMITERS = (",", ";", "\t", "|", "whitespace")


def delimiter_name(code: str | None) -> str:
    names = {
        ",": translate("ImportTexts", "Comma ( , )"),
        ";": translate("ImportTexts", "Semicolon ( ; )"),
        "\t": translate("ImportTexts", "Tab"),
        "|": translate("ImportTexts", "Vertical bar ( | )"),
        "whitespace": translate("ImportTexts", "Spaces"),
    }
    return names.get(code or "", repr(code) if code else "—")


def source_warning(code: str) -> str:
    texts = {
        "several_tables_in_archive": translate(
            "ImportTexts", "The archive holds several tables; the first one is read."),
        "ragged_rows": translate(
            "ImportTexts",
            "Some rows have fewer cells than the header; the missing cells are left empty."),
        "too_many_fields": translate(
            "ImportTexts",
            "Some rows have more cells than the header (often a comma inside a value); those "
            "rows will be set aside for you to review."),
        "trailing_empty_fields": translate(
            "ImportTexts", "Some rows end with empty extra cells; they are ignored."),
        "blank_lines": translate("ImportTexts", "The file has empty rows; they are skipped."),
        "mixed_encoding": translate(
            "ImportTexts",
            "Parts of the file use different text encodings (for example two exports joined "
            "together); each line is decoded on its own."),
        "encoding_uncertain": translate(
            "ImportTexts",
            "The text encoding is a guess. If the characters below look wrong, choose another "
            "encoding."),
        "title_rows_skipped": translate(
            "ImportTexts", "Title rows above the table are skipped."),
        "no_header_row": translate(
            "ImportTexts",
            "The first row looks like data, not column names; the columns are numbered "
            "instead."),
        "empty_headers": translate(
            "ImportTexts", "Some columns have no name; they are given numbers."),
        "duplicate_headers": translate(
            "ImportTexts", "Some column names appear twice; the copies are numbered."),
        "unbalanced_quotes": translate(
            "ImportTexts",
            "A quotation mark is never closed in some rows; those rows will be set aside."),
        "malformed_quotes": translate(
            "ImportTexts", "Some rows have stray quotation marks; those rows will be set aside."),
        "undecodable": translate(
            "ImportTexts",
            "Some rows contain characters that cannot be decoded; they will be set aside."),
    }
    return texts.get(code, code.replace("_", " "))


# --- columns and privacy ------------------------------------------------------------------------

def role_label(role: str) -> str:
    from ...core.ingest import mapping
    return mapping.role_label(role, lang()) if role in mapping.ROLES else role


def role_choices() -> list[tuple[str, str]]:
    """(role, label) in the drop-down order of the core, labels in the user's language."""
    from ...core.ingest import mapping
    return [(role, mapping.role_label(role, lang())) for role in mapping.ROLES]


def evidence_text(code: str) -> str:
    from ...core.ingest import mapping
    pair = mapping.EVIDENCE.get(code)
    if pair is None:
        return ""
    return pair[1] if lang() == "zh" else pair[0]


def confidence_word(confidence: float) -> str:
    if confidence >= 0.85:
        return translate("ImportTexts", "sure")
    if confidence >= 0.6:
        return translate("ImportTexts", "likely")
    if confidence > 0:
        return translate("ImportTexts", "a guess")
    return translate("ImportTexts", "not recognised")


def privacy_action(action: str) -> str:
    return {
        "pseudonymised": translate("ImportTexts", "Pseudonymised (still personal data)"),
        "generalised": translate("ImportTexts", "Generalised"),
        "scanned": translate("ImportTexts", "Scanned for personal details"),
        "kept": translate("ImportTexts", "Kept as it is"),
        "ignored": translate("ImportTexts", "Not imported"),
    }.get(action, action)


def privacy_explanation(role: str, action: str) -> str:
    """What happens to a column, in a sentence a shop owner understands."""
    if action == "pseudonymised":
        return translate(
            "ImportTexts",
            "Analyses see a pseudonym instead of the value. The real value is kept encrypted in "
            "a separate identity file and is shown only when you choose to reveal it, which asks "
            "for your password. The data stays pseudonymised (still personal data).")
    if role == "address":
        return translate(
            "ImportTexts",
            "The full address is kept encrypted in the separate identity file; analyses see "
            "only the city and the province.")
    if role in ("birth_date", "age"):
        return translate(
            "ImportTexts",
            "Analyses see an age band (for example 25–34), never the exact birth date or age.")
    if role == "postcode":
        return translate(
            "ImportTexts",
            "Analyses see only the start of the postcode (the area), not the full code.")
    if action == "scanned":
        return translate(
            "ImportTexts",
            "Emails, phone numbers, ID numbers and card numbers found in the text are removed "
            "before it is stored.")
    if action == "ignored":
        return translate("ImportTexts", "Left out: nothing from this column is stored.")
    return translate("ImportTexts", "Stored as it is.")


# --- the report ---------------------------------------------------------------------------------

def reason(code: str) -> str:
    from ...core.ingest.report import REASONS, reason_text
    if code in REASONS:
        return reason_text(code, lang())
    extra = {
        "unbalanced_quotes": translate("ImportTexts", "a quotation mark is never closed"),
        "malformed_quotes": translate("ImportTexts", "stray quotation marks"),
    }
    return extra.get(code, code.replace("_", " "))


def flag(code: str) -> str:
    return {
        "outlier_quantity": translate("ImportTexts", "unusually large quantity"),
        "outlier_price": translate("ImportTexts", "unusually high unit price"),
    }.get(code, code.replace("_", " "))


def redaction(kind: str) -> str:
    return {
        "email": translate("ImportTexts", "email addresses"),
        "phone": translate("ImportTexts", "phone numbers"),
        "id_number": translate("ImportTexts", "ID numbers"),
        "card": translate("ImportTexts", "card numbers"),
    }.get(kind, kind)


def import_status(status: str | None) -> str:
    return {
        "complete": translate("ImportTexts", "Imported"),
        "undone": translate("ImportTexts", "Undone"),
        "running": translate("ImportTexts", "Not finished"),
    }.get(status or "", status or "")
