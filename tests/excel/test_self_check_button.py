"""動作確認 on 設定: the self-check report in a message box, critical when something must be fixed."""

from shuudan_xl.excel import buttons
from tests.excel.remote import alerts, master_payload


def test_the_button_shows_the_report_for_the_calling_workbook(caller, tmp_path):
    book = caller(master_payload(tmp_path / "集団指導_視聴者リスト.xlsm", []))
    buttons.self_check()
    ((text, title, mode),) = alerts(book)
    assert title == "動作確認"
    assert "Python" in text and "ブックの場所" in text and str(tmp_path) in text
    # The payload's xlwings.conf names C:\Python\pythonw.exe; off Windows its presence is not judged, and
    # the workbook file is not on disk, so its versions are unknown: notes, nothing to fix.
    assert "[要対応]" not in text and mode == "info"


def test_a_workbook_opened_from_the_cloud_is_critical(caller):
    url = "https://tenant-my.sharepoint.com/personal/x/Documents/集団指導_視聴者リスト.xlsm"
    book = caller(master_payload(url, []))
    buttons.self_check()
    ((text, _title, mode),) = alerts(book)
    assert "[要対応] ブックの場所" in text and mode == "critical"
