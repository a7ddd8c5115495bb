"""`persona`: the command-line face of core.services.

Exit codes: 0 ok, 1 other error, 2 usage, 3 wrong password or recovery code, 4 damaged vault.
Passwords come from a prompt, PERSONA_PASSWORD or --password-file, never a plain argument.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from . import commands as c
from ..core import i18n, paths
from ..core.errors import EXIT_OTHER, EXIT_USAGE, PersonaError

log = logging.getLogger("persona_desktop.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors, which is our code too
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _common(p: argparse.ArgumentParser, *, password: bool = True, json_out: bool = True) -> None:
    p.add_argument("--vault", metavar="PATH",
                   help="vault folder (default: $PERSONA_VAULT or the user's default vault folder)")
    if password:
        p.add_argument("--password-file", metavar="FILE",
                       help="read the password from FILE (else $PERSONA_PASSWORD, else a prompt)")
    if json_out:
        p.add_argument("--json", action="store_true", help="machine-readable output")


def _new_password_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--new-password-file", metavar="FILE",
                   help="read the new password from FILE (else $PERSONA_NEW_PASSWORD, else a prompt)")
    p.add_argument("--allow-weak-password", action="store_true",
                   help="accept a password the strength check calls weak")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="persona", description="Persona Desktop: your customers, on your computer.")
    parser.add_argument("--lang", choices=["en", "zh"], help="language of messages (default: system)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("init", help="create a new encrypted vault")
    _common(p)
    p.add_argument("--shop-name", default="My shop")
    p.add_argument("--currency", default="CNY")
    p.add_argument("--timezone", default="Asia/Shanghai")
    p.add_argument("--phone-country", default="CN", help="country for phone numbers without +code")
    p.add_argument("--allow-weak-password", action="store_true")
    p.set_defaults(func=c.cmd_init)

    p = sub.add_parser("info", help="show the vault's settings and contents")
    _common(p)
    p.set_defaults(func=c.cmd_info)

    p = sub.add_parser("passwd", help="change the vault password")
    _common(p)
    _new_password_opts(p)
    p.set_defaults(func=c.cmd_passwd)

    p = sub.add_parser("recover", help="set a new password with the recovery code")
    _common(p, password=False)
    p.add_argument("--recovery-code-file", metavar="FILE",
                   help="read the code from FILE (else $PERSONA_RECOVERY_CODE, else a prompt)")
    _new_password_opts(p)
    p.set_defaults(func=c.cmd_recover)

    p = sub.add_parser("rotate-key", help="replace the data encryption keys (suspected compromise)")
    _common(p)
    p.set_defaults(func=c.cmd_rotate_key)

    p = sub.add_parser("backup", help="write an encrypted backup of the whole vault")
    _common(p)
    p.add_argument("dest", help="backup file or folder")
    p.set_defaults(func=c.cmd_backup)

    p = sub.add_parser("restore", help="restore a vault from an encrypted backup")
    _common(p)
    p.add_argument("archive", help="backup file (.pvbackup)")
    p.add_argument("--replace", action="store_true",
                   help="replace an existing vault (it is moved aside, not deleted)")
    p.set_defaults(func=c.cmd_restore)

    p = sub.add_parser("verify", help="check encryption integrity and the audit chain")
    _common(p)
    p.set_defaults(func=c.cmd_verify)

    p = sub.add_parser("audit", help="show the audit log (newest first)")
    _common(p)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=c.cmd_audit)

    p = sub.add_parser("demo", help="create the demo vault from the synthetic shop")
    _common(p, password=False)
    p.add_argument("--force", action="store_true", help="rebuild it if it exists")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--customers", type=int, default=800)
    p.set_defaults(func=c.cmd_demo)

    p = sub.add_parser("settings", help="show or change vault settings (--set KEY=VALUE)")
    _common(p)
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="shop_name, currency, timezone or phone_country")
    p.set_defaults(func=c.cmd_settings)

    from .import_commands import add_parsers
    add_parsers(sub, _common)
    from .analysis_commands import add_parsers as add_analysis_parsers
    add_analysis_parsers(sub, _common)
    from .predict_commands import add_parsers as add_predict_parsers
    add_predict_parsers(sub, _common)

    p = sub.add_parser("delete", help="delete a vault for good (key file destroyed first)")
    _common(p, password=False)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=c.cmd_delete)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ..core.startup import configure_logging, crash_summary, disable_core_dumps
    disable_core_dumps()
    configure_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.set_language(args.lang or i18n.system_language())
    as_json = getattr(args, "json", False)
    try:
        result = args.func(args)
    except PersonaError as err:
        if as_json:
            print(json.dumps({"ok": False, "error": type(err).__name__, "message": err.message()},
                             ensure_ascii=False))
        else:
            print(err.message(), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(i18n.pick("Interrupted.", "已中断。"), file=sys.stderr)
        return EXIT_OTHER
    except Exception as exc:  # a bug: report it without a traceback that could quote data
        log.error("unexpected error: %s", crash_summary(exc))
        print(i18n.pick("Unexpected error; nothing was changed. Details (no customer data) are in "
                        "the log: ", "意外错误，未做任何更改。详情（不含客户数据）见日志：")
              + str(paths.log_dir()), file=sys.stderr)
        return EXIT_OTHER
    data, text, code = (result + (0,))[:3]
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
