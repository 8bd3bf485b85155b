"""Searching the project: the index kept up to date in the background, keyword-in-context
hits with the categories coded there, the sentences of a document, and coding hits.

The index (``storage/search``) holds each document's sentences and where its word forms stand;
documents imported or replaced since it was built are indexed by :meth:`SearchService.
build_index` in batches (a worker in the workbench, the first search on the command line), so
that neither an import nor the workbench waits for it. A search uses the index where it can and
reads the texts of the documents with hits only.
"""

from __future__ import annotations

import gc
import json
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import InvalidInputError, NotFoundError
from qualcode.domain.search import HitRow, SearchHit, SearchQuery, hits_of
from qualcode.services._base import Service, joined
from qualcode.storage.codebook import reads as codebook_query
from qualcode.storage.documents import reads as documents_query
from qualcode.storage.search import reads as search_query

if TYPE_CHECKING:
    from qualcode.storage.reader import Reader, Row

#: Words indexed per unit of work: short enough that a coder's keystroke waits little.
BATCH_WORDS = 150_000

#: Where the hits of a form (or a phrase) stand in a document: ``(starts, offset, length)``,
#: each hit ``offset`` past a start, ``length`` characters long.
Piece = tuple[Sequence[int], int, int]


@dataclass(frozen=True, slots=True)
class IndexState:
    """How much of the project the index covers."""

    documents: int
    pending: int  # documents to (re)index
    pending_words: int

    @property
    def current(self) -> bool:
        return self.pending == 0


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document: its turn's Pos., its number in the turn, its span."""

    position: int
    number: int
    start: int
    end: int


