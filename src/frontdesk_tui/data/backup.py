"""Consistent copies of a SQLite database with the online backup API (safe while the app runs)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def sqlite_backup(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` page by page; the copy is private to the user (0600)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_RDWR | os.O_TRUNC, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst, pages=1024)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


class NotRestorable(ValueError):
    """The file is not a backup this program can restore. ``kind`` says why (``not_sqlite``,
    ``damaged``, ``foreign``, ``newer``, ``no_version``) and ``detail`` adds what SQLite said or
    the unknown revisions; the command line words it in the user's language."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


#: Tables every frontdesk database has had since the first revision: a file without them is
#: another application's.
_OUR_TABLES = frozenset({"alembic_version", "operator", "department", "audit"})


def _one_line(value: object) -> str:
    lines = str(value).splitlines()
    return lines[0][:200] if lines else ""


def check_restorable(backup: Path, known_revisions: set[str]) -> None:
    """Refuse (``NotRestorable``) a file that is not SQLite, is damaged, belongs to another
    application, or has a schema newer than this program knows. Opens the file read-only."""
    with open(backup, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise NotRestorable("not_sqlite")
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotRestorable("damaged", _one_line(exc)) from None
    try:
        try:
            rows = src.execute("PRAGMA integrity_check(1)").fetchall()
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as exc:
            raise NotRestorable("damaged", _one_line(exc)) from None
        if [r[0] for r in rows] != ["ok"]:
            raise NotRestorable("damaged", _one_line(rows[0][0]))
        if not tables >= _OUR_TABLES:
            raise NotRestorable("foreign")
        revisions = {r[0] for r in src.execute("SELECT version_num FROM alembic_version")}
        unknown = sorted(revisions - known_revisions)
        if unknown:
            raise NotRestorable("newer", ", ".join(unknown)[:200])
        if not revisions:
            raise NotRestorable("no_version")
    finally:
        src.close()


def sqlite_restore(backup: Path, target: Path) -> None:
    """Write ``backup`` over the live database ``target`` through SQLite, so WAL readers stay sane."""
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        integrity = src.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise NotRestorable("damaged", _one_line(integrity))
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)
