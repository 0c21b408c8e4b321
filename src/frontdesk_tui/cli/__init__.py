"""The ``frontdesk`` command. Global options come before the subcommand, ``--json`` after it.

Exit codes: 0 done, 1 refused by a rule (the message names the rule), 2 bad input or configuration,
3 an internal error (one line naming a private crash report; see ``cli/crash.py``); a closed pipe
ends quietly with 141.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from frontdesk_tui import __version__
from frontdesk_tui.cli.common import EXIT_BAD_INPUT, EXIT_REFUSED, Context, bound_integers
from frontdesk_tui.config import ConfigError, load_settings
from frontdesk_tui.data.db import DatabaseUnavailable
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.i18n import _, language_from_locale, set_language

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


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line with exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from frontdesk_tui.cli.crash import one_line

        sys.stderr.write(f"{self.prog}: {one_line(message)} (--help lists the options)\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> Parser:
    parser = Parser(prog="frontdesk", description=_("The front desk of a property service centre."))
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    parser.add_argument("--db", metavar="URL", help=_("database URL or SQLite file"))
    parser.add_argument("--lang", metavar="LANG", help=_("UI language: zh-CN or en"))
    parser.add_argument("--as", dest="as_name", metavar="NAME", help=_("sign in as this operator"))
    parser.add_argument("--config", metavar="FILE", help=_("configuration file (TOML)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    bound_integers(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from frontdesk_tui.cli.crash import guard

    return guard(_main, argv)


def _main(argv: list[str]) -> int:
    # The language must be known before help texts are built: peek at --lang and the environment.
    set_language(_peek(argv, "--lang") or _env_lang() or language_from_locale())
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx: Context | None = None
    try:
        from pathlib import Path

        settings = load_settings(
            Path(args.config) if args.config else None, db=args.db, lang=args.lang
        )
        if settings.lang:
            set_language(settings.lang)
        ctx = Context(settings=settings, as_name=args.as_name)
        handler = getattr(args, "handler", None)
        if handler is None:
            from frontdesk_tui.cli.app import run_app

            return run_app(ctx)
        return handler(ctx, args)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except DatabaseUnavailable as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except RuleError as exc:
        return _fail(_("refused: {reason} ({rule})").format(reason=exc.reason, rule=exc.rule), EXIT_REFUSED)
    except InputError as exc:
        return _fail(f"{exc.field}: {exc.reason}", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        return _fail(_("interrupted"), 130)
    finally:
        if ctx is not None:
            ctx.close()


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
