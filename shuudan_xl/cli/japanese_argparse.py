"""argparse with Japanese headings, error messages and help laid out by display width (staff read these)."""

from __future__ import annotations

import argparse
import re
import shutil
import sys

from shuudan_xl.rules.text_width import display_width, wrap

MAX_WIDTH = 100  # help lines never exceed this many columns, however wide the console

_HEADINGS = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "show this help message and exit": "この説明を表示して終了します",
    "show program's version number and exit": "バージョンを表示して終了します",
}
_ERRORS = [
    (r"the following arguments are required: (.*)", r"必要な引数が指定されていません: \1"),
    (r"unrecognized arguments: (.*)", r"使えない引数があります: \1"),
    (r"argument (\S+): invalid int value: (.*)", r"\1 には整数を指定してください（指定: \2）"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"\1 には \3 のいずれかを指定してください（指定: \2）"),
    (r"argument (\S+): expected one argument", r"\1 の後に値を指定してください"),
]


def _translate(text: str) -> str:
    return _HEADINGS.get(text, text)


argparse._ = _translate  # argparse looks its headings up through this module-level gettext alias


class JapaneseHelpFormatter(argparse.HelpFormatter):
    """Help text wrapped by display width: full-width characters take two columns of a Japanese console.

    argparse measures with ``len`` and wraps with ``textwrap``, which breaks Japanese lines too late and
    puts 、 or 。 at the start of a line; this formatter measures with ``rules.text_width`` and wraps
    with its line-breaking rules, so that help texts line up under each other.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None):
        if width is None:
            width = min(MAX_WIDTH, shutil.get_terminal_size().columns - 2)
        super().__init__(prog, indent_increment, max_help_position, max(width, 40))

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = wrap(self._whitespace_matcher.sub(" ", text).strip(), width - display_width(indent))
        return "\n".join(indent + line for line in lines)

    def add_argument(self, action: argparse.Action) -> None:
        # As argparse, but the help column follows the display width of the longest invocation.
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(s) for s in self._iter_indented_subactions(action)]
            length = max(map(display_width, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, length)
            self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        if not action.help:
            parts = [f"{indent}{header}\n"]
        elif display_width(header) <= action_width:  # the help starts on the same line, aligned
            parts = [f"{indent}{header}{' ' * (action_width - display_width(header))}  "]
        else:
            parts = [f"{indent}{header}\n"]
        if action.help and action.help.strip():
            lines = self._split_lines(self._expand_help(action), help_width)
            first_indent = 0 if parts[0].endswith("  ") else help_position
            parts.append(" " * first_indent + lines[0] + "\n")
            parts += [" " * help_position + line + "\n" for line in lines[1:]]
        elif not parts[0].endswith("\n"):
            parts.append("\n")
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        # argparse's usage on one line, then wrapped by display width under the command's name.
        width, self._width = self._width, 10**6
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width = width
        line = text.rstrip("\n")
        if display_width(line) <= width or usage is not None:
            return text
        head = (prefix if prefix is not None else argparse._("usage: ")) + self._prog + " "
        # "assign ..." (a sub-command and what follows it) stays on one line.
        parts = re.findall(r"\[[^\]]*\]+|\([^)]*\)+|\S+(?: \.\.\.)?", line[len(head):])
        indent = " " * display_width(head)
        lines, current = [], head.rstrip()
        for part in parts:
            if display_width(current) + 1 + display_width(part) > width and current.strip():
                lines.append(current)
                current = indent[:-1]  # the parts line up under the first one
            current += " " + part
        lines.append(current)
        return "\n".join(lines) + "\n\n"


class JapaneseArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one Japanese line (exit status 2) and whose help fits the console."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", JapaneseHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        hint = _nearest_choice(message)
        for pattern, replacement in _ERRORS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        if hint:
            message += f"\nもしかして: {hint}"
        sys.stderr.write(f"{self.prog}: エラー: {message}\n（使い方は {self.prog} --help で確認できます）\n")
        sys.exit(2)


def _nearest_choice(message: str) -> str | None:
    # For a mistyped choice (a sub-command, --method …): the nearest valid one, as difflib sees it.
    import difflib

    found = re.fullmatch(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", message)
    if not found:
        return None
    # Python 3.11 quotes the choices ('check', 'fill'), later versions may not (check, fill).
    typed = found[2].strip("'")
    choices = [choice.strip().strip("'") for choice in found[3].split(",")]
    close = difflib.get_close_matches(typed.lower(), choices, n=1, cutoff=0.6)
    if not close and typed:  # a prefix typed (exp, double) is as good a clue as a typo
        close = [c for c in choices if c.startswith(typed.lower())][:1]
    return close[0] if close else None
