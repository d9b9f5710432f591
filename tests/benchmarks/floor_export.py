"""The export's floor pipeline: what reading, checking and writing the two vendor books costs at least.

Run by bench_export as its anchor (a process of its own): read the 視聴者リスト sheet with fastexcel
(Arrow, all text), check the round's rows and compose IDs with pyarrow.compute, write the registration
and video-link books with rustpy-xlsxwriter (Rust, streamed), and read both books back with fastexcel
and compare them with what was written. No rule of the tool is applied here beyond what any tool would
have to do: this is the I/O floor the real export is measured against.

Usage:  python -m tests.benchmarks.floor_export MASTER OUTDIR
"""

from __future__ import annotations

import secrets
import sys

PREFIX = {"指定時": "n", "更新時": "r", "オンライン資格確認": "s"}


def main(master: str, outdir: str) -> None:
    import fastexcel
    import pyarrow as pa
    import pyarrow.compute as pc
    from rustpy_xlsxwriter import write_worksheet

    reader = fastexcel.read_excel(master)
    sheet = reader.load_sheet_by_name("視聴者リスト", dtypes="string")
    table = sheet.to_arrow()
    table = table.filter(pc.equal(table["視聴回"], "1"))
    number, group = table["番号"], table["都道府県"]
    # Checks of the kind every row gets: digits only, a known group label, no blank name.
    bad = pc.invert(pc.match_substring_regex(number, r"^[0-9]{6,7}$"))
    bad = pc.or_(bad, pc.invert(pc.match_substring_regex(group, r"^.+[0-9]{2}$")))
    bad = pc.or_(bad, pc.equal(pc.utf8_length(pc.fill_null(table["名称"], "")), 0))
    if pc.any(bad).as_py():
        raise SystemExit("errors")
    kind = pc.if_else(pc.equal(table["指導区分"], "登録時"),
                      pc.if_else(pc.equal(table["種別"], "歯科"), "d", "m"), "n")
    ids = pc.binary_join_element_wise(kind, pc.utf8_slice_codeunits(group, -2), number, "")
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    passwords = pa.array(["".join(secrets.choice(alphabet) for _ in range(10)) for _ in range(len(table))])
    books = {
        "reg.xlsx": ("視聴者登録／更新", {"ユーザーID": ids, "パスワード": passwords, "氏名": group}),
        "video.xlsx": ("視聴者⇔動画", {"ユーザーID": ids, "動画": pc.binary_join_element_wise(
            table["指導区分"], "集団指導（", table["種別"], "）", "")}),
    }
    for name, (sheet_name, columns) in books.items():
        keys = list(columns)
        values = [c.to_pylist() for c in columns.values()]
        records = (dict(zip(keys, row, strict=True)) for row in zip(*values, strict=True))
        write_worksheet(records, f"{outdir}/{name}", sheet_name=sheet_name, freeze_row=1)
    # Read back and compare every cell.
    for name, (sheet_name, columns) in books.items():
        back = fastexcel.read_excel(f"{outdir}/{name}").load_sheet_by_name(sheet_name, dtypes="string").to_arrow()
        for key, column in columns.items():
            written = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
            if not back.column(key).equals(written.cast(back.column(key).type)):
                raise SystemExit(f"read-back differs: {name} {key}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
