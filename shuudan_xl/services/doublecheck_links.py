"""Double check a 視聴者⇔動画 book: against the round's links in the list, or against another keying.

What a staff member double-checking that file expects: every viewer of the round linked to the video export
sends them (the list's 指導動画, else the one 動画一覧 gives for the round's month), each once, nothing else —
the same (ID, video) pairs export plans (services.workflow.prepare_round), whatever the rows' order.
A registration book (ID / password / group) and a links book hold different things and are not compared.
"""

from __future__ import annotations

import re
from pathlib import Path

from shuudan_xl.errors import InvalidArgument
from shuudan_xl.gcpause import paused_gc
from shuudan_xl.rules.doublecheck import Record
from shuudan_xl.rules.video_links import LinksLayout, compare_links, link_rows
from shuudan_xl.services.books import Book
from shuudan_xl.services.check_links import links_sheet
from shuudan_xl.services.doublecheck import DoublecheckResult, Side

_ROUND_FILE = re.compile(r"((?:令和|平成)(?:\d+|元)年度)_第(\d+)回_")


def read_links_side(book: Book, sheet: str | None = None) -> Side | None:
    """The 視聴者⇔動画 table of a workbook as a side (a record's ``password`` holds the video), or None."""
    found = links_sheet(book, sheet)
    if found is None:
        return None
    name, rows, layout = found
    records = [Record(link.row, link.id, link.video, None) for link in link_rows(rows, layout)]
    return Side(str(book.path), name, layout, records)


def doublecheck_links(book_a: Book, side_a: Side, book_b: Book, side_b: Side, round_no: int | None,
                      files: bool) -> DoublecheckResult:
    """Compare a 視聴者⇔動画 side with the list's links of a round, or with another 視聴者⇔動画 side.

    Args:
        book_a, side_a: The reference workbook and what was read of it (a links side or the list's table).
        book_b, side_b: The same for the workbook compared with it.
        round_no: The round of the list's links; by default the round named by the links file
            (令和6年度_第N回_視聴者動画.xlsx).
        files: The books are files staff named (notes on whether a vendor file is its round's current one).

    Raises:
        InvalidArgument: when a registration book is given with a links book, or the round is unknown.
    """
    from shuudan_xl.rules.master import is_master_layout
    from shuudan_xl.services.round_files import notes_for_file

    notes: list[str] = []
    links = [s for s in (side_a, side_b) if _is_links(s)]
    sides = []
    for book, side in ((book_a, side_a), (book_b, side_b)):
        if _is_links(side):
            sides.append(side)
        elif is_master_layout(side.layout):
            round_no, side, more = _list_side(book, side, round_no, Path(links[0].file))
            sides.append(side)
            notes += more
        else:
            raise InvalidArgument(
                f"「{Path(side.file).name}」（シート「{side.sheet}」）は視聴者登録／更新の表です。視聴者⇔動画のブックは、"
                "視聴者リスト（--round N でその回の紐付け）か、もう1つの視聴者⇔動画のブックと照合してください。")
    a, b = sides
    with paused_gc():
        comparison = compare_links(a.records, b.records)
    for book in (book_a, book_b) if files else ():
        notes += notes_for_file(Path(book.path))
    return DoublecheckResult(a, b, comparison, round_no, notes, links=True)


def _is_links(side: Side) -> bool:
    return isinstance(side.layout, LinksLayout)


def _list_side(book: Book, side: Side, round_no: int | None, links_file: Path) -> tuple[int, Side, list[str]]:
    # The list's links of the round as export plans them; the round from --round or the links file's name.
    from shuudan_xl.services.session import open_session
    from shuudan_xl.services.workflow import prepare_round

    named = _ROUND_FILE.search(links_file.name)
    if round_no is None and named is None:
        raise InvalidArgument("視聴者リストと視聴者⇔動画のブックを照合するには、--round N で視聴回を指定してください。")
    round_no = round_no if round_no is not None else int(named.group(2))
    context = prepare_round(open_session(book, round_=round_no, fiscal_year=named.group(1) if named else None))
    plan = context.plan
    records = [Record(line.row.excel_row, line.login_id, line.video, None) for line in plan.lines]
    notes = []
    if named is not None and int(named.group(2)) != round_no:
        notes.append(f"「{links_file.name}」は第{named.group(2)}回のファイルですが、第{round_no}回の行と照合しました。")
    if plan.errors:
        notes.append(f"視聴者リストの第{round_no}回にエラーが{len(plan.errors)}件あり、ユーザーIDや動画を決められない行は"
                     "照合していません。先に check で直してください。")
    if "_追加" in links_file.name:
        notes.append(f"「{links_file.name}」は提出後に加わった分だけのファイルです。提出済みの紐付けは「Bにない行」に"
                     "なります。")
    return round_no, Side(side.file, side.sheet, side.layout, records), notes
