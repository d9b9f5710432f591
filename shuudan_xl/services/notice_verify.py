"""Read the written letters back and compare them, letter by letter, with what they should say.

Each letter must name its own viewer, login ID, password and dates, and nobody else's ID or password;
the mail-merge workbook must hold exactly the letters' values. A wrong character means a viewer who
cannot log in, so nothing is kept unless every file passes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from shuudan_xl.rules import notice_text as nt

if TYPE_CHECKING:
    from shuudan_xl.services.notices import Letter, NoticePlan

_TOKEN = r"(?<![A-Za-z0-9]){}(?![A-Za-z0-9])"
_ALNUM = re.compile(r"[A-Za-z0-9]+")
_UNFILLED = re.compile(r"\{\{|｛｛|\}\}|｝｝")


def verify_outputs(plan: NoticePlan, staging: Path, names: dict, registered: dict[str, str], png: bytes | None,
                   used: set[str]) -> list[str]:
    """Read every written file back and compare it letter by letter.

    Args:
        plan: The round's letters.
        staging: The folder the files were written to.
        names: The files' names (letters, merge workbook, per-viewer folder and files).
        registered: ID → registered password (see notice_inputs.registered_passwords).
        png: The QR code every letter must carry, or None.
        used: The placeholders the template uses (only those are looked for).

    Returns:
        Japanese descriptions of every difference found (empty when all files match).
    """
    from shuudan_xl.files.notice_docx import read_letters
    from shuudan_xl.files.reader import Workbook

    problems = _verify_file(plan.letters, read_letters(staging / names["letters"]), names["letters"],
                            registered, png, used)
    for letter, name in zip(plan.letters, names["files"], strict=False):  # no files unless per viewer
        problems += _verify_file([letter], read_letters(staging / names["dir"] / name), name, registered, png,
                                 used, plan.letters)
    if plan.draft:
        from shuudan_xl.files.notice_draft import unmarked_sections

        for name in [names["letters"], *(f"{names['dir']}/{n}" for n in names["files"])]:
            if unmarked_sections(staging / name):
                problems.append(f"{name}: 「下書き」の入っていないページがあります。")
    book = Workbook(staging / names["merge"], shared_texts=False)  # read once, compared, let go
    rows = book.rows(book.sheet_names[0])
    want = [list(nt.MERGE_COLUMNS)] + [[letter.fields[c] for c in nt.MERGE_COLUMNS] for letter in plan.letters]
    if [[str(v) if v is not None else "" for v in row] for row in rows] != want:
        problems.append(f"差し込みデータ（{names['merge']}）の内容が通知と一致しません。")
    return problems


def _verify_file(letters: list[Letter], read, file_name: str, registered: dict[str, str], png: bytes | None,
                 used: set[str], everyone: list[Letter] | None = None) -> list[str]:
    # Each letter must name its own viewer, ID, password and dates, and nobody else's ID or password.
    everyone = everyone or letters
    problems = []
    if len(read) != len(letters):
        return [f"{file_name}: 通知が{len(letters)}通のはずが、{len(read)}通しか読み取れません。"]
    secrets = {letter.login_id for letter in everyone} | {letter.line.password for letter in everyone}
    for letter, got in zip(letters, read, strict=True):
        text, fields = got.text, letter.fields
        where = f"{file_name} {letter.label}"
        tokens = set(_ALNUM.findall(text))
        if _UNFILLED.search(text):
            problems.append(f"{where}: 差し込まれていない項目（{{{{…}}}}）が残っています。")
        for label, value in (("ログインID", letter.login_id), ("ログインパスワード", letter.line.password)):
            if not _has_token(value, text, tokens):
                problems.append(f"{where}: {label}「{value}」が通知に見当たりません。")
        expected = registered.get(letter.login_id)
        if expected is not None and expected != letter.line.password:
            source = "ID台帳" if letter.line.registered else "業者提出ファイル"
            shown = f"「{expected}」" if expected else "なし（IDが登録されていません）"
            problems.append(f"{where}: 通知のパスワード「{letter.line.password}」が{source}の登録{shown}と違います。")
        for label, key in (("指導実施日", nt.GUIDANCE_DATE), ("視聴開始日", nt.START), ("視聴終了日", nt.END),
                           ("宛先", nt.ADDRESSEE), ("名称", nt.NAME)):
            if key in used and fields[key] and fields[key] not in text:
                problems.append(f"{where}: {label}「{fields[key]}」が通知に見当たりません。")
        others = (tokens & secrets) - {letter.login_id, letter.line.password}
        if others:
            problems.append(f"{where}: 他の視聴者のIDかパスワード（{'・'.join(sorted(others))}）が載っています。")
        if png is not None and png not in got.images:
            problems.append(f"{where}: QRコードが見当たりません。")
    return problems


def _has_token(value: str, text: str, tokens: set[str]) -> bool:
    # Whether value stands in the text with no letter or digit touching it. An ASCII alphanumeric value
    # does exactly when it is one of the text's alphanumeric runs (no regex compiled per value).
    if value.isascii() and value.isalnum():
        return value in tokens
    return re.search(_TOKEN.format(re.escape(value)), text) is not None
