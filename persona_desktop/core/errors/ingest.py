"""Errors of the import readers and the column mapping (core/ingest). ``{name}`` is the file's
name, never a value from inside it."""
from __future__ import annotations

from .base import EXIT_USAGE, PersonaError


class ImportFileMissing(PersonaError):
    en = "The file {name} was not found. It may have been moved or renamed; choose it again."
    zh = "找不到文件 {name}，可能已被移动或重命名。请重新选择。"


class EmptyFile(PersonaError):
    en = ("The file {name} is empty: there is no table in it to import. Check that you chose the "
          "right file, or export the data again.")
    zh = "文件 {name} 是空的，里面没有可导入的表格。请确认选对了文件，或重新导出数据。"


class UnreadableFile(PersonaError):
    en = ("The file {name} could not be read: it is damaged or is not a table (CSV, TXT, XLSX or XLS). "
          "Open it in Excel or WPS, save it again as .xlsx or CSV, and import that copy.")
    zh = "无法读取文件 {name}：文件已损坏，或不是表格（CSV、TXT、XLSX 或 XLS）。请用 Excel 或 WPS 打开，另存为 .xlsx 或 CSV 后再导入。"


class BinaryFile(PersonaError):
    en = ("The file {name} is not a text table, although its name says so: it contains binary data "
          "(it may be a picture, a PDF or a renamed file). Export the data again as CSV or Excel.")
    zh = "文件 {name} 虽然名称像表格，但并不是文本表格：它包含二进制数据（可能是图片、PDF 或被改名的文件）。请重新导出为 CSV 或 Excel。"


class PasswordProtectedWorkbook(PersonaError):
    en = ("The workbook {name} is protected with a password, so it cannot be read. Open it in Excel or "
          "WPS, remove the password (File > Info > Protect Workbook), save it, and import it again.")
    zh = "工作簿 {name} 设置了打开密码，无法读取。请用 Excel 或 WPS 打开，取消密码（文件 > 信息 > 保护工作簿）并保存后再导入。"


class LegacyExcelUnsupported(PersonaError):
    en = ("The file {name} is in the old Excel format (.xls), and the component that reads it (xlrd) "
          "is not installed. Open it in Excel or WPS and save it as .xlsx or CSV, then import that copy.")
    zh = "文件 {name} 是旧版 Excel 格式（.xls），而读取它的组件（xlrd）未安装。请用 Excel 或 WPS 打开并另存为 .xlsx 或 CSV 后再导入。"


class SheetNotFound(PersonaError):
    exit_code = EXIT_USAGE
    en = "The workbook {name} has no sheet called {sheet}. Its sheets are: {sheets}."
    zh = "工作簿 {name} 中没有名为 {sheet} 的工作表。现有工作表：{sheets}。"


class UnknownEncoding(PersonaError):
    exit_code = EXIT_USAGE
    en = "The text encoding {encoding} is not known. Choose one from the list (for example UTF-8 or GB18030)."
    zh = "未知的文本编码 {encoding}。请从列表中选择（例如 UTF-8 或 GB18030）。"


class NoTableInArchive(PersonaError):
    en = ("The archive {name} contains no CSV, TXT or Excel file to import. Unpack it and choose the "
          "table file itself.")
    zh = "压缩包 {name} 中没有可导入的 CSV、TXT 或 Excel 文件。请解压后直接选择表格文件。"


class TooManyColumns(PersonaError):
    """More columns than a spreadsheet holds: a file whose delimiter or lines are broken, or
    not a shop export. Refused before any column is examined (issue 12, defect 7)."""
    en = ("The file {name} has {columns} columns, more than a spreadsheet can hold ({limit}). It is "
          "probably not a table export, or its lines are broken. Open it in Excel or WPS to check, "
          "or export the data again.")
    zh = ("文件 {name} 有 {columns} 列，超过了电子表格能容纳的列数（{limit}）。它可能不是表格导出文件，"
          "或者换行已损坏。请用 Excel 或 WPS 打开检查，或重新导出数据。")


class UnusualLineBreaks(PersonaError):
    """Rows separated by U+2028, U+2029 or NUL instead of line breaks: read as lines they would
    be one row of thousands of cells, so the file is refused (issue 12, defect 7)."""
    en = ("The rows of {name} are separated by {separator} instead of ordinary line breaks, so they "
          "cannot be told apart safely and nothing was imported. Export the data again as CSV, or "
          "replace those separators with line breaks in a text editor, and import that copy.")
    zh = ("文件 {name} 的各行之间用 {separator} 分隔，而不是普通的换行符，无法可靠地区分各行，因此未导入"
          "任何数据。请重新导出为 CSV，或在文本编辑器中把这些分隔符替换为换行后再导入。")


class MappingIncomplete(PersonaError):
    """Raised by ingest.mapping.validate_mapping; ``fields["roles"]`` holds the missing role ids."""
    exit_code = EXIT_USAGE
    en = "The file cannot be imported yet: choose a column for {missing_en}."
    zh = "文件暂时无法导入：请为{missing_zh}选择对应的列。"


class MappingConflict(PersonaError):
    exit_code = EXIT_USAGE
    en = ("More than one column ({columns}) is set to \"{role_en}\". Keep it on one column and set "
          "the others to \"Do not import\".")
    zh = "有多列（{columns}）被设为“{role_zh}”。请只保留其中一列，其余设为“不导入”。"
