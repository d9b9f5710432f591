"""The offline kit resolves for Windows x64, not for the machine that makes it (issue 10 item 8)."""

import importlib.util
import json
import socket
import subprocess
import sys
import zipfile
from pathlib import Path, PureWindowsPath

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

from shuudan_xl.errors import InvalidArgument
from shuudan_xl.services.kit import make_kit, requires_dist, resolve, windows_environment
from shuudan_xl.services.kit_install import install_bat, install_script
from shuudan_xl.xlsm.workbook import DEFAULT_OUTPUT, REPO
from shuudan_xl.xlsm.xlwings_conf import INTERPRETER


def fake_wheel(folder: Path, name: str, version: str, requires: list[str], tag: str = "py3-none-any") -> Path:
    path = folder / f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w") as z:
        lines = [f"Name: {name}", f"Version: {version}", *(f"Requires-Dist: {r}" for r in requires)]
        z.writestr(f"{name}-{version}.dist-info/METADATA", "Metadata-Version: 2.1\n" + "\n".join(lines) + "\n")
    return path


class Index:
    """A fake PyPI: wheels by name; records every download."""

    def __init__(self, tmp_path, packages):
        self.store, self.calls = tmp_path / "index", []
        self.store.mkdir()
        for name, version, requires, tag in packages:
            fake_wheel(self.store, name, version, requires, tag)

    def __call__(self, requirements, python, folder):
        self.calls.append((tuple(requirements), python))
        for text in requirements:
            req = Requirement(text)
            for path in self.store.glob("*.whl"):
                dist, version, _, tags = parse_wheel_filename(path.name)
                wanted = f"cp{python.replace('.', '')}"
                if canonicalize_name(dist) == canonicalize_name(req.name) and req.specifier.contains(version) and \
                        any(t.interpreter in (wanted, "py3") for t in tags):
                    (folder / path.name).write_bytes(path.read_bytes())


PACKAGES = [
    ("app", "1.0", ["lib>=1", 'winonly; sys_platform == "win32"', 'posixonly; sys_platform != "win32"',
                    "extras[fast]", 'new; python_version >= "3.13"'], "py3-none-any"),
    ("lib", "1.2", [], "cp312-cp312-win_amd64"),
    ("lib", "1.2", [], "cp313-cp313-win_amd64"),
    ("winonly", "3", ['tzdata; os_name == "nt"'], "py3-none-any"),
    ("tzdata", "2025.1", [], "py2.py3-none-any"),
    ("posixonly", "1", [], "py3-none-any"),
    ("extras", "2", ['speedup; extra == "fast"', 'docs; extra == "docs"'], "py3-none-any"),
    ("speedup", "1", [], "py3-none-any"),
    ("new", "1", [], "py3-none-any"),
]


def test_markers_are_judged_for_windows_and_extras_followed(tmp_path):
    index, wheels = Index(tmp_path, PACKAGES), tmp_path / "wheels"
    wheels.mkdir()
    chosen = resolve(["app==1.0"], "3.12", wheels, index)
    assert set(chosen) == {"app", "lib", "winonly", "tzdata", "extras", "speedup"}
    assert chosen["lib"].name == "lib-1.2-cp312-cp312-win_amd64.whl"
    before = len(index.calls)
    chosen = resolve(["app==1.0"], "3.13", wheels, index)
    assert {"new", "lib"} <= set(chosen) and chosen["lib"].name.startswith("lib-1.2-cp313")
    # Pure-Python wheels fetched for 3.12 serve 3.13: only what 3.13 lacked was downloaded again.
    assert sorted(r for call, _ in index.calls[before:] for r in call) == ["lib>=1", "new"]


def test_a_requirement_without_a_windows_wheel_is_refused_by_name(tmp_path):
    index, wheels = Index(tmp_path, PACKAGES[:1]), tmp_path / "wheels"
    wheels.mkdir()
    with pytest.raises(InvalidArgument, match="lib>=1 の Windows"):
        resolve(["app==1.0"], "3.12", wheels, index)


def test_the_windows_environment_is_cpython_on_x64():
    env = windows_environment("3.14")
    assert Requirement('x; sys_platform == "win32" and platform_machine == "AMD64"').marker.evaluate(env)
    assert Requirement('x; python_version >= "3.14"').marker.evaluate(env)


