"""Severity levels and who handles them (R-SV-1…5)."""

from __future__ import annotations

import pytest

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role, Severity
from frontdesk_tui.domain.tickets.severity import (
    UPGRADE_OPEN,
    UPGRADE_REPEAT,
    handler_roles,
    is_upgrade,
    may_handle,
    suggest_severity,
    upgrade_reason,
    who_handles,
)


@pytest.mark.parametrize(
    ("severity", "roles"),
    [
        (Severity.MAJOR, {Role.DIRECTOR}),
        (Severity.IMPORTANT, {Role.DIRECTOR, Role.ASSISTANT}),
        (Severity.MINOR, {Role.ASSISTANT}),
        (None, {Role.ASSISTANT}),
        ("important", {Role.DIRECTOR, Role.ASSISTANT}),
    ],
)
def test_r_sv_4_who_handles_each_level(severity: Severity | None, roles: set[Role]) -> None:
    assert handler_roles(severity) == roles
    assert who_handles(severity) == roles


def test_r_sv_4_only_the_director_handles_major() -> None:
    director = Actor(1, "主任", Role.DIRECTOR)
    assistant = Actor(2, "助理", Role.ASSISTANT)
    receptionist = Actor(3, "接待", Role.RECEPTIONIST)
    assert may_handle(director, Severity.MAJOR)
    assert not may_handle(assistant, Severity.MAJOR)
    assert may_handle(assistant, Severity.MINOR) and may_handle(director, Severity.MINOR)
    assert not any(may_handle(receptionist, s) for s in Severity)


@pytest.mark.parametrize(
    ("facts", "severity"),
    [
        ({"service_not_delivered_after_repeated_requests": True}, Severity.MAJOR),  # R-SV-1
        ({"serious_loss_or_injury_by_company": True, "company_at_fault": True}, Severity.MAJOR),
        ({"valid_and_unresolved_over_a_month": True}, Severity.MAJOR),
        ({"company_at_fault": True}, Severity.IMPORTANT),  # R-SV-2
        ({}, Severity.MINOR),  # R-SV-3
    ],
)
def test_r_sv_1_to_3_suggested_level(facts: dict[str, bool], severity: Severity) -> None:
    assert suggest_severity(**facts) == severity


def test_r_sv_5_upgrade_only_goes_up() -> None:
    assert is_upgrade(Severity.IMPORTANT, Severity.MAJOR)
    assert is_upgrade(None, Severity.IMPORTANT)
    assert not is_upgrade(Severity.MAJOR, Severity.MAJOR)
    assert not is_upgrade(Severity.MAJOR, Severity.MINOR)
    assert not is_upgrade(None, Severity.MINOR)


def test_r_sv_5_upgrade_reason_names_the_rule() -> None:
    assert "30 days" in upgrade_reason(UPGRADE_OPEN) and "R-SV-5" in upgrade_reason(UPGRADE_OPEN)
    assert "3 times" in upgrade_reason(UPGRADE_REPEAT, count=3, days=30)
    with pytest.raises(ValueError):
        upgrade_reason("R-XX-1")
