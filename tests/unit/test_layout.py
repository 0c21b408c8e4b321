"""The layout shows the desk's areas (issue 10): no module takes another area's private names.

import-linter (pyproject.toml) keeps which area may use which; this keeps *how*: across areas only
public names (no leading underscore) are imported, so an area's insides can change without breaking
another.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import frontdesk_tui

SRC = Path(frontdesk_tui.__file__).parent
LAYERS = ("services", "ui.screens", "domain")


def area_of(module: str) -> str | None:
    """``frontdesk_tui.services.duty.handover`` → ``services.duty``; None outside an area package."""
    parts = module.split(".")[1:]
    for layer in LAYERS:
        lparts = layer.split(".")
        if parts[: len(lparts)] == lparts and len(parts) > len(lparts) + 1:
            return ".".join(parts[: len(lparts) + 1])
    return None


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
        parts.append("__init__")  # an area's __init__ belongs to the area
    return ".".join(parts)


def sources():
    for path in SRC.rglob("*.py"):
        yield module_name(path), path.read_text(encoding="utf-8")


def cross_area_private_imports(modules) -> list[str]:
    found = []
    for here, source in modules:
        here_area = area_of(here)
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.ImportFrom) or not node.module or not node.module.startswith("frontdesk_tui."):
                continue
            there_area = area_of(node.module + ".x")
            if there_area is None or there_area == here_area:
                continue
            private = [a.name for a in node.names if a.name.startswith("_")]
            if private or any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"{here}: from {node.module} import {', '.join(private)}")
    return found


def test_areas_are_the_folders_a_newcomer_looks_for() -> None:
    for area in ("tickets", "duty", "violations", "supervision", "site"):
        assert (SRC / "services" / area / "__init__.py").is_file(), area
    for area in ("tickets", "duty", "violations", "supervision"):
        assert (SRC / "ui" / "screens" / area / "__init__.py").is_file(), area
    for area in ("tickets", "duty", "violations", "supervision"):
        assert (SRC / "domain" / area / "__init__.py").is_file(), area
    # Done-when of issue 10, by folder name alone:
    assert (SRC / "services" / "duty" / "handover.py").is_file()  # where a handover is signed
    assert (SRC / "domain" / "duty" / "handover.py").is_file()  # ... and what blocks signing
    assert (SRC / "domain" / "deadlines.py").is_file()  # where a deadline is computed
    assert (SRC / "domain" / "supervision" / "kpi.py").is_file()  # where the monthly figures are defined
    assert (SRC / "services" / "supervision" / "reports.py").is_file()  # ... and gathered for a month
    assert area_of("frontdesk_tui.domain.duty.handover") == "domain.duty"


def test_no_area_imports_another_areas_private_names() -> None:
    assert cross_area_private_imports(sources()) == []


def test_the_check_sees_a_private_import() -> None:
    # The checker itself: an area module naming another area's underscore helper is reported,
    # the same import inside the area is not.
    source = "from frontdesk_tui.services.tickets.queries import _event_row, build_view\n"
    assert cross_area_private_imports([("frontdesk_tui.services.duty.handover", source)]) == [
        "frontdesk_tui.services.duty.handover: from frontdesk_tui.services.tickets.queries import _event_row"
    ]
    assert cross_area_private_imports([("frontdesk_tui.services.tickets.actions", source)]) == []
    assert area_of("frontdesk_tui.services.duty.handover") == "services.duty"
    assert area_of("frontdesk_tui.services.uow") is None
    assert area_of("frontdesk_tui.ui.screens.tickets.queue") == "ui.screens.tickets"


def test_import_contracts_hold() -> None:
    # pyproject.toml's contracts (layers, pure domain, one area's screens on its own services) are
    # part of the suite, not only of `make lint`.
    from importlinter.cli import lint_imports

    root = SRC.parent.parent
    here = os.getcwd()
    os.chdir(root)
    try:
        assert lint_imports(config_filename=str(root / "pyproject.toml"), no_cache=True) == 0
    finally:
        os.chdir(here)
