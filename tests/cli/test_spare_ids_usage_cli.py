"""``spare-ids`` usage errors name what was typed and what can be typed (exit 2), not a bad ``assign`` choice."""

from shuudan_xl.cli.main import main


def usage_error(capsys, *args):
    try:
        code = main(["spare-ids", *args])
    except SystemExit as stop:  # argparse's own exit, as the console script sees it
        code = stop.code
    return code, capsys.readouterr().err


def test_a_mistyped_action_names_the_word_typed_and_the_one_action_there_is(capsys):
    code, err = usage_error(capsys, "asign", "m13yb0001", "--name", "山田")
    assert code == 2
    assert "「asign」" in err and "assign" in err and "予備IDを作るとき" in err
    assert "もしかして: assign" in err
    assert "assign には" not in err  # argparse's name for the sub-command is not an argument staff typed


def test_an_unknown_option_with_a_value_is_named_as_the_unknown_option(capsys):
    code, err = usage_error(capsys, "--kind", "m", "--prefecture", "13", "--count", "1", "--bogus", "x")
    assert code == 2
    assert "「--bogus」" in err and "「x」" in err
    for option in ("--kind", "--prefecture", "--count", "--master"):
        assert option in err
    assert "assign には" not in err


def test_a_plain_unknown_option_is_still_refused_by_name(capsys):
    code, err = usage_error(capsys, "--kind", "m", "--nothing")
    assert code == 2 and "--nothing" in err


def test_a_mistyped_option_gets_the_nearest_one(capsys):
    code, err = usage_error(capsys, "--kind", "m", "--prefecture", "13", "--count", "1", "--mastr", "list.xlsx")
    assert code == 2 and "「--mastr」" in err and "もしかして: --master" in err
