"""REFI-QDA (QDA-XML 1.0) export: a whole project as ``.qdpx``, the codebook as ``.qdc``.

A ``.qdpx`` is a ZIP archive holding ``project.qde`` (the XML) and ``sources/`` with each
document's plain text in UTF-8 without a byte-order mark. The plain text is the transcript as a
person reads it: one line per turn, the speaker label in front (``B: ...``), so that MAXQDA,
ATLAS.ti, NVivo and QualCoder show who speaks; selection positions count Unicode code points of
that text, as the standard says (``docs/refi-qda.md`` says what each program really counts).

What the standard has no place for (coding passes, codebook versions, the audit trail, the
turns' times, category codes and origins, the autocoding rules, the proposals they made and what
was decided on them)
travels in one Note named ``qualcode`` holding JSON:
other programs show it as a memo and ignore it; qualcode reads it back, so a round trip loses
nothing. Every element is written in a fixed order with stable GUIDs, so exporting the same
project twice gives the same ``project.qde`` apart from its date.

lxml loads only here and only when an export of this kind runs.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from bisect import bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from qualcode.domain.autocoding import Rule, rule_rows
from qualcode.domain.codebook import Category, Codebook
from qualcode.domain.exchange import ExCoding, ExDocument, ExProject, describe_category
from qualcode.domain.transcript import Turn
from qualcode.exporters import output
from qualcode.exporters.output import Destination

__all__ = [
    "CODEBOOK_NS",
    "EXTENSION_NAME",
    "PROJECT_NS",
    "display_text",
    "extension_of",
    "project_xml",
    "codebook_xml",
    "write_qdc",
    "write_qdpx",
]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
EXTENSION_NAME = "qualcode"
EXTENSION_FILE = "qualcode.txt"  # under sources/, as the other notes' and sources' text files
EXTENSION_FORMAT = "qualcode-refi/1"
ORIGIN = "qualcode"


@lru_cache(maxsize=4096)  # bulk codings share their timestamps
def _stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.astimezone(UTC)
    # Fractions of a second only where there are some: a re-import keeps the exact time.
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if value.microsecond else "%Y-%m-%dT%H:%M:%SZ")


# ----- the text a person reads, and where qualcode's offsets fall in it -------------------


def _prefix(turn: Turn) -> str:
    return f"{turn.speaker}: " if turn.speaker else ""


class DisplayText:
    """A document's text with its speaker labels, and the mapping of qualcode's offsets."""

    def __init__(self, document: ExDocument, *, utf16: bool = False) -> None:
        self._units: list[int] | None = None
        self._build(document)
        if utf16 and any(ord(c) > 0xFFFF for c in self.text):
            self._units = list(
                accumulate((2 if ord(c) > 0xFFFF else 1 for c in self.text), initial=0)
            )

    def unit(self, index: int) -> int:
        """A code-point index of :attr:`text` in the units the positions are written in."""
        return index if self._units is None else self._units[index]

    def _build(self, document: ExDocument) -> None:
        turns = document.turns
        pieces = [document.text[t.char_start : t.char_end] for t in turns]
        self.labelled = bool(turns) and "\n".join(pieces) == document.text
        if not self.labelled:  # a text that is not its turns joined: written as it is
            self.text = document.text
            self._starts: list[int] = []
            self._shift: list[int] = []
            return
        lines = [_prefix(t) + piece for t, piece in zip(turns, pieces, strict=True)]
        self.text = "\n".join(lines)
        self._starts = [t.char_start for t in turns]
        shift, total = [], 0
        for turn in turns:
            total += len(_prefix(turn))
            shift.append(total)
        self._shift = shift

    def start(self, offset: int) -> int:
        if not self.labelled:
            return self.unit(offset)
        k = max(bisect_right(self._starts, offset) - 1, 0)
        return self.unit(offset + self._shift[k])

    def end(self, offset: int) -> int:
        if not self.labelled or offset == 0:
            return self.unit(offset)
        k = max(bisect_right(self._starts, offset - 1) - 1, 0)
        return self.unit(offset + self._shift[k])


def display_text(document: ExDocument) -> str:
    """The plain text written to ``sources/`` for ``document``."""
    return DisplayText(document).text


# ----- the XML ---------------------------------------------------------------------------


def extension_of(project: ExProject, codings: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    """What the standard has no place for, as the ``qualcode`` Note's JSON (``codings``: the
    per-coding entries gathered while the codings streamed, else from ``project.codings``)."""
    book = project.codebook
    rules: dict[str, list[Rule]] = {}
    for rule in book.rules if book else ():
        rules.setdefault(rule.category, []).append(rule)
    return {
        "format": EXTENSION_FORMAT,
        "codebook": None
        if book is None
        else {
            "title": book.title,
            "version": book.version,
            "language": book.language,
            "description": book.description,
            "source": book.source,
        },
        "categories": {
            project.category_guids[c.code]: {
                "code": c.code,
                "origin": c.origin,
                "status": c.status,
                **({"autocode": rule_rows(rules[c.code])} if c.code in rules else {}),
            }
            for c in (book.categories if book else ())
        },
        "versions": [
            {
                "label": v.label,
                "created": _stamp(v.created),
                "created_by": v.created_by,
                "reason": v.reason,
                "frozen": _stamp(v.frozen),
                "coded_share": v.coded_share,
            }
            for v in project.versions
        ],
        "documents": {
            d.guid: {
                "source_name": d.source_name,
                "sha256": d.sha256,
                "format": d.format,
                "imported_by": d.imported_by,
                "imported_at": _stamp(d.imported_at),
                "turns": [[t.speaker, t.start, t.end] for t in d.turns],
            }
            for d in project.documents
        },
        "codings": codings
        if codings is not None
        else {c.guid: _coding_extra(c) for c in project.codings},
        "audit": project.audit,
        **({"proposals": _proposals(project)} if project.proposals else {}),
    }


def _proposals(project: ExProject) -> list[dict[str, Any]]:
    """The autocoding proposals, their documents and codes by GUID, their offsets in the
    document's qualcode text (not the display text: they are qualcode's own, read back only
    by qualcode, which rebuilds that text exactly)."""
    documents = {d.name: d.guid for d in project.documents}
    return [
        {
            "guid": p.guid,
            "source": documents[p.document],
            "code": project.category_guids[p.category],
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "rule": p.rule,
            "status": p.status,
            "pass": p.coding_pass,
            "created_by": p.created_by,
            "created": _stamp(p.created_at),
            "decided_by": p.decided_by or None,
            "decided": _stamp(p.decided_at),
            "coding": p.coding or None,
        }
        for p in project.proposals
        if p.document in documents and p.category in project.category_guids
    ]


def _coding_extra(coding: ExCoding) -> list[Any]:
    return [coding.coding_pass, coding.codebook_version, _stamp(coding.updated)]


def project_xml(
    project: ExProject, *, now: datetime | None = None, positions: str = "code-points"
) -> tuple[bytes, list[str], str]:
    """``project.qde``, each source's display text (in the order of ``project.documents``) and
    the ``qualcode`` note's JSON (see :func:`write_project`)."""
    stream = io.BytesIO()
    texts, extension = write_project(stream, project, now=now, positions=positions)
    return stream.getvalue(), texts, extension


