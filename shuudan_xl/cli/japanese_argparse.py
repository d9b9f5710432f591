"""argparse with Japanese headings and error messages (staff read these)."""

from __future__ import annotations

import argparse
import re
import sys

_HEADINGS = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "show this help message and exit": "この説明を表示して終了します",
    "show program's version number and exit": "バージョンを表示して終了します",
}
_ERRORS = [
    (r"the following arguments are required: (.*)", r"必要な引数が指定されていません: \1"),
    (r"unrecognized arguments: (.*)", r"使えない引数があります: \1"),
    (r"argument (\S+): invalid int value: (.*)", r"\1 には整数を指定してください（指定: \2）"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"\1 には \3 のいずれかを指定してください（指定: \2）"),
    (r"argument (\S+): expected one argument", r"\1 の後に値を指定してください"),
]


def _translate(text: str) -> str:
    return _HEADINGS.get(text, text)


argparse._ = _translate  # argparse looks its headings up through this module-level gettext alias


class JapaneseArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one Japanese line (exit status 2)."""

    def error(self, message: str):
        for pattern, replacement in _ERRORS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        sys.stderr.write(f"{self.prog}: エラー: {message}\n（使い方は {self.prog} --help で確認できます）\n")
        sys.exit(2)
