"""Workbooks for xlwings' remote engine: payloads built from rows of Python values, and their actions.

The remote engine (xlwings PRO, PolyForm Noncommercial: tests only) builds a Book from the JSON an
xlwings client sends, and records every write as an action in ``book.json()["actions"]`` instead of
applying it. The payloads say they come from the Office.js client, the only one for which the engine
adds notes; each sheet lists its notes, and the tests' note entries also carry their text (a real
client sends only the address). The book's name is a full path: the engine reports it as fullname.
"""

from __future__ import annotations

import copy
import datetime as dt

import xlwings as xw

from shuudan_xl.files.package_data import default_catalog_rows
from shuudan_xl.rules import master as m
from shuudan_xl.rules import sheets
from shuudan_xl.rules.settings import Settings

LIST_TOP = [["集団指導 視聴者リスト（ボタンはこの行の右）"], []]  # rows 1–2 above the header (buttons)
HEADER_ROW = 3
ID_COL, PW_COL = m.COLUMNS.index(m.LOGIN_ID), m.COLUMNS.index(m.PASSWORD)
SCHEDULE_HEADERS = list(sheets.SCHEDULE_HEADERS)


def json_value(value: object) -> object:
    """A Python cell value as the client sends it: dates as ISO text, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    return value


def sheet(name: str, rows: list[list[object]], notes: dict[str, str] | None = None) -> dict:
    """One sheet of a payload: values padded to a rectangle from A1, notes by address."""
    width = max((len(r) for r in rows), default=0)
    values = [[json_value(v) for v in row] + [""] * (width - len(row)) for row in rows] or [[]]
    return {"name": name, "values": values, "pictures": [], "tables": [], "shapes": [], "charts": [],
            "notes": [{"address": a, "text": t} for a, t in (notes or {}).items()]}


def list_rows(viewers: list[dict[str, str]]) -> list[list[object]]:
    """The 視聴者リスト sheet: two rows above the header (where the buttons are), then one row per viewer."""
    return [*LIST_TOP, list(m.COLUMNS), *([row.get(h, "") for h in m.COLUMNS] for row in viewers)]


def settings_rows(**values: str) -> list[list[object]]:
    """The 設定 sheet with the given values (by attribute name of rules.settings.Settings)."""
    return [["項目", "値", "説明"], *(list(row) for row in Settings(**values).rows())]


def master_payload(path, viewers, *, settings: dict | None = None, extra: dict | None = None,
                   notes: dict[str, str] | None = None) -> dict:
    """A master workbook: 視聴者リスト (header in row 3), 設定, 動画一覧 and any extra sheets."""
    sheets = [sheet(m.LIST_SHEET, list_rows(viewers), notes),
              sheet("設定", settings_rows(**{"fiscal_year": "2024", "current_round": "1", **(settings or {})})),
              sheet("動画一覧", default_catalog_rows())]
    extra = extra or {}
    sheets = [s for s in sheets if s["name"] not in extra]  # an extra sheet replaces the default one
    sheets += [sheet(name, rows, note) for name, (rows, note) in extra.items()]
    sheets.append(sheet("xlwings.conf", [["Interpreter_Win", r"C:\Python\pythonw.exe"]]))
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": str(path), "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def actions_of(book, func: str | None = None) -> list[dict]:
    """The recorded actions, optionally only those of one kind."""
    return [a for a in book.json()["actions"] if func is None or a["func"] == func]


def alerts(book) -> list[tuple[str, str, str]]:
    """(text, title, mode) of every message box."""
    return [(a["args"][0], a["args"][1], a["args"][3]) for a in actions_of(book, "alert")]


def cell_values(book, sheet_name: str) -> dict[tuple[int, int], object]:
    """Every value written to a sheet by setValues, by (1-based row, 0-based column)."""
    position = [s["name"] for s in book.api["sheets"]].index(sheet_name)
    out = {}
    for a in actions_of(book, "setValues"):
        if a["sheet_position"] != position:
            continue
        for i, row in enumerate(a["values"]):
            for j, value in enumerate(row):
                out[(a["start_row"] + 1 + i, a["start_column"] + j)] = value
    return out


def applied(payload: dict, book) -> dict:
    """The payload as Excel would hold it after the book's setValues actions."""
    result = copy.deepcopy(payload)
    for a in actions_of(book, "setValues"):
        values = result["sheets"][a["sheet_position"]]["values"]
        for i, row in enumerate(a["values"]):
            r = a["start_row"] + i
            while len(values) <= r:
                values.append([""] * len(values[0]))
            for j, value in enumerate(row):
                c = a["start_column"] + j
                for line in values:
                    line.extend([""] * (c + 1 - len(line)))
                values[r][c] = value
    return result


def a1(row: int, col: int) -> str:
    """(1-based row, 0-based column) → "$J$4"."""
    from shuudan_xl.files.cell_refs import column_letter

    return f"${column_letter(col)}${row}"
