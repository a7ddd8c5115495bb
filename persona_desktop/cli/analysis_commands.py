"""`persona analyze | personas | chart | runs | compare | tags`: profiling from the command line."""
from __future__ import annotations

from pathlib import Path

from .commands import TextProgress, _open
from ..core import i18n, services
from ..core.i18n import pick
from ..core.errors import UsageError
from ..core.vault.fsutil import open_private


def _k(value: str):
    return "auto" if value == "auto" else value


def cmd_analyze(args):
    from ..core.analytics.profile import ProfileParams
    params = ProfileParams(as_of=args.as_of, k=_k(args.k), method=args.method,
                           privacy_k=args.privacy_k)
    with _open(args) as vault:
        run = services.analyze(vault, params, TextProgress(not args.json))
    return run.summary(), analyze_text(run)


def analyze_text(run) -> str:
    from ..core.analytics.profile import note_text
    lang = i18n.language()
    c = run.meta.get("clustering", {})
    lines = [pick(f"Analysis run {run.run_id} as of {run.as_of}: {len(run.customers):,} customers scored",
                  f"分析记录 {run.run_id}（截至 {run.as_of}）：已评分客户 {len(run.customers):,} 人")]
    if run.meta.get("no_purchase_count"):
        n = run.meta["no_purchase_count"]
        lines.append(pick(f"{n:,} customers have orders but no purchase (only returns) and are not scored",
                          f"{n:,} 位客户只有退货等订单、没有购买，未参与评分"))
    if c.get("status") == "ok":
        lines.append(pick(f"clusters: k = {c['k']} (silhouette {c['silhouette']:.3f})",
                          f"聚类：k = {c['k']}（轮廓系数 {c['silhouette']:.3f}）"))
        if c.get("structure") in ("weak", "none"):
            lines.append(pick(
                "the clusters are weakly separated (a silhouette of 0.50 or less: Kaufman & "
                "Rousseeuw call such structure weak or absent); rely on the RFM segments",
                "聚类之间区分较弱（轮廓系数不超过 0.50，Kaufman 与 Rousseeuw 认为这种结构较弱或不存在）；"
                "请以 RFM 分群为准"))
        if c.get("kept_share") is not None:
            lines.append(pick(f"{c['kept_share']:.1%} of customers kept their cluster since the last run",
                              f"{c['kept_share']:.1%} 的客户与上次分析的聚类相同"))
    for code in run.meta.get("notes", []):
        lines.append(pick("note: ", "注意：") + note_text(code, lang))
    for p in run.segment_personas:
        lines.append(f"  {p.name(lang):<22} {p.size:>8,}  {p.share:6.1%}")
    return "\n".join(lines)


def cmd_personas(args):
    from ..core.analytics.profile import note_text
    from ..core.reports.cards import card, card_text
    lang = i18n.language()
    with _open(args) as vault:
        run = services.get_run(vault, args.run) if args.run else services.latest_run(vault)
        predictions = services.latest_predictions(vault)
    if run is None:
        raise UsageError(what=pick("no analysis yet: run `persona analyze` first",
                                   "还没有分析结果：请先运行 persona analyze"))
    kind = "cluster" if args.clusters else "segment"
    personas = run.cluster_personas if args.clusters else run.segment_personas
    if predictions is not None:
        groups = services.persona_predictions(predictions, run)
        for p in personas:
            p.predictions = groups.figures(kind, p.group_id)
    currency = run.meta.get("currency", "CNY")
    data = {"run_id": run.run_id, "as_of": run.as_of, "kind": "cluster" if args.clusters else "segment",
            "personas": [{**p.to_dict(), "card": card(p, lang, currency)} for p in personas]}
    text = "\n\n".join(card_text(p, lang, currency) for p in personas)
    notes = [note_text(code, lang) for code in run.meta.get("notes", [])]
    return data, "\n".join(notes + [text]) if notes else text or pick("(no personas)", "（无画像）")


def cmd_chart(args):
    from ..core.reports import charts
    lang = i18n.language()
    with _open(args) as vault:
        run = services.get_run(vault, args.run) if args.run else services.latest_run(vault)
        comparison = services.compare_runs(vault, *args.compare) if args.compare else None
    fig = charts.render(args.name, run, lang=lang, group=args.group,
                        kind="cluster" if args.clusters else "segment", comparison=comparison)
    out = Path(args.output)
    # Owner-only like every export (core/vault/fsutil.py); the format comes from the name, as
    # savefig(path) would have done, and is checked first so a bad name leaves no empty file.
    fmt = out.suffix[1:].lower() or "png"
    supported = fig.canvas.get_supported_filetypes()
    if fmt not in supported:
        raise UsageError(what=f"-o {out.name}: the file type must be one of "
                              + ", ".join(sorted(supported)))
    with open_private(out, "wb") as fh:
        fig.savefig(fh, format=fmt, dpi=args.dpi, bbox_inches="tight")
    return {"chart": args.name, "file": str(out)}, pick(f"chart written to {out}", f"图表已保存到 {out}")


