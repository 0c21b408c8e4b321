"""A large site's database for the benchmark: ``python bench/generate.py --tickets N --db URL [--seed S]``.

SQLite (``sqlite:///PATH`` or a path) and PostgreSQL (``postgresql+psycopg://…``). The schema comes
from the project's migrations; the operators of the demo site sign in (password ``demo``). Then, in
bulk (``executemany`` on SQLite with the indexes built afterwards, ``COPY`` on PostgreSQL; never
the ORM per row):

- an estate of 30 buildings × 3 entrances × 30 floors × 4 flats (10,800 units), ~15,000 owners;
- N tickets over five years, more in recent years, in the demo's category/channel mix, with
  descriptions put together from a few hundred phrases (what broke, where, since when, what the
  owner asks), each with a timeline of what it went through (received, assess, assign, investigate,
  plan, start, contact, pause/resume, report, confirm, follow-up; ≈6 events a ticket) whose last
  step is its status; ``reported_at``, ``closed_at``, follow-up due/done as the services write them;
  ``--open-share`` of them (default 0.2) still open, received in the last year, many overdue;
- what the escalation scan has left by today (``PastScans``): the escalations already due, each
  with its timeline event, and every ticket's ``next_check_at`` from the scan's own rules, so that
  the first scan after generating reads only the tickets that can be due, as on a live site;
- a duty log entry per night (hash-chained as the service chains them), its roster day and the
  signed morning handover to the desk (counted checklist, no carried items), and one violation per
  ~50 tickets. Violation measures and inbox items are not generated.

Deterministic for a seed and a day. No ANALYZE: a desk's database never gets one.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from frontdesk_tui.data import migrate  # noqa: E402
from frontdesk_tui.data.db import Database  # noqa: E402
from frontdesk_tui.data.tables_tickets import NEVER_CHECK  # noqa: E402
from frontdesk_tui.domain.codes import (  # noqa: E402
    DEFAULT_DEPARTMENT,
    OPEN_STATUSES,
    Category,
    Complexity,
    Role,
    Severity,
    Status,
)
from frontdesk_tui.domain.duty import handover as ho  # noqa: E402
from frontdesk_tui.domain.duty.log import GENESIS, entry_fields, entry_hash  # noqa: E402
from frontdesk_tui.domain.duty.roster import ShiftKind  # noqa: E402
from frontdesk_tui.domain.search import index_terms  # noqa: E402
from frontdesk_tui.domain.tickets import escalation as rules  # noqa: E402
from frontdesk_tui.services.demo import DEMO_OPERATORS, GIVEN, MOBILE_PREFIXES, PUBLIC_AREAS, SURNAMES  # noqa: E402
from frontdesk_tui.services.site.passwords import hash_password  # noqa: E402

#: The site's records end today (midnight UTC), so that the app's own clock finds them current.
NOW = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
YEARS = 5

WHAT = {
    "engineering": [
        "卫生间漏水", "楼下天花板渗水", "厨房水管爆裂", "电梯经常停在{f}楼不动", "电梯困人", "电梯门关不上",
        "楼道灯坏了", "声控灯不亮", "厨房下水道堵塞", "地漏反味", "停电后一直没电", "电表箱跳闸",
        "外墙渗水", "卧室墙面发霉", "消防栓箱门损坏", "门禁刷卡没反应", "对讲机没有声音", "水压很低",
        "热水器排烟管脱落", "阳台雨水管堵塞", "窗户密封条老化漏风", "空调外机支架生锈", "屋顶防水层破损",
        "车库顶板滴水", "单元门闭门器坏了", "信报箱门掉了", "楼梯扶手松动", "自来水发黄",
    ],
    "sanitation": [
        "楼道垃圾没有清运", "垃圾桶满了溢出来", "草坪很久没有修剪", "蚊虫很多", "电梯里有宠物粪便",
        "垃圾站异味很大", "楼道地面很脏", "落叶堆积没人扫", "化粪池冒水", "水景池发臭", "树枝挡住窗户",
        "装修垃圾堆在门口", "楼顶杂物很多",
    ],
    "security": [
        "陌生人尾随进入单元门", "车库照明全部熄灭", "夜间巡逻看不到保安", "消防通道被车辆堵塞",
        "小区门口乱停车", "电动车在楼道充电", "外来人员发小广告", "监控摄像头坏了", "快递柜附近有人翻包裹",
        "地下车库有人飙车", "高空抛物",
    ],
    "service": [
        "前台工作人员态度不好", "报修{d}天没人联系", "多收了一个月物业费", "停车费收费标准不清楚",
        "维修师傅上门不守时", "电话一直没人接", "公告没有及时张贴", "发票开错了",
    ],
    "other": [
        "楼上深夜噪音扰民", "邻居在公共走廊堆放杂物", "楼下饭店油烟很大", "邻居装修时间太早",
        "宠物狗不拴绳", "邻居养鸽子有异味", "广场舞声音太大",
    ],
}
WHERE = ["", "", "在{b}号楼{e}单元", "在楼道", "在电梯厅", "在地下车库", "在中心花园", "在小区东门", "在{f}楼"]
SINCE = ["", "", "已经{d}天了", "昨天晚上开始", "这周第二次了", "反映过好几次", "今天早上发现", "持续一个多月"]
ASK = [
    "尽快上门维修", "请安排师傅处理", "彻底解决", "给个说法", "及时清理", "加强管理", "退还多收费用",
    "道歉并改进", "协调邻居", "尽快回复处理进度", "赔偿损失", "增加巡逻",
]
NOTES = ["上门查看，确认问题属实", "安排维修人员，预计两天内完成", "已处理完毕", "电话告知业主处理进度", "回访业主"]
CATEGORY_WEIGHTS = {"engineering": 40, "sanitation": 20, "security": 15, "service": 12, "other": 13}
CHANNELS = (["phone"] * 45) + (["visit"] * 30) + (["online"] * 18) + (["staff"] * 7)
HANDLERS = {"engineering": "周师傅", "sanitation": "吴秀兰", "security": "郑队长", "property": "黄敏"}
OPEN_STATES = ["received", "assessed", "assigned", "investigating", "planned", "in_progress", "result_reported"]
H = timedelta(hours=1)


def stamp(at: datetime | None, pg: bool) -> object:
    """A time as the app stores it (SQLite: SQLAlchemy's ``%Y-%m-%d %H:%M:%S.%f`` text in UTC).
    ``isoformat`` writes the same text in a fifth of ``strftime``'s time (10 s of 1M rows' 7.5M stamps)."""
    if at is None:
        return None
    return at if pg else at.replace(tzinfo=None).isoformat(" ", "microseconds")


_LINE_TERMS: dict[str, list[str]] = {}


def _terms(lines: list[str]) -> str:
    """``index_terms("\\n".join(lines))`` with each line's terms remembered: the descriptions and
    names repeat, and the terms never span a line (a newline ends a CJK run). Same text, a third
    of the time."""
    merged: dict[str, None] = {}
    for line in lines:
        got = _LINE_TERMS.get(line)
        if got is None:
            got = _LINE_TERMS[line] = index_terms(line).split()
        merged.update(dict.fromkeys(got))
    return " ".join(merged)


_JSON: dict[tuple, str] = {}


def _json(data: dict) -> str:
    key = tuple(sorted(data.items()))
    got = _JSON.get(key)
    if got is None:
        got = _JSON[key] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return got


class Writer:
    """Bulk rows into one table: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""

    def __init__(self, raw, pg: bool, table: str, columns: list[str], batch: int = 20_000,
                 parent: Writer | None = None) -> None:
        self.raw, self.pg, self.table, self.columns, self.batch = raw, pg, table, columns, batch
        self.parent = parent  # its rows go first (PostgreSQL checks foreign keys row by row)
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.parent is not None:
            self.parent.flush()
        cols = ", ".join(self.columns)
        cur = self.raw.cursor()
        if self.pg:
            with cur.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(self.columns))
            cur.executemany(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", self.rows)
        cur.close()
        self.count += len(self.rows)
        self.rows.clear()


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _description(rng: random.Random, category: str) -> tuple[str, str]:
    fill = {"f": rng.randrange(2, 31), "d": rng.randrange(2, 9), "b": rng.randrange(1, 31), "e": rng.randrange(1, 4)}
    parts = [rng.choice(WHERE), rng.choice(WHAT[category]), rng.choice(SINCE)]
    if rng.random() < 0.3:
        parts.append(rng.choice(WHAT[category]))
    text = "，".join(p.format(**fill) for p in parts if p)
    return text, rng.choice(ASK)


def _received(rng: random.Random, is_open: bool) -> datetime:
    # Open ones are recent (the old ones long overdue); more tickets in recent years.
    days = rng.triangular(0, 365, 0) if is_open else YEARS * 365 * (1 - rng.random() ** 0.7)
    at = NOW - timedelta(days=days)
    local_hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 11, 10, 8, 9, 10, 10, 9, 8, 8, 7, 5, 3, 2, 1])[0]
    return at.replace(hour=(local_hour - 8) % 24, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)


