"""Every Excel compiles the project from source: no performance cache, no p-code ([MS-OVBA] 2.3.4.1)."""

import io
import zipfile

import olefile
from oletools.olevba import decompress_stream

from shuudan_xl.xlsm.vba_project import VBA_PART
from tests.xlsm.package import extract_vba

NOT_MODULES = {"dir", "_VBA_PROJECT"}


def vba_streams(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        ole = olefile.OleFileIO(io.BytesIO(package.read(VBA_PART)))
    try:
        return {"/".join(entry): ole.openstream(entry).read() for entry in ole.listdir()}
    finally:
        ole.close()


def test_vba_project_stream_is_version_ffff_without_a_performance_cache(built):
    """[MS-OVBA] 2.3.4.1: Reserved1 0x61CC, Version MUST be 0xFFFF on write, Reserved2 0x00, no cache."""
    assert vba_streams(built)["VBA/_VBA_PROJECT"] == bytes.fromhex("CC61FFFF000000")


def test_no_module_stream_carries_compiled_code(built):
    """MODULEOFFSET 0: each module stream is nothing but its compressed source (template p-code gone)."""
    streams = vba_streams(built)
    modules = {name.split("/")[1]: data for name, data in streams.items()
               if name.startswith("VBA/") and name.split("/")[1] not in NOT_MODULES}
    assert {"ThisWorkbook", "Sheet1", "Buttons", "xlwings"} <= set(modules)
    for name, data in modules.items():
        assert data[0] == 0x01, name  # a CompressedContainer's signature byte, not a p-code header
        source = decompress_stream(bytearray(data)).decode("latin-1")
        assert source.startswith(f'Attribute VB_Name = "{name}"'), name
    assert not [name for name in streams if "__SRP_" in name]


def test_olevba_still_extracts_every_module(built):
    streams = vba_streams(built)
    stored = {name.split("/")[1] for name in streams if name.startswith("VBA/")} - NOT_MODULES
    code = extract_vba(built)
    assert set(code) == stored
    assert all(text.startswith("Attribute VB_Name") for text in code.values())
