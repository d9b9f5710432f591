"""The 実施通知 (notice of guidance): its fixed wording, its placeholders and their values per viewer.

The wording follows the 実施通知例 attached to the 令和6年度 procedure. The letter is a list of
blocks (a role and a text holding ``{{placeholder}}`` marks); the default Word template is built
from them, and staff may restyle or reword that template as long as the marks stay. Values come
from the 設定 sheet, the round and the viewer; dates are era dates with the weekday.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from shuudan_xl.errors import RuleError
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.closed_days import closed_reason, is_business_day, last_business_day_before
from shuudan_xl.rules.era import format_date
from shuudan_xl.rules.findings import WARNING, Problem
from shuudan_xl.rules.notice_offices import prefecture_code
from shuudan_xl.rules.prefectures import PREFECTURES
from shuudan_xl.rules.schedule import Round
from shuudan_xl.rules.settings import Settings

# ---------------------------------------------------------------------------------------------
# Placeholders
# ---------------------------------------------------------------------------------------------

DOCUMENT_NUMBER = "文書番号"
SEND_DATE = "発信日"
POSTAL = "郵便番号"
ADDRESS = "住所"
NAME = "名称"
ADDRESSEE = "宛先"
SENDER = "発信者"
TITLE = "表題"
ORGANISERS = "実施者"
GUIDANCE = "指導区分"
ROUND = "視聴回"
PURPOSE = "目的"
BUREAU = "厚生局名"
LOGIN_URL = "ログインページURL"
VISIT_PLACE = "来所先"
GUIDANCE_DATE = "指導実施日"
START = "視聴開始日"
END = "視聴終了日"
PERIOD = "視聴可能期間"
LOGIN_ID = "ログインID"
PASSWORD = "ログインパスワード"
TARGETS = "指導対象者"
CONTACT = "連絡先"
CONTACT_ADDRESS = "連絡先住所"
CONTACT_PHONE = "連絡先電話"
HOMEPAGE = "ホームページ"
HOMEPAGE_URL = "ホームページURL"
QR_CODE = "QRコード"

# Every placeholder, in the order of the mail-merge workbook's columns (the QR code is an image: no column).
PLACEHOLDERS = (DOCUMENT_NUMBER, SEND_DATE, POSTAL, ADDRESS, NAME, ADDRESSEE, SENDER, TITLE, ORGANISERS, GUIDANCE,
                ROUND, PURPOSE, BUREAU, LOGIN_URL, VISIT_PLACE, GUIDANCE_DATE, START, END, PERIOD, LOGIN_ID,
                PASSWORD, TARGETS, CONTACT, CONTACT_ADDRESS, CONTACT_PHONE, HOMEPAGE, HOMEPAGE_URL, QR_CODE)
MERGE_COLUMNS = tuple(p for p in PLACEHOLDERS if p != QR_CODE)
# A template without these cannot tell the viewer how and when to log in.
REQUIRED = (ADDRESSEE, LOGIN_ID, PASSWORD, GUIDANCE_DATE, START, END)
# The values printed in the look-alike-proof font.
SECRETS = (LOGIN_ID, PASSWORD)

# {{名称}}; full-width braces and spaces inside are accepted as Word users type them.
PLACEHOLDER_RE = re.compile(r"(?:\{\{|｛｛)[ 　]*([^{}｛｝\n]{1,40}?)[ 　]*(?:\}\}|｝｝)")


def mark(name: str) -> str:
    """Return the placeholder mark of a name: "名称" → "{{名称}}"."""
    return "{{" + name + "}}"


def placeholder_name(typed: str) -> str:
    """Normalise a placeholder name as typed in a template ("ログインＩＤ" → "ログインID")."""
    return unicodedata.normalize("NFKC", typed).strip()


# ---------------------------------------------------------------------------------------------
# The letter
# ---------------------------------------------------------------------------------------------

# Block roles; files.notice_template gives each its formatting.
RIGHT, ADDRESS_LINE, TITLE_LINE, BODY, CENTER, HEADING, TEXT, SECRET, NOTE, CONTACT_LINE, QR = (
    "right", "address", "title", "body", "center", "heading", "text", "secret", "note", "contact", "qr")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the letter: its role (layout) and its text with placeholder marks."""

    role: str
    text: str


