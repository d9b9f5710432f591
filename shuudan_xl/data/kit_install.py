"""Install shuudan-xl from this offline kit on Windows: no internet, no admin rights (run by install.bat).

Standard library only: it runs on the Python that python.org installed, before anything else is there.
Usage: install.bat [FOLDER]   (FOLDER for the workbook; default C:\\集団指導, a local folder OneDrive does
not sync). The virtual environment goes to %USERPROFILE%\\shuudan-xl\\.venv, where the workbook's
xlwings.conf sheet looks for python.exe. A workbook already in FOLDER is never replaced: it holds the
viewers; the new one is put beside it.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent
DEFAULT_FOLDER = Path("C:\\集団指導")
NEW_SUFFIX = "_新しい版"


def venv_folder(environ=os.environ) -> Path:
    """Where the buttons' Python lives (the xlwings.conf sheet's Interpreter_Win).

    SHUUDAN_XL_VENV chooses another folder: on Windows whose language for non-Unicode programs is not
    Japanese, a Japanese user name in the path defeats VBA's file functions (see the README).
    """
    chosen = environ.get("SHUUDAN_XL_VENV")
    return Path(chosen) if chosen else Path(environ["USERPROFILE"]) / "shuudan-xl" / ".venv"


def requirements_for(kit: Path, version: tuple[int, int]) -> Path | None:
    """The kit's pinned requirements for this Python version, or None when the kit has no wheels for it."""
    path = kit / f"requirements-{version[0]}.{version[1]}.txt"
    return path if path.is_file() else None


def supported_versions(kit: Path) -> list[str]:
    """The Python versions the kit carries wheels for ("3.12", …)."""
    return sorted(p.stem.removeprefix("requirements-") for p in kit.glob("requirements-*.txt"))


def place_workbook(kit: Path, folder: Path) -> tuple[Path, bool]:
    """Copy the kit's workbook into ``folder``; return where it went and whether an older one was kept.

    An existing workbook of the same name is left alone (it holds the viewers): the new one goes beside
    it as <name>_新しい版.xlsm (replacing an earlier new one).
    """
    (book,) = kit.glob("*.xlsm")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / book.name
    if target.exists():
        target = folder / f"{book.stem}{NEW_SUFFIX}{book.suffix}"
        shutil.copyfile(book, target)
        return target, True
    shutil.copyfile(book, target)
    return target, False


def venv_version(venv: Path) -> str | None:
    """The Python version a virtual environment was made with ("3.12"), from its pyvenv.cfg."""
    try:
        lines = (venv / "pyvenv.cfg").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return None


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DEFAULT_FOLDER
    version = sys.version_info[:2]
    if struct.calcsize("P") != 8:
        return fail("32ビット版の Python です。"
                    "python.org から64ビット版（Windows installer (64-bit)）を入れてください。")
    requirements = requirements_for(KIT, version)
    if requirements is None:
        return fail(f"このキットは Python {'・'.join(supported_versions(KIT))} 用です"
                    f"（この Python は {version[0]}.{version[1]}）。対応する版の Python を入れてください。")
    venv = venv_folder()
    python = venv / "Scripts" / "python.exe"
    if venv.exists() and venv_version(venv) != f"{version[0]}.{version[1]}":
        print(f"以前の Python 用の環境を作り直します: {venv}")
        shutil.rmtree(venv)
    if not python.is_file():
        print(f"Python の環境を作ります: {venv}")
        run([sys.executable, "-m", "venv", str(venv)])
    print("shuudan-xl を入れます（インターネットは使いません）…")
    run([str(python), "-m", "pip", "install", "--no-index", "--find-links", str(KIT / "wheels"),
         "--disable-pip-version-check", "--upgrade", "-r", str(requirements)])
    target, kept = place_workbook(KIT, folder)
    if kept:
        print(f"{folder} にあるブックはそのままにしました（視聴者のデータを消さないため）。"
              f"新しいブックは {target.name} として置きました。README の「新しい版にする」を見てください。")
    else:
        print(f"ブックを置きました: {target}")
    print("\n動作確認:")
    subprocess.run([str(venv / "Scripts" / "shuudan-xl.exe"), "self-check", str(target)])
    print("\nインストールが終わりました。")
    return 0


def run(command: list[str]) -> None:
    done = subprocess.run(command)
    if done.returncode != 0:
        sys.exit(fail("インストールの途中で止まりました（上のメッセージを情報システム担当に見せてください）。"))


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
