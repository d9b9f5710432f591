"""check --json writes its envelope with the findings put in by findings_json: the same line json.dumps writes
for json_envelope, and the findings' order and counts as the envelope's."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.cli.check import json_envelope, json_text
from shuudan_xl.rules.findings import ERROR, WARNING, Finding
from shuudan_xl.services.check import CheckResult

texts = st.one_of(st.sampled_from(["", "視聴者登録", 'a"b\\c', "x\ny"]), st.text(max_size=6))
findings = st.builds(Finding, sheet=texts, row=st.integers(1, 10**6), column=texts,
                     severity=st.sampled_from([ERROR, WARNING]), code=st.sampled_from(["cell.empty", "id.kind"]),
                     message=texts, value=st.one_of(texts, st.none(), st.floats(), st.integers()),
                     suggestion=st.one_of(st.none(), texts))


@settings(max_examples=200, deadline=None)
@given(st.lists(findings, max_size=6), texts, st.one_of(st.none(), texts), st.sampled_from([0, 1]))
def test_the_json_line_is_what_json_dumps_writes_for_the_envelope(items, sheet, report, exit_code):
    result = CheckResult("b.xlsx", sheet, 7, items)
    assert json_text(result, report, exit_code) == json.dumps(json_envelope(result, report, exit_code),
                                                              ensure_ascii=False)
