"""Every command that writes leaves one record in the operations log beside the list (services.oprecord)."""

from __future__ import annotations

from pathlib import Path


def run_recorded(args, writers: tuple[str, ...], argv: list[str]) -> int:
    """Run the command; when it writes (not a dry run), append its record to 操作記録.csv, whatever the outcome.

    Call inside the command's writer lock (cli.failures.command_lock): the log is written under it.
    """
    from shuudan_xl.cli.failures import lock_folder

    folder = lock_folder(args, writers)
    if folder is None:
        return args.run(args)
    from shuudan_xl.services.oprecord import recorded

    master = getattr(args, "master", None)
    what = " ".join(["shuudan-xl", *(a for a in argv if a != "--show-passwords")])
    return recorded(folder, what, lambda: args.run(args), list_path=Path(master) if master else None)
