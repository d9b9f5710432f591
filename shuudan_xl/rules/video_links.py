"""The 視聴者⇔動画 workbook: one row per viewer and video (ユーザーID / 動画), checked as the vendor reads it.

手順 2③「視聴者⇔動画 登録用エクセル　視聴者と指導動画の紐付け登録するためのエクセルシート」. It has no password
or group: what applies is that every ID is well-formed, every row names a video, no blank row splits the
list (登録もれ, 手順 3(5)) and no pair is there twice. The sheet count is the service's business (it needs
the book).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from shuudan_xl.rules import cells, login_ids
from shuudan_xl.rules.cleaning import EDGE_SPACE, INVISIBLE, preview, show, squeeze, visible
from shuudan_xl.rules.doublecheck import (
    DUPLICATE,
    ID,
    VIDEO,
    Comparison,
    Difference,
    Record,
    assemble,
    changed,
    pair_rows,
)
from shuudan_xl.rules.findings import ERROR, WARNING, Finding, Problem
from shuudan_xl.rules.layout import HEADER_SEARCH_ROWS, ID_HEADERS, PASSWORD_HEADERS, header_key

VIDEO_HEADERS = ("動画", "動画名", "指導動画", "コンテンツ", "コンテンツ名")

VIDEO_EMPTY = Problem("cell.empty", ERROR, "動画が空欄です。このユーザーIDに紐付ける指導動画の名前"
                                           "（動画一覧の動画名。例: 指定時集団指導（医科）6月）を入力してください。")


@dataclass(frozen=True, slots=True)
class LinksLayout:
    """Columns of a 視聴者⇔動画 sheet (0-based) and its header row (1-based)."""

    header_row: int
    id_col: int
    video_col: int
    headers: tuple[str, ...]

    def header(self, col: int) -> str:
        return self.headers[col] if col < len(self.headers) else ""

    @property
    def round_col(self) -> None:
        """No 視聴回 column: a links book is one round's."""
        return None

    @property
    def is_vendor(self) -> bool:
        """Not the registration layout (no group label to insist on)."""
        return False


@dataclass(frozen=True, slots=True)
class Link:
    """One data row: its Excel row, the ID and the video as text ("" when blank)."""

    row: int
    id: str
    video: str


def find_links_layout(rows: list[list[object]]) -> LinksLayout | None:
    """Find the first row, among the first 20, with an ID and a video header but no password header.

    Args:
        rows: The sheet's cell values, row by row.

    Returns:
        The layout, or None when the sheet is not a 視聴者⇔動画 sheet.
    """
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [header_key(v) for v in row]
        id_col = next((keys.index(h) for h in ID_HEADERS if h in keys), None)
        video_col = next((keys.index(h) for h in VIDEO_HEADERS if h in keys), None)
        if id_col is None or video_col is None:
            continue
        if any(h in keys for h in PASSWORD_HEADERS):
            return None  # a registration table: its own rules apply
        return LinksLayout(index + 1, id_col, video_col, tuple(keys))
    return None


def link_rows(rows: list[list[object]], layout: LinksLayout) -> list[Link]:
    """The non-blank data rows as text (cells shown as Excel shows them)."""
    out = []
    for n, row in enumerate(rows[layout.header_row:], start=layout.header_row + 1):
        login_id, video = _cell(row, layout.id_col), _cell(row, layout.video_col)
        if login_id in _EMPTY and video in _EMPTY:
            continue
        out.append(Link(n, cells.text_of(login_id, strip=False), cells.text_of(video, strip=False)))
    return out


def check_link_rows(sheet: str, rows: list[list[object]], layout: LinksLayout) -> tuple[list[Finding], int]:
    """Check every data row of a 視聴者⇔動画 sheet and the rows against each other.

    Args:
        sheet: Sheet name for the findings.
        rows: All rows of the sheet (header included).
        layout: Where the header and the columns are.

    Returns:
        The findings sorted by row (ID before video), and the number of non-blank data rows.
    """
    findings: list[Finding] = []
    id_header, video_header = layout.header(layout.id_col), layout.header(layout.video_col)
    data = rows[layout.header_row:]
    filled = [i for i, row in enumerate(data)
              if not (_cell(row, layout.id_col) in _EMPTY and _cell(row, layout.video_col) in _EMPTY)]
    last = filled[-1] if filled else -1
    first_of: dict[tuple[str, str], int] = {}
    for i, row in enumerate(data[:last + 1]):
        excel_row = layout.header_row + 1 + i
        raw_id, raw_video = _cell(row, layout.id_col), _cell(row, layout.video_col)
        if raw_id in _EMPTY and raw_video in _EMPTY:
            findings.append(Finding(
                sheet, excel_row, id_header, ERROR, "links.blank_row",
                f"{excel_row}行目が空の行です（下の行にまだデータがあります）。業者の取り込みで途中の空の行から下が"
                "読まれず登録もれになるおそれがあるため、この行を削除して詰めてください。", None, None))
            continue
        login_id = _check_id(findings, sheet, excel_row, id_header, raw_id)
        video = _check_video(findings, sheet, excel_row, video_header, raw_video)
        if login_id and video:
            seen = first_of.setdefault((login_id, video), excel_row)
            if seen != excel_row:
                findings.append(Finding(
                    sheet, excel_row, id_header, WARNING, "links.duplicate",
                    f"ユーザーID「{login_id}」と動画「{video}」の組み合わせが{seen}行目と同じです。"
                    "同じ紐付けは1行にしてください（この行を削除）。", raw_id, None))
    order = {id_header: 0, video_header: 1}
    findings.sort(key=lambda f: (f.row, order.get(f.column, 2)))
    return findings, len(filled)


