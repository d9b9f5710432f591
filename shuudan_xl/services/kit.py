"""The offline install kit for Windows x64: wheels for every supported Python, install.bat, the workbook.

Staff PCs usually cannot reach PyPI and staff have no admin rights. The kit is made on any machine
that can (Linux included) and carries everything: the project's wheel and each dependency's win_amd64
wheel for each supported Python version, one pinned requirements file per version, install.bat and
the master workbook.

The dependencies are resolved *for Windows*, not for the machine making the kit: ``pip download
--platform win_amd64`` still evaluates environment markers for the running OS, so on Linux it silently
drops ``pywin32`` (xlwings) and ``colorama`` (qrcode). Here every requirement's marker is evaluated
for CPython on Windows x64 of the target version, and pip only fetches named wheels (``--no-deps``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from shuudan_xl.errors import CannotWrite, InvalidArgument

PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14")  # keep in step with services.self_check.SUPPORTED_PYTHON
PLATFORM = "win_amd64"
WHEELS_DIR = "wheels"
INSTALL_BAT = "install.bat"
PROJECT = "shuudan-xl"
_WINDOWS = {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
            "implementation_name": "cpython", "platform_python_implementation": "CPython"}

Downloader = Callable[[Sequence[str], str, Path], None]  # (requirements, python version, folder)


@dataclass(frozen=True)
class Kit:
    """What was made: the folder, its zip, and the pinned set per Python version."""

    folder: Path
    archive: Path
    pinned: dict[str, dict[str, str]]  # python version → distribution → version


def windows_environment(python: str) -> dict[str, str]:
    """Marker variables of CPython ``python`` (e.g. "3.12") on Windows x64."""
    return {**_WINDOWS, "python_version": python, "python_full_version": f"{python}.0"}


def resolve(roots: Iterable[str], python: str, wheels: Path, download: Downloader) -> dict[str, Path]:
    """Collect in ``wheels`` a win_amd64 wheel for every requirement reachable from ``roots``.

    Markers are evaluated for Windows (see the module note); a wheel already in the folder that fits
    this Python and the requirement is used again (pure-Python wheels serve every version).

    Args:
        roots: Requirement strings to start from.
        python: Target Python version, "3.X".
        wheels: The kit's wheel folder (read and written).
        download: Fetches named requirements' wheels, without their dependencies, into a folder.

    Returns:
        Canonical distribution name → its wheel.

    Raises:
        InvalidArgument: when no wheel fits a requirement.
    """
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    env = windows_environment(python)
    chosen: dict[str, Path] = {}
    wanted: dict[str, Requirement] = {}
    pending = [Requirement(text) for text in roots]
    while pending:
        needed: dict[str, Requirement] = {}
        for req in pending:
            if req.marker is not None and not req.marker.evaluate({**env, "extra": ""}):
                continue
            name = canonicalize_name(req.name)
            before = wanted.get(name)
            merged = _merge(before, req)
            wanted[name] = merged
            grew = before is not None and merged.extras != before.extras
            if grew or name not in chosen or not merged.specifier.contains(_version(chosen[name]), prereleases=True):
                needed[name] = merged
        pending = []
        missing = {name: req for name, req in needed.items() if not _use_existing(name, req, python, wheels, chosen)}
        if missing:
            with tempfile.TemporaryDirectory(prefix="shuudan-kit-") as tmp:
                download([str(_without_marker(req)) for req in missing.values()], python, Path(tmp))
                for path in Path(tmp).glob("*.whl"):
                    target = wheels / path.name
                    if not target.exists():
                        shutil.move(str(path), target)
            for name, req in missing.items():
                if not _use_existing(name, req, python, wheels, chosen):
                    raise InvalidArgument(f"{req} の Windows（{PLATFORM}、Python {python}）用のホイールが"
                                          "見つかりません。")
        for name in needed:  # their dependencies, with markers judged for Windows and the extras asked for
            extras = ("", *sorted(wanted[name].extras))
            for line in requires_dist(chosen[name]):
                dep = Requirement(line)
                if dep.marker is None or any(dep.marker.evaluate({**env, "extra": e}) for e in extras):
                    pending.append(_without_marker(dep))
    return chosen


def requires_dist(wheel: Path) -> list[str]:
    """The Requires-Dist lines of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as package:
        name = next(n for n in package.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        metadata = Parser().parsestr(package.read(name).decode("utf-8"))
    return metadata.get_all("Requires-Dist") or []


def pip_download(requirements: Sequence[str], python: str, folder: Path) -> None:
    """Fetch the requirements' win_amd64 wheels (binary only, no dependencies) for CPython ``python``.

    Raises:
        InvalidArgument: when pip cannot (no network, or no such wheel); pip's last lines are quoted.
    """
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--platform", PLATFORM,
               "--python-version", python, "--implementation", "cp", "--disable-pip-version-check", "-q",
               "-d", str(folder), *requirements]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-4:])
        raise InvalidArgument(f"ホイールを取得できません（Python {python}）。インターネットに接続できるか確かめて"
                              f"ください。\n{tail}")


