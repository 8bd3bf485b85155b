"""Speakers across the project: who is labelled how, and each one's role."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qualcode.domain.audit import SpeakerMapChanged
from qualcode.domain.roles import Permission
from qualcode.domain.speakers import SpeakerMap
from qualcode.importers.speaker_map import read_speaker_map
from qualcode.services._base import Service
from qualcode.storage.settings import reads as settings_query


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    name: str
    role: str
    aliases: tuple[str, ...]
    turns: int
    documents: int


@dataclass
class SpeakerMapReport:
    renamed: dict[str, int] = field(default_factory=dict)  # "old -> new": turns


class SpeakerService(Service):
    def list(self) -> list[SpeakerInfo]:
        with self.database.reading() as reader:
            speakers = SpeakerMap.from_json(settings_query.get(reader, "speakers"))
            rows = settings_query.speakers(reader)
        known = {s.name: s for s in speakers.speakers}
        return [
            SpeakerInfo(
                name=r["speaker"],
                role=speakers.role(r["speaker"]),
                aliases=known[r["speaker"]].aliases if r["speaker"] in known else (),
                turns=int(r["turns"]),
                documents=int(r["documents"]),
            )
            for r in rows
        ]

    def load(self, path: Path) -> SpeakerMapReport:
        """Store a speaker map and rename the speakers of documents already imported."""
        from qualcode.storage.settings import writes as settings_repo

        new_map = read_speaker_map(path)
        report = SpeakerMapReport()
        with self.unit_of_work(needs=Permission.CODE) as uow:
            tx = uow.tx
            merged = SpeakerMap.from_json(settings_query.get(tx, "speakers")).merged(new_map)
            settings_repo.put(tx, "speakers", merged.to_json())
            for row in settings_query.speakers(tx):
                label = row["speaker"]
                canonical = merged.canonical(label)
                if canonical is not None and canonical != label:
                    report.renamed[f"{label} -> {canonical}"] = settings_repo.rename_speaker(
                        tx, label, canonical
                    )
            uow.record(SpeakerMapChanged(map=merged.to_json(), renamed=report.renamed))
        return report
