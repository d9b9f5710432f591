"""docs/seed-coverage.md stays true: each test it names exists, each line it quotes is the seed's word for word."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "seed-coverage.md"
SEED_NAME = "000_b3f73b30d64599c4.txt"
TEST_REF = re.compile(r"(tests/[\w/]+\.py)::(\w+)")


def find_seed() -> Path | None:
    """The seed beside the repository (``…/shared/seed/``), or where SHUUDAN_SEED points; None if absent."""
    if os.environ.get("SHUUDAN_SEED"):
        return Path(os.environ["SHUUDAN_SEED"])
    for folder in ROOT.parents:
        candidate = folder / "shared" / "seed" / SEED_NAME
        if candidate.is_file():
            return candidate
    return None


def quotes() -> list[str]:
    return [line[2:] for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("> ")]


def test_every_test_the_page_names_exists():
    refs = TEST_REF.findall(DOC.read_text(encoding="utf-8"))
    assert len(refs) > 50
    missing = [f"{path}::{name}" for path, name in refs
               if not (ROOT / path).is_file()
               or not re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M)]
    assert missing == []


def test_every_test_file_of_this_folder_is_on_the_page():
    text = DOC.read_text(encoding="utf-8")
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if path.name != Path(__file__).name:
            names = re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M)
            assert [n for n in names if f"{path.name}::{n}" not in text] == [], path.name


def test_every_quoted_line_is_the_seeds_word_for_word():
    seed = find_seed()
    if seed is None:
        pytest.skip(f"the seed ({SEED_NAME}) is not beside this checkout; set SHUUDAN_SEED to check the quotes")
    text = seed.read_text(encoding="utf-8")
    assert len(quotes()) > 50
    not_in_seed = [part for quote in quotes() for part in quote.split("…") if part not in text]
    assert not_in_seed == []
