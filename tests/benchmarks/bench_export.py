"""Benchmark: ``shuudan-xl export`` of a 100,000-row master list vs. the floor pipeline, in the same run.

Run:  python -m tests.benchmarks.bench_export [ROWS] [--runs N] [--1m]
Targets (issue 11): the whole export (read, check, compose IDs, generate passwords, patch the master,
write both vendor workbooks, read them back and verify) ≤ 2.5 × the floor pipeline including its
read-back (tests/benchmarks/floor_export.py: fastexcel, pyarrow, rustpy-xlsxwriter — the ``bench``
extra: ``pip install -e .[bench]``), and ≤ 2.5 KB peak memory per row. ``--1m`` adds one run at
1,000,000 rows (slow): ≤ 30 s and ≤ 2.5 GB. The floor is skipped, with a line saying so, when the
extra is not installed; a bare python-calamine read of the master is always measured as well.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.rules.prefectures import GROUP_LABELS
from tests.benchmarks.proc import Command, byte_compiled, compare

GUIDANCE = (("指定時", "医科"), ("指定時", "歯科"), ("更新時", "薬局"), ("登録時", "医科"), ("登録時", "歯科"),
            ("オンライン資格確認", "医科"))
FLOOR_PACKAGES = ("fastexcel", "pyarrow", "rustpy_xlsxwriter")
READ_ONLY = ("from python_calamine import CalamineWorkbook; import sys; "
             "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('視聴者リスト').to_python()")


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


def floor_available() -> bool:
    """Whether the floor pipeline's packages (the ``bench`` extra) are installed."""
    return all(importlib.util.find_spec(name) is not None for name in FLOOR_PACKAGES)


def run_size(count: int, runs: int, tmp: Path) -> dict:
    """Measure export, the floor and a bare read at ``count`` rows; return the runs by name."""
    pristine = write_master_book(tmp / "pristine.xlsx", master_rows(count), data_rows=count + 10)
    master = tmp / "master.xlsx"
    out, floor_out = tmp / "out", tmp / "floor"
    floor_out.mkdir(exist_ok=True)

    def fresh_master():
        shutil.copy(pristine, master)
        shutil.rmtree(tmp / "バックアップ", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()

    commands = {"read": Command([sys.executable, "-c", READ_ONLY, str(pristine)])}
    if floor_available():
        commands["floor"] = Command([sys.executable, "-m", "tests.benchmarks.floor_export", str(pristine),
                                     str(floor_out)])
    commands["export"] = Command([sys.executable, "-m", "shuudan_xl", "export", str(master), "--round", "1",
                                  "--fiscal-year", "2024", "--today", "2024-05-01", "-o", str(out)], fresh_master)
    return compare(commands, runs)


def report(count: int, got: dict) -> None:
    """Print the figures and the ratios against the anchors."""
    export = got["export"]
    print(f"rows: {count:,}")
    print(f"calamine read only (process): {got['read']}")
    if "floor" in got:
        print(f"floor pipeline incl. read-back (process): {got['floor']}")
    else:
        print("floor pipeline: skipped (install the bench extra: pip install -e .[bench])")
    print(f"shuudan-xl export (process): {export}")
    per_row = export.peak_mib * 1024 * 1024 / count / 1000
    print(f"peak memory per row: {per_row:.2f} KB (target ≤ 2.5)")
    if "floor" in got:
        print(f"ratio export / floor (cpu): {export.ratio(got['floor']):.2f} (target ≤ 2.5)")
    print(f"ratio export / calamine read (cpu): {export.ratio(got['read']):.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--1m", dest="million", action="store_true", help="also one run at 1,000,000 rows")
    args = parser.parse_args(argv)
    byte_compiled()  # as pip leaves the package on a staff PC
    with tempfile.TemporaryDirectory() as tmp:
        report(args.rows, run_size(args.rows, args.runs, Path(tmp)))
    if args.million:
        with tempfile.TemporaryDirectory() as tmp:
            got = run_size(1_000_000, 1, Path(tmp))
            report(1_000_000, got)
            export = got["export"]
            print(f"1M: {export.seconds:.1f} s wall (target ≤ 30), peak {export.peak_mib / 1024:.2f} GiB "
                  "(target ≤ 2.5 GB)")


if __name__ == "__main__":
    main()
