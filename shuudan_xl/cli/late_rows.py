"""What the registering commands print and do when rows are past their round's deadline (手順 3(6))."""

from __future__ import annotations

import sys


def handle_late(session, late, master, command: str) -> int | None:
    """Refuse, move the late rows, or let the command go on (allowed late: a warning is printed).

    Args:
        session: The command's session (its ``late`` policy comes from --move-late / --allow-late).
        late: ``services.deadlines.Lateness`` (None: nothing is late, the command goes on).
        master: The list (services.master.MasterList), for --move-late.
        command: The command's name, for the lock and the ledger record.

    Returns:
        The exit code when the command must stop here (1 refused, 0 rows moved), else None.
    """
    from shuudan_xl.files.xlsx_patch import SheetWriter
    from shuudan_xl.services.deadlines import move_late_rows, moved_lines
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.session import ALLOW_LATE, MOVE_LATE

    if late is None:
        return None
    if session.late == ALLOW_LATE:
        sys.stderr.write(f"警告: {late.message()}事業者の了承（--allow-late）により作成します。"
                         "了承はID台帳に記録します。\n")
        return None
    if session.late == MOVE_LATE:
        # cli.main holds the folder's writer lock for the whole command
        backup = move_late_rows(late, master, SheetWriter(master.path, master.sheet))
        current_run().wrote(master.path, backup)
        current_run().note = f"期限後の {len(late.rows)} 行を{late.target.label}へ移動"
        out = [late.message(), "", f"次の {len(late.rows)} 行の視聴回を{late.target.label}に書き換えました"
               f"（元のブックのバックアップ: {backup}）:", *moved_lines(late), "",
               f"次の手順: `shuudan-xl {command} \"{master.path}\" --round {late.target.number}` で"
               f"{late.target.label}として作成してください。"]
        sys.stdout.write("\n".join(out) + "\n")
        return 0
    current_run().refused_rows = len(late.rows)
    out = [*late.refused_lines()[:-1], "結果: 登録期限を過ぎているため、何も作成・変更していません。" + late.ways_out()]
    sys.stdout.write("\n".join(out) + "\n")
    return 1