def build_project_wheel(root: Path, folder: Path) -> Path:
    """Build the project's own wheel from its source folder into ``folder`` and return it.

    Raises:
        InvalidArgument: when the folder is not the shuudan-xl source or the build fails.
    """
    if not (root / "pyproject.toml").is_file():
        raise InvalidArgument(f"「{root}」に pyproject.toml がありません。キットは shuudan-xl のフォルダから作ります。")
    with tempfile.TemporaryDirectory(prefix="shuudan-wheel-") as tmp:
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
                               "-w", tmp, str(root)], capture_output=True, text=True)
        built = list(Path(tmp).glob("shuudan_xl-*.whl"))
        if done.returncode != 0 or len(built) != 1:
            raise InvalidArgument("shuudan-xl のホイールを作れません。\n" + (done.stderr or done.stdout)[-800:])
        return Path(shutil.move(str(built[0]), folder / built[0].name))


def make_kit(root: Path, out: Path, workbook: Path, pythons: Sequence[str] = PYTHON_VERSIONS,
             download: Downloader = pip_download) -> Kit:
    """Make the kit folder ``out`` (it must not exist yet) and its zip beside it.

    Args:
        root: The shuudan-xl source folder (pyproject.toml).
        out: The kit folder to create.
        workbook: The master .xlsm to put in the kit.
        pythons: The Python versions to carry wheels for.
        download: How wheels are fetched (pip by default).

    Raises:
        InvalidArgument: for a bad Python version, a missing workbook, or a wheel that cannot be had.
        CannotWrite: when ``out`` exists already.
    """
    from shuudan_xl.services.kit_install import INSTALL_SCRIPT, install_bat, install_script

    for python in pythons:
        if python not in PYTHON_VERSIONS:
            raise InvalidArgument(f"Python {python} には対応していません（対応: {'、'.join(PYTHON_VERSIONS)}）。")
    if not workbook.is_file():
        raise InvalidArgument(f"ブック「{workbook}」がありません。先に shuudan-xl build-workbook で作ってください。")
    if out.exists():
        raise CannotWrite(f"「{out}」はすでにあります。別の名前を指定するか、古いキットを移してください。")
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    wheels = partial / WHEELS_DIR
    wheels.mkdir(parents=True)
    try:
        project = build_project_wheel(root, wheels)
        version = _version(project)
        pinned = {}
        for python in pythons:
            chosen = resolve([f"{PROJECT}=={version}"], python, wheels, download)
            pinned[python] = {name: str(_version(path)) for name, path in sorted(chosen.items())}
            lines = [f"{name}=={v}" for name, v in pinned[python].items()]
            (partial / f"requirements-{python}.txt").write_text("\n".join(lines) + "\n", encoding="ascii")
        shutil.copy2(workbook, partial / workbook.name)
        (partial / INSTALL_BAT).write_bytes(install_bat(pythons))
        (partial / INSTALL_SCRIPT).write_bytes(install_script())
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    archive = Path(shutil.make_archive(str(out), "zip", root_dir=out.parent, base_dir=out.name))
    return Kit(out, archive, pinned)


def _version(wheel: Path):
    from packaging.utils import parse_wheel_filename

    return parse_wheel_filename(wheel.name)[1]


def _use_existing(name: str, req, python: str, wheels: Path, chosen: dict[str, Path]) -> bool:
    # Pick a wheel of the folder that fits this Python on Windows x64 and the requirement (newest first).
    from packaging.tags import compatible_tags, cpython_tags
    from packaging.utils import canonicalize_name, parse_wheel_filename

    version = tuple(int(p) for p in python.split("."))
    supported = {*cpython_tags(version, platforms=[PLATFORM]), *compatible_tags(version, platforms=[PLATFORM])}
    fits = []
    for path in wheels.glob("*.whl"):
        dist, found, _build, tags = parse_wheel_filename(path.name)
        if canonicalize_name(dist) == name and tags & supported and req.specifier.contains(found, prereleases=True):
            fits.append((found, path))
    if not fits:
        return False
    chosen[name] = max(fits)[1]
    return True


def _merge(old, new):
    # One requirement for a distribution: both specifiers and both sets of extras.
    from packaging.requirements import Requirement

    if old is None:
        return _without_marker(new)
    merged = Requirement(str(_without_marker(old)))
    merged.specifier &= new.specifier
    merged.extras |= new.extras
    return merged


def _without_marker(req):
    from packaging.requirements import Requirement

    copy = Requirement(str(req))
    copy.marker = None
    return copy
