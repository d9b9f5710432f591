import pytest

from shuudan_xl.rules import master as m
from shuudan_xl.rules.login_ids import check_id, parse_id


@pytest.mark.parametrize("typed, canonical", [
    ("指定時", "指定時"),
    ("指定時集団指導", "指定時"),
    (" 更新時 ", "更新時"),
    ("更新時集団指導", "更新時"),
    ("登録時集団指導", "登録時"),
    ("オンライン資格確認", "オンライン資格確認"),
    ("オンライン資格確認導入に係る集団指導", "オンライン資格確認"),
    ("オン資", "オンライン資格確認"),
    ("ｵﾝﾗｲﾝ資格確認", "オンライン資格確認"),  # half-width katakana
])
def test_guidance_type_accepts_the_seed_names_and_short_forms(typed, canonical):
    assert m.guidance_type(typed) == canonical


@pytest.mark.parametrize("typed", ["", "集団指導", "個別指導", "新規指定", "指定"])
def test_guidance_type_rejects_anything_else(typed):
    assert m.guidance_type(typed) is None


@pytest.mark.parametrize("typed, canonical", [
    ("医科", "医科"), ("歯科", "歯科"), ("薬局", "薬局"), ("医", "医科"), ("歯", "歯科"), ("調剤", "薬局"),
    ("保険薬局", "薬局"), ("医師", "医科"), ("歯科医師", "歯科"), ("薬剤師", "薬局"), (" 医 科 ", "医科"),
])
def test_field_type_maps_what_staff_type(typed, canonical):
    assert m.field_type(typed) == canonical


@pytest.mark.parametrize("typed", ["", "眼科", "訪問看護", "医科歯科"])
def test_field_type_rejects_unknown_fields(typed):
    assert m.field_type(typed) is None


@pytest.mark.parametrize("value, number", [
    (1, 1), (9, 9), (1.0, 1), ("1", 1), ("１", 1), ("第1回", 1), ("第１回", 1), (" 第 3 回 ", 3), ("3回", 3),
    ("第9回", 9),
])
def test_round_number_reads_numbers_and_text(value, number):
    assert m.round_number(value) == number


@pytest.mark.parametrize("value", [0, 10, 1.5, -1, True, False, None, "", "第10回", "第0回", "1回目", "一", "１０"])
def test_round_number_rejects_what_is_not_a_round(value):
    assert m.round_number(value) is None


@pytest.mark.parametrize("guidance, field, letter", [
    ("オンライン資格確認", "医科", "s"), ("オンライン資格確認", "薬局", "s"),
    ("指定時", "医科", "n"), ("指定時", "歯科", "n"), ("指定時", "薬局", "n"),
    ("更新時", "医科", "r"), ("更新時", "歯科", "r"), ("更新時", "薬局", "r"),
    ("登録時", "医科", "m"), ("登録時", "歯科", "d"), ("登録時", "薬局", "p"),
])
def test_kind_letter_follows_the_seed(guidance, field, letter):
    assert m.kind_letter(guidance, field) == letter


@pytest.mark.parametrize("typed, serial", [
    ("7654321", "7654321"),
    ("0123456", "0123456"),          # leading zero kept
    ("501704", "501704"),            # 6 digits: a 保険医登録番号
    ("AB1234", "AB1234"),
])
def test_serial_of_a_clean_number_is_the_number(typed, serial):
    assert m.serial_of(typed) == (serial, [])


@pytest.mark.parametrize("typed", ["12345", "", "12-34", "1234567?", "医療機関1234567"])
def test_serial_of_refuses_numbers_that_cannot_make_an_id(typed):
    serial, problems = m.serial_of(typed)
    assert serial is None
    assert [(p.code, p.severity) for p in problems] == [("master.number", "error")]
    assert typed in problems[0].message


@pytest.mark.parametrize("value, text", [
    ("1234567", "1234567"),
    (1234567.0, "1234567"),          # a number cell as Excel shows it
    ("１２３４５６７", "1234567"),    # full-width digits become half-width
    (" 1234567\u200b ", "1234567"),  # outer spaces and invisible characters go
    ("84,6055,4", "84,6055,4"),      # separators stay, for the error to show them
    (None, ""),
    (True, "TRUE"),                  # one text for a logical value in every output
])
def test_number_text_is_what_every_output_writes(value, text):
    assert m.number_text(value) == text


