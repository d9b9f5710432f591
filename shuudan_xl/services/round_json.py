"""The texts of a round's set: the manifest's JSON, written in pieces, and the digest of the set's rows.

services.round_files decides and records the sets; this module makes their text exactly as ``json.dumps``
would (tests compare), without its pure-Python encoder and without holding a million rows' text at once.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, fields
from typing import TYPE_CHECKING

from shuudan_xl.rules.vendor_rows import Link, Registration, as_dict

if TYPE_CHECKING:  # services.round_files imports this module: its manifest type only for the annotations
    from shuudan_xl.services.round_files import RoundManifest

SCHEMA = 1


def manifest_json(manifest: RoundManifest) -> str:
    """The manifest as JSON text (UTF-8, Japanese kept readable)."""
    return "".join(manifest_pieces(manifest))


def manifest_pieces(manifest: RoundManifest) -> Iterator[str]:
    """``manifest_json``'s text in pieces of a few thousand IDs or links, to be written in turn (the whole
    text of a 100,000-row set is about 20 MB, and joining it took three times that at the export's end)."""
    # Shallow, field by field: asdict would deep-copy every ID and link of the set (100,000 of each).
    sets = [{**{f.name: getattr(s, f.name) for f in fields(s)}, "files": [asdict(f) for f in s.files]}
            for s in manifest.sets]
    data = {"schema": SCHEMA, "fiscal_label": manifest.fiscal_label, "round": manifest.round, "sets": sets}
    # json.dumps with an indent runs its pure-Python encoder: 0.4 s for 100,000 IDs and links. The two long
    # lists of each set are written here instead, in exactly the text it would give (a test compares).
    long_lists = []
    for s in sets:
        for key in ("ids", "links"):
            long_lists.append(s[key])
            s[key] = f"\0{len(long_lists) - 1}\0"
    text = json.dumps(data, ensure_ascii=False, indent=1)
    pos = 0
    for m in _LONG_LIST.finditer(text):
        yield text[pos:m.start(2)]
        yield from _indented_list(long_lists[int(m.group(3))], len(m.group(1)))
        pos = m.end()
    yield text[pos:] + "\n"


# A long list's placeholder on its key's line: (indent)"ids": "\u0000N\u0000" (json escapes the NULs).
_LONG_LIST = re.compile(r'^( *)"(?:ids|links)": ("\\u0000(\d+)\\u0000")', re.M)
_STRING = json.encoder.encode_basestring  # ensure_ascii=False: the C encoder json.dumps uses for a string
_LIST_PIECE = 4096  # items of a long list per piece


def _indented_list(items: list, indent: int) -> Iterator[str]:
    # A list of strings, or of lists of strings, as json.dumps(indent=1) writes it as the value of a key
    # indented by ``indent`` spaces, in pieces.
    if not items:
        yield "[]"
        return
    step = ",\n" + " " * (indent + 1)
    inner = ",\n" + " " * (indent + 2)
    head, tail = "[\n" + " " * (indent + 2), "\n" + " " * (indent + 1) + "]"
    pair = head + "%s" + inner + "%s" + tail  # a link [ID, video]: both values put in place by one format
    for start in range(0, len(items), _LIST_PIECE):
        chunk = items[start:start + _LIST_PIECE]
        if isinstance(items[0], str):
            chunk = map(_STRING, chunk)
        elif set(map(len, chunk)) == {2}:  # links: taken by column, no Python call per link
            ids, videos = zip(*chunk, strict=True)
            chunk = map(pair.__mod__, zip(map(_STRING, ids), map(_STRING, videos), strict=True))
        else:
            chunk = [head + inner.join(map(_STRING, row)) + tail if row else "[]" for row in chunk]
        yield ("[\n" + " " * (indent + 1) if start == 0 else step) + step.join(chunk)
    yield "\n" + " " * indent + "]"


def content_digest(records: list[dict[str, str]], videos: list[dict[str, str]]) -> str:
    """SHA-256 of a set's rows, in order (passwords never stored in the manifest, only this digest)."""
    # The text json.dumps([records, videos]) would make, hashed a few thousand rows at a time: for a million
    # rows the whole text would be hundreds of megabytes, at the moment the export holds the most.
    digest = hashlib.sha256(b"[[")
    for rows, after in ((records, "], ["), (videos, "]]")):
        for start in range(0, len(rows), _DIGEST_ROWS):
            head = ", " if start else ""
            digest.update((head + _rows_json(rows[start:start + _DIGEST_ROWS])).encode("utf-8"))
        digest.update(after.encode())
    return digest.hexdigest()


_DIGEST_ROWS = 4096


# _row_json's text for planned rows of one kind: the template with the keys sorted, and which field goes where.
_FORMATS = {Registration: ('{"group": %s, "id": %s, "password": %s}', (2, 0, 1)),
            Link: ('{"id": %s, "video": %s}', (0, 1))}


def _rows_json(rows: list) -> str:
    # ", ".join(map(_row_json, rows)). Planned rows of one kind are taken by column: each value through the
    # same C encoder (_STRING), put in place by one format per row, no Python call per row. A value that is
    # not text (the encoder refuses it) sends the chunk row by row, as before.
    kinds = set(map(type, rows))
    form = _FORMATS.get(kinds.pop()) if len(kinds) == 1 else None
    if form is not None:
        template, order = form
        columns = list(zip(*rows, strict=True))
        try:
            return ", ".join(map(template.__mod__, zip(*(map(_STRING, columns[i]) for i in order), strict=True)))
        except TypeError:
            pass
    return ", ".join(map(_row_json, rows))


def _row_json(row) -> str:
    # A row as json.dumps(row as a dict, ensure_ascii=False, sort_keys=True) writes it, without the dict.
    form = _FORMATS.get(type(row))
    if form is not None and all(type(v) is str for v in row):
        template, order = form
        return template % tuple(_STRING(row[i]) for i in order)
    return json.dumps(as_dict(row), ensure_ascii=False, sort_keys=True)
