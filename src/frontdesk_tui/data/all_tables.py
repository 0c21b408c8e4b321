"""Import every table module so ``SQLModel.metadata`` knows the whole schema (Alembic, tests)."""

from sqlmodel import SQLModel

from frontdesk_tui.data import tables  # noqa: F401

# Feature table modules register here (one line each): tickets, duty, violations.
FEATURE_MODULES = (
    "frontdesk_tui.data.tables_tickets",
    "frontdesk_tui.data.tables_duty",
    "frontdesk_tui.data.tables_violations",
)


def load_all() -> type[SQLModel]:
    import importlib

    for name in FEATURE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return SQLModel


metadata = load_all().metadata
