"""Complaint intake (受理): the record of R-IN-2 and the checks before it is saved (R-IN-1…10, R-EM-1).

The service calls :func:`clean_draft`, then :func:`check_draft` (or the form shows everything
:func:`validate_draft` and :func:`draft_warnings` return), checks that the unit or public area exists,
runs :func:`duplicate_decision` on the tickets it finds for the unit and category, and saves.

Decisions (design):

* R-IN-2's extra fields (equipment and symptom for engineering, the staff involved for service) are
  *warnings*, not errors: an owner often cannot name the staff member ("the guard at the north
  gate") or the equipment, and the desk must still be able to record the complaint at once. The
  form shows them as recommended; saving is not blocked.
* The owner's name and a way to reach them (phone, or ``contact`` such as an e-mail or WeChat id)
  are required except for tickets staff find themselves (channel ``staff``) and emergencies, where a
  passer-by may report and hang up (R-EM-1): then only :func:`emergency_minimum_fields` are needed.
* ``unit`` is always required: a unit label (``3-2-1201``, also ``3栋2单元1201``) or the name of a
  public area. Whether it exists is the service's check; here only its shape is read.
* ``received_at`` ``None`` means "now" (the service fills it); a time in the future is refused
  (R-DL-3a), and ``happened_at`` may not be after the complaint was received.
* An emergency is recorded as assessed and assigned in the same step (R-EM-1) with
  :func:`emergency_assessment`: severity ``important`` unless the desk chose one (an emergency is
  never a "slight inconvenience", R-SV-3; the assistant may raise it), complexity as given or
  ``simple``, and the department the category defaults to (the response team).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta

from frontdesk_tui.domain.codes import (
    CHANNEL_DETAILS,
    DEFAULT_DEPARTMENT,
    Category,
    Channel,
    Complexity,
    Severity,
    Status,
    Via,
)
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.domain.phones import normalise_phone
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import N_, _

#: Length limits (characters, after cleaning); every other text field is limited to OTHER_TEXT_LIMIT.
TEXT_LIMITS: dict[str, int] = {"owner_name": 40, "description": 2000, "request": 1000}
OTHER_TEXT_LIMIT = 200

#: Fields that may hold several lines; the others are one line.
MULTILINE_FIELDS = ("description", "request")
TEXT_FIELDS = (
    "owner_name",
    "phone",
    "unit",
    "place",
    "against",
    "description",
    "request",
    "contact",
    "equipment",
    "symptom",
    "staff",
)


@dataclass
class ComplaintDraft:
    """Every field of R-IN-2 as the desk fills it in; codes may be given as their strings."""

    owner_name: str = ""
    phone: str = ""
    unit: str = ""
    """A unit label ``3-2-1201`` (楼栋-单元-房号) or the name of a public area."""
    received_at: datetime | None = None
    """When the complaint was received (aware); ``None``: now."""
    channel: Channel | str = ""
    channel_detail: Via | str = ""
    """R-IN-1a: online — website, app, wechat or email; phone — hotline; empty: the plain channel."""
    category: Category | str = ""
    happened_at: datetime | None = None
    place: str = ""
    """Where it happened, when that is not simply the unit."""
    against: str = ""
    """The person or department complained about."""
    description: str = ""
    request: str = ""
    """What the owner asks for (诉求)."""
    contact: str = ""
    """How else to reach the owner (e-mail, WeChat, "evenings only" …)."""
    equipment: str = ""
    """Engineering: the equipment and its location."""
    symptom: str = ""
    """Engineering: what is wrong with it."""
    staff: str = ""
    """Service quality: the staff involved."""
    complexity: Complexity | str | None = None
    emergency: bool = False
    department: str | None = None
    """The department it goes to; ``None``: the category's default (R-IN-5)."""
    read_back_confirmed: bool = False
    """R-IN-3: the desk read the record back and the owner confirmed it."""


# --- units ----------------------------------------------------------------------------------------

_PART = r"([A-Za-z0-9]{1,20})"
_UNIT_DASHED = re.compile(rf"{_PART}\s*[-/—–]\s*{_PART}\s*[-/—–]\s*{_PART}")
_UNIT_CHINESE = re.compile(rf"{_PART}\s*(?:号楼|栋|幢|座)\s*{_PART}\s*单元\s*{_PART}\s*(?:室|号)?")


