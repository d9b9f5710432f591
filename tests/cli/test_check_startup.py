"""``check`` starts light: what only writing commands or failures need is not loaded (issue 11: check ≤ 1.5× a
bare read). A check with findings still prints them, and a failure still gets its Japanese line."""

import json
import subprocess
import sys

from tests.conftest import write_book
from tests.integrity.helpers import child_env

RUN = """
import io, contextlib, json, sys
from shuudan_xl.cli.main import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["check", "--json", sys.argv[1]])
heavy = sorted(m for m in ("lxml", "logging", "tempfile", "traceback", "pkgutil", "dataclasses", "inspect", "datetime",
                           "shuudan_xl.files.transaction",
                           "shuudan_xl.files.error_log", "xlsxwriter", "shuudan_xl.services.master",
                           "shuudan_xl.services.master_inputs", "shuudan_xl.files.sheet_xml") if m in sys.modules)
print(json.dumps([code, heavy, json.loads(out.getvalue())["counts"]]))
"""


def run(path):
    done = subprocess.run([sys.executable, "-c", RUN, str(path)], capture_output=True, text=True, env=child_env(),
                          check=True)
    return json.loads(done.stdout), done.stderr


def test_a_check_of_a_vendor_sheet_loads_no_lxml_logging_pkgutil_transaction_or_master_list_modules(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"S": [["ユーザーID", "パスワード", "氏名"],
                                                  ["s010000001", "k7pq3zz9wb", "北海道01"],
                                                  ["s010000002", "abc", "北海道01"]]})
    (code, heavy, counts), _ = run(path)
    assert code == 1 and counts["errors"] >= 1
    assert heavy == []


def test_a_check_that_cannot_read_its_file_still_fails_in_japanese(tmp_path):
    path = tmp_path / "b.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip")
    done = subprocess.run([sys.executable, "-m", "shuudan_xl", "check", str(path)], capture_output=True, text=True,
                          env=child_env())
    assert done.returncode == 2 and "shuudan-xl: " in done.stderr and "Traceback" not in done.stderr


def test_a_command_that_names_a_module_but_no_command_is_refused_with_every_command_listed(capsys):
    from shuudan_xl.cli.main import command_modules, main

    assert [name for name, _ in command_modules("check")] == ["check"]
    for argv in (["envelope"], ["no-such"], ["__init__"], ["a.b"]):
        try:
            main(argv)
        except SystemExit as exit_:
            assert exit_.code == 2
        err = capsys.readouterr().err
        assert "check" in err and "export" in err and "Traceback" not in err
