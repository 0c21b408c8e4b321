"""Run one ``frontdesk`` command in this process and write down every SQL statement it sends.

    python bench/capture.py OUT.json -- [frontdesk arguments]

The statements (with their parameters, as the driver received them) go to OUT.json for
``bench/floor.py`` to replay from a bare script: the floor of the same work. The command's own
output is discarded. Statements of the schema check (``alembic_version``) are kept: the app sends
them too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _plain(value):
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def main() -> int:
    out_path = Path(sys.argv[1])
    args = sys.argv[sys.argv.index("--") + 1 :]
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[dict] = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _seen(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append({"sql": statement, "params": _plain(parameters), "many": executemany})

    from frontdesk_tui.cli import main as frontdesk

    with contextlib.redirect_stdout(io.StringIO()):
        code = frontdesk(args)
    out_path.write_text(json.dumps({"code": code, "statements": statements}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
