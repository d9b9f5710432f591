"""``shuudan-xl new-master PATH``: a new, empty master list (or the fictional sample)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shuudan_xl.errors import InvalidArgument


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "new-master", help="新しい視聴者リストのブックを作成します",
        description="入力規則（プルダウン・文字列書式）付きの視聴者リスト・動画一覧・都道府県一覧のブックを作成します。")
    parser.add_argument("path", metavar="PATH", help="作成する .xlsx")
    parser.add_argument("--sample", action="store_true", help="架空の見本データ（約60行）を入れて作成します")
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the workbook, never over an existing file."""
    from shuudan_xl.files.master_book import write_master_book
    from shuudan_xl.files.package_data import sample_rows, sample_settings

    path = Path(args.path)
    if path.suffix.lower() != ".xlsx":
        raise InvalidArgument(f"ファイル名は .xlsx で終わるようにしてください（指定: {path.name}）。")
    if path.exists():
        raise InvalidArgument(f"「{path}」は既にあります。上書きはしません。別の名前を指定してください。")
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.sample:
        write_master_book(path, sample_rows(), settings=sample_settings())
    else:
        write_master_book(path)
    sys.stdout.write(f"視聴者リストを作成しました: {path}\n")
    return 0