LETTER: tuple[Block, ...] = (
    Block(RIGHT, mark(DOCUMENT_NUMBER)),
    Block(RIGHT, mark(SEND_DATE)),
    Block(ADDRESS_LINE, mark(POSTAL)),
    Block(ADDRESS_LINE, mark(ADDRESS)),
    Block(ADDRESS_LINE, mark(NAME)),
    Block(ADDRESS_LINE, mark(ADDRESSEE)),
    Block(RIGHT, mark(SENDER)),
    Block(TITLE_LINE, mark(TITLE)),
    Block(BODY, "社会保険医療行政の推進につきましては、平素から格別のご高配を賜り厚く御礼申し上げます。"),
    Block(BODY, "さて、この度、健康保険法第73条（船員保険法第59条において準用する場合を含む。）、"
                "国民健康保険法第41条及び高齢者の医療の確保に関する法律第66条の規定により、集団指導を実施する"
                "こととしていますが、eラーニングを視聴することにより集団指導に出席したものとみなします。"),
    Block(BODY, f"つきましては、下記のとおり{mark(ORGANISERS)}による集団指導（eラーニング）を実施いたしますので、"
                "視聴可能期間内に視聴されるよう通知します。"),
    Block(CENTER, "記"),
    Block(HEADING, "1　目的"),
    Block(TEXT, mark(PURPOSE)),
    Block(HEADING, "2　視聴方法"),
    Block(TEXT, f"{mark(BUREAU)}のホームページに掲載している集団指導（eラーニング）用URLからログインページに"
                "アクセスし、必ず下記5及び6のログインID及びログインパスワードによりログイン後、下記4の視聴可能期間中に"
                "集団指導用コンテンツの視聴を完了してください。視聴を完了しなければ、集団指導に出席したとみなされません"
                "のでご注意ください。"),
    Block(TEXT, f"ログインページ：{mark(LOGIN_URL)}"),
    Block(TEXT, f"また、インターネット環境が無い等の理由により、eラーニングの受講が困難な場合は、{mark(VISIT_PLACE)}"
                "まで来所いただき、視聴することが可能です。詳細につきましては、連絡先までお尋ねください。"),
    Block(TEXT, "なお、ログインの方法等につきましては、別紙をご参照ください。"),
    Block(HEADING, "3　指導実施日（視聴期間最終日）"),
    Block(TEXT, mark(GUIDANCE_DATE)),
    Block(HEADING, "4　視聴可能期間"),
    Block(TEXT, f"{mark(START)}から{mark(END)}まで"),
    Block(HEADING, "5　ログインID（全て半角）"),
    Block(SECRET, mark(LOGIN_ID)),
    Block(NOTE, "※必ず本通知記載のIDと下記ログインパスワードでログインをしてください。"
                "IDやパスワードを間違えると視聴できません。"),
    Block(HEADING, "6　ログインパスワード（全て半角）"),
    Block(SECRET, mark(PASSWORD)),
    Block(HEADING, "7　指導対象者"),
    Block(TEXT, mark(TARGETS)),
    Block(HEADING, "8　留意事項"),
    Block(TEXT, "最後まで視聴いただくと自動でマイページ画面に移動します。"
                "「視聴完了」と表示されていることを確認してください。"),
    Block(TEXT, "視聴困難な場合等のお問合せにつきましては、次の連絡先までお願いします。"),
    Block(CONTACT_LINE, "（連絡先）"),
    Block(CONTACT_LINE, mark(CONTACT)),
    Block(CONTACT_LINE, mark(CONTACT_ADDRESS)),
    Block(CONTACT_LINE, mark(CONTACT_PHONE)),
    Block(CONTACT_LINE, mark(HOMEPAGE)),
    Block(QR, mark(QR_CODE)),
)

