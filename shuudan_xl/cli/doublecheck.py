"""``shuudan-xl doublecheck A B``: compare two keyings of the same viewers (ダブルチェック).

A and B are two vendor sheets, or a vendor sheet and the master list (sheet 視聴者リスト). Rows are paired
by ユーザーID, not by position; a mistyped ID is shown as an ID difference of the right pair.

JSON (``--json``, the envelope of ``cli.envelope``): ``inputs`` {"a": {"file", "sheet"}, "b": {...}, "round",
"report"}; ``counts`` {"rows_a", "rows_b", "matched", "differences", "by_kind"}; ``body`` {"differences":
[{"key", "kind", "row_a", "row_b", "column", "a", "b", "message"}]}. ``matched`` is the number of pairs (one A
row, one B row) whose ユーザーID, パスワード and 所属グループ agree; ``kind`` is "id", "password", "group",
"missing" (row only in A), "extra" (row only in B), "duplicate" (an ID repeated within one side) or, for
視聴者⇔動画 books (ユーザーID / 動画; compared with the list's links of the round), "video";
``row_a``/``row_b`` are Excel rows or null.
Exit status: 0 no difference, 1 differences, 2 an input cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "doublecheck", help="2つの入力（業者用エクセル同士、または業者用エクセルと視聴者リスト）を突き合わせます",
        description="同じ視聴者を2回入力した結果（または業者用エクセルと視聴者リスト）をユーザーIDで突き合わせ、"
                    "ユーザーID・パスワード・所属グループの違い、片方にしかない行、重複を一覧にします。"
                    "行の順番が違うだけなら差異にはなりません。"
                    "終了コード: 0 差異なし、1 差異あり、2 ファイルを読めない。")
    parser.add_argument("a", metavar="A", help="基準にするファイル（視聴者リスト、または1回目の入力）")
    parser.add_argument("b", metavar="B", help="突き合わせるファイル（業者用エクセル、または2回目の入力）")
    parser.add_argument("--sheet-a", metavar="NAME",
                        help="Aのシート名（省略時は「視聴者リスト」、なければ見出しのある最初のシート）")
    parser.add_argument("--sheet-b", metavar="NAME", help="Bのシート名（省略時はAと同じ決め方）")
    parser.add_argument("--round", type=int, metavar="N",
                        help="視聴回の列がある表は、第N回（1〜9）の行だけを突き合わせます")
    parser.add_argument("--ledger", metavar="ID台帳.xlsx",
                        help="ID台帳（省略時は視聴者リストと同じフォルダの ID台帳.xlsx）。登録済みのID（再視聴など）は"
                             "視聴者登録／更新に入らないため、視聴者リストと照合するとき「Bにない行」に数えません")
    parser.add_argument("--json", action="store_true", help="結果をJSONで出力します")
    parser.add_argument("--report", metavar="OUT.xlsx",
                        help="両方の行を並べ、違うセルに色とコメントを付けた照合結果ブックを書き出します"
                             "（元のファイルは変更しません）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Compare the files, print the result and return 0 (no difference) or 1 (differences)."""
    from shuudan_xl.files.reader import Workbook
    from shuudan_xl.services.doublecheck import doublecheck_workbooks

    if args.report:
        from shuudan_xl.files.report import ensure_not_input

        ensure_not_input(Path(args.report), Path(args.a), Path(args.b), report="照合結果ブック",
                         inputs="照合するファイル")
    result = doublecheck_workbooks(Workbook(Path(args.a)), Workbook(Path(args.b)), sheet_a=args.sheet_a,
                                   sheet_b=args.sheet_b, round_no=args.round, files=True,
                                   ledger=Path(args.ledger) if args.ledger else None)
    if args.report:
        from shuudan_xl.files.doublecheck_report import write_doublecheck_report

        write_doublecheck_report(Path(args.report), result)
    exit_code = 1 if result.differences else 0
    made = _export_records(args)
    result.notes += made
    if args.json:
        from shuudan_xl.cli.envelope import emit

        emit(json_envelope(result, args.report, exit_code))
    else:
        sys.stdout.write(render(result, args.report) + "\n")
    return exit_code


def json_envelope(result, report: str | None, exit_code: int) -> dict:
    """The ``--json`` object (module docstring): inputs A/B/round/report, counts, body differences."""
    from shuudan_xl.cli.envelope import envelope
    from shuudan_xl.rules.doublecheck import KINDS

    differences = result.differences
    by_kind = {k: n for k in KINDS if (n := sum(1 for d in differences if d.kind == k))}
    inputs = {"a": {"file": result.a.file, "sheet": result.a.sheet},
              "b": {"file": result.b.file, "sheet": result.b.sheet}, "round": result.round, "report": report}
    counts = {"rows_a": len(result.a.records), "rows_b": len(result.b.records), "matched": result.matched,
              "differences": len(differences), "by_kind": by_kind}
    return envelope("doublecheck", inputs=inputs, counts=counts, exit_code=exit_code, notes=result.notes,
                    body={"differences": [d.as_dict() for d in differences]})


def render(result, report: str | None = None) -> str:
    """Return the Japanese summary and the differences table."""
    from shuudan_xl.cli.textout import capped_table, count
    from shuudan_xl.rules.doublecheck import KIND_LABELS, KINDS

    lines = []
    for label, side in (("A", result.a), ("B", result.b)):
        scope = f"第{result.round}回の行" if result.round is not None and side.round_col is not None else "照合した行"
        lines.append(f"{label}: {side.file}（シート「{side.sheet}」、{scope} {count(len(side.records))} 行）")
    differences = result.differences
    by_kind = {k: sum(1 for d in differences if d.kind == k) for k in KINDS}
    detail = "・".join(f"{KIND_LABELS[k]} {count(n)}" for k, n in by_kind.items() if n)
    same = "ユーザーID・動画" if getattr(result, "links", False) else "ユーザーID・パスワード・所属グループ"
    lines.append(f"一致: {count(result.matched)} 行（{same}が同じ）　"
                 f"差異: {count(len(differences))} 件" + (f"（{detail}）" if detail else ""))
    lines += [f"注意: {note}" for note in result.notes]
    if differences:
        rows = [[_row(d.row_a), _row(d.row_b), KIND_LABELS[d.kind], d.message] for d in differences]
        where = (f"照合結果ブック「{report}」の「差異一覧」シート" if report
                 else "「--report 照合結果.xlsx」を付けて作る照合結果ブック")
        lines += ["", capped_table(["A行", "B行", "種類", "内容"], rows, where)]
    lines.append("")
    if differences:
        lines.append("結果: 差異があります。元の資料でどちらが正しいかを確かめ、直してから提出してください。")
    else:
        lines.append("結果: 差異はありません。")
    if report:
        lines.append(f"照合結果ブック: {report}")
    return "\n".join(lines)


def _row(row: int | None) -> str:
    return "-" if row is None else f"{row}行目"


def _export_records(args: argparse.Namespace) -> list[str]:
    # Which export (operations log, 操作記録.csv) wrote the files compared, and whether they changed since.
    from shuudan_xl.services.oprecord import export_record_lines, log_folder_of

    lines = []
    for given in (args.a, args.b):
        folder = log_folder_of(Path(given))
        if folder is not None:
            lines += export_record_lines(folder, [Path(given)], only_found=True)
    return lines
