"""The layers import one way: entry points → services → files/rules; rules import nothing heavy."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "shuudan_xl"
HEAVY = {"openpyxl", "xlwings", "python_calamine", "xlsxwriter", "pandas", "docx"}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", modules("rules"), ids=lambda p: p.name)
def test_rules_are_pure(path):
    for name in imports_of(path):
        top = name.split(".")[0]
        assert top not in HEAVY, f"{path.name} imports {name}"
        if name.startswith("shuudan_xl."):
            assert name.startswith(("shuudan_xl.rules", "shuudan_xl.errors")), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", modules("files"), ids=lambda p: p.name)
def test_files_do_not_import_services_or_entry_points(path):
    for name in imports_of(path):
        assert not name.startswith(("shuudan_xl.services", "shuudan_xl.cli", "shuudan_xl.excel")), name


@pytest.mark.parametrize("path", modules("services"), ids=lambda p: p.name)
def test_services_do_not_import_entry_points(path):
    for name in imports_of(path):
        assert not name.startswith(("shuudan_xl.cli", "shuudan_xl.excel")), name
        assert name.split(".")[0] != "xlwings", name


@pytest.mark.parametrize("path", modules("xlsm"), ids=lambda p: p.name)
def test_the_workbook_builder_does_not_import_services_or_entry_points(path):
    """shuudan_xl/xlsm builds the master .xlsm from files/ and rules/ only."""
    for name in imports_of(path):
        assert not name.startswith(("shuudan_xl.services", "shuudan_xl.cli", "shuudan_xl.excel")), name


def test_every_package_is_covered_by_a_layer_rule():
    """A new sub-package cannot slip past the import-direction tests."""
    covered = {"rules", "files", "services", "xlsm", "cli", "excel", "data", "__pycache__"}
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    assert packages <= covered, packages - covered