@pytest.mark.parametrize("typed, cleaned, found", [
    ("1234567", "1234567", []),
    ("１２３４５６７", "1234567", [("master.number_cleaned", "warning", "1234567")]),
    (" 1234567 ", "1234567", [("master.number_cleaned", "warning", "1234567")]),
    ("84,6055,4", "84,6055,4", [("master.number_separator", "error", "8460554")]),
    ("999-0001", "999-0001", [("master.number_separator", "error", "9990001")]),
    ("45 67890", "45 67890", [("master.number_separator", "error", "4567890")]),
    ("１２３ー４５６７", "123ー4567", [("master.number_cleaned", "warning", "123ー4567"),
                                     ("master.number_separator", "error", "1234567")]),
])
def test_number_cleaning_is_shown_and_separators_are_errors(typed, cleaned, found):
    """Issue 9 §5, README: 「黙って直した値を正しいとみなすことはしません」."""
    text, problems = m.check_number(typed)
    assert text == cleaned
    assert [(p.code, p.severity, p.suggestion) for p in problems] == found


def test_the_cleaning_warning_names_the_old_and_the_new_value():
    (problem,) = m.check_number("１２３４５６７")[1]
    assert "１２３４５６７" in problem.message and "1234567" in problem.message


def test_composed_id_is_the_seed_example_and_a_valid_id():
    login_id = m.compose_parts("指定時", "医科", "01", "7654321")
    assert login_id == "n017654321"
    assert check_id(login_id) == []


@pytest.mark.parametrize("guidance, field, prefecture, serial, expected", [
    ("登録時", "歯科", "13", "501704", "d13501704"),
    ("更新時", "薬局", "47", "0123456", "r470123456"),
    ("オンライン資格確認", "医科", "13", "6741552", "s136741552"),
])
def test_compose_parts(guidance, field, prefecture, serial, expected):
    assert m.compose_parts(guidance, field, prefecture, serial) == expected


def test_collision_suggestions_put_the_score_table_digit_before_the_code():
    medical = m.collision_suggestion("指定時", "医科", "13", "1234567")
    dental = m.collision_suggestion("指定時", "歯科", "13", "1234567")
    pharmacy = m.collision_suggestion("指定時", "薬局", "13", "1234567")
    assert (medical, dental, pharmacy) == ("n1311234567", "n1331234567", "n1341234567")
    colliding = m.compose_parts("指定時", "医科", "13", "1234567")
    assert len({medical, dental, pharmacy, colliding}) == 4
    for suggestion in (medical, dental, pharmacy):
        parsed = parse_id(suggestion)
        assert (parsed.kind, parsed.prefecture) == ("n", "13") and check_id(suggestion) == []


def test_no_collision_suggestion_for_individuals():
    # Persons get m/d/p by 種別, so a 医師 and a 歯科医師 with the same number never share an ID.
    assert m.collision_suggestion("登録時", "医科", "13", "501704") is None
    assert m.compose_parts("登録時", "医科", "13", "501704") != m.compose_parts("登録時", "歯科", "13", "501704")


def test_required_columns_are_master_columns_in_order():
    assert set(m.REQUIRED) <= set(m.COLUMNS)
    assert m.COLUMNS[:6] == ("視聴回", "指導区分", "種別", "都道府県", "番号", "名称")
    assert {m.LOGIN_ID, m.PASSWORD} <= set(m.REQUIRED)


@pytest.mark.parametrize("typed", [1, 1.0, "1", "１", "第1回", "第１回", " 第1回 "])
def test_round_number_reads_what_the_round_column_and_the_round_option_accept(typed):
    """Issue 9 §6: ``--round`` accepts what the 視聴回 column accepts (第1回, １)."""
    assert m.round_number(typed) == 1


@pytest.mark.parametrize("typed", [None, "", 0, 10, 1.5, True, 1e308, "第10回", "1回目", "#N/A"])
def test_round_number_refuses_what_is_not_a_round(typed):
    assert m.round_number(typed) is None
