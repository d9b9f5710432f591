"""Benchmark: how long a button click or a UDF call waits before any work (a fresh Python per click).

Run:  python -m tests.benchmarks.bench_startup [--runs N]
Target (issue 11): a fresh process importing xlwings and shuudan_xl.excel.buttons ≤ 6 × ``python -c pass``;
the UDF module (shuudan_xl.excel.udfs) likewise. Each is also measured as if pandas were not installed
(``sys.modules['pandas'] = None`` makes xlwings' ``import pandas`` fail, as on a PC without it), and as if
numpy were not either: without pandas nothing the tool installs pulls numpy in, and xlwings runs without it.
"""

from __future__ import annotations

import argparse
import sys

from tests.benchmarks.proc import Command, byte_compiled, compare

NO_PANDAS = "import sys; sys.modules['pandas'] = None; "
NO_NUMPY = "import sys; sys.modules['pandas'] = sys.modules['numpy'] = None; "
MODULES = {"buttons": "import xlwings, shuudan_xl.excel.buttons",
           "udfs": "import xlwings, shuudan_xl.excel.udfs"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    commands = {"python -c pass": Command([sys.executable, "-c", "pass"])}
    for name, code in MODULES.items():
        commands[name] = Command([sys.executable, "-c", code])
        commands[f"{name} (no pandas)"] = Command([sys.executable, "-c", NO_PANDAS + code])
        commands[f"{name} (no pandas, no numpy)"] = Command([sys.executable, "-c", NO_NUMPY + code])
    byte_compiled()  # as pip leaves the package on a staff PC
    got = compare(commands, args.runs)
    anchor = got["python -c pass"]
    for name, run in got.items():
        print(f"{name}: {run}")
    for name in commands:
        if name != "python -c pass":
            print(f"ratio {name} / python -c pass (cpu): {got[name].ratio(anchor):.2f} (target ≤ 6)")


if __name__ == "__main__":
    main()
