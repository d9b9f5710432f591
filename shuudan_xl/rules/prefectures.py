"""The 47 prefectures (JIS X 0401) and the e-learning group labels "北海道01" … "沖縄47"."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from shuudan_xl.rules.cleaning import squeeze

# JIS X 0401 code → official name, in code order.
PREFECTURES: dict[str, str] = {
    "01": "北海道", "02": "青森県", "03": "岩手県", "04": "宮城県", "05": "秋田県",
    "06": "山形県", "07": "福島県", "08": "茨城県", "09": "栃木県", "10": "群馬県",
    "11": "埼玉県", "12": "千葉県", "13": "東京都", "14": "神奈川県", "15": "新潟県",
    "16": "富山県", "17": "石川県", "18": "福井県", "19": "山梨県", "20": "長野県",
    "21": "岐阜県", "22": "静岡県", "23": "愛知県", "24": "三重県", "25": "滋賀県",
    "26": "京都府", "27": "大阪府", "28": "兵庫県", "29": "奈良県", "30": "和歌山県",
    "31": "鳥取県", "32": "島根県", "33": "岡山県", "34": "広島県", "35": "山口県",
    "36": "徳島県", "37": "香川県", "38": "愛媛県", "39": "高知県", "40": "福岡県",
    "41": "佐賀県", "42": "長崎県", "43": "熊本県", "44": "大分県", "45": "宮崎県",
    "46": "鹿児島県", "47": "沖縄県",
}


def short_name(name: str) -> str:
    """Drop the trailing 都/府/県 (北海道 keeps its 道): "東京都" → "東京", "京都府" → "京都"."""
    return name[:-1] if name[-1] in "都府県" else name


# The dropdown of the vendor sheet, in code order.
GROUP_LABELS: tuple[str, ...] = tuple(short_name(name) + code for code, name in PREFECTURES.items())
GROUP_LABEL_SET = frozenset(GROUP_LABELS)
LABEL_BY_CODE: dict[str, str] = {label[-2:]: label for label in GROUP_LABELS}

_CODE_BY_NAME: dict[str, str] = {}
for _code, _name in PREFECTURES.items():
    _CODE_BY_NAME[_name] = _code
    _CODE_BY_NAME[short_name(_name)] = _code

_NAME_THEN_CODE = re.compile(r"([^0-9]*)([0-9]{1,2})?", re.ASCII)
_CODE_THEN_NAME = re.compile(r"([0-9]{1,2})([^0-9]+)", re.ASCII)


class GroupMatch(NamedTuple):
    """How a typed group value maps to a canonical label."""

    typed: str
    label: str | None
    conflict: bool = False  # name and code name different prefectures

    @property
    def exact(self) -> bool:
        return self.label is not None and self.typed == self.label


@functools.lru_cache(maxsize=1024)
def match_group(typed: str) -> GroupMatch:
    """Map a group value typed by staff to its canonical label.

    Accepts the label itself and common variants: "沖縄県47", "沖縄県", "沖縄", "47", "7", "47沖縄",
    full-width digits and stray spaces.

    Args:
        typed: The cell text as typed.

    Returns:
        A GroupMatch whose ``label`` is None when no prefecture can be recognised, and whose
        ``conflict`` is set when the name and the code contradict each other ("沖縄01").
    """
    text = squeeze(typed)
    m = _NAME_THEN_CODE.fullmatch(text)
    if m:
        name, code = m.group(1), m.group(2)
    else:
        m = _CODE_THEN_NAME.fullmatch(text)
        if not m:
            return GroupMatch(typed, None)
        code, name = m.group(1), m.group(2)
    code = code.zfill(2) if code else None
    if code is not None and code not in PREFECTURES:
        return GroupMatch(typed, None)
    name_code = _CODE_BY_NAME.get(name) if name else None
    if name and name_code is None:
        return GroupMatch(typed, None)
    if code and name_code and code != name_code:
        return GroupMatch(typed, None, conflict=True)
    found = code or name_code
    return GroupMatch(typed, LABEL_BY_CODE[found] if found else None)

