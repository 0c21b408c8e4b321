"""R-VI-2a: refusing the property fee for a year or more is major — how many months of unpaid fees
a violation's facts state, as recorders write them, and the recorder's own number."""

from __future__ import annotations

import re

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _

#: R-VI-2a: a year of refused fees (无特殊原因拒交物业费一年以上).
ARREARS_MAJOR_MONTHS = 12
#: Words that say a clause is about unpaid fees (the recorder's own words: 欠费12个月, 两年未交 …).
_FEE_WORDS = re.compile(
    "物业费|管理费|服务费|欠费|欠缴|欠交|拖欠|拒交|拒缴|拒付|未交|没交|未缴|没缴|不交|不缴|未付|没付|没有交|没有缴|"
    "arrears|unpaid|not paid|refus",
    re.IGNORECASE,
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_NUM = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+|半)"
_LESS = r"(?P<less>近|将近|快|不到|不足|未满|差不多)?"
#: A duration: N年 (N years, 一年半, 两年多, 一年以上), N个月 (or 12月 in digits), 半年.
_DURATION = re.compile(
    _LESS
    + r"(?<![\d年])"
    + _NUM
    + r"\s*(?:(?P<year>年)(?![前后底初])(?P<half_year>半)?"
    + r"|(?P<ge>个)?(?P<half_month>半)?(?P<more>多)?(?P<month>月)(?![份底初中日号起开至到前]))"
)
_EN_DURATION = re.compile(
    r"(?P<less>almost |nearly |less than )?(?P<num>\d+|a|an|one|two|three|four|five)\s*(?P<unit>years?|months?)",
    re.IGNORECASE,
)
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def chinese_number(text: str) -> int | None:
    """``十八`` 18, ``二十四`` 24, ``两`` 2, ``一百二十`` 120, ``12`` 12; None when it is not one."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if text in ("零", "〇"):
        return 0
    total, digit = 0, None
    for ch in text:
        if ch in ("零", "〇"):  # 一百零一: the placeholder of an empty place
            if digit is not None:
                return None
            continue
        if ch in _CN_DIGITS:
            if digit is not None:  # two digits in a row (一二): not how a count is written
                return None
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _months(match: re.Match[str]) -> int | None:
    num = match.group("num")
    if num == "半":
        value = 0.5
    elif re.fullmatch(r"\d+\.\d+", num):
        value = float(num)
    else:
        whole = chinese_number(num)
        if whole is None:
            return None
        value = float(whole)
    if match.group("year"):
        if value > 50:  # 2025年: a calendar year, not a duration
            return None
        months = value * 12 + (6 if match.group("half_year") else 0)
    else:
        if not match.group("ge") and not num.isdigit():
            return None  # 三月: a month of the year; a count of months is written 三个月
        months = value + (0.5 if match.group("half_month") else 0)
    whole_months = int(months)
    if match.group("less"):  # 近一年, 不到一年: short of it
        whole_months = max(0, whole_months - 1) if months == whole_months else whole_months
    return whole_months


def arrears_months(facts: str) -> int | None:
    """R-VI-2a: how many months of unpaid fees the facts state, as recorders write them (拒交物业费一年以上,
    欠费12个月, 两年未交, 一年多没交物业费, 欠缴十八个月, "12 months unpaid"); the longest when several
    are said; None when no sentence speaks of unpaid fees with a duration. "近一年" / "不到一年" count
    as short of a year; "一年多" / "一年以上" as the year itself (a year or more is what counts)."""
    longest: int | None = None
    for sentence in re.split(r"[。；;！!？?\n]", facts or ""):
        if not _FEE_WORDS.search(sentence):
            continue
        for match in _DURATION.finditer(sentence):
            months = _months(match)
            if months is not None and (longest is None or months > longest):
                longest = months
        for match in _EN_DURATION.finditer(sentence):
            num = match.group("num").lower()
            value = int(num) if num.isdigit() else _EN_NUMBERS[num]
            months = value * 12 if match.group("unit").lower().startswith("year") else value
            if match.group("less"):
                months = max(0, months - 1)
            if longest is None or months > longest:
                longest = months
    return longest


def check_arrears_months(months: int | None) -> int | None:
    """``--arrears-months N``: a whole number of months, 0 to 600."""
    if months is None:
        return None
    if isinstance(months, bool) or not isinstance(months, int) or not 0 <= months <= 600:
        raise InputError("arrears_months", _("a whole number of months, 0 to 600"))
    return months
