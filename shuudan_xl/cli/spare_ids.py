"""``shuudan-xl spare-ids``: create spare IDs (予備ID), and ``spare-ids assign ID`` to hand one to a viewer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shuudan_xl.cli.japanese_argparse import JapaneseArgumentParser
from shuudan_xl.cli.preview import add_preview_options
from shuudan_xl.cli.round_options import add_late_options, late_of
from shuudan_xl.errors import InvalidArgument


def _add_place_options(parser: argparse.ArgumentParser, default=None) -> None:
    # In the assign sub-parser the defaults are SUPPRESS, so that values given before "assign" survive.
    parser.add_argument("--master", metavar="MASTER", default=default,
                        help="視聴者リストのブック（そのIDとも重ならないようにします。"
                             "台帳は同じフォルダの ID台帳.xlsx）")
    parser.add_argument("--ledger", metavar="PATH", default=default, help="ID台帳のブック")
    parser.add_argument("--fiscal-year", metavar="Y", default=default,
                        help="台帳の年度（既定: 設定シートの年度、なければ今日が属する年度）")


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command (and its ``assign`` action) to the parser."""
    parser = sub.add_parser(
        "spare-ids", help="予備IDを作成し、ID台帳に「予備」として登録します（assign で視聴者に割り当て）",
        description="IDのルール（記号＋都道府県コード＋英数字6桁以上）に沿った予備ID（例: m13yb0001）を、"
                    "台帳・視聴者リストのどのIDとも重ならないように作り、パスワードを付けて"
                    " ID台帳に状態「予備」で追加し、"
                    "業者提出用の「視聴者登録／更新」のブックを作ります。"
                    "割り当ては「shuudan-xl spare-ids assign ID --name 氏名」で記録します。")
    parser.add_argument("--kind", metavar="記号", help="IDの記号 s・n・r・m・d・p（他県登録の医師なら m）")
    parser.add_argument("--prefecture", metavar="都道府県", help="都道府県コードまたは名前（例: 01、北海道）")
    parser.add_argument("--count", type=int, metavar="N", help="作成する数")
    parser.add_argument("--round", type=int, metavar="N",
                        help="予備IDをこの視聴回の業者提出ファイル（1組）に入れます（--master が必要）。"
                             "省略時は予備IDだけの「視聴者登録／更新」のブックを作ります")
    parser.add_argument("--password-length", type=int, metavar="L",
                        help="パスワードの文字数（既定: 設定シートの値、なければ10）")
    parser.add_argument("-o", "--outdir", metavar="OUTDIR",
                        help="視聴者登録／更新のブックのフォルダ（既定: 台帳と同じフォルダの「業者提出」）")
    _add_place_options(parser)
    parser.__class__ = _SpareIdsParser  # usage errors about the action name what was typed (below)
    actions = parser.add_subparsers(dest="action", metavar="assign", parser_class=JapaneseArgumentParser)
    assign = actions.add_parser(
        "assign", help="予備IDを視聴者に割り当てたことを台帳に記録します",
        description="予備IDを渡した視聴者（氏名・番号・種別）をID台帳に記録します。記録した予備IDは、視聴者リストの"
                    "ユーザーID欄に入力すると登録済みIDとして扱われ（視聴者⇔動画だけに入ります）、パスワードは台帳の"
                    "ものが入ります。")
    assign.add_argument("login_id", metavar="ID", help="割り当てる予備ID")
    assign.add_argument("--name", required=True, metavar="氏名", help="視聴者の氏名（名称）")
    assign.add_argument("--number", default="", metavar="番号",
                        help="保険医登録番号など（視聴者リストの番号欄に入力するもの）")
    assign.add_argument("--field", metavar="種別", help="医科・歯科・薬局（既定: IDの記号 m・d・p から）")
    assign.add_argument("--guidance", metavar="指導区分", help="指導区分（既定: 予備IDの指導区分）")
    assign.add_argument("--round", type=int, metavar="N", help="視聴する視聴回（わかれば）")
    assign.add_argument("--note", default="", metavar="備考", help="台帳の備考に残すこと（例: 〇〇病院から連絡）")
    _add_place_options(assign, argparse.SUPPRESS)
    parser.add_argument("--today", metavar="YYYY-MM-DD",
                        help="台帳の登録確定日と、--round の登録期限の判定に使う日付（確認用。既定: 今日）")
    add_late_options(parser)
    add_preview_options(parser)
    add_preview_options(assign, default=argparse.SUPPRESS)
    return parser


