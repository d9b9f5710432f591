"""shuudan-xl self-check on a built workbook: the report in Japanese, exit 1 only when something must be fixed."""

import shutil

from shuudan_xl.cli.main import main
from shuudan_xl.files.workbook_facts import conf_settings, custom_properties


def test_checks_a_built_workbook_and_exits_0_when_nothing_must_be_fixed(built, tmp_path, capsys):
    book = shutil.copy(built, tmp_path / "集団指導_視聴者リスト.xlsm")
    assert main(["self-check", str(book)]) == 0
    out = capsys.readouterr().out
    assert "[OK]" in out and "xlwings 0.37.8（ブックと同じ版）" in out and "問題は見つかりませんでした" in out


def test_a_workbook_from_another_xlwings_version_exits_1(built, tmp_path, capsys, monkeypatch):
    from shuudan_xl.services import self_check

    book = shutil.copy(built, tmp_path / "集団指導_視聴者リスト.xlsm")
    real = self_check.Machine.current

    def older():
        machine = real()
        return self_check.Machine(machine.python, machine.bits, machine.executable, machine.platform, "0.30.0",
                                  machine.environ)

    monkeypatch.setattr(self_check.Machine, "current", staticmethod(older))
    assert main(["self-check", str(book)]) == 1
    assert "[要対応] xlwings" in capsys.readouterr().out


def test_a_missing_workbook_is_refused_in_japanese(tmp_path, capsys):
    assert main(["self-check", str(tmp_path / "ない.xlsm")]) == 2
    assert "ない.xlsm" in capsys.readouterr().err


def test_the_built_workbook_records_its_versions_and_its_xlwings_conf(built):
    import xlwings

    from shuudan_xl import __version__
    from tests.xlsm.package import extract_vba

    assert custom_properties(built) == {"shuudan-xl": __version__, "xlwings": xlwings.__version__}
    assert f'XLWINGS_VERSION As String = "{custom_properties(built)["xlwings"]}"' in extract_vba(built)["xlwings"]
    assert conf_settings(built)["INTERPRETER_WIN"].endswith(r"\.venv\Scripts\python.exe")
