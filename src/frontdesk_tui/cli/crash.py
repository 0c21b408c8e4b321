"""The command line never shows a traceback.

``guard(run, argv)`` calls the real ``main`` and turns what escapes it into an exit code:

* a closed pipe (``frontdesk ticket list | head``) ends quietly with 141, as a program killed by
  SIGPIPE does (``git log | head``): nothing more is written, not even at interpreter exit;
* Ctrl+C ends with 130 and one line;
* an argument that is not valid UTF-8 (bytes the terminal sent that Python kept as surrogates) is
  bad input, exit 2, before anything else runs;
* anything else is a bug: one line on standard error naming a private crash report (0600, in the
  user's state directory) that holds the traceback, exit 3.

This module imports nothing heavy at module level: it runs before the data layer is loaded.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # neither typing nor collections is imported before the command is known
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

EXIT_CRASH = 3
EXIT_PIPE = 141  # 128 + SIGPIPE
EXIT_INTERRUPTED = 130


def guard(run: Callable[[list[str]], int], argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        bad = _first_undecodable(args)
        if bad is not None:
            _say(_tr("argument {n} is not valid UTF-8 (check the terminal's encoding)").format(n=bad + 1))
            return 2
        code = run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the guard, not at interpreter exit
        return code
    except BrokenPipeError:
        return _quiet_pipe()
    except KeyboardInterrupt:
        _say(_tr("interrupted"))
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the point of this module
        if _is_broken_pipe(exc):
            return _quiet_pipe()
        path = write_report(exc, args)
        if path:
            _say(_tr("internal error ({kind}); details in {path}").format(kind=type(exc).__name__, path=path))
        else:
            _say(_tr("internal error ({kind}); no crash report could be written").format(kind=type(exc).__name__))
        return EXIT_CRASH


def _first_undecodable(args: list[str]) -> int | None:
    for i, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None


def _is_broken_pipe(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, BrokenPipeError):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    return False


def _quiet_pipe() -> int:
    # Point stdout at /dev/null so the interpreter's final flush cannot fail a second time.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_PIPE


#: A message longer than this is cut: a 1 MB value echoed back helps nobody.
MAX_MESSAGE = 500


def one_line(message: str) -> str:
    """``message`` safe for a terminal and a log line: control and format characters (newlines,
    ESC sequences, bidi overrides) shown as escapes, never acted on, and a bounded length."""
    import unicodedata

    out: list[str] = []
    for ch in message:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    text = "".join(out)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _tr(message: str) -> str:
    try:
        from frontdesk_tui.i18n import _

        return _(message)
    except Exception:  # noqa: BLE001 - the guard must work even if the catalogs do not
        return message


def _say(message: str) -> None:
    try:
        sys.stderr.write(f"frontdesk: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def crash_dir() -> str:
    """Where crash reports go: ``FRONTDESK_CRASH_DIR``, else the user's state directory."""
    override = os.environ.get("FRONTDESK_CRASH_DIR")
    if override:
        return override
    import platformdirs

    return os.path.join(platformdirs.user_state_dir("frontdesk-tui", appauthor=False), "crashes")


def write_report(exc: BaseException, args: list[str]) -> str | None:
    """The traceback in a file only this user may read; None when it cannot be written.

    The arguments are kept (passwords are never arguments); the environment is not (it may hold
    ``FRONTDESK_PASSWORD``)."""
    import time
    import traceback

    try:
        directory = crash_dir()
        os.makedirs(directory, mode=0o700, exist_ok=True)
        name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        path = os.path.join(directory, name)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            from frontdesk_tui import __version__

            fh.write(f"frontdesk {__version__}\n")
            fh.write("arguments: " + " ".join(repr(a[:200]) for a in args) + "\n\n")
            fh.write("".join(traceback.format_exception(exc)))
        os.chmod(path, 0o600)
        return path
    except Exception:  # noqa: BLE001 - a crash report must never crash
        return None
