"""Starting the Textual app from the command line."""

from __future__ import annotations

from frontdesk_tui.cli.common import EXIT_OK, Context


def run_app(ctx: Context) -> int:
    from frontdesk_tui.ui.app import make_app

    db = ctx.db  # upgrade before the first screen
    app = make_app(ctx.settings, db)
    app.run()
    return EXIT_OK
