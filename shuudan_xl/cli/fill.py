"""``shuudan-xl fill MASTER``: fill blank user IDs and passwords in the master list."""

from __future__ import annotations

import argparse
import sys

from shuudan_xl.cli.preview import add_preview_options
from shuudan_xl.cli.round_options import add_late_options


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "fill", help="視聴者リストの空欄のユーザーID・パスワードを作成して書き込みます",
        description="空欄のユーザーIDを指導区分・種別・都道府県・番号から作り、空欄のパスワードを自動作成して、"
                    "視聴者リストのそのセルだけに書き込みます。入力済みの値は変更しません。"
                    "書き込む前に元のブックをバックアップします。")
    parser.add_argument("master", metavar="MASTER", help="視聴者リストのブック（.xlsx / .xlsm）")
    parser.add_argument("--round", metavar="N", help="この視聴回の行だけ（1〜9。第1回、１ も可。省略時はすべての行）")
    parser.add_argument("--ledger", metavar="PATH",
                        help="ID台帳のブック（既定: 視聴者リストと同じフォルダの ID台帳.xlsx）")
    parser.add_argument("--fiscal-year", metavar="Y", help="年度（登録期限の確認に使います。既定: 設定シートの値）")
    parser.add_argument("--method", choices=("vendor", "self"), default=None,
                        help="登録方法（登録期限の確認に使います。既定: 設定シートの値）")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="登録期限の判定に使う日付（確認用。既定: 今日）")
    add_late_options(parser)
    add_preview_options(parser)
    parser.add_argument("--password-length", type=int, default=None, metavar="L",
                        help="パスワードの文字数（既定: 設定シートの値、なければ 10。9〜32）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Fill and summarise; exit 1 when errors prevent it."""
    from shuudan_xl.cli.late_rows import handle_late
    from shuudan_xl.cli.round_options import session_of
    from shuudan_xl.cli.round_report import findings_table
    from shuudan_xl.cli.textout import count
    from shuudan_xl.services.deadlines import record_allowance, round_lateness
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import check_expected, input_digest
    from shuudan_xl.services.workflow import fill_master

    session, late = session_of(args, round_required=False), None
    if session.round is not None:  # a round chosen: its registration deadline applies (手順 3(6))
        late, master = round_lateness(session)
    if args.dry_run:
        return dry_run(args, session, late)
    check_expected(args.expect_digest, lambda: input_digest(session, None))
    if late is not None:
        stop = handle_late(session, late, master, "fill")
        if stop is not None:
            return stop
    plan, backup = fill_master(session)
    current_run().saw_plan(plan)
    current_run().wrote(session.book.path if backup else None, backup)
    if late is not None and backup is not None:  # allowed late: the vendor's agreement goes into the ledger
        record_allowance(session, late, "fill")
        current_run().wrote(session.folders.ledger)
    if plan.errors:
        sys.stdout.write(f"エラー {count(len(plan.errors))} 件:\n{findings_table(plan.errors)}\n\n"
                         "結果: エラーがあるため、視聴者リストに何も書き込んでいません。\n")
        return 1
    ids = sum(1 for line in plan.lines if line.id_composed)
    generated = sum(1 for line in plan.lines if line.password_source == "generated" and line.row.password is None)
    copied = sum(1 for w in plan.writes) - ids - generated
    lines = [f"視聴者リスト: {args.master}",
             f"書き込み: ユーザーID {count(ids)} 件、新しいパスワード {count(generated)} 件、"
             f"同じ視聴者の既存パスワード {count(copied)} 件"]
    lines.append(f"元のブックのバックアップ: {backup}" if backup else "空欄はありませんでした（変更なし）。")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def dry_run(args: argparse.Namespace, session, late) -> int:
    """Show what fill would write; write nothing."""
    from shuudan_xl.cli.envelope import finding_counts
    from shuudan_xl.cli.preview import show
    from shuudan_xl.cli.round_report import findings_table
    from shuudan_xl.cli.textout import count
    from shuudan_xl.services.preview import NoWrites, fill_preview
    from shuudan_xl.services.workflow import fill_master

    plan, _ = fill_master(session, writer=NoWrites())
    preview = fill_preview(session, plan, late)
    counts = {"rows": len(plan.lines), "new_ids": sum(1 for line in plan.lines if line.id_composed),
              "passwords": sum(1 for line in plan.lines
                               if line.password_source == "generated" and line.row.password is None),
              "refused_rows": len({f.row for f in plan.errors}), **finding_counts(plan.errors)}
    inputs = {"master": str(session.book.path), "rounds": list(session.rounds), "fiscal_year": session.fiscal_year,
              "today": session.today.isoformat(), "ledger": str(session.folders.ledger)}
    text = ["", f"エラー {count(len(plan.errors))} 件:", findings_table(plan.errors)] if plan.errors else []
    return show("fill", args, preview, [f"視聴者リスト: {session.book.path}"], text, inputs, counts)
