"""The compiled read statements, for the database a reader is reading.

The statements are written with SQLAlchemy Core in ``storage/statements.py`` and compiled into
``_compiled.py`` (``python -m qualcode.storage.generate``); this module only picks and fills the
plain strings, so reading needs no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from qualcode.storage._compiled import POSTGRESQL, SQLITE
from qualcode.storage.reader import Reader

FILTERS_SLOT = "__[filters]"  # where a statement takes the conditions a call chose


def list_slot(name: str) -> str:
    """Where a statement takes the list of values ``name``."""
    return f"__[{name}]"


def sql(reader: Reader, name: str, filters: Iterable[str] = ()) -> str:
    """Statement ``name`` in the reader's dialect, with the named conditions ANDed into it.

    A condition is the entry ``name.condition`` of the compiled module; none at all leaves the
    statement unrestricted.
    """
    compiled = POSTGRESQL if reader.dialect == "postgresql" else SQLITE
    text = compiled[name]
    if FILTERS_SLOT in text:
        chosen = [f"({compiled[f'{name}.{f}']})" for f in filters]
        text = text.replace(FILTERS_SLOT, " AND ".join(chosen) if chosen else "1 = 1")
    return text


def expand(text: str, name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """The list ``name`` of a statement spelled out as ``:name0, :name1, ...``, with its values.

    Both drivers take these plain parameters, for a list of any length.
    """
    params = {f"{name}{i}": value for i, value in enumerate(values)}
    return text.replace(list_slot(name), ", ".join(f":{k}" for k in params)), params
