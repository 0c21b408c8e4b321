"""The codes of docs/DOMAIN.md, used in commands, JSON and the database.

They are stored as their code strings (``StrEnum`` values), never as enum member names, so a row
reads the same in SQLite, PostgreSQL, JSON and on the command line.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    RECEPTIONIST = "receptionist"
    DUTY_OFFICER = "duty_officer"
    STAFF = "staff"
    ASSISTANT = "assistant"
    DIRECTOR = "director"


class Channel(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    ONLINE = "online"
    LETTER = "letter"
    STAFF = "staff"


class Via(StrEnum):
    """R-IN-1a: which way an online complaint came, or that a call came on the 24-hour hotline.

    Stored in ``ticket.channel_detail``; empty is the plain channel (every ticket recorded before
    migration 0012, and a call or an online complaint whose way was not noted)."""

    WEBSITE = "website"
    APP = "app"
    WECHAT = "wechat"  # 微信公众号
    EMAIL = "email"
    HOTLINE = "hotline"  # phone only


#: R-IN-1a: the details each channel may carry (the others carry none).
CHANNEL_DETAILS: dict[Channel, tuple[Via, ...]] = {
    Channel.ONLINE: (Via.WEBSITE, Via.APP, Via.WECHAT, Via.EMAIL),
    Channel.PHONE: (Via.HOTLINE,),
}


def channel_detail_code(channel: str, detail: str = "") -> str:
    """The code the monthly figures count by: ``phone``, ``phone/hotline``, ``online/wechat`` …"""
    return f"{channel}/{detail}" if detail else channel


def channel_detail_codes() -> list[str]:
    """Every channel with each of its details after it, in the order of :class:`Channel` (R-IN-1a)."""
    codes: list[str] = []
    for channel in Channel:
        codes.append(channel.value)
        codes.extend(channel_detail_code(channel.value, via.value) for via in CHANNEL_DETAILS.get(channel, ()))
    return codes


class Category(StrEnum):
    ENGINEERING = "engineering"
    SANITATION = "sanitation"
    SECURITY = "security"
    SERVICE = "service"
    OTHER = "other"


class Complexity(StrEnum):
    SIMPLE = "simple"
    MODERATE = "moderate"
    COMPLEX = "complex"


class Severity(StrEnum):
    MINOR = "minor"
    IMPORTANT = "important"
    MAJOR = "major"


class Status(StrEnum):
    RECEIVED = "received"
    ASSESSED = "assessed"
    ASSIGNED = "assigned"
    INVESTIGATING = "investigating"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    RESULT_REPORTED = "result_reported"
    CLOSED = "closed"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"
    INVALID = "invalid"


#: "Open" means received … result_reported (docs/DOMAIN.md, lifecycle).
OPEN_STATUSES: tuple[Status, ...] = (
    Status.RECEIVED,
    Status.ASSESSED,
    Status.ASSIGNED,
    Status.INVESTIGATING,
    Status.PLANNED,
    Status.IN_PROGRESS,
    Status.RESULT_REPORTED,
)
END_STATUSES: tuple[Status, ...] = (Status.ANSWERED, Status.WITHDRAWN, Status.INVALID)


class Action(StrEnum):
    """The action words ``ticket act ID ACTION`` takes (docs/DOMAIN.md lifecycle table)."""

    ANSWER = "answer"
    ASSESS = "assess"
    ASSIGN = "assign"
    INVESTIGATE = "investigate"
    PLAN = "plan"
    START = "start"
    REPORT = "report"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    CLOSE_UNREACHABLE = "close-unreachable"
    FOLLOW_UP = "follow-up"
    WITHDRAW = "withdraw"
    INVALIDATE = "invalidate"
    ESCALATE = "escalate"
    CONTACT = "contact"
    NOTE = "note"
    REASSIGN = "reassign"
    EXTEND = "extend"
    PAUSE = "pause"
    RESUME = "resume"
    ON_SITE = "on-site"
    UNDER_CONTROL = "under-control"
    REVISE_EXPECTED = "revise-expected"
    SUMMARY = "summary"
    CORRECT = "correct"


class Satisfaction(StrEnum):
    """R-LC-5: the 4-point follow-up scale."""

    VERY_SATISFIED = "very_satisfied"  # 非常满意
    SATISFIED = "satisfied"  # 满意
    FAIR = "fair"  # 一般
    DISSATISFIED = "dissatisfied"  # 不满意


class ViolationKind(StrEnum):
    RENOVATION = "renovation"
    FIRE = "fire"
    SANITATION = "sanitation"
    ORDER = "order"
    FEE = "fee"
    HARM = "harm"


class ViolationClass(StrEnum):
    GENERAL = "general"
    MAJOR = "major"


class Measure(StrEnum):
    """R-VI-3, mildest first; ``suspension`` is always refused."""

    PERSUASION = "persuasion"
    RECTIFICATION = "rectification"
    COMPENSATION = "compensation"
    CRITICISM = "criticism"
    LITIGATION = "litigation"
    SUSPENSION = "suspension"


#: R-IN-5: default department by category (department codes, see DEPARTMENTS).
DEFAULT_DEPARTMENT: dict[Category, str] = {
    Category.ENGINEERING: "engineering",
    Category.SANITATION: "sanitation",
    Category.SECURITY: "security",
    Category.SERVICE: "property",
    Category.OTHER: "service_centre",
}

#: The departments of docs/DOMAIN.md: code -> Chinese name.
DEPARTMENTS: dict[str, str] = {
    "engineering": "工程维修部",
    "sanitation": "保洁绿化部",
    "security": "保安部",
    "property": "物业部",
    "service_centre": "客户服务中心",
}
