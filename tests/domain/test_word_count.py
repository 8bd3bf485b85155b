"""The fast word count (blanks counted) must give what splitting gives, whenever it is used."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.text import word_count
from qualcode.importers.registry import choose
from qualcode.importers.sources import read_source
from qualcode.importers.text import TextImporter
from tests.helpers import SAMPLE_FILES, SHARED

SETTINGS = settings(max_examples=300, deadline=None, database=None)
# Letters, punctuation of transcripts, and every kind of blank that str.split() knows besides
# the space and the line end: those must make the fast count step aside.
ODD_BLANKS = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2007\u2028\u205f\u3000"
WORD_CHARS = "aBzÄöß-.,:#[]()0123456789" + ODD_BLANKS
words = st.text(alphabet=WORD_CHARS, min_size=1, max_size=8).filter(lambda w: not w.isspace())


@SETTINGS
@given(st.lists(st.tuples(words, st.sampled_from([" ", "\n"])), min_size=1, max_size=30))
def test_single_blanks_count_as_splitting_does(pairs: list[tuple[str, str]]) -> None:
    text = "".join(word + blank for word, blank in pairs)[:-1]
    assert word_count(text, single_blanks=True) == len(text.split())


# Lines as transcripts have them: labels, time marks of both kinds, blank and hard-wrapped
# lines, runs of spaces, odd blanks, a label with nothing after it.
PIECES = [
    "I: ",
    "B: ",
    "B1:",
    "Frau Dr. Keller: ",
    "**I [00:00:03]** ",
    "[00:01:02] ",
    "(01:02) ",
    " #00:01:23-4#",
    "#00:02:00#",
    "Wort",
    "zwei Wörter",
    "  ",
    " ",
    "\n",
    "\n\n",
    "\t",
    "\xa0",
    "\u205f",
    "\x0b",
    "\x85",
    "# Titel",
    "---",
    ":",
    "Fazit: ",
]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(["a.txt", "a.md"]))
def test_the_text_importer_counts_as_splitting_does(pieces: list[str], name: str) -> None:
    text = "".join(pieces) + "\nI: Ende."
    try:
        parsed = TextImporter().parse(text.encode(), source=name)
    except InvalidInputError as exc:  # time marks drawn at random may run backwards
        assert "the time mark" in str(exc)
        return
    assert parsed.words == len(parsed.text.split())


def material() -> list[Path]:
    reference = SHARED / "reference" / "transcripts"
    found = [*SAMPLE_FILES]
    if reference.is_dir():
        found += [
            p
            for p in sorted(reference.rglob("*"))
            if p.is_file() and p.suffix.lower() in (".txt", ".md", ".docx", ".odt", ".vtt")
        ]
    return found


@pytest.mark.parametrize("path", material(), ids=lambda p: p.name)
def test_sample_and_reference_transcripts_count_as_splitting_does(path: Path) -> None:
    data = path.read_bytes()
    parsed = choose(path, data).parse(data, source=str(path))
    assert parsed.word_count() == len(parsed.text.split())
    assert read_source(path).words == len(parsed.text.split())
