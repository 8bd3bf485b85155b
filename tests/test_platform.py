"""The platform module: the decisions that differ between Linux, macOS and Windows."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from qualcode import platform


def test_windows_paths_are_recognised() -> None:
    assert platform.is_windows_path(r"C:\Users\Anna Maria\thesis.db")
    assert platform.is_windows_path("d:/thesis.db")
    assert platform.is_windows_path(r"\\server\share\thesis.db")
    assert not platform.is_windows_path("postgresql://u@host/db")
    assert not platform.is_windows_path("thesis.db")
    assert not platform.is_windows_path("/home/anna/thesis.db")


def test_a_users_home_is_expanded() -> None:
    assert platform.user_path("~/thesis.db") == Path.home() / "thesis.db"


def test_workers_start_afresh_unless_fork_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("darwin", "win32"):
        monkeypatch.setattr(sys, "platform", name)
        assert platform.pool_start_method() == "spawn"
    monkeypatch.setattr(sys, "platform", "linux")
    expected = "fork" if threading.active_count() == 1 else "spawn"
    assert platform.pool_start_method() == expected
    started = threading.Event()
    stop = threading.Event()
    thread = threading.Thread(target=lambda: (started.set(), stop.wait()))
    thread.start()
    try:
        started.wait()
        assert platform.pool_start_method() == "spawn"  # another thread could hold a lock
    finally:
        stop.set()
        thread.join()


def test_the_pool_is_sized_by_the_usable_cores() -> None:
    assert 1 <= platform.usable_cpus() <= (os.cpu_count() or 1)


def test_the_user_data_folder_is_made_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = platform.user_data_dir()
    assert folder.is_dir() and folder.name == "qualcode"
    assert tmp_path in folder.parents
