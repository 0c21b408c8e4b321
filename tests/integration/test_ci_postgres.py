"""The PostgreSQL tests fail instead of skipping when ``CI`` is set and the server does not answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).with_name("pg_probe.py")


def run_probe(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "FRONTDESK_TEST_PG", "PYTEST_XDIST_WORKER")}
    # port 1 on the loopback: nothing answers there
    base["FRONTDESK_TEST_PG"] = "postgresql+psycopg://postgres@127.0.0.1:1/test"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", "-rfs", str(PROBE)],
        capture_output=True, text=True, env={**base, **env}, cwd=PROBE.parents[2], timeout=120,
    )


def test_without_ci_an_unreachable_postgresql_skips() -> None:
    result = run_probe()
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout and "PostgreSQL is not answering on 127.0.0.1:1" in result.stdout


def test_with_ci_set_an_unreachable_postgresql_fails() -> None:
    result = run_probe(CI="true")
    assert result.returncode == 1, result.stdout
    # a fixture that fails is an error of the test: pytest exits 1, the run is red
    assert "1 error" in result.stdout and "CI is set: the PostgreSQL tests must run" in result.stdout