class _SpareIdsParser(JapaneseArgumentParser):
    # argparse reports any stray word as a bad choice of its sub-command "assign" — also the value of an
    # option it does not know ("--bogus x" → "x"). Say what was typed and what can be typed instead.
    def parse_known_args(self, args=None, namespace=None):
        self._typed = list(args) if args is not None else sys.argv[1:]
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        import difflib
        import re

        found = re.fullmatch(r"argument assign: invalid choice: '?(.*?)'? \(choose from .*\)", message)
        if found is None:
            return super().error(message)
        word, typed = found[1], getattr(self, "_typed", [])
        at = typed.index(word) if word in typed else -1
        before = typed[at - 1] if at > 0 else ""
        if before.startswith("-") and before.split("=", 1)[0] not in self._option_string_actions:
            options = [o for o in self._option_string_actions if o.startswith("--") and o != "--help"]
            text = (f"「{before}」は spare-ids のオプションではありません（後の「{word}」はその値と見られます）。"
                    f"使えるオプション: {'・'.join(options)}")
            close = difflib.get_close_matches(before.split("=", 1)[0], options, n=1, cutoff=0.6)
            text += f"\nもしかして: {close[0]}" if close else ""
        else:
            text = (f"spare-ids の後の「{word}」は使えません。続けて書ける動作は「assign」"
                    "（予備IDを視聴者に割り当てる）だけです。"
                    "予備IDを作るときは動作を書かずに --kind・--prefecture・--count を指定します")
            close = difflib.get_close_matches(word.lower(), ["assign"], n=1, cutoff=0.6)
            text += "\nもしかして: assign" if close else ""
        sys.stderr.write(f"{self.prog}: エラー: {text}\n（使い方は {self.prog} --help で確認できます）\n")
        sys.exit(2)


def run(args: argparse.Namespace) -> int:
    """Create spare IDs, or record an assignment."""
    if args.action == "assign":
        return _assign(args)
    missing = [name for name, value in (("--kind", args.kind), ("--prefecture", args.prefecture),
                                        ("--count", args.count)) if value is None]
    if missing:
        raise InvalidArgument(f"予備IDの作成には {'・'.join(missing)} が必要です"
                              "（例: spare-ids --kind m --prefecture 13 --count 5 --master 視聴者リスト.xlsx）。")
    from shuudan_xl.cli.late_rows import late_target, record_target_allowance
    from shuudan_xl.cli.textout import count
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import check_expected
    from shuudan_xl.services.spare_ids import create_spare_ids

    ledger = spare_ledger_of(args)
    late, round_ = None, args.round
    if args.round is not None and ledger.session and 1 <= args.round <= 9:  # 手順 3(6): the round's deadline
        stop, round_, late = late_target(ledger.session, args.round, "spare-ids")
        if stop is not None:
            return stop
    def digest() -> str:  # the ledger and list as they are before anything is written
        return _digest(args, args.kind, args.prefecture, args.count, args.password_length, round_)

    if not args.dry_run:
        check_expected(args.expect_digest, digest)
    made = create_spare_ids(args.kind, args.prefecture, args.count, ledger, outdir=_path(args.outdir),
                            round_=round_, dry_run=args.dry_run)
    ids = [e.login_id for e in made.entries]
    if args.dry_run:
        return _dry_run(args, made, digest())
    current_run().wrote(made.ledger_path, made.ledger_backup, made.workbook)
    current_run().new_ids = current_run().passwords = len(ids)
    current_run().secrets.update(e.password for e in made.entries)
    if late is not None and made.workbook is not None:
        record_target_allowance(ledger.session, late, "spare-ids")
    out = [f"予備IDを {count(len(ids))} 件作成しました（所属グループ {made.entries[0].group}）:",
           "  " + "、".join(ids),
           f"ID台帳に状態「予備」で追加しました: {made.ledger_path}"
           + (f"（元の台帳のバックアップ: {made.ledger_backup}）" if made.ledger_backup else ""),
           *_file_lines(made)]
    if not made.master_checked:
        out.append("注意: 視聴者リストを指定していないため、視聴者リストのIDとの重なりは確認していません（--master）。")
    out.append("視聴者に渡したら: shuudan-xl spare-ids assign ID --name 氏名 --number 番号 で記録してください。")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def spare_ledger_of(args: argparse.Namespace):
    """The ledger the run registers in (services.spare_ids.SpareLedger), resolved once from the options.

    With --master, the list's session (its 設定 read once) gives the year, date and password length and
    its IDs are avoided; else the ledger alone. A --ledger that does not exist yet is created by the spares,
    except for a round's set, which needs the round's other IDs from it.

    Raises:
        SessionProblems: naming every unusable option and 設定 value at once.
        InvalidArgument: when neither --master nor --ledger is given.
    """
    from shuudan_xl.services.session import open_session
    from shuudan_xl.services.spare_ids import SpareLedger

    named = _path(getattr(args, "ledger", None))
    if not getattr(args, "master", None):
        return SpareLedger.alone(named, getattr(args, "fiscal_year", None), _today(args),
                                 getattr(args, "password_length", None))
    for_round = args.action != "assign" and args.round is not None
    session = open_session(Path(args.master), round_=None, round_required=False,
                           fiscal_year=getattr(args, "fiscal_year", None),
                           password_length=getattr(args, "password_length", None), today=getattr(args, "today", None),
                           ledger=named if named and (for_round or named.exists()) else None, late=late_of(args))
    return SpareLedger.of_session(session, named)


