"""``shuudan-xl self-check``: check this PC for the master workbook (Python, xlwings, folders) in Japanese."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_WORKBOOK = "集団指導_視聴者リスト.xlsm"


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "self-check", help="この PC でボタン付きの視聴者リストが動くか点検します",
        description="Python の版とビット数、xlwings の版がブックと同じか、ボタンが起動する Python があるか、"
                    "ブックの場所（同期しないローカルのフォルダか）、書き込み、ID台帳と出力フォルダを点検します。"
                    "「設定」シートの「動作確認」ボタンと同じ内容です。")
    parser.add_argument("workbook", nargs="?", default=DEFAULT_WORKBOOK, metavar="BOOK.xlsm",
                        help=f"点検するブック（既定: 今いるフォルダの {DEFAULT_WORKBOOK}）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when something must be fixed."""
    from shuudan_xl.files.reader import file_head
    from shuudan_xl.files.workbook_facts import conf_settings, custom_properties
    from shuudan_xl.services.self_check import format_report, has_problems, run_checks

    path = Path(args.workbook).resolve()
    file_head(path, "ブック")  # a missing file or a folder is refused in Japanese
    checks = run_checks(str(path), conf_settings(path), custom_properties(path))
    sys.stdout.write(format_report(checks) + "\n")
    return 1 if has_problems(checks) else 0
