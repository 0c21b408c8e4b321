"""The screens the shell knows: their key, title and command-palette entry.

A later screen joins with one ``register(...)`` line at the bottom of this module. Screens with
``keep=True`` are created once and kept while the app runs (their state, a half-typed form or a
scrolled list, survives switching away and a lock); others are made new each time.
The ticket screen (opened with a ticket id when a list posts ``TicketSelected``) is named by
``TICKET_SCREEN``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.screen import Screen

from frontdesk_tui.i18n import N_


@dataclass(frozen=True)
class ScreenSpec:
    name: str
    """Installed-screen name and palette id, kebab-case."""
    title: str
    """English msgid of the title (translated at use)."""
    help: str
    """English msgid of the one-line palette help."""
    target: str
    """``module:Class`` of the screen, imported on first use."""
    key: str | None = None
    """Key that opens it from anywhere once signed in (``f2``)."""
    keep: bool = True
    keywords: str = ""
    """More English words the palette finds it by (``board overdue``); the title is always one."""

    def screen_class(self) -> type[Screen]:
        module, _sep, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls)


_SCREENS: dict[str, ScreenSpec] = {}

#: ``module:Class`` of the ticket screen, constructed as ``Class(ticket_id)`` (None: the app only notifies).
TICKET_SCREEN: str | None = "frontdesk_tui.ui.screens.tickets.detail:TicketDetailScreen"

#: ``module:function`` that opens a ticket action's form from any screen:
#: ``function(app, ticket_id, action, done, prefill=None)`` (the board's assign, reassign …).
TICKET_ACTION: str = "frontdesk_tui.ui.screens.tickets.action_form:start_action"

#: What opens each kind of record an inbox item or a board row points at: a registered screen's
#: name (``screen:NAME``), or ``module:Class`` constructed with the record's id.
RECORD_SCREENS: dict[str, str] = {
    "ticket": "frontdesk_tui.ui.screens.tickets.detail:TicketDetailScreen",
    "violation": "frontdesk_tui.ui.screens.violations.detail:ViolationDetailScreen",
    "duty_log": "screen:duty-log",
    "roster": "screen:roster",
    "handover": "screen:handover",
}

#: The key of the inbox (the header's "Inbox N"), shown first in the footer of every screen.
INBOX_KEY = "f10"

#: The screen shown after the first sign-in.
HOME = "queue"


def register(spec: ScreenSpec) -> None:
    _SCREENS[spec.name] = spec


def screens() -> list[ScreenSpec]:
    return list(_SCREENS.values())


def get(name: str) -> ScreenSpec:
    return _SCREENS[name]


def _resolve(target: str):
    module, _sep, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def ticket_action():
    """The function that opens a ticket action's form (see ``TICKET_ACTION``)."""
    return _resolve(TICKET_ACTION)


def record_target(ref_kind: str) -> tuple[str | None, type[Screen] | None]:
    """(registered screen name, or screen class taking the id) for a kind of record; (None, None)
    when nothing opens it."""
    target = RECORD_SCREENS.get(ref_kind)
    if target is None:
        return None, None
    if target.startswith("screen:"):
        return target.removeprefix("screen:"), None
    return None, _resolve(target)


def ticket_screen_class() -> type[Screen] | None:
    if TICKET_SCREEN is None:
        return None
    module, _sep, cls = TICKET_SCREEN.partition(":")
    return getattr(importlib.import_module(module), cls)


register(
    ScreenSpec(
        "queue",
        N_("Ticket queue"),
        N_("Open tickets: filter, search, open one"),
        "frontdesk_tui.ui.screens.tickets.queue:QueueScreen",
        key="f2",
    )
)
register(
    ScreenSpec(
        "intake",
        N_("New complaint"),
        N_("Take a complaint: owner lookup, read-back, receipt (F9 for an emergency)"),
        "frontdesk_tui.ui.screens.tickets.intake:IntakeScreen",
        key="f3",
    )
)
register(
    ScreenSpec(
        "follow-ups",
        N_("Follow-up calls"),
        N_("Closed tickets due for their follow-up call (回访), oldest first"),
        "frontdesk_tui.ui.screens.tickets.followups:FollowUpsScreen",
        key="f4",
    )
)
register(
    ScreenSpec(
        "violations",
        N_("Violation register"),
        N_("Owners' rule violations: filter by kind, class, status, unit, month; record one; open one"),
        "frontdesk_tui.ui.screens.violations.register:ViolationRegisterScreen",
        key="f7",
    )
)
register(
    ScreenSpec(
        "violation-new",
        N_("Record a violation"),
        N_("The register's record form: violator, unit, time, kind, facts, class"),
        "frontdesk_tui.ui.screens.violations.form:ViolationFormScreen",
    )
)
register(
    ScreenSpec(
        "violation-signoff",
        N_("Violation sign-off"),
        N_("Measures waiting for the director's signature, oldest first"),
        "frontdesk_tui.ui.screens.violations.signoff:ViolationSignoffScreen",
        key="f8",
    )
)
register(
    ScreenSpec(
        "duty-log",
        N_("Duty log"),
        N_("Night duty: write, correct and check the duty log (值班记录)"),
        "frontdesk_tui.ui.screens.duty.log:DutyLogScreen",
        key="f5",
    )
)
register(
    ScreenSpec(
        "handover",
        N_("Shift handover"),
        N_("The 08:30 / 17:30 handover checklist, signed by both officers (交接班)"),
        "frontdesk_tui.ui.screens.duty.handover:HandoverScreen",
        key="f12",
    )
)
register(
    ScreenSpec(
        "roster",
        N_("Duty roster"),
        N_("The month's duty roster (值班安排表) and who is on duty now and next"),
        "frontdesk_tui.ui.screens.duty.roster:RosterScreen",
    )
)
register(
    ScreenSpec(
        "supervision",
        N_("Supervision"),
        N_("Everything that needs a supervisor, oldest first: overdue, escalated, upgraded, due (督办)"),
        "frontdesk_tui.ui.screens.supervision.board:SupervisionBoardScreen",
        key="f6",
        keywords="board overdue escalated supervisor 督办",
    )
)
register(
    ScreenSpec(
        "inbox",
        N_("Inbox"),
        N_("Your inbox: escalations, due work and reminders, unread first"),
        "frontdesk_tui.ui.screens.supervision.inbox:InboxScreen",
        key=INBOX_KEY,
        keywords="inbox messages notices unread 收件箱",
    )
)
register(
    ScreenSpec(
        "statistics",
        N_("Statistics and monthly report"),
        N_("The month's figures, assessment, overdue list and charts (统计); export to XLSX or CSV"),
        "frontdesk_tui.ui.screens.supervision.statistics:StatisticsScreen",
        key="f11",
        keywords="statistics report monthly charts export assessment 统计 月报 图表 导出 考核",
    )
)
