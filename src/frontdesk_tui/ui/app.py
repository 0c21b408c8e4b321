"""The Textual application (wiring only)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from frontdesk_tui.config import Settings
from frontdesk_tui.data.db import Database


class FrontdeskApp(App[None]):
    TITLE = "frontdesk"

    def __init__(self, settings: Settings, db: Database) -> None:
        super().__init__()
        self.settings = settings
        self.db = db
        self.sub_title = settings.site_name

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("frontdesk-tui")
        yield Footer()


def make_app(settings: Settings, db: Database) -> FrontdeskApp:
    return FrontdeskApp(settings, db)
