"""Entry point: parse the sub-command, run it, turn expected failures into one Japanese line."""

from __future__ import annotations

import importlib
import sys

from shuudan_xl import __version__
from shuudan_xl.cli.japanese_argparse import JapaneseArgumentParser
from shuudan_xl.errors import ShuudanError
from shuudan_xl.gcpause import paused_gc

# Sub-commands are the modules of this package that define ``register`` and ``run``; --help lists
# these first, in this order, then any others alphabetically. Each module is light to import:
# heavy libraries are imported inside its ``run``.
ORDER = ("check", "new-master", "fill", "export", "confirm", "doublecheck", "notices", "attendance", "reassign",
         "spare-ids", "schedule", "passwords", "build-workbook")


def command_modules() -> list[tuple[str, object]]:
    """Return (command name, module) for every sub-command module, in --help order."""
    import pkgutil

    import shuudan_xl.cli as package

    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"shuudan_xl.cli.{info.name}")
        if hasattr(module, "register") and hasattr(module, "run"):
            found[info.name.replace("_", "-")] = module
    known = [name for name in ORDER if name in found]
    return [(name, found[name]) for name in known + sorted(set(found) - set(known))]


def build_parser() -> JapaneseArgumentParser:
    """Return the parser with every sub-command registered."""
    parser = JapaneseArgumentParser(
        prog="shuudan-xl",
        description="eラーニング集団指導の視聴者登録（ID・パスワード・所属グループ）を点検・作成します。")
    parser.add_argument("--version", action="version", version=f"shuudan-xl {__version__}",
                        help="バージョンを表示して終了します")
    sub = parser.add_subparsers(dest="command", metavar="コマンド", parser_class=JapaneseArgumentParser)
    sub.required = True
    for _name, module in command_modules():
        module.register(sub).set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status (0 ok, 1 problems found, 2 cannot run)."""
    args = build_parser().parse_args(argv)
    try:
        # A batch run builds millions of acyclic objects (cells, rows, XML pieces); the cyclic garbage
        # collector would walk them again and again for nothing. Whatever cycles remain go at exit.
        with paused_gc():
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
