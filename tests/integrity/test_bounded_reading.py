"""Reading costs memory in proportion to the real data, and odd formats get an honest message."""

import shutil
import sys
import zipfile

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files import zip_limits
from shuudan_xl.files.reader import Workbook
from tests.integrity import hostile
from tests.integrity.helpers import child_env, make_sample

MEASURE = """
import resource, sys
from shuudan_xl.cli.main import main
code = main(["check", sys.argv[1]])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_sample(tmp_path_factory.mktemp("sample"))


def spoiled(sample, tmp_path, build):
    path = tmp_path / "視聴者リスト.xlsx"
    shutil.copy(sample, path)
    build(path)
    return path


def peak_kib(path):
    """Exit code and peak RSS (KiB) of ``shuudan-xl check`` on the file, in a fresh process."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True,
                          env=child_env(), timeout=120)
    code, kib = done.stdout.split()[-2:]
    assert "Traceback" not in done.stderr, done.stderr
    return int(code), int(kib), done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage")
@pytest.mark.parametrize("ref", ["XFD1048576", "CV1048576"])
def test_one_far_value_in_a_small_file_costs_no_memory_and_is_refused_naming_it(sample, tmp_path, ref):
    baseline = peak_kib(sample)[1]
    path = spoiled(sample, tmp_path, hostile.far_cell(ref))
    assert path.stat().st_size < 64 * 1024
    code, kib, err = peak_kib(path)
    assert code == 2 and "離れて広がっている" in err and f"{ref[:-7]} 列・1,048,576 行目" in err
    assert kib < baseline + 50 * 1024  # within 50 MiB of a normal check (the rectangle would be 400+ GiB)


def test_a_value_a_little_beyond_the_data_is_read_as_usual(sample, tmp_path):
    path = spoiled(sample, tmp_path, hostile.far_cell("Z5000"))
    rows = Workbook(path).rows("視聴者リスト")
    assert len(rows) == 5000 and rows[-1][25] == "x"


def test_a_member_that_declares_1_gib_is_refused_before_anything_is_read(sample, tmp_path, monkeypatch):
    path = spoiled(sample, tmp_path, lambda p: hostile.whitespace_bomb(p, 300 << 20))
    read = []
    monkeypatch.setattr(zip_limits, "read_member", lambda *a, **k: read.append(a) or b"")
    with pytest.raises(InputUnreadable, match="大きすぎます.*256 MB"):
        Workbook(path)
    assert read == []


def test_a_member_larger_than_it_declares_is_cut_off_at_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.xml", b" " * (3 << 20))
    monkeypatch.setattr(zip_limits, "MEMBER_LIMIT", 1 << 20)
    with zipfile.ZipFile(path) as z, pytest.raises(InputUnreadable, match="大きすぎます"):
        zip_limits.read_member(z, "big.xml")


def test_a_member_past_the_floor_is_read_when_its_real_compressed_bytes_account_for_it(tmp_path, monkeypatch):
    # A real list of 1,000,000 rows is about 400 MB of XML that compresses about 10:1: read. A bomb of the
    # same size compresses 1,000:1, and its few real bytes allow only the floor: refused, before reading.
    import random

    draw = random.Random(7).randrange
    real = b"".join(b'<c r="A%d" t="s"><v>%d</v></c>' % (n, draw(10**6)) for n in range(100_000))  # 3 MB, ~3:1
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("sheet.xml", real)
        z.writestr("bomb.xml", b" " * len(real))
    monkeypatch.setattr(zip_limits, "MEMBER_LIMIT", 1 << 20)
    with zipfile.ZipFile(path) as z:
        assert len(real) > 1 << 20 and z.getinfo("sheet.xml").compress_size * zip_limits.RATIO > len(real)
        assert zip_limits.read_member(z, "sheet.xml") == real
        with pytest.raises(InputUnreadable, match="bomb.xml.*大きすぎます（展開すると 1 MB を超えます）"):
            zip_limits.read_member(z, "bomb.xml")
        with pytest.raises(InputUnreadable, match="bomb.xml.*大きすぎます"):
            zip_limits.check_sizes(z, "a.zip")


@pytest.mark.parametrize("name, says", [
    ("legacy .xls renamed .xlsx", "古い形式（Excel 97-2003 ブック .xls）"),
    ("encrypted workbook", "パスワードで保護（暗号化）"),
    ("Strict Open XML", "Strict Open XML"),
    ("OpenDocument .ods named .xlsx", "OpenDocument形式（.ods）"),
    ("DOCTYPE in workbook.xml", "DOCTYPE"),
])
def test_odd_formats_are_named_for_what_they_are(sample, tmp_path, name, says):
    path = spoiled(sample, tmp_path, hostile.HOSTILE[name][0])
    with pytest.raises(InputUnreadable, match=says.replace("(", r"\(").replace(")", r"\)")):
        Workbook(path)


def test_a_doctype_in_the_list_sheet_is_refused_when_the_sheet_is_read(sample, tmp_path):
    book = Workbook(spoiled(sample, tmp_path, hostile.HOSTILE["DOCTYPE in the list sheet"][0]))
    with pytest.raises(InputUnreadable, match="シート「視聴者リスト」のXMLに DOCTYPE"):
        book.rows("視聴者リスト")


@pytest.mark.parametrize("refs, columns, rows", [
    (['r="A1"', 'r="O60"'], 26, 99_999),  # the usual list: bounded without reading every reference
    (['r="A1"', 'r="AB7"'], 28, 99_999),
    (['r="A1"', "r='XFD3'"], 16384, 3),
    (['r="B150000"', 'r="A100001"'], 26, 150_000),
    (['r="1048576"'], 26, 1_048_576),  # a row element alone counts too
])
def test_the_farthest_column_and_row_are_found_in_one_or_two_passes(refs, columns, rows):
    from shuudan_xl.files.sheet_bounds import CELL_LIMIT, farthest_column, farthest_row

    xml = "".join(f"<c {r}><v>1</v></c>" for r in refs).encode()
    got = farthest_column(xml)
    assert got == columns and farthest_row(xml, got, CELL_LIMIT) == rows


@pytest.mark.parametrize("last", ["A", "C", "M", "Y", "Z"])
def test_a_narrow_sheet_of_a_million_rows_is_measured_by_its_real_last_column(last):
    # The vendor's 視聴者登録／更新 of a 1,000,000-row round: three columns. Counted as 26 columns wide it
    # would look 8× sparser than it is and be refused; its real width is found when that matters.
    from shuudan_xl.files.sheet_bounds import check_sheet_size, last_single_letter_column

    rows = 1_000_000
    xml = (b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
           + b"".join(b'<row r="%d"><c r="%b%d"><v>1</v></c></row>' % (n, last.encode(), n)
                      for n in range(rows - 99, rows + 1)) + b"</sheetData>")
    assert last_single_letter_column(xml) == ord(last) - 64
    dense = xml.replace(b"</sheetData>", b"".join(b'<c r="A%d"><v>1</v></c>' % n for n in range(rows // 3)) * 1
                        + b"</sheetData>")
    if last in "AC":
        check_sheet_size(dense, "b.xlsx", "S")  # ~333,000 values over 1,000,000 × 3 cells: read
    else:
        with pytest.raises(InputUnreadable, match="離れて広がっている"):
            check_sheet_size(dense, "b.xlsx", "S")
