"""The ``frontdesk`` command. Global options come before the subcommand, ``--json`` after it.

Exit codes: 0 done, 1 refused by a rule (the message names the rule), 2 bad input or configuration,
3 an internal error (one line naming a private crash report; see ``cli/crash.py``); a closed pipe
ends quietly with 141.

Start-up is lazy (issue 15): argparse and the command modules' parsers first, so ``--version`` and
``--help`` import neither SQLAlchemy nor pydantic nor Alembic; the settings load when a command
runs, the data layer when it opens the database (``cli.common.Context.db``), Alembic only when the
schema is not at head. Command modules import their services inside the handlers.
"""

from __future__ import annotations

import sys

from frontdesk_tui import __version__

TYPE_CHECKING = False  # neither typing nor collections is imported before the command is known
if TYPE_CHECKING:
    from collections.abc import Sequence

#: Command modules; each has ``register(subparsers)``. Later issues add theirs here.
COMMAND_MODULES = (
    "frontdesk_tui.cli.admin",
    "frontdesk_tui.cli.estate",
    "frontdesk_tui.cli.tickets",
    "frontdesk_tui.cli.reports",
    "frontdesk_tui.cli.duty",
    "frontdesk_tui.cli.violations",
    "frontdesk_tui.cli.remote",
    "frontdesk_tui.cli.inbox",
)

#: Each command's module and its one-line help, so that a command loads only its own module and
#: ``frontdesk --help`` loads none. In the order the modules register them;
#: ``tests/cli/test_cli_start.py`` checks that this is what the modules register. A module of
#: ``COMMAND_MODULES`` with no entry here is loaded for every command.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("frontdesk_tui.cli.admin", "create or upgrade the database; --demo loads the demo site"),
    "db": ("frontdesk_tui.cli.admin", "database upgrade, check, backup and restore"),
    "operator": ("frontdesk_tui.cli.admin", "operators: add, list, disable, passwd"),
    "estate": ("frontdesk_tui.cli.estate", "the estate: buildings, units and owners"),
    "ticket": ("frontdesk_tui.cli.tickets", "complaints: new, show, list, act, recompute"),
    "escalate": (
        "frontdesk_tui.cli.reports",
        "run the escalation scan once (for cron): warnings, overdue, upgrades, inbox items",
    ),
    "report": ("frontdesk_tui.cli.reports", "reports: the monthly statistics (R-KP-1)"),
    "duty": ("frontdesk_tui.cli.duty", "night duty: the duty log, its check, who is on duty"),
    "roster": ("frontdesk_tui.cli.duty", "the duty roster: show, set, swap"),
    "handover": ("frontdesk_tui.cli.duty", "shift handovers: walk, sign, status and records"),
    "violation": ("frontdesk_tui.cli.violations", "the violation register: record, measures, sign-off, export, purge"),
    "ssh-login": (
        "frontdesk_tui.cli.remote",
        "the ForceCommand of an SSH account: runs the app, or the frontdesk command the client asked for",
    ),
    "serve": ("frontdesk_tui.cli.remote", "serve the app to web browsers (textual-serve), each tab its own app"),
    "inbox": ("frontdesk_tui.cli.inbox", "your inbox: escalations, due work and reminders (needs --as)"),
}

#: Global options that take a value (to find the command word in ``argv`` without parsing it).
_VALUED = ("--db", "--lang", "--as", "--config")

ALL = "*"


