"""``shuudan-xl confirm MASTER --round N``: record the round's new IDs in the ledger after sending."""

from __future__ import annotations

import argparse
import sys

from shuudan_xl.cli.preview import add_preview_options
from shuudan_xl.cli.round_options import add_round_options, context_from_args


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "confirm", help="提出（登録）が済んだ視聴回の新規IDをID台帳に登録します",
        description="業者提出ファイルを視聴者リストと照合したうえで、その視聴回の新規IDをID台帳に追加します。"
                    "台帳の行は追加されるだけで、消えることはありません。")
    add_round_options(parser)
    add_preview_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Confirm and summarise."""
    from shuudan_xl.cli.round_report import findings_table, round_heading
    from shuudan_xl.cli.textout import count
    from shuudan_xl.services import round_files
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.oprecord import export_record_lines
    from shuudan_xl.services.workflow import confirm_round

    context = context_from_args(args)
    session = context.session
    current_run().saw_plan(context.plan)
    if args.expect_digest and not args.dry_run:  # (services.preview is loaded only then, or for a dry run)
        from shuudan_xl.services.preview import check_expected, input_digest

        check_expected(args.expect_digest, lambda: input_digest(session, context.master.sheet))
    out = round_heading(context)
    if context.plan.errors:
        out += ["", f"エラー {count(len(context.plan.errors))} 件（第{context.plan.round}回の行）:",
                findings_table(context.plan.errors), "",
                "結果: エラーがあるため、台帳に登録しませんでした。エラーを直してからもう一度実行してください。"]
        sys.stdout.write("\n".join(out) + "\n")
        return 1
    folder = session.folders.vendor
    # Read once, under this run's writer lock: confirm checks the set against it and marks it confirmed in it;
    # the notes below name the set's files from it.
    manifest = round_files.read_manifest(folder, context.fiscal_label, context.plan.round)
    entries = confirm_round(context, folder, dry_run=args.dry_run, manifest=manifest)
    current_run().new_ids, current_run().passwords = len(entries), 0
    sent = round_files.current_paths(folder, context.fiscal_label, context.plan.round, manifest=manifest)
    made = export_record_lines(session.folders.master.parent, sent)
    made += round_files.stray_notes(folder, context.fiscal_label, context.plan.round, manifest=manifest)
    if args.dry_run:
        return dry_run(args, context, entries, made)
    current_run().wrote(context.ledger_path)
    out += ["", *made, "", f"ID台帳に {count(len(entries))} 件を追加しました: {context.ledger_path}",
            f"（登録済みIDは合計 {count(len(context.ledger) + len(entries))} 件）"]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def dry_run(args: argparse.Namespace, context, entries, made: list[str]) -> int:
    """Show what confirm would add to the ledger; write nothing."""
    from shuudan_xl.cli.preview import show
    from shuudan_xl.cli.round_report import round_heading
    from shuudan_xl.services.preview import PlannedFile, Preview, input_digest

    session = context.session
    preview = Preview(input_digest(session, context.master.sheet), notes=made)
    if entries:
        preview.files.append(PlannedFile(context.ledger_path, len(entries), "ID台帳に追加する新規ID"))
    inputs = {"master": str(context.master.path), "round": context.plan.round, "fiscal_year": session.fiscal_year,
              "ledger": str(context.ledger_path), "outdir": str(session.folders.vendor),
              "today": session.today.isoformat()}
    counts = {"rows": len(context.plan.lines), "new_ids": len(entries), "passwords": 0, "refused_rows": 0,
              "errors": 0, "warnings": len(context.plan.warnings)}
    return show("confirm", args, preview, round_heading(context), [], inputs, counts)
