"""Each button handler on xlwings' remote engine: the cells it writes, colours and notes, and its message."""

import datetime as dt

import pytest

from shuudan_xl.excel import buttons
from shuudan_xl.excel.book import UNEXPECTED
from shuudan_xl.files.oplog import read_records
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules.passwords import is_generated_shape
from shuudan_xl.rules.schedule import schedule_for
from shuudan_xl.services import current_round
from shuudan_xl.services.marks import CHECK, DOUBLECHECK, ERROR_FILL, STAFF_NOTE, WARNING_FILL
from shuudan_xl.services.schedule_sheet import ERA_DATE_FORMAT, table_values
from tests.excel.remote import (
    ID_COL,
    PW_COL,
    SCHEDULE_HEADERS,
    a1,
    actions_of,
    alerts,
    applied,
    cell_values,
    json_value,
    master_payload,
    settings_rows,
    sheet,
)
from tests.masters import viewer

GROUP_COL, NAME_COL = 3, 5
# Rows 4–6: 第1回, no errors (row 4 needs an ID and a password, row 6 a password); rows 7–8: 第2回, one
# error (a full-width ID) and one warning (a prefecture typed as 沖縄県).
VIEWERS = [
    viewer(),
    viewer(guidance="更新時", field="歯科", group="沖縄47", number="7654321", name="那覇歯科",
           login_id="r477654321", password="k7pq3xz9mw"),
    viewer(guidance="登録時", field="薬局", group="北海道01", number="123456", name="札幌 花子", login_id="p01123456"),
    viewer(round_=2, number="2345678", name="かもめ医院", login_id="ｎ132345678", password="w8xz3kq7pe"),
    viewer(round_=2, group="沖縄県", number="3456789", name="しおかぜ医院", password="m3kx9pq7wz"),
]
ROW_BLANK, ROW_TYPED, ROW_PERSON, ROW_BAD_ID, ROW_VARIANT = 4, 5, 6, 7, 8


@pytest.fixture
def path(tmp_path):
    return tmp_path / "視聴者リスト.xlsm"


def payload(path, viewers=VIEWERS, **kw):
    return master_payload(path, viewers, **kw)


def notes_added(book):
    return {a["args"][0]: a["args"][1] for a in actions_of(book, "addNote")}


def colours(book):
    return {a1(a["start_row"] + 1, a["start_column"]): a["args"][0] for a in actions_of(book, "setRangeColor")}


def exported(path, caller, **kw):
    """The payload after 業者提出ファイル作成 filled it, as Excel holds it then."""
    before = payload(path, **kw)
    book = caller(before)
    buttons.export_files()
    return applied(before, book), book


# 入力チェック


def test_check_list_colours_and_explains_every_bad_cell(path, caller):
    book = caller(payload(path))
    buttons.check_list()
    assert colours(book) == {a1(ROW_BAD_ID, ID_COL): ERROR_FILL, a1(ROW_VARIANT, GROUP_COL): WARNING_FILL}
    notes = notes_added(book)
    assert notes[a1(ROW_BAD_ID, ID_COL)] == (f"{CHECK}\n【エラー】全角の英数字や記号が含まれています。"
                                             "全て半角で入力してください。"
                                             "\n→ 修正案: n132345678")
    assert notes[a1(ROW_VARIANT, GROUP_COL)].startswith(
        f"{CHECK}\n【警告】「沖縄県」を所属グループ「沖縄47」として扱います")
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("入力チェック", "critical")
    assert text.startswith("視聴者リストの 5 行を点検しました。\nエラー 1 件、警告 1 件があります。")
    assert "・7行目 ユーザーID【エラー】全角の英数字" in text
    assert actions_of(book, "setValues") == [] and actions_of(book, "save") == []  # marks only


def test_check_list_takes_off_its_old_marks_and_leaves_staff_notes(path, caller):
    notes = {a1(ROW_TYPED, PW_COL): f"{CHECK}\n【エラー】前回の指摘",  # fixed since
             a1(ROW_TYPED, NAME_COL): "電話で確認済み",  # staff's own
             a1(ROW_BAD_ID, ID_COL): f"{CHECK}\n【エラー】前回\n{STAFF_NOTE}\n要確認（佐藤）"}
    book = caller(payload(path, notes=notes))
    buttons.check_list()
    assert colours(book)[a1(ROW_TYPED, PW_COL)] is None
    assert [a["args"][0] for a in actions_of(book, "deleteNote")] == [a1(ROW_TYPED, PW_COL)]
    (changed,) = actions_of(book, "setNoteText")
    assert changed["args"][0] == a1(ROW_BAD_ID, ID_COL)
    assert changed["args"][1].startswith(f"{CHECK}\n【エラー】全角") and changed["args"][1].endswith("要確認（佐藤）")
    touched = {(a["start_row"] + 1, a["start_column"]) for a in book.json()["actions"] if a["start_row"] is not None}
    assert (ROW_TYPED, NAME_COL) not in touched
    assert "直っていた 1 か所の印を消しました" in alerts(book)[0][0]


