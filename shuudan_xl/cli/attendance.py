"""``shuudan-xl attendance MASTER --round N [--results FILE]``: 出席 / 欠席 of a round for the system."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shuudan_xl.cli.preview import add_preview_options
from shuudan_xl.cli.round_options import session_of

MAX_LISTED = 50


def add_results_options(parser: argparse.ArgumentParser) -> None:
    """Options naming the results' columns (defaults: the 設定 sheet) and the exceptions file."""
    parser.add_argument("--exceptions", metavar="FILE",
                        help="出欠特例の表（見出し: ユーザーID・視聴回・特例の種類・理由）。"
                             "視聴者リストのシート「出欠特例」と合わせて使います")
    parser.add_argument("--id-column", metavar="見出し", help="視聴結果のユーザーIDの列（既定: 設定シートの値）")
    parser.add_argument("--status-column", metavar="見出し", help="視聴結果の視聴状況の列（既定: 設定シートの値）")
    parser.add_argument("--completed-value", metavar="値", help="視聴完了を表す値（既定: 設定シートの値）")
    parser.add_argument("--date-column", metavar="見出し", help="視聴結果の完了日時の列（既定: 設定シートの値）")
    parser.add_argument("--video-column", metavar="見出し", help="視聴結果の動画名の列（既定: 動画・動画名など）")


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """--fiscal-year, --ledger and --today, as in the other round commands."""
    parser.add_argument("--fiscal-year", metavar="Y",
                        help="年度（例: 2024、R6、令和6年度）。省略時は設定シートの年度、なければ今日が属する年度")
    parser.add_argument("--ledger", metavar="PATH",
                        help="ID台帳のブック（既定: 視聴者リストと同じフォルダの ID台帳.xlsx）")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="今日の日付として使う日（確認用。既定: 今日）")


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "attendance", help="視聴結果から出欠（90:出席（eラーニング）／65:欠席）を判定します",
        description="管理者画面から出力した視聴結果（.xlsx / .csv）を視聴者リストの視聴回と照合し、"
                    "保険医療機関等管理システムに入力する出欠のブック（出欠入力・集計・要確認）を作成します。"
                    "視聴期間内に視聴完了なら「90:出席（eラーニング）」、それ以外は「65:欠席」、"
                    "指導年月日は視聴期間最終日です。出欠特例（会場で視聴・集団で視聴・資料送付）は出席になります。")
    parser.add_argument("master", metavar="MASTER", help="視聴者リストのブック（.xlsx / .xlsm）")
    parser.add_argument("--round", type=int, required=True, metavar="N", help="視聴回（1〜9）")
    parser.add_argument("--results", metavar="FILE",
                        help="視聴結果のファイル（.xlsx / .csv）。省略時は設定シートの「視聴結果ファイル」")
    parser.add_argument("-o", "--outdir", metavar="OUTDIR",
                        help="出欠結果のフォルダ（既定: 視聴者リストと同じフォルダの「出欠結果」）")
    add_results_options(parser)
    add_common_options(parser)
    add_preview_options(parser)
    return parser


def names_of(args: argparse.Namespace, settings):
    """The results' headers: the 設定 sheet's (``settings``), replaced by the options given."""
    from shuudan_xl.services.attendance import result_names

    return result_names(settings, login_id=args.id_column, status=args.status_column,
                        completed_value=args.completed_value, completed_at=args.date_column,
                        video=args.video_column)


def run(args: argparse.Namespace) -> int:
    """Decide, write the workbook and summarise."""
    from shuudan_xl.services.attendance import record_attendance
    from shuudan_xl.services.current_round import results_file
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import check_expected

    session = session_of(args, outdir="attendance")  # --round, --fiscal-year, --ledger, --today, -o
    results = Path(args.results) if args.results else results_file(session.master_path, session.settings)
    options = dict(exceptions_path=Path(args.exceptions) if args.exceptions else None,
                   names=names_of(args, session.settings))
    if args.dry_run:
        return _dry_run(args, session, results, options, _digest(args, session, results))
    check_expected(args.expect_digest, lambda: _digest(args, session, results))  # hashed only when given
    report = record_attendance(session, results, **options)
    current_run().wrote(report.path)
    current_run().rows = len(report.rows)
    sys.stdout.write("\n".join(summary_lines(report, args)) + "\n")
    return 0


