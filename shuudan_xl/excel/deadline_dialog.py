"""The buttons' registration-deadline dialog (手順 3(6)「登録期限は厳守すること」): move, go ahead, or stop."""

from __future__ import annotations


def deadline_kept(xl, late, master) -> bool:
    """Rows past the round's deadline (手順 3(6)): ask whether to move them, go ahead (vendor agreed) or stop.

    Returns:
        True when the button's work goes on. The question is asked before anything is written.
    """
    from shuudan_xl.excel import messages
    from shuudan_xl.rules import master as m
    from shuudan_xl.services.deadlines import move_late_rows

    if late is None:
        return True
    answer = xl.ask(messages.late_question(late))
    if answer == "no":
        return True
    if answer == "yes" and late.target is not None:
        move_late_rows(late, master, xl.writer(m.LIST_SHEET))
        xl.alert(messages.late_moved(late))
    else:
        xl.alert(messages.late_cancelled(late), error=True)
    return False


def round_lateness_of(session):
    """(lateness, list) of the working round when 作業する視聴回 is set and rows are late, else None."""
    from shuudan_xl.services.deadlines import round_lateness

    if session.round is None:
        return None
    late, master = round_lateness(session)
    return None if late is None else (late, master)


def record_allowance_of(session, late, what: str) -> None:
    """A late upload the vendor agreed to is recorded in the ledger (services.deadlines)."""
    from shuudan_xl.services.deadlines import record_allowance

    if late is not None:
        record_allowance(session, late, f"{what}ボタン")


def target_round_kept(xl, session, later: int):
    """The round chosen for re-viewing, past its deadline: ask to take the next open round, go ahead, or stop.

    Args:
        xl: The button's Excel helper (asks and alerts).
        session: The button's session (services.session.RoundSession); ``later`` is checked on
            ``session.for_round(later)``, nothing is read again.
        later: The round chosen for re-viewing (再視聴の視聴回).

    Returns:
        ``(round to use or None to stop, (session, lateness) to record after an agreed late upload, or None)``.
    """
    from shuudan_xl.excel import messages
    from shuudan_xl.services.deadlines import target_round_late

    late = target_round_late(session.for_round(later))
    if late is None:
        return later, None
    answer = xl.ask(messages.late_target_question(late))
    if answer == "yes" and late.target is not None:
        return late.target.number, None
    if answer == "no":
        return later, (session, late)
    xl.alert(messages.late_cancelled(late), error=True)
    return None, None
