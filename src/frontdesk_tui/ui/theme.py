"""The desk's theme: colours close to the 16 ANSI ones, so a 16-colour terminal (TERM=xterm) shows
what a modern one does; with NO_COLOR Textual turns everything to grey and the screens rely on bold,
reverse and signs (a minus for overdue, ! for emergencies) instead of colour."""

from __future__ import annotations

from textual.theme import Theme

DESK_THEME = Theme(
    name="frontdesk",
    primary="#2a6fc0",
    secondary="#2a9aa8",
    accent="#d7a000",
    warning="#d7a000",
    error="#b81c1c",
    success="#3aa03a",
    foreground="#e4e4e4",
    background="#101010",
    surface="#1a1a1a",
    panel="#2c2c2c",
    dark=True,
)
