"""Every length limit gives the same one line on SQLite and on PostgreSQL, and changes nothing;
a value at the limit is stored whole on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain import limits
from qualcode.domain.errors import CodebookError, InvalidInputError
from qualcode.services.project import Project, init_project, open_project
from tests.helpers import CODEBOOK, SAMPLE_FILES, dump


def too_long(limit: limits.Limit, extra: int = 40) -> tuple[str, str]:
    """A value past the limit, and the one line it must give."""
    length = limit.most + extra
    return "x" * length, (
        f"the {limit.what} is {length:,} characters long; at most {limit.most:,} are allowed"
    )


def test_the_schema_has_the_limits_as_its_column_lengths() -> None:
    from qualcode.storage import schema

    columns = {
        limits.CODER_NAME: schema.coders.c.name,
        limits.CATEGORY_CODE: schema.categories.c.code,
        limits.CATEGORY_NAME: schema.categories.c.name,
        limits.DOCUMENT_NAME: schema.documents.c.name,
        limits.SOURCE_NAME: schema.documents.c.source_name,
        limits.ATTRIBUTE_KEY: schema.attributes.c.key,
        limits.SPEAKER: schema.turns.c.speaker,
        limits.CODEBOOK_TITLE: schema.codebook_versions.c.title,
        limits.CODEBOOK_VERSION: schema.codebook_versions.c.label,
    }
    for limit, column in columns.items():
        assert column.type.length == limit.most, column  # type: ignore[attr-defined]


def test_a_coder_name_past_the_limit_is_refused_before_opening(
    sample_project: Project, project_location: str
) -> None:
    before = dump(project_location)
    name, line = too_long(limits.CODER_NAME)
    assert line == "the coder name is 240 characters long; at most 200 are allowed"
    with pytest.raises(InvalidInputError) as info:
        open_project(project_location, name)
    assert str(info.value) == line
    with pytest.raises(InvalidInputError, match=line):
        sample_project.as_coder(name)
    assert dump(project_location) == before
    longest = "ü" * limits.CODER_NAME.most  # characters, not bytes, on both back-ends
    with open_project(project_location, longest) as project:
        project.coding.code("B01", "K1", turns=(3, 3))
        assert longest in project.coders()


def test_a_new_coder_name_past_the_limit_creates_no_project(tmp_path: Path) -> None:
    name, line = too_long(limits.CODER_NAME)
    with pytest.raises(InvalidInputError, match=line):
        init_project(str(tmp_path / "p.db"), name, CODEBOOK)
    assert not (tmp_path / "p.db").exists()


def test_category_names_past_the_limit_are_refused(
    sample_project: Project, project_location: str
) -> None:
    before = dump(project_location)
    name, line = too_long(limits.CATEGORY_NAME)
    with pytest.raises(InvalidInputError) as info:
        sample_project.codebook.create_category(name=name, parent="K1", definition="d")
    assert str(info.value) == line
    with pytest.raises(InvalidInputError, match=line):
        sample_project.codebook.edit_category("K1", name=name, reason="kürzer")
    assert dump(project_location) == before
    longest = "N" * limits.CATEGORY_NAME.most
    created = sample_project.codebook.create_category(name=longest, parent="K1", definition="d")
    assert sample_project.codebook.resolve(created.code).name == longest


def test_memos_and_reasons_past_the_limit_are_refused(
    sample_project: Project, project_location: str
) -> None:
    coding = sample_project.coding.code("B01", "K1", turns=(3, 3))
    before = dump(project_location)
    memo, line = too_long(limits.MEMO, extra=1)
    assert line == "the memo is 20,001 characters long; at most 20,000 are allowed"
    with pytest.raises(InvalidInputError) as info:
        sample_project.coding.code("B01", "K1", turns=(5, 5), memo=memo)
    assert str(info.value) == line
    with pytest.raises(InvalidInputError, match=line):
        sample_project.coding.set_memo(coding.id, memo)
    reason, line = too_long(limits.REASON)
    with pytest.raises(InvalidInputError, match=line):
        sample_project.coding.uncode(coding.id, reason=reason)
    with pytest.raises(InvalidInputError, match=line):
        sample_project.codebook.edit_category("K1", definition="neu", reason=reason)
    assert dump(project_location) == before
    longest = "m" * limits.MEMO.most
    assert sample_project.coding.set_memo(coding.id, longest).memo == longest


def test_case_attributes_past_the_limit_are_refused(
    new_project: Project, project_location: str, tmp_path: Path
) -> None:
    before = dump(project_location)
    key, line = too_long(limits.ATTRIBUTE_KEY)
    with pytest.raises(InvalidInputError, match=line):
        new_project.documents.import_files(SAMPLE_FILES[:1], attributes={key: "v"})
    value, line = too_long(limits.ATTRIBUTE_VALUE)
    cases = tmp_path / "cases.csv"
    cases.write_text(f"document,Branche\nB01,{value}\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        new_project.documents.import_files(SAMPLE_FILES[:1], attributes_file=cases)
    assert str(info.value) == f"{cases}: {line}"
    assert dump(project_location) == before


def _codebook_with(tmp_path: Path, old: str, new: str) -> Path:
    text = CODEBOOK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "long.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "limit"),
    [
        ("code: K1\n", limits.CATEGORY_CODE),
        ('name: "Akquisitionsprozess und Lead-Management"\n', limits.CATEGORY_NAME),
    ],
)
def test_a_codebook_file_with_a_code_or_name_past_the_limit_names_its_line(
    new_project: Project, project_location: str, tmp_path: Path, old: str, limit: limits.Limit
) -> None:
    value, line = too_long(limit)
    key = old.split(":")[0]
    path = _codebook_with(tmp_path, old, f"{key}: {value}\n")
    line_no = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index(next(s for s in path.read_text(encoding="utf-8").splitlines() if value in s))
    )
    before = dump(project_location)
    with pytest.raises(CodebookError) as info:
        new_project.codebook.load(path, reason="längere Namen")
    assert (line_no + 1, line) in info.value.problems
    assert dump(project_location) == before


def test_the_readme_states_the_limits() -> None:
    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lengths = " ".join(readme.split("- **Lengths**", 1)[1].split("\n\n", 1)[0].split())
    stated = [
        (limits.CODER_NAME, "a coder name up to"),
        (limits.CATEGORY_CODE, "a category code"),
        (limits.CATEGORY_NAME, "a category name"),
        (limits.DOCUMENT_NAME, "a document name"),
        (limits.ATTRIBUTE_KEY, "a case attribute's name"),
        (limits.ATTRIBUTE_VALUE, "its value"),
        (limits.MEMO, "a memo"),
        (limits.REASON, "a reason"),
    ]
    for limit, words in stated:
        assert f"{words} {limit.most:,}" in lengths, limit
