"""Reading the list back after a write: the three written columns, as a full load reads them."""

from shuudan_xl.services.master import load_master, read_logins
from tests.masters import make_master, viewer


def test_the_read_back_columns_are_what_a_full_load_reads(tmp_path):
    path = make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(login_id="n131234567", password="ｋ７ｐｑ３ｚｚ９ｗｂ"), viewer(group="沖縄県", number="7654321"),
        viewer(guidance="登録時", number="501704", name="佐々木", login_id=" m13501704 "), viewer(round_="x")])
    full = load_master(path)
    assert read_logins(path) == {row.excel_row: (row.login_id, row.password, row.group) for row in full.rows}