def _digest(args: argparse.Namespace, session, results: Path) -> str:
    # The list, ledger, settings and the results file as read now (services.preview.input_digest).
    from shuudan_xl.files.oplog import sha256_of
    from shuudan_xl.services.preview import input_digest

    extra = [str(results), sha256_of(results) if results.is_file() else ""]
    if args.exceptions and Path(args.exceptions).is_file():
        extra += [args.exceptions, sha256_of(Path(args.exceptions))]
    return input_digest(session, None, tuple(extra))


def _dry_run(args: argparse.Namespace, session, results: Path, options: dict, digest: str) -> int:
    # What attendance would write (issue 13): the decision and the workbook's name; nothing is written.
    from shuudan_xl.cli.preview import show_planned
    from shuudan_xl.services.attendance import attendance_file_name, compute_attendance
    from shuudan_xl.services.preview import PlannedFile

    report = compute_attendance(session, results, **options)
    path = session.folders.attendance / attendance_file_name(report.fiscal_label, session.round)
    lines = [line for line in summary_lines(report, args) if not line.startswith(("作成したファイル", "次の手順"))]
    return show_planned("attendance", args, digest, [PlannedFile(path, len(report.rows), "出欠結果（出欠入力）")],
                        heading=lines, inputs={"master": str(session.master_path), "round": session.round,
                                               "results": str(results)},
                        counts={"rows": len(report.rows), "attended": len(report.attended),
                                "absent": len(report.absent), "issues": len(report.issues)})


def summary_lines(report, args: argparse.Namespace) -> list[str]:
    """The Japanese summary of an attendance report."""
    from shuudan_xl.cli.textout import count, table
    from shuudan_xl.rules import attendance as a
    from shuudan_xl.rules.era import format_date

    rnd = report.round
    out = [
        f"視聴者リスト: {report.master_path}",
        f"{report.fiscal_label} 第{rnd.number}回　視聴期間 {format_date(rnd.start)}～{format_date(rnd.end)}"
        f"　指導年月日 {format_date(rnd.guidance_date)}（視聴期間最終日）",
        f"視聴結果: {report.results_path}（{report.results_source}、見出し {report.results_header_row}行目、"
        f"{count(report.results_count)} 行）",
        "",
        f"出席（{a.ATTENDED}）{count(len(report.attended))} 人（うち出欠特例 {count(report.exceptions_used)} 人）・"
        f"欠席（{a.ABSENT}）{count(len(report.absent))} 人　計 {count(len(report.rows))} 人",
    ]
    for title, rows in (("IDの種類", report.by_kind), ("都道府県", report.by_group)):
        out += ["", table([title, "出席", "欠席", "計"], [[label, count(x), count(y), count(x + y)]
                                                        for label, x, y in rows])]
    absent = report.absent
    if absent:
        out += ["", f"欠席 {count(len(absent))} 人:",
                table(["ユーザーID", "名称", "理由"], [[r.login_id or "（なし）", r.name, r.basis]
                                                   for r in absent[:MAX_LISTED]])]
        if len(absent) > MAX_LISTED:
            out.append(f"  ほか {count(len(absent) - MAX_LISTED)} 人（ブックのシート「出欠入力」を見てください）")
    if report.issues:
        out += ["", f"要確認 {count(len(report.issues))} 件（視聴結果の対象外のID・視聴結果にない視聴者など）:",
                table(["区分", "ユーザーID", "内容"], [[i.category, i.login_id, i.message]
                                                  for i in report.issues[:MAX_LISTED]])]
        if len(report.issues) > MAX_LISTED:
            out.append(f"  ほか {count(len(report.issues) - MAX_LISTED)} 件（ブックのシート「要確認」を見てください）")
    out += [""] + [f"注意: {text}" for text in report.notices]
    out += [f"作成したファイル: {report.path}",
            "次の手順: シート「出欠入力」の指導年月日・結果を保険医療機関等管理システムに入力してください。"]
    if absent:
        out.append(f"欠席者に再度の視聴期間を設けるときは: shuudan-xl reassign {args.master} --from-round {rnd.number}"
                   " --to-round M（M は登録期限に間に合う視聴回。shuudan-xl schedule で確認できます）")
    return out
