"""``shuudan-xl export MASTER --round N``: the two vendor workbooks of a round."""

from __future__ import annotations

import argparse
import sys

from shuudan_xl.cli.preview import add_preview_options
from shuudan_xl.cli.round_options import add_late_options, add_round_options, context_from_args


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "export", help="視聴者リストから業者提出用の2つのブックを作成します",
        description="視聴者リストの指定した視聴回について、空欄のユーザーID・パスワードを作成して視聴者リストに書き込み、"
                    "「視聴者登録／更新」と「視聴者⇔動画」の登録用ブック（各1シート）を作成します。"
                    "エラーがあるときは何も書き込まずに終了します（終了コード1）。")
    add_round_options(parser)
    add_late_options(parser)
    add_preview_options(parser)
    parser.add_argument("--templates", metavar="DIR",
                        help="業者の様式（業者様式_視聴者登録.xlsx・業者様式_視聴者動画.xlsx）を置いたフォルダ"
                             "（既定: 視聴者リストと同じフォルダ。無ければ標準の様式）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Plan, refuse on errors, else write and summarise."""
    from shuudan_xl.cli.late_rows import handle_late
    from shuudan_xl.cli.round_report import findings_table, notices, plan_lines, round_heading
    from shuudan_xl.cli.textout import count
    from shuudan_xl.services.deadlines import record_allowance
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import check_expected, input_digest
    from shuudan_xl.services.workflow import export_round

    context = context_from_args(args)
    session, plan = context.session, context.plan
    current_run().saw_plan(plan)
    if args.dry_run:
        return dry_run(args, context)
    check_expected(args.expect_digest, lambda: input_digest(session, context.master.sheet))
    stop = handle_late(session, context.late, context.master, "export")
    if stop is not None:
        return stop
    out = round_heading(context) + [""] + plan_lines(plan)
    if plan.errors:
        out += findings_lines(context) + [""] + notices(context)
        out.append("結果: エラーがあるため、業者提出ファイルを作成せず、視聴者リストも変更していません。"
                   "エラーを直してからもう一度実行してください。")
        sys.stdout.write("\n".join(out) + "\n")
        return 1
    files = export_round(context, session.folders.vendor, session.folders.vendor_templates())
    current_run().wrote(context.master.path if plan.writes else None, files.master_backup, files.registration,
                        files.video_links)
    if context.late is not None:  # allowed late (--allow-late): the vendor's agreement goes into the ledger
        record_allowance(session, context.late, "export")
        current_run().wrote(session.folders.ledger)
        current_run().note = "期限後の登録（事業者了承 --allow-late）"
    ids, pws = plan.written(context.master.column("ユーザーID"))
    if plan.writes:
        out += ["", f"視聴者リストに書き込みました: ユーザーID {count(ids)} 件、パスワード {count(pws)} 件"
                    f"（元のブックのバックアップ: {files.master_backup}）"]
    else:
        out += ["", "視聴者リストに空欄のユーザーID・パスワードはありませんでした（変更なし）。"]
    out += ["", "作成したファイル（読み直して内容を確認済み）:"]
    if files.registration:
        out.append(f"  {files.registration}（{count(files.registration_count)} 件）")
    elif files.video_links:
        out.append("  視聴者登録／更新: 新規IDがないため作成していません（再視聴は視聴者⇔動画だけで足ります）。")
    if files.video_links:
        out.append(f"  {files.video_links}（{count(files.video_count)} 件）")
    if files.superseded:
        out.append(f"  置き換えた前回のファイルは {files.superseded} に移しました（提出しないでください）。")
    out += [f"  {note}" for note in files.notes]
    if plan.warnings:
        out += ["", f"警告 {count(len(plan.warnings))} 件（確認してください）:", findings_table(plan.warnings)]
    out += [""] + notices(context)
    if files.to_send is None:
        out.append("次の手順: この視聴回に新しく提出するものはありません（提出済みの内容と同じです）。")
    else:
        method = (f"{files.to_send}を事業者（{session.settings.vendor_mail}）へ医療課経由でメール提出"
                  if session.method == "vendor" else f"{files.to_send}で管理者画面から登録")
        out.append(f"次の手順: {method}した後、`{confirm_command(args, session)}` でID台帳に登録してください。")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def confirm_command(args: argparse.Namespace, session) -> str:
    """The confirm command matching this export's options, for staff to copy."""
    parts = ["shuudan-xl", "confirm", args.master, "--round", str(session.round)]
    for option, value in (("--fiscal-year", args.fiscal_year), ("--method", args.method if args.method != "vendor"
                          else None), ("--ledger", args.ledger), ("-o", args.outdir)):
        if value:
            parts += [option, str(value)]
    return " ".join(f'"{p}"' if " " in p else p for p in parts)


def findings_lines(context) -> list[str]:
    """The round's errors and warnings as the real run lists them."""
    from shuudan_xl.cli.round_report import findings_table
    from shuudan_xl.cli.textout import count

    plan, out = context.plan, []
    if plan.errors:
        out += ["", f"エラー {count(len(plan.errors))} 件（第{plan.round}回の行）:", findings_table(plan.errors)]
    if plan.warnings:
        out += ["", f"警告 {count(len(plan.warnings))} 件{'' if plan.errors else '（確認してください）'}:",
                findings_table(plan.warnings)]
    return out


def dry_run(args: argparse.Namespace, context) -> int:
    """Show what the export would do; write nothing."""
    from shuudan_xl.cli.envelope import finding_counts
    from shuudan_xl.cli.preview import show
    from shuudan_xl.cli.round_report import notices, plan_lines, round_heading
    from shuudan_xl.services.preview import export_preview

    session, plan = context.session, context.plan
    preview = export_preview(context)
    inputs = {"master": str(context.master.path), "sheet": context.master.sheet, "round": plan.round,
              "fiscal_year": session.fiscal_year, "method": session.method, "today": session.today.isoformat(),
              "ledger": str(session.folders.ledger), "outdir": str(session.folders.vendor)}
    counts = {"rows": len(plan.lines), "new_ids": len({line.login_id for line in plan.new_lines}),
              "passwords": sum(1 for line in plan.lines if line.password_source == "generated"),
              "refused_rows": len({f.row for f in plan.errors}) + (len(context.late.rows) if preview.refused
                                                                    and context.late else 0),
              **finding_counts([*plan.errors, *plan.warnings])}
    text = findings_lines(context) + ([""] + notices(context) if context.notices else [])
    return show("export", args, preview, round_heading(context) + [""] + plan_lines(plan), text, inputs, counts)
