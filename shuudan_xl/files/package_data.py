"""Data files shipped inside the package: the default video catalog, the fictional sample viewers and the empty
ledger a first confirm starts from."""

from __future__ import annotations

import csv
import io
from pathlib import Path

# The package is installed as files (a wheel, the kit's folder): its data files are read from beside its
# modules. importlib.resources would find the same files, for about 3 ms of a first confirm's start-up.
_DATA = Path(__file__).resolve().parent.parent / "data"


def _data(name: str) -> Path:
    return _DATA / name


def _csv_rows(name: str) -> list[list[str]]:
    text = _data(name).read_text(encoding="utf-8")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def empty_ledger() -> bytes:
    """The empty ledger a new one starts from: files.ledger_store.create_ledger's bytes, shipped (data/
    empty_ledger.xlsx, compared with a fresh build by the tests), so that a first confirm does not load
    XlsxWriter (about 25 ms of its 0.45 s at 10,000 rows)."""
    return _data("empty_ledger.xlsx").read_bytes()


def default_catalog_rows() -> list[list[str]]:
    """Rows of the bundled video catalog, header first (指導区分, 種別, 視聴回, 動画名)."""
    return _csv_rows("video_catalog.csv")


def sample_rows() -> list[dict[str, str]]:
    """The bundled fictional viewers, keyed by master-list header."""
    header, *rows = _csv_rows("sample_viewers.csv")
    return [dict(zip(header, row, strict=True)) for row in rows]


def sample_settings():
    """Settings of the fictional sample bureau (placeholders in the style of the seed's example)."""
    from shuudan_xl.rules.settings import Settings

    return Settings(fiscal_year="2024", bureau="○○厚生局", sender="○○厚生局長", document_number="○厚発0520第1号",
                    office="○○事務所", section="指導監査課", contact_person="集団指導担当",
                    postal_code="000-0000", address="○○市○○町1-2-3 ○○合同庁舎", phone="000-000-0000",
                    fax="000-000-0001", homepage_url="https://example.jp/kouseikyoku/e-learning/")
