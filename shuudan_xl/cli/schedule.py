"""``shuudan-xl schedule FISCAL_YEAR``: print the viewing periods and registration deadlines."""

from __future__ import annotations

import argparse
import sys


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "schedule", help="年度の視聴期間と視聴者登録期限（●事業者・☆自庁）を表示します",
        description="視聴回ごとの●登録期限（事業者）・☆登録期限（自庁）・視聴期間・指導年月日を表示します。"
                    "令和6年度は公表された表、その他の年度は閉庁日（土日・祝日・12月29日～1月3日）から計算した日付です。")
    parser.add_argument("fiscal_year", metavar="FISCAL_YEAR",
                        help="年度（例: 2024、R6、令和6、令和6年度、H30）")
    parser.add_argument("--json", action="store_true", help="結果をJSON（日付はISO形式）で出力します")
    parser.add_argument("--master", metavar="MASTER",
                        help="視聴者リストのブック。シート「視聴スケジュール」に入力された日付を点検し（曜日の誤り・"
                             "視聴開始より後の期限・重なった視聴期間など）、書き換えた日付を使って表示します。"
                             "エラーがあれば終了コード1")
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the schedule of the fiscal year and return 0."""
    from shuudan_xl.rules.era import parse_fiscal_year
    from shuudan_xl.rules.schedule import schedule_for

    fiscal_year = parse_fiscal_year(args.fiscal_year)
    rounds = schedule_for(fiscal_year)
    typed = None
    if args.master:
        from pathlib import Path

        from shuudan_xl.files.reader import Workbook
        from shuudan_xl.services.schedule_sheet import schedule_with_sheet

        typed = schedule_with_sheet(Workbook(Path(args.master)), fiscal_year)
        rounds = typed.rounds
    exit_code = 1 if typed is not None and typed.errors else 0
    if args.json:
        from shuudan_xl.cli.envelope import emit

        emit(json_envelope(fiscal_year, rounds, args.master, typed, exit_code))
    else:
        sys.stdout.write(render(fiscal_year, rounds) + "\n")
        if typed is not None:
            sys.stdout.write(render_sheet_check(typed) + "\n")
    return exit_code


# What became of the 視聴スケジュール sheet of --master (body.sheet.state in the JSON).
SHEET_MISSING, SHEET_BLANK, SHEET_OTHER_YEAR, SHEET_CHECKED = "missing", "blank", "other_year", "checked"


def sheet_state(typed) -> str:
    """Whether the sheet was missing, held no date, held another year's dates, or was checked."""
    if not typed.sheet_found:
        return SHEET_MISSING
    if not typed.has_dates:
        return SHEET_BLANK
    return SHEET_CHECKED if typed.other_year is None else SHEET_OTHER_YEAR


def json_envelope(fiscal_year: int, rounds, master: str | None, typed, exit_code: int) -> dict:
    """The ``--json`` object: inputs fiscal_year/master, counts, body rounds (ISO dates) and the sheet's check."""
    from shuudan_xl.cli.envelope import envelope, finding_counts
    from shuudan_xl.rules.era import format_fiscal_year
    from shuudan_xl.rules.sheets import SCHEDULE_SHEET

    findings = typed.findings if typed is not None else []
    body = {"fiscal_year": fiscal_year, "label": format_fiscal_year(fiscal_year),
            "rounds": [{**r.as_dict(), "label": r.label, "source": r.source, "overridden": list(r.overridden)}
                       for r in rounds],
            "sheet": None if typed is None else {"name": SCHEDULE_SHEET, "state": sheet_state(typed),
                                                 "findings": [f.as_dict() for f in findings]}}
    counts = {"rounds": len(rounds), "overridden": sum(len(r.overridden) for r in rounds), **finding_counts(findings)}
    notes = [] if typed is None else _sheet_notes(typed)
    return envelope("schedule", inputs={"fiscal_year": fiscal_year, "master": master}, counts=counts,
                    exit_code=exit_code, notes=notes, body=body)


