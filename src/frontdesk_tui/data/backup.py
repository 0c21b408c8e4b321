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


def sqlite_restore(backup: Path, target: Path) -> None:
    """Write ``backup`` over the live database ``target`` through SQLite, so WAL readers stay sane."""
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        integrity = src.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise ValueError(f"{backup} is not a sound SQLite database: {integrity}")
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)
