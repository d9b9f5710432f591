"""``shuudan-xl check FILE``: validate a registration sheet, without Excel."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from shuudan_xl.cli.envelope import envelope, finding_counts
from shuudan_xl.rules.findings import findings_json_items


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "check", help="登録用エクセルのID・パスワード・所属グループを点検します",
        description="視聴者登録／更新の登録用エクセル、視聴者リスト（ユーザーID・パスワードの列を持つ表）、"
                    "または視聴者⇔動画のブック（ユーザーID・動画の列）を全行点検します。"
                    "終了コード: 0 エラーなし（警告は可）、1 エラーあり、2 ファイルを読めない。")
    parser.add_argument("file", metavar="FILE", help="点検する .xlsx / .xlsm ファイル")
    parser.add_argument("--sheet", metavar="NAME", help="点検するシート名（省略時は見出しのある最初のシート）")
    parser.add_argument("--json", action="store_true", help="結果をJSONで出力します")
    parser.add_argument("--report", metavar="OUT.xlsx",
                        help="問題のセルに色とコメントを付けた点検結果ブックを書き出します（元のファイルは変更しません）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Check the file, print the result and return 0 (no errors) or 1 (errors)."""
    from shuudan_xl.files.reader import Workbook
    from shuudan_xl.services.check_file import check_file

    if args.report:
        from shuudan_xl.files.report import ensure_not_input

        ensure_not_input(Path(args.report), Path(args.file))
    result, rows, layout = check_file(Workbook(Path(args.file), shared_texts=False), args.sheet)
    if args.report:
        from shuudan_xl.files.report import write_check_report

        write_check_report(Path(args.report), result, rows, layout)
    exit_code = 1 if result.errors else 0
    if args.json:
        sys.stdout.write(json_text(result, args.report, exit_code, "\n"))  # as cli.envelope.emit (no notes)
    else:
        sys.stdout.write(render(result, args.report) + "\n")
    return exit_code


def json_envelope(result, report: str | None, exit_code: int, findings: bool = True) -> dict:
    """The ``--json`` object: inputs file/sheet/report, counts rows_checked/errors/warnings/by_code, body findings.

    Args:
        result: The check's result.
        report: The --report file, if any.
        exit_code: The exit status.
        findings: False leaves the body's findings an empty list (``json_text`` writes them itself).
    """
    counts = {"rows_checked": result.rows_checked, **finding_counts(result.findings)}
    body = {"findings": [f.as_dict() for f in result.findings] if findings else []}
    return envelope("check", inputs={"file": result.file, "sheet": result.sheet, "report": report},
                    counts=counts, exit_code=exit_code, body=body)


def json_text(result, report: str | None, exit_code: int, end: str = "") -> str:
    """Return ``json_envelope`` as one line of JSON (followed by ``end``), as cli.envelope.emit writes it, its
    findings written by rules.findings.findings_json_items (thousands of findings: a third of the time) and
    joined with the rest at once (one string of a megabyte, not one per piece added)."""
    text = json.dumps(json_envelope(result, report, exit_code, findings=False), ensure_ascii=False)
    if not text.endswith(_EMPTY_BODY):  # the envelope no longer ends with its body: written whole
        return json.dumps(json_envelope(result, report, exit_code), ensure_ascii=False) + end
    return "".join([text[:-len(_EMPTY_BODY)], '"body": {"findings": [', *findings_json_items(result.findings),
                    "]}}", end])


_EMPTY_BODY = '"body": {"findings": []}}'


def render(result, report: str | None = None) -> str:
    """Return the Japanese summary: counts, counts per finding code, and the findings (at most MAX_ROWS)."""
    from shuudan_xl.cli.round_report import findings_table
    from shuudan_xl.cli.textout import code_counts_table, count

    lines = [
        f"ファイル: {result.file}（シート「{result.sheet}」）",
        f"点検した行: {count(result.rows_checked)} 行　エラー: {count(result.errors)} 件　"
        f"警告: {count(result.warnings)} 件",
    ]
    if result.findings:
        where = (f"点検結果ブック「{report}」の「指摘一覧」シート" if report
                 else "「--report 点検結果.xlsx」を付けて作る点検結果ブック")
        lines += ["", "指摘の内訳:", code_counts_table(result.findings), "",
                  findings_table(result.findings, result.sheet, where, breakdown=False)]
    lines.append("")
    if result.errors:
        lines.append("結果: エラーがあります。修正してから提出してください。")
    elif result.warnings:
        lines.append("結果: エラーはありません。警告の内容を確認してください。")
    else:
        lines.append("結果: 問題は見つかりませんでした。")
    if report:
        lines.append(f"点検結果ブック: {report}")
    return "\n".join(lines)
