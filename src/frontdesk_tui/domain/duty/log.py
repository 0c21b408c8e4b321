"""The duty log (值班记录) as a hash chain: append-only and tamper-evident (R-DU-3, R-DU-4).

Each entry's ``hash`` is SHA-256 over a canonical serialisation of its content and the previous
entry's hash (:func:`entry_hash`). :func:`verify_chain` walks the entries in id order (the order of
appends, which the service serialises) and reports the first one where the chain breaks:

* ``edited``: the entry's stored hash no longer matches its content (any column changed, the hash
  columns included);
* ``deleted_before``: the entry is intact but does not follow the one before it: an entry before it
  was deleted (or rewritten together with its hash);
* ``truncated`` / ``signed_head_mismatch``: a signed head — ``(entry_id, hash)`` recorded by the
  assistant's morning check and by each signed handover — is missing or differs, so the newest
  entries were cut off (or the chain was rewritten from some point on).

Nothing is ever edited: a correction is a new entry whose ``corrects_id`` points at the corrected
one (R-LC-3 applies to the log too). Retention (R-DU-4, R-PD-2): a purge removes a prefix of the
chain and keeps the hash (and id) of the last purged entry as the anchor the rest starts from.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.i18n import _, ngettext

#: The anchor of a log that never lost an entry.
GENESIS = "0" * 64

#: The keys :func:`entry_fields` produces; :func:`entry_hash` adds ``prev_hash``.
FIELD_NAMES = ("id", "at", "author_id", "text", "follow_up", "important", "corrects_id")

_HASH = re.compile(r"[0-9a-f]{64}")


def utc_iso(at: datetime) -> str:
    """The canonical text of a time: UTC, ISO 8601, always with microseconds."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("naive datetime in the duty log; attach a time zone")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_fields(
    id: int,
    at: datetime,
    author_id: int,
    text: str,
    follow_up: str,
    important: bool,
    corrects_id: int | None,
) -> dict[str, str]:
    """The entry's content as the strings :func:`entry_hash` covers."""
    return {
        "id": str(id),
        "at": utc_iso(at),
        "author_id": str(author_id),
        "text": text,
        "follow_up": follow_up,
        "important": "1" if important else "0",
        "corrects_id": "" if corrects_id is None else str(corrects_id),
    }


def entry_hash(prev_hash: str, fields: Mapping[str, str]) -> str:
    """SHA-256 (hex) over ``fields`` plus ``prev_hash``: JSON, sorted keys, no escaping, fixed separators.

    JSON quoting makes the serialisation unambiguous (no field can end early or spill into the next)
    and sorted keys make it independent of the order the fields were given in.
    """
    if "prev_hash" in fields:
        raise ValueError("prev_hash is added by entry_hash, not given as a field")
    payload = dict(fields)
    payload["prev_hash"] = prev_hash
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """One duty-log entry as stored: its content, the previous entry's hash and its own hash."""

    id: int
    at: datetime
    author_id: int
    text: str
    follow_up: str
    important: bool
    corrects_id: int | None
    prev_hash: str
    hash: str

    def fields(self) -> dict[str, str]:
        return entry_fields(
            self.id, self.at, self.author_id, self.text, self.follow_up, self.important, self.corrects_id
        )

    def computed_hash(self) -> str:
        return entry_hash(self.prev_hash, self.fields())


def new_entry(
    prev_hash: str,
    *,
    id: int,
    at: datetime,
    author_id: int,
    text: str,
    follow_up: str = "",
    important: bool = False,
    corrects_id: int | None = None,
) -> EntryRecord:
    """R-DU-4: the next entry of the chain, hashed. ``prev_hash`` is the head's hash (or the anchor)."""
    if not _HASH.fullmatch(prev_hash):
        raise ValueError(f"not a SHA-256 hex digest: {prev_hash!r}")
    if not text.strip():
        raise InputError("text", _("say what happened"))
    if corrects_id is not None and corrects_id >= id:
        raise InputError("corrects_id", _("a correction points at an earlier entry"))
    fields = entry_fields(id, at, author_id, text, follow_up, important, corrects_id)
    return EntryRecord(
        id, at, author_id, text, follow_up, important, corrects_id, prev_hash, entry_hash(prev_hash, fields)
    )


_WRITERS = (Role.RECEPTIONIST, Role.DUTY_OFFICER, Role.ASSISTANT, Role.DIRECTOR)
_MANAGERS = (Role.ASSISTANT, Role.DIRECTOR)


def check_can_write(actor: Actor) -> None:
    """R-DU-3: the desk (receptionist, duty officer) and the managers keep the log; staff do not."""
    if actor.role not in _WRITERS:
        raise RuleError("R-RO-1", _("the duty log needs a receptionist, duty officer, assistant or director"))


def check_can_correct(actor: Actor, target: EntryRecord | None, corrects_id: int) -> None:
    """R-LC-3 for the log: a correction points at an existing entry, by its author or a manager."""
    if target is None or target.id != corrects_id:
        raise NotFound("corrects_id", _("no duty-log entry {id}").format(id=corrects_id))
    check_can_write(actor)
    if actor.id != target.author_id and actor.role not in _MANAGERS:
        raise RuleError("R-LC-3", _("only the entry's author, an assistant or a director may correct it"))


