"""Benchmark: four ways to write the two vendor books of 100,000 rows (the choice in files/xlsx_rows.py).

Run:  python -m tests.benchmarks.bench_writers [ROWS] [--runs N]
Each writer is a process of its own, given the records in memory (built before the clock starts counting
its writing: the anchor is the same process building the records and writing nothing): XlsxWriter cell by
cell (what the vendor books used), XlsxWriter's constant_memory mode (inline strings), rustpy-xlsxwriter
(the ``bench`` extra; skipped without it) and files.xlsx_rows behind write_vendor_book (what they use now).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile

from tests.benchmarks.proc import Command, compare

WRITE = r"""
import sys
from pathlib import Path
n, which, out = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
recs = [{"id": f"n13{i:07d}", "password": f"pw{i:08d}x", "group": "東京13", "video": "指定時集団指導（医科）6月"}
        for i in range(n)]
books = ((("id", "password", "group"), "reg.xlsx"), (("id", "video"), "video.xlsx"))
for keys, name in books:
    path = out / (which + name)
    if which in ("xlsxwriter", "constant_memory"):
        import xlsxwriter
        book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False, "constant_memory": which != "xlsxwriter"})
        text, head = book.add_format({"num_format": "@"}), book.add_format({"num_format": "@", "bold": True})
        sheet = book.add_worksheet("S")
        sheet.set_column(0, len(keys) - 1, 16, text)
        sheet.write_row(0, 0, keys, head)
        for r, rec in enumerate(recs, start=1):
            for c, key in enumerate(keys):
                sheet.write_string(r, c, rec[key], text)
        sheet.freeze_panes(1, 0)
        book.close()
    elif which == "rustpy_xlsxwriter":
        from rustpy_xlsxwriter import write_worksheet
        write_worksheet(({k: rec[k] for k in keys} for rec in recs), str(path), sheet_name="S", freeze_row=1)
    elif which == "xlsx_rows":
        from shuudan_xl.files.vendor_books import REGISTRATION, VIDEO_LINKS, write_vendor_book
        write_vendor_book(path, REGISTRATION if len(keys) == 3 else VIDEO_LINKS, recs)
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    writers = ["records only", "xlsxwriter", "constant_memory", "xlsx_rows"]
    if importlib.util.find_spec("rustpy_xlsxwriter") is not None:
        writers.insert(3, "rustpy_xlsxwriter")
    else:
        print("rustpy_xlsxwriter: skipped (install the bench extra: pip install -e .[bench])")
    with tempfile.TemporaryDirectory() as tmp:
        got = compare({w: Command([sys.executable, "-c", WRITE, str(args.rows), w, tmp]) for w in writers},
                      args.runs)
    anchor = got["records only"]
    print(f"rows: {args.rows:,} (both books)")
    for name, run in got.items():
        extra = "" if name == "records only" else f"; writing {run.cpu - anchor.cpu:.2f} s cpu"
        print(f"{name}: {run}{extra}")


if __name__ == "__main__":
    main()
