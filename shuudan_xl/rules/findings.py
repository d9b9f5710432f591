"""What a rule reports: a problem with a value, and where it sits in a sheet."""

from __future__ import annotations

from typing import NamedTuple

ERROR = "error"
WARNING = "warning"

SEVERITY_LABELS = {ERROR: "エラー", WARNING: "警告"}


class Problem(NamedTuple):
    """One thing wrong with one value, independent of where the value sits.

    Attributes:
        code: Stable machine-readable code such as ``"id.prefecture"``, registered with its meaning in
            ``rules/finding_codes.py`` (docs/finding-codes.md).
        severity: ``"error"`` (must be fixed) or ``"warning"`` (look at it).
        message: Japanese explanation for staff.
        suggestion: The value to use instead, when one can be proposed.
    """

    code: str
    severity: str
    message: str
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class Finding(NamedTuple):
    """A problem located in a workbook (row is the 1-based Excel row)."""

    sheet: str
    row: int
    column: str
    severity: str
    code: str
    message: str
    value: object
    suggestion: str | None

    @classmethod
    def at(cls, sheet: str, row: int, column: str, value: object, problem: Problem) -> Finding:
        """Place a problem at a cell."""
        return cls(sheet, row, column, problem.severity, problem.code, problem.message, value,
                   problem.suggestion)

    def as_dict(self) -> dict:
        """Return the JSON form documented for ``check --json``."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "value": json_value(self.value),
            "suggestion": self.suggestion,
        }


class SeverityCounts:
    """Mixin for results holding ``findings``: how many errors and warnings there are."""

    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def json_value(value: object) -> object:
    """Render a cell value for JSON: text and numbers as they are, dates as ISO text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    iso = getattr(value, "isoformat", None)
    return iso() if iso else str(value)
