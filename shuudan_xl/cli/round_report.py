"""Japanese text for the round commands: the round's dates, findings, counts and next steps."""

from __future__ import annotations

from shuudan_xl.cli.textout import capped_table, count, table
from shuudan_xl.rules.cleaning import show
from shuudan_xl.rules.era import format_date
from shuudan_xl.rules.findings import SEVERITY_LABELS


def round_heading(context) -> list[str]:
    """Lines naming the list, the round, its period and deadlines."""
    rnd = context.round
    return [
        f"視聴者リスト: {context.master.path}（シート「{context.master.sheet}」）",
        f"{context.fiscal_label} 第{rnd.number}回　視聴期間 {format_date(rnd.start)}～{format_date(rnd.end)}"
        f"　指導年月日 {format_date(rnd.guidance_date)}",
        f"登録期限: ●事業者 {format_date(rnd.vendor_deadline)}　☆自庁 {format_date(rnd.self_deadline)}",
        f"動画一覧: {context.catalog_source}　"
        f"ID台帳: {context.ledger_path}（登録済み {count(len(context.ledger))} 件）",
    ]


def findings_table(findings, list_sheet: str = "視聴者リスト", where: str | None = None,
                   breakdown: bool = True) -> str:
    """The findings as a table (row, column, severity, value, message and suggestion), cut at MAX_ROWS.

    Findings on other sheets than the list (e.g. 動画一覧) name their sheet in the column. Several kinds
    of finding (codes) get their counts first.

    Args:
        findings: The findings, in order.
        list_sheet: The sheet whose columns need no sheet name.
        where: Japanese: where the full list can be seen when the table is cut (default: check --report).
        breakdown: Start with the counts per code (when there are several codes).
    """
    from shuudan_xl.cli.textout import code_counts_table
    from shuudan_xl.rules.finding_codes import code_counts

    rows = []
    for f in findings:
        column = f.column if f.sheet == list_sheet else f"{f.sheet}の{f.column}"
        value = "" if f.value in (None, "") else f"「{show(str(f.value))}」"
        fix = "" if f.suggestion is None else f" → 修正案「{show(f.suggestion)}」"
        rows.append([f"{f.row}行目", column, SEVERITY_LABELS[f.severity], value, f.message + fix])
    lines = []
    if breakdown and len(code_counts(findings)) > 1:
        lines += ["内訳:", code_counts_table(findings), ""]
    where = where or f"「shuudan-xl check {list_sheet}のファイル --report 点検結果.xlsx」"
    return "\n".join(lines + [capped_table(["行", "列", "区分", "値", "内容"], rows, where)])


def plan_lines(plan) -> list[str]:
    """Counts of the round's viewers by kind, new and already registered."""
    new = len(plan.new_lines)
    lines = [f"対象: {count(len(plan.lines))} 人（新規ID {count(new)}・登録済みID {count(len(plan.lines) - new)}）"]
    rows = [[name, count(c["new"]), count(c["registered"])] for name, c in plan.counts_by_kind().items()]
    if rows:
        lines += ["", table(["IDの種類", "新規", "登録済み"], rows)]
    return lines


def notices(context) -> list[str]:
    """The schedule's notes and the registration-deadline warning (RoundContext.notices), prefixed for attention."""
    return [f"注意: {text}" for text in context.notices]
