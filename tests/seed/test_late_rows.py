"""Late rows: the seed's way out (a later month) end to end, and re-viewing into a round whose deadline has passed.

Seed, 手順 3(6): 「登録期限までに登録できないと、視聴者はコンテンツの視聴ができなくなるので登録期限は厳守すること。
登録期限に間に合わなかった場合は、翌月以降の指導実施に変更するなどの対応を図ること。」
"""

from __future__ import annotations

from shuudan_xl.rules import master as m
from tests.attendance_data import write_csv
from tests.masters import viewer
from tests.seed.helpers import LINK, REG, list_rows, make_list, one_sheet_book, run, tree

VIEWERS = [viewer(number="1234567", name="みなと医院"),
           viewer(guidance="登録時", group="神奈川14", number="501704", name="山田　太郎")]


def test_late_rows_moved_as_the_refusal_suggests_are_sent_in_the_next_month(tmp_path, capsys):
    """3(6) 「登録期限に間に合わなかった場合は、翌月以降の指導実施に変更する」: the day after 第1回's ● deadline the
    export is refused and offers --move-late; with it the rows become 第2回 (July), and 第2回's export on its own ●
    deadline sends them with the July videos."""
    master = make_list(tmp_path / "課", VIEWERS)
    code, out, _ = run(capsys, "export", master, "--round", "1", "--today", "2024-05-25")
    assert code == 1 and "第2回" in out and "--move-late" in out
    code, out, err = run(capsys, "export", master, "--round", "1", "--today", "2024-05-25", "--move-late")
    assert (code, err) == (0, ""), out
    assert [m.round_number(r[m.ROUND]) for r in list_rows(master)] == [2, 2]
    outdir = master.parent / "業者提出"
    assert not outdir.exists() or not list(outdir.glob("*第1回*"))  # nothing of 第1回 goes to the vendor
    code, out, err = run(capsys, "export", master, "--round", "2", "--today", "2024-06-21")
    assert (code, err) == (0, ""), out
    rows = list_rows(master)
    _, reg = one_sheet_book(outdir / REG.format(2))
    _, link = one_sheet_book(outdir / LINK.format(2))
    assert reg[1:] == [[r[m.LOGIN_ID], r[m.PASSWORD], r[m.GROUP]] for r in rows]
    assert link[1:] == [["n131234567", "指定時集団指導（医科）7月"], ["m14501704", "登録時集団指導（医科）7月"]]


def test_re_viewing_into_a_round_past_its_deadline_is_refused_and_writes_nothing(tmp_path, capsys):
    """Issue 9 §1 on 3(6): 「`reassign` to a round whose deadline has passed」 refuses (exit 1, nothing written) and
    names the next open round. On 5 July, 第2回 (● 6月21日, period from 7月1日) is too late; 第3回 is open."""
    master = make_list(tmp_path / "課", VIEWERS)
    assert run(capsys, "export", master, "--round", "1", "--today", "2024-05-24")[0] == 0
    assert run(capsys, "confirm", master, "--round", "1", "--today", "2024-05-24")[0] == 0
    results = write_csv(tmp_path / "視聴結果.csv", [["ユーザーID", "視聴状況", "視聴完了日時"],
                                                   ["n131234567", "未視聴", ""], ["m14501704", "未視聴", ""]])
    assert run(capsys, "attendance", master, "--round", "1", "--results", results, "--today", "2024-07-05")[0] == 0
    before = tree(tmp_path)
    code, out, _ = run(capsys, "reassign", master, "--from-round", "1", "--to-round", "2", "--today", "2024-07-05")
    assert code == 1 and "第3回" in out
    assert tree(tmp_path) == before
