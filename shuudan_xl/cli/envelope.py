"""One JSON shape for every ``--json`` output, so that a script reads all commands the same way.

Every ``--json`` output is one line holding one object (README「`--json` の形」)::

    {"schema": "shuudan-xl/1", "command": "check",
     "inputs": {...}, "counts": {...}, "exit_code": 1, "notes": [...], "error": null, "body": {...}}

- ``schema``: ``"shuudan-xl/<major>"``; the major number changes only when a key is removed or changes
  meaning (new keys may appear in any object at any time).
- ``command``: the sub-command (``"check"``, ``"doublecheck"``, ``"schedule"``).
- ``inputs``: what the run read, as resolved (files as given, the sheet actually used, the round, the year).
- ``counts``: numbers a script branches on; for findings always ``errors``, ``warnings`` and ``by_code``
  (finding code → count, codes listed in docs/finding-codes.md).
- ``exit_code``: the process exit status (0 done, 1 findings, 2 cannot run, 3 internal error).
- ``notes``: Japanese notes for staff that are not findings (also written to stderr).
- ``error``: null, or ``{"type": ..., "message": ...}`` when the command could not run (exit 2 or 3; then
  ``body`` is null). A usage error found by argparse prints no JSON, only its Japanese line on stderr.
- ``body``: the command's own result.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

SCHEMA = "shuudan-xl/1"


def envelope(command: str, *, inputs: dict, counts: dict, exit_code: int, body: dict | None,
             notes: Iterable[str] = (), error: dict | None = None) -> dict:
    """Return the JSON object of one run.

    Args:
        command: The sub-command name.
        inputs: What the run read, as resolved.
        counts: Counts a script branches on (see ``finding_counts``).
        exit_code: The exit status the command returns.
        body: The command-specific result (None when the command could not run).
        notes: Japanese notes for staff that are not findings.
        error: ``{"type", "message"}`` when the command could not run.

    Returns:
        The object with the keys in the documented order.
    """
    return {"schema": SCHEMA, "command": command, "inputs": inputs, "counts": counts, "exit_code": exit_code,
            "notes": list(notes), "error": error, "body": body}


def finding_counts(findings) -> dict:
    """Counts of findings: ``errors``, ``warnings`` and ``by_code`` (most frequent first, then by code)."""
    from shuudan_xl.rules.finding_codes import code_counts
    from shuudan_xl.rules.findings import ERROR

    errors = sum(1 for f in findings if f.severity == ERROR)
    return {"errors": errors, "warnings": len(findings) - errors, "by_code": dict(code_counts(findings))}


def emit(data: dict, stream=None) -> None:
    """Write the object as one line of JSON (UTF-8 text, not escaped) and repeat its notes on stderr.

    Args:
        data: An object made by ``envelope``.
        stream: Where to write (stdout by default).
    """
    # dumps then one write: json.dump streams hundreds of small writes.
    (stream or sys.stdout).write(json.dumps(data, ensure_ascii=False) + "\n")
    for note in data["notes"]:  # stdout holds only the JSON; staff running it by hand still see them
        sys.stderr.write(f"shuudan-xl: 注意: {note}\n")


def error_envelope(command: str | None, exc: Exception, exit_code: int) -> dict:
    """The object printed with ``--json`` when the command could not run (the message is also on stderr)."""
    return envelope(command or "", inputs={}, counts={}, exit_code=exit_code, body=None,
                    error={"type": type(exc).__name__, "message": str(exc)})