def check_can_sign_log(actor: Actor) -> None:
    """R-DU-4: the assistant (or the director) checks and signs the log every working morning."""
    if actor.role not in _MANAGERS:
        raise RuleError("R-RO-1", _("signing the duty log needs an assistant or director"))


class BreakReason(StrEnum):
    EDITED = "edited"
    DELETED_BEFORE = "deleted_before"
    TRUNCATED = "truncated"
    SIGNED_HEAD_MISMATCH = "signed_head_mismatch"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What :func:`verify_chain` found. ``broken_id`` is the first broken entry's id (``None`` if ok)."""

    ok: bool
    checked: int
    head_id: int | None
    """The newest entry's id (``None`` for an empty log)."""
    head_hash: str
    """The newest entry's hash, or the anchor for an empty log: what a signature records."""
    broken_id: int | None = None
    reason: BreakReason | None = None
    signed_head_id: int | None = None
    """For ``truncated``/``signed_head_mismatch``: the signed head that caught it."""

    def describe(self) -> str:
        """One translated line for ``duty verify`` and the app's status line."""
        if self.ok:
            return ngettext("duty log intact: {n} entry", "duty log intact: {n} entries", self.checked).format(n=self.checked)
        messages = {
            BreakReason.EDITED: _("duty log entry {id} was changed after it was written"),
            BreakReason.DELETED_BEFORE: _(
                "duty log broken at entry {id}: an entry before it was deleted or rewritten"
            ),
            BreakReason.TRUNCATED: _(
                "duty log entry {id} was signed but is gone: the newest entries were cut off"
            ),
            BreakReason.SIGNED_HEAD_MISMATCH: _(
                "duty log entry {id} differs from what was signed: the log was rewritten"
            ),
        }
        assert self.reason is not None
        return messages[self.reason].format(id=self.broken_id)


def verify_chain(
    entries: Sequence[EntryRecord],
    anchor: str = GENESIS,
    signed_heads: Sequence[tuple[int, str]] = (),
    anchor_id: int = 0,
) -> VerifyResult:
    """R-DU-4: check the chain; report the first broken entry (the smallest id among the findings).

    ``entries`` in id order, as stored. ``anchor`` is the hash the oldest kept entry follows
    (:data:`GENESIS`, or the anchor a purge kept), ``anchor_id`` the id of the last purged entry:
    signed heads at or below it were purged legitimately and are not looked for.
    """
    findings: list[tuple[int, BreakReason, int | None]] = []
    prev = anchor
    for entry in entries:
        if entry.computed_hash() != entry.hash:
            findings.append((entry.id, BreakReason.EDITED, None))
            break
        if entry.prev_hash != prev:
            findings.append((entry.id, BreakReason.DELETED_BEFORE, None))
            break
        prev = entry.hash
    by_id = {entry.id: entry for entry in entries}
    for head_id, head_hash in signed_heads:
        if head_id <= anchor_id:
            continue
        found = by_id.get(head_id)
        if found is None:
            findings.append((head_id, BreakReason.TRUNCATED, head_id))
        elif found.hash != head_hash:
            findings.append((head_id, BreakReason.SIGNED_HEAD_MISMATCH, head_id))
    head = entries[-1] if entries else None
    result = VerifyResult(
        ok=not findings,
        checked=len(entries),
        head_id=head.id if head else None,
        head_hash=head.hash if head else anchor,
    )
    if findings:
        broken_id, reason, signed = min(findings, key=lambda f: f[0])
        return VerifyResult(
            False, result.checked, result.head_id, result.head_hash, broken_id, reason, signed
        )
    return result


class PurgePlan(NamedTuple):
    """The entries a purge removes (oldest first) and the anchor hash of what remains."""

    ids: list[int]
    anchor_hash: str


def retention_cutoff(now: datetime, years: int = 3) -> datetime:
    """R-DU-4, R-PD-2: entries older than this (``years`` before ``now``; 29 Feb → 28 Feb) may go."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def purge_plan(entries: Sequence[EntryRecord], before: datetime, anchor: str = GENESIS) -> PurgePlan:
    """R-DU-4, R-PD-2: the oldest entries written before ``before``, as a prefix of the chain.

    The purge stops at the first entry at or after ``before``, so the kept entries still form one
    chain from the new anchor (the hash of the last purged entry). A chain that does not verify is
    not purged: that would destroy the evidence (RuleError R-DU-4).
    """
    check = verify_chain(entries, anchor)
    if not check.ok:
        raise RuleError(
            "R-DU-4",
            _("the duty log does not verify; it cannot be purged: {problem}").format(
                problem=check.describe()
            ),
        )
    ids: list[int] = []
    new_anchor = anchor
    for entry in entries:
        if entry.at >= before:
            break
        ids.append(entry.id)
        new_anchor = entry.hash
    return PurgePlan(ids, new_anchor)
