"""The ``xlwings.conf`` sheet: where the workbook's buttons and cell functions find Python.

xlwings' standalone module reads this sheet before any xlwings.conf file (beside the workbook, then in
%USERPROFILE%\\.xlwings): from A1 down to the first blank cell of column A, key in A, value in B; keys
are matched upper-cased (``GetConfigFromSheet`` / ``GetConfig`` in xlwings.bas). Column C explains each
key in Japanese; a key present here with an empty value still hides the files' value.
Key names as xlwings documents them (docs/addin.rst, "User Settings", and quickstart's _xlwings.conf).
"""

from __future__ import annotations

CONF_SHEET = "xlwings.conf"
HELP_WIDTH = 80  # column C
INTERPRETER = r"%USERPROFILE%\shuudan-xl\.venv\Scripts\python.exe"

# (key, value, explanation). Values are text, or bool for xlwings' TRUE/FALSE switches.
SETTINGS: tuple[tuple[str, str | bool, str], ...] = (
    ("Interpreter_Win", INTERPRETER,
     "ボタンとセル関数を動かす Python（python.exe）の場所です。README の手順で %USERPROFILE%\\shuudan-xl に"
     "入れた場合はこのままで動きます。別のフォルダに入れたときは、その .venv\\Scripts\\python.exe に書き換えます。"
     "%USERPROFILE% などの環境変数が使えます。"),
    ("PYTHONPATH", "",
     "通常は空欄です（pip install で shuudan-xl を入れてあれば不要）。Python のファイルを別の場所に置いたときだけ、"
     "そのフォルダを書きます（複数はセミコロン ; で区切ります）。"),
    ("ADD_WORKBOOK_TO_PYTHONPATH", False,
     "FALSE のままにします。shuudan-xl は pip install で入れてあるので、ブックのフォルダを Python に教える必要は"
     "ありません（TRUE にすると、OneDrive 上のブックではボタンが止まることがあります）。"),
    ("Conda Path", "",
     "空欄のままにします（Anaconda は使いません）。ここが空欄なので、個人の xlwings.conf の設定は使われません。"),
    ("Conda Env", "",
     "空欄のままにします（Conda Path と同じ理由です）。"),
    ("UDF Modules", "shuudan_xl.excel.udfs",
     "セル関数（=SHUUDAN_ID_CHECK(…) など）を定義している Python のモジュールです。変えないでください。"),
    ("Use UDF Server", False,
     "TRUE にすると、Python を起動したままにして2回目以降のボタンが速くなります。"
     "shuudan-xl を更新したら Excel を閉じて開き直してください。"),
    ("Show Console", False,
     "TRUE にすると、ボタンを押したときに黒い画面（コンソール）が開き、Python の出力が見えます（問題の調査用）。"),
    ("Debug UDFs", False, "開発者用です。FALSE のままにしてください。"),
)
NOTES = (
    "このシートは、ボタンとセル関数から Python（shuudan-xl）を動かす仕組み xlwings の設定です。",
    "A列の項目名は変えないでください。1行目から空白の行を挟まずに並べます（空白の行より下は読まれません）。",
    "このシートを削除すると、ブックと同じフォルダの xlwings.conf ファイル、"
    "次に %USERPROFILE%\\.xlwings\\xlwings.conf の設定が使われます。",
)


def _lines(text: str, width: int) -> int:
    # Lines a wrapped text takes in a column ``width`` characters wide (full-width characters count two).
    units = sum(2 if ord(ch) > 0x7F else 1 for ch in text)
    return -(-units // (width - 2))


def add_conf_sheet(book):
    """Add the ``xlwings.conf`` sheet (settings from A1, explanations in C, notes below a blank row)."""
    sheet = book.add_worksheet(CONF_SHEET)
    key = book.add_format({"bold": True, "valign": "top"})
    value = book.add_format({"num_format": "@", "valign": "top", "bg_color": "#FFF2CC", "border": 1})
    switch = book.add_format({"valign": "top", "bg_color": "#FFF2CC", "border": 1, "align": "center"})
    note = book.add_format({"font_color": "#595959", "valign": "top", "text_wrap": True})
    for r, (name, setting, help_text) in enumerate(SETTINGS):
        sheet.write_string(r, 0, name, key)
        if isinstance(setting, bool):
            sheet.write_boolean(r, 1, setting, switch)
        elif setting:
            sheet.write_string(r, 1, setting, value)
        else:
            sheet.write_blank(r, 1, None, value)
        sheet.write_string(r, 2, help_text, note)
        sheet.set_row(r, 15 * _lines(help_text, HELP_WIDTH) + 3)
    for r, text in enumerate(NOTES, start=len(SETTINGS) + 1):
        sheet.write_string(r, 0, text)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 2, HELP_WIDTH)
    return sheet
