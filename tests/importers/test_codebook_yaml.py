"""The codebook format: valid files load, broken ones name every problem's line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from qualcode.domain.errors import CodebookError
from qualcode.importers.codebook_yaml import parse_codebook

VALID = textwrap.dedent(
    """\
    format: qualcode-codebook/1
    title: Test
    version: "2.1"
    categories:
      - code: K1
        name: Akquise
        colour: "#4C72B0"
        origin: deductive
        reference: Lippold (2015)
        definition: Aussagen zur Akquise.
        coding_rule: Nicht Bindung.
        anchors:
          - text: Wir rufen an.
            document: B01
            position: 4
        subcategories:
          - code: K1.1
            name: Telefon
            origin: inductive
            definition: Kaltakquise am Telefon.
            coding_rule: Nur ohne Vorkontakt.
            anchors:
              - {text: "Wir telefonieren.", document: B02, position: 7}
    """
)


def test_a_valid_codebook_loads_in_tree_order() -> None:
    book = parse_codebook(VALID)
    assert (book.title, book.version, book.language) == ("Test", "2.1", "de")
    assert [(c.code, c.parent) for c in book] == [("K1", None), ("K1.1", "K1")]
    sub = book.get("K1.1")
    assert sub is not None and sub.origin == "inductive" and sub.reference == ""
    assert sub.anchors[0].source == "B02, Pos. 7"
    assert book.colour_of("K1.1") == "#4C72B0"


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, name="cb.yaml")
    assert str(info.value).startswith("cb.yaml:")
    return info.value.problems


def test_broken_yaml_names_the_line() -> None:
    found = problems(VALID.replace("    name: Akquise\n", "    name: [Akquise\n"))
    ((line, message),) = found
    assert "not valid YAML" in message
    assert line is not None and 6 <= line <= 8


def test_missing_fields_unknown_keys_and_bad_values_are_all_listed() -> None:
    broken = (
        VALID.replace("    definition: Aussagen zur Akquise.\n", "")
        .replace("    reference: Lippold (2015)\n", "    referenz: x\n")
        .replace("        position: 4\n", "        position: vier\n")
        .replace("        origin: inductive\n", "        origin: abduktiv\n")
    )
    found = problems(broken)
    text = "\n".join(f"{line}: {message}" for line, message in found)
    assert "category K1 has no 'definition'" in text
    assert "category K1 has no 'reference'" in text
    assert "unknown key 'referenz'" in text
    assert "whole number" in text
    assert "origin must be" in text
    referenz_line = broken.splitlines().index("    referenz: x") + 1
    assert (referenz_line, "unknown key 'referenz' in category K1") in found


def test_anchors_are_required() -> None:
    found = problems(
        VALID.replace("        anchors:\n          - {text", "        anchorz:\n          - {text")
    )
    assert any("K1.1 has no anchor example" in m for _, m in found)


def test_wrong_format_marker_and_empty_category_list() -> None:
    found = problems("format: other/1\ntitle: x\nversion: '1'\ncategories: []\n")
    assert (1, "format must be 'qualcode-codebook/1', not 'other/1'") in found
    assert (4, "'categories' must be a non-empty list") in found


HEAD = 'format: qualcode-codebook/1\ntitle: T\nversion: "1"\n'
CATEGORY = (
    "- code: {code}\n  name: N\n  origin: inductive\n  definition: D\n  coding_rule: R\n"
    "  anchors: [{{text: t, document: B01, position: 1}}]\n"
)


def nested(levels: int) -> str:
    """A codebook whose categories nest ``levels`` deep, one under the other."""
    lines = [HEAD, "categories:\n"]
    indent = "  "
    for n in range(levels):
        code = "K1" + ".1" * n
        lines += [indent + line + "\n" for line in CATEGORY.format(code=code).splitlines()]
        lines.append(f"{indent}  subcategories:\n")
        indent += "    "
    lines[-1] = ""  # the deepest has none
    return "".join(lines)


def one_problem(text: str) -> tuple[int | None, str]:
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, name="cb.yaml")
    assert "\n" not in str(info.value)
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


def test_a_key_written_twice_is_refused_naming_the_key_and_line() -> None:
    text = VALID.replace(
        "    coding_rule: Nicht Bindung.\n", "    coding_rule: A.\n    coding_rule: B.\n"
    )
    line = text.splitlines().index("    coding_rule: B.") + 1
    assert one_problem(text) == (
        line,
        f"the key 'coding_rule' appears twice in one mapping (first on line {line - 1}); keep one",
    )


def test_an_alias_cycle_is_refused_without_recursion() -> None:
    text = HEAD + "categories: &all\n  - code: K1\n    subcategories: *all\n"
    assert one_problem(text) == (
        6,
        "the alias *all repeats a list or mapping; write it out where it is needed",
    )


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = [HEAD, "k0: &k0 {code: K, name: N}\n"]
    for n in range(1, 12):
        lines.append(f"k{n}: &k{n} [{', '.join([f'*k{n - 1}'] * 10)}]\n")
    lines.append("categories: *k11\n")
    line, message = one_problem("".join(lines))
    assert line == 5 and message.startswith("the alias *k0 repeats a list or mapping")


def test_an_alias_of_a_single_value_is_fine() -> None:
    text = VALID.replace("reference: Lippold (2015)", "reference: &src Lippold (2015)").replace(
        "coding_rule: Nicht Bindung.", "coding_rule: *src"
    )
    assert parse_codebook(text).get("K1").coding_rule == "Lippold (2015)"  # type: ignore[union-attr]


def test_twenty_levels_of_categories_load() -> None:
    book = parse_codebook(nested(20))
    assert len(book.categories) == 20


@pytest.mark.parametrize("levels", [21, 40, 300])
def test_deeper_nesting_is_refused_in_one_line(levels: int) -> None:
    _, message = one_problem(nested(levels))
    assert message == "categories nest more than 20 levels deep; flatten the category system"


def test_front_matter_and_speaker_maps_are_read_strictly() -> None:
    from qualcode.domain.errors import InvalidInputError
    from qualcode.importers.speaker_map import parse_speaker_map
    from qualcode.importers.text import TextImporter

    data = b"---\nalter: &a [1, 2]\nalt: *a\n---\nI: Hallo.\n"
    with pytest.raises(InvalidInputError, match=r"x.md:3: .*the alias \*a repeats"):
        TextImporter().parse(data, source="x.md")
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nI:\n  aliases: *b\n"
    with pytest.raises(InvalidInputError, match=r"map.yaml:2: the alias \*a repeats"):
        parse_speaker_map(bomb, source="map.yaml")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!custom Test", "!custom"),
        ("!!binary aGVsbG8=", "!!binary"),
        ('!!python/object/apply:os.system ["touch /tmp/qualcode-pwned"]', "!!python/object"),
    ],
)
def test_a_tag_is_refused_rather_than_read_as_plain_text(value: str, shown: str) -> None:
    line, message = one_problem(VALID.replace("title: Test", f"title: {value}"))
    assert line == 2
    assert message.startswith(f"the tag {shown}") and "is not read here" in message


def test_plain_tags_change_nothing() -> None:
    book = parse_codebook(VALID.replace("title: Test", 'title: !!str "Test"'))
    assert book.title == "Test"


def test_speaker_maps_and_front_matter_refuse_tags() -> None:
    from qualcode.domain.errors import InvalidInputError
    from qualcode.importers.speaker_map import parse_speaker_map
    from qualcode.importers.text import TextImporter

    with pytest.raises(InvalidInputError, match=r"map.yaml:1: the tag !custom is not read"):
        parse_speaker_map("B01: !custom {role: respondent}\n", source="map.yaml")
    data = b"---\nalter: !!binary aGk=\n---\nI: Hallo.\n"
    with pytest.raises(InvalidInputError, match=r"x.md:2: .*the tag !!binary is not read"):
        TextImporter().parse(data, source="x.md")


@pytest.mark.parametrize("name", ["book.qdc", "book.yaml"])
def test_a_refi_codebook_given_as_yaml_says_where_it_belongs(tmp_path: Path, name: str) -> None:
    from qualcode.domain.errors import InvalidInputError
    from qualcode.importers.codebook_yaml import load_codebook

    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError, match="qualcode import-project FILE"):
        load_codebook(path)
