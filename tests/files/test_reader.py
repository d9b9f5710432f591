import datetime as dt
import zipfile

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.reader import Workbook
from tests.conftest import Formula, write_book


def test_values_keep_their_excel_types(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"S": [["a", 1234567, dt.date(2024, 3, 12), True, "=A1"]]})
    (row,) = Workbook(path).rows("S")
    assert row[0] == "a"
    assert row[1] == 1234567
    assert row[2] == dt.date(2024, 3, 12)
    assert row[3] is True
    assert row[4] == "=A1"  # formula-looking text stays text


def test_rows_start_at_a1_even_when_a1_is_empty(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"S": [[], [None, "x"]]})
    assert Workbook(path).rows("S") == [["", ""], ["", "x"]]


@pytest.mark.parametrize("cells", [[["a", "b"], ["c", "d"]], [[], [None, "x"]], [[None, None, None], [None, None, "x"]],
                                   [[], [], [None, None, "x"], [None, None, None, "y"]]])
def test_streamed_rows_are_the_rows_from_a1_wherever_the_data_starts(tmp_path, cells):
    path = write_book(tmp_path / "b.xlsx", {"S": cells})
    book = Workbook(path)
    assert list(book.iter_rows("S")) == book.rows("S")


def test_missing_file(tmp_path):
    with pytest.raises(InputUnreadable, match="見つかりません"):
        Workbook(tmp_path / "nothing.xlsx")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("ユーザーID,パスワード\n", encoding="utf-8")
    with pytest.raises(InputUnreadable, match="ではありません"):
        Workbook(path)


def test_broken_zip_is_unreadable(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(InputUnreadable, match="読み込めません"):
        Workbook(path)


def test_encrypted_workbook_is_named_as_such(tmp_path):
    # Excel saves password-protected workbooks as an OLE2 container, whatever the extension.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(InputUnreadable, match="暗号化"):
        Workbook(path)


def test_missing_sheet_lists_the_sheets_there_are(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"一覧": [["x"]], "予備": [["y"]]})
    with pytest.raises(InputUnreadable, match="「一覧」、「予備」"):
        Workbook(path).rows("Sheet1")


def test_real_formula_cells_are_read_as_their_cached_value(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"S": [[Formula("=1+1")]]})
    assert Workbook(path).rows("S") in ([[0]], [[""]], [[0.0]])
