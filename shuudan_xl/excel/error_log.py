"""What a failed button leaves for xlwings' error popup, in the code page the popup reads it in.

RunPython starts ``cmd.exe /C python -c "..." 2> "%TEMP%\\xlwings-<GUID>.log"``; when Python exits with
an error, xlwings.bas reads that log with VBA's ``Line Input`` (the ANSI code page: cp932 on Japanese
Windows) and shows it in a message box. Python writes stderr to a file in its locale encoding, which is
that code page, except in UTF-8 mode (``PYTHONUTF8=1``, and the default from Python 3.15), where Japanese
messages and tracebacks would come out garbled. So the button entry point writes stderr in the ANSI
code page whatever the mode.
"""

from __future__ import annotations

import codecs
import locale
import sys


def use_ansi_code_page_for_stderr(platform: str | None = None, encoding: str | None = None) -> None:
    """On Windows, make ``sys.stderr`` write in the ANSI code page (characters it lacks as ``\\uXXXX``).

    Args:
        platform: By default ``sys.platform`` (a parameter for tests).
        encoding: The code page; by default ``locale.getencoding()``, the ANSI code page even in UTF-8 mode.
    """
    stream = sys.stderr
    if (platform or sys.platform) != "win32" or stream is None or not hasattr(stream, "reconfigure"):
        return  # pythonw (the UDF server) has no stderr; elsewhere nothing reads a log this way
    wanted = encoding or locale.getencoding()
    if codecs.lookup(stream.encoding).name != codecs.lookup(wanted).name:
        stream.reconfigure(encoding=wanted, errors="backslashreplace")