# 7 指導対象者. The 実施通知例 lists「開設者、管理者、保険医、保険薬剤師」for every institution; a letter names only
# the people of its own 種別, so a dental clinic's letter does not list 保険薬剤師 (issue 9, section 4). A 歯科
# 保険医 is a dentist (手順 3(2)①「（歯科医師）d」), written 保険医（歯科医師） so the dental letter says so.
INSTITUTION_TARGETS = "開設者、管理者、保険医、保険薬剤師"  # the seed's wording, for a 種別 left blank
TARGETS_BY_FIELD = {"医科": "開設者、管理者、保険医", "歯科": "開設者、管理者、保険医（歯科医師）",
                    "薬局": "開設者、管理者、保険薬剤師"}
PERSON_BY_FIELD = {"医科": "保険医", "歯科": "保険医（歯科医師）", "薬局": "保険薬剤師"}
PURPOSE_CLINIC = ("保険医療機関における保険診療等について定められている「保険医療機関及び保険医療養担当規則」等を"
                  "さらに理解していただき、保険診療の質的向上及び適正化を図ることを目的としています。")
PURPOSE_PHARMACY = ("保険薬局における保険調剤等について定められている「保険薬局及び保険薬剤師療養担当規則」等を"
                    "さらに理解していただき、保険調剤の質的向上及び適正化を図ることを目的としています。")
GUIDANCE_NAMES = {"オンライン資格確認": "オンライン資格確認導入に係る集団指導", "指定時": "指定時集団指導",
                  "更新時": "更新時集団指導", "登録時": "登録時集団指導"}

# Shown for settings left blank, in the style of the 実施通知例 (staff see at once what is missing).
UNSET_BUREAU = "○○厚生（支）局"
UNSET_DOCUMENT_NUMBER = "○○発○○○第○○号"
UNSET_PREFECTURE = "○○都道府県"
# Settings a letter cannot go out without: attribute → 設定 key.
NEEDED_SETTINGS = {"bureau": "厚生局名", "sender": "発信者", "document_number": "文書番号", "phone": "電話",
                   "address": "住所"}
# Blank, these leave「○○」in the letter (発信者 falls back to 厚生局名 + 長).
MARKED_WHEN_BLANK = {"bureau": "厚生局名", "document_number": "文書番号"}
# Every setting printed in the letter (attributes of Settings).
PRINTED_SETTINGS = ("bureau", "sender", "document_number", "office", "section", "contact_person", "postal_code",
                    "address", "phone", "fax", "login_url", "homepage_url")
# The example's own blanks, copied into a setting: 〇〇, ○○, XXX-XXXX.
_EXAMPLE_MARK = re.compile(r"[○〇◯]{2,}|[XＸ]{3,}")


@dataclass(frozen=True, slots=True)
class NoticeViewer:
    """What a letter needs to know about its viewer (all text, as typed in the master list)."""

    name: str
    login_id: str
    password: str
    guidance: str  # オンライン資格確認 / 指定時 / 更新時 / 登録時
    field: str  # 医科 / 歯科 / 薬局
    addressee: str = ""
    postal: str = ""
    address: str = ""
    group: str = ""  # 所属グループ (東京13): the prefecture that holds the guidance with the bureau

    @property
    def prefecture(self) -> str:
        """The viewer's 都道府県 as officially written (東京都, 大阪府, 北海道, 京都府…), "" when unknown."""
        code = prefecture_code(self.group, self.login_id)
        return PREFECTURES[code] if code else ""

    @property
    def is_person(self) -> bool:
        """True for 登録時 (a 保険医 or 保険薬剤師), False for an institution."""
        return self.guidance == "登録時"


# A round's letters print the same few dates (sending, guidance, viewing period) thousands of times.
_date_text = lru_cache(maxsize=64)(format_date)


