"""The cell functions, called as plain functions: verdicts in Japanese, the same answer every time."""

import ast
import datetime as dt
import inspect

import pytest

from shuudan_xl.excel import udfs
from shuudan_xl.excel.udfs import (
    OK,
    SHUUDAN_COMPOSE_ID,
    SHUUDAN_DEADLINE,
    SHUUDAN_GROUP,
    SHUUDAN_ID_CHECK,
    SHUUDAN_PASSWORD_CHECK,
    SHUUDAN_WAREKI,
)

UDFS = [f for name, f in vars(udfs).items() if name.startswith("SHUUDAN_")]

# (function, arguments, expected: the exact result, or the start of an error/warning text)
CASES = [
    (SHUUDAN_ID_CHECK, ("n017654321",), OK),
    (SHUUDAN_ID_CHECK, ("ｎ017654321",),
     "エラー: 全角の英数字や記号が含まれています。全て半角で入力してください。（修正案: n017654321）"),
    (SHUUDAN_ID_CHECK, (17654321.0,), "エラー: 数値として保存されています。"),
    (SHUUDAN_ID_CHECK, ("",), "エラー: 空欄です。"),
    (SHUUDAN_ID_CHECK, ("x99123",), "エラー: ユーザーIDが6文字です。9文字以上必要です"),
    (SHUUDAN_PASSWORD_CHECK, ("k7pq3xz9mw",), OK),
    (SHUUDAN_PASSWORD_CHECK, ("abc",), "エラー: パスワードが3文字です。"),
    (SHUUDAN_PASSWORD_CHECK, ("234567e89",), "警告: Excelに入力すると数値や日付に変換されるおそれのある形です。"),
    (SHUUDAN_PASSWORD_CHECK, ("k7pq3xz9mw", "k7pq3xz9mw"), "警告:"),
    (SHUUDAN_GROUP, ("沖縄県",), "沖縄47"),
    (SHUUDAN_GROUP, (47.0,), "沖縄47"),
    (SHUUDAN_GROUP, ("沖縄13",), "エラー: 「沖縄13」は都道府県名とコードが食い違っています。"),
    (SHUUDAN_GROUP, ("火星",), "エラー: 「火星」は所属グループ（北海道01〜沖縄47）のどれにも当たりません。"),
    (SHUUDAN_COMPOSE_ID, ("指定時", "医科", "東京13", "1234567"), "n131234567"),
    (SHUUDAN_COMPOSE_ID, ("登録時", "薬局", "北海道01", "123456"), "p01123456"),
    (SHUUDAN_COMPOSE_ID, ("オンライン資格確認", "歯科", "沖縄県", "7654321"), "s477654321"),
    (SHUUDAN_COMPOSE_ID, ("説明会", "医科", "東京13", "1234567"), "エラー: 指導区分が読み取れません。"),
    (SHUUDAN_COMPOSE_ID, ("指定時", "内科", "東京13", "1234567"), "エラー: 種別が読み取れません。"),
    (SHUUDAN_COMPOSE_ID, ("指定時", "医科", "", "1234567"), "エラー: 都道府県が読み取れません。"),
    (SHUUDAN_COMPOSE_ID, ("指定時", "医科", "東京13", 1234567.0), "エラー: 番号が数値になっています"),
    (SHUUDAN_COMPOSE_ID, ("指定時", "医科", "東京13", "12-3"), "エラー: 番号「12-3」からユーザーIDを作れません。"),
    (SHUUDAN_WAREKI, (dt.date(2024, 6, 30),), "令和6年6月30日（日）"),
    (SHUUDAN_WAREKI, (dt.date(2019, 5, 1),), "令和元年5月1日（水）"),
    (SHUUDAN_WAREKI, (dt.datetime(2024, 10, 1),), "令和6年10月1日（火）"),
    (SHUUDAN_WAREKI, (dt.date(2024, 6, 30), False), "令和6年6月30日"),
    (SHUUDAN_WAREKI, ("六月",), "エラー: 日付ではありません。"),
    (SHUUDAN_WAREKI, (dt.date(1900, 1, 1),), "エラー: 1900年1月1日は昭和より前のため"),
    (SHUUDAN_DEADLINE, (2024, 1), dt.date(2024, 5, 24)),
    (SHUUDAN_DEADLINE, ("令和6年度", 8, "自庁"), dt.date(2024, 12, 27)),
    (SHUUDAN_DEADLINE, (2024.0, 8.0, "☆"), dt.date(2024, 12, 27)),
    (SHUUDAN_DEADLINE, (2024, 10), "エラー: 視聴回は 1〜9 です。"),
    (SHUUDAN_DEADLINE, ("来年", 1), "エラー: 年度として読めません:「来年」"),
    (SHUUDAN_DEADLINE, (None, 1), "エラー: 年度を入力してください"),
    (SHUUDAN_DEADLINE, (2300, 1), "エラー: 2300年度の視聴期間は作れません。"),
]


@pytest.mark.parametrize(("function", "args", "expected"), CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_each_function_answers_in_japanese_or_with_the_value(function, args, expected):
    result = function(*args)
    if isinstance(expected, str) and expected.startswith(("エラー", "警告")):
        assert isinstance(result, str) and result.startswith(expected)
    else:
        assert result == expected


@pytest.mark.parametrize(("function", "args", "expected"), CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_the_same_input_gives_the_same_answer(function, args, expected):
    assert len({repr(function(*args)) for _ in range(3)}) == 1


def test_every_function_is_covered():
    assert {f.__name__ for f, *_ in CASES} == {f.__name__ for f in UDFS}


def test_the_functions_never_reach_the_password_generator(monkeypatch):
    import secrets

    from shuudan_xl.rules import passwords

    def forbidden(*args, **kwargs):
        raise AssertionError("a cell function generated a random value")

    for name in ("generate_password", "generate_passwords"):
        monkeypatch.setattr(passwords, name, forbidden)
    for name in ("token_bytes", "choice", "randbelow", "token_hex"):
        monkeypatch.setattr(secrets, name, forbidden)
    for function, args, _ in CASES:
        function(*args)


def test_the_module_does_not_name_the_generator_or_a_random_source():
    tree = ast.parse(inspect.getsource(udfs))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not names & {"generate_password", "generate_passwords", "secrets", "random", "uuid", "token_bytes"}
    assert not modules & {"secrets", "random"}
