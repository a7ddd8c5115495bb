"""Exit codes and the errors every part of the app can raise: the base class, a command used
wrongly, a bad setting, a cancelled job and a disk that cannot be written."""
from __future__ import annotations

from .. import i18n

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


class InvalidSetting(PersonaError):
    exit_code = EXIT_USAGE
    en = "The setting {name} cannot be {value}: {why}"
    zh = "设置项 {name} 不能为 {value}：{why}"


class JobCancelled(PersonaError):
    en = "Cancelled. Nothing was changed."
    zh = "已取消，未做任何更改。"


class ReadOnlyLocation(PersonaError):
    en = ("Persona Desktop cannot write to {path}. Choose a folder you can write to, or check the "
          "disk's permissions.")
    zh = "Persona Desktop 无法写入 {path}。请选择可写的文件夹，或检查磁盘权限。"


class DiskFull(PersonaError):
    en = ("The disk is full, so {what} could not be finished. Nothing already on disk was changed. "
          "Free some space and try again.")
    zh = "磁盘已满，{what}未能完成。磁盘上已有的内容未被更改。请释放空间后重试。"
