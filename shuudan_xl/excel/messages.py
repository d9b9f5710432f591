"""The Japanese texts of the buttons' message boxes: short, with counts, and the next thing to do.

Pure functions of the services' results, so each text can be read and tested without Excel.
"""

from __future__ import annotations

from shuudan_xl.rules import master as m
from shuudan_xl.rules.attendance import ABSENT, ATTENDED
from shuudan_xl.rules.cleaning import show
from shuudan_xl.rules.doublecheck import MISSING
from shuudan_xl.rules.era import format_date, format_fiscal_year
from shuudan_xl.rules.findings import ERROR, SEVERITY_LABELS
from shuudan_xl.rules.schedule import FIELD_LABELS
from shuudan_xl.services.schedule_sheet import source_text

MAX_LISTED = 5
SEE_MARKS = "「入力チェック」を押すと、問題のセルに色とメモが付きます。"


def findings_lines(findings, limit: int = MAX_LISTED) -> list[str]:
    """The first findings (errors first) as "・12行目 ユーザーID: …" lines, and how many more there are."""
    ordered = sorted(findings, key=lambda f: (f.severity != ERROR, f.row))
    lines = []
    for f in ordered[:limit]:
        where = f.column if f.sheet == m.LIST_SHEET else f"シート「{f.sheet}」の{f.column}"
        fix = f"（修正案: {show(f.suggestion)}）" if f.suggestion else ""
        lines.append(f"・{f.row}行目 {where}【{SEVERITY_LABELS[f.severity]}】{f.message}{fix}")
    if len(ordered) > limit:
        lines.append(f"ほか {len(ordered) - limit:,} 件")
    return lines


def check_done(checked) -> str:
    """入力チェック: rows checked, errors and warnings, what the colours mean."""
    head = f"視聴者リストの {checked.rows_checked:,} 行を点検しました。"
    removed = f"\n前回の印のうち、直っていた {checked.removed:,} か所の印を消しました。" if checked.removed else ""
    if not checked.findings:
        return f"{head}\nエラー・警告はありません。{removed}"
    return "\n".join([
        head, f"エラー {checked.errors:,} 件、警告 {checked.warnings:,} 件があります。",
        "赤いセルはエラー（直してください）、黄色のセルは警告（確認してください）です。"
        "セルのメモに内容と修正案があります。", "", *findings_lines(checked.findings)]) + removed


def filled(column: str, plan, rounds: tuple[int, ...]) -> str:
    """ID作成 / パスワード作成: what was written, or why nothing was."""
    scope = f"第{rounds[0]}回の行" if len(rounds) == 1 else "視聴者リストの全ての行"
    if plan.errors:
        return "\n".join([f"{scope}にエラーが {len(plan.errors):,} 件あるため、{column}を作成していません"
                          "（視聴者リストは変更していません）。", "", *findings_lines(plan.errors), "", SEE_MARKS])
    if not plan.writes:
        return f"{scope}に空欄の{column}はありませんでした（変更していません）。"
    if column == m.PASSWORD:
        sources = {line.row.excel_row: line.password_source for line in plan.lines}
        new = sum(1 for w in plan.writes if sources.get(w.row) == "generated")
        detail = f"新しく作ったもの {new:,} 件、同じ視聴者の登録済みのパスワード {len(plan.writes) - new:,} 件"
        kept = "入力済みのパスワードは変更していません。"
    else:
        detail = "指導区分・種別・都道府県・番号から作りました"
        kept = "入力済みのユーザーIDは変更していません。"
    return (f"{scope}の空欄の{column}を {len(plan.writes):,} 件書き込み、ブックを保存しました（{detail}）。\n{kept}")


def round_heading(context) -> str:
    """"令和6年度 第1回（視聴期間 … ～ …）"."""
    rnd = context.round
    return (f"{context.fiscal_label} 第{rnd.number}回（視聴期間 {format_date(rnd.start)}～{format_date(rnd.end)}、"
            f"登録期限 ●事業者 {format_date(rnd.vendor_deadline)}・☆自庁 {format_date(rnd.self_deadline)}）")


def export_refused(context) -> str:
    """業者提出ファイル作成, refused: the errors of the round."""
    errors = context.plan.errors
    return "\n".join([round_heading(context), "",
                      f"エラーが {len(errors):,} 件あるため、業者提出ファイルを作成していません"
                      "（視聴者リストも変更していません）。", "", *findings_lines(errors), "", SEE_MARKS,
                      *_notices(context)])


