"""Benchmark: ``shuudan-xl export`` of a 100,000-row master list vs. the bare read + write of the same data.

Run:  python -m tests.benchmarks.bench_export [ROWS]
Target (issue 3): the whole export (read, check, compose IDs, generate passwords, fill the master, write
and verify both vendor workbooks) within 2 × a process that only reads the master with python-calamine
and writes the two vendor workbooks with XlsxWriter — both measured here, in the same run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.rules.prefectures import GROUP_LABELS
from tests.benchmarks.proc import measure

GUIDANCE = (("指定時", "医科"), ("指定時", "歯科"), ("更新時", "薬局"), ("登録時", "医科"), ("登録時", "歯科"),
            ("オンライン資格確認", "医科"))

READ_AND_WRITE = r"""
import sys, xlsxwriter
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name("視聴者リスト").to_python()
header, data = rows[0], rows[1:]
col = {h: i for i, h in enumerate(header)}
for name, keys in (("reg.xlsx", ("番号", "名称", "都道府県")), ("video.xlsx", ("番号", "名称"))):
    book = xlsxwriter.Workbook(sys.argv[2] + "/" + name, {"strings_to_numbers": False})
    sheet = book.add_worksheet("S")
    text = book.add_format({"num_format": "@"})
    for c in range(len(keys)):
        sheet.set_column(c, c, 16, text)
    sheet.write_row(0, 0, keys)
    for r, row in enumerate(data, start=1):
        for c, key in enumerate(keys):
            sheet.write_string(r, c, str(row[col[key]]), text)
    book.close()
"""


def master_rows(count: int) -> list[dict[str, str]]:
    """Round-1 viewers, IDs and passwords blank (to be composed and generated), a few typed."""
    rows = []
    for n in range(count):
        guidance, field = GUIDANCE[n % len(GUIDANCE)]
        serial = f"{n:07d}" if guidance != "登録時" else f"{n:06d}"
        rows.append({"視聴回": "1", "指導区分": guidance, "種別": field, "都道府県": GROUP_LABELS[n % 47],
                     "番号": serial, "名称": f"見本医療機関{n}", "宛先": "開設者 見本 太郎 様", "郵便番号": "000-0000",
                     "住所": "○○市○○町1-2-3"})
    return rows


def main(count: int = 100_000, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pristine = write_master_book(tmp / "pristine.xlsx", master_rows(count), data_rows=count + 10)
        master = tmp / "master.xlsx"
        out = tmp / "out"
        out.mkdir()

        def fresh_master():
            shutil.copy(pristine, master)
            shutil.rmtree(tmp / "バックアップ", ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()

        base = measure([sys.executable, "-c", READ_AND_WRITE, str(pristine), str(out)], runs)
        export = measure([sys.executable, "-m", "shuudan_xl", "export", str(master), "--round", "1",
                          "--fiscal-year", "2024", "-o", str(out)], runs, fresh_master)
    print(f"rows: {count:,}")
    print(f"read + write only (process): {base}")
    print(f"shuudan-xl export (process): {export}")
    print(f"ratio: {export.seconds / base.seconds:.2f} (target ≤ 2)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
