"""install.bat and the installer script of the offline kit (see data/kit_install.py).

install.bat only finds a Python (the py launcher for each supported version, then python on PATH) and
hands over to the script, which does the work with Python's standard library: batch files are read in
the console's code page, so the .bat is written in cp932 with CRLF line ends and keeps its Japanese to
messages, never inside a parenthesised block (an ASCII ")" there would end the block).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files

INSTALL_SCRIPT = "install.py"
_BAT = r"""@echo off
rem shuudan-xl のインストール（インターネットも管理者権限も使いません）。使い方: install.bat [ブックを置くフォルダ]
setlocal
cd /d "%~dp0"
set "PY="
for %%v in ({versions}) do if not defined PY py -%%v -c "" >nul 2>&1 && set "PY=py -%%v"
if not defined PY python -c "" >nul 2>&1 && set "PY=python"
if defined PY goto found
echo Python が見つかりません。
echo python.org から Python {oldest}〜{newest}（64ビット版）を入れてから、もう一度実行してください。
pause
exit /b 1
:found
%PY% "%~dp0{script}" %*
set "RC=%ERRORLEVEL%"
pause
exit /b %RC%
"""


def install_bat(pythons: Sequence[str]) -> bytes:
    """The install.bat of a kit carrying wheels for ``pythons`` (cp932, CRLF)."""
    newest_first = sorted(pythons, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    text = _BAT.format(versions=" ".join(newest_first), oldest=newest_first[-1], newest=newest_first[0],
                       script=INSTALL_SCRIPT)
    return text.replace("\n", "\r\n").encode("cp932")


def install_script() -> bytes:
    """The installer script (UTF-8, as Python reads source files)."""
    return files("shuudan_xl").joinpath("data", "kit_install.py").read_bytes()
