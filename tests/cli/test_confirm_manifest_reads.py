"""confirm reads the round's manifest (提出記録, about 1 MB of JSON for 10,000 viewers) twice, not four times:
once to find the set to verify (and mark it submitted), once more for the summary after it was marked."""

from shuudan_xl.services import round_files
from tests.cli.test_round_files_cli import confirm, export, manifest
from tests.masters import make_master, viewer


def test_confirm_reads_the_manifest_once_to_verify_and_mark_and_once_for_its_summary(tmp_path, capsys, monkeypatch):
    master = make_master(tmp_path / "視聴者リスト.xlsx", [viewer(), viewer(number="7654321", name="さくら医院")])
    assert export(capsys, master)[0] == 0
    reads = []
    real = round_files.read_manifest
    monkeypatch.setattr(round_files, "read_manifest", lambda *args: reads.append(args) or real(*args))
    code, out, _ = confirm(capsys, master)
    assert code == 0 and "ID台帳に 2 件を追加しました" in out
    assert len(reads) == 2
    assert manifest(master)["sets"][0]["confirmed_on"]  # marked submitted from the manifest read first