def test_install_bat_is_cp932_with_crlf_and_needs_no_admin_rights():
    data = install_bat(["3.12", "3.14", "3.13"])
    text = data.decode("cp932")
    assert "\n" not in text.replace("\r\n", "")
    assert "for %%v in (3.14 3.13 3.12)" in text  # newest Python first
    assert "install.py" in text and "runas" not in text.lower()
    code = [line for line in text.splitlines() if not line.startswith(("rem ", "echo "))]
    assert all(line.isascii() for line in code)  # Japanese only in messages, never in a command


@pytest.fixture
def installer(tmp_path):
    """The installer script as the kit carries it, imported from the kit's copy."""
    script = tmp_path / "install.py"
    script.write_bytes(install_script())
    spec = importlib.util.spec_from_file_location("kit_installer", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_installer_keeps_a_workbook_that_is_already_there(installer, tmp_path):
    kit, folder = tmp_path / "kit", tmp_path / "集団指導"
    kit.mkdir()
    (kit / "集団指導_視聴者リスト.xlsm").write_bytes(b"new")
    assert installer.place_workbook(kit, folder) == (folder / "集団指導_視聴者リスト.xlsm", False)
    (folder / "集団指導_視聴者リスト.xlsm").write_bytes(b"staff data")
    placed, kept = installer.place_workbook(kit, folder)
    assert kept and placed.name == "集団指導_視聴者リスト_新しい版.xlsm" and placed.read_bytes() == b"new"
    assert (folder / "集団指導_視聴者リスト.xlsm").read_bytes() == b"staff data"


def test_the_installer_puts_python_where_the_workbook_looks_for_it(installer, tmp_path):
    venv = installer.venv_folder({"USERPROFILE": r"C:\Users\佐藤"})
    assert PureWindowsPath(INTERPRETER.replace("%USERPROFILE%", r"C:\Users\佐藤")) == \
        PureWindowsPath(venv) / "Scripts" / "python.exe"
    assert installer.venv_folder({"USERPROFILE": "x", "SHUUDAN_XL_VENV": r"C:\shuudan-xl\.venv"}) == \
        Path(r"C:\shuudan-xl\.venv")
    (tmp_path / "requirements-3.12.txt").write_text("x==1\n")
    assert installer.requirements_for(tmp_path, (3, 12)).name == "requirements-3.12.txt"
    assert installer.requirements_for(tmp_path, (3, 10)) is None
    (tmp_path / "pyvenv.cfg").write_text("home = C:\\Python312\nversion = 3.12.7\n", encoding="utf-8")
    assert installer.venv_version(tmp_path) == "3.12"


def pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The real kit for Python 3.12, fetched from PyPI once (about 10 s)."""
    if not pypi_reachable():
        pytest.skip("PyPI (pypi.org:443) is not reachable: the kit is made from PyPI's wheels")
    return make_kit(REPO, tmp_path_factory.mktemp("kit") / "shuudan-xl-kit", DEFAULT_OUTPUT, ("3.12",))


def test_the_kit_installs_completely_from_itself_for_windows(kit, tmp_path):
    """pip resolves it with --no-index for win_amd64 (the Linux markers pip still applies drop nothing here)."""
    report = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--report", str(report), "-q",
                           "--no-index", "--find-links", str(kit.folder / "wheels"), "--platform", "win_amd64",
                           "--python-version", "3.12", "--implementation", "cp", "--only-binary=:all:",
                           "--ignore-installed", "--target", str(tmp_path / "target"),
                           "-r", str(kit.folder / "requirements-3.12.txt")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    plan = json.loads(report.read_text())["install"]
    installed = {i["metadata"]["name"].lower(): i["download_info"]["url"] for i in plan}
    assert {"shuudan-xl", "pywin32", "colorama", "xlwings"} <= set(installed)
    assert installed["xlwings"].endswith("-cp312-cp312-win_amd64.whl")  # the wheel that carries the DLLs
    assert "pandas" not in installed and "numpy" not in installed


def test_every_windows_dependency_of_every_wheel_is_in_the_kit(kit):
    pinned = kit.pinned["3.12"]
    env = windows_environment("3.12")
    for path in (kit.folder / "wheels").glob("*.whl"):
        for line in requires_dist(path):
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({**env, "extra": ""}):
                assert canonicalize_name(req.name) in pinned, f"{path.name} needs {line}"
    assert pinned["xlwings"] == "0.37.8"
    assert {"install.bat", "install.py", DEFAULT_OUTPUT.name} <= {p.name for p in kit.folder.iterdir()}
    assert zipfile.ZipFile(kit.archive).testzip() is None
