"""Connection profiles: a team project's address kept under a short name, for ``--project``.

The profiles live in one TOML file in the user's configuration folder (platformdirs), written
readable by its owner only (0600), since an address may hold a password; ~/.pgpass and the
PG* environment variables are the usual places for one, and need nothing here. Nothing of a
profile is ever written into a project.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.platform import user_config_dir

FILE_NAME = "profiles.toml"
# A profile's name has no dot and no slash, so it is never mistaken for a project file
# ("qualcode.db", "./team") and a file is never mistaken for it.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")

_HEADER = (
    "# qualcode's connection profiles: qualcode --project NAME ... uses the address of NAME.\n"
    "# Written by 'qualcode profile add'; readable by you only.\n"
)


def profiles_file() -> Path:
    return user_config_dir() / FILE_NAME


def is_profile_name(text: str) -> bool:
    return NAME.fullmatch(text) is not None


def load() -> dict[str, str]:
    """Every profile's address, by name (none when there is no file)."""
    path = profiles_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InvalidInputError(f"cannot read the profiles in {path}: {exc.strerror}") from exc
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInputError(f"the profiles file {path} is not valid TOML: {exc}") from exc
    table = data.get("profiles", {})
    if not isinstance(table, dict):
        return {}
    return {
        name: str(entry["url"])
        for name, entry in table.items()
        if isinstance(entry, dict) and "url" in entry
    }


def find(name: str) -> str | None:
    """The address a profile name stands for, or None (cheap when there is no file)."""
    if not is_profile_name(name):
        return None
    path = profiles_file()
    if not path.exists():
        return None
    return load().get(name)


def add(name: str, url: str) -> Path:
    """Keep ``url`` under ``name`` (replacing an older one); returns the file."""
    if not is_profile_name(name):
        raise InvalidInputError(
            f"{name!r} cannot name a profile: use letters, digits, '-' and '_' "
            "(no dot or slash, so it is never taken for a project file)"
        )
    profiles = load()
    profiles[name] = url
    return _write(profiles)


def remove(name: str) -> Path:
    profiles = load()
    if name not in profiles:
        raise NotFoundError(f"there is no profile {name!r} (see 'qualcode profile list')")
    del profiles[name]
    return _write(profiles)


def _write(profiles: dict[str, str]) -> Path:
    """The whole file, created 0600 beside it and renamed into place (never half written)."""
    path = profiles_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [_HEADER]
    for name in sorted(profiles):
        # A JSON string is a valid TOML basic string (the same escapes).
        lines.append(f"\n[profiles.{name}]\nurl = {json.dumps(profiles[name])}\n")
    handle, temporary = tempfile.mkstemp(prefix=".profiles-", dir=path.parent)
    try:
        os.chmod(temporary, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("".join(lines))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
