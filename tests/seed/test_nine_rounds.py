"""The nine rounds of 令和6年度, exactly as the seed prints them, through ``schedule`` and through ``export``.

Seed, 手順 3(1): 「令和6年度指導計画に基づき、集団指導の実施月に該当する視聴期間を下記の表により確認し、登録期限までに
視聴者を必ず登録すること。（登録期限上段●がeラーニング事業者への登録期限、下段☆が自庁で登録する期限。）」
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from shuudan_xl.rules import master as m
from tests.masters import viewer
from tests.rules.test_schedule import SEED_TABLE  # 【視聴期間及び視聴者登録期限】 as the seed prints it
from tests.seed.helpers import LINK, REG, list_rows, make_list, one_sheet_book, run, tree

WEEKDAYS = "月火水木金土日"
_DATE = re.compile(r"(?:令和(\d+)年)?(\d+)月(\d+)日\((.)\)")


def _date(match: re.Match, fiscal_year: int = 2024) -> tuple[dt.date, str]:
    era, month, day, weekday = match.groups()
    year = 2018 + int(era) if era else fiscal_year + (1 if int(month) <= 3 else 0)
    return dt.date(year, int(month), int(day)), weekday


def seed_rounds() -> list[dict[str, object]]:
    """The seed's table as dates: round, ●, ☆, start, end, 指導年月日 (read here, not by the tool's parser)."""
    rounds = []
    for k, line in enumerate(SEED_TABLE.splitlines(), 1):
        assert line.startswith(f"第{k}回")
        dates = [_date(found) for found in _DATE.finditer(line)]
        assert len(dates) == 5, line
        (vendor, _), (self_, _), (start, _), (end, _), (guidance, _) = dates
        rounds.append({"round": k, "vendor": vendor, "self": self_, "start": start, "end": end,
                       "guidance": guidance})
    return rounds


def wareki(day: dt.date) -> str:
    """A date as the tool prints it: 令和6年6月30日（日）."""
    return f"令和{day.year - 2018}年{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def test_schedule_json_is_the_seed_table_and_the_guidance_date_is_the_last_day(capsys):
    """「指導年月日 (視聴期間最終日)」: nine rounds, ● and ☆ per round, periods, 指導年月日 = the period's last day."""
    code, out, err = run(capsys, "schedule", "2024", "--json")
    assert (code, err) == (0, "")
    body = json.loads(out)["body"]
    got = [(r["round"], r["vendor_deadline"], r["self_deadline"], r["start"], r["end"], r["guidance_date"],
            r["source"]) for r in body["rounds"]]
    want = [(r["round"], *(r[k].isoformat() for k in ("vendor", "self", "start", "end", "guidance")), "published")
            for r in seed_rounds()]
    assert got == want
    assert all(r["guidance_date"] == r["end"] for r in body["rounds"])
    # Each period is one calendar month, June 2024 to February 2025, and the ☆ deadline is before it starts.
    assert [r["start"][:7] for r in body["rounds"]] == [f"2024-{m:02}" for m in range(6, 13)] + ["2025-01", "2025-02"]
    assert all(r["vendor_deadline"] < r["self_deadline"] < r["start"] for r in body["rounds"])


def test_schedule_prints_every_seed_date_with_its_weekday(capsys):
    """【視聴期間及び視聴者登録期限】「指導年月日 (視聴期間最終日)」: the human table holds each date of the seed's
    row, the 第5回 misprint 「令和6年10月1日(日)」 corrected and explained."""
    code, out, _ = run(capsys, "schedule", "2024")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("第")}
    for r in seed_rounds():
        line = lines[f"第{r['round']}回"]
        expected = [wareki(r[k]) for k in ("vendor", "self", "start", "end", "guidance")]
        assert re.findall(r"令和\d+年\d+月\d+日（.）", line) == expected
    assert "「令和6年10月1日(日)」は曜日の誤りです（10月1日は火曜日）" in out


@pytest.fixture(scope="module")
def nine_round_rows():
    # One viewer per round, so that each round's export has its own row.
    return [viewer(round_=k, number=f"{k}234567", name=f"第{k}回の医院") for k in range(1, 10)]


@pytest.mark.parametrize(("method", "label"), [("vendor", "●登録期限（事業者）"), ("self", "☆登録期限（自庁）")],
                         ids=["vendor", "self"])
def test_each_round_exports_on_its_deadline_day_and_is_refused_the_day_after(
        tmp_path, capsys, nine_round_rows, method, label):
    """手順 3(1): 「登録期限までに視聴者を必ず登録すること。（登録期限上段●がeラーニング事業者への登録期限、下段☆が
    自庁で登録する期限。）」 and 3(6): 「視聴者は各視聴期間の登録期限までに必ず登録すること。」
    「登録期限は厳守すること。登録期限に間に合わなかった場合は、翌月以降の指導実施に変更するなどの対応を図ること。」

    For each of the nine rounds and each method: the day after the deadline the export is refused (exit 1, not one
    file created or changed, the next open round named), and on the deadline day itself it writes the round's pair.
    """
    key = "vendor" if method == "vendor" else "self"
    master = make_list(tmp_path / "課", nine_round_rows)
    outdir = tmp_path / "課" / "業者提出"
    for r in seed_rounds():
        k, deadline = r["round"], r[key]
        before = tree(tmp_path)
        code, out, err = run(capsys, "export", master, "--round", k, "--method", method,
                             "--today", deadline + dt.timedelta(days=1), "-o", outdir)
        assert code == 1, out + err
        assert tree(tmp_path) == before, f"第{k}回: a refused export changed files"
        assert f"第{k}回の{label}（{wareki(deadline)}）を過ぎています" in out
        if k < 9:
            nxt = seed_rounds()[k]
            assert f"登録期限がまだ来ていない次の視聴回は第{k + 1}回です" in out
            assert f"{label} {wareki(nxt[key])}" in out
        else:
            assert "この年度の視聴回はすべて登録期限を過ぎています" in out
        assert "何も作成・変更していません" in out

        code, out, err = run(capsys, "export", master, "--round", k, "--method", method, "--today", deadline,
                             "-o", outdir)
        assert (code, err) == (0, ""), out
        assert "過ぎています" not in out
        # 3(5): the vendor's pair goes by mail to its address; self-registration goes through the admin screen.
        assert ("r6elearning-help@stage.ac" in out) == (method == "vendor")
        assert ("管理者画面から登録" in out) == (method == "self")
        assert (f"令和6年度 第{k}回　視聴期間 {wareki(r['start'])}～{wareki(r['end'])}　"
                f"指導年月日 {wareki(r['guidance'])}") in out
        viewer_row = next(row for row in list_rows(master) if m.round_number(row[m.ROUND]) == k)
        _, reg = one_sheet_book(outdir / REG.format(k))
        _, link = one_sheet_book(outdir / LINK.format(k))
        assert reg[1:] == [[viewer_row[m.LOGIN_ID], viewer_row[m.PASSWORD], "東京13"]]
        assert link[1:] == [[viewer_row[m.LOGIN_ID], f"指定時集団指導（医科）{r['start'].month}月"]]
    assert sorted(p.name for p in outdir.glob("*.xlsx")) == sorted(
        [REG.format(k) for k in range(1, 10)] + [LINK.format(k) for k in range(1, 10)])
