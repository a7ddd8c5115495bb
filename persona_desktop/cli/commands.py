"""One function per `persona` sub-command. Each returns the data it reports (printed as text, or as
JSON with --json) and raises typed errors, which ``main`` turns into messages and exit codes."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import prompt
from ..core import paths, services
from ..core.i18n import pick
from ..core.errors import EXIT_DAMAGED, UsageError
from ..core.vault.settings import VaultSettings


class TextProgress:
    """Progress on stderr for long commands; quiet when stderr is not a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()

    def step(self, done: int, total: int, label: str = "") -> None:
        if self.enabled and total:
            sys.stderr.write(f"\r{100 * done // total:3d}% {label:<30}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    def check_cancelled(self) -> None:
        pass


def vault_dir(args) -> Path:
    return Path(args.vault) if args.vault else paths.default_vault_dir()


def _open(args):
    """Open the vault named by ``args``: after repeated wrong passwords, wait the same growing
    delay as the app first (a new process per try must not skip it); warn on stderr, so --json
    stays parseable, when the failed-unlock counter was reset since the last unlock."""
    folder = vault_dir(args)
    streak = services.failed_unlock_streak(folder)
    wait = services.unlock_delay(streak)
    if wait:
        print(pick(f"{streak} wrong passwords in a row: waiting {wait} s before trying again.",
                   f"已连续 {streak} 次密码错误：等待 {wait} 秒后再试。"), file=sys.stderr)
        time.sleep(float(wait))
    vault = services.open_vault(folder, prompt.password(args))
    if vault.audit_anomaly is not None:
        # stderr, so that --json output stays parseable; repeated at every command until
        # `persona verify --acknowledge`
        print(vault.audit_anomaly.message(), file=sys.stderr)
    for notice in vault.notices:  # on stderr: --json output on stdout stays parseable
        print(pick("Warning: ", "警告：") + notice.message(), file=sys.stderr)
    if vault.failed_unlock_record_reset:
        print(pick("Warning: the record of failed unlock attempts in vault.key was reset or the "
                   "key file was replaced since the last unlock. Someone may have tried passwords "
                   "and hidden it; if that was not you, change the password (persona passwd).",
                   "警告：自上次解锁以来，vault.key 中的解锁失败记录被重置或密钥文件被替换。可能有人尝试过"
                   "密码并掩盖了痕迹；如果不是您本人，请修改密码（persona passwd）。"), file=sys.stderr)
    return vault


def cmd_init(args):
    settings = VaultSettings(shop_name=args.shop_name, currency=args.currency,
                             timezone=args.timezone, phone_country=args.phone_country)
    password = prompt.secret("Password", env="PERSONA_PASSWORD", file=args.password_file,
                             confirm=True)
    vault, code = services.create_vault(vault_dir(args), password, settings,
                                        allow_weak=args.allow_weak_password)
    try:
        info = services.vault_info(vault)
    finally:
        vault.lock()
    text = pick(f"Vault created at {info.path}.\n\n"
                f"RECOVERY CODE (shown only this once; write it down and keep it away from this "
                f"computer):\n\n    {code}\n\nWith it you can set a new password if you forget yours "
                f"(persona recover).",
                f"保险库已创建：{info.path}。\n\n恢复码（仅显示这一次；请抄下并与本电脑分开保存）：\n\n"
                f"    {code}\n\n忘记密码时可用它设置新密码（persona recover）。")
    return {"path": info.path, "vault_id": info.vault_id, "recovery_code": code}, text


def cmd_info(args):
    with _open(args) as vault:
        info = services.vault_info(vault)
    s, c = info.settings, info.counts
    lines = [
        pick("Vault", "保险库") + f": {info.path}",
        pick("Shop", "店铺") + f": {s['shop_name']}  ({s['currency']}, {s['timezone']}, "
        + pick("phones", "电话") + f" {s['phone_country']})",
        pick("Created", "创建于") + f": {info.created_at}   id {info.vault_id}",
        pick("Password protection", "密码保护") + f": Argon2id {info.kdf['memory_kib'] // 1024} MiB, "
        f"{info.kdf['iterations']} " + pick("passes", "轮"),
        pick("Customers", "客户") + f": {c['customers']:,}   " + pick("Orders", "订单") + f": {c['orders']:,}   "
        + pick("Order lines", "订单行") + f": {c['order_lines']:,}   " + pick("Products", "商品")
        + f": {c['products']:,}",
        pick("Imports", "导入") + f": {c['imports']}   " + pick("Quarantined rows", "隔离行")
        + f": {c['quarantine']}   " + pick("Audit entries", "审计记录") + f": {c['audit_log']}",
    ]
    if info.failed_unlocks_since_last:
        lines.append(pick(f"Warning: {info.failed_unlocks_since_last} failed unlock attempt(s) "
                          f"since the last unlock.",
                          f"警告：自上次解锁以来有 {info.failed_unlocks_since_last} 次解锁失败。"))
    return info.to_dict(), "\n".join(lines)


def cmd_passwd(args):
    with _open(args) as vault:
        services.change_password(vault, prompt.new_password(args),
                                 allow_weak=args.allow_weak_password)
    return {"changed": True}, pick("Password changed. The recovery code is unchanged.",
                                   "密码已更改。恢复码不变。")


def cmd_recover(args):
    code = prompt.secret("Recovery code", env="PERSONA_RECOVERY_CODE", file=args.recovery_code_file)
    vault, new_code = services.recover(vault_dir(args), code, prompt.new_password(args),
                                       allow_weak=args.allow_weak_password)
    vault.lock()
    return {"recovered": True, "recovery_code": new_code}, pick(
        f"New password set. Your old recovery code no longer works; the new one is:\n\n"
        f"    {new_code}\n\nWrite it down now; it is not shown again.",
        f"新密码已设置。旧恢复码已失效，新的恢复码是：\n\n    {new_code}\n\n请立即抄下，之后不再显示。")


def cmd_rotate_key(args):
    with _open(args) as vault:
        services.rotate_keys(vault, TextProgress(not args.json))
    return {"rotated": True}, pick("Data keys replaced; both databases re-encrypted.",
                                   "数据密钥已更换，两个数据库均已重新加密。")


def cmd_backup(args):
    with _open(args) as vault:
        info = services.backup(vault, Path(args.dest), TextProgress(not args.json))
    return info.to_dict(), pick(f"Encrypted backup written to {info.path} ({info.size:,} bytes). "
                                f"Restoring it needs the password you use today.",
                                f"加密备份已写入 {info.path}（{info.size:,} 字节）。恢复时需要当前的密码。")


def cmd_restore(args):
    moved = services.restore(Path(args.archive), vault_dir(args), prompt.password(args),
                             replace=args.replace, progress=TextProgress(not args.json))
    text = pick(f"Vault restored to {vault_dir(args)}.", f"保险库已恢复到 {vault_dir(args)}。")
    if moved:
        text += pick(f"\nThe vault that was there was kept at {moved}.", f"\n原有保险库保存在 {moved}。")
    return {"restored": str(vault_dir(args)), "previous_vault_moved_to": str(moved) if moved else None}, text


def cmd_verify(args):
    acknowledged = None
    with _open(args) as vault:
        if args.acknowledge:
            acknowledged = services.acknowledge_audit_anomaly(vault)
        report = services.verify(vault, TextProgress(not args.json))
    data = report.to_dict()
    lines = []
    if args.acknowledge:
        data["acknowledged"] = acknowledged.to_dict() if acknowledged else None
        lines.append(pick("Acknowledged: the audit log's break is recorded in the log; later opens "
                          "check from its newest entry.",
                          "已确认：审计日志的断裂已记入日志；之后的打开将从最新记录起检查。")
                     if acknowledged else pick("Nothing to acknowledge.", "没有需要确认的问题。"))
    for name, problems in report.integrity.items():
        lines.append(f"{name}: " + (pick("ok", "正常") if not problems else
                                    pick(f"{len(problems)} problem(s)", f"{len(problems)} 个问题")))
        lines += [f"  - {p}" for p in problems[:10]]
    audit = report.audit
    if audit["ok"]:
        lines.append(pick(f"audit log: ok ({audit['entries']} entries, chain intact)",
                          f"审计日志：正常（{audit['entries']} 条，哈希链完整）"))
    else:
        lines.append(pick(f"audit log: BROKEN at entry {audit['first_broken']} ({audit['reason']})",
                          f"审计日志：第 {audit['first_broken']} 条处断裂（{audit['reason']}）"))
    return data, "\n".join(lines), (0 if report.ok else EXIT_DAMAGED)


def cmd_audit(args):
    with _open(args) as vault:
        entries = services.audit_entries(vault, args.limit)
    lines = [f"{e['seq']:>6}  {e['ts']}  {e['event']:<34} "
             + " ".join(f"{k}={v}" for k, v in sorted(e["details"].items())) for e in entries]
    return {"entries": entries}, "\n".join(lines) or pick("(no entries)", "（无记录）")


def cmd_demo(args):
    target = Path(args.vault) if args.vault else paths.demo_vault_dir()
    if services.vault_exists(target):
        if not args.force:
            return ({"path": str(target), "created": False, "password": services.DEMO_PASSWORD},
                    pick(f"The demo vault already exists at {target} (password: {services.DEMO_PASSWORD}). "
                         f"Use --force to build it again.",
                         f"演示保险库已存在：{target}（密码：{services.DEMO_PASSWORD}）。使用 --force 重新生成。"))
        services.delete_vault(target)
    vault = services.create_demo_vault(target, TextProgress(not args.json), seed=args.seed,
                                       n_customers=args.customers)
    try:
        counts = services.vault_info(vault).counts
    finally:
        vault.lock()
    return ({"path": str(target), "created": True, "password": services.DEMO_PASSWORD, "counts": counts},
            pick(f"Demo vault created at {target} with {counts['customers']:,} synthetic customers and "
                 f"{counts['orders']:,} orders.\nPassword: {services.DEMO_PASSWORD}",
                 f"演示保险库已创建：{target}，含 {counts['customers']:,} 位合成客户、{counts['orders']:,} 笔订单。\n"
                 f"密码：{services.DEMO_PASSWORD}"))


def cmd_settings(args):
    changes = {}
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(what=f"--set needs KEY=VALUE, got {item!r}")
        changes[key.strip()] = value.strip()
    with _open(args) as vault:
        s = services.update_settings(vault, **changes) if changes else vault.settings()
    data = {"shop_name": s.shop_name, "currency": s.currency, "timezone": s.timezone,
            "phone_country": s.phone_country}
    return data, "\n".join(f"{k} = {v}" for k, v in data.items())


def cmd_delete(args):
    target = vault_dir(args)
    if not args.yes and not prompt.confirm(pick(f"Permanently delete the vault at {target}?",
                                                f"永久删除 {target} 的保险库？")):
        raise UsageError(what=pick("deletion not confirmed (use --yes)", "未确认删除（使用 --yes）"))
    services.delete_vault(target)
    return {"deleted": str(target)}, pick("Vault deleted: key file destroyed first, then the data files.",
                                          "保险库已删除：先销毁密钥文件，再删除数据文件。")


# --- the vault commands' options (registered by build_parser in cli/__init__.py) ------------------

def _new_password_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--new-password-file", metavar="FILE",
                   help="read the new password from FILE (else $PERSONA_NEW_PASSWORD, else a prompt)")
    p.add_argument("--allow-weak-password", action="store_true",
                   help="accept a password the strength check calls weak")


