"""Is the schema at head? Answered without importing Alembic (issue 15: a fast CLI start).

Every command opens the database and must upgrade an old one first; importing Alembic costs more
than the rest of a read command. The migration files are read as text (each names its
``revision`` and ``down_revision`` on one line) and the database's revisions come from one query on
``alembic_version``; only when they differ does the caller import :mod:`.migrate`.
``tests/integration/test_db.py`` checks that these heads are Alembic's.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdesk_tui.data.db import Database

_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


@cache
def head_revisions() -> frozenset[str]:
    """The revisions no other migration names as its ``down_revision``."""
    revisions: set[str] = set()
    parents: set[str] = set()
    folder = resources.files("frontdesk_tui.data") / "migrations" / "versions"
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        found = dict(_LINE.findall(entry.read_text("utf-8")))
        if "revision" not in found:
            continue
        revisions.add(ast.literal_eval(found["revision"]))
        down = ast.literal_eval(found.get("down_revision", "None"))
        if isinstance(down, str):
            parents.add(down)
        elif down:
            parents.update(down)
    return frozenset(revisions - parents)


def current_revisions(db: Database) -> frozenset[str]:
    """The revisions the database is stamped with; empty for a new database."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with db.read_engine.connect() as conn:
            return frozenset(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    except DBAPIError:
        return frozenset()  # no alembic_version table yet


def at_head(db: Database) -> bool:
    return current_revisions(db) == head_revisions()
