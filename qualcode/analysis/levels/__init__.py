"""Project-level intercoder agreement of two coders, comparable with MAXQDA (method notes §4).

Four levels, each a pure function over plain data (the service layer reads the codings):

- ``presence`` (§4.1): did each coder use a code in a document at all?
- ``frequency`` (§4.2): did both coders use it equally often in the document?
- ``segments`` (§4.4 + 4.5): do the coders' own segments of a code overlap by at least a
  threshold (default 90 %)? With Brennan & Prediger's κ over the k codes used, as MAXQDA reports.
- ``units`` (§4.6): with fixed coding units (turns or sentences), each unit × code is a yes/no
  decision per coder, so the classical 2 × 2 coefficients apply without any threshold.

Every report carries the choices made (``parameters``), plain-English statements of the counting
rules (``notes``) and a disagreement list. The list, not the coefficient, is what the coders
discuss in Mayring's feedback loop (§4.8). Offsets are half-open ``[start, end)`` character
offsets, as everywhere in qualcode. Intracoder checks use the same functions, with B being the same
person at a later date.

Undefined values are ``None`` (not NaN), so a report is JSON-serialisable as it stands; the notes
say why a value is missing.
"""

from qualcode.analysis.levels.common import (
    BASES,
    COUNTINGS,
    DENOMINATORS,
    Base,
    CategoryResult,
    Counting,
    Denominator,
    Disagreement,
    LevelReport,
    Segment,
    Unit,
)
from qualcode.analysis.levels.documents import frequency, presence
from qualcode.analysis.levels.segments import segments
from qualcode.analysis.levels.units import UnitTable, units

__all__ = [
    "BASES",
    "COUNTINGS",
    "DENOMINATORS",
    "Base",
    "CategoryResult",
    "Counting",
    "Denominator",
    "Disagreement",
    "LevelReport",
    "Segment",
    "Unit",
    "UnitTable",
    "frequency",
    "presence",
    "segments",
    "units",
]
