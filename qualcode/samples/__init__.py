"""The sample material that comes with qualcode: a coding guideline and seven interviews.

Installed with the package (package data), so ``qualcode demo`` builds the demo project from any
folder, with or without a copy of the repository. The interviews are fictional (see
``transcripts/README.md``).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _here() -> Path:
    # A package installed as files (pip, an editable checkout); qualcode is never run from a zip.
    return Path(str(files(__name__)))


def codebook() -> Path:
    """The coding guideline for B2B customer acquisition and retention (German)."""
    return _here() / "b2b-akquise-bindung.yaml"


def transcripts() -> list[Path]:
    """The seven sample interviews, in their order (B01 ... B07)."""
    folder = _here() / "transcripts"
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md") and p.stem != "README")


def case_attributes() -> Path:
    """The interviews' case attributes (industry, role, company size, ...)."""
    return _here() / "transcripts" / "cases.csv"
