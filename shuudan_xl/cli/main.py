"""Entry point: parse the sub-command, run it, turn expected failures into one Japanese line."""

from __future__ import annotations

import gc
import importlib
import sys

from shuudan_xl import __version__
from shuudan_xl.cli.japanese_argparse import JapaneseArgumentParser
from shuudan_xl.cli.progress import showing
from shuudan_xl.gcpause import paused_gc

# Sub-commands are the modules of this package that define ``register`` and ``run``; --help lists
# these first, in this order, then any others alphabetically. Each module is light to import:
# heavy libraries are imported inside its ``run``.
ORDER = ("check", "new-master", "fill", "export", "confirm", "doublecheck", "notices", "attendance", "reassign",
         "spare-ids", "schedule", "passwords", "self-check", "build-workbook", "kit")


def command_modules(only: str | None = None) -> list[tuple[str, object]]:
    """Return (command name, module) for the sub-command modules, in --help order.

    Args:
        only: Import just this command's module when it exists (keeps start-up light); otherwise all.
    """
    named = _named_module(only) if only is not None else None
    if named is not None:  # listing the package would load pkgutil and inspect: ~5 ms of every command's start
        names = [only.replace("-", "_")]
    else:
        import pkgutil

        import shuudan_xl.cli as package

        names = [info.name for info in pkgutil.iter_modules(package.__path__)]
    found = {}
    for name in names:
        module = importlib.import_module(f"shuudan_xl.cli.{name}")
        if hasattr(module, "register") and hasattr(module, "run"):
            found[name.replace("_", "-")] = module
    known = [name for name in ORDER if name in found]
    return [(name, found[name]) for name in known + sorted(set(found) - set(known))]


def _named_module(command: str) -> object | None:
    # The module of shuudan_xl.cli a command names, imported; None when there is no such module.
    name = command.replace("-", "_")
    if not name.isidentifier() or name.startswith("__"):  # not a module name (nor __init__, __main__)
        return None
    try:
        return importlib.import_module(f"shuudan_xl.cli.{name}")
    except ModuleNotFoundError as missing:
        if missing.name != f"shuudan_xl.cli.{name}":
            raise  # the module is there but something it imports is not: a real error
        return None


def build_parser(command: str | None = None) -> JapaneseArgumentParser:
    """Return the parser with every sub-command registered (or only ``command``'s, when it exists)."""
    parser = JapaneseArgumentParser(
        prog="shuudan-xl",
        description="eラーニング集団指導の視聴者登録（ID・パスワード・所属グループ）を点検・作成します。")
    parser.add_argument("--version", action="version", version=f"shuudan-xl {__version__}",
                        help="バージョンを表示して終了します")
    sub = parser.add_subparsers(dest="command", metavar="コマンド", parser_class=JapaneseArgumentParser)
    sub.required = True
    modules = command_modules(command)
    if command is not None and command not in dict(modules):
        modules = command_modules()  # unknown command: register all so that the error lists them
    for _name, module in modules:
        module.register(sub).set_defaults(run=module.run)
    return parser


# Commands that write the list, the ledger or files of a round: they run under the folder's writer lock.
WRITERS = ("fill", "export", "confirm", "reassign", "spare-ids", "notices", "attendance")


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status (0 done, 1 findings, 2 cannot run, 3 internal error)."""
    from shuudan_xl.cli.failures import command_lock
    from shuudan_xl.cli.record import run_recorded
    from shuudan_xl.cli.sigterm import committed_so_far, interrupted, sigterm_raises

    argv = sys.argv[1:] if argv is None else argv
    committed_before = committed_so_far()
    command = argv[0] if argv and not argv[0].startswith("-") else None
    args = build_parser(command).parse_args(argv)
    try:
        # A batch run builds millions of acyclic objects (cells, rows, XML pieces); the cyclic garbage
        # collector would walk them again and again for nothing. Whatever cycles remain go at exit.
        # SIGTERM raises KeyboardInterrupt, so that a half-done transaction is rolled back.
        # Stages go to stderr for a person watching (not with --json, not into a pipe).
        with sigterm_raises(), command_lock(args, WRITERS), paused_gc(), showing(getattr(args, "json", False)):
            return run_recorded(args, WRITERS, argv)  # one record in 操作記録.csv per writing run
    except KeyboardInterrupt:
        sys.stderr.write(interrupted(committed_before))  # says so when the files were put in place before it
        return 130
    except Exception as raised:  # every failure becomes one Japanese line; a bug also gets a log file
        from shuudan_xl.files.error_log import failure_of  # (loads logging's and tracebacks' modules: only here)

        exc = failure_of(raised, " ".join(["shuudan-xl", *argv]))
        sys.stderr.write(f"shuudan-xl: {exc}\n")
        if getattr(args, "json", False):  # a script reading --json gets the envelope with the error too
            from shuudan_xl.cli.envelope import emit, error_envelope

            emit(error_envelope(args.command, exc, exc.exit_code))
        return exc.exit_code


def entry() -> None:
    """Console-script entry."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    # One command a process: main pauses the cyclic collector around the command anyway (paused_gc); off from
    # here, it also skips the collections of the lock's and the parser's imports before that pause, and the one
    # that turning it back on would set off right after it (about 3 ms of a confirm). Nothing runs after main.
    gc.disable()
    code = main()
    # The run is over (every file it wrote is closed and checked): the interpreter's shutdown would still
    # walk every object left for cycles, about 12 ms of a 0.6 s confirm. Frozen objects are skipped there;
    # the OS frees the memory, and the streams are flushed and atexit handlers run as usual.
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # python -m shuudan_xl.cli.main (as python -m shuudan_xl)
    entry()
