import datetime as dt
import os
import threading
import time

import openpyxl
import pytest

from shuudan_xl.errors import FileInUse, Refused
from shuudan_xl.files.ledger_store import append_entries, read_ledger
from shuudan_xl.files.reader import Workbook
from shuudan_xl.files.vendor_books import REGISTRATION, write_vendor_book
from shuudan_xl.files.xlsx_patch import CellWrite, SheetWriter
from shuudan_xl.rules import master as m
from shuudan_xl.rules.ledger import Ledger, LedgerEntry
from shuudan_xl.rules.passwords import is_generated_shape
from shuudan_xl.rules.vendor_rows import Link, as_dict
from shuudan_xl.rules.videos import CatalogEntry, VideoCatalog
from shuudan_xl.services.catalog import load_catalog
from shuudan_xl.services.export import (
    GENERATED,
    LEDGER,
    OTHER_ROW,
    TYPED,
    file_names,
    plan_export,
    write_export,
)
from shuudan_xl.services.master import load_master
from shuudan_xl.services.session import open_session
from shuudan_xl.services.vendor_readback import verify_written
from shuudan_xl.services.workflow import confirm_round, export_round, fill_master, prepare_round
from tests.conftest import digest, write_book
from tests.masters import changed_members, make_master, members, sheet_rows, viewer

CATALOG = load_catalog(None)[0]
ID_COL, PW_COL = m.COLUMNS.index(m.LOGIN_ID), m.COLUMNS.index(m.PASSWORD)
TODAY = dt.date(2024, 5, 1)  # before every deadline of 令和6年度


def plan_of(tmp_path, rows, round_=1, ledger=(), catalog=CATALOG, **kw):
    tmp_path.mkdir(parents=True, exist_ok=True)
    master = load_master(Workbook(make_master(tmp_path / "m.xlsx", rows)))
    return plan_export(master, Ledger(list(ledger)), catalog, {round_: (round_ + 4) % 12 + 1}, **kw)


def found(findings):
    return [(f.row, f.column, f.code) for f in findings]


def line_at(plan, excel_row):
    (line,) = [line for line in plan.lines if line.row.excel_row == excel_row]
    return line


def registered(login_id, password, group="東京13", field="医科", number="1234567", name="みなと医院", **kw):
    return LedgerEntry(login_id, password, group, "指定時", field, number, name, 2024, 1, dt.date(2024, 5, 24), **kw)


# Composing IDs


def test_blank_ids_are_composed_from_guidance_field_prefecture_and_number(tmp_path):
    plan = plan_of(tmp_path, [
        viewer(),
        viewer(guidance="登録時", field="歯科", group="大阪27", number="501704", name="佐々木　由紀"),
        viewer(guidance="更新時", field="薬局", group="沖縄47", number="0123456", name="ひかり薬局"),
        viewer(guidance="オンライン資格確認", field="医科", group="北海道01", number="8460554", name="つばさ眼科"),
    ])
    assert plan.errors == []
    assert [line.login_id for line in plan.lines] == ["n131234567", "d27501704", "r470123456", "s018460554"]
    assert all(line.id_composed for line in plan.lines)
    assert [w for w in plan.writes if w.col == ID_COL] == [
        CellWrite(2, ID_COL, "n131234567"), CellWrite(3, ID_COL, "d27501704"), CellWrite(4, ID_COL, "r470123456"),
        CellWrite(5, ID_COL, "s018460554")]


def test_a_typed_id_is_used_as_is_and_never_overwritten(tmp_path):
    plan = plan_of(tmp_path, [viewer(login_id="n139000001")])
    (line,) = plan.lines
    assert (line.login_id, line.id_composed) == ("n139000001", False)
    assert all(w.col != ID_COL for w in plan.writes)


def test_the_group_variant_is_a_warning_and_the_label_is_used(tmp_path):
    plan = plan_of(tmp_path, [viewer(group="長野県", number="939781")])
    assert plan.errors == [] and found(plan.warnings) == [(2, "都道府県", "group.variant")]
    assert (plan.lines[0].group, plan.lines[0].login_id) == ("長野20", "n20939781")


