"""The list's own row rules (services.master._row_findings) skip the usual rows without looking at them: a new
row (blank ID, clean 番号) and an exported row whose ID starts with its kind's letter (rules.master.kind_letter:
「s/n/r … 指導区分」, 「登録時 … m/d/p by 種別」). The findings are those of the walk that looks at every row."""

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import master as m
from shuudan_xl.rules.layout import find_layout
from shuudan_xl.services import master
from shuudan_xl.services.master import _read_rows, _row_findings

HEADERS = [m.ROUND, m.GUIDANCE, m.FIELD, m.GROUP, m.NUMBER, m.NAME, m.LOGIN_ID, m.PASSWORD]
ids = st.one_of(st.just(""), st.builds(str.__add__, st.sampled_from("snrmdpx1"),
                                       st.sampled_from(["010000001", "13000002", "ab"])))
rows = st.lists(st.tuples(st.sampled_from([1, "1", "第2回", "", "x"]),
                          st.sampled_from(["指定時", "更新時", "登録時", "オンライン資格確認", "", "謎"]),
                          st.sampled_from(["医科", "歯科", "薬局", "", "獣医"]), st.just("東京"),
                          st.sampled_from(["0000001", "1234567", "", "12-34", 1234567, "ＡＢ1"]),
                          st.sampled_from(["見本医院", ""]), ids, st.sampled_from(["pw12345678", ""])).map(list),
                max_size=20)


def findings(body, skip_usual=True):
    rows = [HEADERS, *body]
    layout = find_layout(rows)
    listed = master.MasterList(None, m.LIST_SHEET, layout, rows, _read_rows(rows, layout), None)
    return [(f.row, f.column, f.code, f.message, f.value, f.suggestion)
            for f in _row_findings(listed, set(), skip_usual)]


@given(rows)
@settings(max_examples=300, deadline=None)
def test_the_rows_skipped_as_usual_have_no_finding_of_the_walk_over_every_row(body):
    assert findings(body) == findings(body, skip_usual=False)


def test_an_exported_row_whose_id_starts_with_another_kind_is_still_reported():
    body = [[1, "指定時", "医科", "東京", "1234567", "見本医院", "r131234567", "pw12345678"],
            [1, "登録時", "歯科", "東京", "1234567", "見本医院", "d13123456", "pw12345678"]]
    got = findings(body)
    assert [(row, code, suggestion) for row, _, code, _, _, suggestion in got] == [
        (2, "master.id_kind", "n131234567")]
