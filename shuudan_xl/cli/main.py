"""Entry point: parse the sub-command, run it, turn expected failures into one Japanese line."""

from __future__ import annotations

import importlib
import sys

from shuudan_xl import __version__
from shuudan_xl.cli.japanese_argparse import JapaneseArgumentParser
from shuudan_xl.errors import ShuudanError

# Sub-command modules, in the order --help lists them. Each module is light to import: heavy
# libraries are imported inside its ``run``.
COMMANDS = ("check", "new-master", "fill", "export", "confirm", "doublecheck", "schedule", "passwords")


def build_parser() -> JapaneseArgumentParser:
    """Return the parser with every sub-command registered."""
    parser = JapaneseArgumentParser(
        prog="shuudan-xl",
        description="eラーニング集団指導の視聴者登録（ID・パスワード・所属グループ）を点検・作成します。")
    parser.add_argument("--version", action="version", version=f"shuudan-xl {__version__}",
                        help="バージョンを表示して終了します")
    sub = parser.add_subparsers(dest="command", metavar="コマンド", parser_class=JapaneseArgumentParser)
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"shuudan_xl.cli.{name.replace('-', '_')}")
        module.register(sub).set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status (0 ok, 1 problems found, 2 cannot run)."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ShuudanError as exc:
        sys.stderr.write(f"shuudan-xl: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("shuudan-xl: 中断しました。\n")
        return 130


def entry() -> None:
    """Console-script entry."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    sys.exit(main())
