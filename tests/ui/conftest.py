"""UI fixtures: the desk database of ``desk_data`` and the app from the factory the CLI uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from desk_data import NOW, build_desk_db, desk_settings

from frontdesk_tui.data.db import Database
from frontdesk_tui.i18n import set_language
from frontdesk_tui.ui.app import FrontdeskApp, make_app


@pytest.fixture
def desk_db(tmp_path) -> Iterator[Database]:
    db = build_desk_db(tmp_path / "desk.sqlite3")
    yield db
    db.dispose()


@pytest.fixture
def make_desk_app(desk_db: Database) -> Callable[..., FrontdeskApp]:
    """The app on the desk database with a fixed clock; polling is driven by the tests."""

    def make(lang: str = "en") -> FrontdeskApp:
        set_language(lang)
        app = make_app(desk_settings(desk_db), desk_db, clock=lambda: NOW, poll_interval=3600)
        app.monotonic = lambda: 1000.0  # type: ignore[method-assign]
        return app

    return make
