"""``shuudan-xl build-workbook``: build the macro-enabled master workbook (.xlsm) from text (developers)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    from shuudan_xl.xlsm import DEFAULT_FISCAL_YEAR

    parser = sub.add_parser(
        "build-workbook", help="ボタン付きの視聴者リスト（.xlsm）を作成します（開発者用）",
        description="macros フォルダのVBAとPythonのレイアウトから、ボタン・セル関数付きの視聴者リスト"
                    "（集団指導_視聴者リスト.xlsm）を作成します。同じ内容からは毎回同じファイルができます。")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="作成する .xlsm（既定: xlsheets/集団指導_視聴者リスト.xlsm）")
    parser.add_argument("--fiscal-year", metavar="Y", default=str(DEFAULT_FISCAL_YEAR),
                        help=f"設定シートの年度と視聴スケジュールの年度（例: 2025、R7。既定: {DEFAULT_FISCAL_YEAR}）")
    parser.add_argument("--sample", action="store_true",
                        help="架空の見本データ（約60行）と見本の設定を入れて作成します（READMEの画像用）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Build the workbook; an existing different file (other than the committed build) goes to バックアップ first."""
    from shuudan_xl.errors import InvalidArgument
    from shuudan_xl.files.xlsx_patch import ensure_not_open, make_backup
    from shuudan_xl.rules.era import parse_fiscal_year
    from shuudan_xl.rules.schedule import check_fiscal_year
    from shuudan_xl.xlsm.workbook import DEFAULT_OUTPUT, workbook_bytes

    require_build_tools()
    out = Path(args.output) if args.output else DEFAULT_OUTPUT
    if out.suffix.lower() != ".xlsm":
        raise InvalidArgument(f"ファイル名は .xlsm で終わるようにしてください（指定: {out.name}）。")
    year = parse_fiscal_year(args.fiscal_year)
    check_fiscal_year(year)
    data = workbook_bytes(year, args.sample)
    backup = None
    if out.exists():
        ensure_not_open(out)
        if out.read_bytes() == data:
            sys.stdout.write(f"変更はありません（同じ内容です）: {out}\n")
            return 0
        if out.resolve() != DEFAULT_OUTPUT.resolve():  # the committed build's history is in git
            backup = make_backup(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    sys.stdout.write(f"作成しました: {out}\n")
    if backup:
        sys.stdout.write(f"元のファイルのバックアップ: {backup}\n")
    return 0


def require_build_tools() -> None:
    """Refuse, naming the install command, when the optional build tools (pyOpenVBA, packaging) are missing.

    Raises:
        InvalidArgument: when ``pip install -e ".[build]"`` has not been run.
    """
    import importlib.util

    from shuudan_xl.errors import InvalidArgument

    missing = [name for name in ("pyopenvba", "packaging") if importlib.util.find_spec(name) is None]
    if missing:
        raise InvalidArgument("ブックやキットの作成には開発用の追加パッケージ（" + "、".join(missing) + "）が必要です。"
                              'shuudan-xl のフォルダで pip install -e ".[build]" を実行してください。')
