"""Generated cell contents through check, export and notices: accepted as typed, or refused with a finding.

Whatever a staff member types or pastes into a cell, no command shows a traceback, and what reaches the
vendor or a letter is exactly what was typed; anything else is an error and nothing is written (issue 8).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from shuudan_xl.cli.main import main
from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules import master as m
from tests.cli.test_notices_cli import SETTINGS
from tests.masters import viewer

# Characters that broke something once: controls, invisible and full-width ones, formula starts, quotes.
TRICKY = ("\x00\x01\x08\t\n\r\x0b\x1f\x7f\x85\u00a0\u200b\u200e\u202e\u2028\u3000\ufeff\ufffe"
          "=+-@|'\"!#&<>;/\\ＡＢ１２３６月（）ー－,、・lI1O0oabcxyz234567月指定時集団指導医科")
CELLS = st.one_of(
    st.text(alphabet=TRICKY, max_size=14),
    st.text(max_size=10),
    st.sampled_from(["#N/A", "#REF!", "#DIV/0!", "=HYPERLINK(\"http://example.com\",\"x\")",
                     "-2+3+cmd|' /C calc'!A0", "指定時集団指導（医科）６月", "指定時集団指導（医科）6月",
                     "指定時集団指導（医科）6月\u200b", "n13" + "1" * 40, "k7pq3zz9wb", "abc234def" * 5, "TRUE"]),
)
COLUMNS = (m.LOGIN_ID, m.PASSWORD, m.VIDEO, m.NAME, m.ADDRESSEE, m.ADDRESS, m.NUMBER, m.NOTE, m.GROUP)
SENT = {m.LOGIN_ID: ("reg", 0), m.PASSWORD: ("reg", 1), m.VIDEO: ("video", 1)}


def run(*args) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def vendor_rows(folder: Path) -> dict[str, list[list[object]]]:
    found = {}
    for path in folder.glob("*.xlsx"):
        book = CalamineWorkbook.from_path(str(path))
        found["reg" if "登録" in path.name else "video"] = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    return found


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(COLUMNS), typed=CELLS)
def test_any_cell_content_is_sent_as_typed_or_refused_without_a_traceback(column, typed):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        row = viewer(name="みなと医院", addressee="開設者 港 太郎 様", address="東京都港区芝公園1-1")
        row[column] = typed
        path = write_master_book(folder / "視聴者リスト.xlsx", [row, viewer(number="7654321", name="あさひ薬局")],
                                 data_rows=10, settings=SETTINGS)
        before = path.read_bytes()
        # The cell as the list holds it (XlsxWriter stores U+FFFE as the escape _xFFFE_, read back as such).
        typed = Workbook(path).rows(m.LIST_SHEET)[1][m.COLUMNS.index(column)]

        code, out, err = run("check", "--json", path)
        assert code in (0, 1) and "Traceback" not in err
        checked = json.loads(out)
        errors = [f for f in checked["body"]["findings"] if f["severity"] == "error"]
        assert (code == 1) == bool(errors)

        code, out, err = run("export", path, "--round", "1", "-o", folder / "out", "--today", "2024-05-01")
        assert code in (0, 1) and "Traceback" not in err
        if errors:  # check and export agree: an error refuses the export, and nothing is written
            assert code == 1 and path.read_bytes() == before and not list((folder / "out").glob("*.xlsx"))
            return
        assert code == 0, out + err
        books = vendor_rows(folder / "out")
        if column in SENT and typed:
            which, col = SENT[column]
            assert books[which][1][col] == typed  # what reaches the vendor equals what was typed

        code, out, err = run("notices", path, "--round", "1", "--send-date", "2024-05-20", "-o", folder / "通知")
        assert code in (0, 1) and "Traceback" not in err
        if code == 0 and column in (m.NAME, m.ADDRESSEE, m.ADDRESS) and typed.strip():
            (letters,) = (folder / "通知").glob("*実施通知.docx")
            text = "\n".join(p.text for p in docx.Document(str(letters)).paragraphs)
            assert typed.strip() in text


def test_a_control_character_typed_after_the_export_refuses_the_letters_instead_of_crashing(tmp_path):
    from shuudan_xl.files.xlsx_patch import CellWrite, patch_cells

    path = write_master_book(tmp_path / "視聴者リスト.xlsx", [viewer(name="みなと医院")], data_rows=5,
                             settings=SETTINGS)
    assert run("export", path, "--round", "1", "-o", tmp_path / "out", "--today", "2024-05-01")[0] == 0
    patch_cells(path, m.LIST_SHEET, [CellWrite(2, m.COLUMNS.index(m.NAME), "みなと\x01医院")], backup=False)
    code, out, err = run("notices", path, "--round", "1", "--send-date", "2024-05-20", "-o", tmp_path / "通知")
    assert (code, err) == (1, "") and "制御文字（U+0001）" in out and "みなと[U+0001]医院" in out
    assert not (tmp_path / "通知").exists()
