"""``shuudan-xl notices MASTER --round N``: the round's 実施通知 as Word letters, checked letter by letter."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from shuudan_xl.cli.preview import add_preview_options
from shuudan_xl.cli.round_options import add_round_options, context_from_args
from shuudan_xl.errors import InvalidArgument


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "notices", help="視聴回の実施通知（Word）と差し込み印刷用のブックを作成します",
        description="指定した視聴回の視聴者ごとに実施通知を作成し（1人1ページ、全員分を1つのWord文書に）、"
                    "差し込み印刷用のブックも作ります。作成した文書を読み直して、全員のログインID・パスワード・"
                    "日付を視聴者リスト・ID台帳・業者提出ファイルと照合します。視聴者リストにエラーや空欄の"
                    "ID・パスワードがあるときは何も作らずに終了します（終了コード1）。")
    add_round_options(parser, outdir=False)
    add_preview_options(parser)
    parser.add_argument("-o", "--outdir", metavar="OUTDIR",
                        help="作成するフォルダ（既定: 視聴者リストと同じフォルダの「実施通知」）")
    parser.add_argument("--per-viewer", action="store_true", help="視聴者ごとのWord文書も作成します")
    parser.add_argument("--qr", action="store_true",
                        help="厚生局ホームページ（設定シート。空欄ならログインページ）のQRコードを載せます")
    parser.add_argument("--send-date", metavar="YYYY-MM-DD", help="発信日（既定: --today、なければ今日）")
    parser.add_argument("--template", metavar="PATH",
                        help="Wordのテンプレート（既定: 視聴者リストと同じフォルダの 実施通知_テンプレート.docx、"
                             "なければ標準のテンプレート）")
    parser.add_argument("--draft", action="store_true",
                        help="設定シートに空欄や例の「○○」が残っていても、全ページに「下書き」と入れて作成します"
                             "（レイアウトの確認用。発送はできません）")
    parser.add_argument("--vendor-dir", metavar="DIR",
                        help="照合に使う業者提出ファイルのフォルダ（既定: 視聴者リストと同じフォルダの「業者提出」）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Plan, refuse on errors or blanks, else write, read back and summarise."""
    from shuudan_xl.cli.round_report import findings_table, round_heading
    from shuudan_xl.cli.textout import count
    from shuudan_xl.rules.era import format_date
    from shuudan_xl.services.notices import prepare_notices, write_notices
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import check_expected, input_digest

    send_date = _date_option("--send-date", args.send_date)
    context = context_from_args(args, outdir="notices")
    session = context.session
    plan = prepare_notices(context, session.settings, send_date or session.today, draft=args.draft)
    new = sum(1 for letter in plan.letters if not letter.line.registered)
    out = round_heading(context)[:2] + [
        f"発信日 {format_date(plan.send_date)}　到達日数 {plan.mailing_days}日　"
        f"発送期限（視聴開始日の前日までに届く最終日） {format_date(plan.latest_send_date)}",
        "", f"対象: {count(len(plan.letters))} 人（新規ID {count(new)}・登録済みID {count(len(plan.letters) - new)}）"]
    warnings = [f"注意: {text}" for text in plan.warnings]
    if plan.refused and args.dry_run:
        return _dry_run(args, context, plan, session.folders.notices, out)
    if plan.refused:
        if plan.errors:
            out += ["", f"エラー {count(len(plan.errors))} 件（第{context.round.number}回の行）:",
                    findings_table(plan.errors)]
        out += [""] + [f"理由: {text}" for text in plan.blockers]
        out += warnings + ["", "結果: 実施通知を作成していません。直してからもう一度実行してください。"]
        sys.stdout.write("\n".join(out) + "\n")
        return 1
    outdir = session.folders.notices
    if args.dry_run:
        return _dry_run(args, context, plan, outdir, out + warnings)
    check_expected(args.expect_digest, lambda: input_digest(session, context.master.sheet))  # only when given
    files = write_notices(plan, outdir, per_viewer=args.per_viewer, qr=args.qr,
                          template=Path(args.template) if args.template else None, vendor_dir=session.folders.vendor)
    current_run().wrote(files.letters_file, files.merge_book, *files.per_viewer)
    current_run().rows = files.count
    out += ["", "作成したファイル:", f"  {files.letters_file}（{count(files.count)} 通、1人1ページ）",
            f"  {files.merge_book}（差し込み印刷用、{count(files.count)} 行）"]
    if files.per_viewer_dir:
        out.append(f"  {files.per_viewer_dir}（視聴者ごとの文書 {count(len(files.per_viewer))} 件）")
    out += ["", "読み直して、全員のログインID・パスワード・指導実施日・視聴可能期間・宛先を次と照合しました"
                "（食い違いなし）:"] + [f"  {check}" for check in files.checks]
    if files.warnings:
        out += [""] + [f"注意: {text}" for text in files.warnings]
    if plan.draft:
        out.append("結果: 下書きです（全てのページに「下書き」と入っています）。設定シートを仕上げてから、"
                   "--draft を付けずに作り直してください。")
        sys.stdout.write("\n".join(out) + "\n")
        return 0
    out.append("次の手順: 印刷し、封入するときに封筒の宛名と通知の名称・宛先が合っていることを確かめて、"
               "視聴開始日の前日までに届くよう発送してください。")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _date_option(option: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidArgument(f"{option} は 2024-05-20 の形で指定してください（指定: {value}）。") from None


def _dry_run(args: argparse.Namespace, context, plan, outdir: Path, heading: list[str]) -> int:
    # What the letters run would write (issue 13): the files and their counts; nothing is written.
    from shuudan_xl.cli.preview import show
    from shuudan_xl.services.preview import notices_preview

    preview = notices_preview(context, plan, outdir, args.per_viewer)
    return show("notices", args, preview, heading, [],
                {"master": str(context.master.path), "round": context.round.number},
                {"rows": len(plan.letters), "new_ids": 0, "passwords": 0, "refused_rows": len(plan.errors)})
