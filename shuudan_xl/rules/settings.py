"""Bureau settings kept in the master workbook's 設定 sheet: fiscal year, method, letters' sender…

Each setting is one row: 項目 (the key below), 値, 説明. Missing or blank values take the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.findings import ERROR, Problem
from shuudan_xl.rules.passwords import DEFAULT_LENGTH, MAX_LENGTH, MIN_LENGTH

SETTINGS_SHEET = "設定"
HEADERS = ("項目", "値", "説明")
METHOD_LABELS = {"vendor": "事業者に依頼", "self": "自庁で登録"}
LOGIN_URL = "https://nws.stage.ac/hoken-iryuu/"
VENDOR_MAIL = "r6elearning-help@stage.ac"


@dataclass
class Settings:
    """Values of the 設定 sheet; the metadata holds each key, default text and explanation."""

    fiscal_year: str = field(default="", metadata={
        "key": "年度", "help": "例: 2024、令和6年度。空欄なら今日が属する年度"})
    current_round: str = field(default="", metadata={
        "key": "作業する視聴回", "help": "ボタンで業者提出ファイル・実施通知などを作る視聴回（1〜9）"})
    reassign_round: str = field(default="", metadata={
        "key": "再視聴の視聴回",
        "help": "「再視聴」ボタンで、作業する視聴回の欠席者が改めて視聴する後の視聴回（作業する視聴回より後、9まで）"})
    method: str = field(default="vendor", metadata={
        "key": "登録方法", "help": "事業者に依頼（●期限）／自庁で登録（☆期限）"})
    password_length: int = field(default=DEFAULT_LENGTH, metadata={
        "key": "パスワードの文字数", "help": f"{MIN_LENGTH}〜{MAX_LENGTH}"})
    bureau: str = field(default="", metadata={"key": "厚生局名", "help": "例: 関東信越厚生局"})
    sender: str = field(default="", metadata={"key": "発信者", "help": "例: 関東信越厚生局長（実施通知の差出人）"})
    document_number: str = field(default="", metadata={"key": "文書番号", "help": "例: 関厚発0520第1号"})
    office: str = field(default="", metadata={
        "key": "事務所名", "help": "例: 東京事務所（来所視聴・連絡先。都道府県で違えば「都道府県別設定」）"})
    section: str = field(default="", metadata={"key": "担当課", "help": "例: 指導監査課"})
    contact_person: str = field(default="", metadata={"key": "担当者", "help": "連絡先に載せる担当者名"})
    postal_code: str = field(default="", metadata={"key": "郵便番号", "help": "例: 100-0000"})
    address: str = field(default="", metadata={"key": "住所", "help": "連絡先の住所"})
    phone: str = field(default="", metadata={"key": "電話", "help": "例: 03-0000-0000"})
    fax: str = field(default="", metadata={"key": "FAX", "help": "例: 03-0000-0001"})
    login_url: str = field(default=LOGIN_URL, metadata={
        "key": "ログインページURL", "help": "eラーニングのログインページ"})
    homepage_url: str = field(default="", metadata={
        "key": "厚生局ホームページURL", "help": "通知に載せるページ（コマンド notices --qr ではQRコードにもなります）"})
    vendor_mail: str = field(default=VENDOR_MAIL, metadata={
        "key": "事業者メールアドレス", "help": "業者提出ファイルの提出先"})
    mailing_days: str = field(default="3", metadata={
        "key": "通知の到達日数", "help": "実施通知を発送してから届くまでの日数（視聴開始日に間に合うかの判定）"})
    results_file: str = field(default="", metadata={
        "key": "視聴結果ファイル",
        "help": "「出欠取込」で読む視聴結果（管理者画面から出力した .csv / .xlsx）。"
                "例: 視聴結果\\第1回.csv（このブックのあるフォルダから見た場所。C:\\ から始まる場所も可）"})
    results_id_column: str = field(default="ユーザーID", metadata={
        "key": "視聴結果のID列", "help": "管理者画面から出力した視聴結果で、ユーザーIDが入っている列の見出し"})
    results_status_column: str = field(default="視聴状況", metadata={
        "key": "視聴結果の状況列", "help": "視聴結果で、視聴完了かどうかが入っている列の見出し"})
    results_completed_value: str = field(default="視聴完了", metadata={
        "key": "視聴完了の表示", "help": "視聴結果の状況列で、視聴完了を表す値"})
    results_date_column: str = field(default="視聴完了日時", metadata={
        "key": "視聴結果の完了日時列", "help": "視聴結果で、視聴を完了した日時が入っている列の見出し"})

    @classmethod
    def keys(cls) -> dict[str, str]:
        """Japanese key → attribute name, in sheet order."""
        return {f.metadata["key"]: f.name for f in fields(cls)}

    def rows(self) -> list[tuple[str, str, str]]:
        """The sheet's rows (項目, 値, 説明) for these values."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            text = METHOD_LABELS[value] if f.name == "method" else "" if value in (None, "") else str(value)
            out.append((f.metadata["key"], text, f.metadata["help"]))
        return out


def parse_settings(pairs: dict[str, object]) -> tuple[Settings, list[tuple[str, Problem]]]:
    """Build settings from 項目 → 値 pairs typed by staff.

    Returns:
        The settings and problems keyed by 項目 (unknown values keep their defaults).
    """
    settings, problems = Settings(), []
    names = Settings.keys()
    for key, value in pairs.items():
        name = names.get(key)
        if name is None or value in (None, ""):
            continue
        text = text_of(value)
        if name == "method":
            method = {"事業者に依頼": "vendor", "事業者": "vendor", "vendor": "vendor", "●": "vendor",
                      "自庁で登録": "self", "自庁": "self", "self": "self", "☆": "self"}.get(text)
            if method is None:
                problems.append((key, Problem("settings.method", ERROR,
                                              "登録方法は「事業者に依頼」か「自庁で登録」にしてください。")))
                continue
            settings.method = method
        elif name == "password_length":
            if not (text.isascii() and text.isdigit()) or not MIN_LENGTH <= int(text) <= MAX_LENGTH:
                problems.append((key, Problem(
                    "settings.password_length", ERROR,
                    f"パスワードの文字数は{MIN_LENGTH}〜{MAX_LENGTH}の整数にしてください（値: {text}）。")))
                continue
            settings.password_length = int(text)
        else:
            setattr(settings, name, text)
    return settings, problems