def test_check_list_on_a_clean_list_says_so(path, caller):
    book = caller(payload(path, VIEWERS[:3]))
    buttons.check_list()
    assert alerts(book) == [("視聴者リストの 3 行を点検しました。\nエラー・警告はありません。", "入力チェック", "info")]


def test_check_list_marks_what_an_export_would_refuse(path, caller):
    missing_video = viewer(round_=3, guidance="オンライン資格確認", field="薬局", number="4444444", name="みどり薬局")
    catalog = [["指導区分", "種別", "視聴回", "動画名"], ["指定時", "医科", "", "指定時（医科）"]]
    book = caller(payload(path, [*VIEWERS[:3], missing_video], extra={"動画一覧": (catalog, None)}))
    buttons.check_list()
    assert colours(book)[a1(7, 11)] == ERROR_FILL  # 指導動画 of the row whose video the catalog lacks


def test_check_list_without_the_list_sheet_explains(path, caller):
    data = payload(path)
    data["sheets"] = data["sheets"][1:]
    book = caller(data)
    buttons.check_list()
    ((text, _, mode),) = alerts(book)
    assert text.startswith("シート「視聴者リスト」が「視聴者リスト.xlsm」にありません") and mode == "critical"
    assert len(book.json()["actions"]) == 1


# ID作成 / パスワード作成


def test_make_ids_fills_only_blank_ids_of_the_working_round_as_text(path, caller):
    book = caller(payload(path))
    buttons.make_ids()
    assert cell_values(book, "視聴者リスト") == {(ROW_BLANK, ID_COL): "n131234567"}
    fmt, values, save, alert = book.json()["actions"]
    assert (fmt["func"], fmt["args"], fmt["start_row"], fmt["start_column"]) == ("setNumberFormat", ["@"], 3, ID_COL)
    assert values["func"] == "setValues" and save["func"] == "save"
    assert alert["args"][0].startswith("第1回の行の空欄のユーザーIDを 1 件書き込み、ブックを保存しました")


def test_make_ids_refuses_when_the_round_has_errors(path, caller):
    book = caller(payload(path, settings={"current_round": "2"}))
    buttons.make_ids()
    ((text, _, mode),) = alerts(book)
    assert text.startswith("第2回の行にエラーが 1 件あるため、ユーザーIDを作成していません"
                           "（視聴者リストは変更していません）。")
    assert "・7行目 ユーザーID【エラー】" in text and mode == "critical"
    assert actions_of(book, "setValues") == [] and actions_of(book, "save") == []


def test_make_ids_without_a_working_round_covers_every_round(path, caller):
    book = caller(payload(path, [*VIEWERS[:3], viewer(round_=2, number="2345678", name="かもめ医院")],
                          settings={"current_round": ""}))
    buttons.make_ids()
    assert cell_values(book, "視聴者リスト") == {(ROW_BLANK, ID_COL): "n131234567", (7, ID_COL): "n132345678"}
    assert "視聴者リストの全ての行の空欄のユーザーIDを 2 件" in alerts(book)[0][0]


def test_make_passwords_fills_blank_passwords_and_never_changes_a_typed_one(path, caller):
    same_viewer = viewer(round_=2, guidance="更新時", field="歯科", group="沖縄47", number="7654321", name="那覇歯科",
                         login_id="r477654321")  # viewing again in 第2回
    book = caller(payload(path, [*VIEWERS[:3], same_viewer], settings={"password_length": "12", "current_round": ""}))
    buttons.make_passwords()
    written = cell_values(book, "視聴者リスト")
    assert set(written) == {(ROW_BLANK, PW_COL), (ROW_PERSON, PW_COL), (7, PW_COL)}
    assert written[(7, PW_COL)] == "k7pq3xz9mw"  # the same viewer's password, not a new one
    assert all(len(written[(r, PW_COL)]) == 12 and is_generated_shape(written[(r, PW_COL)])
               for r in (ROW_BLANK, ROW_PERSON))
    assert [a["args"] for a in actions_of(book, "setNumberFormat")] == [["@"], ["@"]]
    assert "新しく作ったもの 2 件、同じ視聴者の登録済みのパスワード 1 件" in alerts(book)[0][0]


def test_make_passwords_with_nothing_blank_changes_nothing(path, caller):
    book = caller(payload(path, [VIEWERS[1]]))
    buttons.make_passwords()
    assert alerts(book) == [("第1回の行に空欄のパスワードはありませんでした（変更していません）。",
                             "パスワード作成", "info")]
    assert len(book.json()["actions"]) == 1


