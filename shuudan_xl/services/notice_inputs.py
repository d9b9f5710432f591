"""What the round's letters are built from and checked against, besides the master list.

The Word template (the one given, a restyled one beside the master, or the built-in one) must carry the
placeholders a letter needs; and the password each ID was registered with comes from the ID ledger for
viewers registered before and from the vendor registration workbook ``export`` wrote for new ones
(手順 3(4)「ダブルチェックを行うなど事故防止に努めること」).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.rules import notice_text as nt
from shuudan_xl.services.export import file_names

if TYPE_CHECKING:
    from shuudan_xl.services.notices import NoticePlan


def load_template(template: Path | None, master_dir: Path, qr: bool) -> tuple[bytes, set[str]]:
    """The letters' Word template: the given one, else a restyled one beside the master, else the built-in one.

    Args:
        template: The template staff chose (None: the default).
        master_dir: The master workbook's folder (where a restyled 実施通知_テンプレート.docx may be).
        qr: Whether the letters carry a QR code (the template then needs its placeholder).

    Returns:
        The template's bytes and the placeholders it uses.

    Raises:
        InputUnreadable: when the template is missing, not a .docx, or lacks or misuses placeholders.
    """
    from shuudan_xl.files.notice_docx import template_marks
    from shuudan_xl.files.notice_template import TEMPLATE_NAME, template_bytes

    # A restyled template beside the master replaces the built-in one.
    if template is None and (master_dir / TEMPLATE_NAME).exists():
        template = master_dir / TEMPLATE_NAME
    if template is None:
        data = template_bytes()
        return data, set(template_marks(data).body)
    if not template.exists():
        raise InputUnreadable(f"実施通知のテンプレート「{template}」が見つかりません。")
    data = template.read_bytes()
    try:
        marks = template_marks(data)
    except Exception as exc:  # python-docx raises several error types for files that are not .docx
        raise InputUnreadable(f"「{template.name}」をWord文書（.docx）として読み込めません（{type(exc).__name__}）。"
                              ) from None
    known = set(nt.PLACEHOLDERS)
    unknown = [name for name in marks.body if name not in known]
    missing = [name for name in nt.REQUIRED if name not in marks.body]
    problems = []
    if unknown:
        problems.append(f"使えない差し込み項目{'・'.join(nt.mark(n) for n in unknown)}があります"
                        f"（使える項目: {'・'.join(nt.PLACEHOLDERS)}）。")
    if missing:
        problems.append(f"必要な差し込み項目{'・'.join(nt.mark(n) for n in missing)}がありません。")
    if qr and nt.QR_CODE not in marks.body:
        problems.append(f"QRコードを載せる位置{nt.mark(nt.QR_CODE)}がありません。QRコードを載せるときは本文に置いてください。")
    if marks.headers:
        problems.append("ヘッダー・フッターには差し込み項目を置けません（全ての通知で共通のため）。"
                        "本文に移してください。")
    if problems:
        raise InputUnreadable(f"実施通知のテンプレート「{template.name}」: " + "".join(problems))
    return data, set(marks.body)


def registered_passwords(plan: NoticePlan, vendor_dir: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """The password each letter's ID was registered with, to compare the letters against.

    Args:
        plan: The round's letters.
        vendor_dir: Where ``export`` left the vendor registration workbook.

    Returns:
        ID → registered password (the ledger for IDs registered before, the vendor workbook for new
        ones; "" for a new ID missing from it), what was compared (Japanese), and warnings.
    """
    context = plan.context
    registered: dict[str, str] = {}
    checks = [f"視聴者リスト（{context.master.path.name}）"]
    warnings: list[str] = []
    old = [letter for letter in plan.letters if letter.line.registered]
    for letter in old:
        entry = context.ledger.get(letter.login_id)
        if entry is not None:
            registered[letter.login_id] = entry.password
    if old:
        checks.append(f"ID台帳（{context.ledger_path.name}、登録済みID {len(old)} 人）")
    new = [letter for letter in plan.letters if not letter.line.registered]
    if not new:
        return registered, checks, warnings
    reg_name, _ = file_names(context.fiscal_label, context.round.number)
    path = vendor_dir / reg_name
    if not path.exists():
        warnings.append(f"業者提出ファイル「{reg_name}」が{vendor_dir}に見つからないため、新規IDの{len(new)}人は"
                        "視聴者リストとだけ照合しました（提出したファイルは視聴者リストと同じフォルダの「業者提出」に置くか、"
                        "コマンドでは --vendor-dir で指定します）。")
        return registered, checks, warnings
    vendor = _vendor_passwords(path)
    for letter in new:
        registered[letter.login_id] = vendor.get(letter.login_id, "")
    checks.append(f"業者提出ファイル（{reg_name}、新規ID {len(new)} 人）")
    return registered, checks, warnings


def _vendor_passwords(path: Path) -> dict[str, str]:
    # ID → password of the vendor registration workbook (header row found by its ユーザーID cell).
    from shuudan_xl.files.reader import Workbook
    from shuudan_xl.files.vendor_books import HEADER_KEYS, ID, PASSWORD
    from shuudan_xl.rules.cleaning import squeeze

    book = Workbook(path)
    rows = book.rows(book.sheet_names[0])
    for index, row in enumerate(rows):
        columns = {HEADER_KEYS.get(squeeze(v)) if isinstance(v, str) else None: c for c, v in enumerate(row)}
        if ID in columns and PASSWORD in columns:
            return {str(r[columns[ID]]): str(r[columns[PASSWORD]]) for r in rows[index + 1:]
                    if r[columns[ID]] not in ("", None)}
    return {}
