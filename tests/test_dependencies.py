"""Dependencies are chosen: staff PCs install only what the tool imports (issue 10 item 10)."""

import re
import sys
import tomllib

from tests.test_architecture import PACKAGE, imports_of

PYPROJECT = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Import name → distribution name, for the third-party modules the package may import.
DISTRIBUTIONS = {"openpyxl": "openpyxl", "python_calamine": "python-calamine", "xlsxwriter": "xlsxwriter",
                 "xlwings": "xlwings", "holidays": "holidays", "lxml": "lxml", "docx": "python-docx",
                 "qrcode": "qrcode", "png": "pypng", "deflate": "deflate", "isal": "isal",
                 "pyopenvba": "pyopenvba", "packaging": "packaging"}
BUILD_ONLY = {"pyopenvba", "packaging"}  # the workbook builder and the kit command


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0].lower() for r in requirements}


def third_party_imports(paths) -> set[str]:
    out = set()
    for path in paths:
        for name in imports_of(path):
            top = name.split(".")[0]
            if top != "shuudan_xl" and top not in sys.stdlib_module_names and top != "__future__":
                out.add(top)
    return out


def test_pandas_is_not_required_and_nothing_imports_it():
    required = names(PYPROJECT["dependencies"])
    assert "pandas" not in required and "numpy" not in required
    assert not {"pandas", "numpy"} & third_party_imports(PACKAGE.rglob("*.py"))


def test_the_workbook_builder_is_an_extra_that_the_tests_pull_in():
    extras = PYPROJECT["optional-dependencies"]
    assert "pyopenvba" not in names(PYPROJECT["dependencies"])
    assert {"pyopenvba", "packaging"} <= names(extras["build"])
    assert "shuudan-xl[build]" in extras["test"]  # README's pip install -e ".[test]" can still rebuild


def test_every_module_staff_run_imports_only_required_distributions():
    builder = {*PACKAGE.joinpath("xlsm").rglob("*.py"), *PACKAGE.joinpath("cli").glob("kit*.py"),
               *PACKAGE.joinpath("services").glob("kit*.py")}
    runtime = third_party_imports(p for p in PACKAGE.rglob("*.py") if p not in builder)
    unknown = runtime - set(DISTRIBUTIONS)
    assert not unknown, f"imported but not declared: {unknown}"
    assert not runtime & BUILD_ONLY, "a module staff run imports a build-only package"
    assert {DISTRIBUTIONS[name] for name in runtime} <= names(PYPROJECT["dependencies"])
    # uno_inspect.py runs under LibreOffice's own Python (python3-uno), never the project's.
    assert third_party_imports(builder) <= set(DISTRIBUTIONS) | {"uno", "com"}
