"""Render the picture of the 視聴者リスト sheet for the README: ``python -m shuudan_xl.xlsm.preview``.

Builds the workbook with the fictional sample, has LibreOffice export the top of the list (buttons
included, at screen scale) to PDF and converts it to PNG (default xlsheets/preview/視聴者リスト.png).
Needs LibreOffice, python3-uno and poppler-utils (see office).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from shuudan_xl.rules.master import COLUMNS, LIST_SHEET
from shuudan_xl.xlsm import DEFAULT_FISCAL_YEAR
from shuudan_xl.xlsm.office import Office, pdf_to_png
from shuudan_xl.xlsm.workbook import LIST_TOP, REPO, build_workbook

DEFAULT_PNG = REPO / "xlsheets" / "preview" / "視聴者リスト.png"
SHOWN_ROWS = 22  # data rows in the picture
DPI = 96  # one pixel per screen pixel


def preview_area() -> str:
    """The range shown: the button rows, the header and the first data rows, every column."""
    from xlsxwriter.utility import xl_col_to_name

    return f"A1:{xl_col_to_name(len(COLUMNS) - 1)}{LIST_TOP + 1 + SHOWN_ROWS}"


def render_preview(png: Path = DEFAULT_PNG, office: Office | None = None) -> Path:
    """Build the sample workbook and render the top of its list sheet to ``png``.

    Args:
        png: The picture to write.
        office: A running LibreOffice to use (one is started and closed when None).
    """
    with tempfile.TemporaryDirectory(prefix="shuudan-preview-") as tmp:
        book = build_workbook(Path(tmp) / "見本.xlsm", DEFAULT_FISCAL_YEAR, sample=True)
        pdf = Path(tmp) / "list.pdf"
        if office is None:
            with Office() as own:
                own.inspect(book, pdf=pdf, sheet=LIST_SHEET, print_area=preview_area())
        else:
            office.inspect(book, pdf=pdf, sheet=LIST_SHEET, print_area=preview_area())
        return pdf_to_png(pdf, png, DPI)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the picture and print its path."""
    parser = argparse.ArgumentParser(description="視聴者リストシートの画像（README用）を作成します。")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_PNG, help=f"PNG（既定: {DEFAULT_PNG}）")
    args = parser.parse_args(argv)
    sys.stdout.write(f"{render_preview(args.output)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
