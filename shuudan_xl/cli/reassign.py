"""``shuudan-xl reassign MASTER --from-round N --to-round M``: absentees of round N re-view in round M."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shuudan_xl.cli.attendance import add_common_options, add_results_options, names_of
from shuudan_xl.cli.preview import add_preview_options
from shuudan_xl.cli.round_options import add_late_options, session_of


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "reassign", help="欠席者に後の視聴回で再度の視聴期間を設けます（後の視聴回の業者提出ファイルに入ります）",
        description="第N回の欠席者（出欠結果のブック、または --results の視聴結果から判定）の第M回の行"
                    "（備考「第N回未視聴のため再視聴」）を視聴者リストに追加し、第M回の業者提出ファイル（1組）に"
                    "第M回の動画への紐付けを入れます。IDは登録済みなので視聴者⇔動画にだけ入ります。")
    parser.add_argument("master", metavar="MASTER", help="視聴者リストのブック（.xlsx / .xlsm）")
    parser.add_argument("--from-round", type=int, required=True, metavar="N", help="欠席者を出した視聴回")
    parser.add_argument("--to-round", type=int, required=True, metavar="M", help="再視聴する視聴回（第9回まで）")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--results", metavar="FILE", help="第N回の視聴結果（出欠をここから判定し直します）")
    source.add_argument("--attendance", metavar="FILE",
                        help="attendance で作った第N回の出欠結果のブック"
                             "（既定: 視聴者リストと同じフォルダの 出欠結果/令和6年度_第N回_出欠結果.xlsx）")
    parser.add_argument("-o", "--outdir", metavar="OUTDIR",
                        help="視聴者⇔動画のブックのフォルダ（既定: 視聴者リストと同じフォルダの「業者提出」）")
    parser.add_argument("--method", choices=("vendor", "self"), default=None,
                        help="登録方法（登録期限の確認に使います）。既定: 設定シートの値")
    parser.add_argument("--templates", metavar="DIR",
                        help="業者の様式（業者様式_視聴者動画.xlsx）を置いたフォルダ"
                             "（既定: 視聴者リストと同じフォルダ）")
    add_results_options(parser)
    add_common_options(parser)
    add_late_options(parser)
    add_preview_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Plan, write and summarise."""
    from shuudan_xl.cli.late_rows import late_target, record_target_allowance
    from shuudan_xl.cli.textout import capped_table, count
    from shuudan_xl.rules.era import format_date
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import check_expected
    from shuudan_xl.services.reassign import reassign_absentees
    from shuudan_xl.services.round_files import set_description

    session = session_of(args, round_name="from_round")  # its round is --from-round; --to-round is not in it
    options = _options(args, session)
    to_round, late = args.to_round, None
    if args.from_round < args.to_round <= 9:  # 手順 3(6): the later round's registration deadline is kept
        stop, to_round, late = late_target(session, args.to_round, "reassign")
        if stop is not None:
            return stop
    if args.dry_run:
        return _dry_run(args, session, to_round, options, _digest(args, session, to_round))
    check_expected(args.expect_digest, lambda: _digest(args, session, to_round))  # hashed only when given
    report = reassign_absentees(session, to_round, template=session.folders.vendor_templates()[1], **options)
    current_run().wrote(report.plan.master_path if report.master_backup else None, report.master_backup,
                        report.registration_book, report.video_book)
    current_run().rows = len(report.plan.lines)
    if late is not None and report.plan.lines:  # allowed late: the vendor's agreement goes into the ledger
        record_target_allowance(session, late, "reassign")
    plan = report.plan
    later = plan.to_round
    out = [f"視聴者リスト: {plan.master_path}",
           f"欠席者: {plan.source}",
           f"再視聴: {plan.fiscal_label} 第{later.number}回　視聴期間 {format_date(later.start)}～"
           f"{format_date(later.end)}　●登録期限 {format_date(later.vendor_deadline)}"
           f"　☆登録期限 {format_date(later.self_deadline)}", ""]
    if plan.lines:
        out += [f"第{plan.from_round.number}回の欠席者 {count(len(plan.lines))} 人を"
                f"第{later.number}回の動画に紐付けます:",
                capped_table(["ユーザーID", "名称", "動画", "視聴者リスト"],
                             [[line.login_id, line.name, line.video,
                               f"{line.new_row}行目に追加" if line.new_row else f"第{later.number}回の行あり"]
                              for line in plan.lines], f"作成した視聴者⇔動画のブック「{report.video_book}」")]
    else:
        out.append(f"第{plan.from_round.number}回に再視聴が必要な欠席者はいません。何も作成・変更していません。")
    if plan.skipped:
        out += ["", f"再視聴に回せなかった欠席者など {count(len(plan.skipped))} 件:"] + [f"  {s}" for s in plan.skipped]
    if report.master_backup:
        out += ["", f"視聴者リストに第{later.number}回の行を {count(len(plan.appended))} 行追加しました"
                    f"（元のブックのバックアップ: {report.master_backup}）"]
    elif plan.lines:
        out += ["", f"視聴者リストには全員の第{later.number}回の行が既にあるため、変更していません。"]
    if report.video_book:
        out += [f"第{later.number}回の業者提出ファイル（{set_description(later.number, report.video_book)}。"
                "読み直して内容を確認済み）:"]
        if report.registration_book:
            out.append(f"  {report.registration_book}")
        out.append(f"  {report.video_book}")
        out += [f"  {note}" for note in report.notes]
        if report.superseded:
            out.append(f"  置き換えた前回のファイルは {report.superseded} に移しました（提出しないでください）。")
        out.append("再視聴の人のIDは登録済みのため、視聴者⇔動画に入っています。この1組を提出（登録）してください。")
    elif plan.lines:
        out += [f"注意: {note}" for note in report.notes]
    out += [""] + [f"注意: {text}" for text in plan.notices]
    sys.stdout.write("\n".join(out).rstrip("\n") + "\n")
    return 0