# 業者提出ファイル作成


def test_export_files_fills_saves_and_writes_the_two_vendor_workbooks_beside_the_master(path, caller):
    after, book = exported(path, caller)
    written = cell_values(book, "視聴者リスト")
    assert set(written) == {(ROW_BLANK, ID_COL), (ROW_BLANK, PW_COL), (ROW_PERSON, PW_COL)}
    funcs = [a["func"] for a in book.json()["actions"]]
    assert funcs[-2:] == ["save", "alert"] and funcs.count("save") == 1
    folder = path.parent / "業者提出"
    registration = Workbook(folder / "令和6年度_第1回_視聴者登録更新.xlsx")
    assert registration.rows(registration.sheet_names[0])[1:] == [
        ["n131234567", written[(ROW_BLANK, PW_COL)], "東京13"], ["r477654321", "k7pq3xz9mw", "沖縄47"],
        ["p01123456", written[(ROW_PERSON, PW_COL)], "北海道01"]]
    video = Workbook(folder / "令和6年度_第1回_視聴者動画.xlsx")
    assert [row[0] for row in video.rows(video.sheet_names[0])[1:]] == ["n131234567", "r477654321", "p01123456"]
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("業者提出ファイル作成", "info")
    assert f"保存先: {folder}" in text and "・令和6年度_第1回_視聴者登録更新.xlsx（新規ID 3 件）" in text
    assert "ユーザーID 1 件・パスワード 2 件を書き込み、ブックを保存しました" in text
    assert text.endswith("「台帳登録」を押してください。")


def test_export_files_refuses_with_the_errors_and_writes_nothing(path, caller):
    book = caller(payload(path, settings={"current_round": "2"}))
    buttons.export_files()
    ((text, _, mode),) = alerts(book)
    assert "エラーが 1 件あるため、業者提出ファイルを作成していません（視聴者リストも変更していません）。" in text
    assert "・7行目 ユーザーID【エラー】全角の英数字" in text and mode == "critical"
    assert len(book.json()["actions"]) == 1
    assert not (path.parent / "業者提出").exists()


def test_export_files_needs_the_working_round(path, caller):
    book = caller(payload(path, settings={"current_round": ""}))
    buttons.export_files()
    assert alerts(book) == [("シート「設定」の「作業する視聴回」に、作業する視聴回を 1〜9 で入力してください。",
                             "業者提出ファイル作成", "critical")]



def test_export_files_names_every_unusable_setting_in_one_message(path, caller):
    book = caller(payload(path, settings={"current_round": "第10回", "fiscal_year": "昭和", "password_length": "40"}))
    buttons.export_files()
    ((text, _, mode),) = alerts(book)
    assert all(word in text for word in ("作業する視聴回", "年度", "パスワードの文字数")) and mode == "critical"
    assert len(book.json()["actions"]) == 1 and not (path.parent / "業者提出").exists()


# ダブルチェック


def second_keying(after, rows):
    after["sheets"].insert(-1, sheet("ダブルチェック", [["ユーザーID", "パスワード", "氏名"], *rows]))
    return after


def list_row(after, excel_row):
    values = after["sheets"][0]["values"][excel_row - 1]
    return [values[ID_COL], values[PW_COL], values[GROUP_COL]]


def test_double_check_marks_differences_on_the_second_keying_and_names_missing_rows(path, caller):
    after, _ = exported(path, caller)
    first, second = list_row(after, ROW_BLANK), list_row(after, ROW_TYPED)
    typo = [first[0], first[1][:-1] + "1", first[2]]
    book = caller(second_keying(after, [typo, second, ["n139999999", "abcdefg23", "東京13"]]))
    buttons.double_check()
    assert colours(book) == {"$B$2": ERROR_FILL, "$A$4": ERROR_FILL}
    notes = notes_added(book)
    assert notes["$B$2"].startswith(f"{DOUBLECHECK}（A＝視聴者リスト、B＝このシート）\n【エラー】パスワードが違います")
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("ダブルチェック", "critical")
    assert "一致 1 件、違い 3 件。" in text
    assert f"・視聴者リスト {ROW_PERSON}行目（ユーザーID「p01123456」）がダブルチェックにありません。" in text


def test_double_check_of_an_identical_keying_marks_nothing(path, caller):
    after, _ = exported(path, caller)
    rows = [list_row(after, r) for r in (ROW_BLANK, ROW_TYPED, ROW_PERSON)]
    book = caller(second_keying(after, rows[::-1]))  # the order does not matter
    buttons.double_check()
    assert actions_of(book, "setRangeColor") == []
    assert alerts(book)[0][0].endswith("全て一致しました（3 件）。")