def test_a_row_that_cannot_give_an_id_is_an_error(tmp_path):
    plan = plan_of(tmp_path, [viewer(number=""), viewer(number="12345", name="b"), viewer(guidance="新規", name="c")])
    assert ("master.number_empty" in {f.code for f in plan.errors} and "master.number" in {f.code for f in plan.errors}
            and "master.guidance" in {f.code for f in plan.errors})
    assert plan.lines == []


# Collisions


def test_medical_and_dental_with_the_same_code_collide_with_a_suggestion_each(tmp_path):
    plan = plan_of(tmp_path, [viewer(), viewer(field="歯科", name="みなと歯科")])
    collisions = [f for f in plan.errors if f.code == "master.id_collision"]
    assert [(f.row, f.column, f.suggestion) for f in collisions] == [
        (2, m.LOGIN_ID, "n1311234567"), (3, m.LOGIN_ID, "n1331234567")]
    assert all("n131234567" in f.message and "2行目" in f.message and "3行目" in f.message for f in collisions)
    # never silently renamed: the plan keeps the colliding ID and the export is refused
    assert {line.login_id for line in plan.lines} == {"n131234567"}
    with pytest.raises(Refused):
        write_export(plan, SheetWriter(tmp_path / "m.xlsx", m.LIST_SHEET), tmp_path / "out", "令和6年度")
    assert not (tmp_path / "out").exists()


def test_a_collision_with_a_row_of_another_round_blocks_both_rounds(tmp_path):
    rows = [viewer(), viewer(round_=2, field="歯科", name="みなと歯科")]
    assert "master.id_collision" in {f.code for f in plan_of(tmp_path, rows, round_=1).errors}
    assert "master.id_collision" in {f.code for f in plan_of(tmp_path / "2", rows, round_=2).errors}


def test_a_typed_id_taken_by_a_composed_one_is_a_collision(tmp_path):
    plan = plan_of(tmp_path, [viewer(login_id="n131234567", number="7777777", name="さくら医院"), viewer()])
    collisions = {f.row: f.suggestion for f in plan.errors if f.code == "master.id_collision"}
    assert collisions == {2: None, 3: "n1311234567"}


def test_same_code_in_different_prefectures_does_not_collide(tmp_path):
    plan = plan_of(tmp_path, [viewer(), viewer(field="歯科", group="大阪27", name="みなと歯科")])
    assert plan.errors == [] and [line.login_id for line in plan.lines] == ["n131234567", "n271234567"]


def test_the_same_institution_in_two_rounds_is_one_viewer_not_a_collision(tmp_path):
    plan = plan_of(tmp_path, [viewer(), viewer(round_=4, note="再視聴")], round_=4)
    assert plan.errors == []


def test_the_same_viewer_twice_in_one_round_is_a_duplicate(tmp_path):
    plan = plan_of(tmp_path, [viewer(), viewer(number="１２３４５６７")])  # full-width: the same number
    assert found(plan.errors) == [(3, m.LOGIN_ID, "id.duplicate")]
    assert "2行目" in plan.errors[0].message


def test_the_same_viewer_typed_twice_in_one_round_is_a_duplicate(tmp_path):
    plan = plan_of(tmp_path, [viewer(login_id="n131234567"), viewer(login_id="n131234567")])
    assert (3, m.LOGIN_ID, "id.duplicate") in found(plan.errors)


# Passwords


def test_a_typed_password_is_kept(tmp_path):
    plan = plan_of(tmp_path, [viewer(password="k7pq3zz9wb")])
    assert (plan.lines[0].password, plan.lines[0].password_source) == ("k7pq3zz9wb", TYPED)
    assert all(w.col != PW_COL for w in plan.writes)


def test_a_blank_password_takes_the_same_ids_password_from_another_row(tmp_path):
    plan = plan_of(tmp_path, [viewer(password="k7pq3zz9wb"), viewer(round_=2)], round_=2)
    line = line_at(plan, 3)
    assert (line.password, line.password_source) == ("k7pq3zz9wb", OTHER_ROW)
    assert CellWrite(3, PW_COL, "k7pq3zz9wb") in plan.writes


