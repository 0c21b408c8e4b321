"""Estate import: buildings, units (楼栋-单元-房号) and owners from the site's roster spreadsheet.

Columns (first row, Chinese or English): 楼栋/building, 单元/entrance, 房号/room, 业主姓名/name,
电话/phone — or one 房屋/unit column holding ``3-2-1201`` instead of the first three. Every refused
row is reported with its line number; nothing is imported when a row is refused unless
``skip_bad``. Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import AuditEntry, Building, Owner, Unit
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.domain.phones import normalise_phone
from frontdesk_tui.domain.text import clean_text
from frontdesk_tui.i18n import _
from frontdesk_tui.services.uow import UnitOfWork

HEADERS = {
    "楼栋": "building", "building": "building", "楼号": "building",
    "单元": "entrance", "entrance": "entrance",
    "房号": "room", "room": "room",
    "房屋": "unit", "unit": "unit", "房屋编号": "unit",
    "业主姓名": "name", "姓名": "name", "业主": "name", "name": "name",
    "电话": "phone", "联系电话": "phone", "手机": "phone", "phone": "phone",
}


@dataclass
class ImportReport:
    rows: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)
    buildings_added: int = 0
    units_added: int = 0
    owners_added: int = 0
    owners_updated: int = 0
    imported: bool = False

    def to_json(self) -> dict:
        return {
            "rows": self.rows,
            "refused": [{"line": line, "reason": reason} for line, reason in self.refused],
            "buildings_added": self.buildings_added,
            "units_added": self.units_added,
            "owners_added": self.owners_added,
            "owners_updated": self.owners_updated,
            "imported": self.imported,
        }


@dataclass(frozen=True)
class RosterRow:
    line: int
    building: str
    entrance: str
    room: str
    name: str
    phone: str


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) for every non-empty data row of a .csv or .xlsx file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError("FILE", _("cannot read {path}: not UTF-8 or GB18030 text").format(path=path))
        table = list(csv.reader(io.StringIO(text)))
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InputError("FILE", _("cannot read {path}: {err}").format(path=path, err=exc)) from None
        sheet = wb.worksheets[0]
        table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        wb.close()
    else:
        raise InputError("FILE", _("a .xlsx or .csv file, not {suffix}").format(suffix=suffix or path.name))
    if not table:
        raise InputError("FILE", _("the file is empty"))
    columns = [HEADERS.get(h.strip().lower(), HEADERS.get(h.strip(), "")) for h in table[0]]
    if "name" not in columns or not ({"building", "entrance", "room"} <= set(columns) or "unit" in columns):
        raise InputError(
            "FILE",
            _("the first row must name the columns 楼栋, 单元, 房号 (or 房屋), 业主姓名 and 电话"),
        )
    out = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        out.append((number, {col: cells[i].strip() for i, col in enumerate(columns) if col and i < len(cells)}))
    return out


def parse_row(line: int, values: dict[str, str]) -> RosterRow:
    if values.get("unit"):
        parts = values["unit"].replace("—", "-").split("-")
        if len(parts) != 3 or not all(parts):
            raise InputError("unit", _("a unit is 楼栋-单元-房号, e.g. 3-2-1201"))
        building, entrance, room = parts
    else:
        building, entrance, room = values.get("building", ""), values.get("entrance", ""), values.get("room", "")
    building, entrance, room = (clean_text(v).removesuffix(".0") for v in (building, entrance, room))
    if not (building and entrance and room):
        raise InputError("unit", _("楼栋, 单元 and 房号 are all needed"))
    name = clean_text(values.get("name", ""))
    if not name or len(name) > 40:
        raise InputError("name", _("an owner's name of 1 to 40 characters"))
    phone_text = values.get("phone", "").removesuffix(".0")
    phone = normalise_phone(phone_text) if phone_text else ""
    return RosterRow(line, building, entrance, room, name, phone)


def import_roster(
    db: Database, actor: Actor | None, path: Path, *, now: datetime, dry_run: bool = False, skip_bad: bool = False
) -> ImportReport:
    report = ImportReport()
    good: list[RosterRow] = []
    for line, values in read_rows(path):
        report.rows += 1
        try:
            good.append(parse_row(line, values))
        except InputError as exc:
            report.refused.append((line, f"{exc.field}: {exc.reason}"))
    with UnitOfWork(db) as uow:
        s = uow.session
        buildings = {b.code: b for b in s.exec(select(Building))}
        units = {u.label: u for u in s.exec(select(Unit))}
        for row in good:
            building = buildings.get(row.building)
            if building is None:
                building = Building(code=row.building, name=f"{row.building}号楼")
                s.add(building)
                s.flush()
                buildings[row.building] = building
                report.buildings_added += 1
            label = f"{row.building}-{row.entrance}-{row.room}"
            unit = units.get(label)
            if unit is None:
                unit = Unit(building_id=building.id, entrance=row.entrance, room=row.room, label=label)
                s.add(unit)
                s.flush()
                units[label] = unit
                report.units_added += 1
            owner = s.exec(select(Owner).where(Owner.unit_id == unit.id, Owner.name == row.name)).first()
            if owner is None:
                s.add(Owner(unit_id=unit.id, name=row.name, phone=row.phone))
                report.owners_added += 1
            elif row.phone and owner.phone != row.phone:
                owner.phone = row.phone
                report.owners_updated += 1
        if dry_run or (report.refused and not skip_bad):
            return report  # rolled back
        s.add(AuditEntry(at=now, operator_id=actor.id if actor else None, action="estate.import",
                         detail=f"{path.name}: {report.owners_added} added, {report.owners_updated} updated"))
        uow.commit()
        report.imported = True
    return report
