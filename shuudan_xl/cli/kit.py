"""``shuudan-xl kit``: make the offline install kit for Windows x64 (developers / IT, on a connected PC)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    from shuudan_xl.services.kit import PYTHON_VERSIONS

    parser = sub.add_parser(
        "kit", help="インターネットなしで入れられる Windows 用キット（フォルダと zip）を作ります（開発者用）",
        description="shuudan-xl と、使うパッケージすべての Windows（64ビット）用ホイールを Python の版ごとに集め、"
                    "install.bat とボタン付きの視聴者リストを添えたフォルダと zip を作ります。"
                    "キットを作る PC だけがインターネット（PyPI）を使います。")
    parser.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="作るキットのフォルダ（まだないもの）。同じ名前の .zip も作ります")
    parser.add_argument("--python", action="append", metavar="3.X", choices=PYTHON_VERSIONS,
                        help=f"ホイールを集める Python の版（繰り返し可。既定: {'・'.join(PYTHON_VERSIONS)}）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Make the kit and say where it is."""
    from shuudan_xl.cli.build_workbook import require_build_tools
    from shuudan_xl.services.kit import PYTHON_VERSIONS, make_kit
    from shuudan_xl.xlsm.workbook import DEFAULT_OUTPUT, REPO

    require_build_tools()
    pythons = tuple(dict.fromkeys(args.python or PYTHON_VERSIONS))
    sys.stdout.write(f"キットを作ります（Python {'・'.join(pythons)}、Windows 64ビット）…\n")
    kit = make_kit(REPO, Path(args.output), DEFAULT_OUTPUT, pythons)
    count = len(list((kit.folder / "wheels").glob("*.whl")))
    sys.stdout.write(f"作成しました: {kit.folder}（ホイール {count} 個）\n{kit.archive}\n")
    return 0