def parse_unit(text: str) -> tuple[str, str, str] | None:
    """(building, entrance, room) when ``text`` is shaped like a unit (``3-2-1201``, ``A-1-101``,
    ``3栋2单元1201室``), else None: then it is the name of a public area."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    match = _UNIT_DASHED.fullmatch(value) or _UNIT_CHINESE.fullmatch(value)
    if match is None:
        return None
    building, entrance, room = match.groups()
    return building.upper(), entrance.upper(), room.upper()


def unit_label(parts: tuple[str, str, str]) -> str:
    """The label units are stored and searched by: ``3-2-1201``."""
    return "-".join(parts)


# --- defaults -------------------------------------------------------------------------------------


def default_department(category: Category | str) -> str:
    """R-IN-5: the department a category goes to unless the assigner changes it."""
    try:
        return DEFAULT_DEPARTMENT[Category(category)]
    except ValueError:
        raise InputError("category", _one_of(Category)) from None


def emergency_minimum_fields() -> tuple[str, ...]:
    """R-EM-1: all an emergency needs before the plan starts; the rest can follow on the timeline."""
    return ("channel", "category", "unit", "description")


def intake_status(draft: ComplaintDraft) -> Status:
    """The status a new ticket starts in: an emergency is assessed and assigned at once (R-EM-1)."""
    return Status.ASSIGNED if draft.emergency else Status.RECEIVED


def emergency_assessment(draft: ComplaintDraft) -> dict[str, str]:
    """The ``assess`` and ``assign`` fields the emergency path records in the same step (R-EM-1)."""
    return {
        "complexity": str(Complexity(draft.complexity) if draft.complexity else Complexity.SIMPLE),
        "severity": str(Severity.IMPORTANT),
        "department": draft.department or default_department(draft.category),
    }


# --- cleaning and validation ----------------------------------------------------------------------


def _one_of(codes: type[Channel] | type[Category] | type[Complexity]) -> str:
    return _("one of: {codes}").format(codes=", ".join(c.value for c in codes))


def clean_draft(draft: ComplaintDraft) -> ComplaintDraft:
    """A copy with every text cleaned (:mod:`.text`), the phone in canonical form when it is one
    and a unit label written the canonical way; codes stay as given (validation reports them)."""
    changes: dict[str, object] = {}
    for name in TEXT_FIELDS:
        value = getattr(draft, name) or ""
        changes[name] = clean_text(value) if name in MULTILINE_FIELDS else clean_line(value)
    if draft.department is not None:
        changes["department"] = clean_line(draft.department) or None
    phone = str(changes["phone"])
    if phone:
        with contextlib.suppress(InputError):  # validation reports it
            changes["phone"] = normalise_phone(phone)
    parts = parse_unit(str(changes["unit"]))
    if parts is not None:
        changes["unit"] = unit_label(parts)
    return replace(draft, **changes)  # type: ignore[arg-type]


def _code_error(
    value: object, codes: type[Channel] | type[Category] | type[Complexity], name: str
) -> InputError | None:
    try:
        codes(value)
    except ValueError:
        return InputError(name, _one_of(codes))
    return None


def channel_detail_error(channel: object, detail: object) -> InputError | None:
    """R-IN-1a: the detail must be one its channel carries (``--via`` only online, the hotline only
    for a call); an empty detail is always right, and an unknown channel is the channel's error."""
    if not detail:
        return None
    try:
        allowed = CHANNEL_DETAILS.get(Channel(channel), ())
    except ValueError:
        return None
    try:
        via = Via(detail)
    except ValueError:
        via = None
    if via in allowed:
        return None
    if not allowed:
        return InputError(
            "channel_detail", _("the {channel} channel has no detail (R-IN-1a)").format(channel=channel)
        )
    return InputError(
        "channel_detail",
        _("the {channel} channel's detail is one of: {codes} (R-IN-1a)").format(
            channel=channel, codes=", ".join(v.value for v in allowed)
        ),
    )