def add_parsers(sub, common) -> None:
    p = sub.add_parser("init", help="create a new encrypted vault")
    common(p)
    p.add_argument("--shop-name", default="My shop")
    p.add_argument("--currency", default="CNY")
    p.add_argument("--timezone", default="Asia/Shanghai")
    p.add_argument("--phone-country", default="CN", help="country for phone numbers without +code")
    p.add_argument("--allow-weak-password", action="store_true")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("info", help="show the vault's settings and contents")
    common(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("passwd", help="change the vault password")
    common(p)
    _new_password_opts(p)
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser("recover", help="set a new password with the recovery code")
    common(p, password=False)
    p.add_argument("--recovery-code-file", metavar="FILE",
                   help="read the code from FILE (else $PERSONA_RECOVERY_CODE, else a prompt)")
    _new_password_opts(p)
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser("rotate-key", help="replace the data encryption keys (suspected compromise)")
    common(p)
    p.set_defaults(func=cmd_rotate_key)

    p = sub.add_parser("backup", help="write an encrypted backup of the whole vault")
    common(p)
    p.add_argument("dest", help="backup file or folder")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore a vault from an encrypted backup")
    common(p)
    p.add_argument("archive", help="backup file (.pvbackup)")
    p.add_argument("--replace", action="store_true",
                   help="replace an existing vault (it is moved aside, not deleted)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("verify", help="check encryption integrity and the audit chain")
    common(p)
    p.add_argument("--acknowledge", action="store_true",
                   help="acknowledge a cut or rolled-back audit log (logged); the warning stops")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("audit", help="show the audit log (newest first)")
    common(p)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("demo", help="create the demo vault from the synthetic shop")
    common(p, password=False)
    p.add_argument("--force", action="store_true", help="rebuild it if it exists")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--customers", type=int, default=800)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("settings", help="show or change vault settings (--set KEY=VALUE)")
    common(p)
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="shop_name, currency, timezone or phone_country")
    p.set_defaults(func=cmd_settings)


def add_delete_parser(sub, common) -> None:
    p = sub.add_parser("delete", help="delete a vault for good (key file destroyed first)")
    common(p, password=False)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_delete)
