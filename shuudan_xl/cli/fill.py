"""``shuudan-xl fill MASTER``: fill blank user IDs and passwords in the master list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "fill", help="視聴者リストの空欄のユーザーID・パスワードを作成して書き込みます",
        description="空欄のユーザーIDを指導区分・種別・都道府県・番号から作り、空欄のパスワードを自動作成して、"
                    "視聴者リストのそのセルだけに書き込みます。入力済みの値は変更しません。"
                    "書き込む前に元のブックをバックアップします。")
    parser.add_argument("master", metavar="MASTER", help="視聴者リストのブック（.xlsx / .xlsm）")
    parser.add_argument("--round", type=int, metavar="N", help="この視聴回の行だけ（省略時はすべての行）")
    parser.add_argument("--ledger", metavar="PATH",
                        help="ID台帳のブック（既定: 視聴者リストと同じフォルダの ID台帳.xlsx）")
    parser.add_argument("--password-length", type=int, default=10, metavar="L", help="パスワードの文字数（既定: 10）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Fill and summarise; exit 1 when errors prevent it."""
    from shuudan_xl.cli.round_report import findings_table
    from shuudan_xl.cli.textout import count
    from shuudan_xl.errors import InvalidArgument
    from shuudan_xl.rules import master as m
    from shuudan_xl.rules.passwords import MIN_LENGTH
    from shuudan_xl.services.workflow import fill_master

    if args.password_length < MIN_LENGTH:
        raise InvalidArgument(f"パスワードの長さは{MIN_LENGTH}文字以上にしてください（指定: {args.password_length}）。")
    if args.round is not None and args.round not in m.ROUNDS:
        raise InvalidArgument(f"視聴回は 1〜9 で指定してください（指定: {args.round}）。")
    rounds = (args.round,) if args.round else tuple(m.ROUNDS)
    plan, backup = fill_master(Path(args.master), Path(args.ledger) if args.ledger else None,
                               args.password_length, rounds)
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
