"""Time the audit trail's sentences in German beside the English ones, as the reviewer's page
tells them (every coding's history is one sentence per event).

    python bench/audit_sentences.py [--events 20000] [--runs 5]

The German sentence fills a frame put into the project's words (Terms.apply) and translates
what the trail stored in English (a comment's place, an undone step); the baseline is the
English sentence of the same stored rows, which is what the page told before. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import UTC, datetime, timedelta

from qualcode.domain.audit import (
    AuditEvent,
    CategoryChanged,
    ChangeEvent,
    CodingCreated,
    CodingMemoChanged,
    ReviewCommentImported,
)
from qualcode.domain.terminology import Terms


def rows(count: int) -> list[AuditEvent]:
    """Stored rows shaped like a coded project's trail: mostly codings, some memos, guideline
    changes and reviewers' comments."""
    at = datetime(2026, 12, 1, tzinfo=UTC)
    found = []
    for i in range(count):
        event: ChangeEvent
        if i % 10 == 9:
            event = CodingMemoChanged(entity_id=i, old_memo="", memo="Messe als wichtigster Kanal")
        elif i % 50 == 48:
            event = CategoryChanged(entity_id=3, old={}, new={"coding_rule": "x"})
        elif i % 50 == 47:
            event = ReviewCommentImported(
                entity_id=i,
                reviewer="Prof. Weber",
                export_id="e",
                target="coding",
                where=f"coding {i} (K2.1, B01, Pos. 5–6)",
                text="Ist das wirklich Kaltakquise?",
                codings=[i],
            )
        else:
            view = {
                "document": f"B{i % 500:03d}",
                "category": "K2.1",
                "text": "Zwei Kolleginnen im Innendienst telefonieren jeden Donnerstag Firmen ab",
                "coder": "alice",
                "position": i % 40 + 1,
                "position_end": i % 40 + 2,
            }
            event = CodingCreated(entity_id=i, coding=view)
        before, after = event.payload()
        found.append(
            AuditEvent(
                i,
                at + timedelta(seconds=i),
                "alice",
                event.action,
                event.entity,
                event.entity_id,
                before,
                after,
                "",
                "K2.1",
            )
        )
    return found


def timed(events: list[AuditEvent], language: str, terms: Terms, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        for e in events:
            e.describe(language, terms=terms)
        samples.append(time.perf_counter() - started)
    return samples


def stats(name: str, samples: list[float]) -> dict[str, object]:
    return {
        "name": name,
        "runs": len(samples),
        "min_s": round(min(samples), 4),
        "median_s": round(statistics.median(samples), 4),
        "max_s": round(max(samples), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    events = rows(args.events)
    terms = Terms(spelling="Codier")
    timed(events[:200], "de", terms, 1)  # the German module imported before the clock runs
    english = timed(events, "en", terms, args.runs)
    german = timed(events, "de", terms, args.runs)
    result = {
        "events": args.events,
        "baseline": stats("English sentences (the page before)", english),
        "measured": stats("German sentences in the project's words", german),
        "ratio": round(statistics.median(german) / statistics.median(english), 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
