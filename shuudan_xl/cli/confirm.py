"""``shuudan-xl confirm MASTER --round N``: record the round's new IDs in the ledger after sending."""

from __future__ import annotations

import argparse
import sys

from shuudan_xl.cli.round_options import add_round_options, context_from_args


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "confirm", help="提出（登録）が済んだ視聴回の新規IDをID台帳に登録します",
        description="業者提出ファイルを視聴者リストと照合したうえで、その視聴回の新規IDをID台帳に追加します。"
                    "台帳の行は追加されるだけで、消えることはありません。")
    add_round_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Confirm and summarise."""
    from shuudan_xl.cli.round_report import findings_table, round_heading
    from shuudan_xl.cli.textout import count
    from shuudan_xl.services.workflow import confirm_round

    context = context_from_args(args)
    out = round_heading(context)
    if context.plan.errors:
        out += ["", f"エラー {count(len(context.plan.errors))} 件（第{context.plan.round}回の行）:",
                findings_table(context.plan.errors), "",
                "結果: エラーがあるため、台帳に登録しませんでした。エラーを直してからもう一度実行してください。"]
        sys.stdout.write("\n".join(out) + "\n")
        return 1
    entries = confirm_round(context, context.session.folders.vendor)
    out += ["", f"ID台帳に {count(len(entries))} 件を追加しました: {context.ledger_path}",
            f"（登録済みIDは合計 {count(len(context.ledger) + len(entries))} 件）"]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
