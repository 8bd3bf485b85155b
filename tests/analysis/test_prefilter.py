"""The pattern a server checks before Python: what it may widen, and what it must never lose."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from qualcode.analysis.prefilter import (
    FOLDED,
    Prefilter,
    case_variants,
    line_matches,
    prefilter,
)
from qualcode.analysis.search import text_pattern
from qualcode.domain.search import SearchQuery

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "qualcode/storage/migrations/versions/0017_server_search.py"
)


def _cased() -> list[str]:
    """Every character that has another case, or is another's case."""
    return [
        chr(code)
        for code in range(0x110000)
        if chr(code).lower() != chr(code) or chr(code).upper() != chr(code)
    ]


def test_a_letters_variants_are_every_character_ignorecase_takes_for_it() -> None:
    cased = _cased()
    for letter in "aksiIßäÖüµθωåy":
        same = re.compile(re.escape(letter), re.IGNORECASE)
        expected = {char for char in cased if same.fullmatch(char)} | {letter}
        assert set(case_variants(letter)) == expected, letter
        assert case_variants(letter)[0] == letter
    assert set(case_variants("ß")) == {"ß", "\u1e9e"}
    assert "\u017f" in case_variants("s") and "\u212a" in case_variants("k")
    assert case_variants("3") == "3"


def test_the_folding_is_the_migrations_and_maps_to_a_variant() -> None:
    constants = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(MIGRATION.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in ("_RARE", "_COMMON")
    }
    assert constants == {"_RARE": "".join(FOLDED), "_COMMON": "".join(FOLDED.values())}
    for char, letter in FOLDED.items():
        assert char in case_variants(letter), char


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            SearchQuery("Kunden(bindung|gewinnung)", regex=True),
            "[Kk][uU][nN][dD][eE][nN](?:(?:[bB][iI][nN][dD][uU][nN][gG]"
            "|[gG][eE][wW][iI][nN][nN][uU][nN][gG]))",
        ),
        (SearchQuery("Messest[aä]nd", regex=True), "[Mm][eE][sS][sS][eE][sS][tT][aAäÄ][nN][dD]"),
        (SearchQuery("Straße", whole_word=True), "[Ss][tT][rR][aA]ß[eE]"),  # ẞ is folded to ß
        (SearchQuery(r"K\d{2,300}x", regex=True), "[Kk](?:.){2,}[xX]"),
        (SearchQuery(r"^Ja\b", regex=True), "[Jj][aA]"),
        (SearchQuery(r"a.b", regex=True), "[aA].[bB]"),
        (SearchQuery("Ein-Jahr?"), "[Ee][iI][nN]\\-[Jj][aA][hH][rR]\\?"),
    ],
)
def test_patterns_within_a_line_are_checked_line_by_line(query: SearchQuery, expected: str) -> None:
    assert prefilter(text_pattern(query)) == Prefilter(expected, by_line=True)


@pytest.mark.parametrize(
    ("query", "run"),
    [
        (SearchQuery("die Kunden"), "[Kk][uU][nN][dD][eE][nN]"),
        (SearchQuery(r"Kunde\s+Messe", regex=True), "[Kk][uU][nN][dD][eE]"),
        (SearchQuery(r"(?s)Anfang.*Ende", regex=True), "[Aa][nN][fF][aA][nN][gG]"),
        (SearchQuery(r"Ende$", regex=True), "[Ee][nN][dD][eE]"),
    ],
)
def test_patterns_across_lines_narrow_the_documents(query: SearchQuery, run: str) -> None:
    assert prefilter(text_pattern(query)) == Prefilter(run, by_line=False)


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(r"(a)?(?(1)b|c)", regex=True),  # a conditional group
        SearchQuery(r"a\s+b", regex=True),  # across lines, and no three letters to look for
        SearchQuery("x\x00y", regex=True),
    ],
)
def test_patterns_the_server_cannot_narrow_read_every_text(query: SearchQuery) -> None:
    assert prefilter(text_pattern(query)) is None


TEXT = (
    "I: Wie finden Sie neue Kunden?\n"
    "B: Über die Messe. Die KUNDEN kommen zum Messestand, Straße für STRAẞE.\n"
    "\n"
    "I: Und die Kundenbindung?\n"
    "B: kunden-bindung ist ſchwer. Ende"
)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        if line:
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


@pytest.mark.parametrize(
    "pattern",
    [
        r"kunden",
        r"(?<!\w)kunden(?!\w)",
        r"^I:",
        r"(?m)^B: \w+",
        r"(?m)\w+$",
        r"\bdie\b",
        r"stra(ß|ss)e",
        r"schwer",
        r"Messe(stand)?",
        r"n(?=\?)",
    ],
)
def test_searching_line_by_line_finds_what_the_whole_text_holds(pattern: str) -> None:
    compiled = re.compile(pattern, re.IGNORECASE)
    found = prefilter(compiled)
    assert found is not None and found.by_line
    whole = [m.span() for m in compiled.finditer(TEXT) if m.end() > m.start()]
    assert whole
    assert line_matches(compiled, TEXT, _lines(TEXT)) == whole
