"""A coder's pinned categories: keys 1-9 in the workbench, kept in the project's settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.services._base import Service
from qualcode.storage.reader import Reader

if TYPE_CHECKING:
    from qualcode.storage.db import Transaction

MOST_PINS = 9


def pinned(reader: Reader, coder: str) -> list[str]:
    """A coder's pins, in key order."""
    from qualcode.storage.settings import reads as settings_query

    value = settings_query.get(reader, f"pinned:{coder}")
    return [str(code) for code in value] if isinstance(value, list) else []


def store(tx: Transaction, coder: str, codes: list[str]) -> list[str]:
    """Store a coder's pins (each once, at most nine, in order); returns what was stored."""
    from qualcode.storage.settings import writes as settings_repo

    codes = list(dict.fromkeys(codes))[:MOST_PINS]
    settings_repo.put(tx, f"pinned:{coder}", codes)
    return codes


def pin_if_room(tx: Transaction, coder: str, code: str) -> list[str]:
    """A category just used gets the next free key, while one is free; returns the pins."""
    pins = pinned(tx, coder)
    if code in pins or len(pins) >= MOST_PINS:
        return pins
    return store(tx, coder, [*pins, code])


class PinService(Service):
    def pinned(self) -> list[str]:
        """The acting coder's pinned categories (keys 1-9 in the workbench)."""
        with self.database.reading() as reader:
            return pinned(reader, self.coder)

    def set_pinned(self, codes: list[str]) -> list[str]:
        """Store the acting coder's pins (at most nine, in order)."""
        with self.database.transaction() as tx:
            return store(tx, self.coder, codes)
