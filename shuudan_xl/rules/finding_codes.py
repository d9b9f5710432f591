"""Every finding code the tool reports, with its meaning for staff: the registry behind docs/finding-codes.md.

A finding code (``Problem.code``, ``Finding.code``, the ``code`` of ``--json`` findings) is stable: scripts
and the marks in staff workbooks rely on it. To add one, add it to ``CODES`` in its family and regenerate
the document with ``python docs/generate_finding_codes.py``; ``tests/rules/test_finding_codes.py`` fails
while a code used in the source is missing here, a code here is no longer used, or the document is stale.
"""

from __future__ import annotations

from collections import Counter

# Family (the part before the dot) → Japanese heading, in the document's order.
FAMILIES = {
    "cell": "セルの値の形（全ての項目に共通）",
    "id": "ユーザーID",
    "password": "パスワード",
    "group": "所属グループ（氏名の列）",
    "header": "見出し",
    "workbook": "ブック",
    "links": "視聴者⇔動画（動画の紐付け）",
    "master": "視聴者リスト",
    "ledger": "ID台帳との照合",
    "catalog": "動画一覧",
    "doublecheck": "ダブルチェック（シート「ダブルチェック」の印）",
    "schedule": "視聴スケジュール",
    "settings": "設定シート",
    "notice": "実施通知",
    "exception": "出欠特例",
}

