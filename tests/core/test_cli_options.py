"""`persona` option handling: the shared options work in any position, and `--json` output piped
into a reader that stops early (`| head`) ends quietly instead of with a traceback."""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys

import pytest

from persona_desktop.cli import build_parser

# A valid value for each positional, so every sub-command can be parsed without a vault.
POSITIONALS = {"dest": ["b.pvbackup"], "archive": ["a.pvbackup"], "file": ["orders.csv"],
               "import_id": ["3"], "name": ["segment_sizes"], "run_a": ["1"], "run_b": ["2"]}
REQUIRED_EXTRA = {"chart": ["-o", "out.png"]}
SHARED = {"--vault": ["V"], "--json": [], "--password-file": ["pw.txt"]}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def _commands() -> list[tuple[list[str], argparse.ArgumentParser]]:
    """(words naming the command, its parser) for every leaf command, nested ones included."""
    out = []

    def walk(prefix, parser):
        children = _subparsers(parser)
        if not children:
            out.append((prefix, parser))
        for name, child in children.items():
            walk(prefix + [name], child)
    walk([], build_parser())
    return out


def _positionals(parser: argparse.ArgumentParser) -> list[str]:
    words = []
    for action in parser._actions:
        if action.option_strings or isinstance(action, argparse._SubParsersAction):
            continue
        if action.choices:  # e.g. `tags add`
            words.append(list(action.choices)[-1])
        else:
            words += POSITIONALS[action.dest]
    return words


def _parses(argv: list[str]) -> argparse.Namespace | None:
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return build_parser().parse_args(argv)
    except SystemExit:
        return None


CASES = [(cmd, opt) for cmd, parser in _commands() for opt in SHARED
         if opt in parser._option_string_actions]


@pytest.mark.parametrize("command,option", CASES, ids=[" ".join(c) + " " + o for c, o in CASES])
def test_shared_options_are_accepted_before_between_and_after_positionals(command, option):
    parser = dict((tuple(c), p) for c, p in _commands())[tuple(command)]
    words = _positionals(parser)
    extra = REQUIRED_EXTRA.get(command[0], [])
    opt = [option] + SHARED[option]
    placements = [command + opt + words, command + words + opt]
    placements += [command + words[:i] + opt + words[i:] for i in range(1, len(words))]
    if len(command) > 1:  # nested commands (`quarantine export`): also before the action word
        placements.append(command[:1] + opt + command[1:] + words)
    dest = option.lstrip("-").replace("-", "_")
    for argv in placements:
        args = _parses(argv + extra)
        assert args is not None, f"rejected: persona {' '.join(argv + extra)}"
        assert getattr(args, dest) == (True if option == "--json" else SHARED[option][0]), argv


def test_quarantine_export_takes_the_file_after_the_vault_option():
    args = _parses(["quarantine", "export", "--vault", "V", "rows.csv"])
    assert args is not None and (args.action, args.file, args.vault) == ("export", "rows.csv", "V")
    listing = _parses(["quarantine", "list", "--import", "2"])
    assert listing is not None and (listing.action, listing.import_id, listing.vault) == ("list", 2, None)


def test_quarantine_export_runs_with_the_vault_option_between_action_and_file(cli, tmp_path):
    vault = str(tmp_path / "v")
    assert cli("init", "--vault", vault, "--json")[0] == 0
    rows = ["订单编号,姓名,手机号,下单时间,金额"]
    rows += [f"{i},张伟,138123456{i:02d},2024-03-{i:02d},{10 + i}.5" for i in range(1, 21)]
    rows.append("99,王芳,13987654321,2024-03-22,12,5")  # a cell too many: quarantined
    source = tmp_path / "orders.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli("import", "--vault", vault, str(source), "--json")[0] == 0
    target = tmp_path / "rejected.csv"
    code, out, err = cli("quarantine", "export", "--vault", vault, str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["exported"] == 1 and target.exists()
    code, out, _ = cli("quarantine", "--vault", vault, "list", "--json")
    assert code == 0 and len(json.loads(out)["rows"]) == 1


def test_json_piped_into_a_reader_that_closes_early_exits_quietly_with_141(tmp_path):
    """`persona ... --json | head`: the reader is gone before the output is written. Python ignores
    SIGPIPE, so the write raises BrokenPipeError; the CLI must not print its traceback."""
    env = dict(os.environ, PERSONA_PASSWORD="correct horse battery staple")
    proc = subprocess.Popen([sys.executable, "-m", "persona_desktop.cli", "init",
                             "--vault", str(tmp_path / "v"), "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader closes before the command writes anything
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err and err == ""
    assert (tmp_path / "v" / "vault.key").exists()  # the work itself was done
