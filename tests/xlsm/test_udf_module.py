"""The generated UDF module wraps every @xw.func of shuudan_xl.excel.udfs, and the build leaves no trace."""

import ast
import sys
from pathlib import Path

import shuudan_xl.excel.udfs as udfs
from shuudan_xl.xlsm.udf_module import HEADER, UDF_MODULES, generate_udf_module


def declared_udfs() -> list[str]:
    tree = ast.parse(Path(udfs.__file__).read_text(encoding="utf-8"))
    return sorted(node.name for node in tree.body if isinstance(node, ast.FunctionDef) and any(
        ast.unparse(d).startswith("xw.func") for d in node.decorator_list))


def test_every_udf_gets_a_wrapper_calling_its_python_function():
    text = generate_udf_module()
    assert text.startswith("\r\n".join(HEADER) + "\r\n") and "\n" not in text.replace("\r\n", "")
    assert text.isascii()
    names = declared_udfs()
    assert len(names) >= 5
    for name in names:
        assert f"\r\nFunction {name}(" in text
        assert f'XLPy.CallUDF("{UDF_MODULES[0]}", "{name}", ' in text


def test_optional_arguments_stay_optional():
    text = generate_udf_module()
    assert "Function SHUUDAN_PASSWORD_CHECK(password, Optional login_id)" in text


def test_generation_leaves_sys_modules_and_xlwings_as_they_were():
    import xlwings

    module, func = sys.modules["shuudan_xl.excel.udfs"], xlwings.func
    generate_udf_module()
    assert sys.modules["shuudan_xl.excel.udfs"] is module and xlwings.func is func
    assert not {"pythoncom", "pywintypes", "win32com"} & set(sys.modules)
