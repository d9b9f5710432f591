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


def late_target(session, target: int, command: str):
    """A target round past its deadline (reassign --to-round, spare-ids --round): stop, move or go on.

    Args:
        session: The command's session (its ``late`` policy comes from --move-late / --allow-late); the target
            round is checked on ``session.for_round(target)``, nothing is read again.
        target: The target round (1–9).
        command: The command's name, for the messages.

    Returns:
        ``(exit code or None, round to use, lateness to record or None)``: the code to stop with (1), else
        the round to go on with (the next open round after --move-late) and, after --allow-late, the
        lateness whose agreement goes into the ledger once the work is done.
    """
    from shuudan_xl.services.deadlines import target_round_late
    from shuudan_xl.services.session import ALLOW_LATE, MOVE_LATE

    late = target_round_late(session.for_round(target))
    if late is None:
        return None, target, None
    if session.late == ALLOW_LATE:
        return None, target, late
    if session.late == MOVE_LATE and late.target is not None:
        sys.stderr.write(f"注意: {late.message()}{late.target.label}にします（--move-late）。\n")
        return None, late.target.number, None
    where = f"{late.target.label}にするときは --move-late、" if late.target else ""
    sys.stdout.write(f"{late.message()}\n\n結果: 何も作成・変更していません（{command}）。{where}事業者が期限後の"
                     "登録を了承したときは --allow-late を付けて、もう一度実行してください"
                     "（了承はID台帳に記録されます）。\n")
    return 1, target, None


def record_target_allowance(session, late, command: str) -> None:
    """After --allow-late: the vendor's agreement goes into the session's ledger, and a warning is printed."""
    from shuudan_xl.services.deadlines import record_allowance
    from shuudan_xl.services.oprecord import current as current_run

    record_allowance(session, late, command)
    current_run().wrote(session.folders.ledger)
    sys.stderr.write(f"警告: {late.message()}事業者の了承（--allow-late）により作成し、了承をID台帳に記録しました。\n")
