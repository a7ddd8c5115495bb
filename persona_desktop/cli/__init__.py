"""`persona`: the command-line face of core.services.

Exit codes: 0 ok, 1 other error, 2 usage, 3 wrong password or recovery code, 4 damaged vault,
141 the output's reader went away (`persona ... --json | head`; the command's work was done).
Passwords come from a prompt, PERSONA_PASSWORD or --password-file, never a plain argument.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from . import commands as c
from ..core import i18n, paths
from ..core.errors import EXIT_OTHER, EXIT_USAGE, PersonaError

log = logging.getLogger("persona_desktop.cli")

# 128 + SIGPIPE: what a shell reports for `cat`, `grep` ... killed by a closed pipe, so scripts
# (and `set -o pipefail`) see `persona` behave like the standard tools, and 1 keeps meaning "error".
EXIT_BROKEN_PIPE = 141


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors, which is our code too
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _common(p: argparse.ArgumentParser, *, password: bool = True, json_out: bool = True,
            nested: bool = False) -> None:
    """The options every command takes. ``nested`` is for a command's own sub-commands
    (`quarantine export`): there the options default to "absent", because argparse copies a
    sub-parser's defaults over what the parent parsed, which would drop
    `persona quarantine --vault V export FILE`'s --vault."""
    default = {"default": argparse.SUPPRESS} if nested else {}
    p.add_argument("--vault", metavar="PATH", **default,
                   help="vault folder (default: $PERSONA_VAULT or the user's default vault folder)")
    if password:
        p.add_argument("--password-file", metavar="FILE", **default,
                       help="read the password from FILE (else $PERSONA_PASSWORD, else a prompt)")
    if json_out:
        p.add_argument("--json", action="store_true", help="machine-readable output", **default)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="persona", description="Persona Desktop: your customers, on your computer.")
    parser.add_argument("--lang", choices=["en", "zh"], help="language of messages (default: system)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    # One module per command group registers its own commands; the order is the order of --help.
    from .analysis_commands import add_parsers as add_analysis_parsers
    from .import_commands import add_parsers as add_import_parsers
    from .predict_commands import add_parsers as add_predict_parsers
    c.add_parsers(sub, _common)
    add_import_parsers(sub, _common)
    add_analysis_parsers(sub, _common)
    add_predict_parsers(sub, _common)
    c.add_delete_parser(sub, _common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command. A reader that stops early (`| head`) is not an error to report: Python
    ignores SIGPIPE, so the write raises BrokenPipeError; the pattern from Python's signal docs
    sends the rest of stdout to devnull, so the flush at exit cannot raise it again."""
    try:
        code = _run(argv)
        sys.stdout.flush()  # inside the try: a buffered write to a closed pipe fails only here
        return code
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # stdout without a file descriptor (tests' capture)
            pass
        return EXIT_BROKEN_PIPE


def _run(argv: list[str] | None) -> int:
    from ..core.startup import configure_logging, crash_summary, disable_core_dumps
    from ..core.vault.staging import remove_stale_at_start
    disable_core_dumps()
    configure_logging()
    remove_stale_at_start()
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
