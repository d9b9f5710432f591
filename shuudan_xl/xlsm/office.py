"""Headless LibreOffice for checking and rendering built workbooks (no Excel on Linux).

One ``Office`` starts soffice once, with its own profile directory and pipe (a second soffice on a
shared profile silently hands its work to the first), and serves any number of files. The UNO side
runs in ``uno_inspect.py`` under the system Python that python3-uno belongs to, in a subprocess;
results come back as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
APT_PACKAGES = ("libreoffice-calc-nogui", "python3-uno", "poppler-utils", "fonts-ipafont-gothic")
UNO_SCRIPT = Path(__file__).with_name("uno_inspect.py")
SCRIPT_PREFIX = "vnd.sun.star.script:VBAProject."
SCRIPT_SUFFIX = "?language=Basic&location=document"
# What uno_inspect.py reports when the office is gone or the bridge to it broke (not the document's fault).
LOST_CONNECTION = ("NoConnectException", "DisposedException", "Binary URP bridge", "URP_Bridge")


class OfficeUnavailable(RuntimeError):
    """LibreOffice, python3-uno or poppler is missing; the message names the packages to install."""


def missing_tools() -> str | None:
    """Return why LibreOffice checks cannot run here (naming the Debian packages), or None."""
    problems = []
    if not shutil.which("soffice"):
        problems.append("soffice (LibreOffice) not found")
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode != 0:
        problems.append(f"{SYSTEM_PYTHON} cannot import uno (python3-uno)")
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        problems.append("pdftoppm/pdftotext (poppler-utils) not found")
    if not problems:
        return None
    return ("; ".join(problems) + ". Install: apt-get install -y --no-install-recommends "
            + " ".join(APT_PACKAGES) + " (the list is in .ci/apt-packages).")


def bound_script(module: str, sub: str) -> str:
    """The script URL LibreOffice binds to a button that runs ``module.sub`` of the workbook's VBA."""
    return f"{SCRIPT_PREFIX}{module}.{sub}{SCRIPT_SUFFIX}"


class Office:
    """A LibreOffice process serving inspections until closed (use as a context manager)."""

    def __init__(self, timeout: float = 300):
        self.timeout = timeout
        self.pipe = f"shuudan_xl_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self._profile: str | None = None
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> Office:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start soffice listening on a private pipe, with a private profile.

        Raises:
            OfficeUnavailable: when the tools are not installed.
        """
        reason = missing_tools()
        if reason:
            raise OfficeUnavailable(reason)
        self._profile = tempfile.mkdtemp(prefix="shuudan-lo-profile-")
        self._process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             f"-env:UserInstallation={Path(self._profile).as_uri()}", f"--accept=pipe,name={self.pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def inspect(self, path: Path, cells: tuple[str, ...] = (), pdf: Path | None = None, sheet: str | None = None,
                print_area: str | None = None, calculate: bool = False) -> dict:
        """Open ``path`` hidden (macros never run) and return what LibreOffice sees.

        Args:
            path: The workbook.
            cells: ``"Sheet!A4"`` cells whose dropdown entries to report.
            pdf: Export ``sheet`` to this PDF, buttons included.
            sheet: The sheet to export.
            print_area: Limit the export to this range (e.g. ``"A1:M30"``).
            calculate: Recalculate every formula and report each sheet's ``values`` (rows of the used area).

        Returns:
            ``{"basic_libraries": {library: [module, …]}, "sheets": [{"name", "controls", "dropdowns"}],
            "pdf": path}``; each control has ``label`` and ``events`` (``method``, ``script``).
        """
        command = [str(path)]
        if cells:
            command += ["--cells", *cells]
        if pdf is not None:
            command += ["--pdf", str(pdf), sheet]
        if print_area:
            command += ["--print-area", print_area]
        if calculate:
            command.append("--calculate")
        if self._gone():  # ended since the last inspection (killed, crashed): a fresh one
            self._restart()
        done = self._run(command)
        if done.returncode != 0 and (self._gone() or any(sign in done.stderr for sign in LOST_CONNECTION)):
            # The office went away or dropped the connection during this one (not the document's fault).
            self._restart()
            done = self._run(command)
        if done.returncode != 0:
            raise RuntimeError(f"LibreOffice inspection of {path} failed (exit {done.returncode}):\n"
                               f"{done.stderr[-3000:]}")
        return json.loads(done.stdout)

    def _run(self, args: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run([SYSTEM_PYTHON, str(UNO_SCRIPT), "--pipe", self.pipe, *args], capture_output=True,
                              text=True, timeout=self.timeout)

    def _gone(self) -> bool:
        return self._process is not None and self._process.poll() is not None

    def _restart(self) -> None:
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, 9)  # hung: the session soffice was started in, and only that
            self._process.wait(timeout=30)
        self.close()  # the old profile goes
        self.pipe = f"shuudan_xl_{os.getpid()}_{uuid.uuid4().hex[:8]}"  # not the dead one's pipe
        self.start()

    def close(self) -> None:
        """Ask soffice to quit, wait for it, and remove the profile."""
        if self._process is not None and self._process.poll() is None:  # (one that died has nothing to ask)
            try:
                subprocess.run([SYSTEM_PYTHON, str(UNO_SCRIPT), "--pipe", self.pipe, "--terminate"],
                               capture_output=True, timeout=60)
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, 9)  # the session soffice was started in, and only that
                self._process.wait(timeout=10)
        self._process = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None


def pdf_to_png(pdf: Path, png: Path, dpi: int = 110) -> Path:
    """Render the first page of a PDF to a PNG file (poppler's pdftoppm)."""
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, capture_output=True)
    return png


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
