"""Run ``frontdesk`` as a process of its own, the way sites script it: forked from a process that
has imported the libraries once (``zygote.py``), or a new interpreter where that could differ."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

#: What Python reads from the environment at start-up: a command run with other values than the
#: forking process had gets a new interpreter instead.
_STARTUP_ENV = ("PYTHON", "LANG", "LC_")


class Zygote:
    """One process per test worker that forks a child per command (see ``zygote.py``)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        requests_read, self._requests = os.pipe()
        self._answers, answers_write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("zygote.py")), str(requests_read), str(answers_write)],
            pass_fds=(requests_read, answers_write),
            env=env,
            stdin=subprocess.DEVNULL,
        )
        os.close(requests_read)
        os.close(answers_write)
        self._writer = os.fdopen(self._requests, "w", encoding="utf-8")
        self._reader = os.fdopen(self._answers, "r", encoding="utf-8")
        self._lock = threading.Lock()

    def serves(self, env: dict[str, str]) -> bool:
        def startup(e: dict[str, str]) -> dict[str, str]:
            return {k: v for k, v in e.items() if k.startswith(_STARTUP_ENV)}

        return self.process.poll() is None and startup(env) == startup(self.env)

    def run(self, args: list[str], input: bytes | None, env: dict[str, str], timeout: float):
        with tempfile.TemporaryDirectory(prefix="fd-run-") as tmp:
            paths = {name: os.path.join(tmp, name) for name in ("stdin", "stdout", "stderr")}
            if input is not None:
                Path(paths["stdin"]).write_bytes(input)
            request = {
                "argv": [sys.executable, *args],
                "env": env,
                "stdin": paths["stdin"] if input is not None else None,
                "stdout": paths["stdout"],
                "stderr": paths["stderr"],
                "timeout": timeout,
            }
            with self._lock:
                self._writer.write(json.dumps(request) + "\n")
                self._writer.flush()
                answer = self._reader.readline()
            if not answer:
                raise RuntimeError("the CLI zygote ended")
            code = json.loads(answer)["code"]
            return subprocess.CompletedProcess(
                args, code, Path(paths["stdout"]).read_bytes(), Path(paths["stderr"]).read_bytes()
            )

    def close(self) -> None:
        self._writer.close()
        self.process.wait(timeout=30)
        self._reader.close()


_zygote: Zygote | None = None


def _run(args: list[str], input: bytes | None, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -m frontdesk_tui ARGS`` with ``env``: forked where it is the same, else a new process."""
    global _zygote
    if _zygote is None or _zygote.process.poll() is not None:
        _zygote = Zygote(env)
    if _zygote.serves(env):
        proc = _zygote.run(args, input, env, timeout=120)
        proc.forked = True  # type: ignore[attr-defined]
        return proc
    proc = subprocess.run(
        [sys.executable, "-m", "frontdesk_tui", *args], input=input, capture_output=True, env=env, timeout=120
    )
    proc.forked = False  # type: ignore[attr-defined]
    return proc


@pytest.fixture(scope="session", autouse=True)
def _close_zygote():
    yield
    if _zygote is not None:
        _zygote.close()


@dataclass
class Result:
    code: int
    out: str
    err: str
    forked: bool = False  # run forked from the zygote (else a new interpreter)


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
        proc = _run(list(args), None if input is None else input.encode(), {**self.env, **(env or {})})
        return Result(proc.returncode, _text(proc.stdout), _text(proc.stderr), proc.forked)

    def raw(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """The same, with standard output as bytes (workbooks)."""
        return _run(list(args), input, {**self.env, **(env or {})})


def _text(data: bytes) -> str:
    """What ``subprocess.run(text=True)`` gives: the locale's encoding, universal newlines."""
    import locale

    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture
def fd(tmp_path: Path) -> Frontdesk:
    return Frontdesk(tmp_path / "site.sqlite3", tmp_path / "home")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, worker_id: str) -> Path:
    """The demo site, built once per run by the real command and copied for each test.

    Under xdist the workers share one: the first to get the lock in the run's common temporary
    directory builds it, the others wait and copy it (building it costs ~9 s of CPU)."""
    if worker_id == "master":
        return _build_demo(tmp_path_factory.mktemp("demo-template"))
    import fcntl

    root = tmp_path_factory.getbasetemp().parent
    with open(root / "demo-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        base = root / "demo-template"
        if not (base / "built").exists():  # a worker that failed half-way left no mark
            shutil.rmtree(base, ignore_errors=True)
            _build_demo(base)
            (base / "built").touch()
        return base / "demo.sqlite3"


def _build_demo(base: Path) -> Path:
    base.mkdir(exist_ok=True)
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