def _timeline(rng: random.Random, status: str, at: datetime, department: str) -> tuple[list[tuple[str, datetime, str, dict]], dict]:
    """The events of a ticket up to ``status``, and the ticket columns they leave behind."""
    events: list[tuple[str, datetime, str, dict]] = [("received", at, "desk", {})]
    cols: dict = {"reported_at": None, "closed_at": None, "follow_up_due_at": None, "follow_up_done": False,
                  "last_update_at": None, "paused_at": None, "complexity": None, "severity": None}
    if status in ("answered", "withdrawn", "invalid"):
        kind = {"answered": "answer", "withdrawn": "withdraw", "invalid": "invalidate"}[status]
        end = at + timedelta(minutes=rng.randrange(5, 600))
        events.append((kind, end, "desk", {"note": "当场解释清楚，业主表示理解"} if kind == "answer" else {"reason": "业主来电说问题已自行解决"}))
        cols["closed_at"] = end
        return events, cols
    order = ["assessed", "assigned", "investigating", "planned", "in_progress", "result_reported", "closed"]
    target = order.index(status) if status in order else -1
    steps = [("assess", "assessed"), ("assign", "assigned"), ("investigate", "investigating"), ("plan", "planned"),
             ("start", "in_progress"), ("report", "result_reported"), ("confirm", "closed")]
    complexity = rng.choices(["simple", "moderate", "complex"], weights=[45, 40, 15])[0]
    severity = rng.choices(["minor", "important", "major"], weights=[55, 35, 10])[0]
    pace = timedelta(hours=rng.uniform(1, 20) * (6 if rng.random() < 0.18 else 1))
    for i, (word, _state) in enumerate(steps):
        if i > target:
            break
        at += pace if i >= 2 else timedelta(minutes=rng.randrange(10, 240))
        data: dict = {}
        if word == "assess":
            cols["complexity"], cols["severity"] = complexity, severity
            data = {"complexity": complexity, "severity": severity}
        elif word == "assign":
            data = {"department": department}
        elif word == "report":
            data = {"how_told": rng.choice(["phone", "sms", "visit"])}
            cols["reported_at"] = cols["last_update_at"] = at
        elif word == "confirm":
            cols["closed_at"] = at
            cols["follow_up_due_at"] = at + timedelta(days=3)
        events.append((word, at, "staff", data))
        if word == "start" and complexity != "simple" and rng.random() < 0.3:
            at += H * rng.uniform(4, 30)
            events.append(("contact", at, "staff", {}))
            cols["last_update_at"] = at
    if status == "closed" and cols["follow_up_due_at"] <= NOW - timedelta(days=5):
        at += timedelta(days=rng.uniform(0.5, 3))
        sat = rng.choices(["very_satisfied", "satisfied", "fair", "dissatisfied"], weights=[35, 40, 17, 8])[0]
        events.append(("follow-up", at, "desk", {"satisfaction": sat}))
        cols["follow_up_done"] = True
    elif status in OPEN_STATES and status not in ("received", "result_reported") and rng.random() < 0.05:
        at += H
        events.append(("pause", at, "staff", {"reason": "等待配件到货"}))
        cols["paused_at"] = at
    return events, cols


