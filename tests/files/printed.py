"""Every workbook the tool writes for people, built with realistic data, and printed by LibreOffice.

``build_all`` writes them into a folder; ``print_to_pdf`` prints whole workbooks as LibreOffice prints
them (page setup, headers, page breaks); ``pages`` reads each PDF page's size and text, so that tests can
count pages per sheet (the header names the sheet) and check the paper. ``python -m tests.files.printed OUT``
renders every page to PNG for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shuudan_xl.rules import attendance as a
from shuudan_xl.rules.ledger import LedgerEntry
from shuudan_xl.rules.prefectures import GROUP_LABELS
from tests.conftest import VENDOR_HEADER, write_book

END = dt.date(2024, 6, 30)
A4_POINTS = (595, 842)


@dataclass(frozen=True)
class Page:
    """One printed page: size in points and its text (pdftotext -layout)."""

    width: float
    height: float
    text: str

    @property
    def is_a4(self) -> bool:
        return sorted(round(v) for v in (self.width, self.height)) == list(A4_POINTS)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def build_all(folder: Path) -> dict[str, Path]:
    """Write the check report, double-check report, ledger, attendance workbook and merge workbook."""
    from shuudan_xl.cli.main import main
    from shuudan_xl.files.attendance_book import write_attendance_book
    from shuudan_xl.files.ledger_store import append_entries
    from shuudan_xl.files.merge_book import write_merge_book
    from shuudan_xl.rules.notice_text import MERGE_COLUMNS

    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    rows = [[f"n{p:02d}{7000000 + i:07d}", f"abc{i:03d}def{i % 10}x", GROUP_LABELS[p - 1]]
            for i, p in enumerate([(i % 47) + 1 for i in range(60)])]
    rows[5][0] = "ｎ" + rows[5][0][1:]  # full-width letter
    rows[9][1] = "abc 234"  # inner space, too short
    rows[12][2] = "東京都"  # group variant
    vendor = write_book(folder / "令和6年度_第1回_視聴者登録更新.xlsx", {"視聴者登録／更新": [VENDOR_HEADER, *rows]})
    out["check"] = folder / "点検結果.xlsx"
    main(["check", str(vendor), "--report", str(out["check"])])

    keyed = [list(r) for r in rows]
    keyed[3][1] = keyed[3][1].replace("x", "k")
    keyed[20][0] = keyed[20][0][:-1] + "l"
    second = write_book(folder / "2回目.xlsx", {"入力": [VENDOR_HEADER, *reversed(keyed[:-2])]})
    out["doublecheck"] = folder / "照合結果.xlsx"
    main(["doublecheck", str(vendor), str(second), "--report", str(out["doublecheck"])])

    out["ledger"] = folder / "ID台帳.xlsx"
    append_entries(out["ledger"], [LedgerEntry(login_id=r[0], password=r[1], group=r[2], guidance="指定時",
                                               field="医科", number=r[0][3:], name=f"医療法人社団 みなと会 第{i}医院",
                                               fiscal_year=2024, round=1, confirmed_on=dt.date(2024, 5, 20))
                                   for i, r in enumerate(rows[:40])])

    viewers = [a.AttendanceRow(1, r[0][3:], f"医療法人社団 長い名前の会 みなと第{i}医院", "指定時集団指導", "医科",
                               r[2], r[0], END, a.ATTENDED if i % 4 else a.ABSENT,
                               "特例（会場で視聴）: 院内のネット環境がないため会場で視聴" if i % 9 == 0 else "",
                               dt.datetime(2024, 6, 15, 10, 0) if i % 4 else None,
                               "視聴期間内に視聴完了" if i % 4 else "視聴結果に完了の記録がない", i + 4)
               for i, r in enumerate(rows)]
    issues = [a.Issue(a.NOT_IN_LEDGER, "n139999999", "ID台帳にも視聴者リストにもないIDです。", "視聴結果 9行目",
                      "視聴完了", dt.datetime(2024, 6, 3, 9, 0))]
    out["attendance"] = folder / "令和6年度_第1回_出欠結果.xlsx"
    write_attendance_book(out["attendance"], viewers, issues,
                          [("表題", "令和6年度 第1回 集団指導（eラーニング）出欠結果"), ("視聴期間", "6月")],
                          a.tally_by_kind(viewers), a.tally_by_group(viewers))

    letters = [{column: f"{column}の値{i}" for column in MERGE_COLUMNS} for i in range(25)]
    out["merge"] = write_merge_book(folder / "令和6年度_第1回_実施通知_差し込みデータ.xlsx", MERGE_COLUMNS, letters)
    return out


def print_to_pdf(paths: list[Path], outdir: Path, timeout: float = 300) -> dict[Path, Path]:
    """Print whole workbooks to PDF with a headless LibreOffice of its own (private profile).

    Returns:
        Workbook → PDF.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shuudan-lo-print-") as profile:
        subprocess.run(["soffice", "--headless", "--norestore", "--nologo",
                        f"-env:UserInstallation={Path(profile).as_uri()}", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, paths)],
                       check=True, capture_output=True, timeout=timeout)
    return {p: outdir / f"{p.stem}.pdf" for p in paths}


def pages(pdf: Path) -> list[Page]:
    """Size and text of each page (poppler's pdfinfo and pdftotext)."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    texts = text.split("\f")
    return [Page(w, h, texts[i] if i < len(texts) else "") for i, (w, h) in enumerate(sizes)]


def sheet_of(page: Page) -> str:
    """The sheet a page prints: the last word of its header line (the header's right part is ``&A``)."""
    first = next((line for line in page.text.splitlines() if line.strip()), "")
    return first.split()[-1] if first.strip() else ""


def pages_by_sheet(printed: list[Page]) -> dict[str, list[Page]]:
    """The pages of each sheet, in print order."""
    out: dict[str, list[Page]] = {}
    for page in printed:
        out.setdefault(sheet_of(page), []).append(page)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1])
    books = build_all(target / "books")
    (target / "png").mkdir(parents=True, exist_ok=True)
    for book, pdf in print_to_pdf(list(books.values()), target / "pdf").items():
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(target / "png" / book.stem)], check=True)
        print(book.name, len(pages(pdf)), "pages")
