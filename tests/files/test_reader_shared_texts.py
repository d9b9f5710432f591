"""The reader's two ways to hand over a sheet: repeated texts as one object (lists held through a run),
or as calamine gives them (a sheet read once, as check reads it) — the same values either way."""

import xlsxwriter

from shuudan_xl.files.reader import Workbook


def test_both_ways_read_the_same_values_and_only_one_shares_repeated_texts(tmp_path, monkeypatch):
    from shuudan_xl.files import reader

    monkeypatch.setattr(reader, "SHARE_FROM_ROWS", 6)  # the sheet's six rows are enough to share
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    rows = [["ユーザーID", "所属グループ", "数"]] + [[f"n13{i:07d}", "東京13", i] for i in range(5)]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    shared, plain = Workbook(path).rows("S"), Workbook(path, shared_texts=False).rows("S")
    assert shared == plain == [[a, b, float(c) if isinstance(c, int) else c] for a, b, c in rows]
    assert len({id(row[1]) for row in shared[1:]}) == 1
    assert all(type(a) is type(b) for x, y in zip(shared, plain, strict=True) for a, b in zip(x, y, strict=True))


def test_a_sheet_below_the_sharing_size_is_read_as_calamine_gives_it(tmp_path, monkeypatch):
    from shuudan_xl.files import reader

    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("S").write_column(0, 0, ["東京13"] * 6)
    book.close()
    monkeypatch.setattr(reader, "SHARE_FROM_ROWS", 7)
    assert len({id(row[0]) for row in Workbook(path).rows("S")}) == 6
