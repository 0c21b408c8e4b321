"""The unit of work: one session, one transaction; leaving without ``commit()`` rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from frontdesk_tui.data.db import Database


class UnitOfWork:
    """``with UnitOfWork(db) as uow: … uow.commit()``. Read-only work passes ``write=False``."""

    def __init__(self, db: Database, *, write: bool = True) -> None:
        self.db = db
        self.write = write
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        engine = self.db.write_engine if self.write else self.db.read_engine
        self._session = Session(engine, expire_on_commit=False, autoflush=True)
        return self

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed, without expiring what was loaded, so
        # results read inside the block stay usable after it.
        self.session.close()
        self._session = None


__all__ = ["UnitOfWork", "IntegrityError", "OperationalError"]