def letter_fields(settings: Settings, rnd: Round, viewer: NoticeViewer, send_date: date) -> dict[str, str]:
    """Return the text of every placeholder for one viewer's letter (QRコード is left empty).

    Args:
        settings: The 設定 sheet (sender, contact, URLs…); blank values show as ○○.
        rnd: The round: its viewing period and guidance date.
        viewer: The addressee and the login values.
        send_date: The letter's date (発信日).

    Returns:
        Placeholder name → text, for every name in PLACEHOLDERS.
    """
    bureau = settings.bureau or UNSET_BUREAU
    # 4(2) and the 実施通知例「○○厚生（支）局及び○○都道府県による集団指導」: the viewer's own prefecture.
    partner = viewer.prefecture or UNSET_PREFECTURE
    addressee = viewer.addressee.strip() or default_addressee(viewer)
    name = viewer.name.strip()
    if viewer.is_person and squeeze(name) and squeeze(name) in squeeze(addressee):
        name = ""  # a person's name is already in 宛先: do not print it twice
    contact = "　".join(v for v in (bureau + settings.office, settings.section, settings.contact_person) if v)
    phone = "、".join(f"{label} {v}" for label, v in (("電話", settings.phone), ("FAX", settings.fax)) if v)
    contact_address = "　".join(v for v in (postal_text(settings.postal_code), settings.address) if v)
    return {
        DOCUMENT_NUMBER: settings.document_number or UNSET_DOCUMENT_NUMBER,
        SEND_DATE: _date_text(send_date, weekday=False),
        POSTAL: postal_text(viewer.postal),
        ADDRESS: viewer.address.strip(),
        NAME: name,
        ADDRESSEE: addressee,
        SENDER: settings.sender or f"{bureau}長",
        TITLE: f"{bureau}及び{partner}による集団指導の実施について（通知）",
        ORGANISERS: f"{bureau}と{partner}",
        GUIDANCE: GUIDANCE_NAMES.get(viewer.guidance, viewer.guidance),
        ROUND: f"第{rnd.number}回",
        PURPOSE: PURPOSE_PHARMACY if viewer.field == "薬局" else PURPOSE_CLINIC,
        BUREAU: bureau,
        LOGIN_URL: settings.login_url,
        VISIT_PLACE: bureau + settings.office,
        GUIDANCE_DATE: _date_text(rnd.guidance_date),
        START: _date_text(rnd.start),
        END: _date_text(rnd.end),
        PERIOD: f"{_date_text(rnd.start)}から{_date_text(rnd.end)}まで",
        LOGIN_ID: viewer.login_id,
        PASSWORD: viewer.password,
        TARGETS: targets(viewer),
        CONTACT: contact,
        CONTACT_ADDRESS: contact_address,
        CONTACT_PHONE: phone,
        HOMEPAGE: f"【{bureau}HP】{settings.homepage_url}" if settings.homepage_url else "",
        HOMEPAGE_URL: settings.homepage_url,
        QR_CODE: "",
    }


def default_addressee(viewer: NoticeViewer) -> str:
    """宛先 when the master leaves it blank: the 開設者 of an institution, or the person by name."""
    return f"{viewer.name.strip()}　様" if viewer.is_person else "開設者　様"


def targets(viewer: NoticeViewer) -> str:
    """7 指導対象者, following 種別 (see TARGETS_BY_FIELD).

    An institution: 医科「開設者、管理者、保険医」, 歯科「開設者、管理者、保険医（歯科医師）」, 薬局「開設者、管理者、
    保険薬剤師」(the seed's full list when 種別 is blank). A person (登録時): 保険医, 保険医（歯科医師） or 保険薬剤師,
    and the name.
    """
    if not viewer.is_person:
        return TARGETS_BY_FIELD.get(viewer.field, INSTITUTION_TARGETS)
    return f"{PERSON_BY_FIELD.get(viewer.field, '保険医')}　{viewer.name.strip()}"


def postal_text(value: str) -> str:
    """Return "〒425-4311" for "4254311", "425-4311" or "〒425-4311"; "" for blank.

    A 6-digit value is a code whose leading 0 Excel dropped (stored as a number) and gets it back.
    """
    text = unicodedata.normalize("NFKC", value or "").strip().lstrip("〒").strip()
    if not text:
        return ""
    if text.isdigit() and len(text) in (6, 7):
        text = text.zfill(7)
        text = f"{text[:3]}-{text[3:]}"
    return f"〒{text}"


def qr_target(settings: Settings) -> str:
    """The address the letter's QR code opens: the bureau's page when set, else the login page."""
    return settings.homepage_url or settings.login_url


