"""Connection profiles for the front ends: named addresses of team projects (no project open).

The file and its format are storage's (``storage/profiles.py``); this adds what a user sees:
the addresses with their passwords masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.storage import profiles as stored
from qualcode.storage.location import mask_url, parse_location


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    address: str  # as shown: the password masked
    has_password: bool


def profiles_file() -> Path:
    return stored.profiles_file()


def add(name: str, url: str) -> Profile:
    """Keep an address under a name; the address is checked as --project would read it."""
    parse_location(url)  # refuses what could never open (an unknown scheme, a memory db)
    stored.add(name, url)
    return _shown(name, url)


def remove(name: str) -> None:
    stored.remove(name)


def listed() -> list[Profile]:
    return [_shown(name, url) for name, url in sorted(stored.load().items())]


def _shown(name: str, url: str) -> Profile:
    masked = mask_url(url)
    return Profile(name=name, address=masked, has_password=masked != url)
