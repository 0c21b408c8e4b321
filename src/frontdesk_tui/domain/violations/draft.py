"""R-VI-6: the register's record form, checked before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from frontdesk_tui.domain.codes import ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.violations.ladder import check_text
from frontdesk_tui.i18n import _


@dataclass(frozen=True, slots=True)
class ViolationDraft:
    """The fields of 客户违章记录表 filled in at recording (R-VI-6); measures come later."""

    violator: str
    unit: str
    at: datetime | None
    kind: ViolationKind | str
    facts: str
    recorder_id: int
    recorder_name: str
    suggested_class: ViolationClass | str
    confirmed_class: ViolationClass | str | None
    attachments: tuple[str, ...] = ()


MAX_ATTACHMENTS = 20


def validate_draft(draft: ViolationDraft, now: datetime) -> list[InputError]:
    """Every problem of ``draft`` (empty when it may be saved). Attachments are checked as path
    strings only: whether the files exist is the service's concern."""
    errors: list[InputError] = []

    def text(field: str, value: str, max_len: int, multiline: bool = False) -> None:
        reason = check_text(value, max_len=max_len, multiline=multiline)
        if reason:
            errors.append(InputError(field, reason))

    text("violator", draft.violator, 50)
    text("unit", draft.unit, 40)
    if draft.at is None:
        errors.append(InputError("at", _("required")))
    elif draft.at.tzinfo is None:
        errors.append(InputError("at", _("needs a time zone")))
    elif draft.at > now:
        errors.append(InputError("at", _("cannot be in the future")))
    try:
        ViolationKind(draft.kind)
    except ValueError:
        errors.append(
            InputError("kind", _("one of {codes}").format(codes=", ".join(k.value for k in ViolationKind)))
        )
    text("facts", draft.facts, 2000, multiline=True)
    if not isinstance(draft.recorder_id, int) or draft.recorder_id <= 0:
        errors.append(InputError("recorder", _("the recorder must sign the facts")))
    else:
        text("recorder", draft.recorder_name, 50)
    for field, value in (
        ("suggested_class", draft.suggested_class),
        ("confirmed_class", draft.confirmed_class),
    ):
        try:
            ViolationClass(value)
        except ValueError:
            errors.append(InputError(field, _("confirm the class: general or major")))
    if len(draft.attachments) > MAX_ATTACHMENTS:
        errors.append(InputError("attachments", _("at most {n} attachments").format(n=MAX_ATTACHMENTS)))
    seen: set[str] = set()
    for path in draft.attachments:
        reason = check_text(path, max_len=500, multiline=False)
        if reason is None and re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", path):
            reason = _("a file path, not a web address")
        if reason is None and path in seen:
            reason = _("listed twice")
        if reason:
            errors.append(InputError("attachments", f"{path!r}: {reason}"))
        seen.add(path)
    return errors
