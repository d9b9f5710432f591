from shuudan_xl.cli.main import main
from shuudan_xl.rules.passwords import check_password


def test_prints_n_fresh_valid_passwords_one_per_line(capsys):
    assert main(["passwords", "--count", "25", "--length", "12"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 25 and len(set(lines)) == 25
    assert all(len(p) == 12 and check_password(p) == [] for p in lines)


def test_default_is_ten_passwords_of_ten_characters(capsys):
    main(["passwords"])
    assert [len(p) for p in capsys.readouterr().out.splitlines()] == [10] * 10


def test_too_short_length_is_refused_in_japanese(capsys):
    assert main(["passwords", "--length", "8"]) == 2
    err = capsys.readouterr().err
    assert "9〜32" in err and err.count("\n") == 1


def test_usage_errors_are_japanese(capsys):
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["passwords", "--count", "x"])
    assert exc.value.code == 2
    assert "整数を指定してください" in capsys.readouterr().err
