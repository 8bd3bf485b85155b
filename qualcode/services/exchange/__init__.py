"""Exchanging whole projects with other programs: REFI-QDA export, and import from REFI-QDA,
Taguette and QualCoder.

- :mod:`.export`: a project written as ``.qdpx`` (or its codebook as ``.qdc``), from one
  snapshot of it (:mod:`.snapshot`);
- :mod:`.project_import`: another program's file read whole (nothing is stored if it cannot be
  read), then stored in one unit of work (:mod:`.store`) that records one audit event;
- :mod:`.keys`: where the exchange keeps, in the project's settings, what qualcode has no table
  for.

GUIDs: an entity made in qualcode gets a GUID derived from the project's own GUID (kept in the
settings) and its id, so every export gives it the same one; an imported entity keeps the GUID
the other program gave it (kept in the settings under ``exchange:guids``), so a re-export lets
that program recognise it. What qualcode has no table for (an imported audit trail) is kept in the
settings too and travels on export; project notes and document memos go into the memo store
and travel back as notes.
"""