class SearchService(Service):
    blind = False

    # --- the index -------------------------------------------------------------------------

    def index_state(self) -> IndexState:
        with self.database.reading() as reader:
            documents = search_query.documents(reader)
        pending = _pending(documents)
        return IndexState(
            documents=len(documents),
            pending=len(pending),
            pending_words=sum(int(row["word_count"]) for row in pending),
        )

    def build_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index every document imported or replaced since the index was built; returns how
        many. ``progress(words_done, words_total)`` is called after each batch."""
        with self.database.reading() as reader:
            pending = _pending(search_query.documents(reader))
            if not pending:
                return 0  # before the imports: writing loads SQLAlchemy, the lemmas their tables
            terms = {row["form"]: int(row["id"]) for row in search_query.terms(reader)}
            language = _language(reader)
        from qualcode.analysis.search import INDEX_VERSION, index_document, pack, pack_turns
        from qualcode.analysis.words import Lemmatizer
        from qualcode.storage.search import writes as search_repo

        total = sum(int(row["word_count"]) for row in pending)
        lemmas = Lemmatizer(language)
        done = 0
        for batch in _batches(pending):
            ids = [int(row["id"]) for row in batch]
            with self.database.reading() as reader:
                texts = documents_query.texts(reader, ids)
                turns = documents_query.turn_spans(reader, ids)
            rows: list[dict[str, object]] = []
            places: dict[str, array[int]] = {}
            for row in batch:
                document_id = int(row["id"])
                if document_id not in texts:
                    continue  # removed meanwhile
                rows_of_turns = turns.get(document_id, [])
                spans = [(t["char_start"], t["char_end"]) for t in rows_of_turns]
                index = index_document(texts[document_id], spans)
                for form, starts in index.starts.items():
                    found = places.get(form)
                    if found is None:
                        found = places[form] = array("I")
                    found.append(document_id)
                    found.append(len(starts))
                    found.extend(starts)
                rows.append(
                    {
                        "document_id": document_id,
                        "sha256": row["sha256"],
                        "version": INDEX_VERSION,
                        "words": index.words,
                        "sentences": json.dumps(index.sentences, separators=(",", ":")),
                        "turns": pack_turns(*_turns(_turn_lists(rows_of_turns))),
                    }
                )
            new = {form: lemmas.key(form)[:100] for form in places if form not in terms}
            with self.database.transaction() as tx:
                terms.update(search_repo.add_terms(tx, search_query.last_term(tx) + 1, new))
                data = {terms[form]: pack(found) for form, found in places.items()}
                segment = search_query.last_segment(tx) + 1
                search_repo.replace_documents(tx, rows, segment, data)
            done += sum(int(row["word_count"]) for row in batch)
            if progress is not None:
                progress(min(done, total), total)
        return len(pending)

    # --- sentences ---------------------------------------------------------------------------

    def sentences(self, ref: str) -> list[Sentence]:
        """The sentences of a document, turn by turn, as the agreement by sentence compares
        them and the workbench's sentence mode steps over them."""
        with self.database.reading() as reader:
            document_id = documents_query.find_id(reader, ref)
            if document_id is None:
                raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
            return sentences_of(reader, [document_id])[document_id]

    # --- searching ---------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> Iterator[SearchHit]:
        """The hits of ``query``, document by document in name order, each in text order.

        A search by lemma or by parts needs the index of every document: documents not indexed
        yet are indexed first (the workbench does that in its worker before it asks).
        """
        return hits_of(self.rows(query))

    def rows(self, query: SearchQuery) -> Iterator[HitRow]:
        """The hits of ``query`` as :meth:`search` finds them, each a plain tuple in
        ``SearchHit``'s field order: a listing of tens of thousands of hits writes them out
        without an object per hit (and passes through no generator per hit: the lists of
        each document's lines are chained in C)."""
        return chain.from_iterable(self._listing(query))

    def _listing(self, query: SearchQuery) -> Iterator[list[HitRow]]:
        from qualcode.analysis.search import uses_index

        if uses_index(query) and (query.lemma or query.parts):
            self.build_index()
        with self.database.reading() as reader:
            yield from self._document_lines(reader, query)

    def _document_lines(self, reader: Reader, query: SearchQuery) -> Iterator[list[HitRow]]:
        """The lines of each document with hits, in name order (a list per document)."""
        from qualcode.analysis.kwic import hit_lines
        from qualcode.analysis.search import unpack_turns, uses_index
        from qualcode.domain.speakers import SpeakerMap
        from qualcode.storage.settings import reads as settings_query

        documents = search_query.documents(reader)
        wanted = _chosen_documents(reader, documents, query)
        if not wanted:
            return
        names = {int(row["id"]): str(row["name"]) for row in documents}
        stale = {int(row["id"]) for row in _pending(documents)}
        live = {int(row["id"]): int(row["segment"]) for row in documents if row["segment"]}
        found = None
        narrowed = None  # on PostgreSQL: the documents and lines the server found candidates
        if uses_index(query) and not stale & wanted:
            with _collector_paused():
                found = self._indexed_matches(reader, query, wanted, live)
        elif query.lemma or query.parts:
            raise InvalidInputError(
                "the search index is not complete yet: build it first (qualcode search does)"
            )
        elif reader.dialect == "postgresql":
            from qualcode.services.server_search import server_candidates

            narrowed = server_candidates(reader, query, wanted)
        speakers = SpeakerMap.from_json(settings_query.get(reader, "speakers"))
        coder, coding_pass = self._visible(reader)
        order = sorted(wanted, key=lambda i: names[i])
        if found is not None:
            order = [i for i in order if found.get(i)]
        elif narrowed is not None:
            order = [i for i in order if i in narrowed]
        codes = {number: code for code, number in codebook_query.ids_by_code(reader).items()}
        for chunk in _chunks(order):  # the first hits come at once, the rest follow
            with _collector_paused():  # a chunk's lines hold no cycles to collect
                built: list[list[HitRow]] = []
                texts = documents_query.texts(reader, chunk)
                packed_codings = search_query.coded_spans(
                    reader, chunk, coder=coder, coding_pass=coding_pass
                )
                kept = search_query.stored_turns(reader, [i for i in chunk if i not in stale])
                packed_turns = search_query.turn_starts(reader, [i for i in chunk if i not in kept])
                allowed = (
                    {
                        document_id: [
                            _speaker_fits(speakers, turn["speaker"], query.speaker)
                            for turn in turns
                        ]
                        for document_id, turns in documents_query.turn_spans(reader, chunk).items()
                    }
                    if query.speaker
                    else None
                )
                for document_id in chunk:
                    text = texts[document_id]
                    starts, ends = (
                        _in_order(found[document_id])
                        if found is not None
                        else _text_matches(
                            text, query, None if narrowed is None else narrowed[document_id]
                        )
                    )
                    built.append(
                        hit_lines(
                            names[document_id],
                            text,
                            starts,
                            ends,
                            unpack_turns(kept[document_id])
                            if document_id in kept
                            else _turns(packed_turns.get(document_id)),
                            _codings(packed_codings.get(document_id), codes),
                            allowed=allowed.get(document_id, []) if allowed is not None else None,
                            uncoded=query.uncoded,
                            category=query.category,
                        )
                    )
            yield from built

    def _indexed_matches(
        self, reader: Reader, query: SearchQuery, wanted: set[int], live: dict[int, int]
    ) -> dict[int, list[Piece]]:
        """Where the hits stand, from the index: document id -> its pieces (a form's places
        in the document, or one phrase), made into spans only when the document's lines are
        (the first page does not wait for the hits of every document); ``live`` says which
        segment holds each document's current entries."""
        from qualcode.analysis.search import like_pattern, matching_forms, phrase_end, unpack

        words = query.words
        if query.lemma or query.parts:
            rows = search_query.terms(reader)
        else:  # the forms holding the word: a few of the project's tens of thousands
            rows = search_query.terms_like(reader, like_pattern(words[0]))
        keys = {str(row["form"]): str(row["key"]) for row in rows}
        ids = {str(row["form"]): int(row["id"]) for row in rows}
        word_keys = self._keys(reader, words, keys) if query.lemma else {}
        forms = matching_forms(words[0], keys, query=query, key=word_keys.get(words[0]))
        by_id = {ids[form]: (form, places) for form, places in forms.items()}
        found: dict[int, list[Piece]] = defaultdict(list)
        texts: dict[int, str] = {}
        for posting in search_query.postings(reader, sorted(by_id)):
            segment = int(posting["segment"])
            form, places = by_id[int(posting["term_id"])]
            data = unpack(posting["data"])
            at, size = 0, len(data)
            while at < size:
                document_id, count = data[at], data[at + 1]
                starts = data[at + 2 : at + 2 + count]
                at += 2 + count
                if live.get(document_id) != segment or document_id not in wanted:
                    continue
                pieces = found[document_id]
                if len(words) > 1:
                    if document_id not in texts:
                        texts.update(documents_query.texts(reader, [document_id]))
                    rest = [word_keys.get(w, "") for w in words[1:]]
                    for start in starts:
                        end = phrase_end(
                            texts[document_id], start + len(form), words[1:], keys, rest
                        )
                        if end is not None:
                            pieces.append(((start,), 0, end - start))
                    continue
                pieces.extend((starts, offset, length) for offset, length in places)
        return found

    def _keys(self, reader: Reader, words: list[str], known: dict[str, str]) -> dict[str, str]:
        """The matching keys of the query's words: from the project's own forms where it has
        them, otherwise from the small cache of looked-up words (the tables load on a miss)."""
        from qualcode.analysis.words import cached_keys
        from qualcode.platform import user_cache_dir

        found = {word: known[word] for word in words if word in known}
        missing = [word for word in words if word not in found]
        if missing:
            try:
                folder = user_cache_dir()
            except OSError:
                folder = None
            found.update(cached_keys(missing, _language(reader), folder))
        return found

    def trigram_notice(self) -> str | None:
        """On PostgreSQL without the trigram index: one line saying so and what an
        administrator types (services/server_search.py)."""
        from qualcode.services.server_search import trigram_notice

        return trigram_notice(self.database)

    def _visible(self, reader: Reader) -> tuple[str | None, str | None]:
        from qualcode.services.coding import blind_scope

        return blind_scope(reader, self.coder) if self.blind else (None, None)

    # --- coding hits ---------------------------------------------------------------------

    def code_hits(
        self, hits: Sequence[SearchHit], category: str, *, coding_pass: str | None = None
    ) -> int:
        """Code each hit's match with ``category`` (one transaction, one audit event per
        coding, as coding in the workbench records); hits coded with it already are left as
        they are. Returns how many codings were made."""
        from qualcode.domain.errors import ConflictError
        from qualcode.services.coding import CodingService

        coding = CodingService(self.database, self.coder)
        coding.blind = self.blind
        made = 0
        with self.unit_of_work() as uow, joined(uow):
            for hit in hits:
                try:
                    coding.code(
                        hit.document, category, chars=(hit.start, hit.end), coding_pass=coding_pass
                    )
                except ConflictError:
                    continue
                made += 1
        return made


