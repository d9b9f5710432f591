"""Building the macro-enabled master workbook (.xlsm) from text: Python layout code plus macros/*.bas.

``workbook.build_workbook`` is the entry point (``shuudan-xl build-workbook``). Nothing here needs Excel:
XlsxWriter writes the workbook, pyOpenVBA the VBA project, and LibreOffice (``office``) checks and
renders the result. This package may import ``files`` and ``rules``, never ``services`` or the
Excel entry points.
"""

DEFAULT_FISCAL_YEAR = 2024  # the seed's year: the committed build must not depend on today's date