def export_done(context, files) -> str:
    """業者提出ファイル作成: the two workbooks, what was filled in the list, and what to do next."""
    plan = context.plan
    ids, passwords = plan.written(context.master.column(m.LOGIN_ID))
    lines = [round_heading(context), "",
             "業者提出ファイルを作成しました（読み直して、視聴者リストと同じことを確認済み）。",
             f"保存先: {next((p.parent for p in (files.video_links, files.registration) if p), '（なし）')}"]
    if files.registration:
        lines.append(f"・{files.registration.name}（新規ID {files.registration_count:,} 件）")
    elif files.video_links:
        lines.append("・視聴者登録／更新: 新規IDがないため作成していません（視聴者⇔動画だけを提出します）。")
    if files.video_links:
        lines.append(f"・{files.video_links.name}（{files.video_count:,} 件）")
    if files.superseded:
        lines.append(f"・置き換えた前回のファイルは「{files.superseded}」に移しました。")
    lines += [f"・{note}" for note in files.notes]
    if plan.writes:
        lines.append(f"視聴者リストの空欄に ユーザーID {ids:,} 件・パスワード {passwords:,} 件を書き込み、"
                     "ブックを保存しました。")
    if plan.warnings:
        lines.append(f"警告が {len(plan.warnings):,} 件あります。{SEE_MARKS}")
    lines += _notices(context)
    if files.to_send is None:
        lines += ["", "次: この視聴回に新しく提出するものはありません（提出済みの内容と同じです）。"]
    else:
        lines += ["", f"次: {files.to_send}を提出（または管理者画面から登録）したら、「台帳登録」を押してください。"]
    return "\n".join(lines)


def confirmed(context, entries) -> str:
    """台帳登録: how many IDs the ledger gained."""
    if not entries:
        return (f"{context.fiscal_label} 第{context.round.number}回に新規IDはありませんでした"
                f"（ID台帳は変更していません）。\n台帳: {context.ledger_path}")
    total = len(context.ledger) + len(entries)
    return (f"{context.fiscal_label} 第{context.round.number}回の新規ID {len(entries):,} 件をID台帳に登録しました"
            "（提出ファイルと視聴者リストが同じことを確認済み）。"
            f"\n台帳: {context.ledger_path}（登録済み 合計 {total:,} 件）")


def doublecheck_done(checked) -> str:
    """ダブルチェック: matches, differences, and the list rows the second keying lacks."""
    result = checked.result
    head = (f"第{checked.round}回: 視聴者リストの {len(result.a.records):,} 行と、シート「ダブルチェック」の "
            f"{len(result.b.records):,} 行を照合しました。")
    if not result.differences:
        return f"{head}\n全て一致しました（{result.matched:,} 件）。"
    lines = [head, f"一致 {result.matched:,} 件、違い {len(result.differences):,} 件。"]
    if checked.marks:
        lines.append("シート「ダブルチェック」の赤いセルは違い、黄色のセルは重複です。メモに内容があります"
                     "（A＝視聴者リスト、B＝ダブルチェック）。")
    for d in checked.only_in_list[:MAX_LISTED]:
        what = "がダブルチェックにありません" if d.kind == MISSING else "が視聴者リストの中で重複しています"
        lines.append(f"・視聴者リスト {d.row_a}行目（ユーザーID「{show(d.a or '')}」）{what}。")
    if len(checked.only_in_list) > MAX_LISTED:
        lines.append(f"ほか {len(checked.only_in_list) - MAX_LISTED:,} 件")
    lines += [f"注意: {note}（A＝視聴者リスト、B＝ダブルチェック）" for note in result.notes]
    return "\n".join(lines)


def schedule_done(schedule) -> str:
    """視聴スケジュール作成: which year, where the dates come from, which typed dates were kept."""
    label = format_fiscal_year(schedule.fiscal_year)
    lines = [f"{label}の視聴スケジュール（第1回〜第9回）を書き込みました。", source_text(schedule)]
    kept = [f"第{r.number}回の{FIELD_LABELS[name]}" for r in schedule.rounds for name in r.overridden]
    if kept:
        lines.append(f"シートで書き換えてあった日付 {len(kept)} か所はそのまま残しました: {'、'.join(kept)}。"
                     "元に戻すには、その日付を消してからもう一度押してください。")
    if schedule.other_year is not None:
        lines.append(f"シートにあった{format_fiscal_year(schedule.other_year)}の日付は、{label}の日付に置き換えました。")
    lines += [f"注意: {f.row}行目（{f.column}）: {f.message}" for f in schedule.warnings]
    return "\n".join(lines)