_OPEN = {str(x) for x in OPEN_STATUSES}


class PastScans:
    """What years of the escalation scan (once a minute) have left on a ticket by today: the
    escalations already due (an ``escalation`` row and its timeline event each; the inbox items
    are not written) and ``next_check_at``, the time the scan must look again (issue 15), from the
    same domain rules the scan applies. Without it every ticket is new to the scan, whose first run
    at 1M then reads all of them (18 s at 100k). Tickets that can never escalate get
    ``NEVER_CHECK`` as the scan gives them; the R-SV-5 (b) repeat count is left to the scan's own
    query (it depends on other tickets)."""

    def __init__(self, tz, calendar, settings: rules.EscalationSettings) -> None:
        self.tz, self.calendar, self.settings = tz, calendar, settings

    def check(self, tid: int, status: str, c: dict, emergency: bool, department: str, handler: int | None,
              received: datetime, due: datetime) -> tuple[datetime, list[rules.Escalation]]:
        if status not in _OPEN and (status != "closed" or c["follow_up_done"] or c["closed_at"] is None):
            return NEVER_CHECK, []
        facts = rules.TicketFacts(
            ticket_id=tid, status=Status(status), severity=Severity(c["severity"]) if c["severity"] else None,
            complexity=Complexity(c["complexity"]) if c["complexity"] else None, emergency=emergency,
            department=department, handler_id=handler, received_at=received, due_at=due,
            deadline_started_at=received, reported_at=c["reported_at"], paused=c["paused_at"] is not None,
            last_update_at=c["last_update_at"], closed_at=c["closed_at"], follow_up_done=c["follow_up_done"],
            valid=status != "invalid",
        )
        kw = {"tz": self.tz, "calendar": self.calendar, "settings": self.settings}
        due_now = rules.escalations_due(facts, NOW, **kw)
        if due_now:
            facts = replace(facts, already=frozenset(e.key for e in due_now))
        return rules.next_check_at(facts, NOW, **kw) or NEVER_CHECK, due_now


