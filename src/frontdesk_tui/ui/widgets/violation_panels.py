"""What the violation detail shows, as Rich renderables built from a
:class:`~frontdesk_tui.services.violations.ViolationView`: the record (客户违章记录表, R-VI-6), the next
steps for this operator with the refused measures and the rule's reason, the measure history, the
recorded facts and the history. Owner-typed text is always literal ``Text``."""

from __future__ import annotations

from datetime import tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Measure
from frontdesk_tui.i18n import N_, _
from frontdesk_tui.services.violations import MeasureView, ViolationView
from frontdesk_tui.ui.widgets import violation_cells as vc
from frontdesk_tui.ui.widgets.queue_cells import Palette, styled

#: The detail's keys for its next steps, in the order the panel lists them.
STEP_KEYS = (
    ("p", "propose"),
    ("f", "fact"),
    ("s", "sign"),
    ("d", "decline"),
    ("c", "complete"),
    ("u", "follow_up"),
    ("x", "close"),
    ("k", "reclassify"),
)


def heading(title: str) -> Text:
    return Text(title, style="bold underline")


def title_line(view: ViolationView, palette: Palette) -> Text:
    text = Text()
    text.append(_("Violation {id}").format(id=view.id), style="bold")
    text.append("  ")
    text.append_text(vc.status_cell(view.status, palette, short=False))
    text.append(" · " + vc.kind_label(view.kind) + " · ")
    text.append(vc.class_label(view.confirmed_class), style=palette.warning if view.confirmed_class == "major" else "")
    return text


def record(view: ViolationView, tz: tzinfo, actor: Actor | None) -> RenderableType:
    """The register's fields (R-VI-6): violator and unit, time, kind, class (suggested and confirmed),
    facts signed by the recorder, attachments, retention."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()

    def row(label: str, value: Text | str) -> None:
        grid.add_row(Text(label), value if isinstance(value, Text) else Text(value))

    row(_("Violator"), vc.shown_text(view.violator, actor, one_line=True))
    row(_("Unit"), Text(view.unit))
    row(_("Time"), vc.when(view.at, tz))
    row(_("Kind"), vc.kind_label(view.kind))
    cls = vc.class_label(view.confirmed_class)
    if view.suggested_class != view.confirmed_class:
        cls += "  " + _("(suggested: {cls})").format(cls=vc.class_label(view.suggested_class))
    row(_("Class"), cls)
    row(_("Recorder"), _("{name}, {time}").format(name=view.recorder, time=vc.when(view.recorded_at, tz)))
    if view.attachments:
        row(_("Attachments"), Text("\n".join(vc.shown_text(a, actor, one_line=True) for a in view.attachments)))
    if view.followed_up_at is not None:
        row(_("Followed up"), vc.when(view.followed_up_at, tz))
    if view.closed_at is not None:
        row(_("Closed"), vc.when(view.closed_at, tz))
    row(_("Kept until"), view.keep_until.isoformat())
    row(_("Last change"), _("{name}, {time}").format(name=view.updated_by, time=vc.when(view.updated_at, tz)))
    facts = Text(vc.shown_text(view.facts, actor))
    return Group(heading(_("Record")), grid, Text(_("Facts (signed by the recorder)"), style="bold"), facts)


def step_available(view: ViolationView, step: str) -> bool:
    """Whether the operator may take ``step`` now (the domain decided it: ``view.next_steps``)."""
    n = view.next_steps
    return {
        "propose": bool(n.measures),
        "fact": bool(n.facts),
        "sign": bool(n.sign),
        "decline": bool(n.decline),
        "complete": bool(n.complete),
        "follow_up": n.follow_up,
        "close": n.close,
        "reclassify": n.reclassify,
    }[step]


STEP_LABELS = {
    "propose": N_("Propose a measure"),
    "fact": N_("Record a fact"),
    "sign": N_("Sign"),
    "decline": N_("Decline"),
    "complete": N_("Rectification done"),
    "follow_up": N_("Follow-up"),
    "close": N_("Close the case"),
    "reclassify": N_("Change the class"),
}


def next_steps(view: ViolationView) -> RenderableType:
    """The keys for what this operator may do now (the domain decided: ``view.next_steps``)."""
    n = view.next_steps
    keys = Text()
    keys.append(_("Next") + vc.colon(), style="bold")
    steps = [(key, step) for key, step in STEP_KEYS if step_available(view, step)]
    for i, (key, step) in enumerate(steps):
        if i:
            keys.append("  ")
        keys.append(key, style="bold reverse")
        keys.append(" " + _(STEP_LABELS[step]))
    if not steps:
        keys.append(_("nothing more you may do on this violation"), style="dim")
    if not n.measures:
        return keys
    may = Text(_("You may propose: {measures}").format(measures=vc.listing(vc.measure_label(m) for m in n.measures)))
    return Group(keys, may)


def refused(view: ViolationView, palette: Palette) -> RenderableType:
    """Every measure the rules refuse this operator now, with the rule's reason (R-VI-3, R-VI-5)."""
    parts: list[RenderableType] = [heading(_("Refused measures"))]
    for measure in Measure:
        reason = view.next_steps.refused.get(measure.value)
        if reason:
            line = Text()
            line.append_text(styled("✗ ", palette.alarm))
            line.append(vc.measure_label(measure.value), style="bold")
            line.append(vc.colon() + reason)
            parts.append(line)
    return Group(*parts)


