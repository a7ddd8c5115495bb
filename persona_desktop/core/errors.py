"""Typed errors with a message a shop owner understands, in English and Simplified Chinese.

Every error the user can meet is one of these types. The GUI shows ``str(err)`` (or
``err.message(lang)``) in a dialog; the CLI prints it and exits with ``err.exit_code``.
Messages never contain customer values: only paths, counts and names of things.
"""
from __future__ import annotations

from . import i18n

# Exit codes shared by the CLI (documented in the README).
EXIT_OK = 0
EXIT_OTHER = 1
EXIT_USAGE = 2
EXIT_WRONG_PASSWORD = 3
EXIT_DAMAGED = 4


class PersonaError(Exception):
    """Base of all user-facing errors. Subclasses set ``en``/``zh`` templates and an exit code."""

    exit_code = EXIT_OTHER
    en = "Something went wrong."
    zh = "出现错误。"

    def __init__(self, detail: str = "", **fields):
        self.detail = detail
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        text = i18n.pick(self.en, self.zh, lang or None).format(**self.fields)
        if self.detail:
            text = f"{text} ({self.detail})"
        return text

    def __str__(self) -> str:
        return self.message()


class UsageError(PersonaError):
    exit_code = EXIT_USAGE
    en = "This command was not used correctly: {what}"
    zh = "命令用法不正确：{what}"


class WrongPassword(PersonaError):
    exit_code = EXIT_WRONG_PASSWORD
    en = "The password is not correct. Check Caps Lock and the keyboard language, then try again."
    zh = "密码不正确。请检查大写锁定和输入法后重试。"


class WrongRecoveryCode(PersonaError):
    exit_code = EXIT_WRONG_PASSWORD
    en = "The recovery code is not correct. Type it exactly as it was shown when the vault was created."
    zh = "恢复码不正确。请按创建保险库时显示的内容准确输入。"


class VaultNotFound(PersonaError):
    en = "There is no vault at {path}. Create one first (persona init) or choose another folder."
    zh = "{path} 没有保险库。请先创建（persona init）或选择其他文件夹。"


class VaultExists(PersonaError):
    en = "A vault already exists at {path}. Nothing was changed; choose another folder."
    zh = "{path} 已有保险库，未做任何更改；请选择其他文件夹。"


class VaultDamaged(PersonaError):
    exit_code = EXIT_DAMAGED
    en = ("The vault file {name} is damaged and cannot be read. Nothing was changed. "
          "Restore your latest backup (persona restore).")
    zh = "保险库文件 {name} 已损坏，无法读取。未做任何更改。请恢复最近的备份（persona restore）。"


class KeyFileMissing(PersonaError):
    exit_code = EXIT_DAMAGED
    en = ("The key file (vault.key) of the vault at {path} is missing. Without it the data cannot be "
          "decrypted. Put the key file back or restore a backup.")
    zh = "{path} 的密钥文件（vault.key）缺失，没有它无法解密数据。请放回密钥文件或恢复备份。"


class KeyFileDamaged(PersonaError):
    exit_code = EXIT_DAMAGED
    en = ("The key file (vault.key) is damaged and its spare copy is too. Nothing was changed. "
          "Restore a backup.")
    zh = "密钥文件（vault.key）及其备用副本都已损坏。未做任何更改。请恢复备份。"


class KeyFileMismatch(PersonaError):
    exit_code = EXIT_DAMAGED
    en = ("The key file in this folder belongs to another vault, not to these data files. "
          "Nothing was changed. Put this vault's own vault.key back.")
    zh = "此文件夹中的密钥文件属于另一个保险库，与这些数据文件不匹配。未做任何更改。请放回本保险库自己的 vault.key。"


class KdfTooWeak(PersonaError):
    exit_code = EXIT_DAMAGED
    en = ("The key file asks for password protection weaker than the allowed minimum "
          "({memory_kib} KiB, {iterations} passes). It was refused, as it may have been tampered with.")
    zh = "密钥文件要求的密码保护强度低于允许的最低值（{memory_kib} KiB，{iterations} 轮），已拒绝，文件可能被篡改。"


class UnsupportedVaultVersion(PersonaError):
    en = ("This vault was made by a newer version of Persona Desktop (format {found}, this app reads "
          "up to {supported}). Update the app; the vault was not changed.")
    zh = "此保险库由更新版本的 Persona Desktop 创建（格式 {found}，本应用最高支持 {supported}）。请更新应用；保险库未被更改。"


class VaultInUse(PersonaError):
    en = ("This vault is already open in another Persona Desktop window or command. Close it there "
          "first; opening it twice could damage it.")
    zh = "此保险库已在另一个 Persona Desktop 窗口或命令中打开。请先在那里关闭；重复打开可能损坏数据。"


class VaultLocked(PersonaError):
    en = "The vault is locked. Unlock it with your password first."
    zh = "保险库已锁定。请先用密码解锁。"


class ReadOnlyLocation(PersonaError):
    en = ("Persona Desktop cannot write to {path}. Choose a folder you can write to, or check the "
          "disk's permissions.")
    zh = "Persona Desktop 无法写入 {path}。请选择可写的文件夹，或检查磁盘权限。"


class DiskFull(PersonaError):
    en = ("The disk is full, so {what} could not be finished. Nothing already on disk was changed. "
          "Free some space and try again.")
    zh = "磁盘已满，{what}未能完成。磁盘上已有的内容未被更改。请释放空间后重试。"


class WeakPassword(PersonaError):
    exit_code = EXIT_USAGE
    en = ("This password is weak ({reason}). Choose a longer one, or confirm that you want to use it "
          "anyway (--allow-weak-password).")
    zh = "此密码强度较弱（{reason}）。请换一个更长的密码，或确认仍要使用（--allow-weak-password）。"


class PasswordMismatch(PersonaError):
    exit_code = EXIT_USAGE
    en = "The two passwords are not the same."
    zh = "两次输入的密码不一致。"


class BackupDamaged(PersonaError):
    exit_code = EXIT_DAMAGED
    en = "The backup file {name} is damaged or is not a Persona Desktop backup. Nothing was changed."
    zh = "备份文件 {name} 已损坏或不是 Persona Desktop 备份。未做任何更改。"


class AuditChainBroken(PersonaError):
    exit_code = EXIT_DAMAGED
    en = ("The audit log has been altered: entry {seq} does not match the chain ({reason}). "
          "Someone may have edited the vault outside the app.")
    zh = "审计日志已被改动：第 {seq} 条与哈希链不符（{reason}）。可能有人在应用之外修改了保险库。"


class InvalidSetting(PersonaError):
    exit_code = EXIT_USAGE
    en = "The setting {name} cannot be {value}: {why}"
    zh = "设置项 {name} 不能为 {value}：{why}"


class JobCancelled(PersonaError):
    en = "Cancelled. Nothing was changed."
    zh = "已取消，未做任何更改。"


# --- Import readers (core/ingest). {name} is the file's name, never a value from inside it. ---

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
