"""Where an export's time goes: process CPU and minor page faults per step, in one process.

Run:  python -m tests.benchmarks.export_phases [ROWS]

Builds the benchmark's list of ROWS viewers (bench_export.master_rows) in a temporary folder, runs
``shuudan-xl export`` in this process with a timer around each step listed in STEPS (inclusive: a step
counts what it calls; a step called several times sums its calls), and prints them slowest first. For
finding what grows faster than the rows (compare 100,000 with 1,000,000), not a figure against a target:
those are bench_export's.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

STEPS = (
    ("shuudan_xl.files.reader", "Workbook.rows"), ("shuudan_xl.files.reader", "_check_sheet"),
    ("shuudan_xl.files.sheet_bounds", "check_sheet_size"), ("shuudan_xl.files.reader", "_shared_texts"),
    ("shuudan_xl.files.cell_kinds", "scan_sheet_xml"), ("shuudan_xl.files.zip_limits", "read_part"),
    ("shuudan_xl.services.master", "master_from_rows"), ("shuudan_xl.services.check", "check_rows"),
    ("shuudan_xl.services.master_inputs", "input_findings"), ("shuudan_xl.services.master_ids", "composed_ids"),
    ("shuudan_xl.services.export", "plan_export"), ("shuudan_xl.rules.passwords", "generate_passwords"),
    ("shuudan_xl.services.round_files", "plan_round_files"), ("shuudan_xl.services.round_json", "content_digest"),
    ("shuudan_xl.services.export", "write_export"), ("shuudan_xl.files.xlsx_patch", "SheetWriter.stage"),
    ("shuudan_xl.services.export", "verify_list"), ("shuudan_xl.files.column_readback", "narrowed_rows"),
    ("shuudan_xl.services.master_readback", "logins_differing"),
    ("shuudan_xl.services.round_set", "write_set"), ("shuudan_xl.services.vendor_readback", "verify_written"),
    ("shuudan_xl.files.transaction", "Transaction.commit"),
)


class Meter:
    """CPU seconds, calls and minor page faults per step."""

    def __init__(self):
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.faults: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, function):
        """``function`` with its CPU and faults added to ``name``'s."""
        def timed(*args, **kwargs):
            cpu, faults = time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            try:
                return function(*args, **kwargs)
            finally:
                self.cpu[name] += time.process_time() - cpu
                self.calls[name] += 1
                self.faults[name] += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
        return timed

    def install(self) -> None:
        """Put the timers in place: on the class for a method, in every module that imported a function."""
        for module_name, attr in STEPS:
            module = importlib.import_module(module_name)
            if "." in attr:
                owner, method = attr.split(".")
                cls = getattr(module, owner)
                setattr(cls, method, self.wrap(attr, cls.__dict__[method]))
                continue
            function = getattr(module, attr)
            timed = self.wrap(attr, function)
            for loaded in list(sys.modules.values()):
                if getattr(loaded, "__name__", "").startswith("shuudan_xl") and getattr(loaded, attr, None) is function:
                    setattr(loaded, attr, timed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    args = parser.parse_args(argv)
    from shuudan_xl.cli.main import main as cli
    from shuudan_xl.files.master_book import write_master_book
    from tests.benchmarks.bench_export import master_rows

    with tempfile.TemporaryDirectory() as tmp:
        master = write_master_book(Path(tmp) / "master.xlsx", master_rows(args.rows), data_rows=args.rows + 10)
        out = Path(tmp) / "out"
        out.mkdir()
        meter = Meter()
        meter.install()
        cpu, before = time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
        main_cpu, wall = time.thread_time(), time.perf_counter()
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # the export's own report is not what is measured
                cli(["export", str(master), "--round", "1", "--fiscal-year", "2024", "--today", "2024-05-01",
                     "-o", str(out), "--json"])
        except SystemExit as exc:
            print(f"exit code {exc.code}")
        after = resource.getrusage(resource.RUSAGE_SELF)
        main_cpu, wall = time.thread_time() - main_cpu, time.perf_counter() - wall
    user, sys_ = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    print(f"rows: {args.rows:,}; export cpu {time.process_time() - cpu:.2f} s (user {user:.2f}, sys {sys_:.2f}), "
          f"minor faults {after.ru_minflt - before.ru_minflt:,}, "
          f"peak {after.ru_maxrss / 1024:.0f} MiB (this process, building the list included)")
    # The compression on the writer thread (files.write_behind) takes CPU off the main thread: with a second core
    # free, the main thread's CPU is about what the user waits; wall time says what this machine did.
    print(f"main thread cpu {main_cpu:.2f} s, wall {wall:.2f} s (a step's figure includes what the writer thread "
          "did meanwhile)")
    for name in sorted(meter.cpu, key=meter.cpu.get, reverse=True):
        print(f"{name:32s} {meter.cpu[name]:7.2f} s  {meter.calls[name]:3d} calls  {meter.faults[name]:>9,} faults")


if __name__ == "__main__":
    main()