def notices_done(round_: int, files) -> str:
    """実施通知作成: the files, how many letters, what they were checked against, and any warning."""
    lines = [f"第{round_}回の実施通知を {files.count:,} 通作成しました。", f"保存先: {files.letters_file.parent}",
             f"・{files.letters_file.name}（{files.count:,} 通、1人1ページ）",
             f"・{files.merge_book.name}（差し込み印刷用、{files.count:,} 行）"]
    if files.per_viewer_dir:
        lines.append(f"・{files.per_viewer_dir.name}（視聴者ごとの文書 {len(files.per_viewer):,} 件）")
    lines += ["", "読み直して、全員のログインID・パスワード・指導実施日・視聴可能期間・宛先を次と照合しました"
                  "（食い違いなし）:", *(f"・{check}" for check in files.checks)]
    if files.warnings:
        lines += ["", *(f"注意: {text}" for text in files.warnings)]
    lines += ["", "次: 印刷し、封筒の宛名と通知の名称・宛先が合っていることを確かめて、視聴開始日の前日までに届くよう"
                  "発送してください。"]
    return "\n".join(lines)


def attendance_done(report) -> str:
    """出欠取込: 出席 and 欠席 counts, the workbook written, the first 要確認 items and what to do next."""
    rnd = report.round
    lines = [f"{report.fiscal_label} 第{rnd.number}回の出欠を判定しました"
             f"（指導年月日 {format_date(rnd.guidance_date)}＝視聴期間最終日）。",
             f"視聴結果: {report.results_path.name}（{report.results_source}、見出し {report.results_header_row}行目、"
             f"{report.results_count:,} 行）",
             f"出席（{ATTENDED}）{len(report.attended):,} 人（うち出欠特例 {report.exceptions_used:,} 人）、"
             f"欠席（{ABSENT}）{len(report.absent):,} 人、計 {len(report.rows):,} 人",
             f"作成したファイル: {report.path}"]
    if report.issues:
        lines += ["", f"要確認 {len(report.issues):,} 件（作成したブックのシート「要確認」に全件あります）:"]
        lines += [f"・{issue.category}{f'（{issue.login_id}）' if issue.login_id else ''}: {issue.message}"
                  for issue in report.issues[:MAX_LISTED]]
        if len(report.issues) > MAX_LISTED:
            lines.append(f"ほか {len(report.issues) - MAX_LISTED:,} 件")
    lines += [f"注意: {text}" for text in report.notices]
    lines += ["", "次: シート「出欠入力」の指導年月日・結果を保険医療機関等管理システムに入力してください。"]
    if report.absent:
        lines.append("欠席者に再度の視聴期間を設けるときは、設定の「再視聴の視聴回」を入れて「再視聴」を押してください。")
    return "\n".join(lines)


def reassigned(report) -> str:
    """再視聴: who was linked to the later round's video, the rows added, the file, and who could not be."""
    plan = report.plan
    earlier, later = plan.from_round.number, plan.to_round
    if not plan.lines:
        lines = [f"第{earlier}回に再視聴が必要な欠席者はいません（{plan.source}）。何も作成・変更していません。"]
    else:
        lines = [f"第{earlier}回の欠席者 {len(plan.lines):,} 人を第{later.number}回の動画に紐付けました"
                 f"（{plan.source}）。",
                 f"第{later.number}回: 視聴期間 {format_date(later.start)}～{format_date(later.end)}、"
                 f"登録期限 ●事業者 {format_date(later.vendor_deadline)}・☆自庁 {format_date(later.self_deadline)}"]
        if report.video_book:
            lines.append(f"作成したファイル（読み直して確認済み）: {report.video_book}")
            lines += [f"・{note}" for note in report.notes]
        appended = plan.appended
        if appended:
            rows = "・".join(f"{line.new_row}行目" for line in appended[:MAX_LISTED])
            more = f" ほか {len(appended) - MAX_LISTED:,} 行" if len(appended) > MAX_LISTED else ""
            lines.append(f"視聴者リストに第{later.number}回の行を {len(appended):,} 行追加し（{rows}{more}）、"
                         "ブックを保存しました。")
        else:
            lines.append(f"視聴者リストには全員の第{later.number}回の行が既にあるため、変更していません。")
    if plan.skipped:
        lines += ["", f"再視聴に回せなかった欠席者など {len(plan.skipped):,} 件:",
                  *(f"・{text}" for text in plan.skipped[:MAX_LISTED])]
        if len(plan.skipped) > MAX_LISTED:
            lines.append(f"ほか {len(plan.skipped) - MAX_LISTED:,} 件")
    lines += [f"注意: {text}" for text in plan.notices]
    if plan.lines:
        lines += ["", "次: IDは登録済みのため「視聴者登録／更新」は不要です。"
                      "このファイルだけを提出（登録）してください。"
                      f"第{later.number}回の「業者提出ファイル作成」で作る視聴者⇔動画にもこの人たちが入るので、"
                      "同じ紐付けを二重に提出しないよう、どちらか一方だけを提出してください。"]
    return "\n".join(lines)