# Code → what it means (Japanese, one sentence or two; the message shown with a finding gives the details).
CODES = {
    # cell: how a value is stored, for any field that must be plain text
    "cell.empty": "空欄です。",
    "cell.bool": "TRUE/FALSE（論理値）が入っています。",
    "cell.number": "数値として保存されています（先頭の0が消えたり形が変わったりしたおそれがあります）。",
    "cell.date": "Excelが入力を日付・時刻に変換しています。",
    "cell.type": "文字列でも数値・日付でもない値が入っています。",
    "cell.invisible": "目に見えない文字（ゼロ幅スペース・BOM など）が含まれています。",
    "cell.space_edge": "前後に空白（全角・半角スペース、改行など）があります。",
    "cell.space_inner": "途中に空白があります。",
    "cell.fullwidth": "全角の英数字や記号が含まれています（修正案は半角にした値）。",
    "cell.error": "Excelのエラー値（#N/A・#REF!・#DIV/0! など）が入っています。",
    "cell.formula": "ユーザーID・パスワード・番号・指導動画などの列に数式が入っています（値を直接入力してください）。",
    "cell.control": "制御文字（印刷できない文字）が含まれています。",
    "cell.formula_like": "「=」「+」「-」「@」で始まり、Excelで数式として扱われるおそれがあります。",
    # id: the rules of a login ID
    "id.too_short": "ユーザーIDが9文字未満です。",
    "id.kind_case": "ユーザーIDの1文字目（記号）が大文字です。",
    "id.kind": "ユーザーIDの1文字目が s・n・r・m・d・p のどれでもありません。",
    "id.prefecture": "ユーザーIDの2〜3文字目が都道府県コード（01〜47）ではありません。",
    "id.serial_chars": "ユーザーIDの4文字目以降に半角英数字以外の文字があります。",
    "id.too_long": "ユーザーIDが32文字を超えています。",
    "id.serial_short": "ユーザーIDの4文字目以降が6文字未満です。",
    "id.lookalike": "番号部分の数字に英字 O・o・l・I・i が混じっています（0・1 の打ち間違いのおそれ）。",
    "id.duplicate": "同じユーザーIDが2回以上あります。",
    "id.password_conflict": "同じユーザーIDに違うパスワードが入力されています。",
    # password: the rules of a password
    "password.too_short": "パスワードが9文字未満です。",
    "password.too_long": "パスワードが32文字を超えています（通知を読んで打ち込める長さは9〜32文字）。",
    "password.chars": "パスワードに半角英数字以外の文字があります。",
    "password.lookalike": ("パスワードに見間違えやすい文字が一緒に使われています"
                           "（1・l・I のうち2つ以上、または 0・O・o のうち2つ以上）。"),
    "password.no_mix": "パスワードが英字だけ、または数字だけです。",
    "password.excel_value": "パスワードがExcelで数値や日付に変換されるおそれのある形です。",
    "password.same_as_id": "パスワードがユーザーIDと同じです。",
    "password.shared": "パスワードが別の視聴者と同じです。",
    # group: the 所属グループ label
    "group.variant": "所属グループが「北海道01」〜「沖縄47」の表記ではありません（読み取れた表記を修正案に示します）。",
    "group.conflict": "所属グループの都道府県名とコードが食い違っています。",
    "group.unknown": "所属グループがどの都道府県にも当たりません。",
    "group.prefecture_mismatch": "ユーザーIDの都道府県コードと所属グループが違います（予備IDなどなら問題ありません）。",
    # header, workbook: the vendor sheet as a whole
    "header.order": "業者の登録用エクセルの見出しが A列ユーザーID・B列パスワード・C列氏名 の順ではありません。",
    "header.group_name": ("業者の登録用エクセルの所属グループの列の見出しが「氏名」ではありません"
                          "（所属グループ・都道府県など）。"),
    "workbook.sheets": "業者へ提出するブックにシートが2枚以上あります。",
    # links: the 視聴者⇔動画 book (ユーザーID / 動画)
    "links.blank_row": "視聴者⇔動画の途中に空の行があります（その下が登録もれになるおそれ）。",
    "links.duplicate": "同じユーザーIDと動画の組み合わせが2回以上あります。",
    # master: the rows of the 視聴者リスト
    "master.round": "視聴回が1〜9の数字として読めません。",
    "master.guidance": "指導区分が「オンライン資格確認」「指定時」「更新時」「登録時」のどれでもありません。",
    "master.field": "種別が「医科」「歯科」「薬局」のどれでもありません。",
    "master.name": "名称（実施通知の宛名）が空欄です。",
    "master.video_variant": ("入力された指導動画が、動画一覧の表記と全角・半角や空白などで違います"
                             "（修正案は動画一覧の表記）。"),
    "master.video_unknown": "入力された指導動画が動画一覧にありません（数式のような値は業者へ送りません）。",
    "master.number": "番号からユーザーIDを作れません（半角英数字6桁以上が必要です）。",
    "master.number_empty": "ユーザーIDが空欄なのに、IDを作るための番号も空欄です。",
    "master.number_numeric": "番号が数値として保存されています（先頭の0が消えたおそれがあります）。",
    "master.number_cleaned": "番号の全角文字・前後の空白・見えない文字を直した値を使います（直した値を示します）。",
    "master.number_separator": ("番号の途中に区切り（「,」「-」・空白など）があります。"
                                "打ち間違いのおそれもあるため、区切りのない番号にしてください。"),
    "master.id_kind": "ユーザーIDの記号が指導区分・種別と合いません。",
    "master.id_collision": "別の視聴者と同じユーザーIDになります（医科と歯科で医療機関コードが同じなど）。",
    "master.video": "指導区分・種別に当たる動画が動画一覧にありません。",
    # ledger: the ID台帳
    "ledger.other_viewer": "ユーザーIDが台帳で別の視聴者に登録済みです。",
    "ledger.password": "台帳に登録済みのパスワードと違います。",
    "ledger.group": "台帳に登録済みの所属グループと違います。",
    # catalog: the 動画一覧 sheet
    "catalog.name": ("動画一覧の動画名に使えない文字があります（数式のような先頭、見えない文字、制御文字）。"
                     "その行は使いません。"),
    "catalog.row": "動画一覧の行から指導区分・種別・動画名を読み取れません（その行は使いません）。",
    # doublecheck: the marks on the ダブルチェック sheet (one per kind of difference)
    "doublecheck.id": "ダブルチェックのユーザーIDが視聴者リストと違います。",
    "doublecheck.password": "ダブルチェックのパスワードが視聴者リストと違います。",
    "doublecheck.group": "ダブルチェックの所属グループが視聴者リストと違います。",
    "doublecheck.missing": "視聴者リストの行がダブルチェックにありません。",
    "doublecheck.extra": "ダブルチェックの行が視聴者リストにありません。",
    "doublecheck.duplicate": "同じユーザーIDがダブルチェックに2回以上あります。",
    "doublecheck.video": "視聴者⇔動画のブックの照合で、同じユーザーIDの動画が違います（doublecheck の差異の種類）。",
    # schedule: the 視聴スケジュール sheet and the round's deadline
    "schedule.year": "年の書かれた日付が1つもなく、年度を決められません。",
    "schedule.round": "視聴回が「第1回」〜「第9回」として読めないか、2回以上あります。",
    "schedule.missing": "日付が空欄です。",
    "schedule.date": "日付として読めません。",
    "schedule.weekday": "日付に添えた曜日が違います。",
    "schedule.fiscal_year": "日付がその年度のものではありません。",
    "schedule.period": "視聴終了日が視聴開始日より前です。",
    "schedule.deadline_late": "登録期限が視聴開始日より後です。",
    "schedule.closed_day": "登録期限が閉庁日（土日・祝日・年末年始）です。",
    "schedule.deadline_order": "●登録期限（事業者）が☆登録期限（自庁）より後です。",
    "schedule.guidance": "指導年月日が視聴期間最終日と違います。",
    "schedule.overlap": "視聴期間が別の視聴回と重なっています。",
    "schedule.deadline_passed": "登録期限を過ぎています（間に合う視聴回を修正案に示します）。",
    # settings: the 設定 sheet
    "settings.method": "登録方法が「事業者に依頼」「自庁で登録」のどちらでもありません。",
    "settings.password_length": "パスワードの文字数が9〜32の整数ではありません。",
    # notice: the 実施通知
    "notice.late": ("発信日から数えると、実施通知が視聴開始日の前日までに届きません"
                    "（または発信日が閉庁日で、発送期限＝その前の開庁日を過ぎています）。"),
    # exception: the 出欠特例 sheet or file
    "exception.headers": "出欠特例の見出しの行が見つかりません。",
    "exception.row": "出欠特例の行が読めないため、その特例は使いません。",
}