def test_a_blank_password_of_a_registered_id_comes_from_the_ledger(tmp_path):
    plan = plan_of(tmp_path, [viewer()], ledger=[registered("n131234567", "ledger234x")])
    (line,) = plan.lines
    assert (line.password, line.password_source, line.registered) == ("ledger234x", LEDGER, True)
    assert CellWrite(2, PW_COL, "ledger234x") in plan.writes


def test_another_rows_password_comes_before_the_ledger(tmp_path):
    plan = plan_of(tmp_path, [viewer(password="ledger234x"), viewer(round_=2)], round_=2,
                   ledger=[registered("n131234567", "ledger234x")])
    assert plan.errors == [] and line_at(plan, 3).password_source == OTHER_ROW


def test_a_password_from_another_row_that_differs_from_the_ledger_is_an_error(tmp_path):
    # Round 1's cell was retyped after registration: round 2 must not send the retyped password.
    plan = plan_of(tmp_path, [viewer(password="retyped23x"), viewer(round_=2)], round_=2,
                   ledger=[registered("n131234567", "ledger234x")])
    assert found(plan.errors) == [(3, m.PASSWORD, "ledger.password")]
    assert plan.errors[0].suggestion == "ledger234x" and "別の行のパスワード「retyped23x」" in plan.errors[0].message


def test_a_new_id_gets_one_generated_password(tmp_path):
    plan = plan_of(tmp_path, [viewer(), viewer(number="7654321", name="さくら医院")], password_length=12)
    passwords = [line.password for line in plan.lines]
    assert [line.password_source for line in plan.lines] == [GENERATED, GENERATED]
    assert len(set(passwords)) == 2 and all(len(p) == 12 and is_generated_shape(p) for p in passwords)
    assert [w for w in plan.writes if w.col == PW_COL] == [CellWrite(2, PW_COL, passwords[0]),
                                                           CellWrite(3, PW_COL, passwords[1])]


def test_one_viewer_in_several_rounds_gets_one_password_when_filling(tmp_path):
    path = make_master(tmp_path / "m.xlsx", [viewer(), viewer(round_=3), viewer(round_=5)])
    plan, backup = fill_master(open_session(path, round_=None, round_required=False))
    assert backup is not None and len({line.password for line in plan.lines}) == 1
    rows = sheet_rows(path, m.LIST_SHEET)[1:4]
    assert len({r[PW_COL] for r in rows}) == 1 and {r[ID_COL] for r in rows} == {"n131234567"}


def test_a_typed_password_differing_from_the_ledger_is_an_error(tmp_path):
    plan = plan_of(tmp_path, [viewer(password="newpass234")], ledger=[registered("n131234567", "ledger234x")])
    assert found(plan.errors) == [(2, m.PASSWORD, "ledger.password")]


# The ledger


def test_registered_ids_get_a_video_row_only(tmp_path):
    plan = plan_of(tmp_path, [viewer(round_=4), viewer(round_=4, number="7654321", name="さくら医院")], round_=4,
                   ledger=[registered("n131234567", "ledger234x")])
    assert plan.errors == []
    assert [(line.login_id, line.registered) for line in plan.lines] == [("n131234567", True),
                                                                        ("n137654321", False)]
    assert [r["id"] for r in plan.registration_records()] == ["n137654321"]
    assert plan.video_records() == [Link("n131234567", "指定時集団指導（医科）9月"),
                                    Link("n137654321", "指定時集団指導（医科）9月")]


def test_a_new_viewer_cannot_take_an_id_registered_for_someone_else(tmp_path):
    plan = plan_of(tmp_path, [viewer(login_id="n131234567", number="7654321", name="さくら医院")],
                   ledger=[registered("n131234567", "ledger234x")])
    assert found(plan.errors) == [(2, m.LOGIN_ID, "ledger.other_viewer")]


def test_a_dental_clinic_cannot_take_the_id_of_a_registered_medical_clinic(tmp_path):
    plan = plan_of(tmp_path, [viewer(field="歯科", name="みなと歯科")], ledger=[registered("n131234567", "ledger234x")])
    assert [(f.code, f.suggestion) for f in plan.errors] == [("ledger.other_viewer", "n1331234567")]
    assert "医科" in plan.errors[0].message


