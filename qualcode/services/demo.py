"""The demo project: the bundled codebook and the seven sample interviews, ready to code.

``qualcode demo`` (and ``make demo``) build it, so that trying qualcode needs neither make nor a
copy of the repository: ``python -m pip install .`` then ``qualcode demo`` on any system.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import ProjectError
from qualcode.services.project import Project, init_project, open_project


@dataclass(frozen=True, slots=True)
class Demo:
    """The open demo project, and whether it was built just now (or found from before)."""

    project: Project
    built: bool


def default_demo_location() -> str:
    """Where the demo goes unless told: the user's data folder, not whatever folder they are in."""
    from qualcode.platform import user_data_dir

    return str(user_data_dir() / "demo.db")


def build_demo(location: str, coder: str, *, fresh: bool = False) -> Demo:
    """The demo project at ``location``: built there, or opened when it is already there.

    ``fresh`` builds it anew over an earlier demo; a file that is not a qualcode project is
    never replaced.
    """
    from qualcode import samples
    from qualcode.storage.location import parse_location

    path = parse_location(location).path
    if path is None:
        raise ProjectError("the demo project is a file: give a path, not a database address")
    if path.exists():
        project = open_project(location, coder)  # refuses what is not a qualcode project
        if not fresh:
            return Demo(project, built=False)
        project.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    project = init_project(location, coder, samples.codebook())
    try:
        project.documents.import_files(
            samples.transcripts(), attributes_file=samples.case_attributes()
        )
    except BaseException:
        project.close()
        raise
    return Demo(project, built=True)
