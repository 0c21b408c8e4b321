"""``make bench``: every figure of issue 15 at 100, 100k and 1M tickets, beside its floor, in one run.

    python -m bench [--sizes 100,100000,1000000] [--runs 5] [--dir /tmp/frontdesk-bench] [--pg URL]

Each database is made once by ``bench/generate.py`` (kept in ``--dir`` and reused while it has
the tickets). Whole-process figures run the real ``frontdesk`` command ``--runs`` times after one
warm-up and quote the median wall time and the largest peak RSS; the floor is run the same way
in the same run, interleaved (app, floor, app, floor …) so that a busy machine slows both:

- ``python -c pass`` for ``--version`` and ``--help``;
- for read commands, ``bench/floor.py --stack``: a bare script that imports sqlmodel (the stack's
  own floor) and replays with the bare driver the SQL statements the command sent (captured by
  ``bench/capture.py``); its in-process time of those statements is the "SQL" column.

The escalation scan and an intake save are timed inside one process (``bench/inproc.py``).
Prints one table; asserts nothing (tests never time anything). See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
FRONTDESK = [PY, "-m", "frontdesk_tui"]


@dataclass
class Figure:
    name: str
    args: list[str]
    floor: str  # "python", "stack" or ""
    target: str
    sizes: str = "all"  # "all" or "small" (size-independent)
    env: dict[str, str] = field(default_factory=dict)


def _month() -> str:
    now = datetime.now(UTC)
    year, month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    return f"{year}-{month:02d}"


SIGNED = {"FRONTDESK_PASSWORD": "demo"}

FIGURES = [
    Figure("frontdesk --version", ["--version"], "python", "≤ 2× python -c pass", "small"),
    Figure("frontdesk --help", ["--help"], "python", "≤ 2× python -c pass", "small"),
    Figure("duty now", ["duty", "now"], "stack", "≤ 1.3× floor (small db)"),
    Figure("ticket show ID --json", ["ticket", "show", "{mid}", "--json"], "stack", "≤ 1.3× floor (small db)"),
    Figure("ticket list --limit 50 --json", ["ticket", "list", "--limit", "50", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("list --search 漏水 (common)", ["ticket", "list", "--search", "漏水", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("list --search 化粪池 (rare)", ["ticket", "list", "--search", "化粪池", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("list --search 梯 (1 char)", ["ticket", "list", "--search", "梯", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("list --search 莫须有 (none)", ["ticket", "list", "--search", "莫须有", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("list --search 3-2-1201 (unit)", ["ticket", "list", "--search", "3-2-1201", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("list --search {owner} (owner)", ["ticket", "list", "--search", "{owner}", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("list --search {tail} (phone, signed in)", ["--as", "陈晓燕", "ticket", "list", "--search", "{tail}", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms", env=SIGNED),
    Figure("ticket list --overdue", ["ticket", "list", "--overdue", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("ticket list --supervision", ["ticket", "list", "--supervision", "--json"], "stack", "1M ≤ 1.3× 100; SQL ≤ 30 ms"),
    Figure("report monthly --format json", ["--as", "张建国", "report", "monthly", "{month}", "--format", "json"], "stack", "1M ≤ 2 s, ≤ 200 MB; 100k ≤ 1.5× 100", env=SIGNED),
]


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of one finished process, from the kernel's accounting."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = proc.stdout.read() if proc.stdout else b""
    _pid, _status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss / 1024, out.decode("utf-8", "replace")


def pair(app: list[str], floor: list[str] | None, env: dict[str, str], runs: int) -> dict:
    """App and floor in turn after a warm-up of each; medians, peaks and the floor's SQL times."""
    run_once(app, env)
    if floor:
        run_once(floor, env)
    a, b, sql, peak = [], [], [], 0.0
    for _ in range(runs):
        wall, rss, _out = run_once(app, env)
        a.append(wall)
        peak = max(peak, rss)
        if floor:
            wall, _rss, out = run_once(floor, env)
            b.append(wall)
            if out.strip():
                sql.append(float(out.split()[-1]))
    return {
        "app": statistics.median(a),
        "peak": peak,
        "floor": statistics.median(b) if b else None,
        "sql": statistics.median(sql) if sql else None,
        "ratio": statistics.median(x / y for x, y in zip(a, b, strict=True)) if b else None,
    }


def ensure_db(url: str, tickets: int, path: Path | None) -> None:
    """Generate the database unless it already holds ``tickets`` tickets (from the generator)."""
    if path is not None and path.exists():
        import sqlite3

        try:
            with sqlite3.connect(path) as conn:
                if conn.execute("SELECT count(*) FROM ticket WHERE id <= ?", (tickets,)).fetchone()[0] == tickets:
                    return
        except sqlite3.Error:
            pass
    print(f"generating {tickets:,} tickets …", file=sys.stderr)
    subprocess.run([PY, str(HERE / "generate.py"), "--tickets", str(tickets), "--db", url], check=True,
                   stdout=subprocess.DEVNULL)


