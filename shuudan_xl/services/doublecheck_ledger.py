"""The list against its round's 視聴者登録／更新 book: IDs already registered are not missing from it.

手順 3(2)①※「一度登録したIDは、繰り返しの使用や複数の指導動画の登録に使用できる…再度のID登録処理は不要となる。
（後述（3）の「視聴者⇔動画 登録用エクセル」の処理のみとなる。）」: export leaves a re-viewer (an ID in the ID台帳)
out of the registration book on purpose. Compared with the list, such a row is not a difference; a note
says which rows were left out and why.
"""

from __future__ import annotations

from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.rules.doublecheck import loose_id
from shuudan_xl.services.doublecheck import MAX_LISTED_ROWS, Side


def leave_out_registered(a: Side, b: Side, ledger: Path | None = None) -> list[str]:
    """Drop the list's rows whose ID the ledger holds and the registration book does not (in place).

    Applies only when one side is a list (it has a 視聴回 column) and the other a vendor registration
    sheet (ユーザーID / パスワード / 氏名).

    Args:
        a: Side A as read.
        b: Side B as read.
        ledger: The ID台帳; by default ID台帳.xlsx beside the list's file (none there: nothing is left out).

    Returns:
        A Japanese note naming the rows left out, or nothing.

    Raises:
        InputUnreadable: when ``ledger`` is given but does not exist, or cannot be read.
    """
    from shuudan_xl.files.ledger_store import DEFAULT_NAME, read_ledger

    if a.round_col is not None and b.round_col is None and b.layout.is_vendor:
        listed, label, book = a, "A", b
    elif b.round_col is not None and a.round_col is None and a.layout.is_vendor:
        listed, label, book = b, "B", a
    else:
        return []
    if ledger is not None and not Path(ledger).is_file():
        raise InputUnreadable(f"指定したID台帳「{ledger}」が見つかりません。場所とファイル名を確かめてください。")
    path = Path(ledger) if ledger is not None else Path(listed.file).parent / DEFAULT_NAME
    registered = read_ledger(path)
    if not len(registered):
        return []
    present = {r.id for r in book.records} | {loose_id(r.id) for r in book.records}
    left = [r for r in listed.records
            if r.id and r.id in registered and r.id not in present and loose_id(r.id) not in present]
    if not left:
        return []
    out = {id(r) for r in left}
    listed.records = [r for r in listed.records if id(r) not in out]
    rows = "、".join(f"{r.row}行目「{r.id}」" for r in left[:MAX_LISTED_ROWS])
    more = len(left) - MAX_LISTED_ROWS
    rows += f" ほか{more}行" if more > 0 else ""
    return [f"{label}の{len(left)}行（{rows}）はID台帳「{path.name}」に登録済みのユーザーIDで、視聴者登録／更新には"
            "入らないため（再視聴などは視聴者⇔動画だけに入ります）、照合から外しました。"]
