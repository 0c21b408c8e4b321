"""Mainland China phone numbers (R-IN-2): what the desk types, and one canonical form to store.

Canonical forms (``normalise_phone`` returns them and accepts them back unchanged):

* mobile: 11 digits ``1[3-9]XXXXXXXXX`` → ``13812345678``
* landline: area code, number, optional extension → ``010-12345678``, ``0755-1234567``,
  ``021-12345678-123``. Area codes 010 and 020-029 have three digits and 8-digit numbers; every
  other area code (0xxx) has four digits and 7- or 8-digit numbers. A local number never starts
  with 0. A number without its area code is refused: the desk serves one city but owners call from
  many, and a call-back must work from any phone.
* service numbers: ``400-123-4567``, ``800-123-4567``.

Accepted input: spaces, dashes, dots and brackets anywhere; full-width digits (Chinese input
methods); a ``+86``/``0086`` prefix (also before an area code without its 0, ``+86 10 …``); an
extension after ``转``, ``ext``, ``x``, ``#``, or a last group of 1-6 digits after a whole landline (``010-12345678-123``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import _

PhoneKind = Literal["mobile", "landline", "service"]

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(r"[48]00\d{7}")
_EXTENSION_MARK = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_ALLOWED = re.compile(r"[\d\s\-.()（）+]*")
_SEPARATORS = re.compile(r"[\s\-.()（）]+")


@dataclass(frozen=True, slots=True)
class Phone:
    """A parsed number; ``str()`` is the canonical form."""

    kind: PhoneKind
    number: str
    """Mobile or service digits, or the local number of a landline."""
    area: str = ""
    extension: str = ""

    def __str__(self) -> str:
        if self.kind == "mobile":
            return self.number
        if self.kind == "service":
            return f"{self.number[:3]}-{self.number[3:6]}-{self.number[6:]}"
        text = f"{self.area}-{self.number}"
        return f"{text}-{self.extension}" if self.extension else text


def _landline(digits: str, extension: str) -> Phone | None:
    if not digits.startswith("0") or len(digits) < 3:
        return None
    if digits[1] in "12":
        if digits[1] == "1" and digits[2] != "0":
            return None
        area, local, lengths = digits[:3], digits[3:], (8,)
    else:
        area, local, lengths = digits[:4], digits[4:], (7, 8)
    if len(local) not in lengths or local[0] == "0":
        return None
    return Phone("landline", local, area, extension)


def _strip_country(digits: str, had_plus: bool) -> str:
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and (had_plus or (len(digits) == 13 and _MOBILE.fullmatch(digits[2:]))):
        digits = digits[2:]
    else:
        return digits
    # After the country code an area code drops its 0 (+86 10 12345678).
    if digits and not _MOBILE.fullmatch(digits) and not _SERVICE.fullmatch(digits) and digits[0] != "0":
        digits = "0" + digits
    return digits


def parse_phone(text: str) -> Phone:
    """The number in ``text``, or InputError on the field ``phone`` saying what is accepted."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        raise InputError("phone", _("enter a phone number"))
    extension = ""
    marked = _EXTENSION_MARK.search(raw)
    if marked:
        extension = marked.group(1)
        raw = raw[: marked.start()].strip()
    if not _ALLOWED.fullmatch(raw) or "+" in raw.lstrip()[1:]:
        raise InputError("phone", _("a phone number has only digits, spaces and dashes"))
    had_plus = raw.startswith("+")
    groups = [g for g in _SEPARATORS.split(raw.lstrip("+")) if g]
    digits = _strip_country("".join(groups), had_plus)
    if not extension:
        if _MOBILE.fullmatch(digits):
            return Phone("mobile", digits)
        if _SERVICE.fullmatch(digits):
            return Phone("service", digits)
        # A last dash-separated group may be an extension (010-12345678-123) when what precedes it
        # is a whole landline; otherwise the groups are just a number written in pieces.
        if len(groups) >= 3 and 1 <= len(groups[-1]) <= 6:
            head = _strip_country("".join(groups[:-1]), had_plus)
            phone = _landline(head, groups[-1])
            if phone is not None:
                return phone
    phone = _landline(digits, extension)
    if phone is not None:
        return phone
    if digits and digits[0] != "0" and len(digits) in (7, 8):
        raise InputError("phone", _("add the area code, e.g. 0755-1234567"))
    if digits.startswith("1"):
        raise InputError("phone", _("a mobile number has 11 digits and starts with 13-19"))
    raise InputError(
        "phone",
        _(
            "not a phone number: a mobile (13812345678), a landline with its area code "
            "(0755-1234567, 010-12345678-123) or a 400/800 number"
        ),
    )


def normalise_phone(text: str) -> str:
    """The canonical form of the number in ``text`` (idempotent), or InputError on ``phone``."""
    return str(parse_phone(text))


def phone_kind(text: str) -> PhoneKind:
    return parse_phone(text).kind
