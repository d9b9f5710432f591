"""confirm reads the round's manifest (提出記録, about 1 MB of JSON for 10,000 viewers) once, not four times: the
set to verify is found in it, marked submitted in it, and the summary names the set's files from it."""

from shuudan_xl.services import round_files
from tests.cli.test_round_files_cli import confirm, export, manifest
from tests.masters import make_master, viewer


def test_confirm_reads_the_manifest_once_to_verify_mark_and_summarise(tmp_path, capsys, monkeypatch):
    master = make_master(tmp_path / "視聴者リスト.xlsx", [viewer(), viewer(number="7654321", name="さくら医院")])
    assert export(capsys, master)[0] == 0
    reads = []
    real = round_files.read_manifest
    monkeypatch.setattr(round_files, "read_manifest", lambda *args: reads.append(args) or real(*args))
    code, out, _ = confirm(capsys, master)
    assert code == 0 and "ID台帳に 2 件を追加しました" in out
    assert len(reads) == 1
    assert manifest(master)["sets"][0]["confirmed_on"]  # marked submitted in the manifest read once
    assert "令和6年度_第1回_視聴者登録更新.xlsx" in out  # the summary names the set's files from it
