"""Self-check of a staff PC: everything the first-open checklist asks staff to verify, in Japanese.

Each check looks at one fact (Python, xlwings and its DLL, the interpreter the buttons start, where
the workbook lives, write access, the ledger and output folders) and says OK, 注意 (works, but mind
this) or 要対応 (fix before use) with what to do. The facts about the machine come in an ``Machine``
so that every verdict can be tested on any OS.
"""

from __future__ import annotations

import os
import re
import struct
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from shuudan_xl.rules.text_width import display_width
from shuudan_xl.services.session import Folders

OK, NOTE, FIX = "OK", "注意", "要対応"
SUPPORTED_PYTHON = ((3, 11), (3, 14))  # oldest and newest minor version the kit carries wheels for
ASR_CHILD_PROCESSES = "D4F940AB-401B-4EFC-AADC-AD5F3C50688A"  # Block Office apps from creating child processes
ASR_WIN32_API = "92E97FA1-2EDF-4476-BDD6-9DD0B4DDDC7B"  # Block Win32 API calls from Office macros
FAILED_BUTTON_HINT = (
    "ボタンを押すとエラーになる・何も起きないとき:",
    "・xlwings のエラー画面の内容を確かめます（%TEMP%\\xlwings-*.log にも残ります）。",
    "・「Could not find Interpreter」なら、上の「ボタンの Python」を直します。",
    "・Python が起動しない・すぐ止まるなら、情報システム担当に次を依頼します: Microsoft Defender の攻撃面の縮小（ASR）",
    f"  ルール {ASR_CHILD_PROCESSES}（Office からの子プロセス作成をブロック）と",
    f"  {ASR_WIN32_API}（Office マクロからの Win32 API 呼び出しをブロック）の除外",
    "  （または VBA プロジェクトへの署名）、ウイルス対策ソフトで Python の仮想環境（.venv）とブックのフォルダの許可。",
)


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report: what was checked, its verdict and what it means for staff."""

    item: str
    status: str  # OK, NOTE or FIX
    detail: str


@dataclass(frozen=True)
class Machine:
    """The facts about this PC and Python that the checks judge."""

    python: tuple[int, int, int]
    bits: int
    executable: Path
    platform: str
    xlwings: str | None
    environ: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def current(cls) -> Machine:
        """This Python on this PC."""
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as installed

        try:
            xlwings = installed("xlwings")  # without importing it (and the packages it would load)
        except PackageNotFoundError:
            xlwings = None
        return cls(tuple(sys.version_info[:3]), struct.calcsize("P") * 8, Path(sys.executable), sys.platform,
                   xlwings, dict(os.environ))


def run_checks(workbook: str, conf: Mapping[str, object], built_with: Mapping[str, str],
               machine: Machine | None = None) -> list[Check]:
    """Check the PC for the workbook and return the report, most basic first.

    Args:
        workbook: The workbook's full name as Excel gives it (a path, or a URL for a cloud file).
        conf: The workbook's xlwings.conf settings, keys upper-cased (files.workbook_facts.conf_settings).
        built_with: The versions the workbook was built with (its custom properties).
        machine: The facts about this PC (default: this Python).
    """
    machine = machine or Machine.current()
    checks = [_python(machine), _xlwings(machine, built_with)]
    checks.append(_interpreter(machine, conf, built_with))
    location = _location(workbook, machine)
    checks.append(location)
    if location.status != FIX or not _is_url(workbook):
        folder = Path(workbook).parent
        checks.append(_writable(folder))
        checks += _folders(Folders.beside(Path(workbook)))
    return checks


def has_problems(checks: list[Check]) -> bool:
    """True when any check needs fixing before the workbook is used."""
    return any(c.status == FIX for c in checks)


def format_report(checks: list[Check]) -> str:
    """The report as text: one line per check, then the hint for a failing button."""
    status_width = max(display_width(f"[{c.status}]") for c in checks)
    item_width = max(display_width(c.item) for c in checks)
    lines = [f"{_pad(f'[{c.status}]', status_width)} {_pad(c.item, item_width)}  {c.detail}" for c in checks]
    fixes = sum(c.status == FIX for c in checks)
    lines.append("")
    lines.append(f"要対応が {fixes} 件あります。上の内容に沿って直してください。" if fixes
                 else "問題は見つかりませんでした。")
    lines += FAILED_BUTTON_HINT
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    # Left-align in a console where full-width characters take two columns.
    return text + " " * (width - display_width(text))


def _python(machine: Machine) -> Check:
    version = ".".join(map(str, machine.python))
    low, high = SUPPORTED_PYTHON
    if not low <= machine.python[:2] <= high:
        return Check("Python", FIX, f"Python {version} には対応していません。Python {low[0]}.{low[1]}〜"
                                    f"{high[0]}.{high[1]}（64ビット版）を入れてください。")
    if machine.bits != 64:
        return Check("Python", NOTE, f"Python {version}（{machine.bits}ビット版）です。Excel が32ビット版の"
                                     "ときだけ動きます。通常の Microsoft 365（64ビット版）には"
                                     "64ビット版の Python が要ります。")
    return Check("Python", OK, f"Python {version}（64ビット版）")


def _xlwings(machine: Machine, built_with: Mapping[str, str]) -> Check:
    wanted = built_with.get("xlwings")
    if machine.xlwings is None:
        return Check("xlwings", FIX, "xlwings が入っていません。インストールをやり直してください（install.bat）。")
    if wanted is None:
        return Check("xlwings", NOTE, f"xlwings {machine.xlwings}。ブックに作成時の版の記録がないため、"
                                      "ブックと合っているか確かめられません（古いブックです）。")
    if wanted != machine.xlwings:
        return Check("xlwings", FIX, f"入っている xlwings は {machine.xlwings}、ブックは {wanted} 用です。"
                                     "セル関数が動きません。同じ版のキットで入れ直すか、新しいブックを使ってください。")
    return Check("xlwings", OK, f"xlwings {wanted}（ブックと同じ版）")


def _interpreter(machine: Machine, conf: Mapping[str, object], built_with: Mapping[str, str]) -> Check:
    item = "ボタンの Python"
    raw = str(conf.get("INTERPRETER_WIN") or "")
    if not raw:
        return Check(item, FIX, "xlwings.conf シートに Interpreter_Win がありません。新しいブックを使ってください。")
    expanded = expand_windows_variables(raw, machine.environ)
    if machine.platform != "win32":
        return Check(item, NOTE, f"{expanded}（Windows でないため、ファイルの有無は確かめていません）")
    path = Path(expanded)
    if not path.is_file():
        return Check(item, FIX, f"xlwings.conf シートの Interpreter_Win（{expanded}）に python.exe がありません。"
                                "install.bat で入れたか、シートのパスが正しいか確かめてください。")
    dll = f"xlwings{machine.bits}-{built_with.get('xlwings') or machine.xlwings}.dll"
    if not any((folder / dll).is_file() for folder in (path.parent, path.parent.parent)):
        return Check(item, FIX, f"{path.parent.parent} に {dll} がありません。セル関数が動きません。"
                                "同じ版のキットで入れ直してください。")
    if os.path.normcase(str(path)) != os.path.normcase(str(machine.executable)):
        return Check(item, NOTE, f"ボタンは {path} を使います（この点検は {machine.executable} で動いています）。")
    return Check(item, OK, str(path))


def _location(workbook: str, machine: Machine) -> Check:
    item = "ブックの場所"
    if _is_url(workbook):
        return Check(item, FIX, f"ブックがクラウド上（{workbook}）で開かれています。OneDrive や SharePoint と"
                                "同期していないローカルのフォルダ（例: C:\\集団指導）にコピーして開いてください。")
    text = str(workbook)
    if text.startswith("\\\\") or text.startswith("//"):
        return Check(item, NOTE, f"ネットワーク上のフォルダ（{text}）です。ボタンは動きますが、2人が同時に開くと"
                                 "書き込めません。できればローカルのフォルダ（例: C:\\集団指導）に置いてください。")
    synced = _synced_root(text, machine.environ)
    if synced:
        return Check(item, FIX, f"OneDrive で同期されるフォルダ（{synced}）の中です。同期中はファイルが使用中"
                                "になり、書き込みに失敗することがあります。"
                                "C:\\集団指導 のような同期しないフォルダに置いてください。")
    return Check(item, OK, str(Path(text).parent))


def _writable(folder: Path) -> Check:
    item = "書き込み"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix="~shuudan-check-", suffix=".tmp"):
            pass
    except OSError as exc:
        return Check(item, FIX, f"{folder} にファイルを作れません（{exc.strerror or type(exc).__name__}）。"
                                "書き込みできるフォルダにブックを置いてください。")
    return Check(item, OK, f"{folder} に書き込めます")


def _folders(folders: Folders) -> list[Check]:
    checks = []
    if folders.ledger.is_file():
        checks.append(Check("ID台帳", OK, str(folders.ledger)))
    else:
        checks.append(Check("ID台帳", NOTE, f"{folders.ledger} はまだありません。最初の「台帳登録」で作られます。"
                                            "ほかの PC で使っていた台帳があれば、ここにコピーしてください。"))
    for item, folder in (("業者提出フォルダ", folders.vendor), ("実施通知フォルダ", folders.notices),
                         ("出欠フォルダ", folders.attendance), ("バックアップ", folders.backups)):
        if folder.is_dir():
            status, detail = (OK, str(folder)) if os.access(folder, os.W_OK) else (
                FIX, f"{folder} に書き込めません。フォルダのアクセス権を確かめてください。")
        elif folder.exists():
            status, detail = FIX, f"{folder} がフォルダではなくファイルです。名前を変えるか移してください。"
        else:
            status, detail = OK, f"{folder}（最初に使うときに作られます）"
        checks.append(Check(item, status, detail))
    return checks


def expand_windows_variables(text: str, environ: Mapping[str, str]) -> str:
    """Expand %NAME% as Windows does (names in any case; unknown ones stay as written)."""
    upper = {k.upper(): v for k, v in environ.items()}
    return re.sub(r"%([^%]+)%", lambda m: upper.get(m.group(1).upper(), m.group(0)), text)


def _is_url(text: str) -> bool:
    return "://" in text


def _synced_root(path: str, environ: Mapping[str, str]) -> str | None:
    # The OneDrive folders Windows announces (personal, work or school), or a folder named OneDrive - ….
    target = PureWindowsPath(path)
    for key in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = {k.upper(): v for k, v in environ.items()}.get(key.upper())
        if root and _is_under(target, PureWindowsPath(root)):
            return root
    for part in target.parts:
        if part.lower() == "onedrive" or part.lower().startswith("onedrive - "):
            return str(PureWindowsPath(*target.parts[:target.parts.index(part) + 1]))
    return None


def _is_under(path: PureWindowsPath, root: PureWindowsPath) -> bool:
    parts, base = [p.lower() for p in path.parts], [p.lower() for p in root.parts]
    return parts[:len(base)] == base