def generate(url: str, tickets: int, seed: int, open_share: float = 0.2, log=print) -> Database:
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    db = Database(url, durable=False)
    pg = not db.is_sqlite
    if db.is_sqlite:
        assert db.sqlite_file is not None
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(db.sqlite_file) + suffix).unlink(missing_ok=True)
        db = Database(url, durable=False)
    else:
        # A rerun starts from an empty schema made by the migrations (they seed the departments).
        with db.write_engine.begin() as conn:
            schema = conn.exec_driver_sql("SHOW search_path").scalar().split(",")[0].strip().strip('"')
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        db.dispose()
    migrate.upgrade(db)
    from frontdesk_tui.config import Settings
    from frontdesk_tui.services.site import open_site
    from frontdesk_tui.services.tickets.escalation import EVENT_KIND, escalation_settings

    site = open_site(Settings(db=db.url), db)
    scan = PastScans(site.tz, site.calendar, escalation_settings(site))
    rng = random.Random(seed)
    started = time.perf_counter()
    db.dispose()  # the migration's connections: SQLite must be alone to leave WAL for the load
    if pg:
        raw = db.write_engine.raw_connection()
        dbapi = raw.driver_connection
    else:
        import sqlite3

        raw = dbapi = sqlite3.connect(str(db.sqlite_file), isolation_level=None)
    cur = dbapi.cursor()
    if pg:
        dbapi.commit()
    else:
        cur.execute("PRAGMA journal_mode = OFF")
        cur.execute("PRAGMA synchronous = OFF")
        cur.execute("PRAGMA foreign_keys = OFF")
        cur.execute("BEGIN")
    # Secondary indexes are built once at the end on SQLite (much faster than row by row).
    indexes: list[str] = []
    if not pg:
        cur.execute(
            "SELECT sql, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('ticket', 'ticket_event', 'escalation', 'violation', 'violation_measure', 'owner')"
        )
        for sql, name in cur.fetchall():
            indexes.append(sql)
            cur.execute(f'DROP INDEX "{name}"')
        # The search index is rebuilt once at the end too (its triggers would index row by row).
        cur.execute("SELECT sql, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ticket_fts_%'")
        fts_triggers = cur.fetchall()
        for _sql, trigger in fts_triggers:
            cur.execute(f'DROP TRIGGER "{trigger}"')

    def ts(at):
        return stamp(at, pg)

    pw = hash_password("demo")
    ops: dict[str, int] = {}
    w = Writer(dbapi, pg, "operator", ["id", "name", "role", "department", "password_hash", "active", "created_at"])
    for i, (name, role, dept) in enumerate(DEMO_OPERATORS, start=1):
        w.add((i, name, role, dept, pw, True, ts(NOW - timedelta(days=YEARS * 366))))
        ops[name] = i
    w.flush()
    desks = [ops[n] for n, r, _d in DEMO_OPERATORS if r == "receptionist"]
    staff_of = {d: ops.get(n) for d, n in HANDLERS.items()}
    wb = Writer(dbapi, pg, "building", ["id", "code", "name"])
    wu = Writer(dbapi, pg, "unit", ["id", "building_id", "entrance", "room", "label"])
    units: list[tuple[int, str]] = []
    for b in range(1, 31):
        wb.add((b, str(b), f"{b}号楼"))
        for e in range(1, 4):
            for floor in range(1, 31):
                for flat in range(1, 5):
                    uid = len(units) + 1
                    label = f"{b}-{e}-{floor}{flat:02d}"
                    wu.add((uid, b, str(e), f"{floor}{flat:02d}", label))
                    units.append((uid, label))
    wb.flush()
    wu.flush()
    wo = Writer(dbapi, pg, "owner", ["id", "unit_id", "name", "phone"])
    owners: dict[int, list[tuple[str, str]]] = {}
    oid = 0
    for uid, _label in units:
        if rng.random() < 0.9:
            names: set[str] = set()
            for _ in range(1 if rng.random() < 0.6 else 2):
                name = _name(rng)
                if name in names:
                    continue
                names.add(name)
                oid += 1
                phone = _phone(rng)
                wo.add((oid, uid, name, phone))
                owners.setdefault(uid, []).append((name, phone))
    wo.flush()
    wa = Writer(dbapi, pg, "publicarea", ["id", "name"])
    for i, area in enumerate(PUBLIC_AREAS, start=1):
        wa.add((i, area))
    wa.flush()
    log(f"  estate: {len(units):,} units, {oid:,} owners ({time.perf_counter() - started:.1f} s)")

    ticket_cols = [
        "id", "version", "status", "channel", "category", "severity", "complexity", "emergency", "unit_id",
        "location", "owner_name", "phone", "contact", "received_at", "place", "against", "description", "request",
        "equipment", "symptom", "staff", "read_back_confirmed", "department", "handler_id", "due_at",
        "deadline_started_at", "paused_at", "reported_at", "closed_at", "last_update_at", "follow_up_due_at",
        "follow_up_done", "follow_up_flagged", "has_summary", "escalated", "search_text", "search_terms", "created_by",
        "updated_at", "updated_by", "next_check_at",
    ]
    wt = Writer(dbapi, pg, "ticket", ticket_cols)
    we = Writer(dbapi, pg, "ticket_event", ["id", "ticket_id", "kind", "at", "operator_id", "rule", "note", "data", "corrects_id"], parent=wt)
    wx = Writer(dbapi, pg, "escalation", ["id", "ticket_id", "rule", "kind", "deadline_key", "at"], parent=wt)
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    closed_states = ["closed"] * 88 + ["answered"] * 8 + ["withdrawn"] * 3 + ["invalid"] * 1
    open_weights = [10, 8, 25, 15, 12, 20, 10]
    event_id = 0
    rows = []
    for _i in range(tickets):
        is_open = rng.random() < open_share
        received = _received(rng, is_open)
        rows.append((received, is_open))
    rows.sort(key=lambda r: r[0])  # ids follow the time of receipt, as at a real desk
    for tid, (received, is_open) in enumerate(rows, start=1):
        category = rng.choices(categories, weights)[0]
        status = rng.choices(OPEN_STATES, open_weights)[0] if is_open else rng.choice(closed_states)
        uid, label = rng.choice(units)
        name, phone = rng.choice(owners.get(uid) or [(_name(rng), _phone(rng))])
        description, request = _description(rng, category)
        department = DEFAULT_DEPARTMENT[Category(category)]
        events, c = _timeline(rng, status, received, department)
        hours = {"simple": 24, "moderate": 72, "complex": 24 * 10}.get(c["complexity"] or "simple", 24)
        due = received + timedelta(hours=hours) * (1 if rng.random() < 0.7 else rng.uniform(1, 3))
        handler = staff_of.get(department) if status not in ("received", "assessed") else None
        desk = desks[tid % len(desks)]
        emergency = is_open and rng.random() < 0.001
        lines = [v.lower() for v in (name, label, description, request) if v]
        text = "\n".join(lines)
        last_at = events[-1][1]
        check, escalations = scan.check(tid, status, c, emergency, department, handler, received, due)
        if any(e.upgrade_to_major for e in escalations):
            c["severity"] = "major"
        wt.add((
            tid, len(events), status, rng.choice(CHANNELS), category, c["severity"], c["complexity"], emergency, uid,
            label, name, phone, "", ts(received), "", "", description, request, "", "", "", True, department, handler,
            ts(due), ts(received), ts(c["paused_at"]), ts(c["reported_at"]), ts(c["closed_at"]), ts(c["last_update_at"]),
            ts(c["follow_up_due_at"]), c["follow_up_done"], False, False, bool(escalations), text, _terms(lines), desk, ts(last_at),
            handler or desk, ts(check),
        ))
        for kind, at, who, data in events:
            event_id += 1
            operator = desk if who == "desk" else (handler or desk)
            note = rng.choice(NOTES) if kind in ("investigate", "plan", "report", "contact", "follow-up") else ""
            if kind == "received":
                note = description
            we.add((event_id, tid, kind, ts(at), operator, "", note, _json(data), None))
        for esc in escalations:
            event_id += 1
            data = {"kind": str(esc.kind), "deadline_key": esc.deadline_key, "recipients": []}
            we.add((event_id, tid, EVENT_KIND, ts(NOW), None, esc.rule, esc.message[:500], json.dumps(data, ensure_ascii=False), None))
            wx.add((wx.count + len(wx.rows) + 1, tid, esc.rule, str(esc.kind), esc.deadline_key, ts(NOW)))
        if tid % 200_000 == 0:
            log(f"  {tid:,} tickets ({time.perf_counter() - started:.1f} s)")
    wt.flush()
    we.flush()
    wx.flush()
    log(f"  {wt.count:,} tickets, {we.count:,} events, {wx.count:,} escalations ({time.perf_counter() - started:.1f} s)")

    # The duty log: an entry per night, chained as the service chains it.
    wd = Writer(dbapi, pg, "duty_log", ["id", "at", "author_id", "text", "follow_up", "important", "prev_hash", "hash"])
    officers = [ops[n] for n, r, _d in DEMO_OPERATORS if r == "duty_officer"]
    wr = Writer(dbapi, pg, "roster_day", ["day", "officer_id", "set_by", "set_at"])
    wh = Writer(dbapi, pg, "handover", [
        "id", "version", "at", "outgoing_side", "incoming_side", "stage", "state", "started_at", "started_by",
        "updated_at", "updated_by", "outgoing_id", "outgoing_signed_at", "incoming_id", "incoming_signed_at",
        "override_by", "override_reason", "log_head_id", "log_head_hash",
    ])
    prev = GENESIS
    nights = min(YEARS * 365, max(30, tickets // 500))
    first_night = (NOW - timedelta(days=nights)).date()
    for n in range(nights):
        day = first_night + timedelta(days=n)
        at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=14, minutes=rng.randrange(300))
        author = officers[n % len(officers)]
        text = rng.choice(["巡查楼道一遍，无异常", "地下车库照明正常", "接业主电话报修一起，已登记", "东门岗亭交接钥匙"])
        digest = entry_hash(prev, entry_fields(n + 1, at, author, text, "", False, None))
        wd.add((n + 1, ts(at), author, text, "", False, prev, digest))
        prev = digest
        # R-DU-1 the roster day as the assistant set it the month before; R-HO-4 the morning
        # handover to the desk, signed by both sides with the log's head (its checklist counted, no
        # open items carried: the generated queue is not replayed shift by shift).
        wr.add((day.isoformat(), author, ops["李娜"], ts(at - timedelta(days=30))))
        change = datetime.combine(day + timedelta(days=1), day_time(8, 30), tzinfo=site.tz).astimezone(UTC)
        desk = desks[n % len(desks)]
        state = ho.HandoverState(
            change, ShiftKind.DUTY, ShiftKind.DAY_DESK, ho.Stage.SIGNED,
            counts=tuple(ho.ItemCount(i.name, i.expected, i.expected) for i in site.settings.handover_items),
            outgoing_id=author, outgoing_role=Role.DUTY_OFFICER, outgoing_signed_at=change - timedelta(minutes=2),
            incoming_id=desk, incoming_role=Role.RECEPTIONIST, incoming_signed_at=change + timedelta(minutes=3),
            log_head=(n + 1, digest),
        )
        begun = change - timedelta(minutes=15)
        wh.add((n + 1, 4, ts(change), "duty", "day_desk", "signed", json.dumps(ho.state_to_dict(state), ensure_ascii=False),
                ts(begun), author, ts(state.incoming_signed_at), desk, author, ts(state.outgoing_signed_at), desk,
                ts(state.incoming_signed_at), None, "", n + 1, digest))
    wd.flush()
    wr.flush()
    wh.flush()
    # Violations in proportion (one per ~50 tickets).
    wv = Writer(dbapi, pg, "violation", [
        "id", "version", "unit_id", "unit_label", "violator", "at", "kind", "facts", "recorder_id", "suggested_class",
        "confirmed_class", "attachments", "closed_at", "measure_count", "pending_signs", "in_effect",
        "follow_up_pending", "last_measure", "recorded_at", "updated_at", "updated_by",
    ])
    kinds = ["renovation", "fire", "sanitation", "order", "fee", "harm"]
    for vid in range(1, max(1, tickets // 50) + 1):
        uid, label = rng.choice(units)
        at = NOW - timedelta(days=YEARS * 365 * rng.random())
        closed = at + timedelta(days=rng.uniform(1, 40)) if at < NOW - timedelta(days=60) else None
        wv.add((vid, 1, uid, label, _name(rng), ts(at), rng.choice(kinds), "未经申报擅自施工，已拍照留存",
                ops["陈晓燕"], "general", "general", "[]", ts(closed), 0, 0, False, False, "", ts(at), ts(at), ops["陈晓燕"]))
    wv.flush()
    log(f"  {wd.count:,} duty log entries, rostered nights and signed handovers, {wv.count:,} violations ({time.perf_counter() - started:.1f} s)")
    if pg:
        for table in ("operator", "building", "unit", "owner", "publicarea", "ticket", "ticket_event", "escalation",
                      "violation", "duty_log", "handover"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        dbapi.commit()
    else:
        for sql in indexes:
            cur.execute(sql)
        cur.execute("INSERT INTO ticket_fts (ticket_fts) VALUES ('rebuild')")
        for sql, _trigger in fts_triggers:
            cur.execute(sql)
        cur.execute("COMMIT")
        cur.execute("PRAGMA journal_mode = WAL")  # as the app keeps it
        log(f"  indexes built ({time.perf_counter() - started:.1f} s)")
    cur.close()
    raw.close()
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/generate.py", description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--db", required=True, metavar="URL", help="sqlite:///PATH, a path, or postgresql+psycopg://…")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--open-share", type=float, default=0.2, help="share of tickets still open (default 0.2)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"generating {args.tickets:,} tickets into {args.db} (seed {args.seed}) …")
    db = generate(args.db, args.tickets, args.seed, args.open_share)
    db.dispose()
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
