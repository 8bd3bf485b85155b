"""The hash chain's format and its check, on plain values (no database)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

from qualcode.domain.audit_chain import (
    CUT,
    EDITED,
    GENESIS,
    LINK,
    PIN,
    TRIGGERS,
    ChainEntry,
    canonical,
    canonical_time,
    check_chain,
    event_hash,
    plain_json,
    quick_check,
)

AT = datetime(2026, 12, 7, 14, 3, 9, 123456, tzinfo=UTC)


def _chain(n: int) -> list[ChainEntry]:
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        content = {
            "seq": seq,
            "at": AT + timedelta(minutes=seq),
            "coder": "alice",
            "action": "create",
            "entity": "coding",
            "entity_id": seq * 10,
            "before": None,
            "after": {"text": f"Kunde {seq}", "ü": [1, 2.5]},
            "reason": "",
            "prev_hash": prev,
        }
        digest = event_hash(**content)
        entries.append(ChainEntry(id=seq + 100, hash=digest, **content))
        prev = digest
    return entries


def _head(entries: list[ChainEntry]) -> tuple[int, str]:
    return entries[-1].seq or 0, entries[-1].hash or ""


def test_the_canonical_form_is_documented_json() -> None:
    raw = canonical(
        seq=1,
        at=AT,
        coder="jürgen",
        action="create",
        entity="coding",
        entity_id=7,
        before=None,
        after={"b": 1, "a": "ä"},
        reason="",
        prev_hash=GENESIS,
    )
    assert (
        raw
        == (
            '{"action":"create","after":{"a":"ä","b":1},"at":"2026-12-07T14:03:09.123456+00:00",'
            '"before":null,"coder":"jürgen","entity":"coding","entity_id":7,'
            f'"prev_hash":"{GENESIS}","reason":"","seq":1}}'
        ).encode()
    )
    assert event_hash(**json.loads(raw)) == hashlib.sha256(raw).hexdigest()


def test_times_read_back_by_either_database_hash_alike() -> None:
    sqlite_text = "2026-12-07 14:03:09.123456"  # SQLite: UTC text without a zone
    berlin = AT.astimezone(timezone(timedelta(hours=1)))  # PostgreSQL: the session's zone
    assert canonical_time(sqlite_text) == canonical_time(berlin) == canonical_time(AT)
    assert canonical_time(AT.replace(microsecond=0)).endswith(":09.000000+00:00")


def test_an_intact_chain_verifies_and_names_its_head() -> None:
    entries = _chain(5)
    check = check_chain(entries, recorded_head=_head(entries))
    assert check.ok and check.checked == 5 and check.head == entries[-1].hash
    assert check.summary == "Audit trail: intact (5 events)"
    empty = check_chain([], recorded_head=(0, GENESIS))
    assert empty.ok and empty.checked == 0 and empty.head is None
    one = _chain(1)  # a project just received from another program
    assert check_chain(one, recorded_head=_head(one)).summary == "Audit trail: intact (1 event)"
    pinned = check_chain(one, recorded_head=_head(one), pinned=one[0].hash)
    assert "(1 event); it still holds the pinned head" in pinned.summary
    assert pinned.summary.endswith("and 0 events after it")


def test_an_edited_event_is_named() -> None:
    entries = _chain(5)
    entries[2] = dataclasses.replace(entries[2], reason="forged")
    check = check_chain(entries, recorded_head=_head(entries))
    assert not check.ok and check.problem == EDITED and check.event_id == 103
    assert check.summary.startswith("Audit trail: BROKEN at event 103 (no. 3, 2026-12-07 14:06")
    assert "no longer matches its hash" in check.summary and "\n" not in check.summary


def test_a_deleted_event_breaks_the_link_after_it() -> None:
    entries = _chain(5)
    del entries[1]
    check = check_chain(entries, recorded_head=_head(entries))
    assert check.problem == LINK and check.event_seq == 3
    assert "1 event before it was deleted (no. 2 missing)" in check.summary


def test_swapped_events_and_an_inserted_one_are_caught() -> None:
    entries = _chain(5)
    swapped = [entries[0], entries[2], entries[1], *entries[3:]]
    assert check_chain(swapped, recorded_head=_head(entries)).problem == LINK
    forged = dataclasses.replace(entries[1], at=AT - timedelta(days=300), hash="f" * 64)
    check = check_chain([entries[0], forged, *entries[2:]], recorded_head=_head(entries))
    assert check.problem == EDITED and check.event_seq == 2


def test_the_newest_events_removed_are_caught_by_the_head() -> None:
    entries = _chain(5)
    check = check_chain(entries[:3], recorded_head=_head(entries))
    assert check.problem == CUT and "ends at no. 3, but the chain head records no. 5" in (
        check.summary
    )
    quick = quick_check(entries[2], count=3, recorded_head=_head(entries))
    assert not quick.ok and quick.quick


def test_missing_triggers_fail_the_check_even_when_the_chain_holds() -> None:
    entries = _chain(3)
    check = check_chain(entries, recorded_head=_head(entries), missing_triggers=["no_delete"])
    assert not check.ok and check.problem == TRIGGERS and "no_delete" in check.summary


def test_a_pinned_head_must_still_be_in_the_trail() -> None:
    entries = _chain(5)
    pin = entries[2].hash or ""
    check = check_chain(entries, recorded_head=_head(entries), pinned=pin[:16].upper())
    assert check.ok and "still holds the pinned head (no. 3" in check.summary
    assert "and 2 events after it" in check.summary
    gone = check_chain(entries, recorded_head=_head(entries), pinned="ab" * 32)
    assert not gone.ok and gone.problem == PIN
    short = check_chain(entries, recorded_head=_head(entries), pinned=pin[:6])
    assert not short.ok and "at least 12 characters" in short.summary


def test_the_quick_check_reads_only_the_end() -> None:
    entries = _chain(4)
    assert quick_check(entries[-1], count=4, recorded_head=_head(entries)).ok
    edited = dataclasses.replace(entries[-1], reason="x")
    assert not quick_check(edited, count=4, recorded_head=_head(entries)).ok
    assert not quick_check(entries[-1], count=5, recorded_head=_head(entries)).ok
    assert quick_check(None, count=0, recorded_head=(0, GENESIS)).ok


def test_payloads_hash_as_they_read_back() -> None:
    flat = {"memo": "ä", "n": 1, "share": 0.1 + 0.2, "ok": True, "none": None}
    assert plain_json(flat) is flat
    assert plain_json({"spans": (1, 2), 3: "x"}) == {"spans": [1, 2], "3": "x"}
    imported = {"name": "B01", "turns": 12, "attributes": {"Alter": "41"}}
    assert plain_json(imported) is imported
    deeper = {"attributes": {"spans": (1, 2)}, "n": {4: "x"}}
    assert plain_json(deeper) == {"attributes": {"spans": [1, 2]}, "n": {"4": "x"}}
    stored = canonical_time(AT)
    assert canonical_time(stored) is stored
