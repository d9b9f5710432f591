"""Named exceptions shared by every layer; each docstring is the user-facing idea.

The message passed to an exception is Japanese and complete: entry points print it as is.
Exit codes (README): 0 done, 1 findings (nothing written), 2 cannot run, 3 internal error.
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


class RuleError(InvalidArgument, ValueError):
    """A value given to a rule cannot be used (a bad year, date or option); raised by the rules themselves.

    It is also a ``ValueError`` so that code written for plain values keeps working; entry points print it
    as a "cannot run" message (exit 2). A bare ``ValueError`` from a rule is a bug and exits 3.
    """


class FileInUse(ShuudanError):
    """A file to be written is open in Excel (its ``~$`` owner file exists) or locked by another program."""

    exit_code = 2


class Busy(ShuudanError):
    """Another shuudan-xl run (another click, another staff member) is writing the same folder."""

    exit_code = 2


class CannotWrite(ShuudanError):
    """The operating system refused a write (permission, disk full, path too long); nothing was changed."""

    exit_code = 2


class Refused(ShuudanError):
    """The operation was refused because the data has errors; nothing was written."""

    exit_code = 1


class InternalError(ShuudanError):
    """An unexpected error (a bug): the message is short and names the log file holding the traceback."""

    exit_code = 3
