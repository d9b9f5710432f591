"""``shuudan-xl passwords``: print fresh passwords, one per line."""

from __future__ import annotations

import argparse
import sys

from shuudan_xl.errors import InvalidArgument


def register(sub) -> argparse.ArgumentParser:
    """Add the sub-command to the parser."""
    parser = sub.add_parser(
        "passwords", help="パスワードを作成して1行に1つずつ表示します",
        description="見間違えやすい文字（0・O・o・1・l・I・i）を使わず、英字と数字を必ず含むパスワードを、"
                    "OSの暗号論的乱数で作成します。")
    parser.add_argument("--count", type=int, default=10, metavar="N", help="作成する数（既定: 10）")
    parser.add_argument("--length", type=int, default=None, metavar="L", help="文字数（既定: 10、9以上）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Generate and print the passwords."""
    from shuudan_xl.rules import passwords

    length = passwords.DEFAULT_LENGTH if args.length is None else args.length
    if args.count < 1:
        raise InvalidArgument(f"--count には1以上を指定してください（指定: {args.count}）。")
    generated = passwords.generate_passwords(args.count, length)
    sys.stdout.write("\n".join(generated) + "\n")
    return 0