def validate_draft(draft: ComplaintDraft, now: datetime) -> list[InputError]:
    """Every field error of ``draft`` at once, in form order (the form shows each next to its field)."""
    errors: list[InputError] = []
    add = errors.append
    needs_owner = draft.channel != Channel.STAFF and not draft.emergency

    if needs_owner and not draft.owner_name.strip():
        add(InputError("owner_name", _("enter the owner's name (a surname such as 王先生 will do)")))
    if draft.phone.strip():
        try:
            normalise_phone(draft.phone)
        except InputError as bad:
            add(bad)
    elif needs_owner and not draft.contact.strip():
        add(InputError("phone", _("enter a phone number or another way to reach the owner")))
    if not draft.unit.strip():
        add(InputError("unit", _("enter the unit (e.g. 3-2-1201) or the public area")))

    if draft.received_at is not None:
        if draft.received_at.tzinfo is None:
            add(InputError("received_at", _("give the time with its time zone")))
        elif draft.received_at > now:
            add(InputError("received_at", _("the time received cannot be in the future")))
    for bad_code in (
        _code_error(draft.channel, Channel, "channel"),
        _code_error(draft.category, Category, "category"),
        _code_error(draft.complexity, Complexity, "complexity") if draft.complexity else None,
    ):
        if bad_code is not None:
            add(bad_code)
    detail_error = channel_detail_error(draft.channel, draft.channel_detail)
    if detail_error is not None:
        add(detail_error)
    if draft.happened_at is not None:
        if draft.happened_at.tzinfo is None:
            add(InputError("happened_at", _("give the time with its time zone")))
        elif draft.received_at is None or draft.received_at.tzinfo is not None:
            latest = draft.received_at if draft.received_at is not None else now
            if draft.happened_at > latest:
                add(InputError("happened_at", _("it cannot have happened after the complaint was received")))

    if not draft.description.strip():
        add(InputError("description", _("describe what happened")))
    for name in TEXT_FIELDS:
        limit = TEXT_LIMITS.get(name, OTHER_TEXT_LIMIT)
        if len(getattr(draft, name) or "") > limit:
            add(InputError(name, _("at most {limit} characters").format(limit=limit)))
    if draft.department is not None and len(draft.department) > OTHER_TEXT_LIMIT:
        add(InputError("department", _("at most {limit} characters").format(limit=OTHER_TEXT_LIMIT)))
    return errors


def draft_warnings(draft: ComplaintDraft) -> list[InputError]:
    """R-IN-2's recommended fields that are empty: shown, never blocking (see the module's notes)."""
    warnings: list[InputError] = []
    if draft.category == Category.ENGINEERING and not draft.emergency:
        if not draft.equipment.strip():
            warnings.append(InputError("equipment", _("recommended: the equipment and where it is")))
        if not draft.symptom.strip():
            warnings.append(InputError("symptom", _("recommended: what is wrong with it")))
    if draft.category == Category.SERVICE and not draft.staff.strip():
        warnings.append(InputError("staff", _("recommended: the staff involved")))
    return warnings


def check_draft(draft: ComplaintDraft, now: datetime) -> None:
    """The first field error as InputError; then RuleError R-IN-3 unless the read-back was confirmed."""
    errors = validate_draft(draft, now)
    if errors:
        raise errors[0]
    if not draft.read_back_confirmed:
        raise RuleError("R-IN-3", _("Read the record back to the owner and record their confirmation first."))


def draft_field_names() -> tuple[str, ...]:
    """The names of the draft's fields (the form's ids and the JSON keys)."""
    return tuple(f.name for f in fields(ComplaintDraft))


# --- R-IN-7: same unit, same category -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DuplicateDecision:
    """What intake does about earlier tickets of the same unit and category (R-IN-7)."""

    open_ticket_ids: tuple[int, ...]
    """Open tickets of the same unit and category, most recently received first."""
    recurrence_of: int | None
    """A ticket of the same unit and category closed within the window: link the new one to it."""

    @property
    def warn(self) -> bool:
        """Intake warns and offers to attach the raise instead of opening a duplicate."""
        return bool(self.open_ticket_ids)

    @property
    def attach_to(self) -> int | None:
        return self.open_ticket_ids[0] if self.open_ticket_ids else None

    def warning(self) -> str:
        if self.attach_to is None:
            return ""
        return _("Ticket {id} of the same unit and category is still open: attach this raise to it?").format(
            id=self.attach_to
        )


