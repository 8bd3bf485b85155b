"""HTML transcripts: noScribe's own format, web pages with speaker turns, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import InvalidInputError
from qualcode.domain.transcript import ParsedTranscript
from qualcode.importers.html import HtmlImporter
from qualcode.importers.registry import choose

NOSCRIBE = (Path(__file__).parent / "fixtures" / "noscribe.html").read_text(encoding="utf-8")


def parse(content: str, source: str = "t.html") -> ParsedTranscript:
    return HtmlImporter().parse(content.encode("utf-8"), source=source)


def turns(parsed: ParsedTranscript) -> list[tuple[str | None, float | None, str]]:
    return [(t.speaker, t.start, parsed.turn_text(t)) for t in parsed.turns]


def test_noscribe_turns_from_its_anchors_header_and_time_marks_gone() -> None:
    parsed = parse(NOSCRIBE, "Interview_B07.html")
    assert turns(parsed) == [
        ("S00", 0.0, "Wie sind Sie zum Vertrieb gekommen?"),
        (
            "S01",
            4.12,
            "Über die Logistik, ehrlich gesagt. Ich war erst im Lager. (..) "
            "Dann kam der Außendienst & der Vertrieb.",
        ),
        ("S00", 91.0, "Und heute?"),
    ]
    assert parsed.format == "html"
    assert not parsed.warnings


def test_noscribe_speaker_renamed_in_its_editor_wins() -> None:
    renamed = NOSCRIBE.replace(">S00: <", ">Interviewerin: <")
    assert [t.speaker for t in parse(renamed).turns] == ["Interviewerin", "S01", "Interviewerin"]


def test_html_is_chosen_by_content_and_by_name(tmp_path: Path) -> None:
    data = NOSCRIBE.encode("utf-8")
    assert isinstance(choose(tmp_path / "B07", data), HtmlImporter)
    assert isinstance(choose(tmp_path / "B07.htm", b"<p>I: Hallo</p>"), HtmlImporter)


PAGE = """<!doctype html>
<html><head><title>Interview</title><script>var tracking = "I: nicht importieren";</script>
<style>p { color: red }</style></head>
<body>
<header><nav><a href="/">Start</a> | <a href="/impressum">Impressum: Kontakt</a></nav></header>
<h1>Interview mit Frau Keller</h1>
<form><label>Suche: </label><input name="q"><button>Los</button></form>
<p><b>I:</b> [00:00:03] Wie gewinnen Sie neue Kunden?</p>
<p><b>B:</b> [00:00:09] Vor allem über Messen.<br>Und über Empfehlungen.</p>
<script>document.write("B: auch nicht")</script>
<footer>© 2024 Beispiel-Uni. Kontakt: info@example.org</footer>
</body></html>
"""


def test_a_web_page_with_speaker_turns_is_read_without_script_navigation_and_form() -> None:
    parsed = parse(PAGE)
    assert turns(parsed) == [
        (None, None, "Interview mit Frau Keller"),
        ("I", 3.0, "Wie gewinnen Sie neue Kunden?"),
        ("B", 9.0, "Vor allem über Messen. Und über Empfehlungen."),
    ]
    for gone in ("tracking", "Impressum", "Suche", "auch nicht", "Beispiel-Uni", "color"):
        assert gone not in parsed.text


def test_a_saved_web_page_is_refused_in_one_line() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Nachrichten</title></head><body>"
        "<nav><a href='/'>Start</a></nav><h1>Wetter</h1><p>Morgen wird es sonnig.</p>"
        "<p>Am Wochenende regnet es.</p></body></html>"
    )
    with pytest.raises(InvalidInputError, match="saved web page, not a transcript") as info:
        parse(page, "wetter.html")
    assert "\n" not in str(info.value)


def test_an_empty_page_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        parse("<html><body><script>x()</script></body></html>")


def test_a_cut_off_file_is_imported_with_a_warning() -> None:
    cut = (
        NOSCRIBE[: NOSCRIBE.index('<p ><a name="ts_91000')]
        + '<p ><a name="ts_91000_93000_S00" >S00: Und he'
    )
    parsed = parse(cut, "B07.html")
    assert [t.speaker for t in parsed.turns] == ["S00", "S01", "S00"]
    assert parsed.turn_text(parsed.turns[-1]) == "Und he"
    assert any("cut off" in w for w in parsed.warnings)


def test_entities_and_network_references_are_not_followed() -> None:
    page = (
        '<!DOCTYPE html [<!ENTITY x "EXPANDED">]><html><body>'
        '<img src="http://example.invalid/x.png"><iframe src="http://example.invalid/"></iframe>'
        "<p>I: Hallo &x;</p><p>B: Guten Tag.</p></body></html>"
    )
    parsed = parse(page)
    assert "EXPANDED" not in parsed.text
    assert [t.speaker for t in parsed.turns][-2:] == ["I", "B"]
