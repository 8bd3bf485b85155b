"""A reviewer's comments come back: stored once, attributed, in the audit trail; a file from
outside is checked whole before anything is stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qualcode.cli.app import cli
from qualcode.domain.errors import InvalidInputError
from qualcode.importers.review_comments import MAX_BYTES
from qualcode.services.project import Project


def comments_file(path: Path, **changes: Any) -> Path:
    data: dict[str, Any] = {
        "format": "qualcode-review-comments",
        "version": 1,
        "export_id": "0123abcd4567ef89",
        "reviewer": "Prof. Weber",
        "comments": [
            {
                "id": "c-1",
                "target": {
                    "kind": "coding",
                    "coding": 1,
                    "document": "B01",
                    "position": 9,
                    "position_end": 9,
                    "category": "K2.1",
                },
                "text": "Ist das wirklich Kaltakquise?",
                "created": "2026-12-01T10:00:00.000Z",
            },
            {
                "id": "c-2",
                "target": {"kind": "category", "category": "K2.1"},
                "text": "Definition zu eng.",
                "created": "2026-12-01T10:05:00.000Z",
            },
            {
                "id": "c-3",
                "target": {"kind": "turn", "document": "B01", "position": 3},
                "text": "Hier fehlt eine Codierung.",
                "created": "2026-12-01T10:06:00.000Z",
            },
        ],
    }
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def coded(sample_project: Project) -> Project:
    sample_project.coding.code("B01", "K2.1", turns=(9, 9))
    return sample_project


def test_comments_are_brought_in_once_attributed_and_recorded(
    coded: Project, tmp_path: Path
) -> None:
    path = comments_file(tmp_path / "comments.json")
    done = coded.review_comments.import_file(path)
    assert (done.reviewer, len(done.added), done.known) == ("Prof. Weber", 3, 0)
    again = coded.review_comments.import_file(path)
    assert (len(again.added), again.known) == (0, 3)
    stored = coded.review_comments.comments(open_only=True)
    assert [(c.target, c.reviewer, c.imported_by) for c in stored] == [
        ("coding", "Prof. Weber", "alice"),
        ("category", "Prof. Weber", "alice"),
        ("turn", "Prof. Weber", "alice"),
    ]
    assert stored[0].where == "coding 1 (K2.1, B01, Pos. 9)"
    history = coded.audit.log(coding=1)
    assert history[-1].action == "import" and history[-1].entity == "review_comment"
    assert history[-1].describe().startswith("review comment by Prof. Weber on coding 1")
    assert len([e for e in coded.audit.log() if e.entity == "review_comment"]) == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "something-else"}, "not a comments file of the reviewer's page"),
        ({"version": 7}, "version 7"),
        ({"export_id": "../../etc"}, "export_id"),
        ({"reviewer": ""}, "reviewer"),
        ({"reviewer": "a\nb"}, "control characters"),
        ({"comments": {"a": 1}}, "must be a list"),
        ({"comments": [1]}, "comment 1 is not an object"),
        ({"comments": [{"id": "<x>", "text": "t"}]}, 'no valid "id"'),
        (
            {
                "comments": [
                    {"id": "c", "text": "t", "created": "gestern", "target": {"kind": "category"}}
                ]
            },
            "must be a time",
        ),
        (
            {
                "comments": [
                    {
                        "id": "c",
                        "text": "t",
                        "created": "2026-12-01T10:00:00Z",
                        "target": {"kind": "coding", "coding": True, "category": "K1"},
                    }
                ]
            },
            'the target\'s "document"',
        ),
        (
            {
                "comments": [
                    {
                        "id": "c",
                        "text": "t",
                        "created": "2026-12-01T10:00:00Z",
                        "target": {"kind": "category", "category": "K1; DROP TABLE"},
                    }
                ]
            },
            "category",
        ),
        ({"comments": [{"id": "c", "text": "x" * 20_001}]}, "longer than"),
    ],
)
def test_a_file_that_is_not_right_is_refused_whole(
    coded: Project, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    path = comments_file(tmp_path / "bad.json", **changes)
    with pytest.raises(InvalidInputError, match="bad.json") as caught:
        coded.review_comments.import_file(path)
    assert message in str(caught.value)
    assert coded.review_comments.comments() == []


def test_broken_huge_and_deep_files_give_one_line(coded: Project, tmp_path: Path) -> None:
    cases = {
        "broken.json": b'{"format": ',
        "binary.json": b"\xff\xfe\x00garbage",
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "huge.json": b" " * (MAX_BYTES + 1),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = CliRunner().invoke(
            cli, ["--project", coded.location, "import-review", str(tmp_path / name)]
        )
        assert result.exit_code != 0, name
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("qualcode: ") and name in lines[0], name


def test_the_commands_bring_in_and_list_comments(coded: Project, tmp_path: Path) -> None:
    path = comments_file(tmp_path / "comments.json")
    runner = CliRunner()
    args = ["--project", coded.location, "--coder", "alice"]
    first = runner.invoke(cli, [*args, "import-review", str(path)])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Brought in 3 comments by Prof. Weber.")
    second = runner.invoke(cli, [*args, "import-review", str(path)])
    assert "Brought in 0 comments by Prof. Weber; 3 were already here." in second.output
    listed = runner.invoke(cli, [*args, "comments"])
    assert "Prof. Weber on coding 1 (K2.1, B01, Pos. 9) [open]" in listed.output
    assert listed.output.rstrip().endswith("3 comments (3 open).")
    data = json.loads(runner.invoke(cli, [*args, "comments", "--json"]).output)
    assert [c["target"] for c in data] == ["coding", "category", "turn"] and data[0]["open"]
    assert [(c["position"], c["position_end"]) for c in data] == [(9, 9), (None, None), (3, None)]
    log = runner.invoke(cli, [*args, "log", "--coding", "1"])
    assert "review comment by Prof. Weber" in log.output
    done = runner.invoke(cli, [*args, "comments", "--done", "1", "--reason", "Kodierregel ergänzt"])
    assert done.output == "Marked 1 comment as dealt with.\n"
    again = runner.invoke(cli, [*args, "comments", "--done", "1"])
    assert again.output == "Marked 0 comments as dealt with.\n"
    missing = runner.invoke(cli, [*args, "comments", "--done", "99"])
    assert missing.exit_code != 0 and "there is no review comment #99" in missing.output
    assert "2 comments (2 open)." in runner.invoke(cli, [*args, "comments", "--open"]).output
    history = runner.invoke(cli, [*args, "log", "--coding", "1"]).output
    assert "dealt with the review comment by Prof. Weber" in history
    assert "Kodierregel ergänzt" in history


def test_a_comment_on_a_range_of_pos_keeps_its_end(coded: Project, tmp_path: Path) -> None:
    """A coding over Pos. 5–6 is commented on Pos. 5–6, not Pos. 5: stored, listed and in the
    trail; a comment whose end lies before its start is refused."""
    ranged = coded.coding.code("B01", "K2.2", turns=(5, 6))
    target = {
        "kind": "coding",
        "coding": ranged.id,
        "document": "B01",
        "position": 5,
        "position_end": 6,
        "category": "K2.2",
    }
    comment = {"id": "c-9", "target": target, "text": "Bis Pos. 6?", "created": "2026-12-01T10:00Z"}
    path = comments_file(tmp_path / "range.json", comments=[comment])
    (added,) = coded.review_comments.import_file(path).added
    assert added.where == f"coding {ranged.id} (K2.2, B01, Pos. 5–6)"
    (stored,) = coded.review_comments.comments()
    assert (stored.position, stored.position_end) == (5, 6)
    assert stored.where == f"coding {ranged.id} (K2.2, B01, Pos. 5–6)"
    (event,) = [e for e in coded.audit.log(coding=ranged.id) if e.entity == "review_comment"]
    assert event.describe().endswith(f"on coding {ranged.id} (K2.2, B01, Pos. 5–6): “Bis Pos. 6?”")
    assert f"Kodierung {ranged.id} (K2.2, B01, Pos. 5–6)" in event.describe("de")
    backwards = {**comment, "id": "c-10", "target": {**target, "position_end": 4}}
    bad = comments_file(tmp_path / "bad.json", comments=[backwards])
    with pytest.raises(InvalidInputError, match='"position_end" must be a Pos. from'):
        coded.review_comments.import_file(bad)