def sentences_of(reader: Reader, document_ids: Sequence[int]) -> dict[int, list[Sentence]]:
    """The sentences of these documents: stored by the index where it is current, otherwise
    split now by the same rule (the result is the same; the index only saves the time)."""
    from qualcode.analysis.search import INDEX_VERSION

    stored = {
        int(row["document_id"]): row
        for row in search_query.sentences(reader, document_ids)
        if row["version"] == INDEX_VERSION
    }
    hashes = {
        int(row["id"]): row["sha256"]
        for row in search_query.documents(reader)
        if int(row["id"]) in set(document_ids)
    }
    turns = documents_query.turn_spans(reader, list(document_ids))
    missing = [i for i in document_ids if i not in stored or stored[i]["sha256"] != hashes.get(i)]
    texts = documents_query.texts(reader, missing)
    found: dict[int, list[Sentence]] = {}
    for document_id in document_ids:
        rows = turns.get(document_id, [])
        starts = [int(t["char_start"]) for t in rows]
        if document_id in texts:
            from qualcode.analysis.sentences import turn_sentences

            spans = [
                (start, end)
                for _turn, start, end in turn_sentences(
                    texts[document_id], [(t["char_start"], t["char_end"]) for t in rows]
                )
            ]
        else:
            flat = json.loads(stored[document_id]["sentences"])
            spans = list(zip(flat[::2], flat[1::2], strict=True))
        numbered: list[Sentence] = []
        last_turn, number = -1, 0
        for start, end in spans:
            index = max(bisect_right(starts, start) - 1, 0)
            number = number + 1 if index == last_turn else 1
            last_turn = index
            numbered.append(Sentence(int(rows[index]["position"]), number, start, end))
        found[document_id] = numbered
    return found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the lines of a few documents are made: tens of
    thousands of tuples would set it off again and again (a tenth of a listing's time), and
    lines and their readings hold no reference cycles for it to find. Only a collector that
    was on is turned on again (another thread may have paused it meanwhile)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _pending(documents: list[Row]) -> list[Row]:
    from qualcode.analysis.search import INDEX_VERSION

    return [
        row
        for row in documents
        if row["indexed_sha256"] != row["sha256"] or row["version"] != INDEX_VERSION
    ]


def _batches(rows: list[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    words = 0
    for row in rows:
        batch.append(row)
        words += int(row["word_count"])
        if words >= BATCH_WORDS:
            yield batch
            batch, words = [], 0
    if batch:
        yield batch


def _chunks(ids: list[int], first: int = 2, most: int = 20) -> Iterator[list[int]]:
    """``ids`` in chunks read at once: small at first (the first page is read soon), then
    growing up to ``most`` (fewer reads in all)."""
    at, size = 0, first
    while at < len(ids):
        yield ids[at : at + size]
        at, size = at + size, min(size * 2, most)


def _language(reader: Reader) -> str:
    version = codebook_query.current_version(reader)
    language = (version.language if version else "de").lower()[:2]
    return language if language.isalpha() else "de"


def _chosen_documents(reader: Reader, documents: list[Row], query: SearchQuery) -> set[int]:
    ids = {int(row["id"]) for row in documents}
    if query.documents:
        chosen = set()
        for ref in query.documents:
            found = documents_query.find_id(reader, ref)
            if found is None:
                raise NotFoundError(f"there is no document {ref!r} (see 'qualcode documents')")
            chosen.add(found)
        ids &= chosen
    if query.attributes:
        attributes: dict[int, dict[str, str]] = defaultdict(dict)
        for row in reader.rows_at_once(_attributes_sql(reader)):
            attributes[int(row["document_id"])][str(row["key"]).casefold()] = str(row["value"])
        ids = {
            i
            for i in ids
            if all(
                attributes[i].get(key.casefold(), "").casefold() == value.casefold()
                for key, value in query.attributes
            )
        }
    return ids


def _attributes_sql(reader: Reader) -> str:
    from qualcode.storage.sql import sql

    return sql(reader, "documents.attributes")


def _text_matches(
    text: str, query: SearchQuery, lines: list[tuple[int, int]] | None = None
) -> tuple[list[int], list[int]]:
    """Where ``query`` stands in ``text``: the starts and the ends of its hits, in text order;
    only in ``lines`` when given (what the server found on PostgreSQL, see
    services/server_search.py)."""
    from qualcode.analysis.search import text_pattern

    pattern = text_pattern(query)
    if lines is not None:
        from qualcode.analysis.prefilter import line_matches

        spans = line_matches(pattern, text, lines)
    else:
        spans = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    return [start for start, _ in spans], [end for _, end in spans]


def _in_order(pieces: list[Piece]) -> tuple[list[int], list[int]]:
    """A document's hits as their starts and ends, in text order. A piece's starts are in order
    already; those of several are sorted as plain integers (a word stands at one place, so no
    two hits of a document start at the same place), their ends found by their lengths: one
    for all when the pieces' are the same (a plain search), else each start's own. The loops
    run in C: a common word stands everywhere."""
    if len(pieces) == 1:
        starts, offset, length = pieces[0]
        first = list(map(offset.__add__, starts)) if offset else list(starts)
        return first, list(map(length.__add__, first))
    lengths = {length for _starts, _offset, length in pieces}
    if len(lengths) == 1:
        (length,) = lengths
        first = []
        for starts, offset, _length in pieces:
            first += map(offset.__add__, starts) if offset else starts
        first.sort()
        return first, list(map(length.__add__, first))
    ends: dict[int, int] = {}
    for starts, offset, length in pieces:
        ends.update(
            zip(map(offset.__add__, starts), map((offset + length).__add__, starts), strict=True)
        )
    first = sorted(ends)
    return first, list(map(ends.__getitem__, first))


def _turns(packed: tuple[list[int], list[int]] | None) -> tuple[list[int], list[int]]:
    """A document's turns as (positions, starts) -> (starts, positions), in text order."""
    if not packed or not packed[0]:
        return [0], [1]
    pairs = sorted(zip(packed[1], packed[0], strict=True))
    return [start for start, _ in pairs], [position for _, position in pairs]


def _turn_lists(rows: Sequence[Row]) -> tuple[list[int], list[int]]:
    """Turns' rows as (positions, starts), as :func:`_turns` takes them."""
    return [int(row["position"]) for row in rows], [int(row["char_start"]) for row in rows]


def _codings(
    packed: tuple[list[int], list[int], list[int]] | None, codes: dict[int, str]
) -> list[tuple[int, int, str]]:
    """A document's codings as (starts, ends, category ids) -> (start, end, code), sorted."""
    if not packed:
        return []
    starts, ends, categories = packed
    return sorted(zip(starts, ends, map(codes.get, categories, repeat("?")), strict=True))


def _speaker_fits(speakers: Any, speaker: str | None, wanted: str) -> bool:
    """A speaker's label or role (interviewer, respondent, other) is the one asked for."""
    if speaker is None:
        return False
    folded = wanted.casefold()
    return speaker.casefold() == folded or speakers.role(speaker) == folded
