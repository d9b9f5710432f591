"""Data files shipped inside the package: the default video catalog and the fictional sample viewers."""

from __future__ import annotations

import csv
import io
from importlib import resources


def _csv_rows(name: str) -> list[list[str]]:
    text = resources.files("shuudan_xl").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def default_catalog_rows() -> list[list[str]]:
    """Rows of the bundled video catalog, header first (指導区分, 種別, 視聴回, 動画名)."""
    return _csv_rows("video_catalog.csv")


def sample_rows() -> list[dict[str, str]]:
    """The bundled fictional viewers, keyed by master-list header."""
    header, *rows = _csv_rows("sample_viewers.csv")
    return [dict(zip(header, row, strict=True)) for row in rows]
