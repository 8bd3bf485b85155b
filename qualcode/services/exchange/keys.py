"""Where the exchange keeps, in the project's settings, what qualcode has no table for: the
project's own GUID, the GUIDs other programs gave its entities, the name it came with, and the
audit trail of the project it was imported from."""

from __future__ import annotations

PROJECT_KEY = "exchange:project"
GUIDS_KEY = "exchange:guids"
NAME_KEY = "exchange:name"
AUDIT_KEY = "exchange:audit"
OWN_EVENTS = "project"  # imports and merges stay with the project that made them
