"""Working from elsewhere: ``frontdesk ssh-login`` (an SSH account's ForceCommand) and
``frontdesk serve`` (the same app in a browser, through textual-serve).

``ssh-login`` runs what the SSH client asked for (``SSH_ORIGINAL_COMMAND``) as a ``frontdesk`` command
line: split as a POSIX shell splits words, never passed to a shell. With no command it starts the app.
What belongs to the host's administrator is refused (exit 2): choosing the database or configuration
(``--db``, ``--config``), ``init``, ``db …``, ``operator add|disable|passwd``, ``estate import`` (a file of
the host), starting another server (``serve``, ``ssh-login``), and writing files on the host (``--out``
other than ``-``, standard output). Everything else is the ordinary command, with its rules: writes
still need ``--as NAME`` and that operator's password.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence

from frontdesk_tui.cli.common import EXIT_BAD_INPUT, Context
from frontdesk_tui.i18n import _

#: Global options that take a value and may come before the command.
_VALUE_OPTIONS = ("--lang", "--as")
#: Global options that are the host's to choose.
_HOST_OPTIONS = ("--db", "--config")
#: Commands (and sub-commands) for the host's administrator only.
_HOST_COMMANDS = {
    "init": None,
    "db": None,
    "serve": None,
    "ssh-login": None,
    "estate": {"import"},
    "operator": {"add", "disable", "passwd"},
}


class Refused(Exception):
    """An SSH command line that is the host administrator's, not a remote user's."""


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "ssh-login",
        help=_("the ForceCommand of an SSH account: runs the app, or the frontdesk command the client asked for"),
    )
    s.set_defaults(handler=cmd_ssh_login)
    w = sub.add_parser("serve", help=_("serve the app to web browsers (textual-serve), each tab its own app"))
    w.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default: 127.0.0.1, this machine only)"))
    w.add_argument("--port", type=int, default=8765, help=_("port to listen on (default: 8765)"))
    w.add_argument(
        "--public-url",
        metavar="URL",
        help=_("the address browsers use, when a reverse proxy (TLS) stands in front"),
    )
    w.set_defaults(handler=cmd_serve)


def remote_argv(command: str) -> list[str]:
    """The ``frontdesk`` arguments of an SSH command line, or :class:`Refused` with the reason."""
    try:
        words = shlex.split(command, posix=True)
    except ValueError as exc:
        raise Refused(_("cannot read the command line: {error}").format(error=exc)) from None
    if words and os.path.basename(words[0]) == "frontdesk":
        words = words[1:]
    for word in words:
        option = word.split("=", 1)[0]
        if option in _HOST_OPTIONS:
            raise Refused(_("{option} is chosen by the host's administrator, not over SSH").format(option=option))
    for i, word in enumerate(words):
        if word.split("=", 1)[0] == "--out":
            value = word.split("=", 1)[1] if "=" in word else (words[i + 1] if i + 1 < len(words) else "")
            if value != "-":
                raise Refused(_("over SSH, reports go to standard output: use --out - and redirect on your side"))
    command_word, rest = _command(words)
    if command_word in _HOST_COMMANDS:
        subs = _HOST_COMMANDS[command_word]
        sub_word = next((w for w in rest if not w.startswith("-")), None)
        if subs is None or sub_word in subs:
            shown = command_word if subs is None else f"{command_word} {sub_word}"
            raise Refused(_("'{command}' is for the host's administrator, not over SSH").format(command=shown))
    return words


def _command(words: Sequence[str]) -> tuple[str | None, list[str]]:
    """The command word after the global options, and what follows it."""
    i = 0
    while i < len(words):
        word = words[i]
        if word in _VALUE_OPTIONS:
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        return word, list(words[i + 1 :])
    return None, []


def _host_prefix(args: argparse.Namespace) -> list[str]:
    """The administrator's own global options of the ForceCommand line, passed on to the command."""
    prefix: list[str] = []
    for flag, value in (("--db", args.db), ("--config", args.config), ("--lang", args.lang)):
        if value:
            prefix += [flag, value]
    return prefix


def cmd_ssh_login(ctx: Context, args: argparse.Namespace) -> int:
    command = os.environ.get("SSH_ORIGINAL_COMMAND", "").strip()
    if not command:
        from frontdesk_tui.cli.app import run_app

        return run_app(ctx)
    try:
        words = remote_argv(command)
    except Refused as exc:
        sys.stderr.write(f"frontdesk: {exc}\n")
        return EXIT_BAD_INPUT
    if args.as_name and "--as" not in words:
        words = ["--as", args.as_name, *words]
    from frontdesk_tui.cli import main

    ctx.close()
    return main([*_host_prefix(args), *words])


def serve_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve starts for each browser tab: this Python, this package, the
    same database and configuration."""
    words = [sys.executable, "-m", "frontdesk_tui", *_host_prefix(args)]
    return " ".join(shlex.quote(w) for w in words)


def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        sys.stderr.write("frontdesk: " + _("--port must be between 1 and 65535") + "\n")
        return EXIT_BAD_INPUT
    from textual_serve.server import Server

    ctx.db.check()  # opened and upgraded once here, not by every tab at the same moment
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.stderr.write(
            "frontdesk: "
            + _("warning: listening on {host}: put a TLS reverse proxy in front (SECURITY.md)").format(host=args.host)
            + "\n"
        )
    server = Server(
        serve_command(args),
        host=args.host,
        port=args.port,
        title=ctx.settings.site_name,
        public_url=args.public_url,
    )
    server.serve()
    return 0
