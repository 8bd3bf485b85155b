"""The standard-library reader: packed reads give exactly the rows of plain ones."""

from __future__ import annotations

import sqlite3

import pytest

from qualcode.storage.reader import SqliteReader


@pytest.fixture
def reader() -> SqliteReader:
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, seconds REAL, note TEXT);
        INSERT INTO t VALUES (1, 'Müller', 83.4, NULL);
        INSERT INTO t VALUES (2, 'O''Brien "Bob"', 0.5, 'line one
line two	tab \\ backslash');
        INSERT INTO t VALUES (3, '[1, 2]', NULL, '{"json": "as text"}');
        INSERT INTO t VALUES (4, '', -12.25, '😀 emoji');
        """
    )
    return SqliteReader(connection)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id, name, seconds, note FROM t ORDER BY id",
        "SELECT id, name, seconds, note FROM t ORDER BY name DESC",
        'SELECT name AS "odd ""name""", count(*) AS n FROM t GROUP BY name ORDER BY n, name',
        "SELECT id FROM t WHERE id > :low ORDER BY id DESC",
    ],
)
def test_packed_rows_equal_plain_rows_in_order(reader: SqliteReader, sql: str) -> None:
    params = {"low": 1}
    assert reader.rows_at_once(sql, params) == reader.rows(sql, params)


def test_packed_rows_of_an_empty_result(reader: SqliteReader) -> None:
    assert reader.rows_at_once("SELECT id FROM t WHERE id < 0") == []


def test_columns_with_the_same_name_fall_back_to_plain_rows(reader: SqliteReader) -> None:
    sql = "SELECT a.id, b.id FROM t a JOIN t b ON b.id = a.id ORDER BY a.id"
    assert reader.rows_at_once(sql) == reader.rows(sql)


def test_text_that_looks_like_json_stays_text(reader: SqliteReader) -> None:
    row = reader.rows_at_once("SELECT name, note FROM t WHERE id = 3")[0]
    assert row == {"name": "[1, 2]", "note": '{"json": "as text"}'}


def test_sql_that_will_not_nest_falls_back_to_plain_rows(reader: SqliteReader) -> None:
    sql = "SELECT id, name FROM t ORDER BY id;  -- a trailing semicolon and a comment"
    assert reader.rows_at_once(sql) == reader.rows(sql)
