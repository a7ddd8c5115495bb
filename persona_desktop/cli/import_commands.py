"""`persona import`, `persona imports`, `persona undo-import`, `persona quarantine`."""
from __future__ import annotations

import argparse
from pathlib import Path

from .commands import TextProgress, _open
from ..core import i18n, services
from ..core.i18n import pick
from ..core.errors import UsageError


def _options(args):
    from ..core.ingest.plan import ImportOptions
    mapping = {}
    for item in args.map or []:
        col, sep, role = item.rpartition("=")
        if not sep:
            raise UsageError(what=f"--map needs COLUMN=ROLE, got {item!r}")
        mapping[col] = role.strip()
    dayfirst = True if args.dayfirst else (False if args.monthfirst else None)
    return ImportOptions(mapping=mapping or None, profile=args.mapping, save_profile=args.save_mapping,
                         encoding=args.encoding, delimiter=args.delimiter, sheet=args.sheet,
                         has_header=False if args.no_header else None, dayfirst=dayfirst,
                         drop_duplicates=args.drop_duplicates, dry_run=args.dry_run)


def report_text(report) -> str:
    """The report in words; the codes (warnings, reasons, flags) are in the --json output."""
    from ..core.ingest import messages
    r = report
    lines = [
        (pick("DRY RUN (nothing stored): ", "试运行（未保存任何数据）：") if r.dry_run else "")
        + f"{r.file_name}  [{r.shape}; {r.encoding or '-'}; "
        + pick("delimiter ", "分隔符 ") + f"{r.delimiter!r}]",
        pick(f"rows read {r.rows_read:,} = stored {r.rows_stored:,} (new {r.rows_new:,}, already in "
             f"the vault {r.rows_already_present:,}) + quarantined {r.rows_quarantined:,} + duplicates "
             f"dropped {r.duplicates_dropped:,} + blocked {r.rows_blocked:,}",
             f"读取 {r.rows_read:,} 行 = 保存 {r.rows_stored:,}（新增 {r.rows_new:,}，已存在 "
             f"{r.rows_already_present:,}）+ 隔离 {r.rows_quarantined:,} + 删除重复 {r.duplicates_dropped:,}"
             f" + 屏蔽 {r.rows_blocked:,}"),
        pick(f"exact duplicate rows found: {r.duplicates_found:,} (kept unless --drop-duplicates)",
             f"完全重复的行：{r.duplicates_found:,}（默认保留，--drop-duplicates 可删除）"),
    ]
    fc = r.file_counts
    if fc:
        lines.append(pick(f"in the file: {fc.get('customers', 0):,} customers, {fc.get('orders', 0):,} "
                          f"orders, {fc.get('products', 0):,} products, {fc.get('countries', 0)} countries",
                          f"文件中：{fc.get('customers', 0):,} 位客户，{fc.get('orders', 0):,} 个订单，"
                          f"{fc.get('products', 0):,} 种商品，{fc.get('countries', 0)} 个国家/地区"))
    if r.outcomes:
        lines.append(pick("outcomes: ", "结果：") + ", ".join(f"{k} {v:,}" for k, v in sorted(r.outcomes.items())))
    for code, n in sorted(r.quarantine_reasons.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {pick('quarantined', '隔离')}: {n:,} × {messages.reason_text(code)}")
    if r.flags:
        lines.append(pick("flagged (kept): ", "已标记（保留）：")
                     + ", ".join(f"{messages.flag_text(k)} {v:,}" for k, v in r.flags.items()))
    if r.pii_redactions:
        lines.append(pick("redacted in free text: ", "自由文本中已遮蔽：")
                     + ", ".join(f"{messages.redaction_text(k)} {v:,}"
                                 for k, v in r.pii_redactions.items()))
    for col, d in r.date_decisions.items():
        if d.get("ambiguous"):
            lines.append(pick(f"note: dates in '{col}' could be day-first or month-first; read as "
                              f"{'day' if d['dayfirst'] else 'month'}-first (use --dayfirst/--monthfirst)",
                              f"注意：'{col}' 的日期无法判断日/月顺序，已按{'日' if d['dayfirst'] else '月'}在前读取"
                              f"（可用 --dayfirst/--monthfirst 指定）"))
    for code in r.warnings:
        lines.append(pick("warning: ", "提示：") + messages.warning_text(code))
    if r.import_id:
        lines.append(pick(f"import number {r.import_id} (undo: persona undo-import {r.import_id})",
                          f"导入编号 {r.import_id}（撤销：persona undo-import {r.import_id}）"))
    return "\n".join(lines)


def cmd_import(args):
    with _open(args) as vault:
        plan = services.plan_import(vault, Path(args.file), _options(args))
        if args.show_mapping:
            rows = [{"column": g.column, "role": plan.mapping.get(g.column), "confidence": g.confidence}
                    for g in plan.guesses]
            text = "\n".join(f"{r['column']!s:<28} -> {r['role']}" for r in rows)
            return {"mapping": plan.mapping, "privacy": plan.privacy}, text
        report = services.run_import(vault, plan, TextProgress(not args.json))
    return report.to_dict(), report_text(report)


def cmd_imports(args):
    with _open(args) as vault:
        items = services.list_imports(vault)
    lines = [f"{i.import_id:>4}  {i.started_at}  {i.status:<9} {i.file_name or i.kind}  "
             + pick(f"read {i.rows_read:,} new {i.rows_new or 0:,} quarantined {i.rows_quarantined:,}",
                    f"读取 {i.rows_read:,} 新增 {i.rows_new or 0:,} 隔离 {i.rows_quarantined:,}")
             for i in items]
    return {"imports": [i.to_dict() for i in items]}, "\n".join(lines) or pick("(no imports yet)", "（尚无导入）")


def cmd_undo_import(args):
    with _open(args) as vault:
        counts = services.undo_import(vault, args.import_id)
    return counts, pick("Import undone; removed: ", "导入已撤销；已删除：") + ", ".join(
        f"{k} {v:,}" for k, v in counts.items())


def cmd_quarantine(args):
    with _open(args) as vault:
        if args.action == "export":
            n = services.export_quarantine(vault, Path(args.file), args.import_id, i18n.language())
            return {"exported": n, "file": args.file}, pick(
                f"{n:,} quarantined rows written to {args.file} (they may hold personal data; the "
                f"export is recorded in the audit log).",
                f"已将 {n:,} 条隔离行写入 {args.file}（可能含个人信息；此次导出已记入审计日志）。")
        frame = services.quarantine_rows(vault, args.import_id, raw=False, limit=args.limit)
    from ..core.ingest.messages import reason_text
    rows = frame.to_dict("records")
    text = "\n".join(f"{r['import_id']:>4} {pick('row', '行')} {r['source_row']:>8}  "
                     f"{reason_text(r['reason'], i18n.language()):<36} {r['values']}" for r in rows)
    return {"rows": rows}, text or pick("(no quarantined rows)", "（没有隔离行）")


def add_parsers(sub, common) -> None:
    p = sub.add_parser("import", help="import a CSV/TSV/TXT/XLSX file (also .gz/.zip)")
    common(p)
    p.add_argument("file")
    p.add_argument("--mapping", metavar="NAME", help="use a saved mapping profile")
    p.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under NAME")
    p.add_argument("--map", action="append", metavar="COLUMN=ROLE", help="set a column's role")
    p.add_argument("--show-mapping", action="store_true", help="only show the detected mapping")
    p.add_argument("--sheet", metavar="NAME")
    p.add_argument("--encoding")
    p.add_argument("--delimiter")
    p.add_argument("--no-header", action="store_true")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--dayfirst", action="store_true", help="read ambiguous dates as day/month")
    g.add_argument("--monthfirst", action="store_true", help="read ambiguous dates as month/day")
    p.add_argument("--drop-duplicates", action="store_true", help="drop exact duplicate rows")
    p.add_argument("--dry-run", action="store_true", help="report only; store nothing")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("imports", help="list past imports")
    common(p)
    p.set_defaults(func=cmd_imports)

    p = sub.add_parser("undo-import", help="remove everything one import added")
    common(p)
    p.add_argument("import_id", type=int)
    p.set_defaults(func=cmd_undo_import)

    # `list` and `export FILE` are sub-commands, not two positionals (`action`, `file` with
    # nargs="?"): argparse matches both positionals as soon as it meets the action word, so in
    # `quarantine export --vault V FILE` the optional FILE was already taken as absent and FILE
    # was then rejected as an unrecognised argument.
    p = sub.add_parser("quarantine", help="list or export rejected rows")
    common(p)
    _quarantine_opts(p)
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    q = actions.add_parser("list", help="show the rejected rows (values shortened)")
    common(q, nested=True)
    _quarantine_opts(q, nested=True)
    q = actions.add_parser("export", help="write the rejected rows to a CSV file")
    common(q, nested=True)
    q.add_argument("file", help="CSV file for export")
    _quarantine_opts(q, nested=True)
    p.set_defaults(func=cmd_quarantine)


def _quarantine_opts(p, nested: bool = False) -> None:
    absent = {"default": argparse.SUPPRESS} if nested else {}
    p.add_argument("--import", dest="import_id", type=int, metavar="N", **absent)
    p.add_argument("--limit", type=int, **(absent or {"default": 200}))
