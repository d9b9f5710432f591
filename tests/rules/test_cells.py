import datetime as dt

import pytest

from shuudan_xl.rules.cells import CONTROL_RE, EMPTY, cell_text, free_text_problems, number_text, text_of, text_problems


@pytest.mark.parametrize("value", [None, ""])
def test_empty_cells(value):
    assert cell_text(value) == (None, [EMPTY])


def test_text_is_passed_through():
    assert cell_text("n017654321") == ("n017654321", [])


def test_numbers_are_reported_with_the_text_excel_shows():
    text, (problem,) = cell_text(1234567.0)
    assert text == "1234567" and problem.code == "cell.number" and problem.is_error
    assert "先頭の0" in problem.message
    assert number_text(12.5) == "12.5"


@pytest.mark.parametrize("value", [dt.date(2024, 3, 12), dt.datetime(2024, 3, 12, 9), dt.time(9, 30)])
def test_dates_and_times_are_reported(value):
    text, (problem,) = cell_text(value)
    assert text is None and problem.code == "cell.date"


def test_booleans_are_reported():
    assert cell_text(True)[1][0].code == "cell.bool"


@pytest.mark.parametrize("text", ["=A1", "+81", "-abc", "@SUM(A1)"])
def test_formula_looking_text_is_an_error(text):
    _, problems = text_problems(text)
    assert [p.code for p in problems] == ["cell.formula_like"]


def test_dirty_text_gets_one_problem_per_kind_each_suggesting_the_clean_text():
    cleaned, problems = text_problems(" ｎ017654321\u200b")
    assert cleaned == "n017654321"
    assert [p.code for p in problems] == ["cell.invisible", "cell.space_edge", "cell.fullwidth"]
    assert {p.suggestion for p in problems} == {"n017654321"}


@pytest.mark.parametrize("value, text", [
    (None, ""),
    ("", ""),
    ("  みなと医院 ", "みなと医院"),
    (1234567.0, "1234567"),
    (12.5, "12.5"),
    (7, "7"),
    (True, "TRUE"),
    (False, "FALSE"),
    (dt.date(2024, 6, 1), "2024-06-01"),
    (dt.datetime(2024, 6, 1, 9, 30), "2024-06-01T09:30:00"),
    (dt.time(9, 30), "09:30:00"),
])
def test_text_of_is_the_one_way_a_cell_becomes_text(value, text):
    assert text_of(value) == text


def test_text_of_can_keep_the_text_exactly_as_typed_for_comparisons():
    assert text_of(" a\u3000", strip=False) == " a\u3000"


@pytest.mark.parametrize("text", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"])
def test_an_excel_error_value_is_an_error_not_a_blank_or_a_text(text):
    value, (problem,) = cell_text(text)
    assert value is None and problem.code == "cell.error" and problem.is_error and text in problem.message
    assert [p.code for p in free_text_problems(text)] == ["cell.error"]


@pytest.mark.parametrize("text, shown", [("みなと\x01医院", "U+0001"), ("a\tb", "U+0009"), ("a\rb", "U+000D"),
                                         ("x\x7f", "U+007F"), ("x\x85y", "U+0085"), ("x\ufffe", "U+FFFE")])
def test_control_characters_in_free_text_are_errors_naming_them(text, shown):
    (problem,) = free_text_problems(text)
    assert problem.code == "cell.control" and problem.is_error and shown in problem.message
    assert not CONTROL_RE.search(problem.suggestion)


@pytest.mark.parametrize("value", ["さいたま市中央区\n新都心1-1", "#401号室", "", None, 12.5, True])
def test_a_line_break_and_ordinary_values_are_fine_in_free_text(value):
    assert free_text_problems(value) == []