def test_a_group_differing_from_the_ledger_is_an_error(tmp_path):
    plan = plan_of(tmp_path, [viewer(login_id="n131234567", group="神奈川14")],
                   ledger=[registered("n131234567", "ledger234x")])
    assert (2, m.GROUP, "ledger.group") in found(plan.errors)


def test_a_spare_id_from_the_ledger_can_be_given_to_a_viewer(tmp_path):
    spare = LedgerEntry("m13900001", "spare2345x", "東京13", status="予備")
    plan = plan_of(tmp_path, [viewer(guidance="登録時", number="501704", name="他県の医師", login_id="m13900001")],
                   ledger=[spare])
    assert plan.errors == [] and plan.lines[0].password == "spare2345x" and plan.lines[0].registered


# Scope, warnings, videos, counts


def test_only_the_rounds_rows_block_and_warn(tmp_path):
    rows = [viewer(), viewer(round_=2, guidance="新規", number="7654321"), viewer(round_=2, group="長野県")]
    one = plan_of(tmp_path, rows, round_=1)
    assert one.errors == [] and one.warnings == [] and one.round == 1
    two = plan_of(tmp_path / "2", rows, round_=2)
    assert found(two.errors) == [(3, m.GUIDANCE, "master.guidance")]
    assert found(two.warnings) == [(4, m.GROUP, "group.variant")]
    assert two.round == 2


def test_a_round_without_rows_is_refused(tmp_path):
    with pytest.raises(Refused, match="視聴回が3"):
        plan_of(tmp_path, [viewer()], round_=3)


def test_the_video_is_chosen_by_guidance_field_and_month(tmp_path):
    plan = plan_of(tmp_path, [viewer(), viewer(guidance="登録時", field="薬局", number="078609", name="渡辺")])
    assert [line.video for line in plan.lines] == ["指定時集団指導（医科）6月", "登録時集団指導（薬局）6月"]


def test_a_typed_video_wins_over_the_catalog(tmp_path):
    plan = plan_of(tmp_path, [viewer(video="指定時集団指導（医科）8月")])
    assert plan.lines[0].video == "指定時集団指導（医科）8月"


def test_a_field_missing_from_the_catalog_is_an_error(tmp_path):
    catalog = VideoCatalog([CatalogEntry("指定時", "医科", None, "医科{月}月")])
    plan = plan_of(tmp_path, [viewer(), viewer(field="歯科", number="7654321", name="b")], catalog=catalog)
    assert found(plan.errors) == [(3, m.VIDEO, "master.video")]


def test_counts_by_kind_in_seed_order(tmp_path):
    plan = plan_of(tmp_path, [viewer(guidance="登録時", number="501704", name="a"), viewer(),
                              viewer(guidance="更新時", number="7654321", name="b")],
                   ledger=[registered("n131234567", "ledger234x")])
    assert {k: dict(v) for k, v in plan.counts_by_kind().items()} == {
        "指定時": {"registered": 1}, "更新時": {"new": 1}, "医師": {"new": 1}}
    assert list(plan.counts_by_kind()) == ["指定時", "更新時", "医師"]


def test_round_written_as_text_is_read(tmp_path):
    plan = plan_of(tmp_path, [viewer(round_="第1回"), viewer(round_="１", number="7654321", name="b"),
                              viewer(round_=2, number="1111111", name="c")])
    assert plan.errors == [] and len(plan.lines) == 2


# Writing


@pytest.fixture
def master(tmp_path):
    return make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(), viewer(guidance="登録時", number="501704", name="佐々木　由紀", password="k7pq3zz9wb"),
        viewer(round_=2, field="薬局", number="7654321", name="あさひ薬局"),
        viewer(round_=4, note="第1回未視聴のため再視聴"),
    ])


def planned(master, round_=1, today=TODAY, **kw):
    return prepare_round(open_session(master, round_=round_, fiscal_year=2024, today=today, **kw))


def export(master, round_=1, outdir=None, **kw):
    context = planned(master, round_, **kw)
    return context, export_round(context, outdir or master.parent / "out")