def cmd_runs(args):
    with _open(args) as vault:
        items = services.list_runs(vault)
    lines = [f"{r['run_id']:>4}  {r['created_at']}  {r['kind']:<8} as-of {r['as_of']}  "
             + pick(f"customers {r.get('customers', 0):,}  k {r.get('k')}",
                    f"客户 {r.get('customers', 0):,}  k {r.get('k')}") for r in items]
    return {"runs": items}, "\n".join(lines) or pick("(no analysis runs yet)", "（尚无分析记录）")


def cmd_compare(args):
    from ..core.analytics.rfm import segment_label
    lang = i18n.language()
    with _open(args) as vault:
        result = services.compare_runs(vault, args.run_a, args.run_b)
    counts, mask = result.counts, result.suppressed
    shown = counts.astype(object).where(~mask, "<k")
    data = {"customers_in_both": result.customers_in_both, "only_in_a": result.only_in_a,
            "only_in_b": result.only_in_b, "stayed_share": result.stayed_share,
            "clusters_kept_share": result.clusters_kept_share,
            "matrix": {a: {b: shown.loc[a, b] for b in shown.columns} for a in shown.index}}
    width = 10
    header = " " * 22 + "".join(f"{segment_label(s, lang)[:width]:>{width + 1}}" for s in shown.columns)
    rows = [f"{segment_label(a, lang)[:20]:<22}" + "".join(f"{str(shown.loc[a, b]):>{width + 1}}"
                                                            for b in shown.columns) for a in shown.index]
    stayed, both = result.stayed_share, result.customers_in_both
    if not both:
        summary = pick("no common customers", "两次分析没有共同客户")
    elif stayed is None:  # a diagonal cell is hidden: the share would reveal it
        summary = pick(f"{both:,} customers in both runs; share that stayed in their segment hidden "
                       "(a group under k)",
                       f"两次分析共有客户 {both:,} 人；仍在原分群的比例已隐藏（人数过少）")
    else:
        summary = pick(f"{both:,} customers in both runs; {stayed:.1%} stayed in their segment",
                       f"两次分析共有客户 {both:,} 人；{stayed:.1%} 仍在原分群")
    only = [(result.only_in_a, "earlier run", "较早的分析"),
            (result.only_in_b, "later run", "较新的分析")]
    summary += pick("; only in " + ", ".join(f"{en} {n:,}" if n is not None else f"{en} <k"
                                         for n, en, _ in only),
                    "；仅在" + "，".join(f"{zh} {n:,} 人" if n is not None else f"{zh} <k"
                                    for n, _, zh in only))
    if result.clusters_kept_share is not None:
        summary += pick(f"; {result.clusters_kept_share:.1%} kept their cluster",
                        f"；{result.clusters_kept_share:.1%} 保持原聚类")
    return data, "\n".join([summary, pick("rows: earlier run, columns: later run (<k: hidden small cell)",
                                          "行：较早的分析，列：较新的分析（<k：人数过少已隐藏）"),
                            header, *rows])


def cmd_tags(args):
    from ..core.analytics.tags import Condition, TagRule
    with _open(args) as vault:
        rules = services.tag_rules(vault)
        if args.action == "reset":
            services.reset_tag_rules(vault)
            rules = services.tag_rules(vault)
        elif args.action == "add":
            if not (args.tag and args.rule):
                raise UsageError(what="tags add needs --tag NAME and --rule 'FEATURE OP VALUE'")
            conds = []
            for text in args.rule:
                parts = text.split()
                if len(parts) != 3:
                    raise UsageError(what=f"a rule is 'FEATURE OP VALUE', e.g. 'monetary >= p90': {text}")
                value = parts[2] if parts[2].startswith("p") else float(parts[2])
                conds.append(Condition(parts[0], parts[1], value))
            new = TagRule(args.tag, args.label_en or args.tag, args.label_zh or args.label_en or args.tag,
                          tuple(conds)).validated()
            rules = [r for r in rules if r.tag != new.tag] + [new]
            services.save_tag_rules(vault, rules)
        elif args.action == "remove":
            if not any(r.tag == args.tag for r in rules):
                raise UsageError(what=f"no tag named {args.tag}")
            rules = [r for r in rules if r.tag != args.tag]
            services.save_tag_rules(vault, rules)
    lang = i18n.language()
    text = "\n".join(f"{r.tag:<24} {r.label(lang):<16} " + " and ".join(
        f"{c.feature} {c.op} {c.threshold}" for c in r.conditions) for r in rules)
    return {"rules": [r.to_dict() for r in rules]}, text


