"""R-SEC-1: sign-in throttling, the same for the app, the CLI (``--as``) and ``ssh-login``.

After :data:`THRESHOLD` wrong passwords in a row for one operator name, signing in under that name is
refused for 5 minutes; each further failure locks it again for longer: 15 minutes, 60, then doubling,
never more than a day. A success resets the count; the director may unlock a name at once. The count
is kept per name typed, whether or not an operator has it, so a lock tells nothing about which names
exist. Pure: the caller gives ``now`` and the stored count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

RULE = "R-SEC-1"
THRESHOLD = 5
_FIRST_LOCKS_MINUTES = (5, 15, 60)
MAX_LOCK = timedelta(days=1)
KEY_LENGTH = 80


def lock_for(failures: int) -> timedelta | None:
    """How long the name is locked after its ``failures``-th failure in a row (None: not locked)."""
    if failures < THRESHOLD:
        return None
    step = failures - THRESHOLD
    if step < len(_FIRST_LOCKS_MINUTES):
        return timedelta(minutes=_FIRST_LOCKS_MINUTES[step])
    doublings = min(step - len(_FIRST_LOCKS_MINUTES) + 1, 16)
    return min(timedelta(minutes=_FIRST_LOCKS_MINUTES[-1] * 2**doublings), MAX_LOCK)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def throttle_key(name: str) -> str:
    """The name as the throttle counts it: what sign-in looks up, bounded so a 1 MB name is one row."""
    return name[:KEY_LENGTH]
