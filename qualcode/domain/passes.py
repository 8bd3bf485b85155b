"""The coding passes: a pilot on part of the material, the main pass, and a re-check.

Kept apart from :mod:`qualcode.domain.coding` (whose types take a few milliseconds to build) so
that a front end can offer the passes as a choice without loading the coding's types.
"""

from __future__ import annotations

PASSES = ("pilot", "main", "recheck")
