"""Options shared by the commands that work on one round of a master list, and the session they make.

The command builds one ``services.session.RoundSession`` from its options (``session_of``) and passes it
down; nothing resolved is written back onto ``args``.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_round_options(parser: argparse.ArgumentParser, outdir: bool = True) -> None:
    """Add MASTER, --round and the options every round command shares."""
    parser.add_argument("master", metavar="MASTER", help="視聴者リストのブック（.xlsx / .xlsm）")
    parser.add_argument("--round", required=True, metavar="N", help="視聴回（1〜9。第1回、１ も可）")
    parser.add_argument("--fiscal-year", metavar="Y",
                        help="年度（例: 2024、R6、令和6年度）。省略時は設定シートの年度、なければ今日が属する年度")
    parser.add_argument("--method", choices=("vendor", "self"), default=None,
                        help="登録方法: vendor＝事業者に依頼（●期限）、self＝自庁で登録（☆期限）。"
                             "既定: 設定シートの値、なければ vendor")
    parser.add_argument("--ledger", metavar="PATH",
                        help="ID台帳のブック（既定: 視聴者リストと同じフォルダの ID台帳.xlsx）")
    parser.add_argument("--password-length", type=int, default=None, metavar="L",
                        help="自動作成するパスワードの文字数（既定: 設定シートの値、なければ 10。9〜32）")
    parser.add_argument("--today", metavar="YYYY-MM-DD",
                        help="登録期限の判定と台帳の登録確定日に使う日付（確認用。既定: 今日）")
    if outdir:
        parser.add_argument("-o", "--outdir", metavar="OUTDIR",
                            help="業者提出ファイルのフォルダ（既定: 視聴者リストと同じフォルダの「業者提出」）")


def add_late_options(parser: argparse.ArgumentParser) -> None:
    """Add --move-late / --allow-late: the two explicit ways out of a passed registration deadline."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--move-late", action="store_true",
                       help="登録期限を過ぎた行の視聴回を、期限がまだ来ていない次の視聴回に書き換えます"
                            "（視聴者リストをバックアップしてから。業者提出ファイルは作りません）")
    group.add_argument("--allow-late", action="store_true",
                       help="事業者が期限後の登録を了承したときだけ: 期限後でも作成し、了承をID台帳に記録します")


def late_of(args: argparse.Namespace) -> str:
    """The session's late-row policy from --move-late / --allow-late (refuse when neither is given)."""
    from shuudan_xl.services.session import ALLOW_LATE, MOVE_LATE, REFUSE_LATE

    if getattr(args, "move_late", False):
        return MOVE_LATE
    return ALLOW_LATE if getattr(args, "allow_late", False) else REFUSE_LATE


def session_of(args: argparse.Namespace, round_required: bool = True, outdir: str = "vendor",
               round_name: str = "round"):
    """The round session the options describe; unset options come from the 設定 sheet.

    Args:
        args: The parsed options.
        round_required: Refuse a missing --round (fill alone works on every round without one).
        outdir: Which folder -o/--outdir names: "vendor", "notices" or "attendance" (--vendor-dir, if the
            command has it, names the vendor folder).
        round_name: The option holding the session's round (reassign: "from_round").

    Raises:
        SessionProblems: naming every unusable option and 設定 value at once.
    """
    from shuudan_xl.services.session import open_session

    folders = {"vendor": getattr(args, "vendor_dir", None), outdir: getattr(args, "outdir", None)}
    return open_session(
        Path(args.master), round_=getattr(args, round_name, None), fiscal_year=getattr(args, "fiscal_year", None),
        method=getattr(args, "method", None), password_length=getattr(args, "password_length", None),
        today=getattr(args, "today", None), ledger=getattr(args, "ledger", None),
        templates=getattr(args, "templates", None), round_required=round_required, late=late_of(args), **folders)


def context_from_args(args: argparse.Namespace, outdir: str = "vendor"):
    """Load and plan the round the options describe (services.workflow.prepare_round on ``session_of``)."""
    from shuudan_xl.services.workflow import prepare_round

    return prepare_round(session_of(args, outdir=outdir))


def templates_of(args: argparse.Namespace) -> tuple[Path | None, Path | None]:
    """The vendor's own templates, when placed beside the master (or in --templates)."""
    from shuudan_xl.services.session import Folders

    return Folders.beside(Path(args.master), templates=getattr(args, "templates", None)).vendor_templates()
