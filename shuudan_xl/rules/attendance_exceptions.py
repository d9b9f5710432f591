"""The 出欠特例 table: viewers who completed the guidance without logging in, and which kinds apply to whom.

手順 6(1)(2): staff record attendance whatever the results say for a viewer who watched at the bureau
without logging in (①), who watched as a group at a 登録時 session while a representative logged in (②),
or who was sent the printed material. Group viewing is an exception of 登録時集団指導 only.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.findings import ERROR, Finding
from shuudan_xl.rules.layout import HEADER_SEARCH_ROWS
from shuudan_xl.rules.master import round_number
from shuudan_xl.rules.viewing_results import cell

# The 出欠特例 sheet (in the master workbook, or a file of its own with the same headers).
EXCEPTIONS_SHEET = "出欠特例"
EXC_ID, EXC_ROUND, EXC_KIND, EXC_REASON = "ユーザーID", "視聴回", "特例の種類", "理由"
EXCEPTION_HEADERS = (EXC_ID, EXC_ROUND, EXC_KIND, EXC_REASON)
AT_VENUE, GROUP_VIEWING, MATERIAL_SENT = "会場で視聴", "集団で視聴", "資料送付"
EXCEPTION_KINDS: dict[str, str] = {
    AT_VENUE: "インターネット環境がない等の申し出により、厚生局が用意した会場・PCでログインせずに視聴を完了した",
    GROUP_VIEWING: "登録時集団指導で集団での視聴の申し出があり、代表者以外がログインせずに視聴を完了した",
    MATERIAL_SENT: "やむを得ずeラーニングを視聴できないため、印刷したコンテンツを指導用資料として送付した",
}
_KIND_ALIASES = {
    "会場": AT_VENUE, "会場視聴": AT_VENUE, "来所": AT_VENUE, "来所視聴": AT_VENUE, "厚生局で視聴": AT_VENUE,
    "集団": GROUP_VIEWING, "集団視聴": GROUP_VIEWING, "代表ログイン": GROUP_VIEWING,
    "資料": MATERIAL_SENT, "資料の送付": MATERIAL_SENT, "資料を送付": MATERIAL_SENT, "印刷資料送付": MATERIAL_SENT,
}
# The 指導区分 a kind is limited to; kinds not listed serve every 指導区分. 手順 6(1)② allows group viewing
# only「登録時集団指導の際に集団で視聴したい旨の申し出があり」, and 事務連絡 (1) only「登録時集団指導において」.
ONLY_FOR: dict[str, str] = {GROUP_VIEWING: "登録時"}


def exception_kind(text: str) -> str | None:
    """Map a typed 特例の種類 to 会場で視聴 / 集団で視聴 / 資料送付; None when unknown."""
    value = squeeze(text)
    if value in EXCEPTION_KINDS:
        return value
    return _KIND_ALIASES.get(value)


@dataclass(frozen=True, slots=True)
class AttendanceException:
    """A viewer who completed the guidance without logging in (or was sent the material)."""

    login_id: str
    round: int
    kind: str
    reason: str
    source: str  # sheet or file name
    row: int

    @property
    def note(self) -> str:
        """The 備考 for the system: "特例（会場で視聴）: 理由"."""
        return f"特例（{self.kind}）" + (f": {self.reason}" if self.reason else "")


def misapplied(exception: AttendanceException, guidance: str | None) -> str | None:
    """Why an exception cannot count for a viewer of this 指導区分, or None when it can.

    Args:
        exception: The exception recorded for the viewer.
        guidance: The viewer's 指導区分 as in the master list (指定時 / 更新時 / 登録時 / オンライン資格確認).

    Returns:
        A Japanese message naming the kind, the 指導区分 it is limited to and the viewer's, with what to do.
    """
    allowed = ONLY_FOR.get(exception.kind)
    if allowed is None or guidance == allowed:
        return None
    return (f"「{exception.kind}」は{allowed}集団指導だけの特例です（手順 6(1)②）が、この視聴者の指導区分は"
            f"「{guidance or '空欄'}」です。特例は使わず、視聴結果で判定しました。会場で視聴した場合は"
            f"特例の種類を「{AT_VENUE}」に、資料を送付した場合は「{MATERIAL_SENT}」に直してください。")


def read_exceptions(rows: list[list[object]], source: str) -> tuple[list[AttendanceException], list[Finding]]:
    """Read a 出欠特例 table (headers ユーザーID / 視聴回 / 特例の種類 / 理由, in any row of the first 20).

    Args:
        rows: The table's cells.
        source: Its sheet or file name, for findings.

    Returns:
        The usable exceptions and findings on rows that cannot be used (all reported, none guessed).
    """
    header = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [squeeze(v) if isinstance(v, str) else "" for v in row]
        if EXC_ID in cells and EXC_KIND in cells:
            header = index, {h: cells.index(h) for h in EXCEPTION_HEADERS if h in cells}
            break
    if header is None:
        if any(any(v not in ("", None) for v in row) for row in rows):
            return [], [Finding(source, 1, EXC_ID, ERROR, "exception.headers",
                                f"見出し（{'・'.join(EXCEPTION_HEADERS)}）の行が見つかりません。", None, None)]
        return [], []
    start, cols = header
    found, findings = [], []
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if all(v in ("", None) for v in row):
            continue
        excel_row = index + 1

        def problem(column: str, message: str, value: object, excel_row: int = excel_row) -> None:
            findings.append(Finding(source, excel_row, column, ERROR, "exception.row",
                                    message + "この特例は使っていません。", value, None))

        login_id = squeeze(text_of(cell(row, cols.get(EXC_ID))))
        raw_round, raw_kind = cell(row, cols.get(EXC_ROUND)), cell(row, cols.get(EXC_KIND))
        round_ = round_number(raw_round)
        kind = exception_kind(text_of(raw_kind))
        if not login_id:
            problem(EXC_ID, "ユーザーIDが空欄です。", None)
        elif round_ is None:
            problem(EXC_ROUND, "視聴回を 1〜9 で入力してください（空欄の特例は、どの視聴回のものか決められません）。",
                    raw_round)
        elif kind is None:
            problem(EXC_KIND, f"特例の種類は「{'」「'.join(EXCEPTION_KINDS)}」のいずれかにしてください。", raw_kind)
        else:
            found.append(AttendanceException(login_id, round_, kind, text_of(cell(row, cols.get(EXC_REASON))),
                                             source, excel_row))
    return found, findings
