"""findings_json writes exactly what json.dumps writes for the findings' dicts (check --json's body), for any
texts, numbers, dates and missing suggestions; only faster, with the recurring texts encoded once."""

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules.findings import ERROR, WARNING, Finding, findings_json

# Texts that need escaping (quotes, backslashes, controls, line breaks, a lone surrogate) and Japanese; a few
# of them often, so that the same text recurs as it does in a sheet's findings.
texts = st.one_of(st.sampled_from(["", "視聴者登録", "ユーザーID", 'a"b\\c', "x\ny\t\x00", "\ud800", "空欄です。"]),
                  st.text(max_size=8))
values = st.one_of(texts, st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.datetimes(),
                   st.times(), st.sampled_from([1, True, 1.0, 0, False]))
findings = st.builds(Finding, sheet=texts, row=st.one_of(st.integers(), st.booleans()), column=texts,
                     severity=st.sampled_from([ERROR, WARNING]), code=texts, message=texts, value=values,
                     suggestion=st.one_of(st.none(), texts, st.integers()))


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=8))
def test_the_findings_json_is_what_json_dumps_writes_for_their_dicts(items):
    assert findings_json(items) == json.dumps([f.as_dict() for f in items], ensure_ascii=False)


def test_a_column_of_one_value_and_another_that_equals_it_are_written_each_as_itself():
    # 1, True and 1.0 are one key to a dict: each finding still shows its own value and column.
    items = [Finding("S", 2, 1, ERROR, "c", "m", 1, None), Finding("S", 3, True, ERROR, "c", "m", True, None),
             Finding("S", 4, 1.0, ERROR, "c", "m", dt.date(2025, 1, 2), "1")]
    assert findings_json(items) == json.dumps([f.as_dict() for f in items], ensure_ascii=False)
