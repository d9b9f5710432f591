"""Regenerate docs/finding-codes.md from shuudan_xl/rules/finding_codes.py.

Run from the repository root: ``python docs/generate_finding_codes.py``.
"""

from pathlib import Path

from shuudan_xl.rules.finding_codes import markdown

TARGET = Path(__file__).with_name("finding-codes.md")

if __name__ == "__main__":
    # newline="\n": the same bytes on Windows and Linux, so the staleness test passes on both.
    TARGET.write_text(markdown(), encoding="utf-8", newline="\n")
    print(f"wrote {TARGET}")
