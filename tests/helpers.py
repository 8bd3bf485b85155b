"""Test helpers: paths to the project's material and a full dump of a project database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from qualcode import samples
from qualcode.storage.db import make_engine
from qualcode.storage.location import parse_location

ROOT = Path(__file__).resolve().parent.parent
TRANSCRIPTS = samples.case_attributes().parent  # the material bundled with the package
CODEBOOK = samples.codebook()
SHARED = ROOT.parent / "shared"
SAMPLE_FILES = samples.transcripts()


def dump(location: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two dumps are equal iff the projects hold the same."""
    engine = make_engine(parse_location(location))
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            result = {}
            for table in sorted(inspector.get_table_names()):
                rows = conn.execute(sa.text(f'SELECT * FROM "{table}"')).all()
                result[table] = sorted(tuple(map(repr, r)) for r in rows)
            return result
    finally:
        engine.dispose()