def test_export_writes_the_master_only_in_its_list_part(master):
    before = members(master)
    context, files = export(master)
    assert changed_members(before, members(master)) == {"xl/worksheets/sheet1.xml"}
    assert files.master_backup.read_bytes() != master.read_bytes()
    rows = sheet_rows(master, m.LIST_SHEET)
    assert rows[1][ID_COL] == "n131234567" and rows[2][PW_COL] == "k7pq3zz9wb"
    assert rows[3][ID_COL] == "" and rows[3][PW_COL] == ""  # round 2 untouched
    assert [r["id"] for r in context.plan.registration_records()] == ["n131234567", "m13501704"]
    assert files.registration.name == "令和6年度_第1回_視聴者登録更新.xlsx"


def test_exporting_twice_never_gives_a_viewer_two_passwords(master):
    first, _ = export(master)
    second, _ = export(master)
    assert first.plan.registration_records() == second.plan.registration_records()
    assert second.plan.writes == [] and {line.password_source for line in second.plan.lines} == {TYPED}


def test_errors_block_every_write(master, tmp_path):
    path = make_master(tmp_path / "bad.xlsx", [viewer(), viewer(field="歯科", name="みなと歯科")])
    context = planned(path)
    before = digest(path)
    with pytest.raises(Refused, match="エラーが2件"):
        export_round(context, tmp_path / "out")
    assert digest(path) == before and not (tmp_path / "out").exists()
    assert not (tmp_path / "バックアップ").exists()


def test_a_vendor_file_open_in_excel_is_refused_before_the_master_changes(master):
    outdir = master.parent / "out"
    outdir.mkdir()
    reg_name, _ = file_names("令和6年度", 1)
    (outdir / ("~$" + reg_name)).write_bytes(b"owner")
    before = digest(master)
    with pytest.raises(FileInUse, match="Excelで開かれています"):
        export(master, outdir=outdir)
    assert digest(master) == before and not (outdir / reg_name).exists()


def test_a_master_saved_by_openpyxl_is_exported_in_place(master):
    book = openpyxl.load_workbook(master)
    book.save(master)  # shared strings, openpyxl's own XML
    before = members(master)
    export(master)
    assert changed_members(before, members(master)) == {"xl/worksheets/sheet1.xml"}
    assert sheet_rows(master, m.LIST_SHEET)[1][ID_COL] == "n131234567"


def test_verify_written_refuses_other_values_extra_sheets_and_missing_headers(tmp_path):
    records = [{"id": "n131234567", "password": "k7pq3zz9wb", "group": "東京13"}]
    keys = ("id", "password", "group")
    good = tmp_path / "good.xlsx"
    write_vendor_book(good, REGISTRATION, records)
    verify_written(good, records, keys)
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(good, [{**records[0], "password": "other2345x"}], keys)
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(good, records + records, keys)
    two = write_book(tmp_path / "two.xlsx", {"a": [["ユーザーID"]], "b": [["x"]]})
    with pytest.raises(Refused, match="1枚ではありません"):
        verify_written(two, records, keys)
    headless = write_book(tmp_path / "headless.xlsx", {"a": [["n131234567", "k7pq3zz9wb", "東京13"]]})
    with pytest.raises(Refused, match="headless.xlsx"):
        verify_written(headless, records, keys)
    numeric = write_book(tmp_path / "num.xlsx", {"a": [["ユーザーID", "パスワード", "氏名"], ["n131234567", 123456789,
                                                                                        "東京13"]]})
    with pytest.raises(Refused):
        verify_written(numeric, [{**records[0], "password": "123456789"}], keys)



def test_verify_written_skips_blank_rows_and_refuses_a_row_more(tmp_path):
    keys = ("id", "password", "group")
    a, b = ["n131234567", "k7pq3zz9wb", "東京13"], ["m13501704", "abcd12345", "東京13"]
    records = [dict(zip(keys, row, strict=True)) for row in (a, b)]
    header = ["ユーザーID", "パスワード", "氏名"]
    gappy = write_book(tmp_path / "gappy.xlsx", {"a": [header, a, ["", "", ""], [], b, []]})
    for ours in (False, True):  # a book this run wrote is not size-scanned first; read the same way
        verify_written(gappy, records, keys, ours=ours)
    more = write_book(tmp_path / "more.xlsx", {"a": [header, a, b, ["", "", "x"]]})
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(more, records, keys)
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(gappy, records[:1], keys)


