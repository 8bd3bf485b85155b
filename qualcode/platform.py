"""What differs between Linux, macOS and Windows, decided in one place.

Thesis authors work on Windows and macOS laptops as often as on Linux: no other module assumes
a Unix path, shell, signal or process start method; they ask here. Standard library only (the
per-user folder loads platformdirs when it is asked for), and the lowest layer, so every
package may use it.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from pathlib import Path

# A drive letter and a separator ("C:\\", "c:/"), or a UNC share ("\\\\server\\share").
_WINDOWS_PATH = r"^(?:[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/])"  # compiled (and cached by re) on first use


def is_windows_path(text: str) -> bool:
    """Whether what a user typed is a Windows path (``C:\\Users\\Anna Maria\\thesis.db``).

    Such a path is a file on every system, even when it looks like a URL to a parser
    (``C://Users/...`` has a "scheme" ``C``).
    """
    return bool(re.match(_WINDOWS_PATH, text))


def user_path(text: str) -> Path:
    """A path as a user typed it: ``~`` is their home folder, on every system."""
    return Path(text).expanduser()


def usable_cpus() -> int:
    """The cores this process may run on (Linux knows its affinity; elsewhere, all of them)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def pool_start_method() -> str:
    """How worker processes start: fork where it is safe, a fresh interpreter elsewhere.

    fork is safe on Linux with no other thread that could hold a lock in the child (the
    workbench imports from a worker thread). macOS forbids fork after its system frameworks
    started, and Windows has no fork at all: there, "spawn".
    """
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def ignore_interrupt() -> None:
    """Leave Ctrl-C to the parent process (a worker process's initializer).

    The importing process stops its workers and rolls back; on Windows, where Ctrl-C reaches
    every process of the console as well, the same holds.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


# How often a worker's watchdog looks whether its parent is still there.
PARENT_CHECK_SECONDS = 0.25


def start_worker(parent_pid: int) -> None:
    """A worker process's initializer: Ctrl-C is the parent's, and the worker ends with it.

    A parent killed outright (SIGKILL, the task manager, a closed laptop lid that ended the
    session) cannot stop its workers, which would wait for work forever. On Linux the kernel
    ends them (PR_SET_PDEATHSIG); everywhere, a watchdog thread ends the worker once the
    parent's end of the process pipe (a process handle on Windows) is gone or, on POSIX, the
    worker was handed to another parent. ``parent_pid`` is the parent's, taken before the
    worker started: a parent that died before this ran is noticed as well.
    """
    ignore_interrupt()
    if sys.platform == "linux":
        _die_with_parent_linux()
    if _parent_gone(parent_pid):
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent_pid,), name="qualcode-parent-watch", daemon=True
    ).start()


def _die_with_parent_linux() -> None:
    """The kernel sends SIGKILL to this process when the thread that forked it ends."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1  # <linux/prctl.h>
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no C library to ask (a static build): the watchdog
        pass


def _parent_gone(parent_pid: int) -> bool:
    return os.name == "posix" and os.getppid() != parent_pid


def _watch_parent(parent_pid: int) -> None:
    """Ends this process when its parent is gone (the loop of the watchdog thread)."""
    from multiprocessing import parent_process
    from multiprocessing.connection import wait

    parent = parent_process()
    sentinel = [] if parent is None else [parent.sentinel]
    while not _parent_gone(parent_pid):
        if sentinel:
            if wait(sentinel, timeout=PARENT_CHECK_SECONDS):
                break  # end of file on the pipe, or the parent's handle signalled: it is gone
        else:
            threading.Event().wait(PARENT_CHECK_SECONDS)
    os._exit(1)


def release_free_memory() -> None:
    """Give memory freed after a large piece of work back to the system.

    glibc's allocator keeps the freed space between long-lived objects for later (after a
    200 MB transcript is parsed, 200 MB of it), where the next step (storing the text) would
    add its own on top; malloc_trim returns it. Other systems' allocators return such space
    themselves, or keep it without a call to ask them: there, nothing is done.
    """
    if sys.platform != "linux":
        return
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # musl, for one, has no malloc_trim
        ctypes.CDLL(None).malloc_trim(0)


def user_data_dir() -> Path:
    """qualcode's folder for a user's own data (the demo project), created when first asked.

    ``~/.local/share/qualcode`` on Linux, ``~/Library/Application Support/qualcode`` on macOS,
    ``%LOCALAPPDATA%\\qualcode`` on Windows; never touched at import time.
    """
    from platformdirs import user_data_path

    return user_data_path("qualcode", appauthor=False, ensure_exists=True)


def user_cache_dir() -> Path:
    """qualcode's folder for what it can compute again (the keys of searched words), created
    when first asked: ``~/.cache/qualcode`` on Linux; never touched at import time."""
    from platformdirs import user_cache_path

    return user_cache_path("qualcode", appauthor=False, ensure_exists=True)


def user_config_dir() -> Path:
    """qualcode's folder for a user's settings (the connection profiles), not created here.

    ``~/.config/qualcode`` on Linux (``$XDG_CONFIG_HOME``), ``~/Library/Application
    Support/qualcode`` on macOS, ``%LOCALAPPDATA%\\qualcode`` on Windows.
    """
    from platformdirs import user_config_path

    return user_config_path("qualcode", appauthor=False)