def test_double_check_takes_off_its_old_marks(path, caller):
    after, _ = exported(path, caller)
    rows = [list_row(after, r) for r in (ROW_BLANK, ROW_TYPED, ROW_PERSON)]
    after = second_keying(after, rows)
    after["sheets"][-2]["notes"] = [{"address": "$B$2", "text": f"{DOUBLECHECK}（…）\n【エラー】前回"}]
    book = caller(after)
    buttons.double_check()
    assert colours(book) == {"$B$2": None}
    assert [a["args"][0] for a in actions_of(book, "deleteNote")] == ["$B$2"]


def test_double_check_before_the_ids_exist_asks_for_them_first(path, caller):
    book = caller(second_keying(payload(path), [["n131234567", "abcdefg23", "東京13"]]))
    buttons.double_check()
    ((text, _, mode),) = alerts(book)
    assert "空欄の行があります（4行目、6行目）" in text and "「ID作成」「パスワード作成」" in text
    assert mode == "critical" and len(book.json()["actions"]) == 1


# 台帳登録


def test_confirm_export_adds_the_new_ids_to_the_ledger_beside_the_master(path, caller):
    after, _ = exported(path, caller)
    book = caller(after)
    buttons.confirm_export()
    ledger = Workbook(path.parent / "ID台帳.xlsx")
    assert [row[0] for row in ledger.rows("登録済みID")[1:]] == ["n131234567", "r477654321", "p01123456"]
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("台帳登録", "info")
    assert text.startswith("令和6年度 第1回の新規ID 3 件をID台帳に登録しました")
    assert book.json()["actions"] == actions_of(book, "alert")  # the master is not written


def test_confirm_export_before_the_export_is_refused(path, caller):
    book = caller(payload(path))
    buttons.confirm_export()
    ((text, _, mode),) = alerts(book)
    assert "先に業者提出ファイルを作成してください" in text and mode == "critical"
    assert not (path.parent / "ID台帳.xlsx").exists()


# 視聴スケジュール作成


def schedule_payload(path, rows, fiscal_year="2024"):
    return payload(path, settings={"fiscal_year": fiscal_year}, extra={"視聴スケジュール": (rows, None)})


def test_fill_schedule_writes_the_years_rounds_as_era_dates(path, caller):
    book = caller(schedule_payload(path, [SCHEDULE_HEADERS]))
    buttons.fill_schedule()
    fmt, values, alert = book.json()["actions"]
    assert (fmt["func"], fmt["args"], fmt["start_row"], fmt["start_column"], fmt["row_count"], fmt["column_count"]) \
        == ("setNumberFormat", [ERA_DATE_FORMAT], 1, 1, 9, 4)
    assert values["values"][0] == SCHEDULE_HEADERS
    assert values["values"][1] == ["第1回", "2024-05-24", "2024-05-31", "2024-06-01", "2024-06-30"]
    assert values["values"][8][1] == "2024-12-23"  # 第8回 ● as published
    assert alert["args"][0].startswith(
        "令和6年度の視聴スケジュール（第1回〜第9回）を書き込みました。\n令和6年5月20日付け事務連絡")


def test_fill_schedule_keeps_a_date_staff_changed(path, caller):
    rows = [[json_value(v) for v in row] for row in table_values(schedule_for(2024))]
    rows[8][1] = json_value(dt.date(2024, 12, 20))
    book = caller(schedule_payload(path, rows))
    buttons.fill_schedule()
    assert cell_values(book, "視聴スケジュール")[(9, 1)] == "2024-12-20"
    assert "書き換えてあった日付 1 か所はそのまま残しました: 第8回の●登録期限（事業者）。" in alerts(book)[0][0]


def test_fill_schedule_replaces_another_years_dates(path, caller):
    rows = [[json_value(v) for v in row] for row in table_values(schedule_for(2023))]
    book = caller(schedule_payload(path, rows, fiscal_year="令和7年度"))
    buttons.fill_schedule()
    assert cell_values(book, "視聴スケジュール")[(2, 3)] == "2025-06-01"
    assert "令和5年度の日付は、令和7年度の日付に置き換えました。" in alerts(book)[0][0]
    assert "公表された表がないため" in alerts(book)[0][0]


def test_fill_schedule_refuses_a_sheet_with_errors_and_writes_nothing(path, caller):
    rows = [[json_value(v) for v in row] for row in table_values(schedule_for(2024))]
    rows[5][3] = "令和6年10月1日(日)"
    book = caller(schedule_payload(path, rows))
    buttons.fill_schedule()
    ((text, _, mode),) = alerts(book)
    assert text.startswith("シート「視聴スケジュール」の日付に誤りが1件あります。") and "6行目" in text
    assert mode == "critical" and len(book.json()["actions"]) == 1


