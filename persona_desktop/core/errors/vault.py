"""Errors of the encrypted vault: passwords and recovery codes, key files, backups, the audit
log, and a vault that is missing, damaged, locked or open elsewhere."""
from __future__ import annotations

from .base import EXIT_USAGE, EXIT_WRONG_PASSWORD, EXIT_DAMAGED, PersonaError


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


class KeyFileRestoredFromSpare(PersonaError):
    """Not raised: a notice ``Vault.open`` leaves in ``vault.notices`` when it rebuilt vault.key from
    vault.key.bak, so the CLI (on stderr) and the GUI can tell the user; a silent repair would hide
    a damaged disk or a key file copied in by mistake."""
    en = ("The key file vault.key {reason_en}, so it was rebuilt from its spare copy vault.key.bak. "
          "The vault opened normally and the rebuild is recorded in the audit log.{kept_en} "
          "If you did not expect this, make a fresh backup (persona backup).")
    zh = ("密钥文件 vault.key {reason_zh}，已用其备用副本 vault.key.bak 重建。保险库已正常打开，"
          "此次重建已记入审计日志。{kept_zh}如非预期，请立即做一次新的备份（persona backup）。")
    REASONS = {"missing": ("was missing", "缺失"), "damaged": ("was damaged", "已损坏"),
               "other_vault": ("belonged to another vault", "属于另一个保险库")}

    def __init__(self, reason: str, kept: str = ""):
        en, zh = self.REASONS[reason]
        super().__init__(reason=reason, reason_en=en, reason_zh=zh,
                         kept_en=f" The other vault's key file was kept as {kept}." if kept else "",
                         kept_zh=f"另一个保险库的密钥文件已另存为 {kept}。" if kept else "")


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
