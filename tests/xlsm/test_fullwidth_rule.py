"""The conditional formats find full-width characters in any Excel language (issue 10 item 6).

LENB counts double bytes only where Excel's language is Japanese, Chinese or Korean; the rule now reads
each character's code point with UNICODE, which no language setting changes. LibreOffice evaluates the
very formula text the workbook carries (it has no LENB-style language switch either).
"""

import pytest

from shuudan_xl.files.master_book import BAD_ID, BAD_PASSWORD, NOT_ASCII
from shuudan_xl.rules.prefectures import GROUP_LABELS
from tests.conftest import Formula, write_book

SAMPLES = [  # (text, has a character beyond ASCII)
    ("n017654321", False), ("Ab3$%&'()*+,-./:;<=>?@[]^_`{|}~", False), ("n０17654321", True),
    ("ｎ017654321", True), ("n01765432ｱ", True), ("n01765432\u00a0", True), ("n0176\u200b54321", True),
    ("パスワード123", True), ("n01765432𠮷", True), ("n01765432~", False),
]


@pytest.mark.libreoffice
def test_libreoffice_evaluates_the_rule_as_python_reads_the_text(office, tmp_path):
    rows = [[text, Formula("=" + NOT_ASCII.format(c="A", r=n)),
             Formula("=" + BAD_PASSWORD.format(c="A", r=n)),
             Formula("=" + BAD_ID.format(c="A", r=n, groups="groups"))]
            for n, (text, _) in enumerate(SAMPLES, start=1)]
    groups = [["label", "code"]] + [[label, label[-2:]] for label in GROUP_LABELS]
    book = write_book(tmp_path / "probe.xlsx", {"probe": rows, "groups": groups})
    seen = office.inspect(book, calculate=True)
    (probe,) = [s for s in seen["sheets"] if s["name"] == "probe"]
    for (text, beyond_ascii), row in zip(SAMPLES, probe["values"], strict=True):
        assert bool(row[1]) is beyond_ascii, text
        assert bool(row[2]) is beyond_ascii, text  # every sample is long enough and has no space
    assert [bool(row[3]) for row in probe["values"]][:1] == [False]  # a sound ID passes the whole ID rule


def test_the_rule_no_longer_depends_on_excels_language():
    for formula in (BAD_ID, BAD_PASSWORD):
        assert "LENB" not in formula and "ASC(" not in formula and NOT_ASCII in formula
    assert "_xlfn.UNICODE" in NOT_ASCII  # stored as Excel 2013+ stores it