_INDENT = "  "


def write_project(
    stream: IO[bytes],
    project: ExProject,
    *,
    now: datetime | None = None,
    positions: str = "code-points",
) -> tuple[list[str], str]:
    """Write ``project.qde`` to ``stream`` as it goes (lxml's incremental writer), and return
    each source's display text and the ``qualcode`` note's JSON.

    Only one source's selections are ever held as elements: the codings come one document at
    a time (from ``project.codings_of`` where the project streams them from the database),
    are written, and are let go; what stays until the end is each coding's small entry in
    the extension and the memos, which the Notes after the Sources need. The indentation is
    written by hand, as ``pretty_print`` would have made it over the whole tree, so that the
    file is the same byte for byte as one serialised whole.

    ``positions``: ``code-points`` (the standard) or ``utf-16`` (UTF-16 code units, for a
    program that counts a character outside the Basic Multilingual Plane as two).
    """
    from lxml import etree  # type: ignore[import-untyped]

    now = now or datetime.now(UTC)
    users = {c.name: c.guid for c in project.coders}
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    texts: list[str] = []
    extras: dict[str, list[Any]] = {}
    notes: list[tuple[str, str, str]] = []  # guid, name, text
    by_document: dict[str, list[ExCoding]] = {}
    if project.codings_of is None:
        for coding in project.codings:
            by_document.setdefault(coding.document, []).append(coding)

    def put(xf: Any, node: Any, level: int = 1) -> None:
        """A finished element one level down (unqualified: it takes the default namespace)."""
        etree.indent(node, space=_INDENT, level=level)
        xf.write("\n" + _INDENT * level)
        xf.write(node)

    with etree.xmlfile(stream, encoding="UTF-8") as xf:
        xf.write_declaration()
        attributes = {
            "name": xml_safe(project.name),
            "origin": ORIGIN,
            "creationDateTime": _stamp(now) or "",
            "modifiedDateTime": _stamp(now) or "",
            f"{{{xsi}}}schemaLocation": f"{PROJECT_NS} Project.xsd",
        }
        with xf.element(
            f"{{{PROJECT_NS}}}Project", attributes, nsmap={None: PROJECT_NS, "xsi": xsi}
        ):
            if project.coders:
                node = etree.Element("Users")
                for coder in sorted(project.coders, key=lambda c: c.name):
                    etree.SubElement(node, "User", guid=coder.guid, name=xml_safe(coder.name))
                put(xf, node)
            if project.codebook is not None and len(project.codebook):
                book = etree.Element("CodeBook")
                _codes(etree, etree.SubElement(book, "Codes"), "", project.codebook, project)
                put(xf, book)
            for node in _variables_and_cases(etree, "", project):
                put(xf, node)
            if project.documents:
                xf.write("\n" + _INDENT)
                with xf.element(f"{{{PROJECT_NS}}}Sources"):
                    for document in project.documents:
                        shown = DisplayText(document, utf16=positions == "utf-16")
                        texts.append(shown.text)
                        codings = (
                            project.codings_of(document)
                            if project.codings_of is not None
                            else by_document.get(document.name, [])
                        )
                        put(
                            xf,
                            _source(etree, document, codings, shown, users, notes, extras, project),
                            2,
                        )
                    xf.write("\n" + _INDENT)
            extension_guid = project.guid
            node = etree.Element("Notes")
            for guid, name, text in [(n.guid, n.name, n.text) for n in project.notes] + notes:
                note = etree.SubElement(node, "Note", guid=guid, name=xml_safe(name))
                etree.SubElement(note, "PlainTextContent").text = xml_safe(text)
            # The extension is a file of its own: on a large project it outgrows what an XML
            # parser takes in one text node (10 MB for libxml2 without its "huge" option).
            etree.SubElement(
                node,
                "Note",
                guid=extension_guid,
                name=EXTENSION_NAME,
                plainTextPath=f"internal://{EXTENSION_FILE}",
            )
            put(xf, node)
            sets = _sets(etree, project)
            if sets is not None:
                put(xf, sets)
            for note in project.notes:
                put(xf, etree.Element("NoteRef", targetGUID=note.guid))
            put(xf, etree.Element("NoteRef", targetGUID=extension_guid))
            xf.write("\n")
    stream.write(b"\n")
    gathered = extras if project.codings_of is not None else None
    extension = json.dumps(extension_of(project, gathered), ensure_ascii=False, sort_keys=True)
    return texts, extension


