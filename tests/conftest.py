"""Shared fixtures: real project files under tmp_path, and a real PostgreSQL server.

The PostgreSQL server is started once per test session from the machine's PostgreSQL programs
(``make test`` installs them where it can); every test gets its own fresh database on it. When
there is no server to be had, the team-mode tests are skipped with the reason, and the header of
the run says so. QUALCODE_TEST_POSTGRES_URL
points the tests at an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.services.project import Project, init_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, TRANSCRIPTS


def _find_pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


NO_SERVER = "no PostgreSQL for the team-mode tests"


def pytest_report_header(config: pytest.Config) -> str:
    """Says at the top of the run whether the team-mode tests can run, and why not."""
    if os.environ.get("QUALCODE_TEST_POSTGRES_URL"):
        return "postgresql: the server in QUALCODE_TEST_POSTGRES_URL"
    bindir = _find_pg_bin()
    if bindir is None:
        return (
            f"postgresql: NOT INSTALLED, so the team-mode tests are skipped ({NO_SERVER}; "
            "'make test' installs it where it can: as root or with sudo, through apt or brew)"
        )
    return f"postgresql: a throw-away server from {bindir}"


def _run_pg(command: list[str], what: str) -> None:
    """A PostgreSQL program; when it fails, the team-mode tests are skipped, saying why."""
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = ""
        if isinstance(exc, subprocess.CalledProcessError):
            output = (exc.stderr or exc.stdout or b"").decode(errors="replace").strip()
            detail = output.splitlines()[-1] if output else f"exit code {exc.returncode}"
        else:
            detail = str(exc)
        pytest.skip(f"{NO_SERVER}: {what} failed ({detail})")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running PostgreSQL server for this test session; yields its base URL.

    Every way starting it can fail (no programs, root without a 'postgres' user, initdb or
    pg_ctl refusing, no driver) skips the team-mode tests with the reason, which the header and
    the summary of the run show; the rest of the suite runs.
    """
    given = os.environ.get("QUALCODE_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip(f"{NO_SERVER}: the driver is not installed (pip install -e '.[test]')")
    bindir = _find_pg_bin()
    if bindir is None:
        pytest.skip(f"{NO_SERVER}: PostgreSQL is not installed here ('make test' installs it)")
    if os.name != "posix":
        pytest.skip(f"{NO_SERVER}: the test server listens on a Unix socket, which needs Unix")
    base = Path(tempfile.mkdtemp(prefix="qualcode-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: run the server as 'postgres'
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip(f"{NO_SERVER}: running as root and there is no 'postgres' user")
        runuser = shutil.which("runuser")
        if runuser is None:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip(f"{NO_SERVER}: running as root and there is no 'runuser' program")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = [runuser, "-u", "postgres", "--"]
    base.chmod(0o755)
    data = base / "data"
    port = _free_port()
    log = base / "server.log"
    started = False
    try:
        _run_pg(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "qualcode",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            "initdb",
        )
        options = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off"
        _run_pg(
            [
                *prefix,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(log),
                "-w",
                "start",
            ],
            "starting the server",
        )
        started = True
        yield f"postgresql+psycopg://qualcode@/postgres?host={base}&port={port}"
    finally:
        if started:
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
            )
        shutil.rmtree(base, ignore_errors=True)


def _fresh_pg_database(server: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = "qc_" + uuid.uuid4().hex[:12]
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def project_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new project goes: a file under tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "project.db")
    server = request.getfixturevalue("postgres_server")
    return _fresh_pg_database(server)


@pytest.fixture
def sqlite_location(tmp_path: Path) -> str:
    return str(tmp_path / "project.db")


@pytest.fixture
def new_project(project_location: str) -> Iterator[Project]:
    """An empty project with the bundled codebook."""
    project = init_project(project_location, "alice", CODEBOOK)
    yield project
    project.close()


@pytest.fixture
def sample_project(new_project: Project) -> Project:
    """The bundled codebook plus the seven sample interviews and their case attributes."""
    new_project.documents.import_files(
        list(SAMPLE_FILES), attributes_file=TRANSCRIPTS / "cases.csv"
    )
    return new_project