def missing_settings(settings: Settings) -> list[str]:
    """Return the 設定 keys a letter needs that are blank (the letter shows ○○ instead)."""
    return [key for name, key in NEEDED_SETTINGS.items() if not getattr(settings, name)]


def unfinished_settings(settings: Settings) -> list[str]:
    """The 設定 keys that would leave the example's「○○」in a letter: blank, or still holding its marks.

    A letter must not go out with「○○厚生（支）局」or a contact「〇〇事務所 XXX-XXXX」copied from the example.

    Returns:
        設定 keys, in the sheet's order of PRINTED_SETTINGS.
    """
    key_of = {name: key for key, name in Settings.keys().items()}
    out = []
    for name in PRINTED_SETTINGS:
        value = getattr(settings, name)
        if (not value and name in MARKED_WHEN_BLANK) or _EXAMPLE_MARK.search(value or ""):
            out.append(key_of[name])
    return out


# ---------------------------------------------------------------------------------------------
# When to send
# ---------------------------------------------------------------------------------------------

def parse_mailing_days(text: str) -> int:
    """Read 通知の到達日数 ("3", "３", "3日").

    Raises:
        RuleError: with a Japanese message when it is not a whole number of days from 0 to 30.
    """
    value = unicodedata.normalize("NFKC", str(text)).strip().removesuffix("日")
    if not value.isdigit() or int(value) > 30:
        raise RuleError(f"設定シートの「通知の到達日数」は 0〜30 の日数にしてください（値: {text}）。")
    return int(value)


def latest_send_date(rnd: Round, mailing_days: int) -> date:
    """The last business day a notice can be sent and still arrive the day before the viewing period starts.

    Counted back from the day before the start by ``mailing_days``; when offices are closed that day
    (weekend, national holiday, 12/29–1/3: rules.closed_days), the business day before it.

    Raises:
        RuleError: for a year the holiday calendar does not cover.
    """
    day = _arrives_in_time_if_sent(rnd, mailing_days)
    return day if is_business_day(day) else last_business_day_before(day)


def _arrives_in_time_if_sent(rnd: Round, mailing_days: int) -> date:
    # The last calendar day a letter sent then arrives the day before the viewing period starts.
    return rnd.start - timedelta(days=1 + mailing_days)


def check_send_date(send_date: date, rnd: Round, mailing_days: int) -> Problem | None:
    """Warn when a notice sent on ``send_date`` would not arrive before the viewing period starts.

    The procedure asks that the notice reach the viewer before the period's first day; a letter takes
    ``mailing_days`` (calendar days) to arrive, so it must be sent by ``latest_send_date``.

    Returns:
        A "notice.late" warning naming the dates and the latest send date, or None.
    """
    latest = latest_send_date(rnd, mailing_days)
    if send_date <= latest:
        return None
    if send_date <= _arrives_in_time_if_sent(rnd, mailing_days):  # in time, but offices are closed then
        period = f"第{rnd.number}回 視聴期間 {format_date(rnd.start)}～{format_date(rnd.end)}"
        return Problem("notice.late", WARNING,
                       f"発信日{format_date(send_date)}は閉庁日（{closed_reason(send_date)}）です。視聴開始日"
                       f"（{format_date(rnd.start)}）の前日までに届くよう、その前の開庁日の{format_date(latest)}までに"
                       f"発送してください（{period}）。", format_date(latest))
    arrival = send_date + timedelta(days=mailing_days)
    message = (f"{format_date(send_date)}に発送すると、到達日数{mailing_days}日で{format_date(arrival)}の"
               f"到達見込みとなり、視聴開始日（{format_date(rnd.start)}）の前日までに届きません。"
               f"間に合わせるには{format_date(latest)}までに発送してください"
               f"（第{rnd.number}回 視聴期間 {format_date(rnd.start)}～{format_date(rnd.end)}）。")
    if send_date >= rnd.start:
        message += "視聴期間が既に始まっているため、電話やメールでの連絡も検討してください。"
    return Problem("notice.late", WARNING, message, format_date(latest))
