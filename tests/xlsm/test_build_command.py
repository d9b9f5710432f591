"""``shuudan-xl build-workbook``: options, refusals, and keeping a different existing file."""

from shuudan_xl.cli.main import main
from shuudan_xl.xlsm.workbook import workbook_bytes


def test_builds_the_requested_year_and_says_where(tmp_path, capsys):
    out = tmp_path / "b.xlsm"
    assert main(["build-workbook", "-o", str(out), "--fiscal-year", "R7"]) == 0
    assert out.read_bytes() == workbook_bytes(2025)
    assert "作成しました" in capsys.readouterr().out


def test_an_identical_file_is_left_alone_and_a_different_one_is_backed_up(tmp_path, capsys):
    out = tmp_path / "b.xlsm"
    assert main(["build-workbook", "-o", str(out)]) == 0
    assert main(["build-workbook", "-o", str(out)]) == 0
    assert "変更はありません" in capsys.readouterr().out
    assert not (tmp_path / "バックアップ").exists()
    assert main(["build-workbook", "-o", str(out), "--sample"]) == 0
    (backup,) = (tmp_path / "バックアップ").iterdir()
    assert backup.read_bytes() == workbook_bytes()


def test_refuses_a_non_xlsm_name_and_an_uncovered_year(tmp_path, capsys):
    assert main(["build-workbook", "-o", str(tmp_path / "b.xlsx")]) == 2
    assert main(["build-workbook", "-o", str(tmp_path / "b.xlsm"), "--fiscal-year", "1900"]) == 2
    assert ".xlsm" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_default_output_is_rebuilt_in_place_without_a_backup(tmp_path, monkeypatch):
    import shuudan_xl.xlsm.workbook as workbook

    committed = tmp_path / "xlsheets" / "集団指導_視聴者リスト.xlsm"
    monkeypatch.setattr(workbook, "DEFAULT_OUTPUT", committed)
    committed.parent.mkdir()
    committed.write_bytes(b"an older build")
    assert main(["build-workbook"]) == 0
    assert committed.read_bytes() == workbook_bytes()
    assert not (committed.parent / "バックアップ").exists()  # git keeps the committed build's history


def test_without_the_build_extra_the_command_names_what_to_install(monkeypatch, capsys):
    import importlib.util

    from shuudan_xl.cli.main import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyopenvba" else real(name, *a))
    assert main(["build-workbook", "-o", "unused.xlsm"]) == 2
    err = capsys.readouterr().err
    assert "pyopenvba" in err and 'pip install -e ".[build]"' in err