def _source(
    etree: Any,
    document: ExDocument,
    codings: Iterable[ExCoding],
    shown: DisplayText,
    users: dict[str, str],
    notes: list[tuple[str, str, str]],
    extras: dict[str, list[Any]],
    project: ExProject,
) -> Any:
    """One TextSource with its selections and its memo's NoteRef."""
    node = etree.Element("TextSource", guid=document.guid)
    node.set("name", xml_safe(document.name))
    node.set("plainTextPath", f"internal://{source_file(document)}")
    if document.imported_by in users:
        node.set("creatingUser", users[document.imported_by])
    if document.imported_at is not None:
        node.set("creationDateTime", _stamp(document.imported_at) or "")
    _selections(etree, node, codings, shown, users, notes, extras, project.category_guids)
    if document.memo:
        etree.SubElement(node, "NoteRef", targetGUID=document.memo_guid)
        notes.append((document.memo_guid, f"Memo: {document.name}", document.memo))
    return node


def source_file(document: ExDocument) -> str:
    """A source's file name inside the archive: its GUID, as the other programs name them."""
    return f"{document.guid}.txt"


def _codes(etree: Any, parent: Any, q: str, book: Codebook, project: ExProject) -> None:
    def add(into: Any, category: Category) -> None:
        node = etree.SubElement(into, q + "Code")
        node.set("guid", project.category_guids[category.code])
        node.set("name", xml_safe(category.name))
        node.set("isCodable", "true" if category.status != "retired" else "false")
        colour = category.colour
        if colour:
            node.set("color", colour.upper())
        description = describe_category(category)
        if description:
            etree.SubElement(node, q + "Description").text = xml_safe(description)
        for child in book.children(category.code):
            add(node, child)

    for main in book.main_categories:
        add(parent, main)