def family(code: str) -> str:
    """The part of a code before the dot: ``"id"`` for ``"id.prefecture"``."""
    return code.split(".", 1)[0]


def meaning(code: str) -> str:
    """The Japanese meaning of a code ("" for a code not registered)."""
    return CODES.get(code, "")


def code_counts(findings) -> list[tuple[str, int]]:
    """How many findings have each code, most frequent first, then by code.

    Args:
        findings: Objects with a ``code`` attribute (``Finding``, ``Problem``).
    """
    counts = Counter(f.code for f in findings)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def markdown() -> str:
    """The text of docs/finding-codes.md: one table per family, codes in registry order."""
    lines = ["# 指摘コードの一覧（finding codes）", "",
             "<!-- Generated from shuudan_xl/rules/finding_codes.py by `python docs/generate_finding_codes.py`;"
             " do not edit by hand. -->", "",
             "`check --json` などの `findings[].code`、`counts.by_code` に出るコードと、その意味です。"
             "区分（エラー・警告）と詳しい内容は、指摘ごとの `severity` と `message` を見てください。",
             "コードは変わりません（意味が変わるときは新しいコードにします）。", ""]
    for name, heading in FAMILIES.items():
        codes = [code for code in CODES if family(code) == name]
        lines += [f"## {name} — {heading}", "", "| コード | 意味 |", "| --- | --- |"]
        lines += [f"| `{code}` | {CODES[code]} |" for code in codes]
        lines.append("")
    return "\n".join(lines)
