"""The ``libreoffice`` marker and the session's headless LibreOffice (a pytest plugin).

A test that renders or inspects a workbook with LibreOffice is marked ``@pytest.mark.libreoffice``; a
test that asks for the ``office`` fixture is marked automatically. Where soffice, python3-uno or
poppler-utils are missing, those tests are skipped and the run ends with one line saying what to
install. In CI (``CI=true``, as ``.ci/run`` sets it) they are required: each fails with that line.
"""

from __future__ import annotations

import os
from functools import cache

import pytest

from shuudan_xl.xlsm.office import Office, missing_tools

MARKER = "libreoffice"
_skipped: list[str] = []


def required() -> bool:
    """True in CI, where a missing LibreOffice is a failure rather than a skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@cache
def missing() -> str | None:
    """Why LibreOffice cannot run here (the packages to install), or None; probed once per session."""
    return missing_tools()


def pytest_configure(config):
    config.addinivalue_line("markers", f"{MARKER}: needs LibreOffice, python3-uno and poppler (.ci/apt-packages)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "office" in getattr(item, "fixturenames", ()):
            item.add_marker(MARKER)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker(MARKER) is None or missing() is None:
        return
    if required():
        pytest.fail(f"CI=true and LibreOffice is required: {missing()}", pytrace=False)
    _skipped.append(item.nodeid)
    pytest.skip(f"needs LibreOffice: {missing()}")


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"{len(_skipped)} LibreOffice tests skipped: {missing()} (CI=true makes them required)",
            yellow=True, bold=True)


@pytest.fixture(scope="session")
def office():
    """A headless LibreOffice, started once per session."""
    with Office() as running:
        yield running