def _parser_class():
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse that reports a bad flag in one line with exit 2."""

        def error(self, message: str) -> None:  # type: ignore[override]
            from frontdesk_tui.cli.common import EXIT_BAD_INPUT
            from frontdesk_tui.cli.crash import one_line

            sys.stderr.write(f"{self.prog}: {one_line(message)} (--help lists the options)\n")
            raise SystemExit(EXIT_BAD_INPUT)

    return Parser


def build_parser(command: str | None = ALL):
    """The parser; with ``command`` only that command's module is loaded (``None``: none of them),
    the other commands are listed by name and help and load when they are the one typed."""
    import importlib

    from frontdesk_tui.i18n import _

    parser_class = _parser_class()
    parser = parser_class(prog="frontdesk", description=_("The front desk of a property service centre."))
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    parser.add_argument("--db", metavar="URL", help=_("database URL or SQLite file"))
    parser.add_argument("--lang", metavar="LANG", help=_("UI language: zh-CN or en"))
    parser.add_argument("--as", dest="as_name", metavar="NAME", help=_("sign in as this operator"))
    parser.add_argument("--config", metavar="FILE", help=_("configuration file (TOML)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    listed = {module for module, _help in COMMANDS.values()}
    wanted = COMMANDS.get(command or "", ("", ""))[0]
    registered = False
    for name in COMMAND_MODULES:
        if command == ALL or name == wanted or name not in listed:
            registered = _register(importlib, name, sub) or registered
            continue
        for word, (module, text) in COMMANDS.items():
            if module == name:
                _list_only(sub, word, _(text))
    if registered:  # the global options take no integer: with no module loaded, nothing to bound
        from frontdesk_tui.cli.common import bound_integers

        bound_integers(parser)
    return parser


class _NotLoaded:
    """Stands for the parser of a command that was not typed: ``build_parser`` loads the module of
    the command ``command_word`` finds, so argparse never reaches this one."""

    def __init__(self, word: str) -> None:
        self.word = word

    def parse_known_args(self, args, namespace=None):
        raise RuntimeError(f"the parser of {self.word!r} was not loaded (command_word disagrees with argparse)")


def _list_only(sub, word: str, text: str) -> None:
    """List ``word`` with its help in ``--help`` and accept it as a choice, without building its
    parser (an ArgumentParser per command is most of what ``frontdesk --help`` would cost)."""
    sub._name_parser_map[word] = _NotLoaded(word)
    sub._choices_actions.append(sub._ChoicesPseudoAction(word, (), text))


def _register(importlib, name: str, sub) -> bool:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return False
    module.register(sub)
    return True


def command_word(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is not a global option or its value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from frontdesk_tui.cli.crash import guard

    return guard(_main, argv)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # what scripts ask most often: no parser needed
        sys.stdout.write(f"frontdesk {__version__}\n")
        return 0
    from frontdesk_tui.i18n import _, language_from_locale, set_language

    # The language must be known before help texts are built: peek at --lang and the environment.
    lang = set_language(_peek(argv, "--lang") or _env_lang() or language_from_locale())
    if _asks_top_help(argv):
        sys.stdout.write(top_help(lang))
        return 0
    parser = build_parser(command_word(argv))
    args = parser.parse_args(argv)  # --help ends here, before the command machinery is imported
    from frontdesk_tui.cli.common import EXIT_BAD_INPUT, EXIT_REFUSED, Context
    from frontdesk_tui.domain.errors import InputError, RuleError

    ctx: Context | None = None
    try:
        from pathlib import Path

        handler = getattr(args, "handler", None)
        if handler is None:  # the app: its sign-in screen before the settings and the database
            from frontdesk_tui.cli.app import run_app_deferred

            return run_app_deferred(Path(args.config) if args.config else None, {"db": args.db, "lang": args.lang})
        from frontdesk_tui.config import load_settings

        settings = load_settings(
            Path(args.config) if args.config else None, db=args.db, lang=args.lang
        )
        if settings.lang:
            set_language(settings.lang)
        ctx = Context(settings=settings, as_name=args.as_name)
        return handler(ctx, args)
    except RuleError as exc:
        return _fail(_("refused: {reason} ({rule})").format(reason=exc.reason, rule=exc.rule), EXIT_REFUSED)
    except InputError as exc:
        return _fail(f"{exc.field}: {exc.reason}", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        return _fail(_("interrupted"), 130)
    except Exception as exc:
        if _is_setup_error(exc):
            return _fail(str(exc), EXIT_BAD_INPUT)
        raise
    finally:
        if ctx is not None:
            ctx.close()


def _is_setup_error(exc: Exception) -> bool:
    """A bad configuration or an unusable database: their modules are only imported when used, so
    an exception can only be one of theirs if the module is loaded (no import just to compare)."""
    for module, name in (("frontdesk_tui.config", "ConfigError"), ("frontdesk_tui.data.db", "DatabaseUnavailable")):
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


def _fail(message: str, code: int) -> int:
    from frontdesk_tui.cli.crash import one_line

    sys.stderr.write(f"frontdesk: {one_line(message)}\n")
    return code


def _peek(argv: list[str], flag: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


def _env_lang() -> str | None:
    import os

    return os.environ.get("FRONTDESK_LANG")


def _asks_top_help(argv: list[str]) -> bool:
    """``frontdesk --help`` (or ``-h``), perhaps with ``--lang``: the help of no command."""
    rest = [a for a in argv if not a.startswith("--lang=")]
    if "--lang" in rest:
        i = rest.index("--lang")
        del rest[i : i + 2]
    return rest in (["--help"], ["-h"])


def terminal_columns() -> int:
    """The width argparse formats help for (``shutil.get_terminal_size``, without importing shutil)."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    try:
        lines = int(os.environ["LINES"])
    except (KeyError, ValueError):
        lines = 0
    if columns <= 0 or lines <= 0:
        try:
            size = os.get_terminal_size(sys.__stdout__.fileno())
        except (AttributeError, ValueError, OSError):
            size = os.terminal_size((80, 24))
        if columns <= 0:
            columns = size.columns or 80
    return columns


def top_help(lang: str) -> str:
    """What ``frontdesk --help`` prints: argparse's text, kept in the user cache dir once made.

    The text depends only on the language, the width, this module (the command table), the
    language's catalog and the Python (argparse) that formatted it: the cache file is named after
    all of them (sizes and modification times), so a new release, a translator's edit or another
    width makes it anew. Building the parser and importing argparse is most of what the help
    would cost otherwise (issue 15: ``--help`` within 2x ``python -c pass``)."""
    import os

    from frontdesk_tui import i18n

    listed = {module for module, _help in COMMANDS.values()}
    cacheable = all(name in listed for name in COMMAND_MODULES)  # else other modules add commands
    key = [lang, str(terminal_columns()), __version__, "{}.{}".format(*sys.version_info[:2])]
    try:
        for source in (__file__, os.path.join(i18n.LOCALES, i18n.po_name(lang))):
            st = os.stat(source)
            key.append(f"{st.st_size:x}.{st.st_mtime_ns:x}")
    except OSError:
        cacheable = False
    path = os.path.join(os.path.dirname(i18n.cache_dir()), "help", "-".join(key) + ".txt")
    if cacheable:
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            pass
    text = build_parser(None).format_help()
    if cacheable:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            partial = f"{path}.{os.getpid()}.tmp"
            with open(partial, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(partial, path)
        except OSError:
            pass  # a read-only home: formatted again next time
    return text
