"""The build package uses files/ and rules/ only: never services or the Excel entry points."""

import pytest

from tests.test_architecture import imports_of, modules


@pytest.mark.parametrize("path", modules("build"), ids=lambda p: p.name)
def test_build_does_not_import_services_or_entry_points(path):
    for name in imports_of(path):
        assert not name.startswith(("shuudan_xl.services", "shuudan_xl.cli", "shuudan_xl.excel")), name
