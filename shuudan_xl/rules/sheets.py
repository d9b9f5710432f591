"""Sheets of the master workbook (.xlsm) that staff fill in and the buttons read: names and header rows.

The writer (``files``) and the readers (``services``, the Excel buttons) share these constants, so a
header typed here is the only place where it is spelt.
"""

from __future__ import annotations

from shuudan_xl.rules.layout import VENDOR_HEADERS

SCHEDULE_SHEET = "視聴スケジュール"
SCHEDULE_ROUND = "視聴回"
SCHEDULE_VENDOR_DEADLINE = "●登録期限（事業者）"
SCHEDULE_SELF_DEADLINE = "☆登録期限（自庁）"
SCHEDULE_START = "視聴開始日"
SCHEDULE_END = "視聴終了日（指導年月日）"
# Row 1 holds these headers in columns A–E; rows 2–10 hold rounds 1–9, one per row.
SCHEDULE_HEADERS = (SCHEDULE_ROUND, SCHEDULE_VENDOR_DEADLINE, SCHEDULE_SELF_DEADLINE, SCHEDULE_START, SCHEDULE_END)
SCHEDULE_FIRST_ROW = 2
SCHEDULE_LAST_ROW = 10
# The Round field (rules.schedule.Round) each date column holds.
SCHEDULE_FIELDS = {SCHEDULE_VENDOR_DEADLINE: "vendor_deadline", SCHEDULE_SELF_DEADLINE: "self_deadline",
                   SCHEDULE_START: "start", SCHEDULE_END: "end"}

DOUBLECHECK_SHEET = "ダブルチェック"
# Row 1: ユーザーID / パスワード / 氏名 (the group) in A/B/C, as in the vendor's registration workbook.
DOUBLECHECK_HEADERS = VENDOR_HEADERS