def test_an_unexpected_failure_is_announced_and_raised(path, caller, monkeypatch):
    def broken(book):
        raise RuntimeError("bug")

    monkeypatch.setattr(current_round, "working_schedule", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(path.parent / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(path.parent / "state"))
    book = caller(schedule_payload(path, [SCHEDULE_HEADERS]))
    buttons.fill_schedule()
    ((text, title, mode),) = alerts(book)
    assert text.startswith(UNEXPECTED) and (title, mode) == ("視聴スケジュール作成", "critical")


def test_status_bar_messages_are_shown_and_given_back(path, caller, monkeypatch):
    from shuudan_xl.excel.book import Button

    shown = []
    monkeypatch.setattr(Button, "status", lambda self, text: shown.append(text))
    caller(payload(path))
    buttons.check_list()
    assert shown[0] == "視聴者リストを点検しています…" and shown[-1] is None


# 実施通知作成


BUREAU = {"bureau": "北海道厚生局", "document_number": "北厚発0520第1号"}  # letters need them (no「○○」left)


def test_make_notices_writes_the_checked_letters_beside_the_master_and_leaves_the_list_alone(path, caller,
                                                                                           monkeypatch):
    after, listed = exported(path, caller, settings=BUREAU)
    book = caller(after)
    monkeypatch.setattr("shuudan_xl.services.session.japan_today", lambda: dt.date(2024, 11, 1))
    buttons.make_notices()
    folder = path.parent / "実施通知"
    assert sorted(p.name for p in folder.iterdir()) == ["令和6年度_第1回_実施通知.docx",
                                                        "令和6年度_第1回_実施通知_差し込みデータ.xlsx"]
    merge = Workbook(folder / "令和6年度_第1回_実施通知_差し込みデータ.xlsx")
    rows = merge.rows(merge.sheet_names[0])
    id_col = rows[0].index("ログインID")
    written = cell_values(listed, "視聴者リスト")
    assert [row[id_col] for row in rows[1:]] == [written[(ROW_BLANK, ID_COL)], "r477654321", "p01123456"]
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("実施通知作成", "info")
    assert text.startswith(f"第1回の実施通知を 3 通作成しました。\n保存先: {folder}\n"
                           "・令和6年度_第1回_実施通知.docx（3 通、1人1ページ）")
    assert "・視聴者リスト（視聴者リスト.xlsm）" in text
    assert "・業者提出ファイル（令和6年度_第1回_視聴者登録更新.xlsx、新規ID 3 人）" in text
    assert "の前日までに届きません。" in text  # sent today, long after 令和6年5月28日
    assert "登録期限" not in text  # the deadline concerns the registration, not the letters
    assert book.json()["actions"] == actions_of(book, "alert")  # the master is not written


def test_make_notices_refuses_settings_that_leave_the_examples_marks_and_writes_nothing(path, caller):
    """実施通知例「○○厚生(支)局長」「〇〇厚生（支）局〇〇事務所」: a letter still showing ○○ is not sent."""
    after, _ = exported(path, caller)
    book = caller(after)
    buttons.make_notices()
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("実施通知作成", "critical")
    assert "シート「設定」の「厚生局名」・シート「設定」の「文書番号」が空欄か例の「○○」のまま" in text
    assert not (path.parent / "実施通知").exists()


def test_make_notices_refuses_blank_ids_and_writes_nothing(path, caller):
    book = caller(payload(path))
    buttons.make_notices()
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("実施通知作成", "critical")
    assert text.startswith("実施通知を作成しませんでした。視聴者リストの第1回の行に、空欄のユーザーID・パスワードが")
    assert len(book.json()["actions"]) == 1 and not (path.parent / "実施通知").exists()


# 出欠取込

RESULTS = [["ユーザーID", "視聴状況", "視聴完了日時"],
           ["n131234567", "視聴完了", "2024/06/15 10:23:45"],
           ["r477654321", "未視聴", ""]]
EXCEPTIONS = [["ユーザーID", "視聴回", "特例の種類", "理由"], ["p01123456", 1, "資料送付", "入院中のため"]]


def with_results(after, path, rows=RESULTS, file=r"視聴結果\第1回.csv", exceptions=EXCEPTIONS, **settings):
    """The exported master with 視聴結果ファイル set, its CSV beside the master and a 出欠特例 sheet."""
    import csv

    folder = path.parent / "視聴結果"
    folder.mkdir(exist_ok=True)
    with (folder / "第1回.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    values = {"fiscal_year": "2024", "current_round": "1", "results_file": file, **settings}
    after["sheets"] = [s for s in after["sheets"] if s["name"] not in ("設定", "出欠特例")]
    after["sheets"][1:1] = [sheet("設定", settings_rows(**values)), sheet("出欠特例", exceptions)]
    return after


def attendance_recorded(path, caller) -> dict:
    """Round 1 exported, confirmed and its attendance recorded (one absentee); the exported payload."""
    after, _ = exported(path, caller)
    caller(after)
    buttons.confirm_export()  # the IDs are registered
    caller(with_results(after, path))
    buttons.record_attendance()
    return after


def attendance_of(path) -> dict[str, str]:
    from shuudan_xl.files.attendance_book import LOGIN_ID, RESULT, read_attendance_book

    records = read_attendance_book(path.parent / "出欠結果" / "令和6年度_第1回_出欠結果.xlsx")
    return {record[LOGIN_ID]: record[RESULT] for record in records}


def test_record_attendance_reads_the_results_file_and_the_exceptions_sheet(path, caller):
    after, listed = exported(path, caller)
    book = caller(with_results(after, path))
    buttons.record_attendance()
    first = cell_values(listed, "視聴者リスト")[(ROW_BLANK, ID_COL)]
    assert attendance_of(path) == {first: "90:出席（eラーニング）", "r477654321": "65:欠席",
                                   "p01123456": "90:出席（eラーニング）"}
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("出欠取込", "info")
    assert text.startswith("令和6年度 第1回の出欠を判定しました（指導年月日 令和6年6月30日（日）＝視聴期間最終日）。\n"
                           "視聴結果: 第1回.csv（CSV（文字コード UTF-8（BOMあり））、見出し 1行目、2 行）\n"
                           "出席（90:出席（eラーニング））2 人（うち出欠特例 1 人）、欠席（65:欠席）1 人、計 3 人\n"
                           f"作成したファイル: {path.parent / '出欠結果' / '令和6年度_第1回_出欠結果.xlsx'}")
    assert "要確認" not in text and text.endswith("「再視聴」を押してください。")
    assert book.json()["actions"] == actions_of(book, "alert")  # the master is not written


def test_record_attendance_lists_what_to_look_at(path, caller):
    after, _ = exported(path, caller)
    stranger = ["n139999999", "視聴完了", "2024/06/10 08:00:00"]
    book = caller(with_results(after, path, [*RESULTS, stranger], exceptions=[EXCEPTIONS[0]],
                               file=str(path.parent / "視聴結果" / "第1回.csv")))  # a full path works too
    buttons.record_attendance()
    ((text, _, mode),) = alerts(book)
    assert mode == "critical"  # an ID neither in the ledger nor in the list
    assert "要確認 2 件（作成したブックのシート「要確認」に全件あります）:" in text
    assert "・視聴結果にない視聴者（p01123456）: " in text
    assert "・台帳にも視聴者リストにもないID（n139999999）: " in text


@pytest.mark.parametrize("file, message", [
    ("", "シート「設定」の「視聴結果ファイル」に、管理者画面から出力した視聴結果のファイルを入力してください"),
    (r"視聴結果\第2回.csv", "シート「設定」の「視聴結果ファイル」のファイル「"),
    ("視聴結果", "はフォルダです。ファイル名まで入力してください。"),
])
def test_record_attendance_without_a_usable_results_file_explains_and_writes_nothing(path, caller, file, message):
    after, _ = exported(path, caller)
    book = caller(with_results(after, path, file=file))
    buttons.record_attendance()
    ((text, _, mode),) = alerts(book)
    assert message in text and mode == "critical"
    assert len(book.json()["actions"]) == 1 and not (path.parent / "出欠結果").exists()


# 再視聴


def test_reassign_absentees_appends_their_rows_saves_and_writes_the_video_links(path, caller):
    after = attendance_recorded(path, caller)
    book = caller(with_results(after, path, reassign_round="3"))
    buttons.reassign_absentees()
    appended = cell_values(book, "視聴者リスト")
    assert {col: value for (row, col), value in appended.items() if row == 9} == {  # below the last row, 8
        0: "3", 1: "更新時", 2: "歯科", 3: "沖縄47", 4: "7654321", 5: "那覇歯科", ID_COL: "r477654321",
        PW_COL: "k7pq3xz9mw", 12: "第1回未視聴のため再視聴"}
    assert {row for row, _ in appended} == {9}
    assert {a["args"][0] for a in actions_of(book, "setNumberFormat")} == {"@"}
    funcs = [a["func"] for a in book.json()["actions"]]
    assert funcs[-2:] == ["save", "alert"] and funcs.count("save") == 1
    video = Workbook(path.parent / "業者提出" / "令和6年度_第3回_視聴者動画.xlsx")  # round 3's one pair
    assert video.rows(video.sheet_names[0])[1:] == [["r477654321", "更新時集団指導（歯科）8月"]]
    ((text, title, mode),) = alerts(book)
    assert (title, mode) == ("再視聴", "info")
    assert text.startswith("第1回の欠席者 1 人を第3回の動画に紐付けました"
                           "（出欠結果「令和6年度_第1回_出欠結果.xlsx」）。")
    assert "視聴者リストに第3回の行を 1 行追加し（9行目）、ブックを保存しました。" in text
    assert "ID台帳にないID" not in text


@pytest.mark.parametrize("settings, message", [
    ({}, "シート「設定」の「再視聴の視聴回」に、欠席者が改めて視聴する視聴回を 2〜9 で入力してください。"),
    ({"reassign_round": "1"}, "「再視聴の視聴回」（第1回）は、「作業する視聴回」（第1回）より後の視聴回に"),
    ({"reassign_round": "3"}, "先に「出欠取込」ボタンで出欠結果を作成してください。"),
    ({"reassign_round": "3", "current_round": "9"}, "第9回はこの年度の最後の視聴回のため"),
])
def test_reassign_absentees_refuses_without_a_later_round_or_attendance_and_writes_nothing(path, caller, settings,
                                                                                           message):
    after, _ = exported(path, caller)
    book = caller(with_results(after, path, **settings))
    buttons.reassign_absentees()
    ((text, title, mode),) = alerts(book)
    assert message in text and (title, mode) == ("再視聴", "critical")
    assert len(book.json()["actions"]) == 1
    assert [p.name for p in (path.parent / "業者提出").iterdir() if "再視聴" in p.name] == []


# Registration deadlines (手順 3(6)「登録期限は厳守すること。…翌月以降の指導実施に変更するなどの対応を図ること」)

LATE = dt.date(2024, 5, 27)  # 第1回's ● deadline was 2024-05-24


def answering(monkeypatch, answer):
    """The dialog is shown (recorded by the remote engine) and answered with ``answer``."""
    from shuudan_xl.excel.book import Button

    ask = Button.ask

    def answered(self, text, buttons="yes_no_cancel"):
        ask(self, text, buttons)
        return answer

    monkeypatch.setattr(Button, "ask", answered)


def late_caller(caller, monkeypatch, path, answer=None):
    book = caller(payload(path))
    monkeypatch.setattr("shuudan_xl.services.session.japan_today", lambda: LATE)
    if answer is not None:
        answering(monkeypatch, answer)
    return book


def test_a_late_export_asks_first_and_a_cancelled_dialog_changes_nothing(path, caller, monkeypatch):
    book = late_caller(caller, monkeypatch, path)  # the remote engine gives no answer: taken as cancel
    buttons.export_files()
    (question, done) = actions_of(book, "alert")
    assert question["args"][2] == "yes_no_cancel" and "第1回の●登録期限（事業者）" in question["args"][0]
    assert "「はい」" in question["args"][0] and "第2回" in question["args"][0]
    assert "何も作成・変更していません" in done["args"][0]
    assert not cell_values(book, "視聴者リスト") and not actions_of(book, "save")
    assert sorted(p.name for p in path.parent.iterdir()) == ["操作記録.csv"]  # the stopped run, recorded
    (record,) = read_records(path.parent)
    assert record["結果"] == "中止" and record["操作"] == "業者提出ファイル作成ボタン"


def test_a_late_export_answered_yes_moves_the_rows_to_the_next_round_and_saves(path, caller, monkeypatch):
    book = late_caller(caller, monkeypatch, path, "yes")
    buttons.export_files()
    written = cell_values(book, "視聴者リスト")
    assert written == {(row, 0): "2" for row in (ROW_BLANK, ROW_TYPED, ROW_PERSON)}
    assert len(actions_of(book, "save")) == 1 and not (path.parent / "業者提出").exists()
    assert "第1回から第2回に書き換えて" in alerts(book)[-1][0]


def test_a_late_export_answered_no_exports_and_records_the_agreement(path, caller, monkeypatch):
    from shuudan_xl.services.deadlines import LATE_STATUS

    book = late_caller(caller, monkeypatch, path, "no")
    buttons.export_files()
    assert (path.parent / "業者提出" / "令和6年度_第1回_視聴者動画.xlsx").exists()
    rows = Workbook(path.parent / "ID台帳.xlsx").rows("登録済みID")
    assert [r[10] for r in rows[1:]] == [LATE_STATUS] and "業者提出ファイル作成ボタン" in rows[1][11]
    assert alerts(book)[-1][2] == "info"


def test_make_ids_of_a_late_round_asks_the_same_question(path, caller, monkeypatch):
    book = late_caller(caller, monkeypatch, path)
    buttons.make_ids()
    assert "第1回の●登録期限（事業者）" in alerts(book)[0][0] and not cell_values(book, "視聴者リスト")


# Preview before a button writes (issue 13: buttons show the same preview first and ask for confirmation)

REAL_CONFIRM = __import__("shuudan_xl.excel.book", fromlist=["Button"]).Button.confirm


def test_export_files_shows_a_preview_with_counts_first_rows_and_files_before_writing(path, caller):
    after, book = exported(path, caller)
    (text,) = caller.previews
    assert "業者提出ファイルを作成します" in text and "対象 3 人（新規ID 3）" in text
    assert "・4行目 みなと医院 n131234567 **********" in text
    assert "令和6年度_第1回_視聴者登録更新.xlsx（業者提出: 視聴者登録／更新、3 行）" in text
    written = cell_values(book, "視聴者リスト")
    passwords = [v for (row, col), v in written.items() if col == PW_COL]
    assert passwords and not any(p in text for p in passwords)  # no password is shown


def test_a_cancelled_preview_leaves_the_workbook_exactly_as_it_was(path, caller, monkeypatch):
    book = caller(payload(path))
    monkeypatch.setattr("shuudan_xl.excel.book.Button.confirm", REAL_CONFIRM)  # the remote engine: no answer
    buttons.export_files()
    (dialog,) = actions_of(book, "alert")
    assert dialog["args"][2] == "ok_cancel" and "よろしければ「OK」" in dialog["args"][0]
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]  # no cell written, no save
    assert sorted(p.name for p in path.parent.iterdir()) == ["操作記録.csv"]
    (record,) = read_records(path.parent)
    assert record["結果"] == "中止" and "キャンセル" in record["備考"]


def test_make_ids_previews_the_ids_it_would_write(path, caller):
    caller(payload(path))
    buttons.make_ids()
    (text,) = caller.previews
    assert "ユーザーIDを作成して書き込みします" in text and "n131234567" in text


def test_confirm_export_previews_the_ledger_rows_and_names_the_export_it_checks(path, caller):
    after, _ = exported(path, caller)
    caller(after)
    buttons.confirm_export()
    text = caller.previews[-1]
    assert "ID台帳に登録します" in text and "ID台帳.xlsx（ID台帳に追加する新規ID、3 行）" in text
    assert "業者提出ファイル作成ボタン" in text and "変更なし" in text


def test_every_writing_button_run_leaves_one_record(path, caller):
    after, _ = exported(path, caller)
    caller(after)
    buttons.confirm_export()
    records = read_records(path.parent)
    assert [(r["操作"], r["結果"]) for r in records] == [("業者提出ファイル作成ボタン", "完了"),
                                                         ("台帳登録ボタン", "完了")]
    assert records[0]["新規ID"] == "3" and "視聴者登録更新.xlsx" in records[0]["書き込んだファイル（SHA-256）"]


def test_record_attendance_and_reassign_preview_what_they_write(path, caller):
    after, _ = exported(path, caller)
    caller(after)
    buttons.confirm_export()
    caller(with_results(after, path))
    buttons.record_attendance()
    assert "出欠結果を作成します" in caller.previews[-1] and "出席 2 人・欠席 1 人" in caller.previews[-1]
    assert "令和6年度_第1回_出欠結果.xlsx（出欠結果（出欠入力）、3 行）" in caller.previews[-1]
    caller(with_results(after, path, reassign_round="3"))
    buttons.reassign_absentees()
    text = caller.previews[-1]
    assert "再視聴の紐付けを作成します" in text and "第1回の欠席者 1 人を第3回の動画に紐付けます" in text
    assert "視聴者リストに追加する第3回の行、1 行" in text
    assert [r["操作"] for r in read_records(path.parent)][-2:] == ["出欠取込ボタン", "再視聴ボタン"]


def test_reassign_into_a_round_past_its_deadline_asks_and_yes_takes_the_next_open_round(path, caller, monkeypatch):
    """手順 3(6)「登録期限に間に合わなかった場合は、翌月以降の指導実施に変更」: 第3回 (● 7月24日) is late on 7月30日."""
    after = attendance_recorded(path, caller)
    book = caller(with_results(after, path, reassign_round="3"))
    monkeypatch.setattr("shuudan_xl.services.session.japan_today", lambda: dt.date(2024, 7, 30))
    answering(monkeypatch, "yes")
    buttons.reassign_absentees()
    question = actions_of(book, "alert")[0]["args"]
    assert question[2] == "yes_no_cancel" and "第3回の●登録期限（事業者）" in question[0] and "第4回" in question[0]
    appended = cell_values(book, "視聴者リスト")
    assert {value for (row, col), value in appended.items() if col == 0} == {"4"}
