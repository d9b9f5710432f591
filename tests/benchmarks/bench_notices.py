"""Benchmark: ``shuudan-xl notices`` (letters, mail-merge book, read-back check) for 1,000 and 10,000 viewers.

Run:  python -m tests.benchmarks.bench_notices [--runs N] [--qr]
Targets (issue 11): 10,000 letters ≤ 5 s and ≤ 400 MB, growing linearly from 1,000 (the 10k / 1k time
ratio near 10), the read-back check kept. The anchor, measured in the same run, is a bare python-calamine
read of the same master list; the master is exported once beforehand (untimed) so that every row has
its ID and password and the vendor registration book is there to compare with.
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
from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.rules.settings import Settings
from tests.benchmarks.bench_export import READ_ONLY, master_rows
from tests.benchmarks.proc import Command, byte_compiled, compare

SETTINGS = Settings(fiscal_year="2024", bureau="関東信越厚生局", sender="関東信越厚生局長",
                    document_number="関厚発0520第1号", office="東京事務所", section="指導監査課",
                    contact_person="集団指導担当", postal_code="330-9713", address="さいたま市中央区新都心1-1",
                    phone="048-740-0000", fax="048-601-0000", homepage_url="https://example.jp/kantoshinetsu/")


def exported_master(folder: Path, count: int) -> Path:
    """A master of ``count`` round-1 viewers, exported (IDs and passwords filled, vendor books written)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_master_book(folder / "視聴者リスト.xlsx", master_rows(count), data_rows=count + 10,
                             settings=SETTINGS)
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli(["export", str(path), "--round", "1", "--today", "2024-05-01"])
    if code != 0:
        raise SystemExit(f"export failed ({code})")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--qr", action="store_true", help="letters with the QR code")
    args = parser.parse_args(argv)
    byte_compiled()
    with tempfile.TemporaryDirectory() as tmp:
        commands = {}
        for count in (1_000, 10_000):
            master = exported_master(Path(tmp) / str(count), count)
            outdir = master.parent / "実施通知"
            commands[f"read {count:,}"] = Command([sys.executable, "-c", READ_ONLY, str(master)])
            commands[f"notices {count:,}"] = Command(
                [sys.executable, "-m", "shuudan_xl", "notices", str(master), "--round", "1",
                 "--send-date", "2024-05-20", *(["--qr"] if args.qr else [])],
                lambda outdir=outdir: shutil.rmtree(outdir, ignore_errors=True))
        got = compare(commands, args.runs)
    for name, run in got.items():
        print(f"{name} (process): {run}")
    small, large = got["notices 1,000"], got["notices 10,000"]
    print(f"notices 10,000: {large.cpu:.2f} s cpu, {large.seconds:.2f} s wall (target ≤ 5), "
          f"peak {large.peak_mib:.0f} MiB (target ≤ 400)")
    print(f"growth 1k → 10k (cpu): {large.cpu / small.cpu:.2f} (linear: ≤ 10)")
    print(f"ratio notices 10,000 / calamine read (cpu): {large.ratio(got['read 10,000']):.2f}")


if __name__ == "__main__":
    main()
