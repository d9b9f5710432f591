"""Large synthetic registration data for the benchmarks (deterministic, no real people)."""

from __future__ import annotations

import random
from pathlib import Path

from shuudan_xl.rules.passwords import generate_passwords
from shuudan_xl.rules.prefectures import GROUP_LABELS

KIND_LETTERS = "snrmdp"


def vendor_rows(count: int, bad_every: int = 100, seed: int = 7) -> list[list[str]]:
    """Return ``count`` vendor rows (ID, password, group); every ``bad_every``-th row has a defect."""
    rng = random.Random(seed)
    secrets_ = generate_passwords(count)
    rows = []
    for n in range(count):
        label = GROUP_LABELS[n % 47]
        kind = KIND_LETTERS[n % 6]
        serial = f"{n:07d}" if kind in "snr" else f"{n:06d}"
        row = [f"{kind}{label[-2:]}{serial}", secrets_[n], label]
        if bad_every and n % bad_every == bad_every - 1:
            defect = rng.randrange(4)
            if defect == 0:
                row[0] = row[0] + " "
            elif defect == 1:
                row[1] = row[1][:5]
            elif defect == 2:
                row[2] = label[:-2] + "県"
            else:
                row[0] = row[0].upper()
        rows.append(row)
    return rows


def write_vendor_workbook(path: Path, rows: list[list[str]], above: list[list[str]] = ()) -> Path:
    """Write rows under the vendor headers as text cells, quickly (XlsxWriter constant memory).

    ``above``: rows written before the header (a title), which moves the header down.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("視聴者登録")
    for r, row in enumerate(above):
        sheet.write_row(r, 0, row)
    sheet.write_row(len(above), 0, ["ユーザーID", "パスワード", "氏名"])
    for r, row in enumerate(rows, start=len(above) + 1):
        sheet.write_row(r, 0, row)
    book.close()
    return path
