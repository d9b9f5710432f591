from shuudan_xl.rules.layout import find_layout


def test_vendor_layout_in_row_1():
    layout = find_layout([["ユーザーID", "パスワード", "氏名"], ["n017654321", "x", "北海道01"]])
    assert (layout.header_row, layout.id_col, layout.password_col, layout.group_col) == (1, 0, 1, 2)
    assert layout.is_vendor and layout.vendor_order_ok


def test_header_found_below_a_title_and_with_fullwidth_letters():
    rows = [["視聴者リスト"], [], ["番号", "ユーザーＩＤ ", "パスワード", "都道府県"]]
    layout = find_layout(rows)
    assert (layout.header_row, layout.id_col, layout.password_col, layout.group_col) == (3, 1, 2, 3)
    assert not layout.is_vendor


def test_vendor_headers_in_the_wrong_order_are_recognised_but_flagged():
    layout = find_layout([["氏名", "ユーザーID", "パスワード"]])
    assert layout.is_vendor and not layout.vendor_order_ok


def test_no_header_row():
    assert find_layout([["a", "b"], [1, 2]]) is None
    assert find_layout([]) is None


def test_a_header_written_twice_names_its_last_column_and_blank_headers_none():
    layout = find_layout([["ユーザーID", "パスワード", "都道府県", "", "備考", "備考"]])
    assert layout.last_columns() == {"ユーザーID": 0, "パスワード": 1, "都道府県": 2, "備考": 5}
    assert layout.column("備考") == 4  # the first one, as column always gave
