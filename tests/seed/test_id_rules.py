"""The seed's ID, password and group rules, checked end to end on a vendor registration book (``check --json``).

Seed, 手順 3(2): 「●保険医療機関等のID（9桁以上）」「●保険医等のID（9桁以上）」, one line per symbol
(「s（半角小文字）＋都道府県コード（2桁）＋任意の6桁以上の英数字」 … 「p（半角小文字）＋…」), 「② パスワード（B列）」
「任意に英数字を組み合わせた9桁以上とする。」, 「③ 氏名（C列 ※見出しは「氏名」となっているが所属グループの
こと）」「プルダウンメニューから都道府県を選択 → 「北海道01」～「沖縄47」」, and 3(4): 「【注意】ID・パスワードともに
全て半角とする。」
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import write_book
from tests.seed.helpers import VENDOR_HEADER, run

GOOD = [  # one ID per symbol of the seed, each 9+ half-width characters
    ["s473456789", "k7pq3zz9wb", "沖縄47"],  # オンライン資格確認導入に係る集団指導
    ["n017654321", "k7pq3zz9wc", "北海道01"],  # 指定時集団指導 (the 実施通知例's 「（例）n017654321」)
    ["r122345678", "k7pq3zz9wd", "千葉12"],  # 更新時集団指導
    ["m14501704", "k7pq3zz9we", "神奈川14"],  # 医師
    ["d47600001", "k7pq3zz9wf", "沖縄47"],  # 歯科医師
    ["p27700001", "k7pq3zz9wg", "大阪27"],  # 薬剤師
]
# (row as typed, the column and finding code the seed line leads to, error or warning, the suggested value)
BAD = [
    (["n0176543", "k7pq3zz9wh", "北海道01"], "ユーザーID", "id.too_short", "error", None),  # 「9桁以上」
    (["N017654322", "k7pq3zz9wj", "北海道01"], "ユーザーID", "id.kind_case", "error", "n017654322"),  # 「半角小文字」
    (["x017654323", "k7pq3zz9wk", "北海道01"], "ユーザーID", "id.kind", "error", None),  # s/n/r/m/d/p only
    (["n487654324", "k7pq3zz9wm", "北海道01"], "ユーザーID", "id.prefecture", "error", None),  # 「都道府県コード」
    (["ｎ017654325", "k7pq3zz9wn", "北海道01"], "ユーザーID", "cell.fullwidth", "error", "n017654325"),  # 「全て半角」
    (["n01765-4326", "k7pq3zz9wp", "北海道01"], "ユーザーID", "id.serial_chars", "error", None),  # 「英数字」
    (["n017654327", "k7pq3zz9", "北海道01"], "パスワード", "password.too_short", "error", None),  # 「9桁以上」
    (["n017654328", "k7pq3zz9w!", "北海道01"], "パスワード", "password.chars", "error", None),  # 「英数字」
    (["n017654329", "abcdefghjk", "北海道01"], "パスワード", "password.no_mix", "warning", None),  # 「組み合わせた」
    (["n017654330", "k7l1pq3zzw", "北海道01"], "パスワード", "password.lookalike", "warning", None),  # 「1」と「l」
    (["n017654331", "k7O0pq3zzw", "北海道01"], "パスワード", "password.lookalike", "warning", None),  # O と 0
    (["n017654332", "ｋ7pq3zz9wz", "北海道01"], "パスワード", "cell.fullwidth", "error", "k7pq3zz9wz"),  # 「全て半角」
    (["n017654333", "k7pq3zz9wq", "北海道"], "氏名", "group.variant", "error", "北海道01"),  # 「北海道01」～「沖縄47」
    (["n017654334", "k7pq3zz9wr", "沖縄13"], "氏名", "group.conflict", "error", None),
    (["n017654335", "k7pq3zz9ws", "火星"], "氏名", "group.unknown", "error", None),
    (["n017654336", "k7pq3zz9wt", "東京13"], "氏名", "group.prefecture_mismatch", "warning", None),
]


def check_json(capsys, path):
    code, out, err = run(capsys, "check", path, "--json")
    assert err == ""
    data = json.loads(out)
    assert data["exit_code"] == code
    return code, data


def test_one_id_of_each_seed_symbol_passes_with_no_finding(tmp_path, capsys):
    """Each of s, n, r, m, d, p + 都道府県コード + 6 or more alphanumerics, with a 9+ letter-and-digit password."""
    book = write_book(tmp_path / "登録.xlsx", {"視聴者登録／更新": [VENDOR_HEADER, *GOOD]})
    code, data = check_json(capsys, book)
    assert (code, data["counts"]["errors"], data["counts"]["warnings"]) == (0, 0, 0)
    assert data["counts"]["rows_checked"] == len(GOOD)


def test_each_broken_rule_is_found_on_its_own_row_and_column(tmp_path, capsys):
    """Every row below breaks one seed rule; check names that row, column and code, and nothing else."""
    book = write_book(tmp_path / "登録.xlsx", {"視聴者登録／更新": [VENDOR_HEADER, *GOOD, *(b[0] for b in BAD)]})
    code, data = check_json(capsys, book)
    assert code == 1
    found = {}
    for f in data["body"]["findings"]:
        found.setdefault(f["row"], set()).add((f["column"], f["code"], f["severity"], f["suggestion"]))
    first = len(GOOD) + 2  # the header is row 1
    for offset, (row, column, code_, severity, suggestion) in enumerate(BAD):
        assert (column, code_, severity, suggestion) in found.pop(first + offset), row
    # The 8-character ID is also short in its serial part; nothing else is reported anywhere.
    assert {c for findings in found.values() for _, c, _, _ in findings} <= {"id.serial_short"}


def test_a_single_one_or_zero_in_a_password_is_not_a_look_alike(tmp_path, capsys):
    """「1」や「l」（小文字のL）等の混同されやすい文字の**併記**は避けた方が無難: one member alone is fine."""
    rows = [["n017654321", "k71pq3zzwb", "北海道01"], ["n017654322", "k70pq3zzwb", "北海道01"]]
    book = write_book(tmp_path / "登録.xlsx", {"Sheet1": [VENDOR_HEADER, *rows]})
    code, data = check_json(capsys, book)
    assert (code, data["body"]["findings"]) == (0, [])


@pytest.mark.parametrize("header", [["パスワード", "ユーザーID", "氏名"], ["ユーザーID", "氏名", "パスワード"]])
def test_columns_out_of_the_seed_order_are_an_error(tmp_path, capsys, header):
    """「① ユーザーID（A列）」「② パスワード（B列）」「③ 氏名（C列…）」."""
    values = {"ユーザーID": "n017654321", "パスワード": "k7pq3zz9wb", "氏名": "北海道01"}
    book = write_book(tmp_path / "登録.xlsx", {"Sheet1": [header, [values[h] for h in header]]})
    code, data = check_json(capsys, book)
    assert code == 1 and data["counts"]["by_code"] == {"header.order": 1}


def test_a_book_of_two_sheets_is_pointed_out(tmp_path, capsys):
    """3(5): 「視聴者リスト（Excelのブック・シート）が複数にわたることのないよう、1つのシートにまとめた上で」."""
    book = write_book(tmp_path / "登録.xlsx", {"Sheet1": [VENDOR_HEADER, GOOD[0]], "Sheet2": [VENDOR_HEADER, GOOD[1]]})
    code, data = check_json(capsys, book)
    assert code == 1 and data["counts"]["by_code"] == {"workbook.sheets": 1}
    assert data["body"]["findings"][0]["severity"] == "error"
    assert "シート1枚にまとめて提出してください" in data["body"]["findings"][0]["message"]
