"""Supervision, pure: the monthly figures of the assessment, one definition each (``kpi``, R-KP-3,
R-EM-5)."""
