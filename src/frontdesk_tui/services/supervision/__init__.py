"""Supervision and reports: the timed scans (``scans``: escalation, due rectifications, reminders)
and the monthly statistics (``reports``: where the monthly figures are defined). R-KP-*."""