def _variables_and_cases(etree: Any, q: str, project: ExProject) -> list[Any]:
    keys = sorted({k for d in project.documents for k in d.attributes})
    if not keys:
        return []
    variable_guid = {k: _guid(project, "variable", k) for k in keys}
    variables = etree.Element(q + "Variables")
    for key in keys:
        etree.SubElement(
            variables,
            q + "Variable",
            guid=variable_guid[key],
            name=xml_safe(key),
            typeOfVariable="Text",
        )
    cases = etree.Element(q + "Cases")
    for document in project.documents:
        if not document.attributes:
            continue
        case = etree.SubElement(
            cases,
            q + "Case",
            guid=_guid(project, "case", document.guid),
            name=xml_safe(document.name),
        )
        for key in sorted(document.attributes):
            value = etree.SubElement(case, q + "VariableValue")
            etree.SubElement(value, q + "VariableRef", targetGUID=variable_guid[key])
            etree.SubElement(value, q + "TextValue").text = xml_safe(document.attributes[key])
        etree.SubElement(case, q + "SourceRef", targetGUID=document.guid)
    return [variables, cases]


def _sets(etree: Any, project: ExProject) -> Any:
    """The sets of documents and of categories, with the GUIDs they came with (or None)."""
    if not project.sets:
        return None
    documents = {d.name: d.guid for d in project.documents}
    node = etree.Element("Sets")
    for found in project.sets:
        item = etree.SubElement(node, "Set", guid=found.guid, name=xml_safe(found.name))
        if found.description:
            etree.SubElement(item, "Description").text = xml_safe(found.description)
        for code in found.categories:
            if code in project.category_guids:
                etree.SubElement(item, "MemberCode", targetGUID=project.category_guids[code])
        for name in found.documents:
            if name in documents:
                etree.SubElement(item, "MemberSource", targetGUID=documents[name])
    return node


