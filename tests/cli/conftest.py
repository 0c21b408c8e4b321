"""Run ``frontdesk`` as a subprocess, the way sites script it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str


class Frontdesk:
    def __init__(self, db_path: Path, home: Path) -> None:
        self.db_path = db_path
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_") or k == "FRONTDESK_TEST_PG"
        }
        self.env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            FRONTDESK_DB=str(db_path),
            FRONTDESK_LANG="en",
            PYTHONWARNINGS="ignore",
        )

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "frontdesk_tui", *args],
            input=input,
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            timeout=120,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def raw(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """The same, with standard output as bytes (workbooks)."""
        return subprocess.run(
            [sys.executable, "-m", "frontdesk_tui", *args],
            input=input,
            capture_output=True,
            env={**self.env, **(env or {})},
            timeout=120,
        )


@pytest.fixture
def fd(tmp_path: Path) -> Frontdesk:
    return Frontdesk(tmp_path / "site.sqlite3", tmp_path / "home")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo site, built once per test process by the real command and copied for each test."""
    base = tmp_path_factory.mktemp("demo-template")
    maker = Frontdesk(base / "demo.sqlite3", base / "home")
    result = maker("init", "--demo")
    assert result.code == 0, result.err
    return maker.db_path


@pytest.fixture
def demo_fd(fd: Frontdesk, demo_template: Path) -> Frontdesk:
    """A site with the demo loaded (password ``demo``): a private copy of the template."""
    from frontdesk_tui.data.backup import sqlite_backup

    sqlite_backup(demo_template, fd.db_path)
    return fd
