"""LibreOffice tests are skipped with one line where it is missing, and required in CI (issue 12 item 11)."""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
SUITE = """
import pytest

@pytest.mark.libreoffice
def test_marked():
    pass

def test_uses_office(office):
    pass

def test_plain():
    pass
"""


@pytest.fixture
def run_without_soffice(pytester, monkeypatch, tmp_path):
    """Run a tiny suite with the plugin, on a PATH without soffice or poppler."""
    pytester.makepyfile(test_tiny=SUITE)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    monkeypatch.delenv("CI", raising=False)

    def run(ci: str = ""):
        monkeypatch.setenv("CI", ci)
        return pytester.run(sys.executable, "-m", "pytest", "-p", "tests.libreoffice", "-p", "no:cacheprovider", "-q")
    return run


def test_without_libreoffice_its_tests_are_skipped_with_one_line_naming_what_to_install(run_without_soffice):
    result = run_without_soffice()
    result.assert_outcomes(passed=1, skipped=2)
    lines = [line for line in result.outlines if "LibreOffice tests skipped" in line]
    assert len(lines) == 1
    assert "apt-get install" in lines[0] and "libreoffice-calc-nogui" in lines[0]


def test_in_ci_a_missing_libreoffice_fails_the_run(run_without_soffice):
    result = run_without_soffice(ci="true")
    result.assert_outcomes(passed=1, errors=2)
    assert result.ret != 0
    assert "CI=true and LibreOffice is required" in result.stdout.str() + result.stderr.str()
