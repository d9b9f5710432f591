"""Named exceptions shared by every layer; each docstring is the user-facing idea.

The message passed to an exception is Japanese and complete: entry points print it as is.
"""


class ShuudanError(Exception):
    """Base class of every expected failure (printed without a traceback)."""

    exit_code = 2


class InputUnreadable(ShuudanError):
    """The input file cannot be read: missing, not a workbook, encrypted, or sheet not found."""

    exit_code = 2


class InvalidArgument(ShuudanError):
    """A command-line or settings value is out of range."""

    exit_code = 2


class Refused(ShuudanError):
    """The operation was refused because the data has errors; nothing was written."""

    exit_code = 1