def _file_lines(made) -> list[str]:
    # Where the spares are registered: the round's one pair, or a book of their own.
    if made.round is None:
        return [f"作成したファイル（読み直して内容を確認済み）: {made.workbook}",
                "次の手順: このブックを事業者に提出（または管理者画面から登録）してください。"
                "予備IDも登録しないと使えません。"]
    notes = [f"  {note}" for note in made.notes or []]
    if made.workbook is None:  # the round's export will register them
        return notes
    from shuudan_xl.services.round_files import set_description

    which = set_description(made.round, made.workbook)
    out = [f"第{made.round}回の業者提出ファイル（{which}。読み直して内容を確認済み）: {made.workbook}", *notes]
    if made.superseded:
        out.append(f"  置き換えた前回のファイルは {made.superseded} に移しました（提出しないでください）。")
    out.append(f"次の手順: 第{made.round}回の1組を事業者に提出（または管理者画面から登録）してください。"
               "予備IDも登録しないと使えません。")
    return out


def _assign(args: argparse.Namespace) -> int:
    from shuudan_xl.services.preview import check_expected
    from shuudan_xl.services.spare_ids import assign_spare_id

    dry = getattr(args, "dry_run", False)

    def digest() -> str:  # the ledger and list as they are before anything is written
        return _digest(args, args.login_id, args.name, args.number, args.field, args.guidance, args.round, args.note)

    if not dry:
        check_expected(getattr(args, "expect_digest", None), digest)
    entry, backup = assign_spare_id(
        args.login_id, args.name, spare_ledger_of(args), number=args.number, field=args.field,
        guidance=args.guidance, round_=args.round, note=args.note, dry_run=dry)
    if dry:
        from shuudan_xl.cli.preview import show_planned
        from shuudan_xl.services.preview import PlannedFile

        return show_planned("spare-ids", args, digest(),
                            [PlannedFile(_ledger_of(args), 1, f"ID台帳に割り当て（{entry.login_id}）")],
                            heading=[f"予備ID「{entry.login_id}」を {entry.name} に割り当てたことを台帳に記録します。"],
                            counts={"rows": 1, "new_ids": 0, "passwords": 0})
    from shuudan_xl.services.oprecord import current as current_run

    current_run().secrets.add(entry.password)
    who = "・".join(v for v in (entry.field, entry.number, entry.name) if v)
    out = [f"予備ID「{entry.login_id}」を {who} に割り当てたことを台帳に記録しました"
           + (f"（元の台帳のバックアップ: {backup}）。" if backup else "。"),
           f"お伝えするもの: ログインID {entry.login_id}　パスワード {entry.password}　所属グループ {entry.group}",
           f"次の手順: 視聴者リストに行を追加し、ユーザーID欄に {entry.login_id} を入力してください"
           "（番号・名称は上と同じもの。パスワードは空欄で構いません。台帳のものが入ります）。"
           "export で視聴者⇔動画だけに入ります。"]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _ledger_of(args: argparse.Namespace) -> Path:
    # The ledger the run reads and writes: --ledger, else ID台帳.xlsx beside --master.
    from shuudan_xl.files.ledger_store import DEFAULT_NAME

    given = getattr(args, "ledger", None)
    return Path(given) if given else Path(getattr(args, "master", None) or ".").parent / DEFAULT_NAME


def _digest(args: argparse.Namespace, *options) -> str:
    # The ledger and the list as they are now, and the options (services.preview.files_digest).
    from shuudan_xl.services.preview import files_digest

    master = getattr(args, "master", None)
    return files_digest([_ledger_of(args), master], tuple(str(o) for o in options))


def _dry_run(args: argparse.Namespace, made, digest: str) -> int:
    # What spare-ids would write (issue 13): the IDs (passwords masked), the ledger rows and the workbook.
    from shuudan_xl.cli.preview import show
    from shuudan_xl.services.preview import PlannedFile, Preview

    n = len(made.entries)
    preview = Preview(digest, files=[PlannedFile(made.ledger_path, n, "ID台帳に状態「予備」で追加"),
                                 PlannedFile(made.workbook, n, "業者提出: 視聴者登録／更新")],
                      new=[(0, "予備ID", e.login_id, e.password) for e in made.entries])
    inputs = {"kind": args.kind, "prefecture": args.prefecture, "ledger": str(made.ledger_path)}
    return show("spare-ids", args, preview, [f"予備IDを {n} 件作成します（所属グループ {made.entries[0].group}）。"],
                [], inputs, {"rows": n, "new_ids": n, "passwords": n, "refused_rows": 0})


def _today(args: argparse.Namespace):
    # --today as a date (None: today in Japan, as the session resolves it).
    import datetime as dt

    if not getattr(args, "today", None):
        return None
    try:
        return dt.date.fromisoformat(args.today)
    except ValueError:
        raise InvalidArgument(f"--today は 2024-05-20 の形で指定してください（指定: {args.today}）。") from None