def _notices(context) -> list[str]:
    # The schedule's notes and the registration-deadline warning (RoundContext.notices holds both).
    return [f"注意: {text}" for text in context.notices]


def late_question(late) -> str:
    """The dialog when rows are past their round's registration deadline: move, go ahead, or stop."""
    rows = [f"・{r.excel_row}行目 {r.name}" for r in late.rows[:MAX_LISTED]]
    if len(late.rows) > MAX_LISTED:
        rows.append(f"ほか {len(late.rows) - MAX_LISTED:,} 行")
    target = late.target.label if late.target else None
    move = (f"「はい」: 遅れた {len(late.rows):,} 行の視聴回を{target}に書き換えます（ファイルは作りません）。"
            if target else "「はい」: 移せる視聴回がありません（翌年度の視聴者リストで登録してください）。")
    return "\n".join([late.message(), "", f"期限を過ぎた行（{len(late.rows):,} 行）:", *rows, "", move,
                      "「いいえ」: 事業者が期限後の登録を了承したときだけ選んでください。"
                      "このまま作成し、了承をID台帳に記録します。",
                      "「キャンセル」: 何もしません。"])


def late_moved(late) -> str:
    """After the late rows were moved to the next open round."""
    rows = [f"・{r.excel_row}行目 {r.name}" for r in late.rows[:MAX_LISTED]]
    if len(late.rows) > MAX_LISTED:
        rows.append(f"ほか {len(late.rows) - MAX_LISTED:,} 行")
    return "\n".join([f"{len(late.rows):,} 行の視聴回を{late.round.label}から{late.target.label}に書き換えて、"
                      "ブックを保存しました:", *rows, "",
                      f"次: 設定シートの「作業する視聴回」を {late.target.number} にして、もう一度押してください。"])


def late_cancelled(late) -> str:
    """The dialog was cancelled: nothing changed."""
    return f"{late.round.label}の登録期限を過ぎているため、何も作成・変更していません。"


def preview(action: str, plan_preview, counts: list[str] = ()) -> str:
    """The confirmation shown before a button writes: counts, the first rows, files and notes (issue 13).

    Args:
        action: What OK does (e.g. 「業者提出ファイルを作成」).
        plan_preview: ``services.preview.Preview`` (passwords are shown masked).
        counts: Lines of counts for staff.
    """
    from shuudan_xl.services.preview import mask

    lines = [f"次の内容で{action}します。よろしければ「OK」、やめるときは「キャンセル」を押してください。", "", *counts]
    if plan_preview.new:
        lines += ["", f"作成するユーザーID・パスワード（{len(plan_preview.new):,} 件。パスワードは伏せています）:"]
        lines += [f"・{row}行目 {name} {login_id} {mask(password)}"
                  for row, name, login_id, password in plan_preview.new[:MAX_LISTED]]
        if len(plan_preview.new) > MAX_LISTED:
            lines.append(f"ほか {len(plan_preview.new) - MAX_LISTED:,} 件")
    if plan_preview.files:
        lines += ["", "書き込むファイル:"] + [f"・{f.path.name}（{f.what}"
                                             f"{f'、{f.rows:,} {f.unit}' if f.unit else ''}）"
                                             for f in plan_preview.files]
    if plan_preview.notes:
        lines += ["", *plan_preview.notes[:MAX_LISTED]]
    lines += ["", "「キャンセル」を押すと、何も変更しません。"]
    return "\n".join(lines)


def late_target_question(late) -> str:
    """The dialog when the round chosen for re-viewing is past its registration deadline."""
    target = late.target.label if late.target else None
    move = (f"「はい」: {target}に紐付けます。" if target
            else "「はい」: 移せる視聴回がありません（翌年度の視聴者リストで登録してください）。")
    return "\n".join([late.message(), "", move,
                      "「いいえ」: 事業者が期限後の登録を了承したときだけ選んでください。このまま作成し、"
                      "了承をID台帳に記録します。", "「キャンセル」: 何もしません。"])
