"""What the page's script draws lazily: offsets as the browser counts them."""

from __future__ import annotations

from qualcode.services.review.material import utf16


def test_offsets_are_moved_past_characters_the_browser_counts_twice() -> None:
    assert utf16("Messe und Kaltakquise") is None  # plain text: the offsets are the browser's
    assert utf16("Grüße") is None  # one UTF-16 unit each, like code points
    table = utf16("a😀b")
    assert table == [0, 1, 3, 4]  # the emoji is two units; "b" starts at 3
