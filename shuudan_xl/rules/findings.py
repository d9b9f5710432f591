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


def findings_json(findings: list[Finding]) -> str:
    """Return ``json.dumps([f.as_dict() for f in findings], ensure_ascii=False)``, written faster (see
    ``findings_json_items``)."""
    return "[" + "".join(findings_json_items(findings)) + "]"


def findings_json_items(findings: list[Finding]) -> list[str]:
    """Return the items of ``findings_json``'s list: each finding's object, after the first one with its ", ".

    Each finding is one string put together from its encoded fields; a text that recurs (the sheet, often the
    value) is encoded once, and so is the run of fields from the column to the message, which a code repeats:
    a third to a half of the time for thousands of findings, without a dict per finding. Joined once with
    what surrounds them (check --json: the envelope), they make one large string, not a copy per piece.
    """
    from json import dumps
    from json.encoder import encode_basestring  # what dumps(text, ensure_ascii=False) writes for a str

    encoded: dict[str, str] = {}

    def text(value: object) -> str:
        if value.__class__ is not str:
            # None and an int as dumps writes them (no suggestion, the row); a float, a str subclass… by dumps.
            if value is None:
                return "null"
            return int.__repr__(value) if value.__class__ is int else dumps(value, ensure_ascii=False)
        done = encoded.get(value)
        if done is None:
            done = encoded[value] = encode_basestring(value)
        return done

    middles: dict[tuple[str, str, str, str], str] = {}  # (column, severity, code, message) → their fields
    parts = []
    comma = ""  # none before the first
    for f in findings:
        key = (f.column, f.severity, f.code, f.message)
        middle = middles.get(key) if f.column.__class__ is f.severity.__class__ is f.code.__class__ is \
            f.message.__class__ is str else None  # (texts only as keys: a dict takes 1 and True for one another)
        if middle is None:
            middle = middles[key] = (f', "column": {text(f.column)}, "severity": {text(f.severity)}, '
                                     f'"code": {text(f.code)}, "message": {text(f.message)}, "value": ')
        parts.append(f'{comma}{{"sheet": {text(f.sheet)}, "row": {text(f.row)}{middle}'
                     f'{text(json_value(f.value))}, "suggestion": {text(f.suggestion)}}}')
        comma = ", "
    return parts


def json_value(value: object) -> object:
    """Render a cell value for JSON: text and numbers as they are, dates as ISO text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    iso = getattr(value, "isoformat", None)
    return iso() if iso else str(value)