_EMPTY = ("", None)


def _cell(row: list[object], col: int) -> object:
    return row[col] if col < len(row) else None


def _check_id(findings, sheet: str, row: int, header: str, value: object) -> str | None:
    # The ID rules of the registration sheet: how the cell is stored, dirt, then the ID itself.
    text, problems = cells.cell_text(value)
    if not problems:
        text, dirt = cells.text_problems(text)
        problems = dirt + login_ids.check_id(text)
    findings.extend(Finding.at(sheet, row, header, value, p) for p in problems)
    return text


def _check_video(findings, sheet: str, row: int, header: str, value: object) -> str | None:
    # A video name is Japanese text, full-width by nature: only blanks, storage, controls, invisible
    # characters and spaces at the edges are wrong (the name goes to the vendor as typed).
    text, problems = cells.cell_text(value)
    if problems:
        problems = [VIDEO_EMPTY if p is cells.EMPTY else p for p in problems]
    else:
        problems = cells.free_text_problems(text)
        fixed = visible(text).strip()
        if any(ch in INVISIBLE for ch in text):
            problems.append(Problem("cell.invisible", ERROR, "動画名に目に見えない文字（ゼロ幅スペース・BOM など）が"
                                    "含まれています。業者の動画名と一致しなくなるため、取り除いてください。", fixed))
        if EDGE_SPACE in preview(text).changes:
            problems.append(Problem("cell.space_edge", ERROR, "動画名の前後に空白があります。"
                                    "業者の動画名と一致しなくなるため、取り除いてください。", fixed))
    findings.extend(Finding.at(sheet, row, header, value, p) for p in problems)
    return text


# ---------------------------------------------------------------------------------------------------
# Double check of links: the pairs (ID, video) of two sides.

COLUMN_VIDEO = "動画"


def compare_links(a: list[Record], b: list[Record]) -> Comparison:
    """Pair the links of two sides and list every difference.

    A record's ``password`` holds the video here (``group`` is None). Identical (ID, video) pairs are paired
    first; the rest are paired by ID the way the registration double check pairs them (the same ID, then a
    look-alike or one-edit typo), never by the video alone, which many viewers share.

    Args:
        a: Links of the reference side (the round's links as export sends them, or a first keying).
        b: Links of the side compared with it.

    Returns:
        The pairs, the differences (kinds id, video, missing, extra, duplicate) and the number of pairs
        whose ID and video agree.
    """
    partner: dict[int, int] = {}
    free_b: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, r in enumerate(b):
        free_b[(r.id, r.password)].append(j)
    for i, r in enumerate(a):
        same = free_b.get((r.id, r.password))
        if same:
            partner[i] = same.pop(0)
    taken = set(partner.values())
    left_a = [i for i in range(len(a)) if i not in partner]
    left_b = [j for j in range(len(b)) if j not in taken]
    if left_a and left_b:  # an empty password switches off pairing by password (stage 4)
        found = pair_rows([a[i]._replace(password="") for i in left_a], [b[j]._replace(password="") for j in left_b])
        partner.update({left_a[x]: left_b[y] for x, y in found.items()})
    return assemble(a, b, partner, _link_differences, _link_name, _repeated)


def _link_differences(ra: Record, rb: Record) -> list[Difference]:
    found = []
    if ra.id != rb.id:
        found.append(Difference(ra.id, ID, ra.row, rb.row, "ユーザーID", ra.id, rb.id,
                                changed("ユーザーID", ra.id, rb.id)))
    if ra.password != rb.password:
        found.append(Difference(ra.id, VIDEO, ra.row, rb.row, COLUMN_VIDEO, ra.password, rb.password,
                                _video_changed(ra.password, rb.password)))
    return found


def _link_name(r: Record) -> str:
    who = f"ユーザーID「{show(r.id)}」" if r.id else "ユーザーIDが空欄"
    return f"{who}と動画「{show(r.password)}」の紐付け" if r.password else f"{who}（動画が空欄）の行"


def _video_changed(x: str, y: str) -> str:
    # Video names are Japanese: full-width characters are their nature, not a hint (describe() would say so).
    text = f"動画が違います（A「{show(x)}」／B「{show(y)}」）。"
    if squeeze(x) == squeeze(y):
        text += "違い: 全角・半角、空白、または見えない文字（業者の動画名と一致しなくなります）。"
    return text


def _repeated(records: list[Record], side: str) -> list[Difference]:
    # Every occurrence of an (ID, video) pair after its first, within one side.
    first: dict[tuple[str, str], int] = {}
    found = []
    for r in records:
        earlier = first.setdefault((r.id, r.password), r.row)
        if not r.id or earlier == r.row:
            continue
        message = f"{_link_name(r)}が{side}の{earlier}行目と重複しています。"
        row_a, row_b = (r.row, None) if side == "A" else (None, r.row)
        found.append(Difference(r.id, DUPLICATE, row_a, row_b, "ユーザーID", r.id if side == "A" else None,
                                r.id if side == "B" else None, message))
    return found