def cmd_products(args):
    """Service and fee lines: listed, or one product's kind set (``--set CODE=KIND``)."""
    from ..core.analytics.service_lines import REASONS
    with _open(args) as vault:
        changed = None
        if args.set:
            code, sep, kind = args.set.rpartition("=")
            if not sep or not code:
                raise UsageError(what=pick("--set takes CODE=service or CODE=merchandise",
                                             "--set 的格式为 编码=service 或 编码=merchandise"))
            services.set_product_kind(vault, code, kind.strip().lower())
            changed = {"sku": code, "kind": kind.strip().lower()}
        found = services.service_lines(vault)
    lang = i18n.language()
    rows = [{"sku": r["sku"], "name": r["name"], "reason": r["reason"], "lines": r["lines"],
             "value": r["value"]} for r in found]
    head = pick(f"{len(rows)} product codes are service or fee lines, not merchandise "
                f"(change one with --set CODE=merchandise):",
                f"{len(rows)} 个商品编码是服务或费用明细，不是商品（可用 --set 编码=merchandise 更改）：")
    lines = [head] + [f"  {r['sku']:<14} {str(r['name'] or '')[:36]:<36} {r['lines']:>7,} "
                      + pick("lines", "行") + f"  {r['value']:>14,.2f}  {REASONS[r['reason']].get(lang)}"
                      for r in rows]
    if changed:
        lines.insert(0, pick(f"{changed['sku']} is now {changed['kind']}.",
                             f"{changed['sku']} 已设为 {changed['kind']}。"))
    return {"changed": changed, "service_lines": rows}, "\n".join(lines)


def add_parsers(sub, common) -> None:
    p = sub.add_parser("analyze", help="profile customers: RFM, lifecycle, tags, clusters, personas")
    common(p)
    p.add_argument("--k", default="auto", help="number of clusters, or 'auto' (silhouette, 2-10)")
    p.add_argument("--as-of", help="analyse as of this date (default: day after the last order)")
    p.add_argument("--method", choices=["kmeans", "gmm"], default="kmeans")
    p.add_argument("--privacy-k", type=int, default=10,
                   help="smallest group shown on its own (floor 5)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("personas", help="show persona cards of the last analysis")
    common(p)
    p.add_argument("--clusters", action="store_true", help="cluster personas instead of RFM segments")
    p.add_argument("--run", type=int, help="a run number (default: the latest)")
    p.set_defaults(func=cmd_personas)

    p = sub.add_parser("chart", help="write a chart of the last analysis to a PNG/SVG/PDF file")
    common(p)
    p.add_argument("name", help="chart name (persona chart --help lists them in the README)")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--run", type=int)
    p.add_argument("--group", help="persona group for persona_profile (segment id or cluster id)")
    p.add_argument("--clusters", action="store_true")
    p.add_argument("--compare", nargs=2, type=int, metavar=("RUN_A", "RUN_B"),
                   help="runs to compare for migration_matrix")
    p.add_argument("--dpi", type=int, default=150)
    p.set_defaults(func=cmd_chart)

    p = sub.add_parser("runs", help="list stored analysis runs")
    common(p)
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("compare", help="segment migration between two runs")
    common(p)
    p.add_argument("run_a", type=int)
    p.add_argument("run_b", type=int)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("products", help="product codes that are postage, fees or adjustments, "
                                        "not merchandise (detected; you confirm or change)")
    common(p)
    p.add_argument("--service", action="store_true",
                   help="list the service and fee lines (what the command shows)")
    p.add_argument("--set", metavar="CODE=KIND",
                   help="mark a product code as service or merchandise, e.g. POST=service")
    p.set_defaults(func=cmd_products)

    p = sub.add_parser("tags", help="list or edit tag rules (add/remove/reset)")
    common(p)
    p.add_argument("action", nargs="?", choices=["list", "add", "remove", "reset"], default="list")
    p.add_argument("--tag")
    p.add_argument("--label-en")
    p.add_argument("--label-zh")
    p.add_argument("--rule", action="append", help="'FEATURE OP VALUE', e.g. 'monetary >= p90'")
    p.set_defaults(func=cmd_tags)
