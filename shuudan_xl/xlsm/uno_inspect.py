"""Look at a workbook through headless LibreOffice (UNO) and print what it sees as JSON.

NOT imported by the package: ``office.Office`` runs this file with the system interpreter that
python3-uno belongs to (/usr/bin/python3 on Debian), which has none of the project's dependencies.
Keep it to the standard library and ``uno``.

Usage::

    /usr/bin/python3 uno_inspect.py --pipe NAME FILE [--cells SHEET!A4 ...] [--pdf OUT.pdf SHEET]
                                     [--print-area A1:M30] [--calculate]
    /usr/bin/python3 uno_inspect.py --pipe NAME --terminate

It connects to a LibreOffice already listening on the named pipe, opens the file hidden with macros
never executed, and reports per sheet: the form controls with the scripts their events are bound to
(LibreOffice turns an Excel button's macro into a vnd.sun.star.script: URL on the imported VBA), the
list entries of data-validation dropdowns at the given cells, and the imported Basic modules.
With --calculate it recalculates every formula and adds each sheet's values. With --pdf it exports one
sheet to PDF with its buttons made printable (in memory; the file is not saved).
"""

import argparse
import json
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.util import CloseVetoException

NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, timeout=150):  # the first start on a fresh machine builds caches (~30 s)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def list_values(doc, formula1):
    """The entries of a list validation: literal "a";"b", a named range, or a cell range."""
    f = formula1.strip()
    if f.startswith('"'):
        return [part.strip().strip('"') for part in f.split(";")]
    names = doc.NamedRanges
    if names.hasByName(f):
        cells = names.getByName(f).ReferredCells
    else:  # $Sheet.$A$2:$A$48
        sheet_name, _, rng = f.lstrip("$").partition(".")
        cells = doc.Sheets.getByName(sheet_name.strip("'")).getCellRangeByName(rng.replace("$", ""))
    return [row[0] for row in cells.DataArray]


def controls_of(sheet):
    out = []
    forms = sheet.DrawPage.Forms
    for fi in range(forms.Count):
        form = forms.getByIndex(fi)
        for ci in range(form.Count):
            model = form.getByIndex(ci)
            events = [{"listener": e.ListenerType, "method": e.EventMethod, "script_type": e.ScriptType,
                       "script": e.ScriptCode} for e in form.getScriptEvents(ci)]
            out.append({"form": form.Name, "name": model.Name, "label": getattr(model, "Label", None),
                        "service": model.ImplementationName, "events": events})
    return out


def dropdowns_of(doc, sheet, cells):
    out = []
    for addr in cells:
        v = sheet.getCellRangeByName(addr).Validation
        entry = {"cell": addr, "type": v.Type.value, "formula1": v.getFormula1(), "show_list": v.ShowList}
        if v.Type.value == "LIST":
            entry["values"] = list_values(doc, v.getFormula1())
        out.append(entry)
    return out


def export_pdf(doc, sheet_name, pdf_out, print_area=None):
    """Export one sheet to PDF with its form controls printed (Excel writes buttons as not printed)."""
    sheets = doc.Sheets
    target = sheets.getByName(sheet_name)
    doc.CurrentController.setActiveSheet(target)
    page = target.DrawPage
    for j in range(page.Count):
        shape = page.getByIndex(j)
        if shape.ShapeType == "com.sun.star.drawing.ControlShape":
            shape.Control.Printable = True
            shape.Printable = True
    if print_area:
        area = target.getCellRangeByName(print_area)
        target.setPrintAreas((area.RangeAddress,))
        screen_like_page(doc, target, area.Size)
    for i in range(sheets.Count):
        sheet = sheets.getByIndex(i)
        if sheet.Name != sheet_name:
            sheet.setPrintAreas(())  # a sheet with a print area would be exported even when hidden
            sheet.IsVisible = False  # hidden sheets are not exported
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(pdf_out)), (prop("FilterName", "calc_pdf_Export"),))


def screen_like_page(doc, sheet, size, margin=300):
    """Give the sheet's page style one page the size of ``size`` at 100 %, without header and footer,
    so the export looks like the screen (form controls keep their size relative to the cells)."""
    style = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    style.ScaleToPagesX = 0
    style.ScaleToPagesY = 0
    style.ScaleToPages = 0
    style.PageScale = 100
    style.HeaderIsOn = False
    style.FooterIsOn = False
    style.PrintGrid = True
    for side in ("LeftMargin", "RightMargin", "TopMargin", "BottomMargin"):
        setattr(style, side, margin)
    style.IsLandscape = False
    style.Width = size.Width + 2 * margin + 100
    style.Height = size.Height + 2 * margin + 100


def values_of(sheet):
    """The used area's values (numbers, text) as rows, after a full recalculation."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.RangeAddress
    return [list(row) for row in sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).DataArray]


def inspect(desktop, path, cells, pdf=None, print_area=None, calculate=False):
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),
                                                          prop("MacroExecutionMode", NEVER_EXECUTE)))
    if doc is None:
        raise RuntimeError(f"LibreOffice could not load {path}")
    try:
        libs = doc.BasicLibraries
        result = {"basic_libraries": {name: list(libs.getByName(name).ElementNames) for name in libs.ElementNames},
                  "sheets": []}
        sheets = doc.Sheets
        if calculate:
            doc.calculateAll()
        for i in range(sheets.Count):
            sheet = sheets.getByIndex(i)
            result["sheets"].append({"name": sheet.Name, "controls": controls_of(sheet),
                                     "dropdowns": dropdowns_of(doc, sheet, cells.get(sheet.Name, []))})
            if calculate:
                result["sheets"][-1]["values"] = values_of(sheet)
        if pdf:
            export_pdf(doc, pdf[1], pdf[0], print_area)
            result["pdf"] = pdf[0]
        return result
    finally:
        try:
            doc.close(True)
        except CloseVetoException:  # still busy (a slow machine): the office closes it once done
            pass


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--terminate", action="store_true")
    parser.add_argument("file", nargs="?")
    parser.add_argument("--cells", nargs="*", default=[])
    parser.add_argument("--pdf", nargs=2, metavar=("OUT", "SHEET"))
    parser.add_argument("--print-area")
    parser.add_argument("--calculate", action="store_true")
    args = parser.parse_args(argv)
    ctx = connect(args.pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    if args.terminate:
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as the office exits
            pass
        return 0
    cells = {}
    for ref in args.cells:
        sheet, _, addr = ref.rpartition("!")
        cells.setdefault(sheet, []).append(addr)
    seen = inspect(desktop, args.file, cells, args.pdf, args.print_area, args.calculate)
    json.dump(seen, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Leave without the interpreter's shutdown: tearing down the UNO bridge there sometimes segfaults (about 1 in
    # 40 runs on a busy machine, exit -11) after the result was written whole, failing an inspection that worked.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
