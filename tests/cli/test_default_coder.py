"""The coder's name when none is given: the same login name getpass would find."""

from __future__ import annotations

import getpass

import pytest

from qualcode.cli.context import default_coder

LOGIN_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME")


@pytest.mark.parametrize(
    "variables",
    [
        {"LOGNAME": "alice", "USER": "bob"},
        {"USER": "bob", "USERNAME": "carol"},
        {"USERNAME": "carol"},
        {"LOGNAME": "", "USER": "bob"},
    ],
)
def test_the_login_name_is_the_one_getpass_finds(
    variables: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QUALCODE_CODER", raising=False)
    for name in LOGIN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert default_coder() == getpass.getuser()


def test_qualcode_coder_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCODE_CODER", "  dora ")
    monkeypatch.setenv("LOGNAME", "alice")
    assert default_coder() == "dora"