def _sheet_notes(typed) -> list[str]:
    # The notes that say the sheet's dates were not used (warnings are findings already).
    from shuudan_xl.rules.sheets import SCHEDULE_SHEET

    state = sheet_state(typed)
    if state == SHEET_MISSING:
        return [f"ブックにシート「{SCHEDULE_SHEET}」がないため、点検していません"
                "（公表または計算した日付を表示しています）。"]
    if state == SHEET_BLANK:
        return [f"シート「{SCHEDULE_SHEET}」に日付が入っていないため、点検していません"
                "（公表または計算した日付を表示しています）。"]
    if state == SHEET_OTHER_YEAR:
        return [typed.notices()[-1]]
    return []


def render_sheet_check(typed) -> str:
    """The findings on the typed 視聴スケジュール sheet, and whether its dates were used."""
    from shuudan_xl.cli.round_report import findings_table
    from shuudan_xl.rules.sheets import SCHEDULE_SHEET

    lines = [""]
    notes = _sheet_notes(typed)
    if notes:  # missing, blank, or another year's dates: not checked, not used
        return "\n".join(lines + [f"注意: {note}" for note in notes])
    if typed.findings:
        lines += [f"シート「{SCHEDULE_SHEET}」の点検: エラー {len(typed.errors)} 件・警告 {len(typed.warnings)} 件",
                  findings_table(typed.findings, SCHEDULE_SHEET)]
    else:
        lines.append(f"シート「{SCHEDULE_SHEET}」の点検: 問題は見つかりませんでした。")
    if typed.errors:
        lines.append("結果: エラーがあるため、シートの日付は使わず上の表（公表または計算した日付）を表示しました。")
    return "\n".join(lines)


def render(fiscal_year: int, rounds) -> str:
    """Return the Japanese table of a schedule with notes on where its dates come from."""
    from shuudan_xl.cli.textout import table
    from shuudan_xl.rules.era import format_date, format_fiscal_year
    from shuudan_xl.rules.schedule import (
        FIELD_LABELS,
        PUBLISHED,
        PUBLISHED_NOTES,
        PUBLISHED_SOURCES,
        VENDOR_LEAD_DAYS,
    )

    def shown(rnd, name: str) -> str:
        # A date as printed, marked when staff overrode it.
        return format_date(getattr(rnd, name)) + ("＊" if name in rnd.overridden else "")

    rows = [[r.label, shown(r, "vendor_deadline"), shown(r, "self_deadline"),
             f"{shown(r, 'start')}～{shown(r, 'end')}", format_date(r.guidance_date)] for r in rounds]
    headers = [FIELD_LABELS["round"], FIELD_LABELS["vendor_deadline"], FIELD_LABELS["self_deadline"],
               FIELD_LABELS["period"], "指導年月日（視聴期間最終日）"]
    name = format_fiscal_year(fiscal_year)
    lines = [f"{name} 視聴期間及び視聴者登録期限", "", table(headers, rows), "",
             "●はeラーニング事業者に登録を依頼する場合、☆は自庁で直接登録する場合の登録期限です。"]
    if all(r.source == PUBLISHED for r in rounds):
        lines.append(f"出典: 公表された表（{PUBLISHED_SOURCES[fiscal_year]}）の日付です。")
        lines += PUBLISHED_NOTES.get(fiscal_year, ())
    else:
        lines += [
            f"出典: {name}の表は本ツールに登録されていないため、計算した日付です。",
            "計算方法: ☆＝視聴期間の開始日より前の最後の開庁日、"
            f"●＝☆の{VENDOR_LEAD_DAYS}日前（閉庁日なら次の開庁日）。"
            "閉庁日は土曜日・日曜日・祝日・12月29日～1月3日です。",
            "公表された表では日付が調整されることがあります（令和6年度の第8回の●など）。"
            "公表された表が届いたら、そちらに従ってください。",
        ]
    if any(r.overridden for r in rounds):
        lines.append("＊は手で上書きした日付です。")
    return "\n".join(lines)