# Confirming


def test_confirm_before_export_is_refused(master):
    context = planned(master)
    with pytest.raises(Refused, match="先に業者提出ファイルを作成"):
        confirm_round(context, master.parent / "out")
    assert not (master.parent / "ID台帳.xlsx").exists()


def test_confirm_adds_the_new_ids_once_and_the_next_round_sees_them(master):
    _, files = export(master)
    context = planned(master, today=dt.date(2024, 5, 20))  # 登録確定日 is the session's today (confirm --today)
    entries = confirm_round(context, files.video_links.parent)
    assert [(e.login_id, e.number, e.round, e.fiscal_year, e.confirmed_on, e.field) for e in entries] == [
        ("n131234567", "1234567", 1, 2024, dt.date(2024, 5, 20), "医科"),
        ("m13501704", "501704", 1, 2024, dt.date(2024, 5, 20), "医科")]
    assert read_ledger(master.parent / "ID台帳.xlsx").entries == entries
    again = confirm_round(planned(master), files.video_links.parent)
    assert again == [] and len(read_ledger(master.parent / "ID台帳.xlsx").entries) == 2
    four, files4 = export(master, 4)
    assert [line.registered for line in four.plan.lines] == [True]
    assert files4.registration is None and four.plan.video_records()[0]["id"] == "n131234567"
    assert four.plan.lines[0].password == entries[0].password


@pytest.mark.parametrize("edit", ["password", "row", "header", "delete"])
def test_confirm_refuses_when_the_sent_files_differ_from_the_master(master, edit):
    _, files = export(master)
    path = files.registration
    if edit == "delete":
        path.unlink()
    else:
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        if edit == "password":
            sheet["B2"] = "edited234x"
        elif edit == "row":
            sheet.append(["n139999999", "spare2345x", "東京13"])
        else:
            sheet.delete_rows(1)
        book.save(path)
    with pytest.raises(Refused, match=path.name):
        confirm_round(planned(master), files.video_links.parent)
    assert not (master.parent / "ID台帳.xlsx").exists()


def test_confirm_refuses_with_errors(master, tmp_path):
    export(master)
    book = openpyxl.load_workbook(master)
    book[m.LIST_SHEET].cell(row=2, column=m.COLUMNS.index(m.GUIDANCE) + 1, value="新規")
    book.save(master)
    with pytest.raises(Refused, match="エラーが1件"):
        confirm_round(planned(master), master.parent / "out")


def test_confirm_records_a_numeric_number_as_typed(tmp_path):
    path = make_master(tmp_path / "m.xlsx", [viewer(login_id="n131234567", password="k7pq3zz9wb")])
    book = openpyxl.load_workbook(path)
    book[m.LIST_SHEET].cell(row=2, column=m.COLUMNS.index(m.NUMBER) + 1, value=1234567)
    book.save(path)
    _, files = export(path)
    (entry,) = confirm_round(planned(path), files.video_links.parent)
    assert entry.number == "1234567"


def test_confirm_keeps_a_manual_ledger_row(master):
    ledger = master.parent / "ID台帳.xlsx"
    append_entries(ledger, [LedgerEntry("m13900001", "spare2345x", "東京13", status="予備")])
    _, files = export(master)
    confirm_round(planned(master), files.video_links.parent)
    assert [e.login_id for e in read_ledger(ledger).entries] == ["m13900001", "n131234567", "m13501704"]


# Filling


def test_fill_writes_only_blank_cells_of_the_chosen_rounds(master):
    before = sheet_rows(master, m.LIST_SHEET)
    plan, backup = fill_master(open_session(master, round_=2))
    after = sheet_rows(master, m.LIST_SHEET)
    assert backup is not None and [line.row.excel_row for line in plan.lines] == [4]
    assert after[3][ID_COL] == "n137654321" and is_generated_shape(after[3][PW_COL])
    assert [r for i, r in enumerate(after) if i != 3] == [r for i, r in enumerate(before) if i != 3]


