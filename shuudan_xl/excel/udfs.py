"""Cell functions (xlwings UDFs) for the master workbook; each wraps one pure rule.

Names are ASCII (VBA identifiers) and prefixed SHUUDAN_ so that they group together in Excel's
function list. No UDF produces a random value: recalculation must never change a password.
"""

from __future__ import annotations

import datetime as dt

import xlwings as xw

# Excel starts the UDF server when a sheet first calculates: the rules are imported by the function that
# uses them, so that loading this module costs no more than xlwings (tests/benchmarks/bench_startup.py).

OK = "OK"
CATEGORY = "集団指導"  # the function wizard's category for these functions (registered by the workbook)


def _verdict(value: object, rule) -> str:
    # "OK", or the first problem's message (errors before warnings), with the fix when there is one.
    from shuudan_xl.rules.cells import cell_text, text_problems

    text, problems = cell_text(value)
    if text is not None and not problems:
        cleaned, problems = text_problems(text)
        problems += rule(cleaned)
    if not problems:
        return OK
    first = sorted(problems, key=lambda p: not p.is_error)[0]
    label = "エラー" if first.is_error else "警告"
    fix = f"（修正案: {first.suggestion}）" if first.suggestion else ""
    return f"{label}: {first.message}{fix}"


@xw.func(category=CATEGORY)
@xw.arg("login_id", doc="点検するユーザーID")
def SHUUDAN_ID_CHECK(login_id):  # noqa: N802 (Excel function names are upper case)
    """ユーザーIDを点検し、問題がなければ OK、あれば内容を返します。"""
    from shuudan_xl.rules.login_ids import check_id

    return _verdict(login_id, check_id)


@xw.func(category=CATEGORY)
@xw.arg("password", doc="点検するパスワード")
@xw.arg("login_id", doc="（省略可）同じ行のユーザーID。パスワードと同じなら警告します")
def SHUUDAN_PASSWORD_CHECK(password, login_id=None):  # noqa: N802
    """パスワードを点検し、問題がなければ OK、あれば内容を返します（新しいパスワードは作りません）。"""
    from shuudan_xl.rules.passwords import check_password

    other = login_id if isinstance(login_id, str) and login_id else None
    return _verdict(password, lambda text: check_password(text, other))


@xw.func(category=CATEGORY)
@xw.arg("value", doc="都道府県の入力（例: 沖縄県、47、沖縄４７）")
def SHUUDAN_GROUP(value):  # noqa: N802
    """都道府県の入力を所属グループの表記（例: 沖縄47）に直します。直せないときはエラーを返します。"""
    from shuudan_xl.rules.cells import cell_text
    from shuudan_xl.rules.prefectures import match_group

    text, _ = cell_text(value)
    match = match_group(text or "")
    if match.label:
        return match.label
    if match.conflict:
        return f"エラー: 「{text}」は都道府県名とコードが食い違っています。"
    return f"エラー: 「{text or ''}」は所属グループ（北海道01〜沖縄47）のどれにも当たりません。"


@xw.func(category=CATEGORY)
@xw.arg("guidance", doc="指導区分（オンライン資格確認・指定時・更新時・登録時）")
@xw.arg("field", doc="種別（医科・歯科・薬局）")
@xw.arg("group", doc="都道府県（例: 東京13）")
@xw.arg("number", doc="番号（医療機関コード7桁・保険医登録番号など）")
def SHUUDAN_COMPOSE_ID(guidance, field, group, number):  # noqa: N802
    """指導区分・種別・都道府県・番号からユーザーIDを作ります（例: n137654321）。"""
    from shuudan_xl.rules import master as m
    from shuudan_xl.rules.cells import cell_text
    from shuudan_xl.rules.prefectures import match_group

    kind = m.guidance_type(cell_text(guidance)[0] or "")
    area = m.field_type(cell_text(field)[0] or "")
    label = match_group(cell_text(group)[0] or "").label
    if kind is None:
        return "エラー: 指導区分が読み取れません。"
    if area is None:
        return "エラー: 種別が読み取れません。"
    if label is None:
        return "エラー: 都道府県が読み取れません。"
    if isinstance(number, (int, float)) and not isinstance(number, bool):
        return "エラー: 番号が数値になっています（先頭の0が消えている可能性）。文字列で入力してください。"
    typed, problems = m.check_number(cell_text(number)[0] or "")
    serial, problems = (None, problems) if any(p.is_error for p in problems) else m.serial_of(typed)
    if serial is None:
        return "エラー: " + next(p for p in problems if p.is_error).message
    return m.compose_parts(kind, area, label[-2:], serial)


@xw.func(category=CATEGORY)
@xw.arg("day", dt.date, doc="日付")
@xw.arg("weekday", doc="（省略可）曜日を付けるか。既定 TRUE")
def SHUUDAN_WAREKI(day, weekday=True):  # noqa: N802
    """日付を和暦で表します（例: 令和6年6月30日（日））。"""
    from shuudan_xl.errors import RuleError
    from shuudan_xl.rules.era import format_date

    if not isinstance(day, dt.date):
        return "エラー: 日付ではありません。"
    if isinstance(day, dt.datetime):  # a plain call with a datetime (Excel's dates come through the converter)
        day = day.date()
    try:
        return format_date(day, weekday=bool(weekday))
    except RuleError as exc:  # before 昭和
        return f"エラー: {exc}"


@xw.func(category=CATEGORY)
@xw.arg("fiscal_year", doc="年度（例: 2024、令和6年度）")
@xw.arg("round_", doc="視聴回（1〜9）")
@xw.arg("method", doc="（省略可）事業者（●、既定）または 自庁（☆）")
@xw.ret(dt.date)
def SHUUDAN_DEADLINE(fiscal_year, round_, method="事業者"):  # noqa: N802
    """視聴回の登録期限を返します（●事業者に依頼する場合、☆自庁で登録する場合）。"""
    from shuudan_xl.errors import RuleError
    from shuudan_xl.rules import master as m
    from shuudan_xl.rules.era import parse_fiscal_year
    from shuudan_xl.rules.schedule import find_round, schedule_for

    if fiscal_year in (None, ""):
        return "エラー: 年度を入力してください（例: 2024、令和6年度）。"
    try:
        year = parse_fiscal_year(int(fiscal_year) if isinstance(fiscal_year, float) else fiscal_year)
        number = m.round_number(round_)
        if number is None:
            return "エラー: 視聴回は 1〜9 です。"
        key = "self" if str(method).strip() in ("自庁", "自庁で登録", "☆", "self") else "vendor"
        return find_round(schedule_for(year), number).deadline(key)
    except RuleError as exc:
        return f"エラー: {exc}"
