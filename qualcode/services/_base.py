"""What every service shares: the database, the acting coder, and the clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from qualcode.storage.db import Database
from qualcode.storage.repositories import coders as coders_repo


class Service:
    def __init__(self, database: Database, coder: str) -> None:
        self.database = database
        self.coder = coder

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def _coder_id(self, conn: Any) -> int:
        """The acting coder's id inside the current transaction (created on first write)."""
        return coders_repo.ensure(conn, self.coder)
