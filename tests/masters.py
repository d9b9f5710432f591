"""Builders for master-list rows and workbooks, and zip-level comparisons, shared by the workflow tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.rules import master as m

_KEYWORDS = {"login_id": m.LOGIN_ID, "password": m.PASSWORD, "video": m.VIDEO, "note": m.NOTE,
             "addressee": m.ADDRESSEE, "postal": m.POSTAL, "address": m.ADDRESS}


def viewer(round_: object = 1, guidance: str = "指定時", field: str = "医科", group: str = "東京13",
           number: str = "1234567", name: str = "みなと医院", **columns: str) -> dict[str, str]:
    """One master row keyed by header; keyword columns: login_id, password, video, note, address…"""
    row = {m.ROUND: str(round_), m.GUIDANCE: guidance, m.FIELD: field, m.GROUP: group, m.NUMBER: number,
           m.NAME: name}
    row.update({_KEYWORDS[key]: value for key, value in columns.items()})
    return row


def make_master(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write a master workbook (list, 動画一覧 with the default catalog, 都道府県一覧)."""
    return write_master_book(path, rows, data_rows=60)


def members(path: Path) -> dict[str, bytes]:
    """Every zip member's uncompressed bytes, by name."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist()}


def changed_members(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """Names of members added, removed or with different bytes."""
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def sheet_rows(path: Path, sheet: str | None = None) -> list[list[object]]:
    """Cell values through python-calamine (the reader the tool itself uses)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet or book.sheet_names[0]).to_python()
