"""Benchmark: ``shuudan-xl check --json`` on 100,000 filled rows vs. a bare python-calamine read; password speed.

Run:  python -m tests.benchmarks.bench_check [ROWS] [--runs N] [--baseline DIR]
Targets (issue 11): check ≤ 1.5 × the bare read of the same file (both whole processes, CPU time), on
two files: the easy one (header on row 1, every ID typed) and a harder one (two title rows above the
header on row 3, every 50th ID blank); 1,000,000 passwords < 3 s.

--baseline DIR also runs the check of another version in the same rounds (before/after in one run), DIR
holding its shuudan_xl package, e.g.:
    git archive f695aff shuudan_xl | tar -x -C /tmp/before && python -m compileall -q /tmp/before
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.proc import Command, byte_compiled, compare
from tests.benchmarks.sample_data import vendor_rows, write_vendor_workbook

READ_ONLY = ("from python_calamine import CalamineWorkbook; import sys; "
             "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()")
TITLE = [["令和6年度 第1回 視聴者登録"], ["作成: 関東信越厚生局"]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", metavar="DIR", help="a folder holding another version's shuudan_xl")
    args = parser.parse_args(argv)
    byte_compiled()
    with tempfile.TemporaryDirectory() as tmp:
        rows = vendor_rows(args.rows)
        easy = write_vendor_workbook(Path(tmp) / "easy.xlsx", rows)
        blanks = [["", *row[1:]] if n % 50 == 49 else row for n, row in enumerate(rows)]
        hard = write_vendor_workbook(Path(tmp) / "hard.xlsx", blanks, above=TITLE)
        commands = {}
        for name, book in (("easy", easy), ("header on row 3, blank IDs", hard)):
            commands[f"read ({name})"] = Command([sys.executable, "-c", READ_ONLY, str(book)])
            commands[f"check ({name})"] = Command([sys.executable, "-m", "shuudan_xl", "check", "--json", str(book)],
                                                  codes=(1,))
            if args.baseline:  # -P: the folder the benchmark runs in does not come before PYTHONPATH
                commands[f"baseline check ({name})"] = Command(
                    [sys.executable, "-P", "-m", "shuudan_xl", "check", "--json", str(book)], codes=(1,),
                    env={**os.environ, "PYTHONPATH": args.baseline})
        got = compare(commands, args.runs)
    print(f"rows: {args.rows:,}")
    for name, run in got.items():
        print(f"{name} (process): {run}")
    for name in ("easy", "header on row 3, blank IDs"):
        print(f"ratio check / read, {name} (cpu): {got[f'check ({name})'].ratio(got[f'read ({name})']):.2f} "
              "(target ≤ 1.5)")
        if args.baseline:
            print(f"ratio baseline check / read, {name} (cpu): "
                  f"{got[f'baseline check ({name})'].ratio(got[f'read ({name})']):.2f}")

    from shuudan_xl.rules.passwords import generate_passwords

    start = time.perf_counter()
    generate_passwords(1_000_000)
    print(f"1,000,000 passwords: {time.perf_counter() - start:.3f} s (target < 3 s)")


if __name__ == "__main__":
    main()
