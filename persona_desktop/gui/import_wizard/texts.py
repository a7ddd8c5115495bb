"""Plain words for what the import core reports in codes, in the user's language: encodings,
delimiters, confidence and privacy actions through Qt translations (context "ImportTexts").

Role names, evidence, reading warnings, quarantine reasons, flags, redactions and error messages
come with their own en/zh words from the core (mapping.ROLES, mapping.EVIDENCE, ingest/messages.py,
PersonaError.message), shared with the CLI, and are read here in the GUI's current language
(core.i18n, which gui/language.py switches together with the Qt translator). It imports nothing
heavy.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...core import i18n
from ...core.ingest import messages


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
    return messages.warning_text(code, lang())


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
    text = mapping.EVIDENCE.get(code)
    return text.get(lang()) if text is not None else ""


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
    return messages.reason_text(code, lang())


def flag(code: str) -> str:
    return messages.flag_text(code, lang())


def redaction(kind: str) -> str:
    return messages.redaction_text(kind, lang())


def import_status(status: str | None) -> str:
    return {
        "complete": translate("ImportTexts", "Imported"),
        "undone": translate("ImportTexts", "Undone"),
        "running": translate("ImportTexts", "Not finished"),
    }.get(status or "", status or "")
