Attribute VB_Name = "Buttons"
' Buttons of the master workbook (shuudan-xl). No logic here: each Sub runs one Python
' handler of shuudan_xl/excel/buttons.py through xlwings' RunPython (module "xlwings").
' The table of buttons (sheet, caption, Sub, handler) is shuudan_xl/xlsm/controls.py.
' Keep this file ASCII: captions and messages for staff live in the sheets and in Python.
Option Explicit

Public Sub Btn_CheckList()
    RunPython "import shuudan_xl.excel.buttons as b; b.check_list()"
End Sub

Public Sub Btn_MakeIds()
    RunPython "import shuudan_xl.excel.buttons as b; b.make_ids()"
End Sub

Public Sub Btn_MakePasswords()
    RunPython "import shuudan_xl.excel.buttons as b; b.make_passwords()"
End Sub

Public Sub Btn_ExportFiles()
    RunPython "import shuudan_xl.excel.buttons as b; b.export_files()"
End Sub

Public Sub Btn_DoubleCheck()
    RunPython "import shuudan_xl.excel.buttons as b; b.double_check()"
End Sub

Public Sub Btn_ConfirmExport()
    RunPython "import shuudan_xl.excel.buttons as b; b.confirm_export()"
End Sub

Public Sub Btn_MakeNotices()
    RunPython "import shuudan_xl.excel.buttons as b; b.make_notices()"
End Sub

Public Sub Btn_RecordAttendance()
    RunPython "import shuudan_xl.excel.buttons as b; b.record_attendance()"
End Sub

Public Sub Btn_ReassignAbsentees()
    RunPython "import shuudan_xl.excel.buttons as b; b.reassign_absentees()"
End Sub

Public Sub Btn_FillSchedule()
    RunPython "import shuudan_xl.excel.buttons as b; b.fill_schedule()"
End Sub

Public Sub Btn_SelfCheck()
    RunPython "import shuudan_xl.excel.buttons as b; b.self_check()"
End Sub
