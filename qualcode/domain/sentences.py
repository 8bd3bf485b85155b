"""What a sentence is: the one rule the transcript view, the agreement units, quotes, the
search index and the subtitle importer share.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets after it) that is
followed by a blank and then by something that may start a sentence (not a lowercase letter).
Interview transcripts are full of full stops that end nothing, so these do not end a sentence:

- abbreviations (z. B., d. h., ca., Nr., Dr., bzw., usw., e.g., Mr., ...) and single letters
  (initials, the parts of "z. B."),
- ordinals (am 3. Mai, der 2. Termin) and times (um 10.30 Uhr),
- transcription marks: f4's time marks (``#00:01:10-0#``) and pauses (``(.)``, ``(...)``),
- ellipses (``...``, ``…``): the speaker trails off or hesitates.

A time mark right after a sentence's end belongs to that sentence (f4 writes it after what was
said). Plain regular expressions, no language model: a 4-million-word project splits in about
a second, so every part of the program can afford the same answer.
"""

from __future__ import annotations

import re

#: Words that end with a full stop but not a sentence, casefolded, without the stop. Single
#: letters are abbreviations anyway (initials, "z. B.", "d. h.", "u. a.").
ABBREVIATIONS = frozenset(
    [
        "abb",
        "abs",
        "abt",
        "allg",
        "anm",
        "bd",
        "bzgl",
        "bzw",
        "ca",
        "co",
        "dgl",
        "dipl",
        "dr",
        "evtl",
        "etc",
        "ebd",
        "eig",
        "engl",
        "f",
        "ff",
        "fa",
        "frl",
        "gegr",
        "gem",
        "ggf",
        "ggfs",
        "hr",
        "hrsg",
        "inkl",
        "insb",
        "jh",
        "jhd",
        "jr",
        "kap",
        "kfm",
        "lt",
        "max",
        "min",
        "mio",
        "mrd",
        "mwst",
        "nr",
        "od",
        "orig",
        "pkt",
        "prof",
        "rd",
        "s",
        "sog",
        "sr",
        "st",
        "std",
        "str",
        "tel",
        "tsd",
        "u",
        "usw",
        "vgl",
        "vs",
        "vsl",
        "z",
        "zb",
        "zt",
        "zzt",
        "ziff",
        "bspw",
        "bsp",
        "mind",
        "ugs",
        "approx",
        "cf",
        "dept",
        "e.g",
        "eg",
        "esp",
        "est",
        "fig",
        "govt",
        "i.e",
        "ie",
        "inc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mr",
        "mrs",
        "ms",
        "mt",
        "no",
        "nos",
        "vol",
        "vols",
    ]
)

_MONTHS = frozenset(
    [
        "januar",
        "jänner",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ]
)

# Words after which a number with a full stop is an ordinal ("am 3. Mai", "der 2. Termin").
_BEFORE_ORDINAL = frozenset(
    [
        "am",
        "an",
        "im",
        "in",
        "vom",
        "zum",
        "zur",
        "bis",
        "ab",
        "seit",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "das",
        "ein",
        "einem",
        "einen",
        "einer",
        "mein",
        "meinem",
        "meinen",
        "meiner",
        "sein",
        "seinem",
        "seinen",
        "seiner",
        "ihr",
        "ihrem",
        "ihren",
        "ihrer",
        "unser",
        "unserem",
        "unseren",
        "unserer",
        "jeden",
        "jedem",
        "jeder",
        "the",
    ]
)

#: f4's time marks and pauses, and the time marks of other transcription programs in brackets.
MARK = re.compile(
    r"#\d{1,2}:\d{2}:\d{2}(?:[.,-]\d+)?#"
    r"|\((?:\.{1,3}|…|\d+(?:[.,]\d+)?\s*(?:s|sek|sec|Sek|Sec)?\.?)\)"
    r"|\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]"
)
_CANDIDATE = re.compile(r"([.!?…]+)[\"'“”»«)\]]*(?=\s)")
_NEXT_WORD = re.compile(r"\w+")
_MARKS_AND_BLANKS = re.compile(r"(?:\s+|" + MARK.pattern + r")*")
_LEADING_OPENERS = re.compile(r"[\"'“„»«(\[–—-]*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open character spans of the sentences in ``text``, without surrounding blanks."""
    spans: list[tuple[int, int]] = []
    marks = (
        [(m.start(), m.end()) for m in MARK.finditer(text)] if "#" in text or "(" in text else []
    )
    start = 0
    for match in _CANDIDATE.finditer(text):
        if marks and _inside(marks, match.start()):
            continue
        after = _MARKS_AND_BLANKS.match(text, match.end())
        following = after.end() if after else match.end()
        if following >= len(text) or not _ends_here(text, match, following):
            continue
        end = _end_with_marks(text, match.end(), following)
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return spans


def ends_sentence(text: str, following: str) -> bool:
    """Whether ``text`` ends with the end of a sentence, seen with the text after it (a
    subtitle cue and the next one)."""
    stripped = text.rstrip()
    if not stripped or not following.strip():
        return bool(stripped) and stripped[-1] in ".!?" and not _trails_off(stripped)
    joined = f"{stripped} {following.lstrip()}"
    return any(end == len(stripped) for _, end in sentence_spans(joined)[:-1])


def _trails_off(text: str) -> bool:
    match = re.search(r"([.!?…]+)[\"'“”»«)\]]*$", text)
    return match is None or _is_ellipsis(match.group(1))


def _is_ellipsis(punctuation: str) -> bool:
    return ("…" in punctuation or ".." in punctuation) and not any(
        mark in punctuation for mark in "!?"
    )


def _ends_here(text: str, match: re.Match[str], following: int) -> bool:
    """Whether the candidate ``match`` (punctuation then a blank) ends a sentence."""
    punctuation = match.group(1)
    if _is_ellipsis(punctuation):
        return False
    opened = _LEADING_OPENERS.match(text, following)
    at = opened.end() if opened else following
    first = text[at : at + 1]
    if first.islower():
        return False
    if punctuation != ".":
        return True
    window = text[max(0, match.start() - 40) : match.start()]
    if not window or window[-1].isspace():
        return True  # a stop standing alone
    parts = window.split()
    word = parts[-1].lstrip("\"'“„»«([").rstrip(".")
    folded = word.casefold()
    if len(word) == 1 and word.isalpha():
        return False
    if folded in ABBREVIATIONS or folded.replace(".", "") in ABBREVIATIONS:
        return False
    if word.isdigit():
        previous = parts[-2].casefold().strip(",;:") if len(parts) > 1 else ""
        if previous in _BEFORE_ORDINAL:
            return False
        next_word = _NEXT_WORD.match(text, following)
        if next_word and next_word.group(0).casefold() in _MONTHS:
            return False
    return True


def _end_with_marks(text: str, end: int, following: int) -> int:
    """A time mark right after a sentence's end belongs to the sentence."""
    found = end
    position = end
    while position < following:
        blank = re.match(r"\s+", text[position:following])
        if blank:
            position += blank.end()
            continue
        mark = MARK.match(text, position, following)
        if mark is None:
            break
        found = position = mark.end()
    return found


def _inside(marks: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in marks)


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