def measure_state(m: MeasureView, tz: tzinfo, palette: Palette) -> Text:
    """Where a measure stands; marks read without colour (``*`` waiting, ``!`` due)."""
    if m.declined_at is not None:
        return styled(_("declined by {name} at {time}").format(name=m.declined_by, time=vc.when(m.declined_at, tz)),
                      palette.muted)
    if m.pending:
        return styled("*" + _("waiting for the director's signature"), palette.warning)
    text = Text()
    if m.signed_at is not None:
        text.append(_("signed by {name} at {time}").format(name=m.signed_by, time=vc.when(m.signed_at, tz)))
        text.append(" · ")
    if m.effective:
        text.append(_("in effect"), style="bold")
    elif m.measure == "suspension":
        text.append(_("never in effect"), style="bold")
    if m.completed_at is not None:
        text.append(" · " + _("done: {name} at {time}").format(name=m.completed_by, time=vc.when(m.completed_at, tz)))
    elif m.due:
        text.append(" · ")
        text.append_text(styled("!" + _("deadline passed"), palette.alarm))
    return text


def measures(view: ViolationView, tz: tzinfo, actor: Actor | None, palette: Palette) -> RenderableType:
    """The measure history (处理依据及办法, 审批意见): each with who proposed it, its basis, amount and
    deadline, who signed it and when, and whether it is in effect or due."""
    if not view.measures:
        return Text(_("No measure yet."), style="dim")
    blocks: list[RenderableType] = []
    for m in view.measures:
        text = Text()
        text.append(f"#{m.id} ", style="bold")
        text.append(vc.measure_label(m.measure), style="bold")
        text.append("  " + _("proposed by {name} at {time}").format(name=m.proposed_by,
                                                                     time=vc.when(m.proposed_at, tz)))
        text.append("\n  " + _("Basis") + vc.colon())
        text.append(vc.shown_text(m.basis, actor, one_line=True))
        terms = []
        if m.amount is not None:
            terms.append(_("Amount") + " " + vc.money(m.amount))
        if m.deadline is not None:
            label = _("Deadline") if m.measure == "rectification" else _("Effective from")
            terms.append(label + " " + vc.when(m.deadline, tz))
        if m.notice_at is not None:
            terms.append(_("Notice served") + " " + vc.when(m.notice_at, tz))
        if terms:
            text.append("\n  " + " · ".join(terms))
        text.append("\n  ")
        text.append_text(measure_state(m, tz, palette))
        blocks.append(text)
    return Group(*blocks)


def facts_recorded(view: ViolationView, tz: tzinfo, actor: Actor | None) -> RenderableType:
    if not view.facts_recorded:
        return Text(_("No fact recorded yet."), style="dim")
    text = Text()
    for i, f in enumerate(view.facts_recorded):
        if i:
            text.append("\n")
        text.append(vc.short_when(f.at, tz) + " ")
        text.append(vc.fact_label(f.fact), style="bold")
        text.append("  " + f.by)
        if f.note:
            text.append("  ")
            text.append(vc.shown_text(f.note, actor, one_line=True))
    return text


def history(view: ViolationView, tz: tzinfo, actor: Actor | None) -> RenderableType:
    text = Text()
    for i, e in enumerate(view.history):
        if i:
            text.append("\n")
        text.append(vc.short_when(e.at, tz) + " ")
        text.append(e.label, style="bold")
        if e.measure_id is not None:
            text.append(f" #{e.measure_id}")
        if e.fact:
            text.append(" " + vc.fact_label(e.fact))
        text.append("  " + (e.by or e.rule))
        if e.note:
            text.append("  ")
            note = e.note if e.kind != "proposed" else vc.measure_label(e.note)
            text.append(vc.shown_text(note, actor, one_line=True))
    return text