def _guid(project: ExProject, kind: str, key: str) -> str:
    from qualcode.domain.exchange import derived_guid

    return derived_guid(project.guid, kind, key)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters)."""
    return _NOT_XML.sub("", text) if not text.isprintable() else text


def _attribute(text: str) -> str:
    return quoteattr(xml_safe(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _selections(
    etree: Any,
    source: Any,
    codings: Iterable[ExCoding],
    shown: DisplayText,
    users: dict[str, str],
    notes: list[tuple[str, str, str]],
    extras: dict[str, list[Any]],
    category_guids: dict[str, str],
) -> None:
    """A source's coded passages as PlainTextSelection elements, each with one Coding.

    Written as text and parsed once per source rather than built an attribute at a time; every
    value that comes from people goes through :func:`xml_safe` and is quoted.
    """
    parts = ["<w>"]
    for coding in codings:
        extras[coding.guid] = _coding_extra(coding)
        user = users.get(coding.coder)
        who = f' creatingUser="{user}"' if user else ""
        stamp = _stamp(coding.created)
        when = f' creationDateTime="{stamp}"' if stamp else ""
        parts.append(
            f'<PlainTextSelection guid="{coding.selection_guid or coding.guid}" '
            f"name={_attribute(coding.text[:100])} "
            f'startPosition="{shown.start(coding.start)}" endPosition="{shown.end(coding.end)}"'
            f'{who}{when}><Coding guid="{coding.guid}"{who}{when}>'
            f'<CodeRef targetGUID="{category_guids[coding.category]}"/></Coding>'
        )
        if coding.memo:
            parts.append(f'<NoteRef targetGUID="{coding.memo_guid}"/>')
            notes.append((coding.memo_guid, f"Memo: {coding.text[:60]}", coding.memo))
        parts.append("</PlainTextSelection>")
    parts.append("</w>")
    source.extend(etree.fromstring("".join(parts).encode()))


def codebook_xml(project: ExProject) -> bytes:
    """The codebook alone, as a ``.qdc`` file (QDA-XML Codebook 1.0)."""
    from lxml import etree

    q = f"{{{CODEBOOK_NS}}}"
    root = etree.Element(q + "CodeBook", nsmap={None: CODEBOOK_NS})
    root.set("origin", ORIGIN)
    codes = etree.SubElement(root, q + "Codes")
    if project.codebook is not None:
        _codes(etree, codes, q, project.codebook, project)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# ----- the files -------------------------------------------------------------------------


def write_qdpx(
    project: ExProject,
    target: Path | Destination | IO[bytes],
    *,
    now: datetime | None = None,
    positions: str = "code-points",
) -> None:
    """The project as a ``.qdpx`` archive at ``target`` (a path or a binary stream), its
    ``project.qde`` streamed into the archive as it is written (:func:`write_project`)."""
    if isinstance(target, Path | Destination):
        with output.replacing(target) as temp, temp.open("wb") as stream:
            _archive(project, stream, now=now, positions=positions)
    else:
        _archive(project, target, now=now, positions=positions)


def _archive(
    project: ExProject, stream: IO[bytes], *, now: datetime | None, positions: str
) -> None:
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(_member("project.qde"), "w") as qde:
            texts, extension = write_project(qde, project, now=now, positions=positions)
        for document, text in zip(project.documents, texts, strict=True):
            archive.writestr(
                _member(f"sources/{source_file(document)}"), text.encode(), compresslevel=1
            )
        archive.writestr(_member(f"sources/{EXTENSION_FILE}"), extension.encode(), compresslevel=1)


def write_qdc(project: ExProject, target: Path | Destination | IO[bytes]) -> None:
    """The codebook as a ``.qdc`` file at ``target``."""
    _put(codebook_xml(project), target)


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # the same bytes every time
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 1  # type: ignore[attr-defined]  # what writestr(compresslevel=1) sets
    return info


def _put(data: bytes, target: Path | Destination | IO[bytes]) -> None:
    """The finished bytes to a stream, or to a file through the safe output (temp + rename)."""
    if isinstance(target, Path | Destination):
        output.write_bytes(data, target)
    else:
        target.write(data)
