"""What every service shares: the database, the acting coder, and the clock."""

from __future__ import annotations

from datetime import UTC, datetime

from qualcode.storage.db import Database, Transaction


class Service:
    def __init__(self, database: Database, coder: str) -> None:
        self.database = database
        self.coder = coder

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def _coder_id(self, tx: Transaction) -> int:
        """The acting coder's id inside the current transaction (created on first write)."""
        from qualcode.storage.repositories import coders

        return coders.ensure(tx, self.coder)