def test_fill_refuses_on_errors_and_writes_nothing(tmp_path):
    path = make_master(tmp_path / "m.xlsx", [viewer(), viewer(field="歯科", name="みなと歯科")])
    before = digest(path)
    plan, backup = fill_master(open_session(path, round_=None, round_required=False))
    assert backup is None and plan.errors and digest(path) == before


def test_fill_of_a_full_list_changes_nothing(tmp_path):
    path = make_master(tmp_path / "m.xlsx", [viewer(login_id="n131234567", password="k7pq3zz9wb")])
    before = digest(path)
    plan, backup = fill_master(open_session(path, round_=None, round_required=False))
    assert (plan.writes, backup) == ([], None) and digest(path) == before


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_export_keeps_the_masters_permissions(master):
    master.chmod(0o664)
    export(master)
    assert master.stat().st_mode & 0o777 == 0o664


def test_a_vendor_file_that_fails_its_read_back_is_deleted_not_left_to_be_sent(tmp_path, monkeypatch):
    import shuudan_xl.files.vendor_books as vendor_books

    real = vendor_books.write_vendor_book

    def miswrite(path, layout, records, template=None):
        records = [dict(as_dict(r), id=r["id"][:-1] + "l") for r in records]  # one wrong character per ID
        return real(path, layout, records, template)

    monkeypatch.setattr(vendor_books, "write_vendor_book", miswrite)
    master = make_master(tmp_path / "m.xlsx", [viewer()])
    context = planned(master, today=dt.date(2024, 5, 1))
    with pytest.raises(Refused, match="提出しないでください"):
        export_round(context, tmp_path / "out")
    assert list((tmp_path / "out").glob("*.xlsx")) == []


@pytest.mark.parametrize("failure", [Refused("一致しませんでした。このファイルは提出しないでください。"),
                                     KeyboardInterrupt()], ids=["refused", "ctrl-c"])
def test_a_failed_read_back_is_raised_only_after_the_manifest_beside_it_is_written_and_nothing_is_left(
        tmp_path, monkeypatch, failure):
    # write_set makes the manifest on a second thread while the books are read back (services.beside): a
    # read-back that fails first (a refusal, or Ctrl-C arriving in the main thread) must still wait for it, so
    # that the rollback removes a finished file.
    import shuudan_xl.services.round_files as rf
    import shuudan_xl.services.vendor_readback as vendor_readback

    real_stage, staged = rf.stage_manifest, []

    def slow_stage(*args):
        time.sleep(0.3)
        real_stage(*args)
        staged.append(threading.current_thread().name)

    def refuse(*args, **kwargs):
        raise failure

    monkeypatch.setattr(rf, "stage_manifest", slow_stage)
    monkeypatch.setattr(vendor_readback, "verify_written", refuse)
    master = make_master(tmp_path / "m.xlsx", [viewer()])
    before = master.read_bytes()
    context = planned(master, today=dt.date(2024, 5, 1))
    with pytest.raises(type(failure)):
        export_round(context, tmp_path / "out")
    assert staged == ["shuudan-xl manifest"]  # written, beside the read-back, before the refusal was raised
    assert [p for p in (tmp_path / "out").rglob("*") if p.is_file()] == []  # no book, manifest or temp file
    assert master.read_bytes() == before


def test_a_re_export_hashes_the_sets_rows_once(master, monkeypatch):
    # The open set's digest is compared (RoundFilesPlan.unchanged, asked by write_set and its notes) and the
    # new set's recorded (record_set): the same rows, one digest (RoundFilesPlan.content).
    import shuudan_xl.services.round_files as rf

    export(master)
    real, calls = rf.content_digest, []
    monkeypatch.setattr(rf, "content_digest", lambda *rows: calls.append(1) or real(*rows))
    context, files = export(master)
    assert len(calls) == 1
    recorded = rf.read_manifest(files.registration.parent, "令和6年度", 1).open_set.content
    assert recorded == real(context.plan.registration_records(), context.plan.video_records())
