"""Benchmark: ``confirm`` and ``attendance`` at 10,000 rows vs. a bare read of the same files, in the same run.

Run:  python -m tests.benchmarks.bench_round [ROWS] [--runs N]
Target (issue 11): each ≤ 3 × a process that reads every sheet of the files the command reads with
python-calamine (confirm: the master list and both vendor books; attendance: the master list, the
ledger and the viewing results). For reference it also prints confirm against a read that includes a ledger
of the size confirm writes and reads back whole. The master is exported (and, for attendance, confirmed)
beforehand, untimed; confirm starts from a master without ledger and with the round's files not yet confirmed in
their manifest (提出記録) each run, attendance from no 出欠結果 folder. Restoring the manifest matters: a
set already marked confirmed has nothing left to verify, and confirm would skip reading the vendor books
that the anchor reads.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

from shuudan_xl.cli.main import main as cli
from tests.benchmarks.bench_notices import exported_master
from tests.benchmarks.proc import Command, byte_compiled, compare

READ_ALL = ("from python_calamine import CalamineWorkbook; import sys\n"
            "for path in sys.argv[1:]:\n"
            "    book = CalamineWorkbook.from_path(path)\n"
            "    for name in book.sheet_names: book.get_sheet_by_name(name).to_python()")
RESULT_HEADER = ["No", "ユーザーID", "所属グループ", "動画", "視聴状況", "視聴完了日時", "メモ"]


def results_book(path: Path, master: Path) -> Path:
    """The vendor's viewing results for the viewers of the master's round 1, each for the video the viewer
    was linked to (the 視聴者⇔動画 book export wrote), as the vendor exports them: one in 7 not completed,
    one in 50 missing (a 要確認 line each)."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(master)).get_sheet_by_name("視聴者リスト").to_python()
    header = rows[0]
    col_id, col_group = header.index("ユーザーID"), header.index("都道府県")
    links = CalamineWorkbook.from_path(str(next((master.parent / "業者提出").glob("*_視聴者動画.xlsx"))))
    video_of = dict(links.get_sheet_by_index(0).to_python()[1:])
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("視聴結果")
    sheet.write_row(0, 0, RESULT_HEADER)
    n = 0
    for i, row in enumerate(rows[1:], start=1):
        if not row[col_id] or i % 50 == 0:
            continue
        n += 1
        done = n % 7 != 0
        when = f"2024/06/{n % 28 + 1:02d} 10:00:00" if done else ""
        sheet.write_row(n, 0, [str(n), row[col_id], row[col_group], video_of[row[col_id]],
                               "視聴完了" if done else "未視聴", when, ""])
    book.close()
    return path


def unconfirmed(ledger: Path, manifests: dict[Path, bytes]) -> None:
    """Put the folder back as export left it: no ledger, the round's set not marked as submitted."""
    ledger.unlink(missing_ok=True)
    for path, data in manifests.items():
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    byte_compiled()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        master = exported_master(Path(tmp) / "confirm", args.rows)
        vendor = sorted((master.parent / "業者提出").glob("*.xlsx"))
        ledger = master.parent / "ID台帳.xlsx"
        manifests = {p: p.read_bytes() for p in (master.parent / "業者提出" / "提出記録").glob("*.json")}
        done = exported_master(Path(tmp) / "attendance", args.rows)
        if cli(["confirm", str(done), "--round", "1"]) != 0:
            raise SystemExit("confirm failed")
        results = results_book(done.parent / "視聴結果.xlsx", done)
        commands = {
            "read (confirm's files)": Command([sys.executable, "-c", READ_ALL, str(master), *map(str, vendor)]),
            # For reference: confirm also reads back whole the ledger it writes (here a ledger of the same size,
            # the one the attendance folder's confirm wrote); the target stays against the files above.
            "read (confirm's files and a ledger)": Command([sys.executable, "-c", READ_ALL, str(master),
                                                            *map(str, vendor), str(done.parent / "ID台帳.xlsx")]),
            "confirm": Command([sys.executable, "-m", "shuudan_xl", "confirm", str(master), "--round", "1"],
                               lambda: unconfirmed(ledger, manifests)),
            "read (attendance's files)": Command([sys.executable, "-c", READ_ALL, str(done),
                                                  str(done.parent / "ID台帳.xlsx"), str(results)]),
            "attendance": Command([sys.executable, "-m", "shuudan_xl", "attendance", str(done), "--round", "1",
                                   "--results", str(results), "--today", "2024-07-05"],
                                  lambda: shutil.rmtree(done.parent / "出欠結果", ignore_errors=True)),
        }
        got = compare(commands, args.runs)
    print(f"rows: {args.rows:,}")
    for name, run in got.items():
        print(f"{name} (process): {run}")
    for command in ("confirm", "attendance"):
        anchor = got[f"read ({command}'s files)"]
        print(f"ratio {command} / read (cpu): {got[command].ratio(anchor):.2f} (target ≤ 3)")
    with_ledger = got["read (confirm's files and a ledger)"]
    print(f"ratio confirm / read of its files and a ledger (cpu, for reference): "
          f"{got['confirm'].ratio(with_ledger):.2f}")


if __name__ == "__main__":
    main()
