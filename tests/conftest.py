"""Shared fixtures: real project files under tmp_path, and a real PostgreSQL server.

The PostgreSQL server is started once per test session from the machine's PostgreSQL programs
(``make test`` installs them); every test gets its own fresh database on it. When the programs
are missing, the team-mode tests are skipped with a clear reason. QUALCODE_TEST_POSTGRES_URL
points the tests at an existing server instead.
"""

from __future__ import annotations

import glob
import os
import pwd
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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running PostgreSQL server for this test session; yields its base URL."""
    given = os.environ.get("QUALCODE_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bindir = _find_pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed here ('make test' installs it)")
    base = Path(tempfile.mkdtemp(prefix="qualcode-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: run the server as 'postgres'
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    base.chmod(0o755)
    data = base / "data"
    port = _free_port()
    log = base / "server.log"
    subprocess.run(
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
        check=True,
        capture_output=True,
    )
    options = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off"
    subprocess.run(
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
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://qualcode@/postgres?host={base}&port={port}"
    finally:
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