def probe(url: str, env: dict[str, str]) -> dict[str, str]:
    """A ticket in the middle, a common owner name and a phone's last four digits."""
    code = (
        "import sys; sys.path.insert(0, 'src');"
        "from sqlalchemy import create_engine, text;"
        f"e = create_engine({url!r});"
        "c = e.connect();"
        "n = c.execute(text('SELECT max(id) FROM ticket')).scalar();"
        "o, p = c.execute(text('SELECT owner_name, phone FROM ticket WHERE id = :i'), {'i': n // 2}).one();"
        "print(n // 2, o, p[-4:])"
    )
    mid, owner, tail = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.split()
    return {"mid": mid, "owner": owner, "tail": tail, "month": _month()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,100000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "frontdesk-bench")
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL: one schema per size in this database")
    parser.add_argument("--only", default="", help="comma-separated figure names to run (substrings)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    args.dir.mkdir(parents=True, exist_ok=True)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")}
    base_env.update(FRONTDESK_LANG="en", FRONTDESK_CONFIG=str(args.dir / "none.toml"), PYTHONPATH=str(HERE.parent / "src"))
    figures = [f for f in FIGURES if not args.only or any(o in f.name for o in args.only.split(","))]
    results: dict[tuple[str, int], dict] = {}
    names: dict[str, str] = {}
    for n in sizes:
        if args.pg:
            schema = f"bench_{n}"
            _pg_schema(args.pg, schema)
            url = f"{args.pg}?options=-csearch_path%3D{schema}"
            ensure_db(url, n, None) if not _pg_has(url, n) else None
        else:
            path = args.dir / f"tickets-{n}.sqlite3"
            url = f"sqlite:///{path}"
            ensure_db(url, n, path)
        env = {**base_env, "FRONTDESK_DB": url}
        values = probe(url, env)
        for fig in figures:
            if fig.sizes == "small" and n != sizes[0]:
                continue
            cmd = [*FRONTDESK, *[a.format(**values) for a in fig.args]]
            fenv = {**env, **fig.env}
            floor: list[str] | None = None
            if fig.floor == "python":
                floor = [PY, "-c", "pass"]
            elif fig.floor == "stack":
                captured = args.dir / f"sql-{n}-{abs(hash(fig.name))}.json"
                subprocess.run([PY, str(HERE / "capture.py"), str(captured), "--", *cmd[3:]], env=fenv, check=True)
                floor = [PY, str(HERE / "floor.py"), url, str(captured), "--stack", "--sql-ms"]
            results[(fig.name, n)] = pair(cmd, floor, fenv, args.runs)
            print(f"  {n:>9,}  {fig.name.format(**values):<44} {results[(fig.name, n)]['app'] * 1000:8.0f} ms",
                  file=sys.stderr)
        for what in ("scan", "intake"):
            # The first scan after generating looks at every ticket once: timed in a process of its own.
            first = subprocess.run([PY, str(HERE / "inproc.py"), what, url, "--runs", "0"],
                                   capture_output=True, text=True, env=env, check=True).stdout.split()
            out = subprocess.run([PY, str(HERE / "inproc.py"), what, url, "--runs", str(args.runs * 2)],
                                 capture_output=True, text=True, env=env, check=True).stdout.split()
            results[(what, n)] = {"first": float(first[0]), "app": float(out[1]) / 1000, "peak": float(out[2])}
        names.update({fig.name: fig.name.format(**values) for fig in figures})
    _print(figures, sizes, results, args, names)
    return 0


def _pg_schema(base: str, schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    engine.dispose()


def _pg_has(url: str, n: int) -> bool:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM ticket WHERE id <= %(n)s", {"n": n}).scalar() == n
    except sa.exc.DBAPIError:
        return False
    finally:
        engine.dispose()


def _ms(v: float | None) -> str:
    return "—" if v is None else (f"{v * 1000:.0f} ms" if v < 10 else f"{v:.1f} s")


def _print(figures: list[Figure], sizes: list[int], results: dict, args, names: dict[str, str]) -> None:
    big, small = sizes[-1], sizes[0]
    load = os.getloadavg()[0]
    print(f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} CPUs, load {load:.1f}, "
          f"{'PostgreSQL' if args.pg else 'SQLite'}, medians of {args.runs}")
    heads = [f"{n:,}" for n in sizes]
    print("| figure | " + " | ".join(heads) + f" | floor at {big:,} | app/floor | {big:,}/{small:,} | SQL at {big:,} | peak at {big:,} | target |")
    print("|---" * (len(sizes) + 7) + "|")
    for fig in figures:
        row = [results.get((fig.name, n)) for n in sizes]
        last = row[-1] if fig.sizes == "all" else row[0]
        if last is None:
            continue
        cells = [_ms(r["app"]) if r else "" for r in row]
        scale = f"{row[-1]['app'] / row[0]['app']:.2f}×" if fig.sizes == "all" and row[0] and row[-1] else ""
        ratio = f"{last['ratio']:.2f}×" if last.get("ratio") else "—"
        sql = f"{last['sql']:.1f} ms" if last.get("sql") is not None else "—"
        print(f"| {names.get(fig.name, fig.name)} | " + " | ".join(cells) + f" | {_ms(last['floor'])} | {ratio} | {scale} | {sql} | "
              f"{last['peak']:.0f} MiB | {fig.target} |")
    for what, target in (("scan", "≤ 500 ms at 1M"), ("intake", "≤ 20 ms at 1M")):
        row = [results.get((what, n)) for n in sizes]
        if row[-1] is None:
            continue
        name = "escalation scan (in process)" if what == "scan" else "intake save (in process)"
        cells = [f"{r['app'] * 1000:.1f} ms" if r else "" for r in row]
        print(f"| {name} | " + " | ".join(cells) + f" | — | — | {row[-1]['app'] / row[0]['app']:.2f}× | — | "
              f"{row[-1]['peak']:.0f} MiB | {target}; first after generating: {row[-1]['first'] / 1000:.1f} s |")


if __name__ == "__main__":
    sys.exit(main())
