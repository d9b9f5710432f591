import codecs

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.results_reader import CP932, UTF8, UTF8_BOM, UTF16, decode_text, parse_delimited, read_table
from tests.conftest import write_book

ROWS = [["ユーザーID", "氏名", "視聴状況", "視聴完了日時"],
        ["n131234567", "みなと医院", "視聴完了", "2024/06/15 10:00:00"],
        ["m14501704", "山田　太郎", "未視聴", ""]]
TEXT = "\r\n".join(",".join(r) for r in ROWS) + "\r\n"


@pytest.mark.parametrize("encoding, label", [("utf-8-sig", UTF8_BOM), ("utf-8", UTF8), ("cp932", CP932)])
def test_each_encoding_gives_the_same_rows_and_is_reported(tmp_path, encoding, label):
    path = tmp_path / "r.csv"
    path.write_bytes(TEXT.encode(encoding))
    table = read_table(path)
    assert table.rows == ROWS and table.encoding == label and table.sheet is None
    assert label in table.source


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + TEXT.replace(",", "\t").encode("utf-16-le"))
    table = read_table(path)
    assert table.rows == ROWS and table.encoding == UTF16


def test_shift_jis_that_is_not_utf8_falls_back_and_ascii_is_utf8():
    assert decode_text("視聴完了".encode("cp932")) == ("視聴完了", CP932)
    assert decode_text(b"a,b") == ("a,b", UTF8)
    assert decode_text(codecs.BOM_UTF8 + "視聴".encode()) == ("視聴", UTF8_BOM)


def test_cp932_only_characters_are_decoded():
    # ①, ㈱ and the NEC/IBM extensions exist in cp932 but not in strict Shift_JIS.
    assert decode_text("①㈱髙".encode("cp932"))[0] == "①㈱髙"


def test_bytes_of_no_known_encoding_are_refused_with_advice():
    with pytest.raises(InputUnreadable, match="文字コード"):
        decode_text("視聴".encode("cp932") + b"\x81\x20", "bad.csv")


def test_rows_are_padded_and_quoted_commas_kept(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('ユーザーID,名称\nn131234567,"医療法人, みなと医院",余分\n', encoding="utf-8")
    assert read_table(path).rows == [["ユーザーID", "名称", ""], ["n131234567", "医療法人, みなと医院", "余分"]]


def test_a_first_line_with_more_tabs_than_commas_is_tab_separated():
    assert parse_delimited("a\tb\tc,d\n1\t2\t3,4\n") == [["a", "b", "c,d"], ["1", "2", "3,4"]]
    assert parse_delimited("a,b\tc\n") == [["a", "b\tc"]]


def test_a_workbook_is_read_from_the_sheet_the_predicate_prefers(tmp_path):
    path = write_book(tmp_path / "r.xlsx", {"説明": [["この表は…"]], "結果": ROWS})
    table = read_table(path, prefer=lambda rows: bool(rows) and rows[0][:1] == ["ユーザーID"])
    assert table.sheet == "結果" and table.rows[1][0] == "n131234567" and table.encoding is None
    assert read_table(path).sheet == "説明"  # no predicate: the first sheet
    assert read_table(path, sheet="結果").rows == table.rows


def test_missing_files_and_folders_are_reported(tmp_path):
    with pytest.raises(InputUnreadable, match="見つかりません"):
        read_table(tmp_path / "none.csv")
    with pytest.raises(InputUnreadable, match="フォルダ"):
        read_table(tmp_path)
