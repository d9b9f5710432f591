"""Allow ``python -m shuudan_xl``."""

from shuudan_xl.cli.main import entry

entry()
