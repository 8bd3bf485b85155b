"""The coding screen's suggestions: which categories the selected passage resembles.

The index (services/suggestions.py) lives in a helper process started shortly after the project
shows (or when the picker first opens). Building it reads every coded passage and loads the
language tables: on a large project that is half a minute of work, and in a thread of the
workbench's own process it would hold the interpreter lock that the screen needs to draw (the
tables alone are read by one C call of over half a second). The helper does it on another core
and then answers the picker's questions over a pipe, in a few milliseconds each. The screen
asks as the selection moves (:meth:`Suggester.ask`) and is told when the answer comes, so that
the picker never waits for it: it shows the answer at once, or as soon as it arrives.

The index is kept current: a coding made adds its passage's words, one removed takes them away.
A change the screen cannot follow word by word (an undo, a codebook edit) marks the index stale,
and the next selection builds it again. Until it is ready the picker simply has no suggestions.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.services.coding import CodingChange
    from qualcode.services.project import Project

SHOWN = 3  # suggestions marked at the top of the picker
LONGEST = 5000  # characters of a selection that are compared (a whole transcript needs not)
ANSWER_WITHIN = 0.04  # seconds :meth:`Suggester.top` waits for its answer (a few ms when ready)

#: Told the passage asked about and the codes it resembles, in the helper's reading thread.
Answered = Callable[[str, list[str]], None]


class Suggester:
    """The picker's side of the helper process; safe to call from the UI and worker threads."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._process: subprocess.Popen[bytes] | None = None
        self._said: queue.Queue[tuple[Any, ...]] = queue.Queue()  # what the helper answered
        self._lock = threading.Lock()
        self._builds = 0  # index builds asked for; only the latest one's answer counts
        self._built = -1  # the build the helper has finished, if it succeeded
        self._ended = -1  # the build the helper has finished, either way
        self._stale = False
        self._questions = 0
        # Questions asked without waiting (ask): the passage and whom to tell, by number.
        self._asked: dict[int, tuple[str, Answered]] = {}

    @property
    def ready(self) -> bool:
        with self._lock:
            self._read(0)
            return self._ready

    @property
    def _ready(self) -> bool:
        return self._built == self._builds and not self._stale

    @property
    def pid(self) -> int | None:
        """The helper process, once started (None before)."""
        return self._process.pid if self._process is not None else None

    def warm(self) -> None:
        """Build the index in the helper unless it is there or on its way."""
        with self._lock:
            if self._process is None:
                self._start()
            elif self._stale:
                self._stale = False
                self._builds += 1
                self._send(("build", self._builds))

    def _start(self) -> None:
        # A fresh interpreter: the workbench runs threads (a fork copies their locks in
        # whatever state they are) and owns the terminal (the helper writes nowhere else
        # than to its pipe). The place travels through the pipe, not the command line,
        # where a server's password would show in the process list.
        self._process = subprocess.Popen(
            [sys.executable, "-m", "qualcode.tui.suggesting"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._send(("open", _where(self.project), self.project.coder))
        threading.Thread(
            target=self._listen, args=(self._process.stdout,), name="suggestions", daemon=True
        ).start()

    def _listen(self, pipe: IO[bytes]) -> None:
        """In a thread: pass on what the helper says (the thread waits without the lock); an
        answer to :meth:`ask` goes straight to whoever asked. Ends when the pipe closes (a
        pipe closed under the reading thread by :meth:`close` raises ValueError)."""
        with contextlib.suppress(EOFError, OSError, ValueError, pickle.UnpicklingError):
            while True:
                message = pickle.load(pipe)
                asked = self._asked.pop(message[1], None) if message[0] == "ranked" else None
                if asked is not None:
                    asked[1](asked[0], message[2])
                else:
                    self._said.put(message)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until a build started by :meth:`warm` has ended; whether the index is ready."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                left = 0.1 if deadline is None else min(max(deadline - time.monotonic(), 0), 0.1)
                self._read(left)
                if self._ended == self._builds or self._process is None:
                    return self._ready
            if deadline is not None and time.monotonic() >= deadline:
                return False

    def top(self, text: str, among: list[str]) -> list[str]:
        """The codes the passage resembles most (none while the index is being built, nor if
        the helper does not answer within :data:`ANSWER_WITHIN`)."""
        if not text.strip():
            return []
        with self._lock:
            self._read(0)
            if not self._ready:
                return []
            self._questions += 1
            asked = self._questions
            self._send(("rank", asked, text[:LONGEST], among))
            deadline = time.monotonic() + ANSWER_WITHIN
            while (left := deadline - time.monotonic()) > 0:
                answer = self._read(left, question=asked)
                if answer is not None:
                    return answer
            return []

    def ask(self, text: str, among: list[str], answered: Answered) -> bool:
        """Ask which of ``among`` the passage resembles, without waiting: ``answered(text,
        codes)`` is called from the helper's reading thread once it answers. Whether the
        question went out (not while the index is being built, nor for a blank passage)."""
        if not text.strip():
            return False
        with self._lock:
            self._read(0)
            if not self._ready:
                return False
            self._questions += 1
            self._asked[self._questions] = (text, answered)
            self._send(("rank", self._questions, text[:LONGEST], among))
            return True

    def learned(self, change: CodingChange) -> CodingChange:
        """A coding was made (in the write worker): its words count for its category."""
        with self._lock:
            if self._ready:
                self._send(("coded", change.coding.category, change.coding.text))
        return change

    def forgot(self, change: CodingChange) -> CodingChange:
        """A coding was removed: its words no longer count for its category."""
        with self._lock:
            if self._ready:
                self._send(("uncoded", change.coding.category, change.coding.text))
        return change

    def stale(self) -> None:
        """The project changed in a way not followed word by word: build again when asked."""
        with self._lock:
            self._stale = True

    def close(self) -> None:
        """End the helper (the coding screen closes)."""
        with self._lock:
            process, self._process = self._process, None
        if process is not None:
            process.kill()
            # Reaped in a thread: the screen closing need not wait for the helper to go.
            threading.Thread(target=_reap, args=(process,), daemon=True).start()

    # ----- the pipe (under the lock) -----------------------------------------------------------

    def _send(self, message: tuple[Any, ...]) -> None:
        process = self._process
        if process is None or process.stdin is None:
            return
        try:
            pickle.dump(message, process.stdin)
            process.stdin.flush()
        except OSError:  # the helper is gone: no suggestions from now on
            self._built = -1

    def _read(self, timeout: float, question: int | None = None) -> list[str] | None:
        """Take what the helper has said (waiting up to ``timeout`` for the first word); the
        answer to ``question`` if it came."""
        answer = None
        while True:
            try:
                message = (
                    self._said.get(timeout=timeout) if timeout > 0 else self._said.get_nowait()
                )
            except queue.Empty:
                return answer
            timeout = 0
            if message[0] == "built":
                self._ended = message[1]
                if message[2] and message[1] == self._builds:
                    self._built = message[1]
            elif message[0] == "ranked" and message[1] == question:
                answer = message[2]


def _reap(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


def _where(project: Project) -> str:
    """The project's place in full (a server's URL with its password), for the helper."""
    location = project.database.location
    return location.url if location.url is not None else str(location.path)


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The helper process: open the project, build the index, then answer until the pipe
    closes."""
    from qualcode.domain.errors import QualcodeError
    from qualcode.services.project import open_project
    from qualcode.services.suggestions import LiveSuggestions

    def say(*message: object) -> None:
        pickle.dump(message, answers)
        answers.flush()

    live: LiveSuggestions | None = None
    _, location, coder = pickle.load(requests)
    try:
        project = open_project(location, coder)
    except QualcodeError:
        say("built", 0, False)
        return

    def build(number: int) -> None:
        nonlocal live
        try:
            live = project.suggestions.live()
        except QualcodeError:
            live = None  # no codebook yet: no suggestions
        say("built", number, live is not None)

    build(0)
    with contextlib.suppress(EOFError, OSError, KeyboardInterrupt):
        while True:
            message = pickle.load(requests)
            kind = message[0]
            if kind == "build":
                build(message[1])
            elif kind == "rank":
                ranked = live.rank(message[2], among=message[3]) if live is not None else []
                say("ranked", message[1], [s.category for s in ranked[:SHOWN] if s.score > 0])
            elif kind == "coded" and live is not None:
                live.coded(message[1], message[2])
            elif kind == "uncoded" and live is not None:
                live.uncoded(message[1], message[2])


if __name__ == "__main__":
    # Building the index is seconds of work on a core the workbench may need to draw: the
    # helper gives way to it (and to anything else the user runs).
    if hasattr(os, "nice"):  # not on Windows
        with contextlib.suppress(OSError):
            os.nice(10)
    # The pipe to the workbench is this process's standard output: keep it for the answers,
    # and send anything else written there (a library's warning) nowhere.
    answers = os.fdopen(os.dup(1), "wb")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    serve(sys.stdin.buffer, answers)
