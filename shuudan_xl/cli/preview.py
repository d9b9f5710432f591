"""``--dry-run`` for the commands that write: print (or ``--json``) what the real run would do, write nothing."""

from __future__ import annotations

import argparse
import sys


def add_preview_options(parser: argparse.ArgumentParser, json_option: bool = True, default=None) -> None:
    """Add --dry-run, --show-passwords, --expect-digest (and --json when the command has none).

    ``default=argparse.SUPPRESS`` in a sub-parser keeps values given before its name.
    """
    flag = {} if default is None else {"default": default}
    parser.add_argument("--dry-run", action="store_true", **flag,
                        help="確認のみ: 読み込み・点検・計画をすべて行い、作られるIDの件数やファイルを表示します。"
                             "何も書き込みません（ロックファイルも作りません）")
    parser.add_argument("--show-passwords", action="store_true", **flag,
                        help="--dry-run の表示でパスワードを伏せずに表示します")
    parser.add_argument("--expect-digest", metavar="CODE", **flag,
                        help="--dry-run が表示した確認コード。確認のあとで視聴者リスト・台帳・設定が変わっていれば、"
                             "何も書き込まずに止めます")
    if json_option:
        parser.add_argument("--json", action="store_true", **flag, help="--dry-run の計画をJSONで出力します")


def show(command: str, args: argparse.Namespace, preview, heading: list[str], findings_text: list[str],
         inputs: dict, counts: dict) -> int:
    """Print the preview (text, or the JSON envelope with --json) and return the exit code the real run would.

    Args:
        command: The sub-command.
        args: Its options (--show-passwords, --json).
        preview: ``services.preview.Preview``.
        heading: The lines naming the list and round.
        findings_text: The findings as the real run prints them (empty when none).
        inputs: The envelope's ``inputs``.
        counts: The envelope's ``counts`` (rows, new_ids, passwords, refused_rows, errors, warnings…).
    """
    from shuudan_xl.services.preview import mask

    code = 1 if preview.refused else 0
    shown = (lambda p: p) if args.show_passwords else mask
    if getattr(args, "json", False):
        from shuudan_xl.cli.envelope import emit, envelope

        body = {"dry_run": True, "digest": preview.digest, "files": [f.as_dict() for f in preview.files],
                "new": [{"row": r, "name": n, "login_id": i, "password": shown(p)} for r, n, i, p in preview.new],
                "notes": preview.notes, "refused": preview.refused}
        emit(envelope(command, inputs=inputs, counts=counts, exit_code=code, body=body))
        return code
    from shuudan_xl.cli.textout import count, table

    out = ["確認のみ（--dry-run）: 何も書き込んでいません。実行したときの内容は次のとおりです。", "", *heading]
    if preview.new:
        out += ["", f"作成するユーザーID・パスワード（{count(len(preview.new))} 件"
                    f"{'' if args.show_passwords else '。パスワードは伏せています: --show-passwords で表示'}）:",
                table(["行", "名称", "ユーザーID", "パスワード"],
                      [[f"{r}行目", n, i, shown(p)] for r, n, i, p in preview.new])]
    if preview.files:
        out += ["", "書き込むファイル:"] + [f"  {f.label}" for f in preview.files]
    else:
        out += ["", "書き込むファイル: なし"]
    if preview.notes:
        out += ["", *preview.notes]
    out += findings_text
    if preview.refused:
        out += ["", "結果（実行した場合）: 止まります（終了コード1）。何も書き込みません。"]
    else:
        out += ["", f"確認コード: {preview.digest}",
                f"この内容のまま実行するには、同じ指定に --expect-digest {preview.digest} を付けて実行してください"
                "（確認のあとで視聴者リスト・台帳・設定が変わっていれば止まります）。"]
    sys.stdout.write("\n".join(out) + "\n")
    return code


def show_planned(command: str, args: argparse.Namespace, digest: str, files, *, heading: list[str],
                 notes: list[str] = (), refused: bool = False, inputs: dict | None = None,
                 counts: dict | None = None) -> int:
    """``show`` for a command that generates no passwords: the files it would write and its notes."""
    from shuudan_xl.services.preview import Preview

    preview = Preview(digest, files=list(files), notes=list(notes), refused=refused)
    return show(command, args, preview, heading, [], inputs or {}, counts or {})
