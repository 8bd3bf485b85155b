"""Sets of documents and sets of categories, as the REFI-QDA exchange carries them.

MAXQDA, ATLAS.ti and NVivo let people group documents (by site, wave, gender) and codes (by
theme) into named sets, each with a GUID and a description. qualcode keeps them as sets, not
flattened into a case attribute, so that a round trip gives the other program its sets back
with their GUIDs, ``qualcode documents --set NAME`` lists a set's documents and ``codebook
show`` names the sets of categories. They are kept in the project's settings (as the exchange's
GUIDs are), their members by id, so that renaming a document or a category keeps its sets; a
member removed since is left out when the sets are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import NotFoundError
from qualcode.services._base import Service
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.reader import Reader
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:  # the exchange's types: loaded when the sets are read in full, not by
    # the document list, which needs their names only
    from qualcode.domain.exchange import ExSet

__all__ = ["SETS_KEY", "SetService", "document_sets", "load_sets", "stored_sets"]

SETS_KEY = "exchange:sets"


def stored_sets(reader: Reader) -> list[dict[str, Any]]:
    """The sets as stored: guid, name, description, member document and category ids."""
    return list(settings_query.get(reader, SETS_KEY) or [])


def load_sets(reader: Reader) -> list[ExSet]:
    """The sets with their members by document name and category code, in stored order."""
    from qualcode.domain.exchange import ExSet
    from qualcode.storage.codebook import reads as codebook_query

    stored = stored_sets(reader)
    if not stored:
        return []
    documents = {v: k for k, v in documents_query.id_by_name(reader).items()}
    categories = {v: k for k, v in codebook_query.ids_by_code(reader).items()}
    return [
        ExSet(
            guid=str(s.get("guid") or ""),
            name=str(s.get("name") or ""),
            description=str(s.get("description") or ""),
            documents=_members(s.get("documents"), documents),
            categories=_members(s.get("categories"), categories),
        )
        for s in stored
    ]


def _members(ids: Iterable[int] | None, names: dict[int, str]) -> tuple[str, ...]:
    return tuple(names[i] for i in ids or () if i in names)


def document_sets(reader: Reader) -> dict[int, tuple[str, ...]]:
    """Each document id with the names of the sets of documents it is in."""
    found: dict[int, list[str]] = {}
    for stored in stored_sets(reader):
        for document_id in stored.get("documents") or ():
            found.setdefault(int(document_id), []).append(str(stored.get("name") or ""))
    return {k: tuple(v) for k, v in found.items()}


class SetService(Service):
    """Reading the sets (they arrive with a project from another program)."""

    def all(self) -> list[ExSet]:
        with self.database.reading() as reader:
            return load_sets(reader)

    def get(self, name: str) -> ExSet:
        """The set called ``name`` (case does not matter)."""
        sets = self.all()
        for found in sets:
            if found.name.casefold() == name.casefold():
                return found
        known = ", ".join(repr(s.name) for s in sets) or "none"
        raise NotFoundError(f"there is no set {name!r} (the project's sets: {known})")
