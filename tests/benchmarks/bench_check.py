"""Benchmark: ``shuudan-xl check --json`` on 100,000 rows vs. a bare python-calamine read; password speed.

Run:  python -m tests.benchmarks.bench_check [ROWS]
Targets (issue 2): check ≤ 1.5 × the bare read (both whole processes); 1,000,000 passwords < 3 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.proc import measure
from tests.benchmarks.sample_data import vendor_rows, write_vendor_workbook

READ_ONLY = ("from python_calamine import CalamineWorkbook; import sys; "
             "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()")


def main(rows: int = 100_000, runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = write_vendor_workbook(Path(tmp) / "vendor.xlsx", vendor_rows(rows))
        read = measure([sys.executable, "-c", READ_ONLY, str(book)], runs)
        check = measure([sys.executable, "-m", "shuudan_xl", "check", "--json", str(book)], runs)
    print(f"rows: {rows:,}")
    print(f"calamine read only (process): {read}")
    print(f"shuudan-xl check --json (process): {check}")
    print(f"ratio: {check.seconds / read.seconds:.2f} (target ≤ 1.5)")

    from shuudan_xl.rules.passwords import generate_passwords

    start = time.perf_counter()
    generate_passwords(1_000_000)
    print(f"1,000,000 passwords: {time.perf_counter() - start:.3f} s (target < 3 s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
