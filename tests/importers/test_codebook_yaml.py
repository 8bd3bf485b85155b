"""The codebook format: valid files load, broken ones name every problem's line."""

from __future__ import annotations

import textwrap

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
