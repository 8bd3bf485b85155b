"""The analysis plan and the export wording of a project: read, changed field by field or as
an edited form, each change an event of the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.terminology import Terms, preset
from qualcode.services._base import Service
from qualcode.storage.reader import Reader
from qualcode.storage.settings import reads as settings_query

if TYPE_CHECKING:  # the plan's types load with the plan, not with every export's wording
    from pathlib import Path
    from typing import BinaryIO

    from qualcode.domain.plan import AnalysisPlan
    from qualcode.exporters.methods import Chapter
    from qualcode.exporters.table import Table

__all__ = ["PLAN_KEY", "TERMS_KEY", "PlanService", "read_plan", "read_terms", "worded"]

PLAN_KEY = "analysis-plan"
TERMS_KEY = "terms"


def read_plan(reader: Reader) -> AnalysisPlan:
    """The stored plan (empty when none was written), for services that word exports."""
    from qualcode.domain.plan import AnalysisPlan

    return AnalysisPlan.from_dict(settings_query.get(reader, PLAN_KEY))


def read_terms(reader: Reader) -> Terms:
    """The project's export wording (Mayring's by default)."""
    return Terms.from_dict(settings_query.get(reader, TERMS_KEY))


class PlanService(Service):
    """The analysis plan (Ablaufmodell) and the words the exports use."""

    def get(self) -> AnalysisPlan:
        with self.database.reading() as reader:
            return read_plan(reader)

    def form(self) -> str:
        """The plan as a commented YAML form, for an editor."""
        from qualcode.domain.plan import form

        return form(self.get())

    def set(self, name: str, value: str | list[str]) -> AnalysisPlan:
        """One field changed (a list field takes a list, or one text for a single entry)."""
        return self.save(self.get().with_value(name, value))

    def add(self, name: str, value: str) -> AnalysisPlan:
        """One more entry of a list field (another research question or technique)."""
        plan = self.get()
        current = plan.value(name)
        if isinstance(current, str):
            raise InvalidInputError(f"{name} holds one text: use 'plan set' to change it")
        return self.save(plan.with_value(name, [*current, value]))

    def save_form(self, text: str) -> AnalysisPlan:
        """The plan as the edited form says; a form that does not read leaves the plan as it
        was and says where it went wrong."""
        import yaml

        from qualcode.importers import strict_yaml

        try:
            data = strict_yaml.load(text)
        except yaml.YAMLError as exc:
            reason = strict_yaml.reason(exc) or str(exc).splitlines()[0]
            raise InvalidInputError(f"the plan form does not read: {reason}") from None
        from qualcode.domain.plan import AnalysisPlan

        return self.save(AnalysisPlan.from_dict(data))

    def save(self, plan: AnalysisPlan) -> AnalysisPlan:
        """Store the whole plan; the trail records the fields that changed."""
        from qualcode.domain.audit import PlanChanged
        from qualcode.storage.settings import writes as settings_repo

        with self.unit_of_work() as uow:
            old = read_plan(uow.tx)
            before, after = old.as_dict(), plan.as_dict()
            changed = sorted(k for k in after if after[k] != before[k])
            if not changed:
                return old
            settings_repo.put(uow.tx, PLAN_KEY, after)
            uow.record(
                PlanChanged(old={k: before[k] for k in changed}, new={k: after[k] for k in changed})
            )
        return plan

    def export(
        self,
        target: Path | BinaryIO,
        fmt: str,
        *,
        language: str = "de",
        force: bool = False,
        mkdir: bool = False,
    ) -> Path | None:
        """Write the plan as Markdown, Word or LaTeX (safely, as every export); returns the
        folder created for it (``mkdir``), if any."""
        from pathlib import Path

        from qualcode.exporters import methods as writer
        from qualcode.exporters import output
        from qualcode.services import export_catalogue as catalogue

        with self.database.reading() as reader:
            chapter = plan_chapter(read_plan(reader), read_terms(reader), language=language)
        if not isinstance(target, Path):
            writer.write(chapter, target, fmt)
            return None
        catalogue.format_for(target, fmt, catalogue.DOCUMENT_FORMATS, "md", what="plan")
        project = self.database.location.path
        destination = output.Destination(
            target, force=force, mkdir=mkdir, projects=(project,) if project else ()
        )
        output.check(destination)
        created = output.prepare(destination)
        writer.write(chapter, destination, fmt)
        return created

    # -- the words of the exports -----------------------------------------------------------

    def terms(self) -> Terms:
        with self.database.reading() as reader:
            return read_terms(reader)

    def set_term(self, field: str, value: str) -> Terms:
        return self.save_terms(self.terms().with_value(field, value))

    def use_preset(self, name: str) -> Terms:
        return self.save_terms(preset(name))

    def save_terms(self, terms: Terms) -> Terms:
        from qualcode.domain.audit import TermsChanged
        from qualcode.storage.settings import writes as settings_repo

        with self.unit_of_work() as uow:
            old = read_terms(uow.tx)
            if old == terms:
                return old
            settings_repo.put(uow.tx, TERMS_KEY, terms.as_dict())
            uow.record(TermsChanged(old=old.as_dict(), new=terms.as_dict()))
        return terms


def worded(
    tables: Sequence[Table], terms: Terms, *, labels: dict[str, str] | None = None
) -> list[Table]:
    """The tables' titles, column headers and notes in the project's words; the cells (the
    researcher's categories, the quotes) are left as they are, except in the columns
    ``labels`` names by table name, which hold qualcode's own words (a parameter's name)."""
    return [
        table.reworded(terms.apply, in_column=(labels or {}).get(table.name)) for table in tables
    ]


def plan_chapter(plan: AnalysisPlan, terms: Terms, *, language: str = "de") -> Chapter:
    """The plan itself, field by field, as a document to hand to a supervisor."""
    from qualcode.domain.plan import FIELDS
    from qualcode.exporters.methods import Block, Chapter, Section

    german = language != "en"
    sections = []
    for field in FIELDS:
        heading = terms.apply(field.german) if german else field.english
        value = plan.value(field.name)
        missing = "[noch offen]" if german else "[not yet written]"
        if isinstance(value, tuple):
            block = Block.bullets(value) if value else Block.todo(missing[1:-1])
        else:
            block = Block.text(value) if value else Block.todo(missing[1:-1])
        sections.append(Section(heading, (block,)))
    return Chapter(
        title="Analyseplan (Ablaufmodell)" if german else "Analysis plan",
        sections=tuple(sections),
        lead=(
            f"{plan.filled} von {len(FIELDS)} Feldern ausgefüllt."
            if german
            else f"{plan.filled} of {len(FIELDS)} fields filled in."
        ),
    )
