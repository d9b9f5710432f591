"""Every ``--help`` is laid out by display width: at most 100 columns, Japanese line-breaking rules,
no word cut in two, and the help texts aligned in one column."""

from __future__ import annotations

import re

import pytest

from shuudan_xl.cli.main import build_parser, command_modules, main
from shuudan_xl.rules.text_width import NO_END, NO_START, display_width

COMMANDS = [[]] + [[name] for name, _ in command_modules()] + [["spare-ids", "assign"]]


def help_of(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def source_texts(argv: list[str]) -> str:
    """The description and every help string of the command, whitespace collapsed."""
    parser = build_parser(argv[0] if argv else None)
    for name in argv:
        sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        parser = sub.choices[name]
    texts = [parser.description or ""] + [a.help or "" for a in parser._actions]
    texts += [c.help or "" for a in parser._actions for c in getattr(a, "_choices_actions", [])]
    return " ".join(" ".join(texts).split())


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a) or "shuudan-xl")
@pytest.mark.parametrize("columns", [200, 72])
def test_help_fits_the_console_and_breaks_lines_the_japanese_way(capsys, monkeypatch, argv, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = help_of(capsys, argv)
    limit = min(100, columns - 2)
    lines = out.splitlines()
    for line in lines:
        assert display_width(line) <= limit, line
        text = line.strip()
        if text:
            assert text[0] not in NO_START, line
            assert text[-1] not in NO_END, line
    # A break between two ASCII characters was at a space of the source, never inside a word.
    source = source_texts(argv)
    for before, after in zip(lines, lines[1:], strict=False):
        last, first = before.rstrip(), after.strip()
        if last and first and re.fullmatch(r"[!-~]", last[-1]) and re.fullmatch(r"[!-~]", first[0]):
            cut = re.search(r"[!-~]+$", last)[0] + re.match(r"[!-~]+", first)[0]
            assert cut not in source, (before, after)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a) or "shuudan-xl")
def test_help_texts_start_in_one_column_even_after_japanese_placeholders(capsys, monkeypatch, argv):
    monkeypatch.setenv("COLUMNS", "200")
    out = help_of(capsys, argv)
    body = out.split("\n\n", 1)[1]
    columns = set()
    for line in body.splitlines():
        entry = re.match(r"^( {2,5}\S.*?  +)(\S)", line)  # an option or argument with its help beside it
        if entry:
            columns.add(display_width(entry[1]))
        elif re.match(r"^ {6,}\S", line):  # the next lines of a help text
            columns.add(len(line) - len(line.lstrip()))
    assert len(columns) == 1, (columns, out)


def test_a_japanese_placeholder_is_measured_by_its_display_width(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = help_of(capsys, ["attendance"])
    (line,) = [li for li in out.splitlines() if li.startswith("  --id-column 見出し")]
    (dated,) = [li for li in out.splitlines() if li.startswith("  --today YYYY-MM-DD")]
    assert display_width(line[:line.index("視聴結果")]) == dated.index("今日")


def test_usage_lines_wrap_under_the_first_part(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    usage = help_of(capsys, ["notices"]).split("\n\n")[0].splitlines()
    assert len(usage) > 1 and usage[0].startswith("使い方: shuudan-xl notices [-h]")
    start = display_width("使い方: shuudan-xl notices ")
    assert all(line[:start].isspace() and line[start] == line.strip()[0] for line in usage[1:])
