"""Options shared by the commands that work on one round of a master list (fill, export, confirm)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from shuudan_xl.errors import InvalidArgument


def add_round_options(parser: argparse.ArgumentParser, outdir: bool = True) -> None:
    """Add MASTER, --round and the options every round command shares."""
    parser.add_argument("master", metavar="MASTER", help="視聴者リストのブック（.xlsx / .xlsm）")
    parser.add_argument("--round", type=int, required=True, metavar="N", help="視聴回（1〜9）")
    parser.add_argument("--fiscal-year", metavar="Y",
                        help="年度（例: 2024、R6、令和6年度）。省略時は設定シートの年度、なければ今日が属する年度")
    parser.add_argument("--method", choices=("vendor", "self"), default=None,
                        help="登録方法: vendor＝事業者に依頼（●期限）、self＝自庁で登録（☆期限）。"
                             "既定: 設定シートの値、なければ vendor")
    parser.add_argument("--ledger", metavar="PATH",
                        help="ID台帳のブック（既定: 視聴者リストと同じフォルダの ID台帳.xlsx）")
    parser.add_argument("--password-length", type=int, default=None, metavar="L",
                        help="自動作成するパスワードの文字数（既定: 設定シートの値、なければ 10。9以上）")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="登録期限の判定に使う日付（確認用。既定: 今日）")
    if outdir:
        parser.add_argument("-o", "--outdir", metavar="OUTDIR",
                            help="業者提出ファイルのフォルダ（既定: 視聴者リストと同じフォルダの「業者提出」）")


def context_from_args(args: argparse.Namespace):
    """Load and plan the round the options describe; unset options come from the 設定 sheet."""
    from shuudan_xl.rules.era import parse_fiscal_year
    from shuudan_xl.rules.passwords import MIN_LENGTH
    from shuudan_xl.services.settings import load_settings
    from shuudan_xl.services.workflow import prepare_round

    settings, problems = load_settings(Path(args.master))
    args.settings = settings
    if problems:
        first = problems[0]
        raise InvalidArgument(f"シート「{first.sheet}」{first.row}行目: {first.message}")
    args.method = args.method or settings.method
    fiscal_text = args.fiscal_year or settings.fiscal_year
    try:
        fiscal_year = parse_fiscal_year(fiscal_text) if fiscal_text else None
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None
    today = None
    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            raise InvalidArgument(f"--today は 2024-05-20 の形で指定してください（指定: {args.today}）。") from None
    length = settings.password_length if args.password_length is None else args.password_length
    if length < MIN_LENGTH:
        raise InvalidArgument(f"パスワードの長さは{MIN_LENGTH}文字以上にしてください（指定: {length}）。")
    return prepare_round(Path(args.master), args.round, fiscal_year, args.method,
                         Path(args.ledger) if args.ledger else None, today, length)


def outdir_of(args: argparse.Namespace) -> Path:
    """The folder for the vendor workbooks."""
    from shuudan_xl.services.export import vendor_folder

    return Path(args.outdir) if args.outdir else vendor_folder(Path(args.master))


def templates_of(args: argparse.Namespace) -> tuple[Path | None, Path | None]:
    """The vendor's own templates, when placed beside the master (or in --templates)."""
    from shuudan_xl.services.export import vendor_templates

    return vendor_templates(Path(args.templates) if getattr(args, "templates", None) else Path(args.master).parent)
