"""Runs ``python -m frontdesk_tui`` in a forked child of a process that has already imported what a
command loads: the libraries (SQLAlchemy, SQLModel, pydantic, Alembic, argon2, psycopg …) and
frontdesk_tui's non-screen modules.

Each CLI test used to start a new interpreter that spent most of its half second importing them;
here one process per test worker imports them once and forks a child per command. The child is a
process of its own, as under ``subprocess.run``: its own environment, standard streams on files and
``argv``; it runs the real entry point (``frontdesk_tui.__main__``) and its exit functions, and its
exit status is the command's. What differs from a new interpreter is only what is already in
``sys.modules`` (no module read the environment when imported), so the tests of what start-up
imports (``test_cli_start.py``, ``test_app_start.py``) and of signals (``test_crash_cli.py``) start
the real interpreter themselves, and ``Frontdesk`` starts one when the environment changes what
Python reads at start-up (``PYTHON*``, ``LANG``, ``LC_*``).

Protocol, one JSON line each way on the inherited fds given in argv: a request
``{"argv", "env", "stdin", "stdout", "stderr", "timeout"}`` (paths of files; ``stdin`` may be null
for /dev/null), the answer ``{"code"}`` — the status ``subprocess`` would report (-N for a signal).
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import io
import json
import os
import select
import signal
import sys
import traceback

#: What commands import that frontdesk_tui is not: imported once here, before any fork.
PRELOAD = (
    "argparse", "csv", "getpass", "json", "sqlite3", "zoneinfo", "decimal", "uuid",
    "typing", "dataclasses", "collections.abc", "logging", "email.utils",
    "sqlalchemy", "sqlalchemy.orm", "sqlalchemy.pool", "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql", "sqlalchemy.ext.compiler",
    "sqlmodel", "pydantic", "pydantic_settings", "platformdirs",
    "alembic", "alembic.command", "alembic.config", "alembic.runtime.migration", "alembic.script",
    "argon2", "psycopg", "babel", "babel.dates", "babel.numbers", "chinese_calendar", "openpyxl",
)


#: frontdesk_tui's own packages preloaded too: none reads the environment or the clock when it is
#: imported (each reads them when a command calls it), so a forked child behaves as a new process.
#: Not the screens (``ui``) nor ``__main__``, which the child runs.
OWN = ("frontdesk_tui.domain", "frontdesk_tui.data", "frontdesk_tui.services", "frontdesk_tui.cli")


def _preload() -> None:
    import pkgutil

    names = list(PRELOAD)
    for package in OWN:
        module = importlib.import_module(package)
        names += [info.name for info in pkgutil.walk_packages(module.__path__, package + ".")]
    names.append("frontdesk_tui.config")
    for name in names:
        with contextlib.suppress(Exception):  # what cannot be imported here is simply not preloaded
            importlib.import_module(name)


def _child(request: dict, protocol: tuple[int, int]) -> None:
    """In the forked child: become the command's process, run it, never return."""
    code = 1
    try:
        for fd in protocol:
            os.close(fd)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as Python sets it at start-up
        os.environ.clear()
        os.environ.update(request["env"])
        stdin = os.open(request["stdin"] or os.devnull, os.O_RDONLY)
        out = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        for source, target in ((stdin, 0), (out, 1), (err, 2)):
            os.dup2(source, target)
            os.close(source)
        encoding, errors = sys.stdout.encoding, sys.stdout.errors
        # The streams the interpreter would have made for these fds; they live as long as the process.
        sys.stdin = sys.__stdin__ = open(0, encoding=encoding, errors=errors, closefd=False)  # noqa: SIM115
        sys.stdout = sys.__stdout__ = open(1, "w", encoding=encoding, errors=errors, closefd=False)  # noqa: SIM115
        sys.stderr = sys.__stderr__ = io.TextIOWrapper(
            open(2, "wb", closefd=False),  # noqa: SIM115
            encoding=encoding, errors="backslashreplace", line_buffering=True,
        )
        sys.argv = list(request["argv"])
        sys.path[0] = os.getcwd()  # what ``python -m`` puts first, not this file's folder
        try:
            import runpy

            runpy.run_module("frontdesk_tui", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exit_:
            status = exit_.code
            if status is None:
                code = 0
            elif isinstance(status, int):
                code = status
            else:
                sys.stderr.write(f"{status}\n")
                code = 1
        except BaseException:  # noqa: BLE001 - what the interpreter does with an uncaught exception
            traceback.print_exc()
            code = 1
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a closed stream at exit, as the interpreter ignores it
                stream.flush()
    except BaseException:  # noqa: BLE001 - setting up the child failed: say so where the test reads
        with open(request["stderr"], "a", encoding="utf-8") as err_file:
            err_file.write("zygote: " + traceback.format_exc())
        code = 70
    finally:
        os._exit(code & 0xFF)


def _wait(pid: int, timeout: float) -> int:
    """The child's exit status; killed after ``timeout`` seconds (its pidfd is readable once it ends)."""
    pidfd = os.pidfd_open(pid)
    try:
        if not select.select([pidfd], [], [], timeout)[0]:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def main() -> None:
    requests, answers = int(sys.argv[1]), int(sys.argv[2])
    _preload()
    reader = os.fdopen(requests, "r", encoding="utf-8")
    writer = os.fdopen(answers, "w", encoding="utf-8")
    for line in reader:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, (requests, answers))
        code = _wait(pid, request["timeout"])
        writer.write(json.dumps({"code": code}) + "\n")
        writer.flush()


if __name__ == "__main__":
    main()
