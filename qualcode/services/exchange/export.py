"""A project written for other programs: the whole of it as a REFI-QDA ``.qdpx``, or its
codebook as a ``.qdc`` (the writer is :mod:`qualcode.exporters.refi`)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, TYPE_CHECKING

from qualcode.domain.exchange import ExProject
from qualcode.services._base import Service
from qualcode.services.exchange.keys import PROJECT_KEY
from qualcode.services.exchange.snapshot import snapshot
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:
    from qualcode.domain.anonymisation import Anonymiser
    from qualcode.exporters.output import Destination

__all__ = ["ProjectExport"]


class ProjectExport(Service):
    """The project as it travels (with stable GUIDs), and written as a file."""

    def snapshot(self) -> ExProject:
        """The whole project as it travels, with stable GUIDs."""
        project_guid = self._project_guid()
        with self.database.reading() as reader:
            return snapshot(reader, project_guid, self.database.describe())

    def _project_guid(self) -> str:
        with self.database.reading() as reader:
            project_guid = settings_query.get(reader, PROJECT_KEY)
        if not project_guid:
            from qualcode.storage.settings import writes as settings_repo

            with self.unit_of_work() as uow:
                project_guid = settings_query.get(uow.tx, PROJECT_KEY) or str(uuid.uuid4())
                settings_repo.put(uow.tx, PROJECT_KEY, project_guid)
        return str(project_guid)

    def export(
        self,
        fmt: str,
        target: Path | Destination | IO[bytes],
        *,
        positions: str = "code-points",
        anonymiser: Anonymiser | None = None,
    ) -> None:
        """Write the project as ``qdpx`` or its codebook as ``qdc`` to ``target``, its texts
        anonymised with ``anonymiser`` (see services/anonymisation.py).

        A ``qdpx`` streams: each document's codings are read from the project while the
        writer is at that document, in one read transaction, so memory does not grow with
        the number of codings (see docs/refi-qda.md). An anonymised one is written from the
        whole snapshot, as the codings' offsets move with the replaced words."""
        from qualcode.exporters import refi
        from qualcode.services import anonymisation

        if fmt == "qdc" or anonymiser:
            whole = anonymisation.project(self.snapshot(), anonymiser)
            if fmt == "qdc":
                refi.write_qdc(whole, target)
            else:
                refi.write_qdpx(whole, target, positions=positions)
            return
        project_guid = self._project_guid()
        with self.database.reading() as reader:
            project = snapshot(reader, project_guid, self.database.describe(), streamed=True)
            refi.write_qdpx(project, target, positions=positions)

    # -- import -------------------------------------------------------------------------
