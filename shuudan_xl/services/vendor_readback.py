"""A vendor book read back: exactly the planned text values, in order, on its one sheet.

What every write of a vendor book is checked with before it is committed (export, reassign, spare IDs), and
what ``confirm`` checks the files in 業者提出 with before the round's IDs go into the ledger.
"""

from __future__ import annotations

import operator
from pathlib import Path

from shuudan_xl.errors import Refused
from shuudan_xl.rules.vendor_rows import already_values, values_of

DO_NOT_SEND = "このファイルは提出しないでください。"


def verify_written(path: Path | None, records: list[dict[str, str]], keys: tuple[str, ...],
                   advice: str = DO_NOT_SEND, name: str | None = None, ours: bool = False) -> None:
    """Read a vendor workbook back and require exactly the planned text values, in order.

    Args:
        path: The workbook (nothing is checked when None).
        records: The planned rows.
        keys: Which values to compare (id, password, group, video).
        advice: What staff should do when it differs (ends the Japanese message).
        name: The file's name in messages (default: the path's; a staged file's final name).
        ours: The book is one this run wrote (staged): its sheet is not scanned for its size first, as a
            book staff hand in is (a million rows: about 1.5 s and 200 MB less).

    Raises:
        Refused: when a value differs, is not text, or the workbook has more than one sheet.
    """
    if path is None:
        return
    name = name or path.name
    from shuudan_xl.files.reader import Workbook
    from shuudan_xl.files.vendor_books import HEADER_KEYS
    from shuudan_xl.rules.cleaning import squeeze

    book = Workbook(path, size_checked=ours)
    if len(book.sheet_names) != 1:
        raise Refused(f"「{name}」のシートが1枚ではありません。")
    rows = book.iter_rows(book.sheet_names[0])  # streamed: a million rows are never held as lists
    header = next((row for row in rows if any(
        isinstance(v, str) and HEADER_KEYS.get(squeeze(v)) == "id" for v in row)), None)
    if header is None:
        raise Refused(f"「{name}」に見出し「ユーザーID」の行がありません。"
                      f"内容が視聴者リストと一致しません。{advice}")
    columns = {HEADER_KEYS.get(squeeze(v)) if isinstance(v, str) else None: c for c, v in enumerate(header)}
    names = tuple(k for k in keys if k in columns)
    at = operator.itemgetter(*(columns[k] for k in names))  # one name: the value itself, not a tuple
    want = _expected_values(records, names)
    record = next(want, _END)
    for row in rows:
        # The usual row holds the next record; any other must be blank (skipped) or it differs.
        if at(row) == record:
            record = next(want, _END)
        elif any(v not in ("", None) for v in row):
            break
    else:
        if record is _END:
            return
    raise Refused(f"「{name}」を読み直したところ、内容が視聴者リストと一致しませんでした。{advice}")


_END = object()  # after the last record: equal to no row's values


def _expected_values(records: list, names: tuple[str, ...]):
    # Each record's values for ``names`` as verify_written's itemgetter picks a row's (one name: the value).
    values = iter(records) if already_values(records, names) else (values_of(record, names) for record in records)
    return map(operator.itemgetter(0), values) if len(names) == 1 else values
