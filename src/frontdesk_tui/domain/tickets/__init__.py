"""Complaint tickets, pure: intake (R-IN-*), the lifecycle as data (R-LC-*), what each action does to
a ticket (``effects``), severity (R-SV-*), the escalation scan and the supervision reminders (R-DL-6,
R-EM-2, R-KP-4). Deadlines on the working-day calendar are shared with the other areas and live one
level up (``domain.deadlines``, ``domain.calendar``)."""