def duplicate_decision(
    open_tickets: Sequence[tuple[int, datetime]],
    closed_tickets: Sequence[tuple[int, datetime]],
    received_at: datetime,
    *,
    recurrence_days: int = 30,
) -> DuplicateDecision:
    """R-IN-7 from plain values: ``open_tickets`` as (id, received_at) and ``closed_tickets`` as
    (id, closed_at), both of the new complaint's unit and category. A ticket closed at most
    ``recurrence_days`` before ``received_at`` (or after it, for a complaint recorded late) is a
    recurrence; the most recently closed one is linked."""
    newest_open = sorted(open_tickets, key=lambda t: (t[1], t[0]), reverse=True)
    window = timedelta(days=recurrence_days)
    recent = [t for t in closed_tickets if received_at - t[1] <= window]
    recurrence = max(recent, key=lambda t: (t[1], t[0]))[0] if recent else None
    return DuplicateDecision(tuple(t[0] for t in newest_open), recurrence)


# --- R-IN-9, R-IN-10: what the desk says -----------------------------------------------------------

#: 004 §4.2: the twelve-character principle; the desk never argues (严禁辩论、争吵).
TWELVE_CHARACTERS = "礼貌、乐观、热情、友善、耐心、平等"

#: R-IN-9: the standard phrases of 001 and 004 §4.4.1, as (situation msgid, phrase spoken to the owner).
#: The seeds' wording (001 标准1-2), in plain modern form; ×× is filled in by the desk. The phone
#: greeting and the apology sentence are ours: the seeds only say to use polite standard words and to
#: apologise first on behalf of the department complained about.
STANDARD_PHRASES: list[tuple[str, str]] = [
    (N_("Greeting (phone answered within three rings)"), "您好，××物业服务中心，请问有什么可以帮您？"),
    (N_("Greeting an upset owner"), "先生/小姐您好，我们理解您的心情，请用理性的方式处理事情。"),
    (
        N_("Apology on behalf of the department complained about"),
        "非常抱歉，我代表××部向您致歉，我们会马上整改。",
    ),
    (
        N_("Matter beyond the desk (phone)"),
        "您好，关于您提出的问题，我不是很了解，请我们服务中心主任跟您沟通可以吗？",
    ),
    (
        N_("Offering the supervisor (service moves up)"),
        "马上安排我们的主任与您沟通，共同想办法妥善处理您的要求。",
    ),
    (N_("Calling the supervisor, in front of the owner"), "××经理，请速到××来，这里有客户需要您协助帮忙。"),
    (N_("Telling the owner the supervisor is coming"), "请您稍等一下，我们的经理马上过来。"),
    (
        N_("Hand-over to the supervisor"),
        "您好，这是我们的××经理。关于您的事情，请我的上司跟您沟通，解决您的疑问。",
    ),
]

#: The placeholder of the phone greeting that stands for the service centre's name.
CENTRE_PLACEHOLDER = "××物业服务中心"


def standard_phrases(site_name: str) -> list[tuple[str, str]]:
    """R-IN-9: the standard phrases with the service centre's own name in the greeting (issue 13);
    the other ×× (a department, a manager, a place) depend on the moment and stay for the desk."""
    name = site_name.strip() or CENTRE_PLACEHOLDER
    return [(situation, phrase.replace(CENTRE_PLACEHOLDER, name)) for situation, phrase in STANDARD_PHRASES]


#: R-IN-10: what the owner leaves with; filled by :func:`receipt_phrase`.
RECEIPT_PHRASE = "您的投诉编号是 {number}，我们预计在 {due} 前处理完毕，届时会与您联系。"


def receipt_phrase(number: int | str, due: str) -> str:
    """R-IN-10: the sentence read to the owner with the ticket number and the expected time."""
    return RECEIPT_PHRASE.format(number=number, due=due)
