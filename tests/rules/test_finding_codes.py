"""The registry of finding codes stays in step with the source and with docs/finding-codes.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from shuudan_xl.rules import doublecheck, finding_codes
from shuudan_xl.rules.findings import ERROR, WARNING, Problem

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "shuudan_xl"
REGISTRY = PACKAGE / "rules" / "finding_codes.py"
DOCUMENT = ROOT / "docs" / "finding-codes.md"
CODE = re.compile(r"[a-z]+\.[a-z][a-z_]*")
# Codes built at run time from a prefix: the prefix and every code it can make.
DYNAMIC = {"doublecheck.": {f"doublecheck.{kind}" for kind in doublecheck.KINDS}}


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_codes(node: ast.Call) -> list[str | None]:
    # The code argument of Problem(code, ...), Finding(sheet, row, column, severity, code, ...) and code=...
    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
    found = [_literal(k.value) for k in node.keywords if k.arg == "code"]
    if name == "Problem" and node.args:
        found.append(_literal(node.args[0]))
    if name == "Finding" and len(node.args) > 4:
        found.append(_literal(node.args[4]))
    return found


def codes_in_source() -> tuple[dict[str, set[str]], set[str]]:
    """(code → files using it, f-string prefixes that look like codes) over the package, registry excepted."""
    used: dict[str, set[str]] = {}
    prefixes = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == REGISTRY:
            continue
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = _literal(node)
            if text and CODE.fullmatch(text) and finding_codes.family(text) in finding_codes.FAMILIES:
                used.setdefault(text, set()).add(where)
            if isinstance(node, ast.Call):
                for code in filter(None, _call_codes(node)):
                    used.setdefault(code, set()).add(where)
            if isinstance(node, ast.JoinedStr) and node.values:
                head = _literal(node.values[0])
                if head and re.fullmatch(r"[a-z]+\.", head) and head[:-1] in finding_codes.FAMILIES:
                    prefixes.add(head)
    return used, prefixes


def test_every_code_used_in_the_source_is_registered():
    used, prefixes = codes_in_source()
    for prefix in prefixes:
        assert prefix in DYNAMIC, f"codes built from {prefix!r}: list them in DYNAMIC and in the registry"
        for code in DYNAMIC[prefix]:
            used.setdefault(code, set()).add(f"f\"{prefix}…\"")
    missing = {code: sorted(files) for code, files in used.items() if code not in finding_codes.CODES}
    assert not missing, f"register these codes in shuudan_xl/rules/finding_codes.py: {missing}"


def test_every_registered_code_is_still_used():
    used, prefixes = codes_in_source()
    for prefix in prefixes:
        used.update({code: set() for code in DYNAMIC.get(prefix, ())})
    unused = sorted(set(finding_codes.CODES) - set(used))
    assert not unused, f"no longer used, remove from shuudan_xl/rules/finding_codes.py: {unused}"


def test_every_code_belongs_to_a_family_and_has_a_japanese_meaning():
    for code, meaning in finding_codes.CODES.items():
        assert CODE.fullmatch(code), f"{code}: a code is family.name in lower case"
        assert finding_codes.family(code) in finding_codes.FAMILIES, f"{code}: add its family to FAMILIES"
        assert meaning.endswith("。") and re.search(r"[ぁ-んァ-ン一-龥]", meaning), f"{code}: one Japanese sentence"


def test_the_document_is_generated_from_the_registry():
    expected = finding_codes.markdown()
    assert DOCUMENT.read_text(encoding="utf-8") == expected, (
        "docs/finding-codes.md is stale: run `python docs/generate_finding_codes.py`")


def test_the_document_lists_every_code_once_under_its_family():
    text = finding_codes.markdown()
    for code in finding_codes.CODES:
        assert text.count(f"| `{code}` |") == 1
        heading = text.index(f"## {finding_codes.family(code)} — ")
        assert heading < text.index(f"| `{code}` |")


def test_the_scan_finds_codes_in_problems_findings_and_code_keywords(tmp_path):
    tree = ast.parse('Problem("new.thing", ERROR, "x")\nFinding(s, 1, "c", ERROR, "other.code", "m", v, None)\n'
                     'Finding(s, 1, "c", ERROR, code="third.one", message="m", value=v, suggestion=None)\n')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert [c for call in calls for c in _call_codes(call)] == ["new.thing", "other.code", "third.one"]


def test_code_counts_put_the_most_frequent_first_then_order_by_code():
    findings = [Problem("id.kind", ERROR, ""), Problem("cell.empty", ERROR, ""), Problem("id.kind", ERROR, ""),
                Problem("cell.fullwidth", WARNING, "")]
    assert finding_codes.code_counts(findings) == [("id.kind", 2), ("cell.empty", 1), ("cell.fullwidth", 1)]
