"""Reaching a team project without typing its address: profiles, the PG* variables, ~/.pgpass;
passwords never shown, stored or recorded; a failed connection is one line.

The server tests run against real PostgreSQL servers the tests start: the session's (which
trusts its local users) and one of this module's that asks for a password.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qualcode.cli.app import cli
from qualcode.domain.errors import InvalidInputError, NotFoundError, ProjectError
from qualcode.services import profiles
from qualcode.services.project import init_project, open_project
from qualcode.storage.location import mask_url, parse_location
from tests.conftest import NO_SERVER, _find_pg_bin, _free_port, _fresh_pg_database, _run_pg
from tests.helpers import CODEBOOK, dump

SECRET = "s3cr3t-Pässwort"
SECRET_IN_URL = "s3cr3t-P%C3%A4sswort"


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Profiles in a folder of the test's own, and no PG* settings from outside."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in list(os.environ):
        if name.startswith("PG"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--coder", "alice", *args])


def _one_line(result: Result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("qualcode: ")
    return lines[0]


# ----- profiles and masking, no server -------------------------------------------------------


def test_a_profile_is_kept_readable_by_its_owner_only(tmp_path: Path) -> None:
    url = f"postgresql://anna:{SECRET_IN_URL}@db.example.org/thesis?sslmode=verify-full"
    shown = profiles.add("team", url)
    assert shown.address == "postgresql://anna:***@db.example.org/thesis?sslmode=verify-full"
    assert shown.has_password
    path = profiles.profiles_file()
    assert path.is_relative_to(tmp_path / "config")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    location = parse_location("team")
    assert (
        location.url
        == f"postgresql+psycopg://anna:{SECRET_IN_URL}@db.example.org/thesis?sslmode=verify-full"
    )
    assert SECRET_IN_URL not in location.describe() and "***" in location.describe()
    listed = _run("profile", "list")
    assert listed.exit_code == 0 and "team" in listed.output
    assert SECRET not in listed.output and SECRET_IN_URL not in listed.output
    profiles.add("team", "postgresql:///thesis")  # replaced, not added
    assert [(p.name, p.address) for p in profiles.listed()] == [("team", "postgresql:///thesis")]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    profiles.remove("team")
    assert profiles.listed() == []
    with pytest.raises(NotFoundError, match="no profile 'team'"):
        profiles.remove("team")


def test_files_are_never_taken_for_profiles(tmp_path: Path) -> None:
    profiles.add("thesis", str(tmp_path / "thesis.db"))  # a profile may name a file
    assert parse_location("thesis").path == tmp_path / "thesis.db"
    assert parse_location("qualcode.db").path == Path("qualcode.db")
    assert parse_location("other").path == Path("other")  # no such profile: a file
    for name in ("my.db", "a/b", "", "x" * 65, "-x"):
        with pytest.raises(InvalidInputError, match="cannot name a profile"):
            profiles.add(name, "postgresql:///thesis")
    with pytest.raises(ProjectError, match="not 'mysql' databases"):
        profiles.add("bad", "mysql://db/thesis")


def test_passwords_are_masked_in_the_address_and_the_query() -> None:
    assert (
        mask_url("postgresql+psycopg://a:b%40c@h:5432/d") == "postgresql+psycopg://a:***@h:5432/d"
    )
    masked = mask_url(f"postgresql+psycopg://a@h/d?password={SECRET_IN_URL}&sslmode=require")
    assert SECRET_IN_URL not in masked and "password=***" in masked and "sslmode=require" in masked
    location = parse_location(f"postgresql://a:{SECRET_IN_URL}@h/d")
    assert location.scrub(f"failed for {SECRET} and {SECRET_IN_URL}") == "failed for *** and ***"


# ----- the session's server ------------------------------------------------------------------


def _socket(server: str) -> tuple[str, str]:
    from sqlalchemy.engine import make_url

    query = make_url(server).query
    return str(query["host"]), str(query["port"])


@pytest.mark.postgres
def test_the_pg_variables_complete_an_address(
    postgres_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = _fresh_pg_database(postgres_server).rsplit("/", 1)[1].split("?")[0]
    host, port = _socket(postgres_server)
    monkeypatch.setenv("PGHOST", host)
    monkeypatch.setenv("PGPORT", port)
    monkeypatch.setenv("PGUSER", "qualcode")
    made = _run("--project", f"postgresql:///{database}", "init", "--codebook", str(CODEBOOK))
    assert made.exit_code == 0, made.output
    monkeypatch.setenv("PGDATABASE", database)
    assert _run("--project", "postgresql://", "status").exit_code == 0
    profiles.add("team", "postgresql://")
    status = _run("--project", "team", "status", "--json")
    assert status.exit_code == 0, status.output
    monkeypatch.setenv("QUALCODE_PROJECT", "team")
    assert _run("codebook", "show").exit_code == 0


@pytest.mark.postgres
def test_tls_settings_reach_the_driver(postgres_server: str) -> None:
    # The test server listens on a Unix socket, where libpq uses no TLS; what it does with the
    # settings shows that they arrive: valid ones are accepted, a wrong one is refused by it.
    url = _fresh_pg_database(postgres_server)
    tls = "&sslmode=prefer&sslrootcert=/nonexistent/root.crt"
    made = _run("--project", url + tls, "init")
    assert made.exit_code == 0, made.output
    result = _run("--project", url + "&sslmode=verify-everything", "status")
    assert result.exit_code == 5
    assert 'invalid sslmode value: "verify-everything"' in _one_line(result)


@pytest.mark.postgres
def test_a_database_that_is_not_a_project_or_is_missing(postgres_server: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = _fresh_pg_database(postgres_server)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    result = _run("--project", url, "status")
    assert result.exit_code == 5
    assert _one_line(result).endswith("is a database, but not a qualcode project")
    missing = make_url(url).set(database="nothing_here").render_as_string(hide_password=False)
    result = _run("--project", missing, "status")
    assert result.exit_code == 5
    assert 'database "nothing_here" does not exist on that server' in _one_line(result)


def test_a_server_that_cannot_be_reached(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://anna:{SECRET_IN_URL}@127.0.0.1:{_free_port()}/thesis?connect_timeout=5"
    result = _run("--project", url, "status")
    assert result.exit_code == 5
    line = _one_line(result)
    assert line.startswith("qualcode: cannot reach the server of postgresql+psycopg://anna:***@")
    assert SECRET not in result.output and SECRET_IN_URL not in result.output


# ----- a server that asks for a password -----------------------------------------------------


@pytest.fixture(scope="module")
def password_server() -> Iterator[tuple[str, str]]:
    """A server whose user 'qualcode' must give SECRET; yields (host folder, port)."""
    bindir = _find_pg_bin()
    if bindir is None or os.name != "posix":
        pytest.skip(f"{NO_SERVER}: PostgreSQL is not installed here")
    pytest.importorskip("psycopg")
    base = Path(tempfile.mkdtemp(prefix="qualcode-pgpw-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    base.chmod(0o755)
    pwfile = base / "pw"
    pwfile.write_text(SECRET + "\n", encoding="utf-8")
    if prefix:
        os.chown(pwfile, user.pw_uid, user.pw_gid)
    data, port = base / "data", _free_port()
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
                "--auth=scram-sha-256",
                f"--pwfile={pwfile}",
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
                str(base / "log"),
                "-w",
                "start",
            ],
            "starting the server",
        )
        started = True
        yield str(base), str(port)
    finally:
        if started:
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
            )
        shutil.rmtree(base, ignore_errors=True)


def _new_database(server: tuple[str, str]) -> str:
    import psycopg

    host, port = server
    name = "qc_" + uuid.uuid4().hex[:12]
    with psycopg.connect(
        host=host, port=port, user="qualcode", password=SECRET, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


@pytest.mark.postgres
def test_wrong_credentials_are_one_line_without_the_password(
    password_server: tuple[str, str],
) -> None:
    host, port = password_server
    database = _new_database(password_server)
    wrong = f"postgresql://qualcode:wrong-{SECRET_IN_URL}@/{database}?host={host}&port={port}"
    result = _run("--project", wrong, "status")
    assert result.exit_code == 5
    line = _one_line(result)
    assert (
        "refused the login" in line and 'password authentication failed for user "qualcode"' in line
    )
    assert SECRET not in result.output and SECRET_IN_URL not in result.output
    nobody = f"postgresql:///{database}?host={host}&port={port}&user=nobody"
    result = _run("--project", nobody, "status")
    assert result.exit_code == 5 and "refused the login" in _one_line(result)


@pytest.mark.postgres
def test_pgpass_and_pgpassword_supply_the_password_and_it_is_stored_nowhere(
    password_server: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, port = password_server
    database = _new_database(password_server)
    address = f"postgresql://qualcode@/{database}?host={host}&port={port}"
    refused = _run("--project", address, "status")
    assert refused.exit_code == 5 and "refused the login" in _one_line(refused)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:qualcode:{SECRET}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    profiles.add("team", address)
    made = _run("--project", "team", "init", "--codebook", str(CODEBOOK))
    assert made.exit_code == 0, made.output
    assert SECRET not in made.output
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("PGPASSWORD", SECRET)
    with open_project("team", "ben") as project:
        project.coding.set_pass("main")
        assert project.audit.verify().ok
    with_password = f"postgresql://qualcode:{SECRET_IN_URL}@/{database}?host={host}&port={port}"
    stored = repr(dump(with_password))
    assert SECRET not in stored and SECRET_IN_URL not in stored
    assert "qualcode:" not in stored.replace("'qualcode'", "")
    project = init_project(str(tmp_path / "local.db"), "alice")
    project.close()