def _options(args: argparse.Namespace, session) -> dict:
    # Where the absentees come from (plan_reassign's keyword arguments).
    return dict(results_path=Path(args.results) if args.results else None,
                attendance_path=Path(args.attendance) if args.attendance else None,
                exceptions_path=Path(args.exceptions) if args.exceptions else None,
                names=names_of(args, session.settings) if args.results else None)


def _digest(args: argparse.Namespace, session, to_round: int) -> str:
    # The list, ledger, settings and the attendance source as read now (services.preview.input_digest).
    from shuudan_xl.files.oplog import sha256_of
    from shuudan_xl.services.preview import input_digest

    extra = [str(to_round)]
    for given in (args.results, args.attendance, args.exceptions):
        if given and Path(given).is_file():
            extra += [given, sha256_of(Path(given))]
    return input_digest(session, None, tuple(extra))


def _dry_run(args: argparse.Namespace, session, to_round: int, options: dict, digest: str) -> int:
    # What reassign would write (issue 13): rows appended to the list and the 視聴者⇔動画 workbook.
    from shuudan_xl.cli.preview import show_planned
    from shuudan_xl.services.preview import PlannedFile, round_set_files
    from shuudan_xl.services.reassign import plan_reassign

    plan = plan_reassign(session, to_round, **options)
    files, notes = [], [f"エラー: {e}" for e in plan.errors] + [f"再視聴に回せない: {s}" for s in plan.skipped]
    if plan.lines and not plan.errors:
        if plan.appended:
            files.append(PlannedFile(plan.master_path, len(plan.appended),
                                     f"視聴者リストに追加する第{to_round}回の行"))
        folder = session.folders.vendor
        if plan.round_blocked:
            notes.append(plan.round_blocked)
        else:
            files += round_set_files(folder, plan.fiscal_label, to_round, plan.round_records,
                                     plan.round_videos, notes)
    heading = [f"視聴者リスト: {plan.master_path}", f"欠席者: {plan.source}",
               f"第{args.from_round}回の欠席者 {len(plan.lines)} 人を第{to_round}回の動画に紐付けます。"]
    notes += [f"注意: {n}" for n in plan.notices]
    return show_planned("reassign", args, digest, files, heading=heading, notes=notes, refused=bool(plan.errors),
                        inputs={"master": args.master, "from_round": args.from_round, "to_round": to_round},
                        counts={"rows": len(plan.lines), "new_ids": 0, "passwords": 0,
                                "appended": len(plan.appended), "refused_rows": len(plan.errors)})

